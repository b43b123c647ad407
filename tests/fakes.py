"""Every helper the tests share: test doubles for the Channel (scripted replies, a full transcript,
fake time), for the LLM (FixedLLM, Spy), and small helpers (REPO, words).

FakeChannel model of a person:
- `replies` answer the *waiting* listens (timeout None or > 0), in order. A string is said
  `reply_delay` seconds into the wait; None is silence for the whole timeout. When the script runs
  out, `responder(last_line_said)` is asked, if given; otherwise it is silence (and listen(None)
  returns None, i.e. the channel has closed).
- `interject(after=..., text=...)` queues something said *over* the exercise: it is heard by the
  next listen of any kind (including the runner's listen(timeout=0) polls) once a said or cued line
  containing `after` has gone by. `after_cues=N` triggers after the N-th breathing cue instead.
- `cue_cost` is how much fake time a cue call takes (a number, or a callable returning one), so
  tests can prove the runner schedules against deadlines and does not drift.
"""

from __future__ import annotations

import json
import math
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from voice_companion.channels.base import Channel
from voice_companion.clock import FakeClock

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Event:
    kind: str          # "say" | "cue" | "tone" | "listen"
    text: str | None   # what was said/cued/heard (None: silence)
    t: float           # fake time when the call started
    seconds: float | None = None   # cue/tone length, or listen timeout
    cue_kind: str | None = None    # "inhale" / "hold" / "exhale" for cues


class ScriptExhausted(AssertionError):
    pass


class FakeChannel(Channel):
    def __init__(
        self,
        clock: FakeClock,
        replies: Iterable[str | None] = (),
        *,
        responder: Callable[[str], str | None] | None = None,
        reply_delay: float = 1.0,
        cue_cost: float | Callable[[], float] = 0.0,
        say_cost: float = 0.0,
        max_listens: int = 2000,
    ) -> None:
        self.clock = clock
        self.replies = list(replies)
        self.responder = responder
        self.reply_delay = reply_delay
        self.cue_cost = cue_cost
        self.say_cost = say_cost
        self.max_listens = max_listens
        self.events: list[Event] = []
        self._queued: list[str] = []
        self._pending: list[tuple[str | None, int | None, str]] = []  # (after text, after n cues, text)
        self._cues = 0
        self._listens = 0

    # -- scripting -----------------------------------------------------------------------------

    def interject(self, text: str, *, after: str | None = None, after_cues: int | None = None) -> None:
        if after is None and after_cues is None:
            self._queued.append(text)
        else:
            self._pending.append((after, after_cues, text))

    # -- Channel -------------------------------------------------------------------------------

    def say(self, text: str) -> None:
        self.events.append(Event("say", text, self.clock.now()))
        self.clock.advance(self.say_cost)
        self._trigger(text)

    def tone(self, kind: str, seconds: float = 0.0) -> None:
        self.events.append(Event("tone", kind, self.clock.now(), seconds))

    def cue(self, text: str, kind: str, seconds: float) -> None:
        self.events.append(Event("cue", text, self.clock.now(), seconds, kind))
        cost = self.cue_cost() if callable(self.cue_cost) else self.cue_cost
        self.clock.advance(cost)
        self._cues += 1
        self._trigger(text)

    def listen(self, timeout: float | None = None) -> str | None:
        self._listens += 1
        if self._listens > self.max_listens:
            raise ScriptExhausted("runaway: too many listen() calls")
        t = self.clock.now()
        if self._queued:
            heard = self._queued.pop(0)
        elif timeout == 0:
            heard = None
        else:
            heard = self._next_reply()
            if heard is None:
                if timeout is not None:
                    self.clock.advance(timeout)
            else:
                self.clock.advance(self.reply_delay if timeout is None else min(self.reply_delay, timeout))
        self.events.append(Event("listen", heard, t, timeout))
        return heard

    # -- helpers -------------------------------------------------------------------------------

    def _next_reply(self) -> str | None:
        if self.replies:
            return self.replies.pop(0)
        if self.responder is not None:
            return self.responder(self.last_said())
        return None

    def _trigger(self, text: str) -> None:
        for item in list(self._pending):
            after, after_cues, said = item
            if (after is not None and after in text) or (after_cues is not None and self._cues >= after_cues):
                self._pending.remove(item)
                self._queued.append(said)

    def last_said(self) -> str:
        for e in reversed(self.events):
            if e.kind == "say":
                return e.text or ""
        return ""

    @property
    def said(self) -> list[str]:
        return [e.text for e in self.events if e.kind == "say" and e.text is not None]

    @property
    def cues(self) -> list[Event]:
        return [e for e in self.events if e.kind == "cue"]

    def transcript(self) -> list[tuple[str, str | None]]:
        """Everything said or cued, in order (listens left out): equal for fast and timed runs."""
        return [(e.kind, e.text) for e in self.events if e.kind in ("say", "cue", "tone")]


