"""Questions about an exercise are answered from its file, never mistaken for a request; the
LLM knows the catalog and offers, the engine leads; every spoken reply is whole.

No model: the session runs with scripted backends, so these take milliseconds."""

from __future__ import annotations

import json

import pytest
from fakes import Scripted
from floors import DATA

from voice_companion.app.replay import FixedHolder, ScriptChannel
from voice_companion.conversation.companion import Companion, SessionOptions
from voice_companion.conversation.reply_shape import END, KEEP, judge
from voice_companion.exercise import answers
from voice_companion.exercise.format import check_file, load_catalog

QUESTIONS = [json.loads(line) for line in (DATA / "exercise_questions.jsonl").read_text().splitlines()]


def session(lines, catalog, backend=None, topic=None):
    channel = ScriptChannel(lines)
    started: list[str] = []
    log = lambda line: started.append(line.split(": ", 1)[1]) if line.startswith("exercise: ") else None
    companion = Companion(channel, catalog, llm=FixedHolder(backend), options=SessionOptions(fast=True), log=log)
    companion.topic = topic
    companion.run()
    return channel.said[1:], started, companion  # without the greeting


# --- the question set --------------------------------------------------------------------------

def test_the_question_set_is_big_and_varied():
    questions = [q for q in QUESTIONS if q["kind"] != "request"]
    assert len(questions) >= 60
    assert {q["kind"] for q in questions} == set(answers.KINDS)
    assert {q["exercise"] for q in questions} >= {"box_breathing", "breathing_478", "cyclic_sigh", "resonance_breathing",
                                                  "grounding_54321", "get_out_of_bed", "name_what_you_feel"}


@pytest.mark.parametrize("item", [q for q in QUESTIONS if q["kind"] not in ("request", "open")], ids=lambda q: q["text"])
def test_a_question_is_answered_with_the_files_facts_and_starts_nothing(item, catalog):
    said, started, _ = session([item["text"]], catalog, topic=item.get("current"))
    spoken = " ".join(said).lower()
    assert started == []
    for fact in item["must"]:
        assert fact.lower() in spoken
    for wrong in item["must_not"]:
        assert wrong.lower() not in spoken


@pytest.mark.parametrize("item", [q for q in QUESTIONS if q["kind"] == "request"], ids=lambda q: q["text"])
def test_a_request_starts_the_exercise_without_a_lecture(item, catalog):
    said, started, _ = session([item["text"]], catalog)
    assert started == [item["exercise"]]
    assert catalog[item["exercise"]].why_it_helps not in " ".join(said)


def test_how_long_is_the_four_seven_eight_one_answers_and_does_not_start_it(catalog):
    said, started, _ = session(["how long is the four seven eight one"], catalog)
    assert started == []
    assert said == ["It takes about two minutes, and you can stop whenever you like.",
                    "The first time it's four rounds, and later up to eight."]


def test_a_safety_question_names_no_medical_advice_and_a_doctor(catalog):
    said, _, _ = session(["can i do the four seven eight if i'm pregnant"], catalog)
    assert said[0] == "I can't give medical advice, but here is what I know."
    assert catalog["breathing_478"].go_carefully in said


def test_what_is_it_offers_and_a_yes_starts_it(catalog):
    said, started, _ = session(["what is box breathing", "yes please"], catalog)
    assert "Would you like to try it?" in said
    assert started == ["box_breathing"]


def test_where_does_that_come_from_after_an_exercise_speaks_its_source(catalog):
    said, started, _ = session(["box breathing please", "no", "okay", "where does that come from"], catalog)
    assert started == ["box_breathing"]
    assert said[-1] == catalog["box_breathing"].read_more


def test_it_stops_meaning_the_last_exercise_after_a_few_turns(catalog):
    backend = Scripted("I hear you.")
    said, _, _ = session(["what is box breathing", "no", "tell me about your day", "nice", "is it safe"], catalog, backend)
    assert catalog["box_breathing"].go_carefully not in said


# --- states offer, never start -----------------------------------------------------------------

def test_a_state_is_offered_an_exercise_not_started_on_one(catalog):
    said, started, _ = session(["i can't sleep and my mind keeps racing"], catalog)
    assert started == []
    assert any("4-7-8 breathing" in line and line.endswith("?") or "Would you like" in line for line in said)


