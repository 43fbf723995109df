#!/usr/bin/env bash
# Packs the GPU proof kit: a folder of at most 60 MiB that runs the studio's transformer on an NVIDIA GPU
# of a machine that has a CUDA build of PyTorch (for Python) and a C++ compiler, but no JDK, no Maven and
# no network. See README.md beside this file.
#
#   src/test/bench/gpu-kit/pack.sh --djl-source DJL_GIT_DIR [--out DIR]
#
# DJL_GIT_DIR is a clone of github.com/deepjavalibrary/djl (a bare one will do): the kit takes the
# PyTorch JNI glue of the tag v$DJL_VERSION from it, the newest DJL that Maven Central serves.
# Needs here: JDK 17 with jmods (jlink), Maven with the project's dependencies reachable, git, patch, zip.
set -euo pipefail

DJL_VERSION=0.36.0
JUNIT_CONSOLE_VERSION=1.14.1 # the JUnit Platform of junit-jupiter 5.14.1 (pom.xml)
LIMIT_MIB=60

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../../.." && pwd)"
out="$repo/target/gpu-kit"
djl_source="${DJL_SOURCE:-}"
while [ $# -gt 0 ]; do
  case "$1" in
    --djl-source) djl_source="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n 2,10p "$0"; exit 0 ;;
    *) echo "pack.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
if [ -z "$djl_source" ]; then
  echo "pack.sh: --djl-source DIR is required (a git clone of github.com/deepjavalibrary/djl)" >&2
  exit 2
fi
git_dir="$djl_source"
[ -d "$djl_source/.git" ] && git_dir="$djl_source/.git"
if ! git --git-dir "$git_dir" rev-parse -q --verify "v$DJL_VERSION^{commit}" >/dev/null; then
  echo "pack.sh: $djl_source has no tag v$DJL_VERSION (git fetch --tags in that clone)" >&2
  exit 2
fi

step() { printf '\n== %s\n' "$*"; }
mvn_quiet() { (cd "$repo" && mvn -B -q "$@"); }

step "building the studio jar and the test classes"
mvn_quiet -DskipTests package

rm -rf "$out"
mkdir -p "$out"/{app/lib,tests,djl-jni/include/linux,bin}
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

step "the studio's jars, without PyTorch's natives, with DJL $DJL_VERSION's api and engine"
cp "$repo/target/character-studio.jar" "$out/app/"
for jar in "$repo"/target/lib/*.jar; do
  name="$(basename "$jar")"
  case "$name" in
    # PyTorch comes from the GPU machine; DJL's api and engine are replaced below; the window and script
    # search (JavaFX, Lucene) are not run by the kit.
    pytorch-native-*|pytorch-jni-*|api-*|pytorch-engine-*|javafx-*|atlantafx-*|lucene-*) continue ;;
    sqlite-jdbc-*)
      # Keep only the Linux x86-64 native of the JDBC driver (the jar carries every platform's).
      mkdir -p "$work/sqlite" && (cd "$work/sqlite" && unzip -q "$jar" \
        && find org/sqlite/native -mindepth 1 -maxdepth 1 ! -name Linux -exec rm -rf {} + \
        && find org/sqlite/native/Linux -mindepth 1 -maxdepth 1 ! -name x86_64 -exec rm -rf {} + \
        && zip -q -r -9 "$out/app/lib/$name" .)
      continue ;;
  esac
  cp "$jar" "$out/app/lib/"
done
for artifact in "ai.djl:api:$DJL_VERSION" "ai.djl.pytorch:pytorch-engine:$DJL_VERSION" \
                "org.junit.platform:junit-platform-console-standalone:$JUNIT_CONSOLE_VERSION"; do
  mvn_quiet dependency:copy -Dartifact="$artifact" -DoutputDirectory="$work/maven"
done
cp "$work"/maven/api-*.jar "$work"/maven/pytorch-engine-*.jar "$out/app/lib/"
cp "$work"/maven/junit-platform-console-standalone-*.jar "$out/tests/junit-console.jar"
# A folder, not a jar: the tests open their fixture models as files.
cp -r "$repo/target/test-classes" "$out/tests/classes"

step "a trimmed Java runtime (jlink)"
# What the command line, the transformer and the JUnit console load; jdeps also names java.desktop (image
# I/O of PNG cards, optional Jackson and JNA paths) and JavaFX's modules, which the kit never runs.
modules="java.base,java.logging,java.management,java.sql,java.xml,java.naming,jdk.unsupported,jdk.zipfs"
jlink --add-modules "$modules" --strip-debug --no-man-pages --no-header-files --compress=2 \
  --output "$out/runtime"
strip --strip-unneeded "$out/runtime/lib/server/libjvm.so"

step "DJL $DJL_VERSION's PyTorch JNI source and the JNI headers to build it"
git --git-dir "$git_dir" archive "v$DJL_VERSION" engines/pytorch/pytorch-native/src/main/native \
  engines/pytorch/pytorch-native/CMakeLists.txt api/src/main/native/djl engines/pytorch/pytorch-engine/src/main/java \
  | tar -x -C "$work"
cp -r "$work/engines/pytorch/pytorch-native/src/main/native" "$out/djl-jni/src"
cp "$work/engines/pytorch/pytorch-native/CMakeLists.txt" "$out/djl-jni/CMakeLists.txt.djl"
cp -r "$work/api/src/main/native/djl" "$out/djl-jni/include/djl"
# The JNI header javac writes for PyTorchLibrary (DJL's build.sh does the same with javac -h).
javac -h "$out/djl-jni/include" -d "$work/classes" -cp "$out/app/lib/*" \
  -sourcepath "$work/engines/pytorch/pytorch-engine/src/main/java" \
  "$work/engines/pytorch/pytorch-engine/src/main/java/ai/djl/pytorch/jni/PyTorchLibrary.java"
java_home="$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"
cp "$java_home/include/jni.h" "$out/djl-jni/include/"
cp "$java_home/include/linux/jni_md.h" "$out/djl-jni/include/linux/"
git --git-dir "$git_dir" rev-parse "v$DJL_VERSION^{commit}" > "$out/djl-jni/DJL_COMMIT"
echo "$DJL_VERSION" > "$out/djl-jni/DJL_VERSION"
# Compatibility copies of files that a newer libtorch may not compile (patches/), built only if the original fails.
mkdir -p "$out/djl-jni/compat"
for patch_file in "$here"/patches/*.patch; do
  target="$(sed -n 's|^+++ b/\([^[:space:]]*\).*|\1|p' "$patch_file" | head -1)"
  cp "$out/djl-jni/src/$target" "$out/djl-jni/compat/"
  patch -s -p1 -d "$out/djl-jni/compat" < "$patch_file"
done

step "the scripts"
cp "$here/run.sh" "$here/build-jni.sh" "$out/"
cp "$here/summarize.py" "$here/../python_eager_generate.py" "$out/bin/"
chmod +x "$out"/*.sh

size_kib="$(du -sk "$out" | cut -f1)"
printf '\nkit: %s, %.1f MiB (limit %d MiB)\n' "$out" "$(echo "$size_kib / 1024" | bc -l)" "$LIMIT_MIB"
du -sk "$out"/* | sort -n | awk '{printf "  %6.1f MiB  %s\n", $1 / 1024, $2}'
if [ "$size_kib" -gt $((LIMIT_MIB * 1024)) ]; then
  echo "pack.sh: the kit is over $LIMIT_MIB MiB" >&2
  exit 1
fi
