"""Make LLM text fit to be spoken: no markdown, lists, emoji, links or stage directions."""

from __future__ import annotations

import re

_EMOJI = re.compile(
    "[\U0001F000-\U0001FAFF\U00002600-\U000027BF\U0001F900-\U0001F9FF\U00002B00-\U00002BFF\uFE0F\u200D]"
)
_MD = [
    (re.compile(r"```.*?```", re.S), " "),
    (re.compile(r"`([^`]*)`"), r"\1"),
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), " "),
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),
    (re.compile(r"https?://\S+"), " "),
    (re.compile(r"(\*\*|__)(.*?)\1"), r"\2"),
    (re.compile(r"(?<!\*)\*[^*\n]{1,40}\*(?!\*)"), " "),  # *smiles*: an action, not words to say
    (re.compile(r"(?<!\w)_(\S.*?)_(?!\w)"), r"\1"),
    (re.compile(r"^\s{0,3}#{1,6}\s*", re.M), ""),
    (re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+", re.M), ""),
    (re.compile(r"^\s*>\s?", re.M), ""),
]


def for_speech(text: str) -> str:
    for pattern, repl in _MD:
        text = pattern.sub(repl, text)
    text = _EMOJI.sub("", text)
    text = text.replace("&", " and ").replace("*", "").replace("#", "").replace("~", "")
    return re.sub(r"[ \t]+", " ", text).strip()


def speakable(text: str) -> str:
    """What the voice should actually say: helpline and emergency numbers digit by digit."""
    from .helplines import SPOKEN_NUMBERS

    for written, spoken in SPOKEN_NUMBERS.items():
        if written in text:
            text = re.sub(rf"(?<![\w.]){re.escape(written)}(?![\w])", spoken, text)
    return text
