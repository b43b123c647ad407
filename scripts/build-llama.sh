#!/usr/bin/env bash
# Builds llama-cpp-python for the kind of processor this computer has, and installs it into the
# given Python environment. Never with -march=native:
#  - llama.cpp's native build turns on the AMX kernels on Intel Xeon 4th gen and newer, and those
#    crash (segfault in ggml_backend_amx_mul_mat) with llama-cpp-python 0.3.36;
#  - a native wheel copied to (or cached for) another CPU dies there with "illegal instruction".
# Instead this picks one of a few named instruction-set levels from /proc/cpuinfo, builds for that
# level with AMX off, and keeps the wheel in a cache folder named after the level, so a wheel is
# only ever reused on a CPU of the same level. The companion checks again at run time
# (voice_companion/llm/worker.py) and refuses a build that needs what the CPU lacks.
#
#   scripts/build-llama.sh PYTHON          build (or reuse) and install into PYTHON's environment
#   scripts/build-llama.sh --level         print the level this CPU gets, and its CMake flags
set -euo pipefail

VERSION=0.3.36
OFF_ALWAYS="-DGGML_NATIVE=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF -DGGML_BACKEND_DL=OFF"

has() { grep -qwm1 -- "$1" <<<"$FLAGS"; }

# VOICE_COMPANION_CPUINFO and VOICE_COMPANION_ARCH let the tests ask what another CPU would get.
FLAGS=$(grep -m1 -E '^(flags|Features)[[:space:]]*:' "${VOICE_COMPANION_CPUINFO:-/proc/cpuinfo}" 2>/dev/null | cut -d: -f2- || true)
ARCH=${VOICE_COMPANION_ARCH:-$(uname -m)}
case "$ARCH" in
  x86_64|amd64)
    # AVX-512 (without AMX) where the CPU has all of it: measured on a Xeon, it reads the system
    # prompt 1.5x faster than AVX2 (3.0 s vs 4.5 s); generation speed is the same. Everything else
    # with AVX2 gets the AVX2 build, which runs on every x86-64 CPU since about 2015.
    if has avx512f && has avx512cd && has avx512vl && has avx512dq && has avx512bw && has avx512vbmi \
       && has avx512_vnni && has avx512_bf16 && has fma && has f16c && has bmi2; then
      LEVEL=x86-64-v4
      ARGS="-DGGML_SSE42=ON -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON -DGGML_AVX512=ON -DGGML_AVX512_VBMI=ON -DGGML_AVX512_VNNI=ON -DGGML_AVX512_BF16=ON"
    elif has avx2 && has fma && has f16c && has bmi2; then
      LEVEL=x86-64-v3
      ARGS="-DGGML_SSE42=ON -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON -DGGML_AVX512=OFF"
    elif has sse4_2; then
      LEVEL=x86-64-v2
      ARGS="-DGGML_SSE42=ON -DGGML_AVX=OFF -DGGML_AVX2=OFF -DGGML_FMA=OFF -DGGML_F16C=OFF -DGGML_BMI2=OFF -DGGML_AVX512=OFF"
    else
      LEVEL=x86-64
      ARGS="-DGGML_SSE42=OFF -DGGML_AVX=OFF -DGGML_AVX2=OFF -DGGML_FMA=OFF -DGGML_F16C=OFF -DGGML_BMI2=OFF -DGGML_AVX512=OFF"
    fi ;;
  aarch64|arm64)
    # A Raspberry Pi 5 (Cortex-A76) has dot-product and fp16 arithmetic: armv8.2-a+dotprod+fp16.
    if has asimddp && has asimdhp; then
      LEVEL=armv8.2-dotprod-fp16
      ARGS="-DGGML_CPU_ARM_ARCH=armv8.2-a+dotprod+fp16"
    else
      LEVEL=armv8-a
      ARGS="-DGGML_CPU_ARM_ARCH=armv8-a"
    fi ;;
  *)
    LEVEL=generic-$ARCH
    ARGS="" ;;
esac
CMAKE_FLAGS="$OFF_ALWAYS $ARGS"
TAG="llama-cpp-python-$VERSION-$ARCH-$LEVEL"

if [ "${1:-}" = "--level" ]; then
  echo "$LEVEL"
  echo "$CMAKE_FLAGS"
  exit 0
fi

PY=${1:?usage: scripts/build-llama.sh PYTHON}
PREFIX=$("$PY" -c 'import sys; print(sys.prefix)')
MARKER="$PREFIX/voice-companion-llama-build"
if [ "$(cat "$MARKER" 2>/dev/null)" = "$TAG" ] && "$PY" -c 'import llama_cpp' 2>/dev/null; then
  echo "llama-cpp-python $VERSION for $LEVEL is already installed."
  exit 0
fi

CACHE=${VOICE_COMPANION_WHEEL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/voice-companion/wheels}/$TAG
WHEEL=$(ls "$CACHE"/llama_cpp_python-*.whl 2>/dev/null | head -n1 || true)
if [ -z "$WHEEL" ]; then
  echo "Compiling llama-cpp-python $VERSION for $LEVEL (once; 4-13 minutes on 2 cores)"
  mkdir -p "$CACHE"
  # --no-cache-dir: pip's own wheel cache is keyed by package and version only, not by CPU.
  CMAKE_ARGS="$CMAKE_FLAGS" CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)} \
    "$PY" -m pip wheel --disable-pip-version-check -q --no-cache-dir --no-deps --no-binary llama-cpp-python \
    -w "$CACHE" "llama-cpp-python==$VERSION"
  WHEEL=$(ls "$CACHE"/llama_cpp_python-*.whl | head -n1)
else
  echo "Reusing the llama-cpp-python wheel built earlier for $LEVEL ($WHEEL)"
fi
"$PY" -m pip install --disable-pip-version-check -q --no-deps --force-reinstall "$WHEEL"
"$PY" -m pip install --disable-pip-version-check -q "$WHEEL"   # its own dependencies (numpy, jinja2, ...)
echo "$TAG" > "$MARKER"
