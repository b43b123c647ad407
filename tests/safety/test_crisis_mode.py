"""Crisis mode and the fixed helpline answers."""

from __future__ import annotations

import pytest

from voice_companion.conversation.speech_text import speakable
from voice_companion.safety.crisis import check_crisis
from voice_companion.safety.crisis_mode import GROUNDING_EXERCISE, CrisisMode
from voice_companion.safety.helplines import (
    REGIONS,
    crisis_reply,
    emergency_number,
    helpline_slowly,
)


def _enter(region: str = "US") -> CrisisMode:
    mode = CrisisMode(region)
    action = mode.enter(check_crisis("i want to kill myself"))
    assert mode.active and action.say == crisis_reply(region) and not action.ended
    return mode


def test_regions_and_numbers() -> None:
    for key in ("US", "CA", "UK", "IE", "AU", "NZ", "other"):
        assert key in REGIONS
    assert emergency_number("US") == "911"
    assert emergency_number("AU") == "000"
    assert emergency_number("NZ") == "111"
    assert emergency_number("Narnia") == emergency_number("other") == "112"
    # Written with digits (readable in --text), spoken digit by digit.
    def spoken(region):
        return speakable(" ".join(crisis_reply(region)))

    assert "988" in " ".join(crisis_reply("US")) and "nine eight eight" in spoken("US")
    assert "call or text" in spoken("CA")
    assert "Samaritans" in spoken("UK") and "one one six" in spoken("IE")
    assert "Lifeline" in spoken("AU") and "thirteen" in spoken("AU") and "triple zero" in spoken("AU")
    assert "one seven three seven" in spoken("NZ")
    assert "find a helpline dot com" in spoken("xx")


@pytest.mark.parametrize("region", ["US", "CA", "UK", "IE", "AU", "NZ", "other"])
def test_crisis_reply_shape(region: str) -> None:
    lines = crisis_reply(region)
    text = " ".join(lines)
    assert lines[-1] == (
        "I can stay with you and do a grounding exercise while you reach out. Would you like that?"
    )
    assert "matter" in text and "danger" in text
    assert all(len(line.split()) <= 25 for line in lines)
    assert "!" not in text


def test_helpline_slowly_spaces_digits() -> None:
    assert "nine. eight. eight." in helpline_slowly("US")
    assert "one. one. six. one. two. three." in helpline_slowly("UK")
    assert "one. three. one. one. one. four." in helpline_slowly("AU")
    assert any("helpline" in line for line in helpline_slowly("other"))


def test_one_im_fine_does_not_end_then_i_am_safe_does() -> None:
    mode = _enter()
    action = mode.handle("i'm fine")
    assert mode.active and not action.ended
    assert "are you safe" in " ".join(action.say).lower()
    action = mode.handle("i am safe")
    assert action.ended and not mode.active
    assert "988" in " ".join(action.say)


@pytest.mark.parametrize("first", ["i'm ok", "never mind", "forget it", "I'm fine, really."])
@pytest.mark.parametrize("confirm", ["yes i am safe", "I promise I'm safe", "i am safe"])
def test_fine_variants_then_confirmation(first: str, confirm: str) -> None:
    mode = _enter("UK")
    assert not mode.handle(first).ended
    assert mode.handle(confirm).ended


def test_im_fine_twice_still_not_ended() -> None:
    mode = _enter()
    mode.handle("i'm fine")
    action = mode.handle("i'm fine")
    assert mode.active and not action.ended


def test_bare_yes_to_safety_question_asks_for_words() -> None:
    mode = _enter()
    mode.handle("i'm fine")
    action = mode.handle("yes")
    assert mode.active and not action.ended and action.start_exercise is None
    assert mode.handle("i am safe").ended


def test_hedged_safety_does_not_end() -> None:
    mode = _enter()
    mode.handle("never mind")
    assert not mode.handle("i am not sure i am safe").ended
    assert mode.active


def test_repeat_number_is_slow() -> None:
    mode = _enter()
    for ask in ("what was the number", "repeat the number", "say that again"):
        action = mode.handle(ask)
        assert "nine. eight. eight." in action.say and mode.active


