#!/usr/bin/env bash
# Builds DJL's PyTorch JNI library (libdjl_torch.so) of the kit against an installed libtorch, with the
# compiler alone: the kit's djl-jni/ holds DJL's C++ glue, the header javac wrote for PyTorchLibrary and
# the JNI headers, so neither a JDK nor CMake is needed.
#
#   build-jni.sh --include DIR [--include DIR...] --lib DIR --out FILE [--std c++17] [--abi 0|1] [--define NAME]
#
# With JNI_LOG_DIR set, every compiler message is kept there in jni-compiler.log.
# For PyTorch from pip: --include $TORCH/include --include $TORCH/include/torch/csrc/api/include --lib $TORCH/lib.
# The CUDA-only parts of the glue (a separate stream for TorchScript modules, emptyCache) are left out:
# CUDA tensors work through libtorch_cuda, which DJL loads beside libtorch when PYTORCH_FLAVOR is cu*.
set -euo pipefail
kit="$(cd "$(dirname "$0")" && pwd)"
includes=()
lib=""
out=""
std="c++17"
abi="1"
defines=()
while [ $# -gt 0 ]; do
  case "$1" in
    --include) includes+=("-I$2"); shift 2 ;;
    --lib) lib="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --std) std="$2"; shift 2 ;;
    --abi) abi="$2"; shift 2 ;;
    --define) defines+=("-D$2"); shift 2 ;;
    *) echo "build-jni.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
if [ ${#includes[@]} -eq 0 ] || [ -z "$lib" ] || [ -z "$out" ]; then
  echo "build-jni.sh: --include, --lib and --out are required" >&2
  exit 2
fi

src="$kit/djl-jni/src"
objects="$(mktemp -d)"
trap 'rm -rf "$objects"' EXIT
flags=(-O2 -fPIC -std="$std" -D_GLIBCXX_USE_CXX11_ABI="$abi" -DNDEBUG -w "${defines[@]}"
       -I"$kit/djl-jni/src" -I"$kit/djl-jni/include" -I"$kit/djl-jni/include/linux" "${includes[@]}")
export objects
compile() {
  local name
  name="$(basename "$1" .cc)"
  if g++ "${flags[@]}" -c "$1" -o "$objects/$name.o" 2> "$objects/$name.log"; then
    return
  fi
  # A file a newer libtorch rejects may have a compatibility copy (pack.sh applies patches/ to make it).
  if [ -f "$kit/djl-jni/compat/$name.cc" ] && g++ "${flags[@]}" -DDJL_KIT_NO_LEGACY_PROFILER \
       -c "$kit/djl-jni/compat/$name.cc" -o "$objects/$name.o" 2> "$objects/$name.compat.log"; then
    echo "$name.cc: built from its compatibility copy (djl-jni/compat); the original's first errors:"
    grep -m 5 "error" "$objects/$name.log"
    return
  fi
  echo "FAILED $name" >> "$objects/failures"
}
jobs="$(nproc)"
for file in "$src"/*.cc; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done
  compile "$file" &
done
wait
if [ -n "${JNI_LOG_DIR:-}" ]; then
  cat "$objects"/*.log > "$JNI_LOG_DIR/jni-compiler.log" 2>/dev/null || true
fi
if [ -f "$objects/failures" ]; then
  while read -r _ name; do
    echo "--- $name.cc: the first errors"
    grep -m 12 -E "error|required from" "$objects/$name.log" || head -c 3000 "$objects/$name.log"
  done < "$objects/failures"
  echo "build-jni.sh: $(wc -l < "$objects/failures") of $(ls "$src"/*.cc | wc -l) files did not compile" >&2
  exit 1
fi
g++ -shared -o "$out" "$objects"/*.o -L"$lib" -Wl,-rpath,"$lib" -ltorch -ltorch_cpu -lc10
echo "built $out ($(du -k "$out" | cut -f1) KiB)"
