"""Deterministic routing of a transcript to a command, an exercise, or conversation.

Runs on every utterance before any LLM, so it is pure standard-library logic, a fraction of a
millisecond per call. The order of decisions, and why:

1. Voice commands (commands.match_command) first: they must work even mid-exercise and never wait
   for a model.
2. Questions *about* an exercise ("why does breathing help", "tell me about grounding") are
   conversation, not a request to start one. Physical distress wins over "why" though:
   "why can't i breathe" is a person who cannot breathe.
3. Exercise requests and the states an exercise is for ("i can't breathe", "i feel unreal",
   "i just can't face the day"), matched loosely: each exercise's own trigger phrases plus a
   built-in vocabulary per category, compared word by word with spelling and sound-alike
   tolerance so recognition errors ("box breeding", "rounding") still land.
4. Help-seeking without a clear kind ("help me", "i feel awful", "can we do an exercise") is
   "talk" with sure=False and a few exercises to offer by name.
5. Everything else is conversation.

While an exercise is running the person is *answering its prompts* ("five things... the door,
the bed", "breathing in"), so only an explicit request ("can we do box breathing instead")
switches exercise; mere mentions are conversation.

Check-in decision: the "name what you feel" check-in (category "check_in") is only started when
explicitly asked for ("check in with me", "body scan", "help me name what i'm feeling"); that
routes as intent "grounding" with exercise="name_what_you_feel", because it is a present-moment
settling exercise and INTENTS has no check-in intent. General low mood is "talk".

Policy on negation: "i don't want to do breathing" / "not the breathing one" exclude breathing
(and become an unsure "talk" offering the others), but a negated *state* is still that state:
"i don't want to get up" is exactly what the get-out-of-bed routine is for.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from voice_companion.routing.commands import expand_pattern, match_command
from voice_companion.routing.intents import CLASSIFIER_LABELS, INTENTS
from voice_companion.textnorm import edit_distance, sound_key, tokens

__all__ = [
    "CLASSIFIER_LABELS",
    "INTENTS",
    "ExerciseInfo",
    "Route",
    "Router",
    "classifier_prompt",
    "parse_classifier_output",
]



@dataclass(frozen=True)
class Route:
    intent: str                       # one of INTENTS
    exercise: str | None = None       # a specific exercise id when one is clear
    sure: bool = True                 # False: the rules could not tell; ask the classifier or offer choices
    choices: tuple[str, ...] = ()     # exercise ids to offer by name when the request is unclear


@dataclass(frozen=True)
class ExerciseInfo:
    id: str
    category: str                     # "grounding" | "breathing" | "get_out_of_bed" | "check_in"
    title: str
    triggers: tuple[str, ...]


# Category -> the intent it is routed as (see module docstring for check_in).
_CATEGORY_INTENT = {
    "breathing": "breathing", "grounding": "grounding", "get_out_of_bed": "get_out_of_bed",
    "check_in": "grounding",
}

# --- Text preparation -----------------------------------------------------------------------

_NUMBER_WORDS = {
    "zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
    "seven": "7", "eight": "8", "nine": "9", "ten": "10",
}
# Homophones of digits, only trusted next to another number ("for seven eight", "three to one").
_DIGIT_HOMOPHONES = {"for": "4", "fore": "4", "to": "2", "too": "2", "won": "1", "ate": "8", "free": "3",
                     "tree": "3", "sex": "6", "fife": "5", "fiver": "5"}
# Words whose presence or absence never changes which exercise is meant; removed on both sides.
_SOFT = frozenset({"a", "an", "the", "some", "my", "any", "just", "really", "so", "very", "please",
                   "like", "bit", "little", "kind", "sort", "actually", "maybe", "quite", "bloody"})
# Function words: matched exactly and weigh little, so they neither fuzz into content words
# ("but" must not become "bed") nor make a phrase look specific.
_FUNCTION = frozenset({"i", "me", "you", "we", "us", "it", "is", "am", "are", "was", "to", "of", "in", "on",
                       "up", "out", "at", "can", "not", "do", "does", "the", "and", "or", "but", "with",
                       "for", "this", "that", "be", "all", "what", "how", "myself", "feel", "one", "thing",
                       "get", "have", "need", "want", "help", "go", "some", "back", "down", "no", "will",
                       "your", "there", "here", "them", "they", "he", "she", "him", "her", "had", "has",
                       "did", "if", "then", "an", "too", "so", "by", "from", "about", "its", "been"})


# Everyday words that are the bare stem of an exercise word: "i fell on the ground" is not a
# request for grounding, so these only ever match themselves.
_COMMON_STEMS = frozenset({"ground", "box", "name", "check", "scan", "sign"})
# Triggers phrased as a first-person state ("i can't breathe") behave like built-in states.
_STATE_STARTS = frozenset({"i", "my", "everything", "nothing", "it", "everyone", "people", "me"})


def _prepare(text: str) -> list[str]:
    words = [_NUMBER_WORDS.get(w, w) for w in tokens(text)]
    for i, w in enumerate(words):
        if w in _DIGIT_HOMOPHONES:
            near = words[max(0, i - 1):i] + words[i + 1:i + 2]
            if any(n.isdigit() for n in near):
                words[i] = _DIGIT_HOMOPHONES[w]
    return [w for w in words if w not in _SOFT]


def _stem(w: str) -> str:
    for suf in ("ing", "ed", "es", "s", "e", "y"):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            return w[: -len(suf)]
    return w


@lru_cache(maxsize=65536)
def _word_match(heard: str, want: str) -> bool:
    """Could `heard` be a recognition (or inflection) of the vocabulary word `want`?"""
    if heard == want:
        return True
    if heard in _FUNCTION or want in _FUNCTION or heard.isdigit() or want.isdigit():
        return False
    kh, kw = sound_key(heard), sound_key(want)
    if len(want) <= 3 or len(heard) <= 3:
        # Short words only by sound with the same first letter ("bucks"/"box", "got"/"get").
        # Lengths must be close too, or "san" (Francisco) sounds like "sighing".
        return len(kw) >= 2 and kh == kw and heard[0] == want[0] and abs(len(heard) - len(want)) <= 2
    if heard in _COMMON_STEMS:
        return False
    sh, sw = _stem(heard), _stem(want)
    if sh == sw:
        return True
    if min(len(heard), len(want)) >= 5 and (edit_distance(heard, want, 1) <= 1 or edit_distance(sh, sw, 1) <= 1):
        return True
    if min(len(heard), len(want)) >= 8 and heard[0] == want[0] and edit_distance(heard, want, 2) <= 2:
        return True
    if kh == kw and len(kw) >= 2 and SequenceMatcher(None, heard, want).ratio() >= 0.6:
        return True
    return False


# --- Built-in vocabulary ----------------------------------------------------------------------
# kind "name": the exercise by name (negatable: "not the breathing one");
# kind "state": what the person is going through (not negatable: "i don't want to get up").
# Patterns use the commands.expand_pattern mini-language.

_VOCAB: tuple[tuple[str, str, str | None, str], ...] = (
    # breathing
    ("(breathing|breathe|breath|breaths)", "breathing", None, "name"),
    ("(breathing|breath|breathe) (exercise|exercises|thing|one|technique|practice)", "breathing", None, "name"),
    ("(deep|slow) (breath|breaths|breathing)", "breathing", None, "name"),
    ("(breathe|breath) with me", "breathing", None, "name"),
    ("box (breathing|breath|breathe|breaths|one|thing|exercise|method|technique)", "breathing", "box_breathing", "name"),
    ("square (breathing|breath)", "breathing", "box_breathing", "name"),
    # Whisper's usual mishearings of "box breathing": the "br…th" cluster after "box" blurs.
    ("(box|bucks|books|fox) (reading|breeding|breading|bleeding|brewing|breaking|bring|breathe in|brief|breed|read)",
     "breathing", "box_breathing", "name"),
    ("4 7 8", "breathing", "breathing_478", "name"),
    ("4 7 8 (breathing|breath|one|thing|exercise|method|technique)", "breathing", "breathing_478", "name"),
    ("(cyclic|physiological) (sigh|sighing|sighs)", "breathing", "cyclic_sigh", "name"),
    ("(sigh|sighing|sighs)", "breathing", "cyclic_sigh", "name"),
    ("(sigh|sighing) (one|thing|exercise|breathing|breath)", "breathing", "cyclic_sigh", "name"),
    ("double inhale", "breathing", "cyclic_sigh", "name"),
    ("(resonance|resonant|coherent|coherence) [(breathing|breath|one|thing|exercise)]", "breathing", "resonance_breathing", "name"),
    ("(inhale|exhale|inhaling|exhaling)", "breathing", None, "name"),
    ("can not (breathe|breath|get my breath|catch my breath|get enough air|get any air)", "breathing", None, "state"),
    ("(out|short) of breath", "breathing", None, "state"),
    ("(hard|difficult|struggling|trouble) (to breathe|breathing)", "breathing", None, "state"),
    ("(panic|panicking|panicky|panicked)", "breathing", None, "state"),
    ("panic attack", "breathing", None, "state"),
    ("(hyperventilating|hyperventilate|hyperventilation|hyper ventilating)", "breathing", None, "state"),
    ("calm (down|me down|myself down|myself)", "breathing", None, "state"),
    ("(help me|need to|want to|can not|help me to) relax", "breathing", None, "state"),
    ("heart (racing|pounding|thumping|races|beating fast|going fast|will not slow down|going crazy)", "breathing", None, "state"),
    ("(racing heart|palpitations)", "breathing", None, "state"),
    ("chest (tight|tightening|heavy|hurts)", "breathing", None, "state"),
    ("tight chest", "breathing", None, "state"),
    # grounding (5-4-3-2-1)
    ("(grounding|ground me|ground myself|get grounded|feel grounded|be grounded)", "grounding", "grounding_54321", "name"),
    ("grounding (exercise|thing|one|technique)", "grounding", "grounding_54321", "name"),
    ("5 4 3 2 1", "grounding", "grounding_54321", "name"),
    ("5 4 3", "grounding", "grounding_54321", "name"),
    ("5 (things|senses)", "grounding", "grounding_54321", "name"),
    ("senses (one|exercise|thing)", "grounding", "grounding_54321", "name"),
    ("(name|list|notice) things", "grounding", "grounding_54321", "name"),
    ("things (i can see|around me|i can hear|i can touch)", "grounding", "grounding_54321", "name"),
    ("bring me back", "grounding", None, "state"),
    ("come back (to the room|to myself|to the present|to earth|to my body|to reality)", "grounding", None, "state"),
    ("back to (the present|the room|reality|earth|my body)", "grounding", None, "state"),
    ("(feel|be|stay|more) present", "grounding", None, "state"),
    ("(present moment|here and now)", "grounding", None, "state"),
    ("(unreal|dissociating|dissociated|dissociate|dissociation|disassociating|derealisation|depersonalisation)", "grounding", None, "state"),
    ("(not|do not feel|does not feel|nothing feels|nothing is|nothing seems) real", "grounding", None, "state"),
    ("(spaced|spacing|zoned|zoning|space|zone) out", "grounding", None, "state"),
    ("(detached|disconnected) [from (everything|myself|my body|reality)]", "grounding", None, "state"),
    ("(feels|feel|seems|seem) (far away|distant)", "grounding", None, "state"),
    ("(floating|foggy)", "grounding", None, "state"),
    ("(out of my body|out of body|not in my body|outside myself|outside my body)", "grounding", None, "state"),
    ("(i am|i feel) not here", "grounding", None, "state"),
    ("(flashback|flashbacks)", "grounding", None, "state"),
    # explicit check-in (see module docstring)
    ("(check in|checkin|check up)", "check_in", "name_what_you_feel", "name"),
    ("(body scan|scan my body)", "check_in", "name_what_you_feel", "name"),
    ("name (what i am feeling|what i feel|my feelings|the feeling|the feelings|my emotions|this feeling|how i feel|my feeling)", "check_in", "name_what_you_feel", "name"),
    ("(feelings|feeling|emotion|emotions|mood) check", "check_in", "name_what_you_feel", "name"),
    # getting out of bed
    ("get (up|out of bed|myself up|me up|moving|myself moving|dressed|out of the bed)", "get_out_of_bed", None, "state"),
    ("getting (up|out of bed|moving|dressed)", "get_out_of_bed", None, "state"),
    ("(stuck|stay|staying|lying|lie|laying|lay|still|been) in bed", "get_out_of_bed", None, "state"),
    ("(out of|leave|leaving) bed", "get_out_of_bed", None, "state"),
    ("(face|start|begin) (the day|my day|today|the morning)", "get_out_of_bed", None, "state"),
    ("(morning routine|get out of bed routine)", "get_out_of_bed", None, "name"),
    # The routine by name, as people ask about it ("the getting up one", "getting up in small steps").
    ("(getting up|get up|getting out of bed|get out of bed) (one|routine|exercise|thing|steps)", "get_out_of_bed", None, "name"),
    ("(getting up|get up|getting out of bed|get out of bed) (in|one) (small|tiny|little) (step|steps)", "get_out_of_bed", None, "name"),
    ("(step|steps) (of|for|in|to) (getting up|get up|getting out of bed|get out of bed)", "get_out_of_bed", None, "name"),
)

# Explicit asking: overrides "about" detection and is what switches exercise mid-exercise.
_REQUEST_RE = re.compile(
    r"\b(?:(?:can|could|shall|should) (?:we|you|i) (?:do|try|switch|change|go|start|help me|guide|walk|take|lead|have)"
    r"|let us (?:do|try|switch|start|have)|i (?:want|would like|need|wanna) to (?:do|try|switch|start|have)"
    r"|i (?:want|would like) (?:some|a|the|to)|(?:switch|change|go|move) (?:to|back to|over to)|instead|rather"
    r"|(?:try|do|start) (?:the|some|a|that)|how about|what about|take me through|walk me through|guide me"
    r"|talk me through|help me (?:with|do|breathe|calm|get|ground|feel|name)|(?:can|could) you (?:do|guide|lead|take|walk|help))\b"
)
# Asking ABOUT something rather than FOR it.
_ABOUT_RE = re.compile(
    r"^(?:what (?:is|are|does|was|were)\b(?! (?:i|we|you) )|what do (?:you|they|people) mean|tell me (?:more )?about"
    r"|(?:can|could) you (?:tell me|explain)|explain|how (?:does|do|is|are|did|come)\b(?! (?:i|we)\b)"
    r"|does\b|do (?:breathing|grounding|these|those|they|exercises)\b"
    r"|is (?:it|this|that|breathing|grounding|box|the)\b.*\b(?:good|bad|safe|true|helpful|normal|healthy|okay|ok|dangerous|right|better|proven|real|science|scientific)\b"
    r"|i (?:read|heard|saw|learned|learnt|was reading|have heard|have read|watched)\b"
    r"|my (?:therapist|doctor|counsellor|counselor|gp|nurse|psychologist|psychiatrist|mum|mom|dad|friend)\b"
    r"|who\b|where\b|when\b)"
)
_WHY_RE = re.compile(r"^why\b")
# Cue immediately before a name: "not the breathing one", "anything but grounding".
_NEG_BEFORE_RE = re.compile(
    r"(?:\bdo not want(?: to (?:do|try|have))?|(?:^|\b(?:no|but|anything|just|definitely|please|and|maybe) )not"
    r"|^no|\bno more|\banything (?:but|except)|\bother than|\binstead of|\brather not(?: do)?|\bhate"
    r"|\bdo not like|\bsick of|\bfed up (?:of|with)|\bstop(?: doing)?|\bwithout|\bnot (?:again|another|more))"
    r"(?: (?:the|that|this|any|more|some|doing|another|with|of))*$"
)
_HELP_RE = re.compile(
    r"\b(?:(?:do not|no) (?:know|idea) what to do|what (?:should|can|do|could) (?:i|we) do|what can you do"
    r"|what (?:exercises|options|things|else) (?:are there|do you have|can we do|is there|have you got)"
    r"|exercise|exercises|something (?:to help|that helps|to calm|to make)|struggling|can not cope|not coping"
    r"|can not handle|freaking out|losing it|falling apart|not (?:okay|ok|doing (?:well|good|great)|alright)"
    r"|(?:feel|feeling|am) (?:\w+ )?(?:awful|terrible|horrible|bad|rubbish|crap|shit|dreadful|anxious|scared|stressed"
    r"|overwhelmed|on edge|wired|restless|agitated|frightened|afraid|terrified|nervous|sick|tense|low|down"
    r"|horrendous|awful)|overwhelm\w*|anxiety|anxious|stressed)\b"
)
_HELP_WORD_RE = re.compile(r"\bhelp\b")
_ANXIOUS_RE = re.compile(r"\b(?:anxi\w*|scared|stress\w*|overwhelm\w*|on edge|frightened|terrified|nervous|tense"
                         r"|freaking|wired|restless|agitated|afraid|worried|worrying|overthink\w*|spiral\w*|ruminat\w*"
                         r"|racing (?:mind|thoughts))\b")
_LOW_RE = re.compile(r"\b(?:tired|exhausted|no energy|unmotivated|depressed|heavy|can not be bothered|low|flat"
                     r"|morning|today|bed)\b")
# Winding down for sleep, or settling: slow breathing fits, getting out of bed does not.
_SLEEP_RE = re.compile(r"\b(?:sleep\w*|asleep|insomnia|bedtime|tonight|night|wind down|drift off|nod off)\b")
_CALM_RE = re.compile(r"\b(?:relax\w*|calm (?:down|myself|me)|unwind|settle (?:down|myself)|de ?stress|chill out|slow down"
                      r"|meditat\w*|mindful\w*|body scan)\b")
_DEFAULT_CHOICES = ("box_breathing", "grounding_54321", "get_out_of_bed")
# Left-over words that still make an utterance a bare request: "box breathing please", "the grounding one".
_REQUEST_FILLER = frozenset({"please", "the", "one", "exercise", "thing", "now", "instead", "okay", "ok", "can",
                             "we", "do", "let", "us", "try", "again", "yes", "yeah", "with", "me", "you", "some"})


@dataclass(frozen=True)
class _Phrase:
    words: tuple[str, ...]
    category: str
    exercise: str | None
    kind: str  # "name" | "state" | "trigger"
    weight: float


@dataclass(frozen=True)
class _Hit:
    phrase: _Phrase
    start: int
    end: int
    negated: bool


def _phrase_weight(words: Sequence[str]) -> float:
    # Floor of 1 so short curated phrases made of common words ("get up") still count fully.
    return max(1.0, sum(0.25 if w in _FUNCTION else 1.0 for w in words))


class Router:
    """Maps an utterance to a Route. Build once; `route` is cheap and side-effect free."""

    def __init__(self, exercises: Sequence[ExerciseInfo]) -> None:
        self.exercises: tuple[ExerciseInfo, ...] = tuple(exercises)
        self._known = {e.id for e in self.exercises}
        self._by_category: dict[str, list[str]] = {}
        for e in self.exercises:
            self._by_category.setdefault(e.category, []).append(e.id)
        phrases: dict[tuple[str, ...], _Phrase] = {}

        def add(words: Sequence[str], category: str, exercise: str | None, kind: str) -> None:
            words = tuple(words)
            if not words or (kind == "trigger" and all(w in _FUNCTION for w in words)):
                return  # a trigger of only common words ("i can't do it") would fire on anything
            p = _Phrase(words, category, exercise, kind, _phrase_weight(words))
            old = phrases.get(words)
            # An exercise's own trigger is more specific than the generic vocabulary.
            if old is None or (old.exercise is None and exercise is not None):
                phrases[words] = p

        for e in self.exercises:
            for trig in (*e.triggers, e.title):
                words = _prepare(trig)
                add(words, e.category, e.id, "state" if words and words[0] in _STATE_STARTS else "trigger")
        for pattern, category, exercise, kind in _VOCAB:
            for seq in expand_pattern(pattern):
                add(_prepare(" ".join(seq)), category, exercise, kind)
        self._phrases: tuple[_Phrase, ...] = tuple(phrases.values())
        # Index by each phrase's rarest-looking word (its longest) to skip phrases that cannot match.
        self._index: dict[str, list[_Phrase]] = {}
        for p in self._phrases:
            anchor = max(p.words, key=len)
            self._index.setdefault(anchor, []).append(p)
        self._anchors = tuple(self._index)

    # -- matching ---------------------------------------------------------------------------

    def _find(self, words: list[str]) -> list[_Hit]:
        present = {a for a in self._anchors if any(_word_match(w, a) for w in words)}
        hits: list[_Hit] = []
        for anchor in present:
            for p in self._index[anchor]:
                span = _locate(words, p.words)
                if span is not None:
                    before = " ".join(words[: span[0]])
                    negated = p.kind != "state" and bool(_NEG_BEFORE_RE.search(before))
                    hits.append(_Hit(p, span[0], span[1], negated))
        # In the order said: `present` is a set, and of two equally good names ("is box breathing
        # better than the cyclic sigh") the first said must win every time, not by hash order.
        return sorted(hits, key=lambda h: (h.start, h.end))

    def _exercise_for(self, category: str, hits: Sequence[_Hit]) -> str | None:
        specific = [h for h in hits if h.phrase.exercise is not None and h.phrase.category == category]
        if specific:
            best = max(specific, key=lambda h: h.phrase.weight).phrase.exercise
            # Named an exercise that is not installed: do not silently substitute another one.
            return best if best in self._known or not self.exercises else None
        ids = self._by_category.get(category, [])
        return ids[0] if len(ids) == 1 else None

    def _choices(self, flat: str, exclude: set[str]) -> tuple[str, ...]:
        if _ANXIOUS_RE.search(flat):
            order: tuple[str, ...] = ("box_breathing", "grounding_54321")
        elif _SLEEP_RE.search(flat):
            order = ("breathing_478", "resonance_breathing", "grounding_54321")
        elif _CALM_RE.search(flat):
            order = ("resonance_breathing", "cyclic_sigh", "box_breathing")
        elif _LOW_RE.search(flat):
            order = ("get_out_of_bed", "box_breathing", "grounding_54321")
        else:
            order = _DEFAULT_CHOICES
        known = self._known or set(_DEFAULT_CHOICES)
        cat_of = {e.id: e.category for e in self.exercises}
        out = [i for i in order if i in known and cat_of.get(i, _guess_category(i)) not in exclude]
        if not out:  # the defaults are excluded or not installed: one per remaining category
            for cat in ("breathing", "grounding", "get_out_of_bed"):
                if cat not in exclude and self._by_category.get(cat):
                    out.append(self._by_category[cat][0])
        return tuple(out[:3])

    def _unsure(self, flat: str, exclude: set[str] | None = None) -> Route:
        return Route("talk", sure=False, choices=self._choices(flat, exclude or set()))

    # -- public -----------------------------------------------------------------------------

    def route(self, text: str, *, exercise_active: bool = False) -> Route:
        command = match_command(text)
        if command is not None:
            return Route(command)
        words = _prepare(text)
        if not words:
            return Route("talk")
        flat = " ".join(tokens(text))
        hits = self._find(words)
        positive = [h for h in hits if not h.negated]
        request = bool(_REQUEST_RE.search(flat))

        if exercise_active:
            # Mid-exercise, mentions are answers to the exercise; only explicit asks switch.
            if positive and (request or _bare_request(words, positive)):
                return self._pick(positive, flat) or Route("talk")
            return Route("talk")

        if not request and _ABOUT_RE.search(flat):
            return Route("talk")
        if not request and _WHY_RE.search(flat):
            positive = [h for h in positive if h.phrase.kind == "state"]
        if positive:
            picked = self._pick(positive, flat)
            if picked is not None:
                return picked
        negated_cats = {_norm_cat(h.phrase.category) for h in hits if h.negated} - {
            _norm_cat(h.phrase.category) for h in positive}
        if negated_cats or _HELP_RE.search(flat) or (_HELP_WORD_RE.search(flat) and len(words) <= 5):
            return self._unsure(flat, negated_cats)
        return Route("talk")

    def named_exercise(self, text: str, prefer: str | None = None) -> str | None:
        """The exercise a question names ("how long is the for seven eight one", "box breeding"),
        by the same tolerant matching as requests; a bare kind ("the breathing") is `prefer` when
        that is of the kind, else the kind's only or first exercise. None if none is named."""
        hits = [h for h in self._find(_prepare(text)) if not h.negated and h.phrase.kind != "state"]
        if not hits:
            return None
        specific = [h for h in hits if h.phrase.exercise in self._known]
        if specific:
            # Longest phrase first: "box breathing" over the "breathing" inside it.
            return max(specific, key=lambda h: (h.phrase.weight, h.phrase.kind == "name")).phrase.exercise
        cat = max(hits, key=lambda h: h.phrase.weight).phrase.category
        cats = {cat, "check_in"} if cat == "grounding" else {cat}
        by_id = {e.id: e for e in self.exercises}
        if prefer in by_id and by_id[prefer].category in cats:
            return prefer
        ids = self._by_category.get(cat, [])
        default = {"breathing": "box_breathing", "grounding": "grounding_54321"}.get(cat)
        return default if default in ids else (ids[0] if ids else None)

    def asked_by_name(self, text: str) -> bool:
        """Named one exercise in particular ("box breathing", "guide my breathing"), not only
        a state ("i can't sleep") or a kind ("my breathing is weird")."""
        return any(not h.negated and h.phrase.kind != "state" and h.phrase.exercise in self._known
                   for h in self._find(_prepare(text)))

    def fits(self, text: str) -> bool:
        """What was said names a state some exercises fit (anxious, sleepless, wanting calm, low)."""
        flat = " ".join(tokens(text))
        return any(r.search(flat) for r in (_ANXIOUS_RE, _SLEEP_RE, _CALM_RE, _LOW_RE))

    def choices_for(self, text: str) -> tuple[str, ...]:
        """Exercises to offer by name for what was said ("when i'm overwhelmed": breathing, grounding)."""
        return self._choices(" ".join(tokens(text)), set())

    def _pick(self, hits: Sequence[_Hit], flat: str) -> Route | None:
        score: dict[str, float] = {}
        for h in hits:
            cat = h.phrase.category
            score[cat] = max(score.get(cat, 0.0), h.phrase.weight)
        ranked = sorted(score.items(), key=lambda kv: kv[1], reverse=True)
        if len(ranked) > 1 and ranked[0][1] == ranked[1][1] and (
                _CATEGORY_INTENT[ranked[0][0]] != _CATEGORY_INTENT[ranked[1][0]]):
            # Equally strong signals for two kinds of exercise: let the person choose.
            tied = [c for c, s in ranked if s == ranked[0][1]]
            ids = [self._exercise_for(c, hits) or (self._by_category.get(c) or [None])[0] for c in tied]
            return Route("talk", sure=False, choices=tuple(i for i in ids if i)[:3] or self._choices(flat, set()))
        cat = ranked[0][0]
        return Route(_CATEGORY_INTENT[cat], exercise=self._exercise_for(cat, hits))