def test_yes_to_the_offer_starts_it(catalog):
    channel = ScriptChannel(["i can't sleep and my mind keeps racing", "yes", None])
    started: list[str] = []
    log = lambda line: started.append(line) if line.startswith("exercise: ") else None
    Companion(channel, catalog, llm=FixedHolder(None), options=SessionOptions(fast=True), log=log).run()
    assert started == ["exercise: breathing_478"]


# --- the LLM: the catalog, open questions, whole replies ----------------------------------------

def test_the_system_prompt_lists_the_exercises_and_stays_the_same_every_turn(catalog):
    backend = Scripted("That sounds hard. I'm here with you.")
    session(["i had a long day", "my boss shouted at me", "give me exercises for when i'm overwhelmed"], catalog, backend)
    systems = {chat[0]["content"] for chat in backend.seen}
    assert len(systems) == 1
    system = systems.pop()
    for ex in catalog.values():
        assert f"- {ex.title}:" in system


def test_an_open_question_gets_the_facts_and_a_contradiction_falls_back_to_the_file(catalog):
    backend = Scripted("It's fine either way. In the four seven eight you hold for four.")
    said, _, _ = session(["can i do the four seven eight with my eyes closed"], catalog, backend)  # the file is silent
    assert "Pattern: in for four, hold for seven, out for eight" in backend.seen[0][-1]["content"]
    assert "hold for four" not in " ".join(said)
    assert said[-1] == catalog["breathing_478"].how_to


def test_a_file_that_agrees_is_not_a_contradiction(catalog):
    f = catalog["breathing_478"]
    assert not answers.contradicts("Breathe in for four, hold for seven, and out for eight.", f)
    assert not answers.contradicts(f.how_to, f) and not answers.contradicts(f.why_it_helps, f)
    assert answers.contradicts("Breathe in for four and hold for four.", f)
    assert answers.contradicts("Then hold your breath for a moment.", catalog["cyclic_sigh"])
    assert answers.contradicts("Yes, the grounding exercise does have breathing.", catalog["grounding_54321"])
    assert answers.contradicts("No, you do not hold after breathing out.", catalog["box_breathing"])


def test_nothing_a_shipped_file_says_contradicts_that_file(catalog):
    # The check falls back to the file's own words; they must pass it.
    for ex in catalog.values():
        lines = [ex.summary, ex.how_to, ex.why_it_helps, ex.go_carefully, ex.read_more,
                 *(getattr(step, "text", "") or "" for step in ex.steps)]
        assert not [line for line in lines if answers.contradicts(line, ex)], ex.id


LIST_REPLY = "Here are some gentle ways you can help:\n1. Breathe slowly.\n2. Imagine a calm place.\n3. Go for a walk."


@pytest.mark.parametrize("reply", [
    LIST_REPLY,
    "I'm sorry it's so hard. Here are some things that might help: 1. Take a deep breath. 2. Drink water.",
    "Imagine your body is a big blanket. Let it sink into the bed. Breathe in slowly.",
    "When you feel like this, try to breathe in for four and",
    "That sounds exhausting. It makes sense you feel worn out. You are not alone. Here is one idea:",
])
def test_no_reply_ends_on_a_lead_in_a_colon_or_a_list_number(reply, catalog):
    said, started, _ = session(["i can't cope with everything today"], catalog, Scripted(reply))
    assert started == [] and said
    for line in said:
        assert line.rstrip().endswith((".", "?", "!")), line
        assert not line.lower().startswith(("imagine", "breathe", "take a deep")), line
    assert not any(line.strip().rstrip(".").isdigit() for line in said)


def test_a_list_reply_becomes_an_offer_of_exercises_by_name(catalog):
    said, started, _ = session(["i had such a rough day"], catalog, Scripted(LIST_REPLY))
    assert started == []
    assert said == [("I can guide you through box breathing, 5-4-3-2-1 grounding or getting up one small step at a time. "
                     "Would you like one of those, or shall we just talk?")]


def test_asked_for_exercises_it_names_two_or_three_that_fit_and_asks_which(catalog):
    backend = Scripted("Here are some:")
    said, started, _ = session(["give me exercises to do when i'm feeling overwhelmed"], catalog, backend)
    assert started == [] and backend.seen == []
    assert said == ["I can guide you through box breathing or 5-4-3-2-1 grounding. Would you like one of those, or shall we just talk?"]


