#!/usr/bin/env python3
"""Cold start to "I'm listening": starts the real `voice-companion --hands-free` in the audio
rig and times, from launch, when the language model was ready and when the greeting that
invites speech was spoken (that greeting now comes only after the model is loaded and warm).

    PYTHONPATH=. .venv/bin/python scripts/measure_cold_start.py [--gguf smollm2-135m]"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from audio_rig import AudioRig  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gguf", default="smollm2-135m", help="the embedded model to load (the tiny one by default)")
    args = ap.parse_args()
    scratch = tempfile.mkdtemp(prefix="cold-start-")
    env = {**os.environ, "VOICE_COMPANION_CONFIG_DIR": scratch + "/config", "VOICE_COMPANION_DATA_DIR": scratch + "/data"}
    rig = AudioRig().start()
    env.update(rig.env)
    try:
        started = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, "-c", "import sys; from voice_companion.app.cli import main; sys.exit(main())", "--hands-free", "--debug", "--set", "llm.backend=embedded",
             "--set", f"llm.gguf={args.gguf}"],
            env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )
        marks: dict[str, float] = {}
        for line in proc.stderr:
            t = time.monotonic() - started
            if line.startswith("LLM:") and "llm" not in marks:
                marks["llm"] = t
            if "companion: I'm here" in line:
                marks["greeting"] = t
                break
        proc.terminate()
        proc.wait(timeout=10)
        print(f"cold start: model chosen at {marks.get('llm', float('nan')):.1f} s, "
              f"\"I'm here. Tell me what you need\" (listening) at {marks.get('greeting', float('nan')):.1f} s")
    finally:
        rig.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
