"""When Whisper was unsure of what it heard, ask instead of guessing.

The one place that decides, for the live loop idle (Companion._handle) and mid-exercise (the
Companion's screen on every line the runner hears): consider() takes the transcript that
produced the words and the first decision on them and returns None (act on it) or an Ask; what
the answer to the question means is reply_to(). ask_before_acting() is the same policy on plain
values, for scripts/measure_hearing.py and the unit tests.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from voice_companion.routing.commands import COMMANDS, match_command
from voice_companion.safety.check_in import QUESTION

# What to ask back, in the person's own terms: "Sorry, did you say stop?"
_COMMAND_WORDS = {
    "stop": "stop", "pause": "pause", "resume": "carry on", "repeat": "say that again",
    "slower": "slower", "faster": "faster", "louder": "louder", "quieter": "quieter",
    "skip": "skip this", "not_helping": "this isn't helping", "time_left": "how long is left",
}
_EXERCISE_WORDS = frozenset({"breathing", "grounding", "get_out_of_bed"})
# The direct safety question (the one a tentative crisis flag gets), with a word on why: a
# possible crisis is never answered with silence or small talk because the words were unclear.
SAFETY_QUESTION = f"I didn't quite catch all of that. {QUESTION}"
# Commands that make it quieter or stop it: while asking about them, it goes quiet first, so a
# person trying to silence it is never talked over (a wrong pause costs one "carry on").
SILENCING = frozenset({"stop", "pause", "quieter"})


@dataclass(frozen=True)
class Ask:
    kind: str  # "safety": the direct safety question; "confirm": did you say <command>?
    say: str
    intent: str  # what it would have done had it been sure
    hold: bool = False  # stop speaking and pause the exercise while waiting for the answer
    check: object = None  # for "safety": the tentative CrisisCheck the question stands for


# Said over an exercise, unclear words are most often a command Whisper misheard ("shh",
# "pause it"): alone, the command words are the ones it gets wrong most, and in noise it fills a
# short command out into a whole made-up sentence. So anything unclear said over it (not an
# answer to its question) holds it and asks, whatever its length: a garbled sentence gains
# nothing from a reply to the wrong words either.
MID_EXERCISE_QUESTION = "Sorry, I didn't catch that. Shall I stop, or carry on?"


def ask_before_acting(
    *, doubtful: bool, intent: str, crisis: bool, might_be_crisis: bool, exercise_active: bool = False, words: int = 0,
    inside: str | None = None,
) -> Ask | None:
    """None: act on the decision as it is. An Ask: say it and wait for the answer instead.

    doubtful: the transcript's own flag. intent/crisis: the Decision. might_be_crisis: the crisis
    gate on the same words with its loosest layer on (crisis.check_crisis(text, semantic=True)),
    so a doubtful "I want to die" misheard into something milder is still asked about.
    words: how many words were heard. inside: a command said within the words (command_inside
    when doubtful, command_sentence when clear)."""
    if crisis:
        return None  # a crisis already gets its fixed answer, at once
    if not doubtful:
        if exercise_active and intent == "talk" and inside in SILENCING:
            # "Okay, stop. Now sit up.": heard clearly, but one whole sentence of it was stop.
            return Ask("confirm", f"Sorry, did you say {_COMMAND_WORDS[inside]}?", inside, hold=True)
        return None  # a clear transcript is acted on
    if might_be_crisis and intent not in _EXERCISE_WORDS:
        # Not for a request the router recognised: the looser layer never judges those (a
        # doubtful "can we do box breathing" is offered breathing, and the answer is gated).
        return Ask("safety", SAFETY_QUESTION, intent, hold=True)
    if intent in COMMANDS:
        return Ask("confirm", f"Sorry, did you say {_COMMAND_WORDS.get(intent, intent.replace('_', ' '))}?",
                   intent, hold=intent in SILENCING)
    if intent == "talk" and inside:
        # "okay stop, that's ... earth": the clear part was a command, the rest was not heard.
        return Ask("confirm", f"Sorry, did you say {_COMMAND_WORDS.get(inside, inside)}?", inside, hold=inside in SILENCING)
    if exercise_active and intent == "talk" and words > 0:
        # Unclear and over the exercise: likely a command that was misheard. It goes quiet and
        # asks, so someone trying to silence it is never talked over.
        return Ask("confirm", MID_EXERCISE_QUESTION, "stop", hold=True)
    if intent in _EXERCISE_WORDS:
        # A request the router recognised is acted on: a wrong start costs one "stop", while
        # asking back every request Whisper was a little unsure of (about one clear utterance in
        # ten) would make a tired person say everything twice.
        return None
    # Talk: a reply to slightly misheard talk does little harm; asking after every unclear
    # sentence would wear a tired person out.
    return None


CONFIRM_SECONDS = 12.0  # how long a "did you say stop?" waits for its answer
NO_LINE = "Okay. I'm still here."  # the answer was no: nothing was done, carry on as before
# What the person said, as words the command matcher reads as that command ("yes": do it).
COMMAND_PHRASES = {"stop": "stop", "pause": "pause", "resume": "carry on", "repeat": "say that again",
                   "slower": "slower", "faster": "faster", "louder": "louder", "quieter": "quieter",
                   "skip": "skip", "not_helping": "this isn't helping", "time_left": "how long is left"}


def consider(heard, text: str, *, intent: str, crisis: bool, exercise_active: bool = False) -> Ask | None:
    """The policy on a live turn. heard: the channel's last transcript (stt.Transcript), None
    for typed input; a transcript of other words than `text` (a reply heard since) is not this
    turn's. intent/crisis: the decision on the words (mid-exercise: the command matched, or
    "talk"). exercise_active: said over an exercise, not as an answer to its question."""
    if heard is None or crisis or heard.text.strip() != text.strip():
        return None
    if not heard.doubtful and not exercise_active:
        return None
    check = None if intent in _EXERCISE_WORDS or not heard.doubtful else second_opinion(
        text, heard.alternatives, claimed=intent in COMMANDS)
    ask = ask_before_acting(
        doubtful=heard.doubtful, intent=intent, crisis=False, might_be_crisis=check is not None,
        exercise_active=exercise_active, words=len(text.split()), inside=inside_of(text, intent, heard.doubtful),
    )
    return replace(ask, check=check) if ask is not None and ask.kind == "safety" else ask


def reply_to(ask: Ask, reply: str | None) -> str:
    """What the answer to a confirming question means: "act" (yes, or the command said again),
    "carry_on" (no), "hold" (silence or no clear answer after a silencing command: it stays
    quiet), "drop" (silence otherwise: nothing is done), or "other" (something else was said,
    another command among it, to be taken as a new utterance)."""
    from voice_companion.exercise.engine import yes_no
    from voice_companion.routing.commands import match_command

    if not reply or not reply.strip():
        return "hold" if ask.hold else "drop"
    command = match_command(reply)
    if command == ask.intent:
        return "act"
    if command == "resume":
        return "carry_on"
    if command is not None:
        # "No, stop." to "did you say pause?": the no is about the word it asked, not about
        # stopping. The command they gave instead is a new utterance, acted on as any other.
        return "other"
    answer = yes_no(reply) if len(reply.split()) <= 6 else None
    if ask.say == MID_EXERCISE_QUESTION:
        # "Shall I stop, or carry on?" has no yes: anything but a clear choice stays paused.
        if answer == "no":
            return "carry_on"
        return "hold" if answer == "yes" else "other"
    if answer == "yes":
        return "act"
    if answer == "no":
        return "carry_on"
    return "other"


def inside_of(text: str, intent: str, doubtful: bool) -> str | None:
    """The command said within talk: any command words when the words were unclear, only a
    whole sentence when they were clear ("i can't stop" is not a command; "Okay, stop." is)."""
    if intent != "talk":
        return None
    return command_inside(text) if doubtful else command_sentence(text)


def command_sentence(text: str) -> str | None:
    """A command that is a whole sentence of several, by Whisper's own punctuation."""
    import re

    sentences = [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]
    if len(sentences) < 2:
        return None
    for sentence in sentences:
        found = match_command(sentence)
        if found in _COMMAND_WORDS and found != "repeat":
            return found
    return None


