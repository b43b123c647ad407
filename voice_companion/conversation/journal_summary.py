"""`voice-companion journal summary DAY`: a short, neutral summary of one kept day, written by
the language model and marked as machine-written.

The model sees the person's words and the companion's replies, never the crisis notes: whether a
crisis answer was given is said by this code, in fixed words, so a small model cannot soften or
dramatise it. Every sentence passes the output guard; one it blocks is left out (a spoken
replacement line would make no sense in a written summary). Nothing is written to disk."""

from __future__ import annotations

import re
from collections.abc import Iterator

from voice_companion.conversation.reply_shape import KEEP, judge
from voice_companion.conversation.sentences import SentenceSplitter
from voice_companion.llm.base import LLMUnavailable
from voice_companion.safety.guard import guard_sentence

SYSTEM = (
    "You write a short, neutral summary of one day's conversation between a person and a voice companion, "
    "for the person to read later or to bring to their therapist. Write two to four short sentences of your "
    "own, speaking to the person as \"you\" (for example: \"You talked about ...\"): what they talked about "
    "and any exercise they did. Do not copy the conversation's lines. Say only what is in the conversation; "
    "for feelings, use only the words the person used. Give no advice, name no condition or diagnosis, make "
    "no judgement. Plain sentences only: no lists, no headings."
)
# Feelings and outcomes a small model likes to add ("you began to feel calmer"): in a note someone
# may show their therapist, a feeling is only written if the person said it (by stem).
_FEELINGS = re.compile(
    r"\b(relax\w*|calm\w*|better|relie\w*|peace\w*|happ\w*|hope\w*|grateful|proud|safe|comfort\w*|"
    r"anxi\w*|overwhelm\w*|depress\w*|sad\w*|lonel\w*|scar\w*|afraid|angr\w*|frustrat\w*|hopeless\w*|"
    r"stress\w*|panic\w*|nervous\w*|worr\w*|guilt\w*|asham\w*|empty|numb|tired|exhaust\w*|upset)\b",
    re.IGNORECASE,
)
_ECHO = re.compile(r"^\W*(?:person|you|companion|me|assistant)\s*:", re.IGNORECASE)
COMPANION_CHARS = 160  # the companion's long scripted lines add little to what the day was about
MAX_SENTENCES = 4
ATTEMPTS = 2  # a second draft when the checks left less than two sentences of the first


def conversation_lines(entries: list) -> tuple[list[str], list[str]]:
    """(lines the model may read, times a crisis answer was given)."""
    lines, crises = [], []
    for e in entries:
        if not isinstance(e, dict) or not isinstance(e.get("text"), str):
            continue
        who, text, time = e.get("who"), " ".join(e["text"].split()), str(e.get("time", ""))
        if who == "you":
            lines.append(f"Person: {text}")
        elif who == "companion":
            lines.append(f"Companion: {text[:COMPANION_CHARS]}{'…' if len(text) > COMPANION_CHARS else ''}")
        else:
            crises.append(time)
    return lines, crises


def fit(lines: list[str], budget_chars: int) -> tuple[list[str], bool]:
    """The most recent lines that fit the model's context; True when earlier ones were left out."""
    kept, used = [], 0
    for line in reversed(lines):
        if used + len(line) + 1 > budget_chars:
            break
        kept.append(line)
        used += len(line) + 1
    kept.reverse()
    return kept, len(kept) < len(lines)


def budget_for(context_tokens: int, max_tokens: int) -> int:
    # ~3 characters a token is a safe floor for English chat text; the system prompt and the
    # reply need their room first.
    return max(600, (context_tokens - max_tokens - 200) * 3)


def unsaid_feeling(sentence: str, said: str) -> str | None:
    """A feeling the sentence gives the person that they never named, if any. Words count as the
    same feeling when they share a stem ("sad"/"sadness", "calm"/"calmer", "anxiety"/"anxious")."""
    theirs = [w for w in re.findall(r"[a-z]+", said.lower()) if len(w) >= 3]
    for match in _FEELINGS.finditer(sentence):
        word = match.group(0).lower()
        if not any(_shared_stem(word, w) for w in theirs):
            return word
    return None


def _shared_stem(a: str, b: str) -> bool:
    if a.endswith("less") != b.endswith("less"):
        return False  # "hope" is not "hopeless"
    need = min(4, len(a), len(b))
    return a[:need] == b[:need]


def summary_sentences(backend, lines: list[str]) -> Iterator[str]:
    """The model's summary, sentence by sentence, each one kept only if the guard allows it and
    it names no feeling the person did not."""
    said = " ".join(line for line in lines if line.startswith("Person: "))
    messages = [
        {"role": "system", "content": SYSTEM},
        {"role": "user", "content": "The conversation:\n" + "\n".join(lines) + "\n\nWrite the summary."},
    ]
    splitter = SentenceSplitter()
    kept = 0

    def keep(pieces: list[str]) -> Iterator[str]:
        nonlocal kept
        for piece in pieces:
            verdict, text = judge(piece)
            text = " ".join(text.split())
            if verdict != KEEP or not any(c.isalpha() for c in text) or kept >= MAX_SENTENCES:
                continue
            if _ECHO.match(text):
                continue  # a line of the conversation copied out, not a summary
            if text[-1] not in ".!?…":
                continue  # cut off mid-sentence by the token limit: not said at all
            if unsaid_feeling(text, said) is None and guard_sentence(text).allowed:
                kept += 1
                yield text

    for delta in backend.stream_chat(messages):
        if isinstance(delta, str):
            yield from keep(splitter.feed(delta))
    yield from keep(splitter.flush())


def summarise(day: str, entries: list, backend, *, context_tokens: int, max_tokens: int) -> tuple[list[str], int]:
    """The printed summary of `day`, and the exit code."""
    lines, crises = conversation_lines(entries)
    if not lines and not crises:
        return [f"Nothing kept for {day}."], 0
    show = f"voice-companion journal show {day}"
    crisis_lines = [f"At {t or 'one point'}, a crisis answer was given, with a helpline." for t in crises]
    if not lines:
        return [f"Summary of {day}:", *crisis_lines], 0
    if backend is None:
        return [f"I can't reach a language model right now, so I can't write a summary. `{show}` shows the whole note."], 1
    fitted, cut = fit(lines, budget_for(context_tokens, max_tokens))
    try:
        said: list[str] = []
        for _ in range(ATTEMPTS):
            said = max(said, list(summary_sentences(backend, fitted)), key=len)
            if len(said) >= 2:
                break
    except LLMUnavailable as exc:
        return [f"The language model stopped before it could write a summary ({exc}). `{show}` shows the whole note."], 1
    if not said:
        return [f"I couldn't write a summary of {day} that I'd trust. `{show}` shows the whole note."], 1
    header = (f"Summary of {day}, written by the language model from your note (not by a person: it can leave "
              f"things out or get them wrong). The whole note: {show}")
    if cut:
        header += "\nThe day was long, so this covers only its later part."
    return [header, *said, *crisis_lines], 0
