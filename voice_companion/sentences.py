"""Cut a stream of LLM text into sentences to speak one at a time, as soon as each is complete."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

_ABBREV = {"dr", "mr", "mrs", "ms", "st", "vs", "etc", "e.g", "i.e", "approx", "no", "prof", "sr", "jr"}
# A sentence ends at . ! ? or … (kept), followed by whitespace, and not inside a number ("2.5").
_END = re.compile(r"([.!?…]+[\"')\]]*)(\s+)")
LONG_CLAUSE = 220  # characters; past this a comma or dash is a fair place to breathe


EARLY_CLAUSE_WORDS = 6  # a first clause at least this long may be spoken before its sentence ends


class SentenceSplitter:
    def __init__(self, *, early_first_clause: bool = False) -> None:
        self._buf = ""
        # Speaking the first clause ("When you breathe out slowly,") while the rest of the
        # sentence is still being generated gets the voice going sooner.
        self._early = early_first_clause

    def feed(self, delta: str) -> list[str]:
        self._buf += delta
        out: list[str] = []
        start = 0
        for m in _END.finditer(self._buf):
            candidate = self._buf[start : m.end(1)]
            last_word = candidate[: m.start(1) - start].rsplit(None, 1)[-1:] or [""]
            if last_word[0].lower().rstrip(".") in _ABBREV and m.group(1) == ".":
                continue
            if len(last_word[0]) == 1 and last_word[0].isupper() and m.group(1) == ".":
                continue  # an initial, "J. Smith"
            out.append(candidate.strip())
            start = m.end()
        self._buf = self._buf[start:]
        # Newlines end a thought too (LLMs love line breaks); and very long clauses get cut.
        while "\n" in self._buf:
            line, self._buf = self._buf.split("\n", 1)
            if line.strip():
                out.append(line.strip())
        if self._early and not out:
            cut = self._buf.find(", ")
            if cut != -1 and len(self._buf[:cut].split()) >= EARLY_CLAUSE_WORDS:
                out.append(self._buf[: cut + 1].strip())
                self._buf = self._buf[cut + 2 :]
        if out:
            self._early = False
        if len(self._buf) > LONG_CLAUSE:
            cut = max(self._buf.rfind(", ", 0, LONG_CLAUSE), self._buf.rfind(" - ", 0, LONG_CLAUSE))
            if cut > 40:
                out.append(self._buf[: cut + 1].strip())
                self._buf = self._buf[cut + 1 :]
        return [s for s in out if s]

    def flush(self) -> list[str]:
        rest, self._buf = self._buf.strip(), ""
        return [rest] if rest else []


def split_stream(deltas: Iterable[str]) -> Iterator[str]:
    splitter = SentenceSplitter()
    for delta in deltas:
        yield from splitter.feed(delta)
    yield from splitter.flush()
