#!/usr/bin/env python3
"""Stop-during-breathing through real (virtual) audio devices: N tries at random points of box
breathing, hands-free, with or without the speaker-to-microphone echo.

    PYTHONPATH=. .venv/bin/python scripts/measure_stop.py [--echo] [--tries 20]"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from audio_rig import measuring_rig  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--echo", action="store_true")
    ap.add_argument("--tries", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-cue-judge", action="store_true",
                    help="for comparison: mask every word of a cue, as before the echo judge listened under them")
    args = ap.parse_args()
    with measuring_rig("measure-stop-", echo=args.echo):
        from voice_companion.app.runtime import load_exercises, load_stt, load_tts, make_companion, make_voice_channel
        from voice_companion.app.stop_trials import breathing_only, run_trials, summary
        from voice_companion.config import load_config
        from voice_companion.llm.holder import LLMHolder

        with tempfile.TemporaryDirectory() as tmp:
            wavs = {}
            for word in ("Stop.", "Yes.", "No, stop."):
                raw, wavs[word] = Path(tmp) / "raw.wav", Path(tmp) / f"{len(wavs)}.wav"
                subprocess.run(["espeak-ng", "-v", "en-us+m3", "-s", "140", "-w", str(raw), word], check=True)
                subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(wavs[word])], check=True)
            wav = wavs["Stop."]
            cfg = load_config(overrides=[("listen.mode", "hands_free", "measure")])
            tts, stt = load_tts(cfg), load_stt(cfg)
            ch = make_voice_channel(cfg, tts=tts, stt=stt)
            if args.no_cue_judge:
                ch.judges_cues, ch.turns.double_talk = False, None
            catalog = breathing_only(load_exercises()[0])
            companion = make_companion(cfg, ch, catalog=catalog, llm=LLMHolder())
            if os.environ.get("MEASURE_DEBUG"):
                from voice_companion.app import runtime

                runtime.show_words()
            trials = run_trials(companion, ch, wav, args.tries, seed=args.seed, log=lambda line: print(line, flush=True),
                                answers={"yes": wavs["Yes."], "no_stop": wavs["No, stop."]})
            print(f"{'echo on' if args.echo else 'echo off'}: {summary(trials)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