def test_a_reply_shaped_for_speech():
    assert judge("1.") == ("drop", "")
    assert judge("Here are some gentle ways you can help:")[0] == END
    assert judge("Imagine your body is a big blanket.")[0] == "drop"
    assert judge("That sounds really hard.") == (KEEP, "That sounds really hard.")
    assert judge("Would you like to try box breathing?")[0] == KEEP
    # Starting one itself, which only the engine does after a yes; asking is an offer.
    assert judge("Let's try some breathing exercises together.")[0] == "drop"
    assert judge("Let's start by focusing on a little exercise that can help you wind down.")[0] == "drop"
    assert judge("Try slow breathing.")[0] == "drop"
    assert judge("Do you want to try some breathing?")[0] == KEEP
    assert judge("Do not breathe too deeply in slow breathing.")[0] == KEEP


# --- the files ---------------------------------------------------------------------------------

def test_every_shipped_exercise_has_all_the_answer_fields(catalog):
    for ex in catalog.values():
        assert ex.how_to and ex.why_it_helps and ex.go_carefully and ex.read_more and ex.good_for, ex.id


USER_EXERCISE = '''
id = "hand_on_heart"
title = "Hand on heart"
category = "grounding"
summary = "A hand on your heart, and three slow breaths."
source = "Self-compassion practice (Neff)."
triggers = ["hand on heart"]
{extra}
[[steps]]
type = "say"
text = "Put a hand on your heart."
'''


def test_a_users_own_exercise_gets_the_same_answers_with_no_code_change(tmp_path, catalog):
    path = tmp_path / "hand.toml"
    path.write_text(USER_EXERCISE.format(extra='read_more = "Kristin Neff writes about self-compassion."\n'))
    mine, errors = load_catalog([tmp_path])
    assert errors == [] and check_file(path) == []
    both = {**catalog, **mine}
    said, started, _ = session(["where does hand on heart come from"], both)
    assert said == ["Kristin Neff writes about self-compassion."] and started == []
    said, _, _ = session(["what is hand on heart"], both)
    assert said[0] == "A hand on your heart, and three slow breaths."  # no how_to: the summary


@pytest.mark.parametrize("extra, message", [
    ('why_it_helps = "It helps because"', "must end with a full stop"),
    ('how_to = "' + "slowly " * 70 + '."', "keep it under 400"),
    ("go_carefully = 3", "must be some text in quotes"),
])
def test_check_names_the_answer_field_that_is_wrong(tmp_path, extra, message):
    path = tmp_path / "hand.toml"
    path.write_text(USER_EXERCISE.format(extra=extra))
    problems = check_file(path)
    assert len(problems) == 1 and message in problems[0]
    field = extra.split(" =")[0]
    assert f"field '{field}'" in problems[0]


def test_an_open_question_the_model_answers_by_leading_gets_the_files_words(catalog):
    backend = Scripted("Close your eyes. Breathe in slowly through your nose.")
    said, started, _ = session(["do i have to count out loud in box breathing"], catalog, backend)
    assert started == [] and said == [catalog["box_breathing"].how_to]


# --- open questions: routed to the model with the facts that answer them ------------------------

@pytest.mark.parametrize("text, topic", [
    ("do the counts have to match my heartbeat in four seven eight", None),  # "do the ..." is asked, not a request
    ("so is the hold seven seconds or four", "breathing_478"),     # a part of the exercise just done
    ("can the word for the feeling be a made up one", "name_what_you_feel"),  # in its own words
])
def test_an_open_question_reaches_the_model_with_the_facts_and_starts_nothing(text, topic, catalog):
    backend = Scripted("You don't need to be exact.")
    said, started, _ = session([text], catalog, backend, topic=topic)
    assert started == [] and said == ["You don't need to be exact."]
    assert "How it goes:" in backend.seen[0][-1]["content"]


def test_the_facts_carry_the_exercises_own_line_that_answers_the_question(catalog):
    backend = Scripted("Sitting or lying down is best at first.")
    session(["can i do the 4 7 8 standing up"], catalog, backend)
    assert "You can do this sitting up or lying down." in backend.seen[0][-1]["content"]


