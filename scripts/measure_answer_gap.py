#!/usr/bin/env python3
"""How soon after a question can the person answer and still be heard? Hands-free, through real
(virtual) audio devices: the companion asks "Sorry, did you say stop?" and listens, as it does
for its confirming questions, and a recorded "Yes." is played into the microphone a set time
after the question's last word. Half-duplex masks its own voice and the listening tone plus an
echo tail; an answer begun inside that tail can be lost unless the tail is judged (the echo
judge hears a voice louder than our echo could be: capture.MicTurnSource.judge_tail). Each
gap is tried with the tail judged and with it masked, interleaved in one run. `--echo-only N`
then says the companion's own lines for N minutes with nobody talking, listening after each
as it does for an answer: any turn heard then is the companion answering its own echo.

    PYTHONPATH=. .venv/bin/python scripts/measure_answer_gap.py [--echo] [--gaps 0.2,0.4,0.7,1.0] [--tries 4] [--echo-only 3]"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from audio_rig import measuring_rig  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--echo", action="store_true")
    ap.add_argument("--gaps", default="0.2,0.4,0.6,1.0,1.5")
    ap.add_argument("--tries", type=int, default=4)
    ap.add_argument("--echo-only", type=float, default=0.0, metavar="MINUTES")
    args = ap.parse_args()
    gaps = [float(g) for g in args.gaps.split(",")]
    with measuring_rig("measure-gap-", echo=args.echo):
        from voice_companion.app.runtime import load_stt, load_tts, make_voice_channel
        from voice_companion.config import load_config

        with tempfile.TemporaryDirectory() as tmp:
            raw, yes = Path(tmp) / "raw.wav", Path(tmp) / "yes.wav"
            subprocess.run(["espeak-ng", "-v", "en-us+m3", "-s", "140", "-w", str(raw), "Yes."], check=True)
            subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(yes)], check=True)
            cfg = load_config(overrides=[("listen.mode", "hands_free", "measure")])
            ch = make_voice_channel(cfg, tts=load_tts(cfg), stt=load_stt(cfg))
            # The judge learns the room from the echo of what is said first, as the greeting does.
            ch.say("I'm here. Tell me what you need, or say stop at any time.")
            ch.listen(0.5)
            time.sleep(1.5)
            results: dict[tuple[bool, float], list[bool]] = {(j, g): [] for j in (True, False) for g in gaps}
            for i in range(args.tries):
                for gap, judged in [(g, j) for g in gaps for j in (True, False)]:
                    ch.turns.judge_tail = judged
                    said = threading.Event()
                    heard: list[str | None] = []

                    def ask() -> None:
                        ch.say("Sorry, did you say stop?")
                        said.set()
                        heard.append(ch.listen(6.0))

                    worker = threading.Thread(target=ask)
                    worker.start()
                    said.wait()
                    time.sleep(gap)
                    subprocess.run(["paplay", "--device=mouth", str(yes)], check=True)
                    worker.join()
                    ok = bool(heard and heard[0] and "yes" in heard[0].lower())
                    results[judged, gap].append(ok)
                    print(f"round {i + 1} gap {gap:.1f} s, tail {'judged' if judged else 'masked'}: "
                          f"{'heard' if ok else 'missed'} ({heard[0] if heard else None!r})", flush=True)
                    time.sleep(1.0)
            false_turns = {True: [0, 0], False: [0, 0]}  # judged: [lines, turns heard]
            lines = ["Sorry, did you say stop?", "Shall I stop, or carry on?", "Okay. I'm still here.",
                     "Would you like to try box breathing, or the five four three two one grounding?",
                     "Okay, I'll wait. Say 'resume' when you're ready.", "I'm here. Tell me what you need."]
            ends = time.monotonic() + args.echo_only * 60
            n = 0
            from voice_companion.channels.voice import DIDNT_CATCH

            real_say, not_caught = ch.say, []
            ch.say = lambda text, *a, **k: (not_caught.append(text) if text == DIDNT_CATCH else None, real_say(text, *a, **k))[1]
            while time.monotonic() < ends:
                judged = n % 2 == 0
                ch.turns.judge_tail = judged
                ch.say(lines[n % len(lines)])
                not_caught.clear()
                heard = ch.listen(2.5) or (DIDNT_CATCH if not_caught else None)
                false_turns[judged][0] += 1
                if heard:
                    false_turns[judged][1] += 1
                    print(f"echo only, tail {'judged' if judged else 'masked'}: heard {heard!r}", flush=True)
                n += 1
            ch.turns.mic.close()
            ch.sink.close()
    if args.echo_only:
        for judged in (True, False):
            said, turns = false_turns[judged]
            print(f"echo only, tail {'judged' if judged else 'masked'}: {turns} turns heard after {said} lines")
    for judged in (True, False):
        print(f"echo {'on' if args.echo else 'off'}, {ch.own.tail:.1f} s tail {'judged' if judged else 'masked'}: " +
              ", ".join(f"{g:.1f} s {sum(results[judged, g])}/{len(results[judged, g])}" for g in gaps))
    return 0


if __name__ == "__main__":
    sys.exit(main())
