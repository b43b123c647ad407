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
        audio = resample(clip, channel.sink.rate, 16000)
        t = stt.transcribe(audio)
        if t.compression_ratio > 2.4:
            # Greedy tiny.en now and then loops on one of our clips ("oooohhhh…", seen on CI) and the
            # clip's words are lost: read that clip again the way Whisper itself falls back.
            segments, _ = stt.model.transcribe(audio, language="en", beam_size=5, condition_on_previous_text=False,
                                               temperature=(0.0, 0.2, 0.4, 0.6))
            heard.append(" ".join(seg.text for seg in segments))
        else:
            heard.append(t.text)
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
    # The cues, in the order breathed: in, hold, out, hold, several times. Each phase is its
    # name then "two three four"; the name is read from the words just before the count.
    # Piper's voice varies from one synthesis to the next and a cue is made once and reused, so
    # in a given run one cue's name can be misheard every time ("Hold" as "of", "Breathe out"
    # as "read that" over the exhale tone): an unreadable name may stand anywhere, but every
    # name that is read must be the one due there, and most must be read.
    phases = cue_phases(said)
    assert phases.count("i") >= 3 and len(phases) >= 12, (phases, said)
    assert phases.count("?") <= len(phases) // 3, (phases, said)
    assert all(p in ("?", "ihoh"[k % 4]) for k, p in enumerate(phases)), (phases, said)


def cue_phases(said: str) -> str:
    """The breathing phases heard, from the first in-breath: "i", "h", "o", or "?" where the
    name before a count could not be read."""
    words = said.split()
    names = []
    for i, w in enumerate(words):
        if w in ("two", "2") and words[i + 1 : i + 2] in (["three"], ["3"]):
            name = []
            for before in reversed(words[max(0, i - 3) : i]):
                if before in ("four", "4"):
                    break
                name.insert(0, before)
            names.append("i" if "in" in name else "h" if {"hold", "of", "old"} & set(name)
                         else "o" if "out" in name else "?")
    phases = "".join(names)
    return phases[phases.index("i"):] if "i" in phases else phases


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
