#!/usr/bin/env bash
# Runs the GPU proof kit on a machine with an NVIDIA GPU and PyTorch for Python (no JDK, no network needed):
#   1. builds DJL's PyTorch JNI (build-jni.sh) against that PyTorch's libtorch;
#   2. runs the transformer's fixture parity tests on CUDA (fp32 against PyTorch's reference logits, fp16
#      within 0.05, batches and the KV cache) with the kit's JUnit console;
#   3. runs bench generate --device cuda --dtype fp16 for N=1, 4, 8 on a random model of the Index-1.9B
#      shape (bf16 on disk, made here), with the same forward pass in PyTorch eager (Python) side by side,
#      and prints one table.
#
#   ./run.sh [--python PYTHON] [--work DIR] [--skip-bench | --bench-only] [--decode-steps N] [--device cuda|cpu]
#
# --device cpu is a dry run of the same steps on a machine without a GPU (fp32, and a small bench model).
# Figures and logs go to $OUT when it is set (the workplace's device tool), else to the work folder.
# KIT_JAVA_OPTS adds Java options (e.g. -Dcharacterstudio.fuseQkv=false to measure without the fused layout).
set -uo pipefail
kit="$(cd "$(dirname "$0")" && pwd)"
python="${PYTHON:-python3}"
work="${TMPDIR:-/tmp}/gpu-kit-work"
skip_bench=0
skip_tests=0
python_comparison=1
decode_steps=32
device=cuda
while [ $# -gt 0 ]; do
  case "$1" in
    --python) python="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --skip-bench) skip_bench=1; shift ;;
    --bench-only) skip_tests=1; python_comparison=0; shift ;;
    --decode-steps) decode_steps="$2"; shift 2 ;;
    --device) device="$2"; shift 2 ;;
    *) echo "run.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
results="${OUT:-$work}"
mkdir -p "$work" "$results"
started=$(date +%s)
phase() { printf '\n== [%4ds] %s\n' "$(( $(date +%s) - started ))" "$*"; }

phase "the machine"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1 | head -2
nproc
eval "$("$python" - <<'EOF'
import os, re, torch
d = os.path.dirname(torch.__file__)
version = re.match(r"\d+\.\d+\.\d+", torch.__version__).group(0)
cuda = torch.version.cuda or ""
flavor = "cu" + cuda.replace(".", "") if cuda else "cpu"
std = "c++17"
cfg = os.path.join(d, "share/cmake/Torch/TorchConfig.cmake")
text = open(cfg).read() if os.path.exists(cfg) else ""
m = re.search(r"cxx_std_(\d+)", text)
if m and int(m.group(1)) > 17:
    std = "c++" + m.group(1)
print(f"torch_dir={d}; torch_version={version}; torch_full={torch.__version__}; flavor={flavor}; "
      f"abi={int(torch._C._GLIBCXX_USE_CXX11_ABI)}; std={std}; gpus={torch.cuda.device_count()}")
EOF
)" || { echo "run.sh: $python cannot import torch"; exit 1; }
# A libtorch whose headers refuse anything older than C++20 says so in c10's guard.
if grep -rqs "__cplusplus < 202002L" "$torch_dir/include/c10/util" "$torch_dir/include/c10/macros"; then
  std="c++20"
fi
echo "PyTorch $torch_full at $torch_dir (flavor $flavor, C++ ABI $abi, $std), GPUs seen by Python: $gpus"
g++ --version | head -1

phase "building DJL $(cat "$kit/djl-jni/DJL_VERSION")'s PyTorch JNI against it"
lib_dir="$torch_dir/lib"
if ! touch "$lib_dir/.kit-writable" 2>/dev/null; then
  # DJL looks for libdjl_torch.so beside libtorch: a folder of links stands in for a read-only one.
  lib_dir="$work/libtorch"
  mkdir -p "$lib_dir"
  ln -sf "$torch_dir"/lib/* "$lib_dir/"
fi
rm -f "$lib_dir/.kit-writable"
# DJL's build.sh compiles the glue for these releases with V1_13_X.
defines=()
case "$torch_version" in 1.13.*|2.0.1|2.1.*) defines=(--define V1_13_X) ;; esac
if ! JNI_LOG_DIR="$results" timeout 180 "$kit/build-jni.sh" "${defines[@]}" --include "$torch_dir/include" --include "$torch_dir/include/torch/csrc/api/include" \
     --lib "$torch_dir/lib" --out "$lib_dir/libdjl_torch.so" --std "$std" --abi "$abi" 2>&1 | tee "$results/jni-build.log"; then
  echo "run.sh: the JNI did not build against PyTorch $torch_full: see jni-build.log"
  exit 1
fi
[ -f "$lib_dir/libdjl_torch.so" ] || { echo "run.sh: no libdjl_torch.so"; exit 1; }

export PYTORCH_LIBRARY_PATH="$lib_dir" PYTORCH_VERSION="$torch_version" PYTORCH_FLAVOR="$flavor"
export ENGINE_CACHE_DIR="$work/djl-cache" DJL_OFFLINE=true OPT_OUT_TRACKING=true HOME="${HOME:-$work}"
# DJL counts GPUs through the CUDA runtime, loaded with JNA by the name "cudart": point JNA at the one that
# came with PyTorch (pip's nvidia packages), else at the toolkit's.
cudart_dir="$("$python" - <<'EOF'
import glob, os, torch
site = os.path.dirname(os.path.dirname(torch.__file__))
found = []
for pattern in (site + "/nvidia/**/libcudart.so*", "/usr/local/cuda*/lib64/libcudart.so*",
                "/usr/local/cuda*/targets/*/lib/libcudart.so*"):
    found += sorted(glob.glob(pattern, recursive=True))
