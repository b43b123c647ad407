"""The LLM backend for the session: chosen on first use, with the built-in model kept ready when Ollama
is in use, and the switch to it when Ollama fails."""

from __future__ import annotations

import threading
from collections.abc import Callable

from voice_companion.llm.base import NEEDS_GB

SWITCHED_LINE = "I'm switching to my built-in model, so I can still answer you."


class LLMHolder:
    """The chosen LLM backend, loaded on first use; falls back to the embedded one if Ollama fails.
    While Ollama is in use the embedded model is loaded and warmed in the background when memory
    allows, so a fallback answers in seconds, not after a cold start."""

    def __init__(self, choose: Callable[[], object] | None = None, fallback: Callable[[], object] | None = None,
                 room_for_spare: Callable[[], bool] | None = None) -> None:
        self._choose, self._fallback = choose, fallback
        self._room = room_for_spare or _room_for_spare
        self._choice = None
        self._spare = None
        self._spare_thread: threading.Thread | None = None
        # One choice, whoever asks first: the start-up thread (start_choosing) or the conversation.
        self._choosing = threading.Lock()
        self.announcement = ""

    def start_choosing(self) -> None:
        """Choose and load the model in the background now, while the voice and Whisper load: the
        model loads in its own process, so the two overlap. Whoever asks for the backend before it
        is ready waits for it; a failure here is met again, in the open, by the next one to ask."""
        if self._choose is None:
            return

        def choose():
            try:
                self.backend  # noqa: B018 (the property chooses and loads)
            except Exception:  # noqa: BLE001
                pass

        threading.Thread(target=choose, name="llm-choose", daemon=True).start()

    @property
    def backend(self):
        with self._choosing:
            if self._choice is None and self._choose is not None:
                self._choice = self._choose()
                self.announcement = self._choice.said
        backend = self._choice.backend if self._choice is not None else None
        # A model that keeps crashing is as good as none: say so plainly, not "lost my train of thought".
        return None if getattr(backend, "broken", "") else backend

    def prewarm(self, system: str) -> None:
        """Ollama is in use: get the fallback ready in the background, if there is room for it."""
        if self._fallback is None or self._spare_thread is not None or getattr(self.backend, "name", "") != "ollama":
            return
        if not self._room():
            return

        def load():
            try:
                spare = self._fallback()
                warm = getattr(spare, "warm", None)
                if warm is not None:
                    warm(system)
                self._spare = spare
            except Exception:
                self._spare = None  # the fallback is tried again, in the open, if it is needed

        self._spare_thread = threading.Thread(target=load, daemon=True)
        self._spare_thread.start()

    def fall_back(self) -> str | None:
        """After Ollama failed mid-session: switch to the embedded model. Returns a line to say."""
        if self._fallback is None or getattr(self.backend, "name", "") != "ollama":
            return None
        from voice_companion.llm.select import Choice

        if self._spare_thread is not None:
            self._spare_thread.join()  # loading already; waiting is quicker than starting over
        spare, self._spare = self._spare, None
        try:
            self._choice = Choice(spare or self._fallback(), "", "embedded after Ollama failed")
        except Exception:
            self._choice = None
            self._choose = None
            return None
        return SWITCHED_LINE


def _room_for_spare() -> bool:
    """Enough free memory for the built-in model next to Ollama's (Linux; elsewhere: no)."""
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024 >= NEEDS_GB["embedded"] * 1e9
    except (OSError, ValueError):
        pass
    return False