def test_accepting_offer_starts_grounding() -> None:
    for reply in ("yes", "okay", "stay with me", "grounding please", "yes please"):
        mode = _enter()
        action = mode.handle(reply)
        assert action.start_exercise == GROUNDING_EXERCISE, reply
        assert action.say == ["I'm here. Let's do it together."]
        assert mode.active


def test_new_crisis_statement_repeats_fixed_answer() -> None:
    mode = _enter("NZ")
    mode.handle("i'm fine")
    action = mode.handle("i just want to die")
    assert action.say == crisis_reply("NZ") and mode.active
    assert not mode.handle("i am safe").ended  # the safety question was reset by the new crisis


def test_having_taken_something_gets_the_emergency_number_first() -> None:
    # Was: the same helpline block as any other statement. Someone who has taken pills needs
    # the emergency number, now.
    mode = _enter("NZ")
    mode.handle("i'm fine")
    action = mode.handle("i took all my pills")
    assert "111" in action.say[0] and mode.active


def test_anything_else_stays_present() -> None:
    mode = _enter("AU")
    action = mode.handle("tell me a joke")
    text = " ".join(action.say)
    assert "here" in text and "Lifeline" in text and "grounding" in text
    assert mode.active and not action.ended and action.start_exercise is None


# --- listening (issue 10): varied, responsive, and only a real yes starts grounding -----------

def test_many_turns_never_get_one_block_more_than_twice_running() -> None:
    mode = _enter()
    replies = [tuple(mode.handle(t).say) for t in (
        "you get it", "it's just too much", "i don't know", "whatever", "hmm", "i keep thinking about it",
        "no one cares", "i'm tired", "ok", "yeah",
    )]
    for a, b, c in zip(replies, replies[1:], replies[2:]):
        assert not (a == b == c)
    assert len(set(replies)) >= 4


@pytest.mark.parametrize("text", [
    "please change the topic", "i deserve to be punished", "okay so anyway", "help me", "please",
])
def test_a_please_okay_or_help_me_is_not_agreement_without_an_offer(text: str) -> None:
    mode = _enter()
    mode.handle("tell me a joke")  # the reply to this offers grounding…
    mode.handle("you get it")  # …this one does not
    action = mode.handle(text)
    assert action.start_exercise is None, text


def test_helplines_dont_help_gets_other_ways_to_a_person_not_the_number_again() -> None:
    mode = _enter("UK")
    action = mode.handle("hotlines don't help, they never do")
    text = " ".join(action.say)
    assert "116 123" not in text
    assert "trust" in text or "doctor" in text
    assert "999" in text or "message" in text


def test_i_am_going_to_do_it_now_gets_the_emergency_number() -> None:
    mode = _enter("US")
    action = mode.handle("i'm going to do it now")
    assert any("911" in line for line in action.say)


def test_a_worried_parent_in_crisis_mode_hears_how_to_help() -> None:
    mode = _enter("US")
    action = mode.handle("it's my daughter, my daughter keeps saying she wants to die")
    text = " ".join(action.say)
    assert "family and friends" in text or "they" in text
    assert "You matter" not in text


def test_the_caution_tier_is_gentle_and_ends_on_a_clear_i_am_safe() -> None:
    mode = CrisisMode("US")
    action = mode.enter(check_crisis("the tv is sending me messages"), tier="caution", route="delusion")
    text = " ".join(action.say)
    assert "You matter, and you don't have to carry this alone" not in text
    assert "988" in text and mode.active and mode.tier == "caution"
    assert mode.handle("i am safe").ended


def test_the_caution_tier_becomes_the_full_answer_on_a_crisis() -> None:
    mode = CrisisMode("US")
    mode.enter(check_crisis("the tv is sending me messages"), tier="caution", route="delusion")
    action = mode.handle("i want to kill myself")
    assert action.say == crisis_reply("US") and mode.tier == "crisis"


def test_a_delusion_in_crisis_mode_is_neither_confirmed_nor_argued() -> None:
    mode = _enter()
    text = " ".join(mode.handle("the neighbours are watching me through the walls").say).lower()
    assert "doctor" in text or "here" in text
    assert "you're right" not in text and "not real" not in text
