"""Real PortAudio input and output through a virtual PulseAudio server (no sound card here)."""

import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from fakes import words
from pulse import VirtualAudio

from voice_companion.app.runtime import make_voice_channel
from voice_companion.audio.devices import AudioDeviceError, MicrophoneSource, SpeakerSink, describe_devices
from voice_companion.config import load_config

pytestmark = pytest.mark.audio_device


@pytest.fixture(scope="module")
def audio(tmp_path_factory):
    va = VirtualAudio(tmp_path_factory.mktemp("pulse")).start()
    yield va
    va.stop()


def test_devices_are_listed(audio):
    ins, outs, problem = describe_devices()
    assert problem is None and ins and outs


def test_speaker_to_microphone_loopback_is_understood(audio, tts, stt):
    """The assistant's voice, played on a real output stream, recorded on a real input stream."""
    audio.pactl("set-default-sink", "mouth")  # this once, the speaker plays into the mic
    try:
        mic = MicrophoneSource()
        time.sleep(1.5)  # a new input stream delivers its first audio after ~1.35 s
        speaker = SpeakerSink(rate=tts.sample_rate)
        mic.flush()
        speaker.play(tts.synthesize("Let's take a slow breath together."), tts.sample_rate)
        time.sleep(0.8)
        frames = []
        while (f := mic.read(timeout=0.2)) is not None and len(frames) < 400:  # what is buffered, 12 s at most
            frames.append(f)
            if mic._q.empty():
                break
        mic.close(); speaker.close()
    finally:
        audio.pactl("set-default-sink", "ear")
    recorded = np.concatenate(frames).astype(np.float32) / 32768
    assert {"slow", "breath"} <= set(words(stt.transcribe(recorded).text))


def test_hands_free_listening_on_a_live_microphone(audio, tts, stt, espeak_wav):
    cfg = load_config(overrides=[("listen.mode", "hands_free", "test")])
    ch = make_voice_channel(cfg, tts=tts, stt=stt, to_wav=False)
    try:
        time.sleep(1.5)
        player = audio.speak_into_mic(espeak_wav("I would like to do some breathing."))
        text = ch.listen(15.0)
        player.wait()
    finally:
        ch.turns.mic.close(); ch.sink.close()
    assert "breathing" in words(text)


def test_it_does_not_hear_itself_while_speaking(audio, tts, stt):
    """Half-duplex: its own voice, played into the microphone, is not taken as the person's."""
    audio.pactl("set-default-sink", "mouth")
    try:
        cfg = load_config(overrides=[("listen.mode", "hands_free", "test"), ("listen.earcons", False, "test")])
        ch = make_voice_channel(cfg, tts=tts, stt=stt, to_wav=False)
        time.sleep(1.5)
        ch.say("I'm here with you. Take your time.")
        heard = ch.listen(2.0)
        ch.turns.mic.close(); ch.sink.close()
    finally:
        audio.pactl("set-default-sink", "ear")
    assert heard is None


def test_microphone_recovered_by_two_threads_while_the_speaker_plays_does_not_crash(audio):
    """Recovering a lost microphone restarts PortAudio, which frees every open stream. Two
    threads doing it at once, with the speaker playing, once crashed the process (SIGILL) and
    could hang it; now the restarts take turns and both devices work afterwards."""
    script = Path(__file__).with_name("restart_under_load.py")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, (done.returncode, done.stderr[-2000:])
    ok, delivers, _speaker_errors = done.stdout.split()
    assert ok == "ok" and delivers == "True", done.stdout


def test_closing_the_microphone_ends_a_listen_quietly(audio, tts, stt):
    """Closing the microphone (the session ending) is not a lost microphone: listen() returns
    nothing, the channel is at its end, and nobody is told the microphone stopped."""
    from voice_companion.channels.voice import MIC_LOST

    cfg = load_config(overrides=[("listen.mode", "hands_free", "test")])
    ch = make_voice_channel(cfg, tts=tts, stt=stt, to_wav=False)
    lines: list[str] = []
    ch.log = lines.append
    heard: list = []
    listener = threading.Thread(target=lambda: heard.append(ch.listen(None)), daemon=True)
    try:
        time.sleep(1.5)
        listener.start()
        time.sleep(1.0)
        ch.turns.mic.close()
        listener.join(20)
    finally:
        ch.turns.mic.close(); ch.sink.close()
    assert not listener.is_alive() and heard == [None] and ch.eof
    assert not any(MIC_LOST in line for line in lines), lines


