"""The typed channel: the same conversation by reading and typing (`--text`)."""

from __future__ import annotations

import select
import sys
from typing import TextIO

from voice_companion.channels.base import Channel
from voice_companion.clock import Clock, RealClock


class TextChannel(Channel):
    def __init__(self, *, inp: TextIO = sys.stdin, out: TextIO = sys.stdout, clock: Clock | None = None, fast: bool = False) -> None:
        self.inp, self.out = inp, out
        self.clock = clock or RealClock()
        self.fast = fast  # pauses and cues take no time (for trying things out and tests)
        self.eof = False
        self.volume = 1.0

    def say(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    def tone(self, kind: str, seconds: float = 0.0) -> None:
        if seconds and not self.fast:
            self.clock.sleep_until(self.clock.now() + seconds)

    def cue(self, text: str, kind: str, seconds: float) -> None:
        start = self.clock.now()
        print(f"  {text}", file=self.out, flush=True)
        if not self.fast:
            self.clock.sleep_until(start + seconds)

    def listen(self, timeout: float | None = None) -> str | None:
        if self.eof:
            return None
        if timeout is not None and timeout <= 1.0 and not self._interactive():
            # Piped lines are answers waiting for questions; a quick "anything said?" check
            # between breathing phases must not eat the answer meant for the next question.
            return None
        if timeout is not None:
            wait = 0.0 if self.fast else max(0.0, timeout)
            if not self._ready(wait):
                return None
        elif self.inp is sys.stdin and self.inp.isatty():
            print("> ", end="", file=self.out, flush=True)
        line = self.inp.readline()
        if line == "":
            self.eof = True
            return None
        text = line.strip()
        return text or None

    def _interactive(self) -> bool:
        try:
            return self.inp.isatty()
        except (AttributeError, ValueError):
            return False

    def _ready(self, wait: float) -> bool:
        try:
            fd = self.inp.fileno()
        except (AttributeError, OSError, ValueError):
            return True  # an in-memory stream: its lines are already there
        readable, _, _ = select.select([fd], [], [], wait)
        return bool(readable)