# The engine is tested with the real command matcher (pure logic, microseconds).
from voice_companion.routing.commands import match_command  # noqa: E402,F401


class Spy:
    """An LLM backend that records every call, so a test can prove the LLM never saw a turn.
    Wraps a real backend, or (none given) answers with one fixed, harmless line without a model."""

    LINE = "That sounds like a lot. I'm here with you."

    def __init__(self, backend=None):
        self.backend = backend
        self.name, self.model = (backend.name, backend.model) if backend is not None else ("spy", "spy")
        self.chats: list[list[dict]] = []
        self.classified: list[str] = []

    def stream_chat(self, messages, cancel=None):
        self.chats.append(messages)
        if self.backend is None:
            yield self.LINE
        else:
            yield from self.backend.stream_chat(messages, cancel=cancel)

    def classify(self, system, user, choices):
        self.classified.append(user)
        return self.backend.classify(system, user, choices) if self.backend is not None else None

    def saw(self, words: str) -> bool:
        return any(words in m["content"] for chat in self.chats for m in chat) or any(words in u for u in self.classified)


def words(text: str) -> list[str]:
    import re

    return re.sub(r"[^a-z0-9' ]", " ", text.lower()).split()


class FixedLLM:
    """An LLMHolder with a backend already chosen (or None: no LLM at all)."""

    def __init__(self, backend):
        self.backend = backend
        self.announcement = ""

    def fall_back(self):
        return None


# --- files a person writes ----------------------------------------------------------------------


def toml_value(v) -> str:
    """A Python value (scalars, lists, dicts; inf and nan too) as a TOML value, for fuzzing the files
    a person writes by hand."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return "nan" if math.isnan(v) else ("inf" if v == math.inf else "-inf" if v == -math.inf else repr(v))
    if isinstance(v, int):
        return str(v)
    if isinstance(v, str):
        return json.dumps(v)
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    return "{" + ", ".join(f"{json.dumps(k)} = {toml_value(x)}" for k, x in v.items()) + "}"


def default_gguf() -> Path:
    """The default model's file where setup.sh joined it, in the person's data folder: the
    per-test data folders must not each get a 1.1 GB copy."""
    from voice_companion.models import gguf_path

    saved = os.environ.pop("VOICE_COMPANION_DATA_DIR", None)
    try:
        return gguf_path(assemble=False)
    finally:
        if saved is not None:
            os.environ["VOICE_COMPANION_DATA_DIR"] = saved


class StampedMic:
    """A microphone that hands out given frames, each stamped with a given arrival time."""

    def __init__(self, stamped):
        self.stamped = list(stamped)
        self.name = "test microphone"

    def read_stamped(self, timeout=None):
        if self.stamped:
            return self.stamped.pop(0)
        time.sleep(min(timeout or 0, 0.01))
        return None

    def flush(self):
        pass


class Scripted:
    """An LLM that streams a fixed reply, in small pieces as a model would, and keeps what it saw."""

    name, model, broken = "scripted", "scripted", ""

    def __init__(self, reply: str) -> None:
        self.reply = reply
        self.seen: list[list[dict]] = []

    def stream_chat(self, messages, cancel=None):
        self.seen.append(messages)
        for i in range(0, len(self.reply), 7):
            yield self.reply[i:i + 7]

    def classify(self, system, user, choices):
        return None
