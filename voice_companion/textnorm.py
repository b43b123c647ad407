"""Shared normalisation for speech-recognition transcripts.

Whisper output varies between runs and speakers: sometimes capitalised and punctuated, sometimes
not; curly or missing apostrophes ("cant", "im"); hesitation noises; digits or number words.
Everything that interprets what the person said should compare *normalised* text so that these
surface differences never change the meaning we extract.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = [
    "DISFLUENCIES",
    "LEADING_FILLERS",
    "expand_contractions",
    "normalize",
    "strip_leading_fillers",
    "tokens",
]

# Pure hesitation noises carry no meaning anywhere in a sentence, so they are removed everywhere.
DISFLUENCIES: frozenset[str] = frozenset(
    {"um", "umm", "ummm", "uh", "uhh", "uhm", "er", "erm", "err", "hmm", "hm", "mm", "mmm", "ah", "ahh", "eh"}
)

# These are only fillers at the *start* of an utterance ("so um stop", "okay go", "like i can't
# breathe"); in the middle they can carry meaning ("i feel like", "so tired"), so they stay there.
LEADING_FILLERS: tuple[tuple[str, ...], ...] = (
    ("you", "know"),
    ("i", "mean"),
    ("like",),
    ("please",),
    ("so",),
    ("okay",),
    ("ok",),
    ("well",),
    ("oh",),
    ("right",),
    ("alright",),
    ("and",),
)

# Whisper sometimes drops the apostrophe; only forms that are not also ordinary words are listed
# ("ill", "its", "well", "were", "id", "hell" are real words and must not be rewritten).
_CONTRACTIONS: dict[str, str] = {
    "can't": "can not", "cant": "can not", "cannot": "can not",
    "won't": "will not", "wont": "will not",
    "shan't": "shall not",
    "don't": "do not", "dont": "do not",
    "doesn't": "does not", "doesnt": "does not",
    "didn't": "did not", "didnt": "did not",
    "isn't": "is not", "isnt": "is not",
    "aren't": "are not", "arent": "are not",
    "wasn't": "was not", "wasnt": "was not",
    "weren't": "were not", "werent": "were not",
    "haven't": "have not", "havent": "have not",
    "hasn't": "has not", "hasnt": "has not",
    "hadn't": "had not", "hadnt": "had not",
    "couldn't": "could not", "couldnt": "could not",
    "wouldn't": "would not", "wouldnt": "would not",
    "shouldn't": "should not", "shouldnt": "should not",
    "mustn't": "must not", "mustnt": "must not",
    "ain't": "is not", "aint": "is not",
    "i'm": "i am", "im": "i am",
    "i've": "i have", "ive": "i have",
    "i'll": "i will",
    "i'd": "i would",
    "you're": "you are", "youre": "you are",
    "you've": "you have", "you'll": "you will", "you'd": "you would",
    "we're": "we are", "we've": "we have", "we'll": "we will", "we'd": "we would",
    "they're": "they are", "theyre": "they are", "they've": "they have", "they'll": "they will",
    "it's": "it is", "it'll": "it will", "it'd": "it would",
    "that's": "that is", "thats": "that is", "that'll": "that will",
    "there's": "there is", "theres": "there is",
    "here's": "here is",
    "what's": "what is", "whats": "what is",
    "who's": "who is", "where's": "where is", "when's": "when is", "why's": "why is",
    "how's": "how is", "hows": "how is",
    "let's": "let us", "lets": "let us",
    "he's": "he is", "she's": "she is", "he'll": "he will", "she'll": "she will",
    "y'all": "you all",
    "gonna": "going to", "wanna": "want to", "gotta": "got to", "gimme": "give me",
    "lemme": "let me", "kinda": "kind of", "sorta": "sort of", "dunno": "do not know",
}

_APOSTROPHES = re.compile(r"[\u2018\u2019\u02bc\u0060\u00b4]")
_WORD_RE = re.compile(r"[a-z0-9']+")
# Only the digit strings that name exercises are split; "10" or "730" must stay numbers.
_EXERCISE_NUMBER = re.compile(r"\b(?:478|54321|4321|321)\b")
_DIGIT_RUN = re.compile(r"(?<=\d)(?=[^\d\s])|(?<=[^\d\s])(?=\d)")


def expand_contractions(text: str) -> str:
    """Rewrite contractions (with or without the apostrophe) in already-lowercased text."""
    out: list[str] = []
    for word in text.split():
        key = word.strip("'")
        exp = _CONTRACTIONS.get(key)
        if exp is None and key.endswith("n't"):
            exp = key[:-3] + " not"
        elif exp is None and key.endswith("'re"):
            exp = key[:-3] + " are"
        elif exp is None and key.endswith("'ve"):
            exp = key[:-3] + " have"
        elif exp is None and key.endswith("'ll"):
            exp = key[:-3] + " will"
        elif exp is None and key.endswith("'s"):
            # Possessive or "is": either way the bare noun is what matching needs.
            exp = key[:-2]
        out.append(exp if exp is not None else key)
    return " ".join(out)


def strip_leading_fillers(words: list[str]) -> list[str]:
    """Drop filler words/phrases from the start, repeatedly ("so um okay like stop" -> "stop")."""
    i = 0
    changed = True
    while changed and i < len(words):
        changed = False
        for filler in LEADING_FILLERS:
            n = len(filler)
            if tuple(words[i:i + n]) == filler and i + n <= len(words):
                i += n
                changed = True
                break
    return words[i:]


def tokens(text: str) -> list[str]:
    """Normalised words of `text` (see `normalize`)."""
    text = _APOSTROPHES.sub("'", text.lower())
    # "4-7-8", "5,4,3,2,1" and "478" style digit strings all become separate digits, because
    # Whisper renders the same spoken "four seven eight" in any of these forms.
    text = re.sub(r"(?<=\d)[\s,.\-/]+(?=\d)", " ", text)
    text = _EXERCISE_NUMBER.sub(lambda m: " ".join(m.group(0)), text)
    text = _DIGIT_RUN.sub(" ", text)
    words = _WORD_RE.findall(text)
    words = expand_contractions(" ".join(words)).split()
    words = [w for w in words if w not in DISFLUENCIES and w.strip("'")]
    return strip_leading_fillers(words)


def normalize(text: str) -> str:
    """Lowercase, unify apostrophes, expand contractions, split digit runs, drop punctuation,
    drop hesitation noises anywhere and filler words at the start, collapse whitespace.

    >>> normalize("Um, okay... I CAN'T breathe!")
    'i can not breathe'
    """
    return " ".join(tokens(text))


# --- Sound-alike helpers -------------------------------------------------------------------
# Speech recognisers substitute words that *sound* alike ("paws"/"pause", "stob"/"stop",
# "box breeding"/"box breathing"), so spelling distance alone misses many real errors. A coarse
# consonant skeleton (voicing merged, vowels dropped) catches those; callers combine it with a
# spelling-similarity floor so unrelated words that share a skeleton ("good"/"quit") stay apart.

_KEY_RULES: tuple[tuple[str, str], ...] = (
    ("tch", "s"), ("sch", "sk"), ("ch", "s"), ("sh", "s"), ("ph", "f"), ("th", "t"), ("wh", "w"),
    ("ck", "k"), ("qu", "k"), ("dg", "k"), ("ng", "n"), ("gh", ""), ("x", "ks"), ("q", "k"),
)
_KEY_MAP = str.maketrans({"b": "p", "d": "t", "g": "k", "j": "k", "v": "f", "z": "s"})
_VOWELISH = set("aeiouywh")


@lru_cache(maxsize=8192)  # the router asks for each heard word against every vocabulary word
def sound_key(word: str) -> str:
    """A coarse phonetic skeleton of `word` (spaces ignored, so "re peat" == "repeat").

    A leading vowel is kept as "a" because it is audible and separates e.g. "again" from "go on".
    """
    w = "".join(ch for ch in word.lower() if "a" <= ch <= "z")
    if not w:
        return ""
    lead = "a" if w[0] in "aeiou" else ""
    for src, dst in _KEY_RULES:
        w = w.replace(src, dst)
    w = re.sub(r"c(?=[eiy])", "s", w).replace("c", "k").translate(_KEY_MAP)
    out: list[str] = []
    for ch in w:
        if ch in _VOWELISH:
            continue
        if not out or out[-1] != ch:
            out.append(ch)
    return lead + "".join(out)


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Optimal-string-alignment distance (adjacent transpositions count 1), capped at limit+1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                v = min(v, prev2[j - 2] + 1)
            cur[j] = v
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return min(prev[-1], limit + 1)
