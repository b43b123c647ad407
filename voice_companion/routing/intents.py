"""What a person can ask for, named once: the voice commands, the exercise intents, conversation,
and the exercise each exercise intent starts when the person names none. The router, the command
matcher, the exercise runner, the classifier and the live loop all read these names from here."""

from __future__ import annotations

# Understood without the language model, in an exercise or out of one.
COMMANDS: tuple[str, ...] = (
    "stop", "pause", "resume", "repeat", "slower", "faster", "louder", "quieter", "skip",
    "not_helping", "time_left",
)

EXERCISE_INTENTS: tuple[str, ...] = ("grounding", "breathing", "get_out_of_bed")
TALK = "talk"

# What the LLM classifier may answer when the rules are unsure (its output is constrained to these).
CLASSIFIER_LABELS: tuple[str, ...] = (*EXERCISE_INTENTS, TALK)

INTENTS: tuple[str, ...] = (*CLASSIFIER_LABELS, *COMMANDS)

# The exercise a bare "let's breathe" starts. These files ship with the assistant
# (exercises/*.toml); a person's own exercises are started by their names.
DEFAULT_EXERCISE: dict[str, str] = {
    "breathing": "box_breathing", "grounding": "grounding_54321", "get_out_of_bed": "get_out_of_bed",
}