def test_a_missing_microphone_is_named_with_what_to_try(audio):
    with pytest.raises(AudioDeviceError) as err:
        MicrophoneSource("USB headset that is not there")
    msg = str(err.value)
    assert "USB headset that is not there" in msg and "--text" in msg and "doctor" in msg
    assert "Traceback" not in msg


def test_a_missing_speaker_is_named_with_what_to_try(audio):
    with pytest.raises(AudioDeviceError, match=r"speaker \(Bluetooth speaker 9\).*--text"):
        SpeakerSink("Bluetooth speaker 9")


def test_a_device_number_that_does_not_exist_gets_a_plain_message(audio):
    with pytest.raises(AudioDeviceError) as err:
        MicrophoneSource("7")
    msg = str(err.value)
    assert "no device number 7" in msg and "doctor" in msg
    assert "Error querying" not in msg


def test_it_does_not_answer_its_own_listening_tone(audio, tts, stt):
    """The speaker plays into the microphone: the "I'm listening" tone's echo opens no turn, so
    nothing like "Sorry, I didn't catch that" follows it."""
    audio.pactl("set-default-sink", "mouth")
    try:
        cfg = load_config(overrides=[("listen.mode", "hands_free", "test")])
        ch = make_voice_channel(cfg, tts=tts, stt=stt, to_wav=False)
        said = []
        real_say = ch.say
        ch.say = lambda text: (said.append(text), real_say(text))
        time.sleep(1.5)
        heard = [ch.listen(3.0) for _ in range(3)]  # each listen plays the tone first
        ch.turns.mic.close(); ch.sink.close()
    finally:
        audio.pactl("set-default-sink", "ear")
    assert heard == [None, None, None] and said == []


def test_doctor_plays_a_tone_and_names_a_microphone_that_hears_only_silence(audio, capsys):
    """No loopback: the null sink the microphone listens to carries nothing, as a muted
    microphone would, and doctor says so with what to do."""
    from voice_companion.app.doctor import Report, _sound_check

    report = Report()
    _sound_check(load_config(), report)
    out = capsys.readouterr().out
    assert "ok       speaker: played the tone" in out
    assert "delivers only silence (muted?)" in out and "--input-device" in out and report.problems == 1


@pytest.fixture(scope="module")
def echo_rig(tmp_path_factory, audio):
    audio.pactl("load-module", "module-loopback", "source=ear.monitor", "sink=mouth", "latency_msec=30")
    yield audio
    audio.pactl("unload-module", "module-loopback")


def test_stop_said_at_random_points_of_box_breathing_stops_it_with_the_echo_on(echo_rig, tts, stt, espeak_wav):
    """Hands-free, the speaker heard by the microphone: "stop" played into the microphone at a
    random moment of a breathing cycle. Figures over 20 tries are in the README; here a few
    tries, with generous bounds, because this machine is shared and slow."""
    from voice_companion.app import runtime
    from voice_companion.app.runtime import load_exercises, make_companion
    from voice_companion.app.stop_trials import breathing_only, run_trials
    from voice_companion.llm.holder import LLMHolder

    cfg = load_config(overrides=[("listen.mode", "hands_free", "test")])
    ch = make_voice_channel(cfg, tts=tts, stt=stt, to_wav=False)
    runtime.show_words()  # what was heard goes to the captured log: a failure says why
    try:
        companion = make_companion(cfg, ch, catalog=breathing_only(load_exercises()[0]), llm=LLMHolder())
        log: list[str] = []
        trials = run_trials(companion, ch, espeak_wav("Stop."), 4, seed=5, log=log.append,
                            answers={"yes": espeak_wav("Yes."), "no_stop": espeak_wav("No, stop.")})
    finally:
        runtime.show_words(False)
        ch.turns.mic.close(); ch.sink.close()
    stopped = [t for t in trials if t.stopped]
    assert len(stopped) >= 2, "\n".join(log)
    # The breathing went quiet soon after the word (it is cut the moment the person speaks).
    assert all(t.silent_after is not None and t.silent_after < 1.5 for t in stopped), trials


LONG_LINE = ("Box breathing is a slow, steady way to breathe, and many people find it calming. "
             "You breathe in through your nose for a count of four, and hold that breath for four. "
             "Then you breathe out gently for four, and rest for four before the next breath.")


def barge_in_channel(tts, stt):
    cfg = load_config(overrides=[("listen.mode", "hands_free", "test"), ("listen.barge_in", True, "test"),
                                 ("listen.earcons", False, "test")])
    ch = make_voice_channel(cfg, tts=tts, stt=stt, to_wav=False)
    assert ch.turns.canceller is not None  # with barge-in its own voice is taken out (listen.echo_cancel)
    time.sleep(1.0)
    # The greeting: the first words of a session are how the judge learns this room's echo.
    assert ch.say("I'm here. Tell me what you need, whenever you're ready.")
    return ch


