"""The sentences an exercise file says, and which of them is nearest a question.

An open question ("can I do it standing up?") is often answered by one sentence the counsellor
already wrote ("You can do this sitting up or lying down"). When one sentence is clearly that
close, it is said as written: no model, no chance of a "yes" the file denies. When it is only
near, it is still the line the model's yes or no is checked against (see polarity).

The embedder is passed in (the crisis gate's, already loaded); everything else is pure.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from voice_companion.exercise.format import AskStep, BranchStep, BreatheStep, Exercise, SayStep
from voice_companion.textnorm import tokens

# Chosen on tests/data/exercise_answer_lines.jsonl (questions written for this, not the
# measured sets): at or above SAY_FLOOR the nearest line was the answer to every question that
# had one, and no question the file is silent on got that close (scripts/calibrate_answer_lines.py).
SAY_FLOOR = 0.62
# Near enough that a bare yes or no must agree with the line (a false alarm only costs the
# model's wording: the file's line is said instead).
CHECK_FLOOR = 0.45

_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text or "") if s.strip()]


def no_hold_line(exercise: Exercise) -> str | None:
    """The file's pattern said as a fact people ask about: there is no hold in it."""
    pattern = [p for s in exercise.steps if isinstance(s, BreatheStep) for p in s.pattern]
    if not pattern or any(p.kind == "hold" for p in pattern):
        return None
    return "There's no hold in it: you breathe in and out without holding your breath."


# The exercise's opening invitation ("Let's do some box breathing together"): it answers nothing.
_INVITATION = re.compile(r"^let's (?:do|try|ground|breathe|begin)\b", re.IGNORECASE)


def answer_lines(exercise: Exercise) -> list[str]:
    """Every statement the file makes that could answer a question, in the file's order: how it
    goes, who should go carefully, why it may help, and what the exercise itself says. Its
    questions ("What are five things you can see?") and stage directions ("Let's begin.") are
    left out: they answer nothing."""
    texts = [exercise.how_to or exercise.summary, exercise.go_carefully or "", exercise.why_it_helps or ""]
    for step in exercise.steps:
        if isinstance(step, (SayStep, AskStep, BranchStep)) and "{" not in step.text:
            texts.append(step.text)
    lines: list[str] = []
    for text in texts:
        for s in _sentences(text):
            if s.endswith("?") or len(s.split()) < 4 or _INVITATION.match(s) or s in lines:
                continue
            lines.append(s)
    extra = no_hold_line(exercise)
    if extra:
        lines.append(extra)
    return lines


_NUMBER = dict(enumerate("zero one two three four five six seven eight nine ten eleven twelve".split()))
_NAME_WORDS = frozenset("breathing breath breathe sigh sighing grounding one exercise routine thing".split())


def _words(text: str) -> list[str]:
    return [_NUMBER.get(int(w), w) if w.isdigit() and int(w) in _NUMBER else w for w in tokens(text)]


def exercise_names(exercise: Exercise) -> list[tuple[str, ...]]:
    """How people name it ("box breathing", "the four seven eight one"): its title, its id, and
    its short trigger phrases that share a word with those, longest first."""
    own = set(_words(exercise.title)) | set(exercise.id.split("_"))
    names = {tuple(_words(exercise.title)), tuple(_words(exercise.id.replace("_", " ")))}
    for trigger in exercise.triggers:
        words = tuple(_words(trigger))
        if len(words) <= 4 and (own & set(words) - _NAME_WORDS or set(words) <= own):
            names.add(words)
    # "the four seven eight", "the cyclic one": the title without its kind word.
    bare = tuple(w for w in _words(exercise.title) if w not in _NAME_WORDS)
    if bare and (len(bare) > 1 or len(bare[0]) >= 3):
        names.add(bare)
    return sorted((n for n in names if n), key=len, reverse=True)


def neutral(text: str, names: list[tuple[str, ...]]) -> str:
    """The text with the exercise's name said as "it": every line of a file and most questions
    about it share the name, and a line that only repeats it ("Let's do some box breathing
    together") would otherwise look nearest to any question that names it."""
    words = _words(text)
    out: list[str] = []
    i = 0
    while i < len(words):
        for name in names:
            if tuple(words[i : i + len(name)]) == name:
                out.append("it")
                i += len(name)
                while i < len(words) and words[i] in _NAME_WORDS:
                    i += 1  # "the four seven eight one": "one" was part of the name
                break
        else:
            out.append(words[i])
            i += 1
    return " ".join(out)


# A line that leans on the one before it ("Let it be longer than the breaths in" after "The
# breath out is the important part"; "If that happens, stop" after what might happen) is said with it.
_LEANS = re.compile(r"^(?:it|its|it's|they|that|that's|this|these|those|so|then|also|otherwise|instead|let it|but"
                    r"|(?:if|when|once) (?:that|this|so|they|those|these)\b)\b", re.IGNORECASE)


