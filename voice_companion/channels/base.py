"""The conversation channel: how any part of the assistant talks with the person.

The session, the exercise runner and the morning routine speak and listen only through this,
so the same logic runs by voice (STT + TTS on real devices or WAV files), by text, or in tests.
Every channel subclasses Channel: the five methods below are what a channel must do; the
attributes after them are what only some channels can do, with defaults that mean "not here",
so callers ask `channel.timelines is None` instead of probing with getattr.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable


class Channel:
    # Optional capabilities (a channel that has one sets it in __init__):
    eof: bool = False  # the input has ended for good (typed input closed, push-to-talk keys gone)
    volume: float | None = None  # speaking volume, 0.1 to 1.0; None where there is nothing to turn up
    timelines = None  # per-turn timings (channels.timeline.Timelines) where speech is timed
    cancel: threading.Event | None = None  # set when the person interrupts; speech stops at the next chunk
    last_heard = None  # the last transcript with Whisper's confidence (speech.stt.Transcript), when heard by voice

    def say(self, text: str) -> None:
        """Speak (or print) one short line; returns when it has been said."""
        raise NotImplementedError

    def tone(self, kind: str, seconds: float = 0.0) -> None:
        """An earcon: "listening", "heard", "done", "fade_in", or a breath tone
        "inhale" / "exhale" / "hold" lasting `seconds` (0 = the earcon's own length)."""
        raise NotImplementedError

    def cue(self, text: str, kind: str, seconds: float) -> None:
        """A timed breathing cue: `text` spoken over the `kind` tone; returns after `seconds`
        at most (the caller schedules against absolute deadlines, see clock.Clock)."""
        raise NotImplementedError

    def speak_stream(self, sentences: Iterable[str]) -> list[str]:
        """Say sentences as they arrive from an iterator (an LLM reply being generated);
        returns what was said."""
        said = []
        for s in sentences:
            self.say(s)
            said.append(s)
        return said

    def listen(self, timeout: float | None = None) -> str | None:
        """The next thing the person said (a transcript, already cleaned), or None if
        nothing was said within `timeout` seconds (None = wait as long as it takes)."""
        raise NotImplementedError

    def stop_listening(self) -> None:
        """The session is over: stop any listening still going on in the background (a channel
        that listens while it speaks), so nothing is mid-decode when the program ends."""

    def prefetch(self, lines: list[str], cues: list[str]) -> None:
        """A hint that these lines and breathing cues come soon (an exercise is starting), so a
        channel that synthesizes speech can prepare them; others ignore it."""