print(os.path.dirname(found[0]) if found else "")
EOF
)"
echo "CUDA runtime for DJL's GPU count: ${cudart_dir:-none found}"
java="$kit/runtime/bin/java"
jvm=(-XX:+IgnoreUnrecognizedVMOptions --enable-native-access=ALL-UNNAMED -Dai.djl.offline=true
     -DOPT_OUT_TRACKING=true -Xmx8g -Djna.library.path="$cudart_dir" ${KIT_JAVA_OPTS:-})
[ -n "$cudart_dir" ] && export LD_LIBRARY_PATH="$cudart_dir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
# Every jar by name: the JUnit console does not expand a class-path wildcard as java does.
classpath="$kit/app/character-studio.jar$(printf ':%s' "$kit"/app/lib/*.jar)"

if [ "$skip_tests" -eq 0 ]; then
phase "fixture parity tests on CUDA"
timeout 120 "$java" "${jvm[@]}" -Dcharacterstudio.test.device="$device" -jar "$kit/tests/junit-console.jar" execute \
  --class-path "$kit/tests/classes:$classpath" --disable-banner --details=tree \
  --select-class app.characterstudio.model.run.ReferenceLogitsTest \
  --select-class app.characterstudio.model.run.IndexTransformerTest \
  --select-class app.characterstudio.model.run.GeneratorTest \
  --select-class app.characterstudio.model.run.PromptCacheTest 2>&1 | tee "$results/junit.log" | grep -vE "^\s*$" | tail -60
fi

if [ "$skip_bench" -eq 0 ]; then
  if [ "$device" = cuda ]; then
    shape=(--keep "$work/index-1.9b-bf16" --dtype fp16 --long-prompt 2000 --rounds 3)
    [ "$python_comparison" -eq 1 ] && shape+=(--python "$kit/bin/python_eager_generate.py" --python-exe "$python")
  else
    shape=(--keep "$work/index-small-bf16" --layers 4 --hidden 512 --intermediate 1024 --dtype fp32
           --long-prompt 256 --rounds 1 --copy-mib 256)
  fi
  phase "bench generate on the Index-1.9B shape (bf16 on disk), $device, N=1,4,8"
  timeout 240 "$java" "${jvm[@]}" -cp "$classpath" app.characterstudio.Launcher bench generate \
    --disk-dtype bf16 --device "$device" "${shape[@]}" --batch 1,4,8 \
    --decode-steps "$decode_steps" --json > "$results/bench.json" 2> "$results/bench.log"
  echo "bench exit $?"; tail -5 "$results/bench.log"
  if [ "$device" = cuda ]; then
    # each decoder layer as one TorchScript call (PlainLayers): the same model, measured right after
    phase "bench generate again with -Dcharacterstudio.fusedLayers=true (one call per layer)"
    timeout 180 "$java" "${jvm[@]}" -Dcharacterstudio.fusedLayers=true -cp "$classpath" app.characterstudio.Launcher \
      bench generate --disk-dtype bf16 --device "$device" --keep "$work/index-1.9b-bf16" --dtype fp16 \
      --long-prompt 2000 --rounds 3 --batch 1,4,8 --decode-steps "$decode_steps" \
      --json > "$results/bench-fused.json" 2> "$results/bench-fused.log"
    echo "bench (fused layers) exit $?"; grep -E "^N=|time to first token \(" "$results/bench-fused.log" | tail -6
  fi
fi

phase "summary"
"$python" "$kit/bin/summarize.py" "$results/bench.json" "$( [ "$skip_tests" -eq 0 ] && echo "$results/junit.log" )" \
  | tee "$results/summary.md"
