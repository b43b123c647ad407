"""The end-of-speech segmenter as pure logic: frames in, decisions out."""

import pytest

from voice_companion.audio.segmenter import DECODE_AT, ENDPOINT_PRESETS, Segmenter

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


def test_unjudged_turn_ends_after_the_presets_long_pause():
    for name, (_gap, hold) in ENDPOINT_PRESETS.items():
        seg = Segmenter.preset(name)
        closed_at = feed(seg, [(1.0, False), (1.5, True), (5.0, False)])
        assert closed_at == pytest.approx(2.5 + hold, abs=2 * F), name
        assert seg.ended and not seg.timed_out and not seg.too_long and not seg.finished_early


def test_a_pause_to_think_is_not_the_end_normal_1_2_s_patient_2_s():
    for name, pause in (("normal", 1.2), ("patient", 2.0)):
        seg = Segmenter.preset(name)
        assert feed(seg, [(1.0, True), (pause, False), (1.0, True)]) is None, name
        assert seg.in_speech and not seg.ended


def test_patient_waits_through_a_pause_that_ends_a_quick_turn():
    pattern = [(1.0, True), (1.0, False), (1.0, True), (3.0, False)]
    quick, patient = Segmenter.preset("quick"), Segmenter.preset("patient")
    assert feed(quick, pattern) == pytest.approx(1.0 + ENDPOINT_PRESETS["quick"][1], abs=2 * F)
    assert feed(patient, pattern) == pytest.approx(3.0 + ENDPOINT_PRESETS["patient"][1], abs=2 * F)


def test_each_short_pause_is_announced_once_and_numbered():
    seg = Segmenter.preset("normal")
    announced = []
    for speech, seconds in ((True, 1.0), (False, 0.9), (True, 0.5), (False, 0.9)):
        for _ in range(round(seconds / F)):
            seg.process(F, speech)
            if seg.new_gap:
                announced.append((seg.gaps, round(seg._silence_run, 2)))
    assert [g for g, _ in announced] == [1, 2]
    assert all(s == pytest.approx(DECODE_AT, abs=F) for _, s in announced)


def test_finished_words_end_the_turn_at_the_short_pause():
    seg = Segmenter.preset("normal")
    feed(seg, [(1.0, True), (0.6, False)])
    assert seg.in_gap and seg.end_at_gap(seg.gaps)
    assert seg.ended and seg.finished_early and not seg.process(F, False)


def test_a_judgement_made_before_the_person_spoke_again_is_stale():
    seg = Segmenter.preset("normal")
    feed(seg, [(1.0, True), (0.6, False)])
    judged = seg.gaps
    feed(seg, [(0.3, True)])  # they went on while the words were being decoded
    assert not seg.end_at_gap(judged) and not seg.ended
    feed(seg, [(0.6, False)])
    assert not seg.end_at_gap(judged)  # a new pause needs its own decode
    assert seg.end_at_gap(seg.gaps)


def test_one_stage_segmenter_has_no_short_pause():
    seg = Segmenter(silence_seconds=0.5)
    assert feed(seg, [(1.0, True), (2.0, False)]) == pytest.approx(1.5, abs=2 * F)
    assert seg.gaps == 0 and not seg.end_at_gap(0)


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


def test_a_decode_starts_early_in_the_pause_but_the_turn_ends_no_sooner_than_the_short_pause():
    seg = Segmenter.preset("normal")
    feed(seg, [(1.0, True), (DECODE_AT + 0.05, False)])
    assert seg.gaps == 1 and not seg.end_at_gap(1)  # the words are in, the pause is not yet long enough
    feed(seg, [(ENDPOINT_PRESETS["normal"][0] - DECODE_AT, False)])
    assert seg.end_at_gap(1)
