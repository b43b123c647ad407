"""The tie-break for requests the rules cannot place: settled by the crisis gate's own sentence
embedder (real MiniLM), never before the gate, and never changing what the rules decided."""

import json

import pytest
from fakes import REPO

from voice_companion.app.runtime import load_exercises
from voice_companion.routing.decision import decide
from voice_companion.routing.router import ExerciseInfo, Router
from voice_companion.routing.settle import shared_tiebreak
from voice_companion.safety.crisis import CrisisGate

SETS = ("route_set", "route_heldout", "route_blind", "spoken_set", "crisis_set", "crisis_heldout")


@pytest.fixture(scope="module")
def router():
    catalog, _ = load_exercises()
    return Router([ExerciseInfo(e.id, e.category, e.title, tuple(e.triggers)) for e in catalog.values()])


@pytest.fixture(scope="module")
def settle():
    tiebreak = shared_tiebreak()
    assert tiebreak is not None, "the sentence embedder is part of the install"
    return tiebreak.settle


@pytest.mark.parametrize("name", SETS)
def test_every_decision_the_rules_and_the_gate_make_is_unchanged(router, settle, name):
    asked = []

    def spy(text, allowed):
        asked.append(text)
        return settle(text, allowed)

    for line in (REPO / "tests" / "data" / f"{name}.jsonl").read_text().splitlines():
        text = json.loads(line)["text"]
        before = decide(text, CrisisGate(), router)
        after = decide(text, CrisisGate(), router, settle=spy)
        assert (after.crisis, after.intent) == (before.crisis, before.intent), text
        if before.crisis:
            assert after.action == before.action and text not in asked  # the gate answered; nothing else asked
        elif before.route.sure:
            assert after.action == before.action, text


def test_a_crisis_said_vaguely_gets_the_crisis_answer_not_a_suggestion(router, settle):
    d = decide("help me, i do not want to be alive any more", CrisisGate(), router, settle=settle)
    assert d.crisis and d.llm_label is None


@pytest.mark.parametrize("text", ["i don't want to do breathing", "not the breathing one"])
def test_an_exercise_just_turned_down_is_never_suggested(router, settle, text):
    d = decide(text, CrisisGate(), router, settle=settle)
    assert d.llm_label != "breathing"


def test_a_bare_request_for_an_exercise_gets_the_choices(router, settle):
    d = decide("can we do an exercise", CrisisGate(), router, settle=settle)
    assert d.action == "offer" and d.llm_label is None
