"""Cut a stream of LLM text into sentences to speak one at a time, as soon as each is complete.

Linear in its input, however it arrives: the end-of-sentence pattern cannot backtrack over a
run of punctuation, each delta is scanned once (plus the tail that could still grow into a
sentence end), and no piece is held back longer than MAX_PIECE characters. A model that emits
10,000 dots, or one character at a time, costs no more than ordinary text of that length.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

_ABBREV = {"dr", "mr", "mrs", "ms", "st", "vs", "etc", "e.g", "i.e", "approx", "no", "prof", "sr", "jr"}
_TERMINATORS = ".!?…"
_CLOSERS = "\"')]"
# A sentence ends at . ! ? or … (kept), followed by whitespace, and not inside a number ("2.5").
# The lookbehind starts a match only at the first mark of a run, and the possessive quantifiers
# never give back what they took: a run of punctuation is looked at once, not once per position.
_END = re.compile(r"(?<![.!?…])([.!?…]++[\"')\]]*+)(\s+)")
LONG_CLAUSE = 220  # characters; past this a comma or dash is a fair place to breathe
MAX_PIECE = 2 * LONG_CLAUSE  # past this, cut at a space (or anywhere): no piece waits for ever


EARLY_CLAUSE_WORDS = 6  # a first clause at least this long may be spoken before its sentence ends


def _last_word(text: str, start: int, end: int) -> str:
    """The last word of text[start:end] (as text[start:end].split()[-1], without the copies)."""
    while end > start and text[end - 1].isspace():
        end -= 1
    i = end
    while i > start and not text[i - 1].isspace():
        i -= 1
    return text[i:end]


def _tail_start(text: str) -> int:
    """Where a run of end marks and closing quotes at the end of `text` begins: a sentence end
    that the next delta's whitespace completes starts there, so scanning resumes there."""
    i = len(text)
    while i > 0 and text[i - 1] in _CLOSERS:
        i -= 1
    j = i
    while j > 0 and text[j - 1] in _TERMINATORS:
        j -= 1
    return j if j < i else len(text)


class SentenceSplitter:
    def __init__(self, *, early_first_clause: bool = False) -> None:
        self._buf = ""
        self._scan_from = 0  # no sentence end starts before this in self._buf
        # Speaking the first clause ("When you breathe out slowly,") while the rest of the
        # sentence is still being generated gets the voice going sooner.
        self._early = early_first_clause

    def feed(self, delta: str) -> list[str]:
        buf = self._buf + delta
        out: list[str] = []
        start = 0
        for m in _END.finditer(buf, self._scan_from):
            if m.group(1) == ".":
                word = _last_word(buf, start, m.start(1))
                if word.lower().rstrip(".") in _ABBREV:
                    continue
                if len(word) == 1 and word.isupper():
                    continue  # an initial, "J. Smith"
            out.append(buf[start : m.end(1)].strip())
            start = m.end()
        buf = buf[start:]
        # A cut below is not a sentence end, and it changes what the next sentence's words are
        # (an "e.g." before a newline is no longer its last word): the rest, at most MAX_PIECE
        # characters, is then looked at afresh on the next delta.
        recut = False
        # Newlines end a thought too (LLMs love line breaks).
        if "\n" in buf:
            *lines, buf = buf.split("\n")
            out.extend(line.strip() for line in lines if line.strip())
            recut = True
        if self._early and not out:
            cut = buf.find(", ")
            if cut != -1:
                self._early = False  # only the very first clause is ever spoken early
                if len(buf[:cut].split()) >= EARLY_CLAUSE_WORDS:
                    out.append(buf[: cut + 1].strip())
                    buf, recut = buf[cut + 2 :], True
        if out:
            self._early = False
        # Very long clauses get cut: at a comma or dash if there is one, else at a space.
        while len(buf) > LONG_CLAUSE:
            cut = max(buf.rfind(", ", 0, LONG_CLAUSE), buf.rfind(" - ", 0, LONG_CLAUSE))
            if cut <= 40:
                if len(buf) <= MAX_PIECE:
                    break
                cut = buf.rfind(" ", 0, MAX_PIECE)
                if cut <= 40:
                    cut = MAX_PIECE - 1
            out.append(buf[: cut + 1].strip())
            buf, recut = buf[cut + 1 :], True
        self._buf = buf
        self._scan_from = 0 if recut else _tail_start(buf)
        return [s for s in out if s]

    def flush(self) -> list[str]:
        rest, self._buf, self._scan_from = self._buf.strip(), "", 0
        return [rest] if rest else []


def split_stream(deltas: Iterable[str]) -> Iterator[str]:
    splitter = SentenceSplitter()
    for delta in deltas:
        yield from splitter.feed(delta)
    yield from splitter.flush()
