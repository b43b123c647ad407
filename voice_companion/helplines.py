"""Helplines by region and the fixed words spoken when the crisis gate fires.

These lines are fixed text, never generated: every word here should be one a careful
counsellor would sign. Short sentences, because the listener may be exhausted or panicking.
"""

from __future__ import annotations

from dataclasses import dataclass

_DIGIT_WORDS = {
    "0": "zero", "1": "one", "2": "two", "3": "three", "4": "four",
    "5": "five", "6": "six", "7": "seven", "8": "eight", "9": "nine",
}


@dataclass(frozen=True)
class Region:
    name: str
    helpline: tuple[str, ...]  # how to reach a person, as spoken sentences
    helpline_number: str  # digits with spaces where a person would pause, "" if none
    emergency: str


REGIONS: dict[str, Region] = {
    "US": Region(
        "United States",
        ("You can call or text 988, any time.",),
        "988",
        "911",
    ),
    "CA": Region(
        "Canada",
        ("You can call or text 988, any time.",),
        "988",
        "911",
    ),
    "UK": Region(
        "United Kingdom",
        ("You can call Samaritans on 116 123.", "It's free, any time, day or night."),
        "116 123",
        "999",
    ),
    "IE": Region(
        "Ireland",
        ("You can call Samaritans on 116 123.", "It's free, any time, day or night."),
        "116 123",
        "112",
    ),
    "AU": Region(
        "Australia",
        ("You can call Lifeline on 13 11 14, any time.",),
        "13 11 14",
        "000",
    ),
    "NZ": Region(
        "New Zealand",
        ("You can call or text 1737, any time.",),
        "1737",
        "111",
    ),
    "other": Region(
        "elsewhere",
        ("You can find a free helpline near you at findahelpline.com.",),
        "",
        "112",
    ),
}

_ALIASES = {"GB": "UK", "USA": "US", "NI": "UK", "ENGLAND": "UK", "SCOTLAND": "UK", "WALES": "UK"}


# How the numbers that matter are said aloud: digit by digit (988 is not "nine hundred and
# eighty-eight"), or as people in that country say them.
SPOKEN_NUMBERS = {
    "116 123": "one one six, one two three",
    "13 11 14": "thirteen, eleven, fourteen",
    "1737": "one seven three seven",
    "988": "nine eight eight",
    "911": "nine one one",
    "999": "nine nine nine",
    "112": "one one two",
    "000": "triple zero",
    "111": "one one one",
    "findahelpline.com": "find a helpline dot com",
}


def region_key(region: str) -> str:
    key = (region or "").strip().upper()
    key = _ALIASES.get(key, key)
    return key if key in REGIONS else "other"


def _region(region: str) -> Region:
    return REGIONS[region_key(region)]


def emergency_number(region: str) -> str:
    return _region(region).emergency


def _spoken_digits(number: str) -> str:
    return " ".join(_DIGIT_WORDS[c] + "." for c in number if c.isdigit())


def _emergency_line(region: str) -> str:
    r = _region(region)
    if region_key(region) == "other":
        return (
            "If you are in danger right now, call your local emergency number."
            " In much of the world that is 112."
        )
    return f"If you are in danger right now, call {r.emergency}."


def crisis_reply(region: str) -> list[str]:
    """The fixed answer when the gate fires: warm, brief, a person to reach, and an offer to stay."""
    r = _region(region)
    return [
        "I'm really glad you told me.",
        "You matter, and you don't have to carry this alone.",
        "This is more than I can help with, but a person can, right now.",
        *r.helpline,
        _emergency_line(region),
        "I can stay with you and do a grounding exercise while you reach out. Would you like that?",
    ]


def helpline_slowly(region: str) -> list[str]:
    """The number again, one digit at a time, for someone writing it down or dialling."""
    r = _region(region)
    if not r.helpline_number:
        return [
            "Here it is again, slowly.",
            "find. a. helpline. dot. com.",
            "Or your local emergency number. In much of the world that is one. one. two.",
        ]
    lines = ["Here it is again, slowly.", _spoken_digits(r.helpline_number)]
    if region_key(region) in ("US", "CA", "NZ"):
        lines.append("You can call or text.")
    lines.append("Once more.")
    lines.append(_spoken_digits(r.helpline_number))
    return lines


def helpline_short(region: str) -> str:
    """One line to keep the way to a person in view without repeating the whole answer."""
    return _region(region).helpline[0]
