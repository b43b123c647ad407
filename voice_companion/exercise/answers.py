"""Questions about an exercise, answered from its file.

"How long is the four seven eight one?" is a question, not a request to start it; "is box
breathing safe if I have asthma?" gets what the counsellor wrote in the file and a pointer to a
doctor, never a model's guess. Everything here is pure and deterministic: the file's words are
spoken as written. A question the file does not answer directly ("does it matter if I breathe
through my mouth?") is "open": the LLM answers it with the file's facts in its context, and
each sentence it says is checked against the file (contradicts) before it is spoken.

A user's own exercise file gets the same treatment: everything comes from the Exercise, and a
file without the answer fields falls back to its summary and source.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from voice_companion.exercise.format import BreatheStep, Exercise
from voice_companion.textnorm import tokens

KINDS = ("what", "how", "why", "duration", "source", "safety", "open")

# "How long do I hold for?" asks a phase's count (how it goes), not the exercise's minutes.
_PHASE_ASKED = (r"(?:do|am|are|should|would|will|can|must|is) (?:i|you|we|it) (?:\w+ )?"
                r"(?:hold|holding|breathe|breathing|inhale|inhaling|exhale|exhaling|breath)")

# Checked in this order: the first kind that matches is what is answered. Patterns run on the
# normalised text (lower case, contractions expanded, "'s" dropped, digits as digits).
_KIND_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((k, re.compile(p)) for k, p in (
    ("source", (r"\b(?:where (?:does|did|do) (?:it|that|this|they|\w+(?: \w+)?) (?:come|came) from|where (?:is|was) (?:it|that|this) from"
               r"|who (?:invented|came up with|made|created|developed|thought of|started|discovered)|(?:read|learn|find out|look up|know) (?:more|a bit more|some more)"
               r"|(?:a |the |any )?(?:reference|references|source|sources)\b|where (?:can|could) i (?:read|learn|find)|origin|invented"
               r"|what (?:book|paper|study|website)|come from)")),
    ("safety", (r"\b(?:safe|safely|unsafe|dangerous|danger|harm|harmful|hurt me|bad for|side effects?|risky|risk|asthma|asthmatic|pregnan\w*"
               r"|heart (?:condition|problem|problems|disease)|lung|copd|blood pressure|epilep\w*|seizures?|dizzy|faint|light headed|lightheaded"
               r"|medical condition|condition|allowed to|can i do (?:it|this|that) if|should i not|should not|who should not|avoid|careful"
               r"|what if i can not|can not hold|too hard for me|hurts?|(?:make|makes|making) (?:\w+ ){0,3}worse)\b")),
    ("duration", (r"\b(?:how long(?! " + _PHASE_ASKED + r")|how many (?:minutes|rounds|times|breaths|cycles|goes|reps|steps)|how much (?:time|longer)"
                 r"|time (?:left|does it take)|take long|takes long|long does|long is|minutes|quick|nearly (?:done|over|finished)|almost (?:done|over|finished))\b")),
    ("why", (r"\b(?:why|what is the point|point of|(?<!how )does (?:\w+ ){0,7}(?:really |actually |even )?(?:work|help|do anything)"
            r"|do (?:they|these|breathing exercises) (?:really |actually )?(?:work|help)|is (?:it|that|this|there) (?:proven|scientific|evidence|research|science)"
            r"|evidence|research|science|scientific|proven|studies|study|what does (?:it|that|this) do|what good|how does (?:it|that|this) help"
            r"|better than|worse than|(?:compared|compare|comparison) (?:to|with)|versus|vs|more (?:effective|helpful|useful) than"
            r"|how (?:is|would|does|will|could|can) (?:\w+ ){0,8}(?:supposed to )?help|benefits?|worth it|studied|tested|researched|backed|(?:good|any good|helpful|useful) for)\b")),
    ("how", (r"\b(?:how (?:does|do) (?:\w+ ){1,8}(?:go|work)|how (?:do|would|should|can) (?:i|you|we) (?:do|go about)"
            r"|(?:start|starts|begin|begins|end|ends|finish|finishes) (?:off )?with|what (?:comes|goes|happens) (?:first|last)"
            r"|(?:the )?(?:first|last|final) (?:step|sense|part|bit|phase|stage)|what (?:do|does) (?:we|i|you|it) (?:do )?(?:first|last)\b(?! time)"
            r"|how is (?:it|that|this) done|what do (?:i|you|we) (?:do|have to do)|what (?:are|is) the (?:steps|counts|numbers|pattern|rhythm|instructions)"
            r"|how many (?:counts|seconds)|how (?:long|many seconds) " + _PHASE_ASKED + r"|what (?:do|does) (?:it|that|this) involve"
            r"|what happens|how it goes|how does (?:it|that|this) go|count(?:s)? (?:for|to))\b")),
    ("what", (r"^(?:(?:so|and|but|um|uh|okay|ok|then|sorry|wait|hey) )*(?:what (?:exactly |actually )?is|what are|what was|what does (?:\w+ )*(?:mean|do)$|tell me (?:more )?about|(?:can|could) you (?:tell me|explain)|explain|describe"
             r"|what kind|i do not know what|what the)|\bnever heard of\b|\bwhat is (?:it|that|this)$|\b(?:what is (?:the |a |that |this )?(?:\w+ )*(?:one|breathing|thing|exercise|grounding|sigh))")),
))

# Words that make it a question: at the start, or a question mark anywhere.
_QUESTION_START = re.compile(
    r"^(?:(?:so|and|but|um|uh|okay|ok|hey|wait|sorry|oh|right|hmm|well) )*(?:what|why|how|where|who|when|which|am|is|are|was|were|does|do|did|has|have|had|can|could"
    r"|should i|would|will|tell me|explain|describe|i (?:wonder|was wondering|want to know|would like to know|never heard|have never heard)|any (?:reason|evidence))\b"
)
# Asking FOR an exercise. "can i do it if i have asthma" is a question (safety wins, see ask()).
_START_RE = re.compile(
    r"^(?:(?:ok|okay|yes|yeah|um|uh|so|please|right|alright|well|then) )*(?:(?:can|could|shall|would|will) (?:we|you) (?:please )?(?:do|try|start|have a go|go through|lead|guide|walk|take)"
    r"|(?:can|could|may) i (?:try|start|have a go)|let us (?:do|try|start|have)|i (?:want|would like|need|wanna|will) (?:to )?(?:do|try|start|have a go)"
    r"|(?:do|start|try|begin) (?!i\b|you\b|we\b|they\b|people\b|these\b|those\b|it help|that help|this help|(?:\w+ ){1,4}(?:have|has|need|needs|got) to\b|(?:\w+ ){1,4}(?:matter|mean)\b)"
    r"|guide me|walk me through|take me through|lead me"
    r"|how about|what about)\b"
)
_PRONOUN = re.compile(r"\b(?:it|that|this|that one|this one|the exercise|the one we did|the breathing|the grounding)\b")
# A part of an exercise ("is the hold seven or four", "how many things do i have to hear"): with
# an exercise running or just talked about, a question about a part of it is about that one.
_PART = re.compile(
    r"\b(?:the (?:holds?|holding|counts?|counting|rounds?|steps?|breaths? (?:in|out)|breaths?|sighs?|senses?|things|pattern|last (?:bit|part|one)|part|bit)"
    r"|the (?:first|last|final|next) (?:step|sense|part|bit|phase|stage)"
    r"|how many (?:things|sighs|breaths|counts|steps|senses|seconds|rounds|times)|(?:a|each|every|this|that|the next) step)\b"
)
# Words too common to tie a question to the exercise just done.
_COMMON = frozenset(
    "about after again also always because before being could does doing done each even every going have just know like "
    "little long make many more most much need only other over really right should some something still take than that "
    "their them then there these they thing things this those time very want well were what when where which while will "
    "with would your yours you're exercise exercises feel feels feeling feelings".split()
)
OFFER = "Would you like to try it?"  # after "what is it?": a yes starts it (the session's _offered)
_ASKS_NAME = re.compile(r"\b(?:called|its name|the name of|what is it named|what was it named)\b")
_SHORT_COMMON = frozenset("get out off and the you for are can not".split())
# A named condition: the answer says plainly that it is not medical advice.
_CONDITION = re.compile(r"\b(?:asthma|asthmatic|pregnan\w*|heart|lung|copd|blood pressure|epilep\w*|seizures?|condition|medication|medicine|pills?|panic disorder|ptsd|doctor)\b")


@dataclass(frozen=True)
class Question:
    kind: str               # one of KINDS
    exercise: str | None    # the exercise asked about; None when it is not clear which


def _flat(text: str) -> str:
    return " ".join(tokens(text))


def is_start_request(text: str) -> bool:
    """Asked to *do* it ("can we do box breathing", "let's try the 4-7-8")."""
    return bool(_START_RE.search(_flat(text)))


def question_kind(text: str) -> str | None:
    """What is being asked, if the words say it is a question about an exercise at all."""
    flat = _flat(text)
    for kind, pattern in _KIND_PATTERNS:
        if pattern.search(flat):
            return kind
    return None


def asks_about_exercise(text: str, find_exercise, *, current: Exercise | None = None) -> bool:
    """A question put about an exercise ("what if there's nothing to taste?" just after grounding,
    "am i supposed to jump straight out of bed?"), in a question's shape: the crisis rules judge
    it as they judge words said during an exercise (routing.decision)."""
    flat = _flat(text)
    # A question may follow what it is about: "there's nothing to taste, what do i do then".
    if not ("?" in text or any(_QUESTION_START.search(_flat(part)) for part in text.split(","))):
        return False
    if ask(text, find_exercise, current=current and current.id, current_exercise=current) is not None:
        return True
    # ask() leaves "what if i can't taste anything?" to safety_lines' pattern and then needs the
    # exercise named; for the gate, words of the exercise just done are enough.
    return current is not None and _shares_words(flat, current)


def ask(text: str, find_exercise, *, current: str | None = None, current_exercise: Exercise | None = None) -> Question | None:
    """A Question about an exercise, or None (a request, or not about an exercise).

    find_exercise(text) -> exercise id named in the text or None (the router's vocabulary:
    "box breeding", "the four seven eight one"). `current` is the exercise running, or the last
    one offered or done: "how long is it?" is about that one. `current_exercise` is that
    exercise itself: an open question sharing its words is about it too."""
    flat = _flat(text)
    if not flat:
        return None
    named = find_exercise(text)
    refers = bool(_PRONOUN.search(flat) or _PART.search(flat))
    about = named or (current if refers or len(flat.split()) <= 4 else None)
    kind = question_kind(text)
    looks_like_question = "?" in text or bool(_QUESTION_START.search(flat))
    if about is None and looks_like_question and current_exercise is not None and _shares_words(flat, current_exercise):
        # "what if i can't smell anything?" just after grounding: an open question about it,
        # answered by the file's nearest line or the model with its facts, never by a kind's
        # canned answer (here go_carefully). A question the file answers word for word ("why do
        # i feel like this") needs the exercise named.
        about, refers, kind = current_exercise.id, True, None
    if about is None:
        return None
    if _START_RE.search(flat) and kind != "safety":
        # "can we do box breathing" or "how about grounding": a request, never a lecture.
        return None
    if kind is None:
        return Question("open", about) if looks_like_question and (named is not None or refers) else None
    if not looks_like_question and kind in ("what", "how", "open"):
        return None
    if kind == "what" and named is None and current is not None and not _PRONOUN.search(flat):
        return None  # "what is the time" is not about the exercise
    return Question(kind, about)


def _stem(word: str) -> str:
    for end in ("ings", "ing", "es", "s"):
        if word.endswith(end) and len(word) - len(end) >= 4:
            return word[: -len(end)]
    return word


def exercise_words(exercise: Exercise) -> frozenset[str]:
    """The exercise's own content words, stemmed: its name and what it is, not every line it says
    ("How do you feel now?" would tie "is it normal to feel this tired" to box breathing)."""
    texts = [exercise.title, exercise.summary, exercise.how_to or ""]
    words = {_stem(w) for t in texts for w in tokens(t) if len(w) >= 4 and w not in _COMMON}
    # The id's nouns count even when short: "bed" is what get_out_of_bed is about.
    return frozenset(words | {w for w in exercise.id.split("_") if len(w) == 3 and w not in _SHORT_COMMON})


def _shares_words(flat: str, exercise: Exercise) -> bool:
    own = exercise_words(exercise)
    return any(_stem(w) in own for w in flat.split() if len(w) >= 3 and w not in _COMMON)


# --- answers ---------------------------------------------------------------------------------

_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]


def number_words(value: float) -> str:
    """4 -> "four", 5.5 -> "five and a half", 17 -> "17" (Piper reads digits well past twelve)."""
    whole = int(value)
    half = abs(value - whole - 0.5) < 1e-6
    base = _WORDS[whole] if whole < len(_WORDS) else str(whole)
    if half:
        return "a half" if whole == 0 else f"{base} and a half"
    return base


_PHASE_SAID = {"in": "in", "hold": "hold", "out": "out"}


def pattern_words(exercise: Exercise) -> str | None:
    """ "in for four, hold for seven, out for eight": the first breathing pattern, as said."""
    step = next((s for s in exercise.steps if isinstance(s, BreatheStep)), None)
    if step is None:
        return None
    return ", ".join(f"{_PHASE_SAID[p.kind]} for {number_words(p.seconds)}" for p in step.pattern)


def _minutes_line(exercise: Exercise) -> str:
    if exercise.minutes is None:
        seconds = sum(s.cycles_for(True) * s.cycle_seconds for s in exercise.steps if isinstance(s, BreatheStep))
        minutes = max(1.0, round(seconds / 30) / 2) if seconds else None
    else:
        minutes = exercise.minutes
    if minutes is None:
        return "It doesn't take long, and you can stop whenever you like."
    if minutes <= 1:
        return "It takes about a minute, and you can stop whenever you like."
    if abs(minutes - 1.5) < 1e-6:
        return "It takes about a minute and a half, and you can stop whenever you like."
    rounded = round(minutes * 2) / 2
    return f"It takes about {number_words(rounded)} minutes, and you can stop whenever you like."


def _rounds_line(exercise: Exercise) -> str | None:
    step = next((s for s in exercise.steps if isinstance(s, BreatheStep)), None)
    if step is None or step.cycles < 2:
        return None
    first = step.cycles_for(True)
    if first < step.cycles:
        return f"The first time it's {number_words(first)} rounds, and later up to {number_words(step.cycles)}."
    return f"That's {number_words(step.cycles)} rounds of breathing."


def _ensure_stop(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def answer(question: Question, exercise: Exercise, text: str = "", *, seconds_left: float | None = None,
           running: bool = False) -> list[str]:
    """The spoken answer: the file's own words, one line per thought. Never advice beyond them.
    running: the exercise is under way, so "what is it?" is not followed by an offer to try it."""
    kind = question.kind
    if kind == "what":
        lines = [exercise.how_to or exercise.summary]
        if _ASKS_NAME.search(_flat(text)):
            lines.insert(0, f"It's called {exercise.title[:1].lower() + exercise.title[1:]}.")
        if exercise.good_for:
            lines.append(f"It can help with {exercise.good_for}.")
        if not running:
            lines.append(OFFER)
        return [_ensure_stop(line) for line in lines]
    if kind == "how":
        return [_ensure_stop(exercise.how_to or exercise.summary)]
    if kind == "why":
        if exercise.why_it_helps:
            return [exercise.why_it_helps]
        return [_ensure_stop(exercise.summary), "I don't have more on why it helps, but I can tell you where it comes from."]
    if kind == "duration":
        lines = []
        if seconds_left is not None:
            from voice_companion.exercise.engine import (
                _time_left_line,  # the same words as "how long is left"
            )

            lines.append(_time_left_line(seconds_left))
        lines.append(_minutes_line(exercise))
        rounds = _rounds_line(exercise)
        if rounds and seconds_left is None:
            lines.append(rounds)
        return lines
    if kind == "source":
        return source_lines(exercise)
    if kind == "safety":
        return safety_lines(exercise, text)
    # "open" is the LLM's, with facts_context; without an LLM, the file's own words.
    return [_ensure_stop(exercise.how_to or exercise.summary)]


def source_lines(exercise: Exercise) -> list[str]:
    if exercise.read_more:
        return [exercise.read_more]
    return [f"Here is where it comes from. {_ensure_stop(exercise.source)}"]


_GENERIC_CAREFUL = "If it makes you feel worse, stop, and go back to what feels comfortable. You can always say stop."


def safety_lines(exercise: Exercise, text: str = "") -> list[str]:
    """What the file says about going carefully. A named condition (asthma, pregnancy) gets a
    plain "not medical advice" and a doctor, whatever the file says."""
    careful = exercise.go_carefully or _GENERIC_CAREFUL
    if not _CONDITION.search(_flat(text)):
        return [careful]
    lines = ["I can't give medical advice, but here is what I know.", careful]
    if "doctor" not in careful.lower():
        lines.append("With a health condition, it's best to ask your doctor first.")
    return lines


# --- the LLM's side ---------------------------------------------------------------------------

def facts_context(exercise: Exercise, question: str = "") -> str:
    """The file's facts for an open question, added to the turn (never the system prompt).
    With the question, also the one or two lines the exercise itself says that share its words
    ("You can do this sitting up or lying down" for "can I do it standing up?"): the answer is
    often there, and the whole script would cost the small model seconds to read."""
    parts = [(f"The person is asking about {exercise.title}. Answer their question in one or two short, complete sentences, "
              "using only these facts from its exercise file. Do not contradict them and do not lead the exercise. If the "
              "facts do not answer it, say you are not sure.")]
    pattern = pattern_words(exercise)
    if pattern:
        parts.append(f"Pattern: {pattern}.")
    parts.append(f"How it goes: {exercise.how_to or exercise.summary}")
    said = relevant_lines(exercise, question)
    if said:
        # Nearest the question: the small model leans on what it read last and first.
        parts.append("It also says: " + " ".join(said))
    rounds = _rounds_line(exercise)
    parts.append(_minutes_line(exercise) + (f" {rounds}" if rounds else ""))
    for label, value in (("Who should go carefully", exercise.go_carefully), ("Why it may help", exercise.why_it_helps),
                         ("Source", exercise.read_more or exercise.source)):
        if value:
            parts.append(f"{label}: {value}")
    return " ".join(parts)


def file_answer(exercise: Exercise, question: str = "", nearest: str | None = None) -> list[str]:
    """The file's own words for an open question the model could not answer well (it contradicted
    the file, or only tried to lead the exercise): the sentence of the file that shares the most
    with the question ("There is no breathing or breath holding in it" for "does grounding have
    any breathing?"), then how it goes."""
    how = _ensure_stop(exercise.how_to or exercise.summary)
    if nearest:
        # The line nearest in meaning (file_lines), after the sentence it leans on.
        from voice_companion.exercise.file_lines import leads

        lead = leads(exercise).get(nearest)
        lines = [s for s in (lead, nearest) if s]
        return lines if any(s in how for s in lines) else [*lines, how]
    sentences = [t for text in (exercise.how_to or exercise.summary, exercise.go_carefully or "", exercise.why_it_helps or "")
                 for t in re.split(r"(?<=[.!?])\s+", text) if t]
    sentences += [t for step in exercise.steps if (t := getattr(step, "text", "") or "") and "{" not in t]
    from voice_companion.exercise.file_lines import no_hold_line

    sentences += [t for t in (no_hold_line(exercise),) if t]  # its pattern, said: "is there a hold?"
    keyed = [(i, t, _keys(t)) for i, t in enumerate(sentences)]
    common = {k for _, _, keys in keyed for k in keys if sum(k in ks for _, _, ks in keyed) > len(keyed) / 4}
    asked = _keys(question) - _keys(exercise.title) - common - {"voice", "stop", "first"}
    scored = [(len(asked & keys), -i, t) for i, t, keys in keyed]
    best = max(scored, default=(0, 0, ""))
    if best[0] == 0 or best[2] in how:
        return [how]
    return [_ensure_stop(best[2]), how]


# Words people use for the same thing an exercise line says another way ("standing up" and
# "sitting up or lying down" are both about how to be placed).
_RELATED = {w: key for key, words in {
    "posture": "stand standing sit sitting seated lie lying bed chair position posture upright",
    "voice": "loud aloud quietly quiet tell say saying speak whisper silently",
    "depth": "deep deeply gently gentle big hard",
    "count": "count counts counting exact exactly number numbers seconds",
    "matters": "important matter matters main point",
    "stop": "stop quit dizzy light headed uncomfortable",
    "first": "first start begin beginning",
    "compare": "better worse best compare compared comparing more most than",
    "mindfulness": "meditation meditate meditating mindfulness mindful",
}.items() for w in words.split()}


def _keys(text: str) -> set[str]:
    return {_RELATED.get(w) or _stem(w) for w in tokens(text) if w in _RELATED or (len(w) >= 4 and w not in _COMMON)}


content_keys = _keys  # the same words, for file_lines


def relevant_lines(exercise: Exercise, question: str, limit: int = 2) -> list[str]:
    """The exercise's own spoken lines that share the most words with the question, in order.
    A word in most of its lines ("breathe" in a breathing exercise) tells nothing apart."""
    asked = _keys(question) - _keys(exercise.title)  # its name is in every line about it
    lines = [(i, t) for i, step in enumerate(exercise.steps) if (t := getattr(step, "text", "") or "") and "{" not in t]
    if not asked or not lines:
        return []
    keyed = [(i, t, _keys(t)) for i, t in lines]
    everywhere = {k for k in asked if sum(k in keys for _, _, keys in keyed) > len(keyed) / 2}
    scored = [(len((asked - everywhere) & keys), i, t) for i, t, keys in keyed]
    best = sorted((x for x in scored if x[0]), key=lambda x: (-x[0], x[1]))[:limit]
    return [t for _, _, t in sorted(best, key=lambda x: x[1])]


_NUM_TOKEN = {w: str(i) for i, w in enumerate(_WORDS)}
_NUMBER_RE = re.compile(r"\d+(?:\.\d+)?")


def _numbers(text: str) -> set[str]:
    flat = _flat(text)
    out = set(_NUMBER_RE.findall(flat))
    out.update(_NUM_TOKEN[w] for w in flat.split() if w in _NUM_TOKEN and w not in ("one", "zero"))
    return {n.split(".")[0] for n in out}


def _allowed_numbers(exercise: Exercise) -> set[str]:
    texts = [exercise.summary, exercise.source, exercise.how_to or "", exercise.why_it_helps or "",
             exercise.go_carefully or "", exercise.read_more or ""]
    for step in exercise.steps:
        texts.append(getattr(step, "text", "") or "")
    allowed = set()
    for t in texts:
        allowed |= _numbers(t)
    for step in exercise.steps:
        if isinstance(step, BreatheStep):
            allowed |= {str(int(p.seconds)) for p in step.pattern}
            allowed |= {str(step.cycles), str(step.cycles_for(True))}
    if exercise.minutes:
        allowed.add(str(int(exercise.minutes)))
    return allowed


_NEGATED_HOLD = re.compile(r"\b(?:no|not|never|without|nor)(?: \w+){0,3} hold\w*(?: (?:your|the|it|a) breath| it)?")


_HAS_BREATHING = re.compile(r"\b(?:has|have|does have|involves?|includes?|there is|uses?|with)\b(?: \w+){0,4} (?:breathing|breaths?|breathe)\b")


_COMPARES = re.compile(r"\b(?:better|worse|more effective|less effective|more helpful|less helpful) than\b"
                       r"|\b(?:the best|the worst|the most effective|superior to|inferior to)\b")


def _file_texts(exercise: Exercise) -> list[str]:
    return [exercise.summary, exercise.how_to or "", exercise.why_it_helps or "", exercise.go_carefully or "",
            exercise.read_more or "", *(getattr(step, "text", "") or "" for step in exercise.steps)]


def contradicts(sentence: str, exercise: Exercise) -> bool:
    """Says a count, a number or a phase the file does not have ("hold for four" about 4-7-8,
    "hold your breath" about the cyclic sigh). Cheap and strict: a false alarm costs only the
    model's wording, since the file's own words are said instead."""
    said = _numbers(sentence)
    if said - _allowed_numbers(exercise):
        return True
    # "there's no hold" or "you don't need to hold your breath" agrees with a file without a hold.
    flat = _NEGATED_HOLD.sub(" ", _flat(sentence))
    pattern = [p for s in exercise.steps if isinstance(s, BreatheStep) for p in s.pattern]
    if pattern and re.search(r"\bhold\w*\b", flat) and not any(p.kind == "hold" for p in pattern):
        return True
    if any(p.kind == "hold" for p in pattern) and _NEGATED_HOLD.search(_flat(sentence)):
        return True  # "you don't hold after breathing out" about box breathing
    if not pattern and exercise.category in ("grounding", "get_out_of_bed", "check_in") and re.search(r"\bhold (?:your|the) breath", flat):
        return True
    if _COMPARES.search(flat) and not any(_COMPARES.search(_flat(t)) for t in _file_texts(exercise)):
        return True  # "box breathing is better than the cyclic sigh": a comparison its file never makes
    if not pattern and _HAS_BREATHING.search(flat) and not re.search(r"\b(?:no|not|never|without)\b", flat):
        return True  # "yes, the grounding exercise does have breathing": it has no breathing step
    # "in for four" / "hold for seven": the count next to a phase must be that phase's count.
    for phase, word in (("in", r"(?:in|inhale|breathe in)"), ("hold", r"hold"), ("out", r"(?:out|exhale|breathe out)")):
        counts = {str(int(p.seconds)) for p in pattern if p.kind == phase}
        if not counts:
            continue
        for m in re.finditer(rf"\b{word} (?:\w+ )?(?:for|to) (?:a count of )?(\d+|{'|'.join(_WORDS[2:])})\b", flat):
            n = _NUM_TOKEN.get(m.group(1), m.group(1))
            if n not in counts:
                return True
    return False


_KIND_WORDS = {
    "breathing": "a breathing exercise",
    "grounding": "a grounding exercise with the senses",
    "get_out_of_bed": "a routine for getting out of bed, step by step",
    "check_in": "a short check-in to name a feeling",
}


def catalog_text(catalog: Mapping[str, Exercise]) -> str:
    """The compact list for the system prompt: built once per session from the files, so it
    stays byte-identical and llama.cpp's cached prefix stays valid. What each one is and when it
    fits, never its steps: a small model copies what it is shown, and the engine leads."""
    lines = []
    for ex in sorted(catalog.values(), key=lambda e: (e.category, e.id)):
        fits = f"; good for {ex.good_for}" if ex.good_for else ""
        lines.append(f"- {ex.title}: {_KIND_WORDS.get(ex.category, 'an exercise')}{fits}.")
    return "\n".join(lines)
