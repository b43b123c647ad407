"""Asked what it is, it answers plainly and the same way every time: not a person, a program on
this device, not a therapist. Never the model's improvisation."""

import pytest
from fakes import Scripted

from voice_companion.app.replay import FixedHolder, ScriptChannel
from voice_companion.conversation.companion import Companion, SessionOptions
from voice_companion.exercise.format import builtin_dir, load_catalog
from voice_companion.routing import identity


@pytest.mark.parametrize("text, asked", [
    ("are you a real person", True),
    ("Am I talking to a robot?", True),
    ("who are you", True),
    ("what are you?", True),
    ("is this a recording", True),
    ("are you a therapist", True),
    ("what are you doing", False),
    ("are you still there", False),
    ("are you sure", False),
])
def test_what_counts_as_asking_what_it_is(text, asked):
    assert identity.asks_identity(text) is asked


def run(lines):
    catalog, _ = load_catalog([builtin_dir()])
    channel = ScriptChannel(lines)
    backend = Scripted("Yes, I am a real person and I will always be here for you.")
    Companion(channel, catalog, llm=FixedHolder(backend), options=SessionOptions(fast=True)).run()
    return channel.said[1:], backend


def test_asked_if_it_is_a_person_it_says_it_is_a_program_on_this_device():
    said, backend = run(["are you a real person?"])
    assert said[:2] == list(identity.LINES) and backend.seen == []
    assert not any("real person" in line for line in said)


def test_the_question_said_with_more_is_not_cut_down_to_it():
    said, _ = run(["are you real, because i feel so alone tonight and nobody calls me"])
    assert said[:2] != list(identity.LINES)


def test_asked_what_it_is_the_similarity_layer_does_not_read_it_as_psychosis():
    from voice_companion.app.runtime import load_exercises
    from voice_companion.routing.decision import decide
    from voice_companion.routing.router import ExerciseInfo, Router
    from voice_companion.safety.crisis import CrisisGate

    catalog, _ = load_exercises()
    router = Router([ExerciseInfo(e.id, e.category, e.title, tuple(e.triggers)) for e in catalog.values()])
    assert not decide("is this a real person?", CrisisGate(), router).crisis
