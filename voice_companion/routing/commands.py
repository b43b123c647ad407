"""Voice commands: short utterances that control the session ("stop", "slower", "say that again").

Commands are acted on immediately and never reach the LLM, so a false positive is costly: telling
someone who said "i can't stop crying" that we are stopping would be awful. The design therefore
matches the *whole* utterance against a closed grammar of command phrasings (after removing
politeness and hesitation words), instead of spotting keywords. Speech-recognition errors are
tolerated by comparing the utterance with spaces removed, by spelling distance and by a coarse
sound-alike key, which also absorbs split or merged words ("re peat", "slow her", "quite her").

Two families are recognised inside longer sentences because their wording is unambiguous and
the person may explain themselves: complaints about the exercise ("stop the breathing it's making
me dizzy" -> not_helping) and questions about remaining time ("how many more breaths do we do").
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import product

from voice_companion.routing.intents import COMMANDS
from voice_companion.textnorm import edit_distance, sound_key, tokens

__all__ = ["COMMANDS", "COMMAND_PHRASES", "expand_pattern", "match_command"]


# Longer than this (after dropping politeness) is a sentence, not a command.
MAX_COMMAND_WORDS = 7

# --- Pattern mini-language --------------------------------------------------------------------
# "(a|b c)" alternatives, "[x]" optional, "{wish}" / "{req}" macros. Patterns are expanded once at
# import and pushed through the same normalisation as utterances, so a pattern is written the
# way people speak it and still lines up with what the matcher sees.

_MACROS = {
    # Ways of wanting to do something ourselves: "can we stop", "i'd like to pause".
    "wish": "(i want to|i would like to|i need to|i wanna|can we|could we|shall we|let us|we can|we could|"
            "we should|can i|could i|i think i want to|i think we should|i am going to)",
    # Ways of asking the assistant: "can you slow down", "would you repeat that".
    "req": "(can you|could you|would you|will you|you can|you could|i want you to|i need you to|"
           "i would like you to|you need to|you should)",
}

_PAT_TOKEN = re.compile(r"\(|\)|\[|\]|\||[^\s()\[\]|]+")


def expand_pattern(pattern: str) -> list[tuple[str, ...]]:
    """All word sequences a pattern in the mini-language stands for."""
    for name, body in _MACROS.items():
        pattern = pattern.replace("{" + name + "}", body)
    toks = _PAT_TOKEN.findall(pattern)
    pos = 0

    def alternatives(closer: str | None) -> list[tuple[str, ...]]:
        nonlocal pos
        alts: list[tuple[str, ...]] = []
        seq: list[tuple[str, ...]] = [()]
        while pos < len(toks):
            t = toks[pos]
            pos += 1
            if t in ("(", "["):
                inner = alternatives(")" if t == "(" else "]")
                if t == "[":
                    inner = inner + [()]
                seq = [a + b for a, b in product(seq, inner)]
            elif t == "|":
                alts.extend(seq)
                seq = [()]
            elif t in (")", "]"):
                if t != closer:
                    raise ValueError(f"unbalanced pattern: {pattern!r}")
                break
            else:
                seq = [s + (t,) for s in seq]
        alts.extend(seq)
        return alts

    return list(dict.fromkeys(alternatives(None)))


_SPEED_SUBJ = "(you are|you are going|you are talking|you are speaking|you are counting|it is|that is|this is|that was|it was|its|thats)"
_VOL_SUBJ = "(you are|it is|that is|this is|its|thats|your voice is|the voice is|the volume is|the sound is)"
_NOW = "[(today|now|for (today|now))]"

COMMAND_PHRASES: dict[str, tuple[str, ...]] = {
    "stop": (
        "stop [(it|this|that|talking|talking to me|everything|here|there|the (exercise|session|breathing|grounding|timer|counting)|this (exercise|session|one)|the whole thing)]",
        "{wish} (stop|end|finish|quit|exit|cancel|be done|leave) [(it|this|that|here|the exercise|the session|this exercise)]",
        "{req} stop [(it|this|that|talking|the exercise)]",
        "(that is|thats) enough " + _NOW, "enough " + _NOW,
        "(that will|that would) do " + _NOW,
        "be quiet", "quiet", "shut up", "(shush|shh|hush)", "silence",
        "(end|finish|close|exit|quit|cancel) [(it|this|the (exercise|session|app|conversation)|this (exercise|session))]",
        "(goodbye|bye|bye bye|good bye|good night|goodnight|see you|see you later|talk later|talk to you later|see ya)",
        "i am (done|finished|finished now) [(with this|with this exercise|" + _NOW[1:-1] + ")]",
        "(we are|all) done", "(no more|not anymore)",
        "(turn|switch|shut) (it|yourself|this) off", "(switch|shut) (it|yourself|this) down", "(turn|switch|shut) off",
        "leave me alone", "go away",
        "i do not want to (do this|continue|carry on|keep going|do this anymore|do it|do any more) [anymore]",
        "i do not want to do this exercise [anymore]",
        "(that is|thats) it i am (done|finished)", "i (need|have|got) to go [now]",
    ),
    "pause": (
        "pause [(it|this|that|the exercise|there|for (a|one) (second|sec|minute|moment|tick))]",
        "{wish} pause [(it|this|that|here|for (a|one) (second|sec|minute|moment))]",
        "{req} pause [(it|this|that)]",
        "(hold|hang) on [(a|one) (second|sec|minute|moment|tick|mo)]",
        "hold (it|up|that)",
        "wait [(up|there|for me|(a|one) (second|sec|minute|moment|tick|mo))]",
        "(one|a|give me a|gimme a|give me one|i need a) (second|sec|minute|moment|mo|tick)",
        "(give me|i need|{wish} (take|have)) (a|one) (minute|moment|second|break|breather)",
        "(take|have) a (break|breather)", "break", "time out",
        "(stop|wait|be quiet|quiet|shush) for a (second|sec|minute|moment)",
        "{req} (stop|wait|be quiet) for a (second|sec|minute|moment)",
        "(be right back|brb|back in a (minute|second|sec|moment))",
    ),
    "resume": (
        "(resume|unpause|un pause|continue|proceed)",
        "{wish} (resume|continue|carry on|keep going|go on|go ahead|get going|start|begin|proceed) [again]",
        "{req} (continue|carry on|keep going|go on|go ahead|start|resume) [again]",
        "(carry on|keep going|keep it going|go on|go ahead|go|go go|start again|begin|get going)",
        "i am (ready|back) [(now|to (go|continue|start|carry on))]", "ready [now]", "(i am back|back now)",
        "(do not|never) stop", "i do not want (you to|to) stop",
        "where were we", "(pick up|start) where we left off",
        "let us (go|do it|do this|get going|go again)", "you can (go on|continue|carry on|keep going|start)",
        "play",
    ),
    "repeat": (
        "repeat [(it|that|this|yourself|the last (bit|part|one|step))]",
        "{req} repeat [(it|that|this|yourself|the last (bit|part|step))]",
        "{req} say (that|it|this) again",
        "(say|read) (that|it|this) again", "say again", "again", "once more", "one more time",
        # Bare "what" is handled in match_command: "what now" must not shrink to it.
        "what did you [just] say", "what was that", "(sorry|say|wait) what", "huh",
        "pardon [me]", "come again", "excuse me",
        "i (did not|did not quite) (catch|get|hear) (that|it|what you said|you)",
        "i missed (that|it|what you said)", "sorry i missed that",
    ),
    "slower": (
        "(slower|slowly|more slowly|slow)", "slow (down|it down)",
        "(go|speak|talk|count|say it|read|breathe|breathing) (slower|more slowly|slowly)",
        "{req} (go|speak|talk|count|be) (slower|more slowly)", "{req} slow (down|it down)",
        "{wish} (go|do it|take it) (slower|more slowly)", "take it slower",
        "(too|way too) (fast|quick|quickly)", _SPEED_SUBJ + " (too|so|way too) (fast|quick|quickly)",
        "not so (fast|quick)", "less fast",
    ),
    "faster": (
        "(faster|quicker|more quickly)", "(speed|hurry) (up|it up)", "hurry",
        "(go|speak|talk|count|say it|read|breathe|breathing) (faster|quicker|more quickly)",
        "{req} (go|speak|talk|count|be) (faster|quicker)", "{req} (speed|hurry) (up|it up)",
        "{wish} (go|do it) (faster|quicker)", "pick up the pace",
        "(too|way too) (slow|slowly)", _SPEED_SUBJ + " (too|so|way too) (slow|slowly)",
        "less slow",
    ),
    "louder": (
        "louder", "(speak|talk) (up|louder)", "{req} (speak|talk) (up|louder)", "{req} be louder",
        "[i] (can not|can barely|can hardly|could not) hear [(you|it|that|anything|what you are saying|your voice)] [(well|properly|very well)]",
        "turn (it|yourself|the volume|the sound|that|you) up", "turn up (the volume|the sound|it)",
        "volume up", "(more|increase the|raise the|up the) volume",
        "too (quiet|soft)", _VOL_SUBJ + " (too|so|very|really|way too) (quiet|soft)",
        "(make it|be|go) louder", "not loud enough",
    ),
    "quieter": (
        "(quieter|softer|more quietly|quietly|more softly|softly)",
        "(speak|talk) (quieter|softer|more quietly|more softly|quietly|softly|lower)",
        "{req} (be|speak|talk|go) (quieter|softer|more quietly)",
        "turn (it|yourself|the volume|the sound|that|you) down", "turn down (the volume|the sound|it)",
        "volume down", "(lower|reduce|decrease) the volume", "less volume",
        "too loud", _VOL_SUBJ + " (too|so|very|really|way too) loud",
        "not so loud", "less loud", "lower your voice", "keep (it|your voice) down",
        "(make it|be|go) (quieter|softer)",
    ),
    "skip": (
        "skip [(it|this|that|ahead|forward|on|the (step|part|rest)|(this|that) (one|step|part|exercise))]",
        "{wish} skip [(it|this|that|ahead|(this|that) (one|step|part))]",
        "{req} skip [(it|this|that|ahead|(this|that) (one|step|part))]",
        "next [(one|step|part|exercise)]", "(move|moving|go) on to the next [(one|step|part)]",
        # No bare "pass": Whisper writes a spoken "pause" that way too often.
        "(move|moving) on", "{wish} move on", "go to the next (one|step|part)",
    ),
    "not_helping": (
        "not helping", "not working", "no help", "(that|this|it) does nothing",
        "(this|it|that) is (useless|pointless|stupid|rubbish|not for me|too hard|no good|no use|a waste of time)",
        "i (do not like|hate|can not stand) (this|it|that|doing this) [(exercise|one|thing)]",
        "(i feel|i am feeling|now i feel|i feel even) [(even|much)] worse", "worse",
        "{wish} (try|do) something (else|different)", "(try|do) something (else|different)", "something else",
        "[{wish} (try|do)] (a different|another) (exercise|one|thing)",
    ),
    "time_left": (
        "how (long|much) [(is|are|have we got|do we have)] (left|to go)", "how much longer", "how many more",
        "how much more", "how long (now|still|more)",
        "(is|are) (it|this|we) (nearly|almost) (over|done|finished|there)",
        "(nearly|almost) (done|over|finished|there)", "how much time [(is|do we have|have we got)] left",
        "how long (does|will) (this|it|that) (take|last)",
        "how long is (this|it|the exercise) [going to (take|last|be)]",
        "when (does|will) (this|it) (end|finish|be over|be done)",
        "is there (much|a lot|long|many|lots) [(more|left|to go)]",
        "[how much] time left",
    ),
}

# Politeness, hedges and intensifiers do not change which command was meant.
_COURTESY = re.compile(
    r"\b(?:a little bit|a tiny bit|a little|a bit|little bit|bit|little|tiny|please|pls|just|really|"
    r"kind of|sort of|right now|for me|thank you|thanks|mate|okay|ok|alright|all right|now|then)\b"
)
# Leading interjections are tried away only as a second attempt ("no stop", "yeah go on"):
# never stripped from patterns, so "no more" keeps its meaning.
_INTERJECTIONS = frozenset({"yes", "yeah", "yep", "yup", "no", "nope", "hey", "oh", "sorry", "and", "but",
                             "well", "right", "look", "listen", "actually"})

# Common answers that must never be pulled towards a command by fuzzy matching.
_NEVER_FUZZY = frozenset({
    "yes", "no", "good", "fine", "sure", "thanks", "hello", "hi", "better", "worse", "nothing", "maybe",
    "same", "that", "this", "what is it", "later", "lower", "okay", "alright", "i am okay", "i do not know",
    "not really", "i am fine", "i am good", "i am here", "go home", "not now", "i know", "i see",
})


def _core(text: str) -> list[str]:
    """Command-relevant words: normalised, politeness removed, immediate repeats collapsed."""
    joined = _COURTESY.sub(" ", " ".join(tokens(text)))
    # "stop stop stop", "hold on hold on": the repetition is emphasis, not extra meaning.
    # One pass: each word is added once and removed at most once, so a 10,000-word run of
    # "i'm i'm ..." costs no more than ordinary speech of that length.
    out: list[str] = []
    for word in joined.split():
        out.append(word)
        while n := next((n for n in (1, 2, 3) if len(out) >= 2 * n and out[-2 * n:-n] == out[-n:]), 0):
            del out[-n:]
    return out


_Index = dict[str, list[tuple[str, str, int]]]  # joined form -> [(target joined, command, word count)]


def _build() -> tuple[dict[tuple[str, ...], str], _Index, _Index]:
    exact: dict[tuple[str, ...], str] = {}
    by_key: _Index = {}
    by_deletion: _Index = {}
    for command, patterns in COMMAND_PHRASES.items():
        for pattern in patterns:
            for seq in expand_pattern(pattern):
                core = tuple(_core(" ".join(seq)))
                if not core:
                    continue
                # First writer wins; test_commands checks there are no cross-command clashes.
                exact.setdefault(core, command)
                joined = "".join(core)
                entry = (joined, command, len(core))
                if len(core) <= 2:
                    by_key.setdefault(sound_key(joined), []).append(entry)
                for d in _deletions(joined):
                    by_deletion.setdefault(d, []).append(entry)
    return exact, by_key, by_deletion


def _deletions(s: str) -> set[str]:
    out = {s}
    if len(s) >= 4:
        out.update(s[:i] + s[i + 1:] for i in range(len(s)))
    return out


_EXACT, _BY_KEY, _BY_DELETION = _build()
_LONGEST = max(len(joined) for entries in _BY_DELETION.values() for joined, _, _ in entries)

# Complaints about the exercise itself, recognisable inside longer explanations. The subject must
# be the exercise ("this", "it", "the breathing"), so "my boss is making me feel worse" is talk.
_SUBJ = (r"(?:this|that|it|its|these|those|all this|doing this|breathing|counting|holding my breath|"
         r"(?:the|this|that) (?:exercise|exercises|breathing|breaths|counting|grounding|holding|thing|"
         r"technique|voice|breathing thing|breathing exercise))")
_ADV = r"(?:(?:really|just|still|honestly|even|actually|only|kind of|sort of|not) )*"
_NOT_HELPING_RES: tuple[re.Pattern[str], ...] = (
    re.compile(rf"\b{_SUBJ} (?:(?:is|was|does|did|has|are|were|will) )?{_ADV}(?:not|never|no longer) {_ADV}"
               r"(?:helping|help|helped|working|work|worked|doing anything|doing much|doing it|any good|for me)\b"),
    re.compile(rf"\b{_SUBJ} (?:(?:is|was|are|just|really|actually|only|kind of) )*(?:making|made|makes|make) "
               r"(?:it|things|me|everything|my \w+)(?: (?:feel|even|more|so|really|a lot|much|all))* "
               r"(?:worse|dizzy|dizzier|light ?headed|sick|nauseous|panicky|panic|panicking|anxious|"
               r"stressed|tense|scared|uncomfortable|breathless|faint|tight)\b"),
    re.compile(r"\b(?:do not|don't) think (?:this|it|that) is (?:helping|working)\b"),
)
_MAX_COMPLAINT_WORDS = 18

# "how many more breaths do we have", but not "how much longer will i feel like this".
_TIME_LEFT_RE = re.compile(
    r"^(?:how (?:much longer|many more|much more)\b"
    r"|how (?:long|much time) (?:is|are|will|does|do|have|has|until|till|before)? ?"
    r"(?:this|it|that|the exercise|this exercise|the breathing|we|i|there)? ?(?:(?:got|have|have to|got to|to) )?"
    r"(?:left|to go|take|last|going to (?:take|last|go on)|go on|more|remaining|do this|keep going|keep doing this)\b)"
)
_FEELING_WORDS = re.compile(r"\b(?:feel|feeling|felt|i be|life|live|living|hurt|pain|cry|crying|anxiety|depress\w*|sad|alone)\b")
_MAX_TIME_WORDS = 12


def _fuzzy(core: tuple[str, ...]) -> str | None:
    joined = "".join(core)
    if len(joined) < 4 or " ".join(core) in _NEVER_FUZZY:
        return None
    best: dict[str, float] = {}
    # Spelling: 1 edit from 4 letters on, 2 edits for long one- or two-word commands ("quite her");
    # longer phrases made of short words drift into other sentences too easily.
    limit = 2 if len(joined) >= 8 and len(core) <= 2 else 1
    cands: set[tuple[str, str, int]] = set()
    # Within `limit` edits only of a command about as long; and the deletions of a 1,000-letter
    # "word" (typed, or a runaway transcript) would take minutes to list.
    if len(joined) <= _LONGEST + limit:
        cands = {c for d in _deletions(joined) for c in _BY_DELETION.get(d, ())}
        if limit == 2:
            cands.update(c for d in _deletions(joined) for dd in _deletions(d) for c in _BY_DELETION.get(dd, ()))
    for target, command, n_words in cands:
        # Same number of words, or a one-word command heard split ("re peat", "slow her"):
        # otherwise letters slide across word boundaries ("it's slow" ~ "its so low").
        if n_words != len(core) and not (n_words == 1 and len(core) <= 2):
            continue
        dist = edit_distance(joined, target, limit)
        # Short words collide easily ("step"/"stop" fine, "want"/"wait" not), so 4-letter matches
        # must also sound alike.
        if dist <= limit and (len(joined) > 4 or sound_key(joined) == sound_key(target)):
            score = 1.0 - dist / max(len(joined), len(target))
            best[command] = max(best.get(command, 0.0), score)
    # Sound-alike: same skeleton and still reasonably similar spelling ("paws"/"pause"). Only for
    # one- or two-word commands: longer strings share skeletons by accident ("that was nice" /
    # "that is no use").
    key = sound_key(joined)
    if len(joined) >= 4 and len(core) <= 2 and len(key) >= 2:
        for target, command, _ in _BY_KEY.get(key, ()):
            if target[0] != joined[0]:
                continue  # recognisers rarely get the first sound wrong ("hi there" is not "wait there")
            ratio = SequenceMatcher(None, joined, target).ratio()
            if ratio >= 0.6:
                best[command] = max(best.get(command, 0.0), ratio * 0.95)
    if not best:
        return None
    ranked = sorted(best.items(), key=lambda kv: kv[1], reverse=True)
    if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < 0.05:
        return None  # two commands fit about equally: better to ask than to guess
    return ranked[0][0]


_REQUEST_PREFIXES: tuple[tuple[str, ...], ...] = tuple(
    tuple(p.split()) for p in sorted(
        ("can you", "could you", "would you", "will you", "can u", "i want you to", "i need you to",
         "i would like you to", "can we", "could we", "shall we", "let us",
         # A correction, as said to "did you say pause?": "no, I said stop".
         "i said", "i meant", "i say"),
        key=lambda p: -len(p.split())))
# Said of oneself, "I'll stop." or "I'm going to pause" is about the exercise (Whisper also writes
# a "stop" said over the tone as "I'll stop."). Only these commands are read after such a start:
# "I'll go slower" is the person's own pace, not the assistant's.
_SELF_PREFIXES = (("i", "am", "going", "to"), ("i", "am", "gonna"), ("i", "will"))
_SAID_OF_ONESELF = frozenset({"stop", "pause", "resume", "skip"})


def _two_phrases(core: tuple[str, ...]) -> str | None:
    """Two command phrases meaning the same thing back to back ("i'm back let's carry on",
    "hold on wait a second") are still that command."""
    if len(core) > MAX_COMMAND_WORDS + 2:
        return None
    for i in range(1, len(core)):
        a, b = _EXACT.get(core[:i]), _EXACT.get(core[i:])
        if a is not None and a == b:
            return a
    return None


# After "stop" / "hold on" people often say why; the explanation starts like a clause.
# Not "this"/"my"/"the": those usually start the command's object ("i want to stop this feeling").
_EXPLANATION_STARTS = frozenset({"i", "we", "let", "there", "you"})
_LEADING_COMMANDS = frozenset({"stop", "pause"})


def _lead_phrase(core: tuple[str, ...]) -> str | None:
    """ "hold on i need to get a tissue", "stop i feel sick": a stop/pause phrase followed by the
    reason. Only for stop/pause (a leading "next" is usually "next time ...")."""
    if len(core) > 12:
        return None
    for i in range(1, min(len(core), 5)):
        command = _EXACT.get(core[:i])
        if command in _LEADING_COMMANDS and core[i] in _EXPLANATION_STARTS:
            return command
    return None


@lru_cache(maxsize=4096)
def match_command(text: str) -> str | None:
    """The command `text` expresses, or None if it is not (only) a command."""
    words = tokens(text)
    if not words:
        return None
    if words == ["what"]:
        return "repeat"
    flat = " ".join(words)
    if len(words) <= _MAX_COMPLAINT_WORDS and any(r.search(flat) for r in _NOT_HELPING_RES):
        return "not_helping"
    core = _core(text)
    variants = [tuple(core)]
    stripped = list(core)
    while stripped and stripped[0] in _INTERJECTIONS:
        stripped.pop(0)
    if stripped != core:
        variants.append(tuple(stripped))
    # A polite request wrapper around any command ("can you turn it up", "could we move on") is
    # still that command; the grammar cannot list every wrapper for every phrasing.
    for prefix in _REQUEST_PREFIXES:
        n = len(prefix)
        if len(stripped) > n and tuple(stripped[:n]) == prefix:
            variants.append(tuple(stripped[n:]))
            break
    for prefix in _SELF_PREFIXES:
        n = len(prefix)
        if len(stripped) > n and tuple(stripped[:n]) == prefix:
            rest = tuple(stripped[n:])
            hit = _EXACT.get(rest) or _two_phrases(rest) or _lead_phrase(rest)
            if hit in _SAID_OF_ONESELF:
                return hit
            break
    for v in variants:
        if v and v in _EXACT:
            return _EXACT[v]
        hit = _two_phrases(v) or _lead_phrase(v)
        if hit is not None:
            return hit
    if (len(words) <= _MAX_TIME_WORDS and _TIME_LEFT_RE.search(flat)
            and not _FEELING_WORDS.search(flat)):
        return "time_left"
    for v in variants:
        if v and len(v) <= MAX_COMMAND_WORDS:
            hit = _fuzzy(v)
            if hit is not None:
                return hit
    return None
