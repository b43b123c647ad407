"""The one small interface both LLM backends share."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Protocol


class LLMUnavailable(Exception):
    """The backend cannot answer (server down, model missing, stream cut). The message is plain
    words for the person, naming what to do."""


class _Slow:
    def __repr__(self) -> str:
        return "SLOW"


# Yielded once by a backend's stream_chat(..., slow_after=seconds) when the first word is that
# late, so the person can be told "still thinking" instead of hearing nothing. Never text.
SLOW = _Slow()


class ChatBackend(Protocol):
    name: str  # "ollama" or "embedded", for messages and `doctor`
    model: str  # what it runs

    def stream_chat(self, messages: list[dict], *, cancel: threading.Event | None = None) -> Iterator[str]:
        """Reply text as it is generated, thinking already removed. Raises LLMUnavailable."""

    def classify(self, system: str, user: str, choices: tuple[str, ...]) -> str | None:
        """Exactly one of `choices` (constrained output), or None if the model cannot say."""


# Memory the assistant needs with each backend: the peak `bench` measures (with Ollama, the model
# lives in Ollama's own process and is not counted here).
NEEDS_GB = {"embedded": 2.5, "ollama": 1.0}