def test_asking_what_one_should_do_in_an_exercise_is_answered_not_refused(catalog):
    backend = Scripted("Yes, breathe in through your nose if you can.")
    said, _, _ = session(["should i breathe in through my nose for box breathing"], catalog, backend)
    assert said == ["Breathe in through your nose if you can."]  # the file's line, said as written


def test_saying_there_is_no_hold_agrees_with_a_file_without_one(catalog):
    sigh = catalog["cyclic_sigh"]
    assert not answers.contradicts("No, there's no hold in the cyclic sigh.", sigh)
    assert not answers.contradicts("You don't have to hold your breath at the top.", sigh)
    assert answers.contradicts("Hold it at the top for a moment.", sigh)


def test_the_model_naming_an_exercise_by_its_numbers_is_heard_not_replaced_by_the_helpline(catalog):
    backend = Scripted("You can do the 4-7-8 sitting up or lying down at first.")
    said, _, _ = session(["can i do the 4 7 8 standing up"], catalog, backend)
    assert said == ["You can do the four-seven-eight sitting up or lying down at first."]


def test_yes_to_the_models_offer_of_one_exercise_starts_it_led_by_the_engine(catalog):
    backend = Scripted("That sounds like a lot. Would you like to try box breathing?")
    said, started, _ = session(["work has been awful this week", "yes please"], catalog, backend)
    assert started == ["box_breathing"] and len(backend.seen) == 1


def test_yes_to_a_choice_of_two_starts_nothing(catalog):
    backend = Scripted("Would you like to try box breathing or the cyclic sigh?")
    said, started, _ = session(["work has been awful this week", "yes"], catalog, backend)
    assert started == []


def test_a_reply_that_would_lead_an_exercise_itself_ends_on_the_offer_by_name(catalog):
    backend = Scripted("Sure! When you're ready, I'll lead you through the process.")
    said, started, _ = session(["can you do a guided meditation with me"], catalog, backend)
    assert started == [] and said[0] == "Sure!"
    assert said[-1].startswith("I can guide you through") and said[-1].endswith("?")


def test_a_contradiction_falls_back_to_the_files_words_that_answer_the_question(catalog):
    backend = Scripted("Yes, the grounding exercise involves breathing.")
    said, _, _ = session(["does the grounding exercise have any breathing in it"], catalog, backend)
    assert said == ["There is no breathing or breath holding in it, so most people can do it anywhere.",
                    catalog["grounding_54321"].how_to]


class Tempered(Scripted):
    """A backend that takes a temperature per reply, and notes it."""

    def __init__(self, reply: str) -> None:
        super().__init__(reply)
        self.temperatures: list[float | None] = []

    def stream_chat(self, messages, cancel=None, temperature=None):
        self.temperatures.append(temperature)
        yield from super().stream_chat(messages, cancel)


def test_an_answer_from_the_facts_is_sampled_near_greedy_and_talk_is_not(catalog):
    backend = Tempered("You can keep your eyes open.")
    session(["can i do box breathing with my eyes open?", "work has been awful this week"], catalog, backend)
    assert backend.temperatures[0] is not None and backend.temperatures[0] <= 0.2
    assert backend.temperatures[1] is None  # the backend's own setting


def test_a_comparison_is_answered_with_what_the_evidence_says_not_a_models_verdict(catalog):
    backend = Tempered("Box breathing is better than the cyclic sigh.")
    said, started, _ = session(["is box breathing better than the cyclic sigh"], catalog, backend)
    assert backend.temperatures == []  # the file answers it: the model is not asked
    assert started == [] and "better than" not in " ".join(said)
    assert "One 2023 study compared box breathing" in said[0]
    assert not answers.contradicts("It may help you feel better.", catalog["box_breathing"])


@pytest.mark.parametrize("text,heard", [
    ("is slow breathing more effective than meditation", "Reviews of that research"),
    ("how does the four seven eight compare with just breathing normally", "little research on this exact pattern"),
])
def test_a_comparison_gets_the_evidence(text, heard, catalog):
    said, started, _ = session([text], catalog, Tempered("It is much better."))
    assert started == [] and heard in " ".join(said) and "much better" not in " ".join(said)


