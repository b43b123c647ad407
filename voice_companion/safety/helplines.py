"""Helplines by region and the fixed words spoken when the crisis gate fires.

These lines are fixed text, never generated: every word here should be one a careful
counsellor would sign. Short sentences, because the listener may be exhausted or panicking.
"""

from __future__ import annotations

import re
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


def crisis_reply(region: str, category: str | None = None) -> list[str]:
    """The fixed answer when the gate fires: warm, brief, a person to reach, and an offer to stay.
    With the gate's category, a disclosure of harm from others gets its own service's line first
    (crisis_reply_for)."""
    if category in HARM_FROM_OTHERS:
        return crisis_reply_for(category, region)
    r = _region(region)
    return [
        "I'm really glad you told me.",
        "You matter, and you don't have to carry this alone.",
        "This is more than I can help with, but a person can, right now.",
        *r.helpline,
        _emergency_line(region),
        "I can stay with you and do a grounding exercise while you reach out. Would you like that?",
    ]


# Services for harm from others, by crisis category and region: a person who discloses abuse or an
# assault needs the line that handles it, not only a suicide line. Only numbers checked against the
# services' own published details (2026); a region or category without an entry falls back to the
# general helpline, which can refer on. Each line says who answers, so the person knows what they
# are calling.
SPECIFIC_LINES: dict[str, dict[str, tuple[str, ...]]] = {
    "danger_at_home": {
        "US": ("The National Domestic Violence Hotline is 1 800 799 7233, any time.",),
        "UK": ("The National Domestic Abuse Helpline is 0808 2000 247. It's free, any time.",),
        "AU": ("1800RESPECT is 1800 737 732, any time.",),
    },
    "sexual_assault": {
        "US": ("The RAINN sexual assault hotline is 1 800 656 4673, any time.",),
        "UK": ("Rape Crisis is 0808 500 2222, any time. It's free.",),
        "AU": ("1800RESPECT is 1800 737 732, any time.",),
    },
    "child_abuse": {
        "US": ("The Childhelp hotline is 1 800 422 4453. They talk with children and with adults who are worried "
               "about a child.",),
        "UK": ("The NSPCC helpline is 0808 800 5000, for anyone worried about a child.",
               "If you're under 18, Childline is 0800 1111."),
        "CA": ("Kids Help Phone is 1 800 668 6868, any time.",),
        "AU": ("Kids Helpline is 1800 55 1800, any time.",),
        "IE": ("If you're under 18, Childline is 1800 66 66 66.",),
    },
}
HARM_FROM_OTHERS = tuple(SPECIFIC_LINES)

SPOKEN_NUMBERS.update({
    "1 800 799 7233": "one, eight hundred, seven nine nine, seven two three three",
    "0808 2000 247": "oh eight oh eight, two thousand, two four seven",
    "1800 737 732": "one eight hundred, seven three seven, seven three two",
    "1 800 656 4673": "one, eight hundred, six five six, four six seven three",
    "0808 500 2222": "oh eight oh eight, five hundred, two two two two",
    "1 800 422 4453": "one, eight hundred, four two two, four four five three",
    "0808 800 5000": "oh eight oh eight, eight hundred, five thousand",
    "0800 1111": "oh eight hundred, one one one one",
    "1 800 668 6868": "one, eight hundred, six six eight, six eight six eight",
    "1800 55 1800": "one eight hundred, five five, one eight hundred",
    "1800 66 66 66": "one eight hundred, sixty-six, sixty-six, sixty-six",
})


def lines_for(category: str | None, region: str) -> tuple[str, ...]:
    """The service that handles this kind of harm in this region (domestic abuse, sexual assault,
    a child at risk), or () when there is none in the table: then the general helpline stands alone."""
    return SPECIFIC_LINES.get(category or "", {}).get(region_key(region), ())


def crisis_reply_for(category: str | None, region: str) -> list[str]:
    """The fixed answer for a crisis of this category. For harm from others (abuse, assault, a
    child at risk) it names what happened without labelling the person, gives that service's line
    first, then the general helpline and the emergency number; otherwise it is crisis_reply()."""
    if category not in HARM_FROM_OTHERS:
        return crisis_reply(region)
    specific = lines_for(category, region)
    r = _region(region)
    opening = {
        "child_abuse": "What you've told me matters, and it needs a person who can help keep a child safe.",
        "sexual_assault": "What happened to you is not your fault.",
        "danger_at_home": "No one deserves to be hurt or frightened like that.",
    }[category]
    return [
        "I'm really glad you told me.",
        opening,
        "This is more than I can help with, but a person can, right now.",
        *specific,
        *(r.helpline if not specific else ("Or " + r.helpline[0][0].lower() + r.helpline[0][1:],)),
        _emergency_line(region),
        "I can stay with you and do a grounding exercise while you reach out. Would you like that?",
    ]


def _specific_number(category: str | None, region: str) -> str:
    lines = lines_for(category, region)
    m = re.search(r"\d[\d ]*\d", lines[0]) if lines else None
    return m.group(0) if m else ""


def helpline_slowly(region: str, category: str | None = None) -> list[str]:
    """The number again, one digit at a time, for someone writing it down or dialling. With a
    category that has its own service in this region, that service's number."""
    specific = _specific_number(category, region)
    if specific:
        return ["Here it is again, slowly.", _spoken_digits(specific), "Once more.", _spoken_digits(specific)]
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


def helpline_short(region: str, category: str | None = None) -> str:
    """One line to keep the way to a person in view without repeating the whole answer (the
    category's own service first, where the region has one)."""
    specific = lines_for(category, region)
    return specific[0] if specific else _region(region).helpline[0]
