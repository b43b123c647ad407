"""Worst-case silence after each language-model fault, with the default deadlines.

Runs the Ollama stand-in (tests/ollama_standin.py) as a process of its own, injects a fault for
real (kill -9, SIGSTOP, a hung classifier), and times one conversation turn: the longest gap in
which the person hears nothing, and the time until the question is answered. The fallback is
the real built-in model (SmolLM2 by default; --gguf for another), warmed as a session warms it.

    PYTHONPATH=. python scripts/measure_faults.py
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO))

from voice_companion.channels.base import Channel  # noqa: E402


class Timed(Channel):
    def __init__(self, on_say=None) -> None:
        self.times: list[tuple[float, str]] = []
        self.on_say = on_say

    def say(self, text: str) -> None:
        self.times.append((time.monotonic(), text))
        if self.on_say:
            self.on_say(text)

    def listen(self, timeout=None):
        return None


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--gguf", default="smollm2-135m")
    args = ap.parse_args()
    from ollama_standin import free_port, start_process

    from voice_companion.conversation.companion import Companion, SessionOptions
    from voice_companion.llm.embedded import EmbeddedBackend
    from voice_companion.llm.holder import LLMHolder
    from voice_companion.llm.ollama import OllamaBackend
    from voice_companion.llm.prompt import build_messages
    from voice_companion.llm.select import Choice
    from voice_companion.models import gguf_path

    system = build_messages([], "")[0]["content"]
    fallback = EmbeddedBackend(gguf_path(args.gguf), threads=1, max_tokens=40)
    fallback.warm(system)
    rows = []
    for fault in ("killed before the turn", "killed mid-stream", "SIGSTOP (hung)", "hung mid-stream", "hung classifier"):
        port = free_port()
        proc = start_process(port)
        model = "slow" if fault == "killed mid-stream" else "calm"
        ollama = OllamaBackend(model, f"http://127.0.0.1:{port}")
        ollama.warm(system)

        def on_say(text, proc=proc):
            if fault == "killed mid-stream" and text == "Word 0.":
                proc.kill()

        ears = Timed(on_say)
        holder = LLMHolder(lambda: Choice(ollama, "", "ollama"), lambda: fallback, room_for_spare=lambda: False)
        companion = Companion(ears, {}, llm=holder, options=SessionOptions(fast=True))
        if fault == "killed before the turn":
            proc.kill()
        elif fault == "SIGSTOP (hung)":
            os.kill(proc.pid, signal.SIGSTOP)
        t0 = time.monotonic()
        if fault == "hung classifier":
            os.kill(proc.pid, signal.SIGSTOP)
            companion._classifier()("Pick one.", "meh", ("breathing", "talk"))
        if fault == "hung mid-stream":
            # one piece, then the server stops: SIGSTOP once the first words are heard
            ears.on_say = lambda text: os.kill(proc.pid, signal.SIGSTOP) if len(ears.times) == 1 else None
            ollama.model = "slow"
        companion.talk("i had a rough day and i can't settle")
        marks = [t0] + [t for t, _ in ears.times]
        gaps = [b - a for a, b in zip(marks, marks[1:])]
        rows.append((fault, max(gaps) if gaps else float("nan"), (marks[-1] - t0), [s for _, s in ears.times]))
        os.kill(proc.pid, signal.SIGCONT)
        proc.kill()
        proc.wait()
    print(f"{'fault':26} {'longest silence':>16} {'until answered':>15}  what was said")
    for fault, gap, total, said in rows:
        print(f"{fault:26} {gap:14.1f} s {total:13.1f} s  {' | '.join(s[:40] for s in said)}")
    fallback.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
