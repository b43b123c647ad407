"""A soak: hundreds of mixed turns in one process (talk, commands, exercises with --fast,
gibberish, empty and very long lines), printing every so often the companion's memory (RSS, and
the model worker's), its threads and its open files. They should level off, not climb.

    PYTHONPATH=. python scripts/soak.py                 # 300 turns, SmolLM2 (quick)
    PYTHONPATH=. python scripts/soak.py --gguf qwen2.5-coder-1.5b-instruct --turns 300
"""

from __future__ import annotations

import argparse
import io
import os
import random
import sys
import time


def rss_mb(pid: int | None) -> float:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except (OSError, TypeError):
        pass
    return 0.0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--turns", type=int, default=300)
    ap.add_argument("--gguf", default="smollm2-135m")
    ap.add_argument("--every", type=int, default=25)
    args = ap.parse_args()

    import threading

    from voice_companion.app.runtime import load_exercises
    from voice_companion.channels.text import TextChannel
    from voice_companion.conversation.companion import Companion, SessionOptions
    from voice_companion.llm.embedded import EmbeddedBackend
    from voice_companion.models import gguf_path

    class Fixed:
        def __init__(self, backend):
            self.backend, self.announcement = backend, ""

        def fall_back(self):
            return None

    rng = random.Random(15)
    talk = ["i had a long day", "i feel a bit flat", "tell me something calm", "work was loud today",
            "i can't really settle", "thanks for listening", "what should i do tonight", "i miss my friend"]
    commands = ["repeat", "slower", "faster", "louder", "quieter", "pause"]
    exercises = ["help me breathe", "grounding please", "box breathing"]

    def line(n: int) -> str:
        kind = n % 10
        if kind in (0, 1, 2, 3):
            return rng.choice(talk)
        if kind == 4:
            return rng.choice(commands)
        if kind == 5:
            return rng.choice(exercises)
        if kind == 6:
            return "".join(rng.choice("qwrtzpsdfghjklxcvbnm ") for _ in range(rng.randint(5, 60)))
        if kind == 7:
            return ""
        if kind == 8:
            return " ".join(rng.choice(talk) for _ in range(400))  # about 8,000 characters
        return "stop" if n % 50 == 9 else rng.choice(talk)

    backend = EmbeddedBackend(gguf_path(args.gguf), threads=1, max_tokens=40)
    catalog = load_exercises(say_problem=lambda m: None)[0]
    pid = os.getpid()
    print(f"{'turn':>5} {'RSS MB':>8} {'worker MB':>10} {'threads':>8} {'open files':>11} {'seconds':>8}")
    start = time.monotonic()
    done = 0
    while done < args.turns:
        batch = [line(done + i) for i in range(args.every)]
        # answers for exercise questions are taken from the same lines; --fast skips the pauses
        channel = TextChannel(inp=io.StringIO("\n".join(batch + ["no", "yes"] * 20) + "\n"), out=io.StringIO(), fast=True)
        companion = Companion(channel, catalog, llm=Fixed(backend), options=SessionOptions(fast=True))
        for text in batch:
            if text:
                companion.running = True
                companion.handle(text)
        done += len(batch)
        fds = len(os.listdir(f"/proc/{pid}/fd"))
        print(f"{done:5d} {rss_mb(pid):8.0f} {rss_mb(backend.pid):10.0f} {threading.active_count():8d} {fds:11d}"
              f" {time.monotonic() - start:8.0f}", flush=True)
    backend.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
