"""The session's risk state and the care routes, as pure logic."""

from __future__ import annotations

import itertools

import pytest
from floors import DATA

from voice_companion.safety.care_routes import (
    BANKS,
    CareRoutes,
    detect,
    helpline_answer,
    is_helpline_request,
)
from voice_companion.safety.risk import SessionRisk, specific_safety


def test_risk_rises_with_each_signal_and_the_question_comes_once_per_step():
    risk = SessionRisk()
    assert risk.level == 0 and not risk.should_ask()
    risk.observe(["delusion"])
    assert risk.level == 1 and not risk.should_ask()  # one belief: watch, do not interrogate
    risk.observe(["medication"])
    assert risk.should_ask()
    risk.asked()
    assert not risk.should_ask()  # not again on the same step
    risk.observe(["delusion"])  # a repeat adds half
    assert not risk.should_ask()
    risk.observe(["warning"])
    assert risk.should_ask()


def test_a_no_makes_the_session_careful_and_nothing_lowers_it_but_a_specific_statement():
    risk = SessionRisk()
    risk.observe(["warning"])
    risk.asked()
    risk.answered_no()
    score = risk.score
    assert risk.careful and risk.risky
    risk.observe([])  # "i'm fine", a new topic: no signal, no change
    assert risk.score == score and risk.careful
    risk.answered_safe()
    assert risk.score < score and risk.careful  # lowered; the earlier "no" still stands


def test_after_two_noes_the_question_stops_and_escalation_takes_over():
    risk = SessionRisk()
    for _ in range(2):
        risk.observe(["warning"])
        risk.observe(["warning"])
        risk.asked()
        risk.answered_no()
    risk.observe(["means"])
    assert not risk.should_ask() and risk.escalated()


def test_someone_elses_trouble_adds_no_risk_to_the_speaker():
    risk = SessionRisk()
    risk.observe(["third_party"])
    assert risk.score == 0


@pytest.mark.parametrize("text", ["i am safe", "i'm not going to hurt myself", "i have no plan to kill myself"])
def test_specific_safety(text):
    assert specific_safety(text)


@pytest.mark.parametrize("text", ["no", "i'm fine", "i am safe but not sure", "i think i'm safe", None])
def test_not_specific_safety(text):
    assert not specific_safety(text)


@pytest.mark.parametrize("text,route", [
    ("the radio keeps sending me secret messages", "delusion"),
    ("i'm being followed everywhere i go", "delusion"),
    ("my thoughts are being broadcast", "delusion"),
    ("the voices keep telling me i'm bad", "hallucination"),
    ("did i leave the iron on, tell me i didn't", "compulsion"),
    ("i have to count the tiles before i can sleep or something terrible will happen", "compulsion"),
    ("i haven't slept for days and i'm launching my company tomorrow", "mania"),
    ("i threw up after dinner again", "eating"),
    ("i flushed my tablets down the toilet", "medication"),
    ("i've tied up all my loose ends", "warning"),
    ("i gave my dog to my sister, i won't need him anymore", "warning"),
    ("where can i buy a strong rope", "means"),
    ("calling those lines never helps", "helplines_dont_help"),
    ("my flatmate has stopped eating and i'm scared", "third_party"),
])
def test_routes(text, route):
    assert detect(text)[0] == route


@pytest.mark.parametrize("text", [
    "i washed the car today", "my friend is coming over for dinner", "i'm going to sleep early tonight",
    "the tv show last night was great", "i took my meds this morning", "can we do box breathing",
])
def test_ordinary_talk_has_no_route(text):
    assert detect(text) == []


def test_the_speakers_own_belief_about_someone_is_not_third_party():
    assert detect("i think my flatmate is putting something in my food")[0] == "delusion"


@pytest.mark.parametrize("text", ["help line", "helpline", "health line", "who can i call", "give me a number",
                                  "is there someone i can talk to", "who could help me", "what number do i call"])
def test_helpline_requests(text):
    assert is_helpline_request(text)


@pytest.mark.parametrize("text", ["hotlines don't help", "i called the helpline and they put me on hold",
                                  "i'm online", "help me breathe"])
def test_not_helpline_requests(text):
    assert not is_helpline_request(text)


def test_route_wording_rotates_and_never_repeats_a_block_back_to_back():
    care = CareRoutes("UK")
    said = [tuple(care.reply("delusion")) for _ in range(6)]
    assert all(a != b for a, b in itertools.pairwise(said))
    assert len(set(said)) == len(BANKS["delusion"])


@pytest.mark.parametrize("region", ["US", "UK", "AU", "NZ", "other"])
def test_care_wording_is_calm_and_numbers_come_from_the_table(region):
    answer = " ".join(helpline_answer(region))
    care = CareRoutes(region)
    for route, bank in BANKS.items():
        for _ in bank:
            lines = care.reply(route)
            text = " ".join(lines)
            assert "!" not in text and "{" not in text
            assert all(len(line.split()) <= 30 for line in lines), route
            for token in text.replace(",", " ").replace(".", " ").split():
                if token.isdigit():
                    assert token in answer, (route, token)  # never a number the table does not have


def test_care_routes_stay_quiet_on_ordinary_talk_in_the_project_sets():
    # Every non-crisis line of the router and gate sets: a care reply there is a false alarm
    # that also makes the session careful. (The vetoes were written after seeing these sets'
    # misses, so this is a regression floor, not an unseen measure.)
    import glob
    import json

    lines = []
    # crisis_phrasings2 (issue 11, third pass: hard look-alikes about eating, bodies, partings and
    # watching eyes) was written for the gate, never seen by the care routes' vetoes; 22 of its 354
    # ordinary lines get a care reply (README, Safety), a measure of its own, not this floor.
    # crisis_blind4 is likewise a measure (written blind, for this session's gate changes), not a floor.
    unseen = ("crisis_phrasings2.jsonl", "crisis_blind4.jsonl")
    for path in glob.glob(str(DATA / "route_*.jsonl")) + [
        p for p in glob.glob(str(DATA / "crisis_*.jsonl")) if not p.endswith(unseen)
    ]:
        with open(path, encoding="utf-8") as f:
            lines += [json.loads(row) for row in f if row.strip()]
    ordinary = [r["text"] for r in lines if not r.get("crisis", False)]
    routed = [t for t in ordinary if detect(t)]
    assert len(ordinary) > 1000
    assert len(routed) / len(ordinary) <= 0.01, routed