def test_with_barge_in_its_own_voice_and_echo_never_cut_it_short(echo_rig, tts, stt):
    ch = barge_in_channel(tts, stt)
    try:
        said = [ch.say(LONG_LINE) for _ in range(2)]
    finally:
        ch.turns.mic.close(); ch.sink.close()
    assert said == [LONG_LINE, LONG_LINE]


def test_with_barge_in_the_persons_voice_cuts_it_short_and_is_heard(echo_rig, tts, stt, espeak_wav):
    import threading

    ch = barge_in_channel(tts, stt)
    try:
        voice = espeak_wav("Please stop talking, I need a moment.")
        threading.Timer(3.0, lambda: echo_rig.speak_into_mic(voice)).start()
        said = ch.say(LONG_LINE)
        heard = ch.listen(8.0)
    finally:
        ch.turns.mic.close(); ch.sink.close()
    # Only what was said before the cut counts as said (it is what the history keeps).
    assert said != LONG_LINE and said.endswith("…") and LONG_LINE.startswith(said[:-1]), said
    assert {"stop", "moment"} & set(words(heard)), heard


def test_doctor_hears_its_tone_come_back_as_an_echo(echo_rig, capsys):
    from voice_companion.app.doctor import Report, _sound_check

    report = Report()
    _sound_check(load_config(), report)
    out = capsys.readouterr().out
    assert report.problems == 0, out
    assert "ok       microphone:" in out and "the microphone hears the speaker" in out


def stop_over_speech_channel(tts, stt):
    """Hands-free as it ships: no barge-in, but a command said over its voice cuts it."""
    cfg = load_config(overrides=[("listen.mode", "hands_free", "test"), ("listen.earcons", False, "test")])
    ch = make_voice_channel(cfg, tts=tts, stt=stt, to_wav=False)
    ch.transcript = lambda line: print(line, file=sys.stderr)  # what was heard: a failure says why
    assert ch.stop_over_speech and not ch.barge_in and ch.turns.canceller is not None
    time.sleep(1.0)
    assert ch.say("I'm here. Tell me what you need, whenever you're ready.")
    return ch


def test_without_barge_in_stop_said_over_its_voice_cuts_it_and_is_heard(echo_rig, tts, stt, espeak_wav):
    """Measured over 15 tries it cuts on 10-12 (scripts/measure_barge_in.py --stop-over-speech):
    here the phrasing it heard best, tried again (at most three times) if Whisper missed it."""
    from voice_companion.routing.commands import match_command

    ch = stop_over_speech_channel(tts, stt)
    tries = []
    try:
        for at in (3.0, 2.2, 3.6):
            threading.Timer(at, lambda: echo_rig.speak_into_mic(espeak_wav("Please stop talking."))).start()
            said = ch.say(LONG_LINE)
            heard = ch.listen(0.01)
            tries.append((said, heard, ch.cut_short))
            if said != LONG_LINE:
                break
            time.sleep(2.0)
    finally:
        ch.stop_listening(); ch.turns.mic.close(); ch.sink.close()
    said, heard, cut_short = tries[-1]
    assert said != LONG_LINE and said.endswith("…") and cut_short, tries
    assert heard is not None and match_command(heard) == "stop", tries


def test_without_barge_in_other_words_said_over_its_voice_neither_cut_it_nor_are_answered(echo_rig, tts, stt, espeak_wav):
    ch = stop_over_speech_channel(tts, stt)
    try:
        # Ordinary words far from any command or crisis phrase. Half-masked by its voice, "the rain is nice
        # today" was once heard (on CI) as "I'm ready to die today": that cuts it and is answered, by design.
        threading.Timer(3.0, lambda: echo_rig.speak_into_mic(espeak_wav("My sister is coming over later."))).start()
        said = [ch.say(LONG_LINE), ch.say(LONG_LINE)]  # the second: its own voice alone
        listener = ch._live  # it still listens over what it just said
        ch.stop_listening()  # as the end of a session does: nothing is left decoding as the program ends
        heard = ch.listen(0.01)
    finally:
        ch.turns.mic.close(); ch.sink.close()
    assert said == [LONG_LINE, LONG_LINE] and not ch.cut_short
    assert heard is None, heard
    assert listener is not None and not listener.thread.is_alive() and ch._live is None
