"""The end-of-speech segmenter as pure logic: frames in, decisions out."""

import pytest

from voice_companion.audio.segmenter import ENDPOINT_PRESETS, Segmenter

F = 0.03


def feed(seg, pattern):
    """pattern: list of (seconds, is_speech). Returns seconds fed until the turn closed."""
    t = 0.0
    for seconds, speech in pattern:
        for _ in range(round(seconds / F)):
            t += F
            if not seg.process(F, speech):
                return t
    return None


def test_turn_ends_after_the_presets_silence():
    for name, silence in ENDPOINT_PRESETS.items():
        seg = Segmenter.preset(name)
        closed_at = feed(seg, [(1.0, False), (1.5, True), (5.0, False)])
        assert closed_at == pytest.approx(2.5 + silence, abs=2 * F), name
        assert seg.ended and not seg.timed_out and not seg.too_long


def test_patient_waits_through_a_pause_that_ends_a_quick_turn():
    pattern = [(1.0, True), (1.0, False), (1.0, True), (3.0, False)]
    quick, patient = Segmenter.preset("quick"), Segmenter.preset("patient")
    assert feed(quick, pattern) == pytest.approx(1.5, abs=2 * F)
    assert feed(patient, pattern) == pytest.approx(3.0 + 1.6, abs=2 * F)


def test_a_click_does_not_start_a_turn():
    seg = Segmenter(start_timeout=2.0)
    assert feed(seg, [(0.06, True), (3.0, False)]) == pytest.approx(2.0, abs=2 * F)
    assert seg.timed_out and not seg.in_speech


def test_soft_start_with_gaps_still_counts_as_speech():
    seg = Segmenter(speech_seconds=0.25)
    feed(seg, [(0.12, True), (0.03, False), (0.12, True), (0.06, True)])
    assert seg.in_speech


def test_monologue_is_cut_at_the_maximum():
    seg = Segmenter(max_seconds=30.0)
    closed_at = feed(seg, [(120.0, True)])
    assert seg.too_long and closed_at == pytest.approx(30.0, abs=3 * F)


def test_no_speech_waits_forever_without_timeout_and_stops_with_one():
    seg = Segmenter()
    assert feed(seg, [(60.0, False)]) is None
    seg = Segmenter(start_timeout=5.0)
    assert feed(seg, [(60.0, False)]) == pytest.approx(5.0, abs=F)


def test_unknown_preset_is_named():
    with pytest.raises(ValueError, match="quick, normal, patient"):
        Segmenter.preset("sleepy")
