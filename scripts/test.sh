#!/usr/bin/env bash
# Sets up everything the tests need (see setup.sh) and runs the whole test suite on the real
# models, real WAV audio, real llama.cpp and a real (virtual) PulseAudio device.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
export OMP_WAIT_POLICY=PASSIVE
# Lint first: a quick, clear failure beats a slow one (settings in pyproject.toml).
.venv/bin/ruff check voice_companion tests scripts
exec .venv/bin/python -m pytest -ra "$@"