@pytest.mark.parametrize("text,heard,topic", [
    ("what do we start with in box breathing", "Breathe in for a count of four", None),
    ("what comes first in the four seven eight", "through your nose for four", None),
    ("what's the last step of getting up", "a glass of water", "get_out_of_bed"),
    ("which sense does grounding end with", "one you can taste", None),
])
def test_which_comes_first_or_last_is_answered_with_how_it_goes_in_order(text, heard, topic, catalog):
    said, started, _ = session([text], catalog, Tempered("We start with smelling."), topic=topic)
    assert started == [] and heard in " ".join(said) and "smelling" not in " ".join(said)


@pytest.mark.parametrize("text", ["how long do i hold for in box breathing", "how long am i breathing in for in the box one"])
def test_how_long_a_phase_lasts_is_answered_with_its_count_not_the_minutes(text, catalog):
    said, started, _ = session([text], catalog)
    assert started == [] and said == [catalog["box_breathing"].how_to]


@pytest.mark.parametrize("text, heard", [
    ("what if there's no smell around me?", "name a smell you like"),
    ("what happens if i can't taste anything", "name a taste you like"),
])
def test_a_worry_about_a_step_just_after_grounding_gets_the_files_line_not_a_canned_answer(text, heard, catalog):
    said, started, _ = session([text], catalog, Tempered("It could be a medical problem."), topic="grounding_54321")
    assert started == [] and heard in " ".join(said) and "medical" not in " ".join(said)


@pytest.mark.parametrize("text, offered", [
    ("can you list some coping strategies", "box breathing"),
    ("any tips to help me sleep", "four-seven-eight breathing"),
])
def test_asked_for_coping_strategies_it_offers_exercises_by_name_without_the_model(text, offered, catalog):
    backend = Scripted("Certainly! Here are ten tips.")
    said, started, _ = session([text], catalog, backend)
    assert started == [] and backend.seen == []
    assert said[0].startswith("I can guide you through") and offered in said[0]


@pytest.mark.parametrize("text, offered", [
    ("can you help me relax", "slow breathing"),
    ("help me wind down before bed", "four-seven-eight breathing"),
    ("how can i stop overthinking", "grounding"),
    ("what do you suggest for a racing mind", "grounding"),
    ("can you do a guided meditation with me", "slow breathing"),
])
def test_when_the_models_answer_to_help_me_settle_is_blocked_fitting_exercises_are_offered(text, offered, catalog):
    said, started, _ = session([text], catalog, Scripted("Certainly! Let me help you with that."))
    assert started == [] and said[0].startswith("I can guide you through") and offered in said[0]
    assert "get out of bed" not in said[0] and "getting up" not in said[0]


@pytest.mark.parametrize("sign_off", [
    "If you have any other questions, don't hesitate to ask!",
    "Feel free to reach out anytime.",
    "Is there anything else I can help you with?",
])
def test_a_help_desk_sign_off_is_left_out_and_is_no_reason_to_offer_exercises(sign_off, catalog):
    said, started, _ = session(["work was rough today"], catalog, Scripted(f"That sounds like a hard day. {sign_off}"))
    assert said[0] == "That sounds like a hard day."
    assert not any("hesitate" in s or "reach out" in s or "anything else" in s or "guide you through" in s for s in said)
    assert judge(sign_off) == (KEEP, "")


def test_asked_its_name_it_says_the_name_and_during_the_exercise_offers_nothing(catalog):
    said, started, _ = session(["what is the four seven eight one called?"], catalog)
    assert said[0] == "It's called 4-7-8 breathing." and said[-1] == "Would you like to try it?"
    said, started, _ = session(["can we do box breathing", "what is this one called?"], catalog)
    assert started == ["box_breathing"] and "It's called box breathing." in said
    assert "Would you like to try it?" not in said


def test_when_a_sentence_is_blocked_what_is_said_instead_is_the_whole_answer(catalog):
    reply = "Good evening! Let's start with muscle relaxation. First, you'll need to tense your body completely."
    said, started, _ = session(["teach me progressive muscle relaxation"], catalog, Scripted(reply))
    assert started == [] and "Good evening!" in said
    assert not any("guide you through" in line for line in said)  # no offer stacked on the care reply
