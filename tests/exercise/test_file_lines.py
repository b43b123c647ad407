"""An open question one file line plainly answers is answered with that line; a model's yes that
the nearest line denies is replaced by the file's words.

Pure logic first (milliseconds); then a few through the real sentence embedder (MiniLM, loaded
once per process) with scripted model replies, as in test_exercise_answers."""

from __future__ import annotations

import re

import numpy as np
import pytest
from fakes import Scripted

from voice_companion.app.replay import FixedHolder, ScriptChannel
from voice_companion.conversation.companion import Companion, SessionOptions
from voice_companion.exercise import answers, file_lines, polarity

# --- the yes/no check: pure --------------------------------------------------------------------

@pytest.mark.parametrize("reply, question, line, wrong", [
    ("Yes, they have to be exact.", "do the counts have to be exact", "The counts don't need to be exact.", True),
    ("Yes, you can.", "can i do more than four rounds", "Do no more than four rounds the first time.", True),
    ("You should say them out loud.", "must i say them out loud", "Never say them out loud.", True),
    ("No, they don't.", "do the counts have to be exact", "The counts don't need to be exact.", False),
    ("You can't, not the first time.", "can i do more than four rounds", "Do no more than four rounds the first time.", False),
    # Both negated: "is it okay if I don't count?" "Yes" agrees with "counts don't need to be exact".
    ("Yes, that's fine.", "is it okay if i don't count exactly", "The counts don't need to be exact.", False),
    ("Yes, you can.", "can i do it lying down", "You can do this sitting up or lying down.", False),
    # The line names only the other way, or offers a choice where the question asks if one must.
    ("Yes, breathe in through your mouth.", "do i breathe in through my mouth", "Breathe in through your nose.", True),
    ("Yes, you breathe in through it.", "do i breathe in through my mouth", "Breathe out through your mouth.", True),
    ("Yes, breathe out through your mouth.", "do i breathe out through my mouth", "Breathe out through your mouth.", False),
    ("Yes, you have to.", "do i have to keep my eyes shut", "Close your eyes, or look at one spot.", True),
    ("Yes, you can do it sitting up or lying down.", "can i do it standing", "You can do this sitting up or lying down.", False),
])
def test_a_yes_is_wrong_only_where_the_nearest_line_says_no(reply, question, line, wrong):
    assert polarity.yes_against_line(reply, question, line) is wrong


# --- the file's lines: pure --------------------------------------------------------------------

def test_a_files_lines_are_its_statements_not_its_questions_or_invitations(catalog):
    lines = file_lines.answer_lines(catalog["grounding_54321"])
    assert "There is no breathing or breath holding in it, so most people can do it anywhere." in lines
    assert not any(s.endswith("?") for s in lines)
    assert not any(s.startswith("Let's ground") for s in lines)


def test_a_breathing_pattern_without_a_hold_says_so(catalog):
    assert any("no hold" in s for s in file_lines.answer_lines(catalog["resonance_breathing"]))
    assert not any("no hold" in s for s in file_lines.answer_lines(catalog["box_breathing"]))
    for ex in catalog.values():  # the added line never contradicts the file it is made from
        assert not any(answers.contradicts(s, ex) for s in file_lines.answer_lines(ex))


def test_a_line_that_leans_on_the_one_before_is_said_after_it(catalog):
    # Said alone, "If that happens, stop and breathe normally." answered a question about how box
    # breathing begins: "that" was the light-headedness named in the sentence before.
    lead = file_lines.leads(catalog["box_breathing"])
    assert lead["If that happens, stop and breathe normally."].startswith("Breathing exercises can make some people feel worse")
    assert "Breathing exercises can make some people feel worse, for example light-headed or more anxious." not in lead
    for ex in catalog.values():
        for line in file_lines.answer_lines(ex):
            if re.match(r"(?:if|when) (?:that|this)\b|then\b|so\b", line, re.IGNORECASE):
                assert line in file_lines.leads(ex), (ex.name, line)


def test_the_exercises_name_is_said_as_it_in_a_question(catalog):
    names = file_lines.exercise_names(catalog["breathing_478"])
    assert file_lines.neutral("do the counts matter in the 4 7 8 one", names) == "do the counts matter in the it"
    names = file_lines.exercise_names(catalog["box_breathing"])
    assert file_lines.neutral("can I lie down for box breathing?", names) == "can i lie down for it"


def test_the_nearest_line_is_the_one_with_the_closest_vector():
    lines = ["a", "b", "c"]
    vecs = np.array([[1, 0, 0], [0, 1, 0], [0.8, 0.6, 0]], dtype=np.float32)
    near = file_lines.nearest_of(lines, vecs, np.array([0, 1, 0], dtype=np.float32))
    assert near.line == "b" and near.score == pytest.approx(1.0)
    assert near.second is None  # "c" is at 0.6, under SAY_FLOOR


def test_a_line_that_leans_on_the_one_before_is_said_with_it(catalog):
    sigh = catalog["cyclic_sigh"]
    near = file_lines.Nearest("Let it be longer than the breaths in.", 0.8, None)
    assert file_lines.spoken(near, sigh) == ["The breath out is the important part.", "Let it be longer than the breaths in."]


# --- through the real sentence embedder ----------------------------------------------------------

def session(lines, catalog, backend, topic=None):
    channel = ScriptChannel(lines)
    companion = Companion(channel, catalog, llm=FixedHolder(backend), options=SessionOptions(fast=True))
    companion.topic = topic
    companion.run()
    return channel.said[1:]


@pytest.fixture(scope="module")
def index():
    got = file_lines.shared_index()
    if got is None:
        pytest.fail("the sentence embedder is not installed (scripts/setup.sh installs it)")
    return got


def test_a_question_one_line_answers_is_answered_with_it_not_by_the_model(catalog, index):
    backend = Scripted("Yes, you can do it in bed.")
    said = session(["can i do four seven eight in bed lying down"], catalog, backend)
    assert backend.seen == [] and said == ["You can do this sitting up or lying down."]


def test_a_question_the_file_is_silent_on_still_reaches_the_model(catalog, index):
    backend = Scripted("You can keep your eyes open or closed.")
    said = session(["can i do box breathing with my eyes open?"], catalog, backend)
    assert len(backend.seen) == 1 and said == ["You can keep your eyes open or closed."]


def test_a_yes_the_files_nearest_line_denies_is_not_spoken(catalog, index):
    backend = Scripted("Yes, take deep breaths.")
    said = session(["is it deep breaths for the slow breathing"], catalog, backend)
    assert len(backend.seen) == 1
    assert said[0] == "Breathe gently, not deeply." and not any(s.startswith("Yes") for s in said)


def test_a_yes_the_nearest_line_agrees_with_is_spoken(catalog, index):
    backend = Scripted("Yes, it goes through all five.")
    said = session(["does the grounding one go through every one of the senses"], catalog, backend)
    assert said == ["Yes, it goes through all five."]


def test_a_hold_claimed_in_an_exercise_without_one_falls_back_to_saying_there_is_none(catalog):
    said = answers.file_answer(catalog["resonance_breathing"], "wait do i hold it at the top with the slow breathing")
    assert said[0].startswith("There's no hold in it")


def test_a_model_with_no_answer_about_an_exercise_is_followed_by_what_its_file_says(catalog, index):
    backend = Scripted("I am not sure.")
    said = session(["do i have to rate it out of ten in the name what you feel one"], catalog, backend)
    assert said[0] == "I am not sure." and catalog["name_what_you_feel"].how_to in said
