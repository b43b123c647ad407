#!/usr/bin/env python3
"""Barge-in through real (virtual) audio devices, with the speaker looped into the microphone:
how soon the person's voice cuts the assistant's speech, whether their words are then heard, and
how often the assistant cuts itself short or answers its own voice over a long run of speech.

    PYTHONPATH=. .venv/bin/python scripts/measure_barge_in.py [--tries 10] [--minutes 5]"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from audio_rig import measuring_rig  # noqa: E402

# Said over the assistant by espeak-ng voices (the person), and what of each must be heard.
INTERRUPTIONS = [
    ("en-us+m3", "Please stop talking.", "stop"),
    ("en-gb+f3", "Wait, I need a moment.", "moment"),
    ("en-sc+m1", "Can we do something else?", "else"),
    ("en-us+f2", "Hold on, that's too much.", "hold"),
    ("en+m2", "Stop, please.", "stop"),
]


def render(tmp: Path, voice: str, text: str, n: int) -> tuple[Path, float]:
    raw, wav = tmp / f"raw{n}.wav", tmp / f"voice{n}.wav"
    subprocess.run(["espeak-ng", "-v", voice, "-s", "150", "-w", str(raw), text], check=True)
    subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(wav)], check=True)
    from voice_companion.audio.format import load_for_stt

    audio = load_for_stt(wav)
    return wav, float(np.flatnonzero(np.abs(audio) > 0.02)[0] / 16000)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tries", type=int, default=10)
    ap.add_argument("--minutes", type=float, default=5.0, help="length of the echo-only run")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-echo-cancel", action="store_true", help="for comparison: listen.echo_cancel off")
    args = ap.parse_args()
    with measuring_rig("measure-barge-in-", echo=True) as rig:
        from voice_companion.app.runtime import load_exercises, load_stt, load_tts, make_voice_channel
        from voice_companion.config import load_config

        cfg = load_config(overrides=[("listen.mode", "hands_free", "measure"), ("listen.barge_in", True, "measure"),
                                     ("listen.earcons", False, "measure"),
                                     ("listen.echo_cancel", not args.no_echo_cancel, "measure")])
        tts, stt = load_tts(cfg), load_stt(cfg)
        ch = make_voice_channel(cfg, tts=tts, stt=stt)
        lines = [text for ex in load_exercises()[0].values()
                 for text in (ex.how_to, ex.why_it_helps) if text and len(text) > 120]
        time.sleep(1.0)
        ch.say("I'm here. Tell me what you need, whenever you're ready.")
        rng = random.Random(args.seed)
        cut_after, heard_ok = [], 0
        with tempfile.TemporaryDirectory() as tmp:
            for n in range(args.tries):
                voice, text, key = INTERRUPTIONS[n % len(INTERRUPTIONS)]
                wav, lead = render(Path(tmp), voice, text, n)
                at = rng.uniform(1.0, 4.0)
                onset: list[float] = []
                cancelled: list[float] = []

                def speak_in(wav=wav, lead=lead, at=at, onset=onset):
                    time.sleep(at)
                    onset.append(time.monotonic() + lead)
                    rig.speak_into_mic(wav)

                def watch(cancelled=cancelled):
                    if ch.cancel.wait(12.0):
                        cancelled.append(time.monotonic())

                threading.Thread(target=speak_in, daemon=True).start()
                threading.Thread(target=watch, daemon=True).start()
                said = ch.say(rng.choice(lines))
                heard = ch.listen(8.0) or ""
                ok = key in heard.lower()
                heard_ok += ok
                delay = cancelled[0] - onset[0] if cancelled and onset else None
                if delay is not None:
                    cut_after.append(delay)
                when = f"{delay:.2f} s after it began" if delay is not None else "never"
                print(f"try {n + 1}: voice at {at:.1f}s, cut {when}"
                      f", said {len(said.split())} words, heard {'the words' if ok else repr(heard)}", flush=True)
                ch.cancel.clear()
                time.sleep(1.0)
        self_cuts = answers = spoken = 0
        ends = time.monotonic() + args.minutes * 60
        while time.monotonic() < ends:
            line = rng.choice(lines)
            said = ch.say(line)
            spoken += 1
            if said != line:
                self_cuts += 1
                ch.cancel.clear()
                print(f"  cut itself after {len(said.split())} of {len(line.split())} words", flush=True)
            heard = ch.listen(0.01)
            if heard is not None:
                answers += 1
                print(f"  heard from its own voice: {heard!r}", flush=True)
        c = np.array(cut_after) if cut_after else np.array([np.nan])
        print(f"\nbarge-in: {len(cut_after)}/{args.tries} cut, {heard_ok}/{args.tries} heard; voice start → cut "
              f"p50 {np.nanmedian(c):.2f} s, max {np.nanmax(c):.2f} s")
        print(f"echo only, {args.minutes:g} min ({spoken} lines): {self_cuts} self-interruptions, "
              f"{answers} turns heard from its own voice")
    return 0


if __name__ == "__main__":
    sys.exit(main())
