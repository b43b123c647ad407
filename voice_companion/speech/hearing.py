"""When Whisper was unsure of what it heard, ask instead of guessing.

Pure policy on plain values: the transcript's confidence (stt.Transcript.doubtful), the first
decision on its words (decision.decide) and whether the crisis gate flags the words even
weakly. The live loop calls ask_before_acting() between decide() and acting on the decision.
"""

from __future__ import annotations

from dataclasses import dataclass

from voice_companion.routing.commands import COMMANDS, match_command
from voice_companion.safety.check_in import QUESTION

# What to ask back, in the person's own terms: "Sorry, did you say stop?"
_COMMAND_WORDS = {
    "stop": "stop", "pause": "pause", "resume": "carry on", "repeat": "say that again",
    "slower": "slower", "faster": "faster", "louder": "louder", "quieter": "quieter",
    "skip": "skip this", "not_helping": "this isn't helping", "time_left": "how long is left",
}
_EXERCISE_WORDS = {
    "breathing": "some breathing", "grounding": "some grounding", "get_out_of_bed": "help getting out of bed",
}
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


# Said during an exercise, a short utterance is nearly always a command ("shh", "slower"), and
# the command words are the ones Whisper mishears most when they come alone.
SHORT_WORDS = 3
MID_EXERCISE_QUESTION = "Sorry, I didn't catch that. Shall I stop, or carry on?"


def ask_before_acting(
    *, doubtful: bool, intent: str, crisis: bool, might_be_crisis: bool, exercise_active: bool = False, words: int = 0,
    inside: str | None = None,
) -> Ask | None:
    """None: act on the decision as it is. An Ask: say it and wait for the answer instead.

    doubtful: the transcript's own flag. intent/crisis: the Decision. might_be_crisis: the crisis
    gate on the same words with its loosest layer on (crisis.check_crisis(text, semantic=True)),
    so a doubtful "I want to die" misheard into something milder is still asked about.
    words: how many words were heard. inside: a command said within the words (command_inside)."""
    if crisis or not doubtful:
        return None  # a crisis already gets its fixed answer; a clear transcript is acted on
    if might_be_crisis:
        return Ask("safety", SAFETY_QUESTION, intent, hold=True)
    if intent in COMMANDS:
        return Ask("confirm", f"Sorry, did you say {_COMMAND_WORDS.get(intent, intent.replace('_', ' '))}?",
                   intent, hold=intent in SILENCING)
    if intent == "talk" and inside:
        # "okay stop, that's ... earth": the clear part was a command, the rest was not heard.
        return Ask("confirm", f"Sorry, did you say {_COMMAND_WORDS.get(inside, inside)}?", inside, hold=inside in SILENCING)
    if exercise_active and intent == "talk" and 0 < words <= SHORT_WORDS:
        # Unclear, short and mid-exercise: likely a command that was misheard. It goes quiet and
        # asks, so someone trying to silence it is never talked over.
        return Ask("confirm", MID_EXERCISE_QUESTION, "stop", hold=True)
    if intent in _EXERCISE_WORDS:
        return Ask("confirm", f"Sorry, I didn't quite catch that. Would you like {_EXERCISE_WORDS[intent]}?", intent)
    # Talk: a reply to slightly misheard talk does little harm; asking after every unclear
    # sentence would wear a tired person out.
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


def might_be_crisis(text: str, alternatives: tuple[str, ...] = ()) -> bool:
    """The gate with every layer on, remembering nothing, on the words and on the recogniser's
    other close readings of them (a second opinion only: it can ask, never conclude)."""
    from voice_companion.safety.crisis import check_crisis

    return any(t and check_crisis(t, semantic=True).crisis for t in (text, *alternatives))