def leads(exercise: Exercise) -> dict[str, str]:
    """line -> the sentence before it in the same text, for lines that lean on it."""
    out: dict[str, str] = {}
    texts = [exercise.how_to or exercise.summary, exercise.go_carefully or "", exercise.why_it_helps or ""]
    texts += [s.text for s in exercise.steps if isinstance(s, (SayStep, AskStep, BranchStep))]
    for text in texts:
        sentences = _sentences(text)
        for before, line in zip(sentences, sentences[1:]):
            if _LEANS.match(line) and not before.endswith("?"):
                out.setdefault(line, before)
    return out


@dataclass(frozen=True)
class Nearest:
    line: str
    score: float       # cosine similarity, question to line
    second: str | None  # the next nearest line, when it is close too (SAY_FLOOR)
    shares: bool = True  # the line has a word of the question few of the file's lines have


# Said of every breathing exercise, or of anything at all: never what tells two lines apart.
_GENERIC = frozenset({"breathe", "breath", "breaths", "through", "into", "onto", "your", "yours"})


def distinctive_keys(exercise: Exercise, lines: list[str]) -> list[set[str]]:
    """Each line's content words, less its name and the words in more than a sixth of its
    lines ("breathe" in a breathing exercise): what is left tells one line from another."""
    from voice_companion.exercise.answers import content_keys

    keyed = [content_keys(t) for t in lines]
    common = {k for keys in keyed for k in keys if sum(k in ks for ks in keyed) > len(keyed) / 6}
    common |= content_keys(exercise.title) | _GENERIC
    return [keys - common for keys in keyed]


def spoken(near: Nearest, exercise: Exercise) -> list[str]:
    """What is said for a line at or above SAY_FLOOR: the line (after the one it leans on), and
    the next nearest when that is as close. Never more than three sentences."""
    from voice_companion.exercise.answers import content_keys

    lead = leads(exercise)
    out: list[str] = []
    for line in (near.line, near.second):
        if line is None or (out and content_keys(line) <= content_keys(" ".join(out))):
            continue  # the second says nothing the first did not
        for s in (lead.get(line), line):
            if s and s not in out:
                out.append(s)
    return out[:3]


class LineIndex:
    """Each exercise's lines, embedded once per process on first use (a few ms per exercise)."""

    def __init__(self, embed: Callable[[list[str]], np.ndarray]) -> None:
        self.embed = embed
        self._cache: dict[tuple[str, int], tuple[list[str], np.ndarray, list[tuple[str, ...]], list[set[str]]]] = {}

    def _lines(self, exercise: Exercise) -> tuple[list[str], np.ndarray, list[tuple[str, ...]], list[set[str]]]:
        key = (exercise.id, id(exercise))
        if key not in self._cache:
            lines, names = answer_lines(exercise), exercise_names(exercise)
            vecs = self.embed([neutral(t, names) for t in lines]) if lines else np.zeros((0, 1), dtype=np.float32)
            self._cache[key] = (lines, vecs, names, distinctive_keys(exercise, lines))
        return self._cache[key]

    def nearest(self, exercise: Exercise, question: str) -> Nearest | None:
        from voice_companion.exercise.answers import content_keys

        lines, vecs, names, keys = self._lines(exercise)
        if not lines:
            return None
        asked = content_keys(neutral(question, names))  # "four seven eight" names it: no key of a line
        return nearest_of(lines, vecs, self.embed([neutral(question, names)])[0], [bool(asked & k) for k in keys])


def nearest_of(lines: list[str], vecs: np.ndarray, query: np.ndarray, shares: list[bool] | None = None) -> Nearest:
    """Pure: the line whose vector is nearest the query's (unit vectors: a dot product), among
    those that share a distinctive word with the question when any does. Meaning alone is not
    enough: "If it feels uncomfortable, stop and breathe normally" came nearest "do I breathe
    out through my mouth?", and shares only "breathe" with it."""
    sims = vecs @ query
    shares = shares if shares is not None else [True] * len(lines)
    order = [int(i) for i in np.argsort(-sims)]
    pool = [i for i in order if shares[i]] or order
    best = pool[0]
    second = pool[1] if len(pool) > 1 else None
    close = second is not None and shares[second] and float(sims[second]) >= SAY_FLOOR
    return Nearest(lines[best], float(sims[best]), lines[second] if close else None, shares[best])


_shared: LineIndex | None = None
_failed = False


def shared_index() -> LineIndex | None:
    """One per process, on the crisis gate's own embedder; None when that model is not there
    (open questions then go to the model as before)."""
    global _shared, _failed
    if _shared is None and not _failed:
        from voice_companion.safety.semantic import shared_flagger

        flagger = shared_flagger()
        if flagger is None:
            _failed = True
        else:
            _shared = LineIndex(flagger.embedder.embed)
    return _shared
