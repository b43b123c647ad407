#!/usr/bin/env python3
"""Barge-in through real (virtual) audio devices, with the speaker looped into the microphone:
how soon the person's voice cuts the assistant's speech, whether their words are then heard, and
how often the assistant cuts itself short or answers its own voice over a long run of speech.

--stop-over-speech measures hands-free as it ships instead (no barge-in): a command said over
its voice ("Stop.", "Be quiet.") must cut it, heard soon after the word ends; other words said
over it must not.

    PYTHONPATH=. .venv/bin/python scripts/measure_barge_in.py [--tries 10] [--minutes 5] [--stop-over-speech]"""

from __future__ import annotations

import argparse
import os
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
# Without barge-in: (voice, words, whether they must cut it). Commands said the ways people
# say them, and other words that must be left alone.
OVER_SPEECH = [
    ("en-us+m3", "Stop.", True),
    ("en-gb+f3", "I think the rain is nice today.", False),
    ("en-sc+m1", "Be quiet.", True),
    ("en-us+f2", "Please stop talking.", True),
    ("en+m2", "My sister is coming over later.", False),
    ("en-us+f4", "Wait.", True),
    ("en-gb+m1", "Okay, stop.", True),
    ("en-us+m2", "Yeah, okay.", False),
    ("en-gb+f2", "Mm, I see.", False),
]


def render(tmp: Path, voice: str, text: str, n: int) -> tuple[Path, float, float]:
    """The WAV, and where its voice starts and ends, in seconds."""
    raw, wav = tmp / f"raw{n}.wav", tmp / f"voice{n}.wav"
    subprocess.run(["espeak-ng", "-v", voice, "-s", "150", "-w", str(raw), text], check=True)
    subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(wav)], check=True)
    from voice_companion.audio.format import load_for_stt

    loud = np.flatnonzero(np.abs(load_for_stt(wav)) > 0.02)
    return wav, float(loud[0] / 16000), float((loud[-1] + 1) / 16000)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tries", type=int, default=10)
    ap.add_argument("--minutes", type=float, default=5.0, help="length of the echo-only run")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-echo-cancel", action="store_true", help="for comparison: listen.echo_cancel off")
    ap.add_argument("--stop-over-speech", action="store_true",
                    help="no barge-in: only commands said over its voice cut it (listen.stop_over_speech)")
    args = ap.parse_args()
    with measuring_rig("measure-barge-in-", echo=True) as rig:
        from voice_companion.app.runtime import load_exercises, load_stt, load_tts, make_voice_channel
        from voice_companion.config import load_config

        cfg = load_config(overrides=[("listen.mode", "hands_free", "measure"),
                                     ("listen.barge_in", not args.stop_over_speech, "measure"),
                                     ("listen.earcons", False, "measure"),
                                     ("listen.echo_cancel", not args.no_echo_cancel, "measure")])
        tts, stt = load_tts(cfg), load_stt(cfg)
        ch = make_voice_channel(cfg, tts=tts, stt=stt)
        if os.environ.get("MEASURE_DEBUG"):  # what was heard, in the log
            from voice_companion.app import runtime

            runtime.show_words()
        lines = [text for ex in load_exercises()[0].values()
                 for text in (ex.how_to, ex.why_it_helps) if text and len(text) > 120]
        time.sleep(1.0)
        ch.say("I'm here. Tell me what you need, whenever you're ready.")
        rng = random.Random(args.seed)
        if args.stop_over_speech:
            over_speech_tries(ch, rig, lines, rng, args.tries)
        cut_after, heard_ok = [], 0
        with tempfile.TemporaryDirectory() as tmp:
            tries = 0 if args.stop_over_speech else args.tries
            for n in range(tries):
                voice, text, key = INTERRUPTIONS[n % len(INTERRUPTIONS)]
                wav, lead, _end = render(Path(tmp), voice, text, n)
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
        if tries:
            print(f"\nbarge-in: {len(cut_after)}/{args.tries} cut, {heard_ok}/{args.tries} heard; voice start → cut "
                  f"p50 {np.nanmedian(c):.2f} s, max {np.nanmax(c):.2f} s")
        print(f"echo only, {args.minutes:g} min ({spoken} lines): {self_cuts} self-interruptions, "
              f"{answers} turns heard from its own voice")
    return 0


def over_speech_tries(ch, rig, lines: list[str], rng: random.Random, n_tries: int) -> None:
    """Words said over a long line, without barge-in: a command must cut it (timed from the end
    of the word to the cut), other words must not."""
    from voice_companion.routing.commands import match_command

    after_word, right_cuts, commands, wrong_cuts, others = [], 0, 0, 0, 0
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(n_tries):
            voice, text, must_cut = OVER_SPEECH[n % len(OVER_SPEECH)]
            wav, _lead, end = render(Path(tmp), voice, text, n)
            at = rng.uniform(1.0, 4.0)
            word_end: list[float] = []

            def speak_in(wav=wav, end=end, at=at, word_end=word_end):
                time.sleep(at)
                word_end.append(time.monotonic() + end)
                rig.speak_into_mic(wav)

            threading.Thread(target=speak_in, daemon=True).start()
            line = rng.choice(lines)
            said = ch.say(line)
            returned = time.monotonic()  # cut: the moment playback was stopped
            heard = ch.listen(0.01)
            cut = said != line
            # When the words were heard: the newest transcript (perf_counter, as timelines keep it).
            marks = [m for t in ch.timelines.all() if (m := t.marks.get("transcript")) is not None]
            heard_at = max(marks) + time.monotonic() - time.perf_counter() if marks else None
            delay = returned - word_end[0] if word_end and cut else None
            if must_cut:
                commands += 1
                ok = cut and heard is not None and match_command(heard) is not None
                right_cuts += ok
                if ok and delay is not None:
                    after_word.append(delay)
            else:
                others += 1
                wrong_cuts += cut or heard is not None
            when = f"cut {delay:+.2f} s after the word ended" if delay is not None else "not cut"
            if heard_at is not None and word_end:
                when += f", words heard {heard_at - word_end[0]:+.2f} s after it"
            print(f"try {n + 1}: {text!r} at {at:.1f}s: {when}, heard {heard!r}", flush=True)
            ch.cancel.clear()
            ch.cut_short = False
            time.sleep(1.0)
    a = np.array(after_word) if after_word else np.array([np.nan])
    print(f"\nstop over speech: commands cut it {right_cuts}/{commands} (word end → cut p50 {np.nanmedian(a):.2f} s, "
          f"max {np.nanmax(a):.2f} s); other words cut it or were kept {wrong_cuts}/{others}")


if __name__ == "__main__":
    sys.exit(main())
