"""Each turn's timeline: when speech ended, when the transcript, the decision (crisis gate and
router), the first token, the first sentence and the first audio came. The benchmark and the log both read it."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

STAGES = ("transcript", "decision", "first_token", "first_sentence", "first_audio")


@dataclass
class TurnTimeline:
    marks: dict[str, float] = field(default_factory=dict)
    route: str = ""

    def mark(self, name: str, t: float | None = None) -> None:
        self.marks.setdefault(name, time.perf_counter() if t is None else t)

    def since_speech_end(self) -> dict[str, float]:
        """Seconds from the end of speech to each later stage that happened."""
        start = self.marks.get("speech_end")
        if start is None:
            return {}
        return {s: self.marks[s] - start for s in STAGES if s in self.marks}


class Timelines:
    """The current turn's timeline plus all finished ones."""

    def __init__(self) -> None:
        self.done: list[TurnTimeline] = []
        self.current = TurnTimeline()

    def new_turn(self) -> TurnTimeline:
        if self.current.marks:
            self.done.append(self.current)
        self.current = TurnTimeline()
        return self.current

    def mark(self, name: str, t: float | None = None) -> None:
        self.current.mark(name, t)

    def all(self) -> list[TurnTimeline]:
        return self.done + ([self.current] if self.current.marks else [])
