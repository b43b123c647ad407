"""The conversation channel: how any part of the assistant talks with the person.

The session, the exercise runner and the morning routine speak and listen only through this,
so the same logic runs by voice (STT + TTS on real devices or WAV files), by text, or in tests.
"""

from __future__ import annotations

from typing import Protocol


class Channel(Protocol):
    def say(self, text: str) -> None:
        """Speak (or print) one short line; returns when it has been said."""

    def tone(self, kind: str, seconds: float = 0.0) -> None:
        """An earcon: "listening", "heard", "done", "fade_in", or a breath tone
        "inhale" / "exhale" / "hold" lasting `seconds` (0 = the earcon's own length)."""

    def cue(self, text: str, kind: str, seconds: float) -> None:
        """A timed breathing cue: `text` spoken over the `kind` tone; returns after `seconds`
        at most (the caller schedules against absolute deadlines, see clock.Clock)."""

    def speak_stream(self, sentences) -> list[str]:
        """Say sentences as they arrive from an iterator (an LLM reply being generated);
        returns what was said."""

    def listen(self, timeout: float | None = None) -> str | None:
        """The next thing the person said (a transcript, already cleaned), or None if
        nothing was said within `timeout` seconds (None = wait as long as it takes)."""
