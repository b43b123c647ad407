"""Remove a model's thinking from its streamed output, so thinking is never spoken.

Thinking models write <think>…</think> (or <thinking>) before the answer. Tags may be split
across stream deltas, so this keeps a little state. Ollama also sends thinking in a field of its
own, which the Ollama backend never reads."""

from __future__ import annotations

import re

_OPEN = re.compile(r"<(think|thinking|reasoning)>", re.I)
_CLOSE = re.compile(r"</(think|thinking|reasoning)>", re.I)
_HOLD = 12  # longest tag we might see split across deltas


class ThinkingFilter:
    def __init__(self) -> None:
        self._buf = ""
        self._inside = False

    def feed(self, delta: str) -> str:
        self._buf += delta
        out = []
        while True:
            if self._inside:
                m = _CLOSE.search(self._buf)
                if not m:
                    self._buf = self._buf[-_HOLD:]  # drop thinking, keep a tail for a split tag
                    break
                self._buf = self._buf[m.end():]
                self._inside = False
                continue
            m = _OPEN.search(self._buf)
            if m:
                out.append(self._buf[: m.start()])
                self._buf = self._buf[m.end():]
                self._inside = True
                continue
            # A stray closing tag (the template opened thinking in the prompt) is never spoken.
            close = _CLOSE.search(self._buf)
            if close:
                self._buf = self._buf[: close.start()] + self._buf[close.end():]
                continue
            cut = self._buf.rfind("<")
            if cut != -1 and len(self._buf) - cut < _HOLD and ">" not in self._buf[cut:]:
                out.append(self._buf[:cut])
                self._buf = self._buf[cut:]
            else:
                out.append(self._buf)
                self._buf = ""
            break
        return "".join(out)

    def flush(self) -> str:
        rest = "" if self._inside else self._buf
        self._buf = ""
        return rest