def is_explicit_request(text: str) -> bool:
    """Asked for an exercise in so many words ("can we do grounding", "box breathing please"),
    not a state or a word that merely sounds like one ("a sighing sound in the walls"). In a
    risky conversation only this is offered; the rest is conversation."""
    flat = " ".join(tokens(text))
    if _REQUEST_RE.search(flat):
        return True
    words = _prepare(text)
    return bool(words) and all(w in _REQUEST_FILLER or w in _EXERCISE_NAMES for w in words)


_EXERCISE_NAMES = frozenset({
    "breathing", "breathe", "breath", "grounding", "box", "sigh", "cyclic", "resonance", "478", "4", "7", "8",
    "5", "3", "2", "1", "senses", "exercise", "check", "in", "body", "scan", "up", "get", "getting", "routine",
})


def _norm_cat(category: str) -> str:
    return "grounding" if category == "check_in" else category


def _guess_category(exercise_id: str) -> str:
    if "breath" in exercise_id or "sigh" in exercise_id:
        return "breathing"
    if "ground" in exercise_id:
        return "grounding"
    return exercise_id


def _locate(words: Sequence[str], phrase: Sequence[str], max_gap: int = 1) -> tuple[int, int] | None:
    """Find `phrase` in order inside `words`, allowing `max_gap` stray words between its words
    (recognisers insert and people add "really", "my", "even")."""
    n = len(words)
    for start in range(n):
        if not _word_match(words[start], phrase[0]):
            continue
        pos = start
        ok = True
        for want in phrase[1:]:
            for j in range(pos + 1, min(n, pos + 2 + max_gap)):
                if _word_match(words[j], want):
                    pos = j
                    break
            else:
                ok = False
                break
        if ok:
            return start, pos + 1
    return None