def command_inside(text: str) -> str | None:
    """A stop, pause or other command making up one or two of the heard words, when the whole
    is not a command: a command's own words are short and often heard when the rest is not."""
    words = text.split()
    if len(words) > 6:
        return None  # a longer sentence that mentions stopping is talk, not a garbled command
    for n in (2, 1):
        for i in range(len(words) - n + 1):
            found = match_command(" ".join(words[i:i + n]))
            if found in _COMMAND_WORDS and found != "repeat":  # "what", "huh" are in every sentence
                return found
    return None


def second_opinion(text: str, alternatives: tuple[str, ...] = (), *, claimed: bool = False):
    """The gate with every layer on, remembering nothing, on the words and on the recogniser's
    other close readings of them: a tentative CrisisCheck (the direct question stands for it) or
    None. A second opinion only: it can ask, never conclude. claimed: the words are a command the
    router knows ("I'll stop."), judged by the gate's stricter standard for those, as decide()
    judges them; so is another reading that is itself a command ("I'll stop" without its full
    stop, "I will stop"). Every other reading is judged in full."""
    from voice_companion.safety.check import CrisisCheck
    from voice_companion.safety.crisis import check_crisis

    for n, t in enumerate((text, *alternatives)):
        as_command = claimed if n == 0 else match_command(t) is not None
        found = check_crisis(t, semantic=True, claimed=as_command) if t else None
        if found is not None and found.crisis:
            return CrisisCheck(True, found.category, f"semantic second opinion on unclear hearing ({found.reason})")
    return None
