"""Make LLM text fit to be spoken: no markdown, lists, emoji, links or stage directions."""

from __future__ import annotations

import re

_EMOJI = re.compile(
    "[\U0001F000-\U0001FAFF\U00002600-\U000027BF\U0001F900-\U0001F9FF\U00002B00-\U00002BFF\uFE0F\u200D]"
)
# Each pattern stops at the next delimiter of its own kind (no ".*?" that could run to the end
# of the text from every starting point) and the line patterns never cross a line: linear in
# the text, so a model that emits 10,000 brackets or newlines costs nothing special.
_MD = [
    (re.compile(r"```.*?```", re.S), " "),
    (re.compile(r"`([^`]*)`"), r"\1"),
    (re.compile(r"!\[[^\]\[]*\]\([^()]*\)"), " "),
    (re.compile(r"\[([^\]\[]+)\]\([^()]*\)"), r"\1"),
    (re.compile(r"https?://\S+"), " "),
    (re.compile(r"\*\*((?:(?!\*\*)[^\n])*)\*\*"), r"\1"),
    (re.compile(r"__((?:(?!__)[^\n])*)__"), r"\1"),
    (re.compile(r"(?<!\*)\*[^*\n]{1,40}\*(?!\*)"), " "),  # *smiles*: an action, not words to say
    (re.compile(r"(?<!\w)_(\S[^_\n]*)_(?!\w)"), r"\1"),
    (re.compile(r"^[ \t]{0,3}#{1,6}[ \t]*", re.M), ""),
    (re.compile(r"^[ \t]*(?:[-*+•]|\d+[.)])[ \t]+", re.M), ""),
    (re.compile(r"^[ \t]*>[ \t]?", re.M), ""),
]


_DIGIT_NAME = re.compile(r"(?<![\w-])\d(?:-\d){2,}(?![\w-])")
_DIGIT_WORDS = "zero one two three four five six seven eight nine".split()


def for_speech(text: str) -> str:
    for pattern, repl in _MD:
        text = pattern.sub(repl, text)
    # "4-7-8", "5-4-3-2-1": an exercise's name, said as words (as the offers say it); a
    # helpline number said this way is still a number to the output guard ("nine-eight-eight").
    text = _DIGIT_NAME.sub(lambda m: "-".join(_DIGIT_WORDS[int(d)] for d in m.group(0).split("-")), text)
    text = _EMOJI.sub("", text)
    text = text.replace("&", " and ").replace("*", "").replace("#", "").replace("~", "")
    return re.sub(r"[ \t]+", " ", text).strip()


def speakable(text: str) -> str:
    """What the voice should actually say: helpline and emergency numbers digit by digit."""
    from voice_companion.safety.helplines import SPOKEN_NUMBERS

    for written, spoken in SPOKEN_NUMBERS.items():
        if written in text:
            text = re.sub(rf"(?<![\w.]){re.escape(written)}(?![\w])", spoken, text)
    return text