def _bare_request(words: Sequence[str], hits: Sequence[_Hit]) -> bool:
    """The utterance is just an exercise's name plus filler ("box breathing please")."""
    covered: set[int] = set()
    for h in hits:
        if h.phrase.kind != "state":
            covered.update(range(h.start, h.end))
    return bool(covered) and all(i in covered or w in _REQUEST_FILLER for i, w in enumerate(words))


# --- LLM classifier fallback ------------------------------------------------------------------

# Kept short on purpose: on a 2-core machine every prompt token costs the listener time
# (about 10 ms each), and this runs only when the rules are unsure.
_CLASSIFIER_SYSTEM = """Label what a person said to a calming voice assistant (speech recognition text, may be misheard).
breathing: asks for breathing, or has panic in the body (can't breathe, chest tight, heart racing).
grounding: asks for grounding or the five senses, or feels unreal, spaced out, far away.
get_out_of_bed: stuck in bed, can't get up, can't face the day.
talk: anything else, including questions about an exercise and feelings with no request.
Reply with the label only."""


def classifier_prompt(text: str) -> tuple[str, str]:
    """(system, user) messages asking a small local model to label an utterance the rules were
    unsure about. Each backend constrains the answer to CLASSIFIER_LABELS its own way (a llama.cpp
    grammar, Ollama's JSON schema); read it with parse_classifier_output."""
    # Quotes in the transcript are neutralised so it cannot close the delimiter and pose as instructions.
    said = " ".join(text.replace('"', "'").split())[:500]
    user = f"Said: \"{said}\"\nLabel:"
    return _CLASSIFIER_SYSTEM, user


_LABEL_RE = re.compile(r"get[\s_-]*out[\s_-]*of[\s_-]*bed|grounding|breathing|talk")


def parse_classifier_output(raw: str) -> str | None:
    """The label in a model reply (bare word, JSON object, or a sentence containing exactly one
    label), or None if there is no single clear label - the caller then offers choices."""
    if not raw:
        return None
    s = raw.strip()
    try:
        data = json.loads(s)
    except (ValueError, TypeError):
        data = None
    if isinstance(data, dict):
        val = data.get("intent", data.get("label"))
        s = val if isinstance(val, str) else ""
    elif isinstance(data, str):
        s = data
    found = {("get_out_of_bed" if m.startswith("get") else m)
             for m in _LABEL_RE.findall(s.lower())}
    return found.pop() if len(found) == 1 else None
