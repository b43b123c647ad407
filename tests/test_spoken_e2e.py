"""Spoken end to end: a person's WAV in, the assistant's WAV out, everything real in between
(VAD, segmenter, Whisper, crisis gate, router, exercise engine, Piper). What came out is checked
by transcribing it back with Whisper."""

import re

import pytest
from fakes import FixedLLM, Spy, words

from voice_companion.app.runtime import load_exercises, make_voice_channel
from voice_companion.audio.format import resample
from voice_companion.clock import FakeClock
from voice_companion.config import load_config
from voice_companion.conversation.companion import Companion, SessionOptions


def spoken_text(stt, channel) -> str:
    """Everything played, transcribed back clip by clip (each line or cue is one clip; Whisper
    skips repetitive stretches of long audio, so clips are transcribed one at a time)."""
    clips, channel.sink.chunks = channel.sink.chunks, []
    heard = []
    for clip in clips:
        if clip.size < channel.sink.rate * 0.4:
            continue  # an earcon
        heard.append(stt.transcribe(resample(clip, channel.sink.rate, 16000)).text)
    return " ".join(words(" ".join(heard)))


@pytest.fixture(scope="module")
def catalog():
    return load_exercises()[0]


def test_a_crisis_said_aloud_gets_the_helpline_spoken_and_no_llm_call(tts, stt, espeak_wav, catalog):
    spy = Spy()
    ch = make_voice_channel(load_config(), tts=tts, stt=stt, input_wavs=[espeak_wav("I want to end my life.")], to_wav=True)
    Companion(ch, catalog, llm=FixedLLM(spy), options=SessionOptions(region="US", fast=True)).run()
    said = spoken_text(stt, ch)
    assert re.search(r"nine eight eight|988|9 8 8", said), said
    assert spy.chats == [] and spy.classified == []


def test_a_spoken_breathing_request_gives_spoken_cues_in_order(tts, stt, piper_wav, catalog):
    # Spoken in Piper's voice: Whisper tiny.en hears espeak's "box breathing" as "buck streaming"
    # on some CPUs and not others (how well it hears accents is measured in the README).
    ch = make_voice_channel(load_config(), tts=tts, stt=stt, input_wavs=[piper_wav("Can we do box breathing?")], to_wav=True)
    c = Companion(ch, catalog, options=SessionOptions(fast=True))
    c.greet()
    ch.sink.chunks.clear()  # only what follows the request
    c.handle(ch.listen(None))
    said = spoken_text(stt, ch)
    # The cues, in the order breathed: in, hold, out, hold — several times. Whisper, listening to
    # our own voice over the rising inhale tone, sometimes hears "breathe in" as other words
    # ("read then"), so the order is read from the words it does hear reliably: "hold" after the
    # in-breath, "out", "hold" again — a run only the cycle in its order can make.
    # Piper's voice varies from one synthesis to the next, and a cue's words are made once and
    # reused: in one CI run its lone "Hold" came out as "of", so every hold of that
    # run was "of two three four". Only right before the count is "of"/"old" read as "hold".
    heard = said.split()
    order = [("hold" if w in ("of", "old") else w) for w, nxt in zip(heard, heard[1:] + [""], strict=True)
             if w in ("hold", "out") or (w in ("of", "old") and nxt in ("two", "2"))]
    pattern = "".join({"hold": "h", "out": "o"}[w] for w in order)
    assert pattern.count("hoh") >= 3 and "oo" not in pattern and "hhh" not in pattern, said


def test_stop_said_during_the_breathing_stops_it(tts, stt, espeak_wav, catalog):
    ch = make_voice_channel(load_config(), tts=tts, stt=stt,
                            input_wavs=[espeak_wav("Can we do some breathing?"), espeak_wav("Stop."), espeak_wav("Yes.")],
                            to_wav=True)
    c = Companion(ch, catalog, options=SessionOptions(fast=False), clock=FakeClock())
    c.handle(ch.listen(None))
    said = spoken_text(stt, ch)
    # Heard clearly, it stops; heard unsure, it goes quiet, asks "did you say stop?", and the yes stops it.
    assert "stop here" in said
    assert said.count("hold") <= 3  # it did not run all four rounds


def test_morning_now_by_voice_with_a_snooze(tts, stt, espeak_wav, tmp_path):
    from voice_companion.morning.notes import remembered_today
    from voice_companion.morning.routine import run_routine

    replies = ["Ten more minutes.", "Okay, I'm awake.", "Done.", "Done.", "Done.", "Done.", "Done.", "Done.",
               "Make a cup of tea."]
    cfg = load_config(overrides=[("morning.max_snoozes", 2, "test")])
    ch = make_voice_channel(cfg, tts=tts, stt=stt, input_wavs=[espeak_wav(r) for r in replies], to_wav=True)
    clock = FakeClock()
    ended = run_routine(cfg, ch, clock=clock, fast=True)
    said = spoken_text(stt, ch)
    assert ended == "done"
    assert clock.now() >= 10 * 60  # the snooze really waited ten minutes (on the fake clock)
    assert "ten more minutes" in said or "10 more minutes" in said
    assert "wiggle your toes" in said and "glass of water" in said
    assert "tea" in remembered_today().get("next_thing", "").lower()
