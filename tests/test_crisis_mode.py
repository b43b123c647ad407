"""Crisis mode and the fixed helpline answers."""

from __future__ import annotations

import pytest

from voice_companion.speech_text import speakable

from voice_companion.crisis import check_crisis
from voice_companion.crisis_mode import GROUNDING_EXERCISE, CrisisMode
from voice_companion.helplines import (
    REGIONS, crisis_reply, emergency_number, helpline_slowly,
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
