"""Does the model's yes agree with the file line it rests on?

"Do the counts have to be exact?" "Yes." has no number or phase for the contradiction check to
catch, yet the file says "The counts don't need to be exact." A question and the file line
nearest it (file_lines) say which way the answer goes: a line that negates what the question
asks ("don't need to be" against "have to be") means the answer is no, and a "yes" is then the
model's guess, not the file's. Pure: words only.
"""

from __future__ import annotations

import re

from voice_companion.textnorm import tokens

_NEGATION = re.compile(r"\b(?:no|not|never|without|nor|nothing|none|nobody|nowhere|neither)\b")
# A reply that starts by agreeing: a bare yes, or "you can", "there is", "it does".
_AFFIRMS = re.compile(
    r"^(?:(?:yes|yeah|yep|sure|of course|absolutely|definitely|correct|indeed|certainly)\b"
    r"|(?:you|it|there|that|this|they) (?:can|could|should|do|does|is|are|will|have to|has to|need to|needs to|must|may)\b(?! not\b))"
)


def _flat(text: str) -> str:
    return " ".join(tokens(text))  # contractions expanded: "don't" is "do not"


def negated(text: str) -> bool:
    return bool(_NEGATION.search(_flat(text)))


def affirms(sentence: str) -> bool:
    """The reply says yes: "Yes, ...", "You can ...", "There is ..." (and no "not" in its opening)."""
    flat = _flat(sentence)
    return bool(_AFFIRMS.match(flat)) and not _NEGATION.search(" ".join(flat.split()[:4]))


# Words for one of two ways of doing a thing: a file line that names only the other way answers
# a question about this one with no ("through my mouth?" against "Breathe in through your nose").
_WAYS = (
    frozenset({"nose", "mouth"}),
    frozenset({"loud", "aloud", "quietly", "silently", "yourself", "head"}),
    frozenset({"stand", "standing", "stood", "sit", "sitting", "lie", "lying"}),
    frozenset({"deep", "deeply", "gently", "gentle"}),
    frozenset({"inbreath", "outbreath"}),
)
_MUST = re.compile(r"\b(?:have to|has to|need to|needs to|must|supposed to|meant to|got to|should (?:i|we))\b")
_CHOICE = re.compile(r"\b(?:or|if you like|if you want|whichever)\b")


_PHASES = ((re.compile(r"\b(?:breathe|breathing|breath|breaths) in\b|\binhal\w*"), " inbreath "),
           (re.compile(r"\b(?:breathe|breathing|breath|breaths) out\b|\bexhal\w*"), " outbreath "))


def _way_words(text: str) -> set[str]:
    """The words, with "breathe in" and "breathe out" each one word: two ways of breathing."""
    flat = _flat(text)
    for pattern, word in _PHASES:
        flat = pattern.sub(word, flat)
    return set(flat.split())


def _other_way(question: set[str], line: set[str]) -> bool:
    return any((question & ways) and (line & ways) and not (question & line & ways) for ways in _WAYS)


def expected_answer(question: str, line: str) -> str:
    """ "no" when the line negates what the question asks (one of them negated, not both), names
    only the other way of doing it, or offers a choice where the question asks if it must."""
    q, said = _flat(question), _flat(line)
    if negated(question) != negated(line):
        return "no"
    if _other_way(_way_words(question), _way_words(line)):
        return "no"
    if _MUST.search(q) and _CHOICE.search(said):
        return "no"  # "do I have to open the curtains?" "open the curtains, or turn on a light"
    return "yes"


def yes_against_line(sentence: str, question: str, line: str) -> bool:
    """The model said yes where the file line nearest the question says no. A reply that names
    the way the line names ("You can do it sitting up or lying down" to "standing up?") says
    what the file says, whatever its first word."""
    if not affirms(sentence) or expected_answer(question, line) != "no":
        return False
    said, asked, own = (_way_words(t) for t in (sentence, question, line))
    return not any((said & own & ways) - asked for ways in _WAYS)
