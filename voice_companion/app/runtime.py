"""Putting the parts together from the config: the channel (voice or text, devices or WAV
files), the exercise catalog, the LLM and the companion itself."""

from __future__ import annotations

import sys
from pathlib import Path

from voice_companion.config import Config, ConfigError, config_dir, data_dir, user_instructions
from voice_companion.exercise.format import builtin_dir, load_catalog
from voice_companion.morning.notes import remembered_today


def log(line: str) -> None:
    """Events and timings. Never the person's words: stderr may end up in the system journal."""
    print(line, file=sys.stderr, flush=True)


_show_words = False

DEBUG_NOTE = ("Debug mode: what you say and what the companion says are shown below, and kept "
              "wherever this output goes (a terminal log, the system journal). Leave out --debug to keep them private.")


def show_words(on: bool = True) -> None:
    """--debug: the conversation itself goes to the log too. Said out loud when it starts."""
    global _show_words
    _show_words = on
    if on:
        log(DEBUG_NOTE)


def transcript(line: str) -> None:
    """A line that holds words of the conversation: logged only under --debug."""
    if _show_words:
        log(line)


def user_exercise_dir() -> Path:
    return config_dir() / "exercises"


def load_exercises(say_problem=log):
    catalog, errors = load_catalog([builtin_dir(), user_exercise_dir()])
    for err in errors:
        say_problem(f"Skipping a broken exercise file: {err}")
    return catalog, errors


def load_tts(cfg: Config):
    from voice_companion.models import voice_path
    from voice_companion.speech.tts import TextToSpeech

    return TextToSpeech(voice_path(cfg.get("tts.voice")), rate=cfg.get("tts.rate"))


def load_stt(cfg: Config):
    from voice_companion.models import whisper_dir
    from voice_companion.speech.stt import SpeechToText

    return SpeechToText(
        whisper_dir(cfg.get("stt.model_dir"), model=cfg.get("stt.model")),
        language=cfg.get("stt.language"), beam_size=cfg.get("stt.beam_size"),
    )


def make_voice_channel(cfg: Config, *, tts, stt, input_wavs: list[Path] | None = None, to_wav: bool = False, keys=None):
    """A spoken channel. input_wavs replaces the microphone with recorded utterances; to_wav
    replaces the speaker with a WavSink (see .sink)."""
    from voice_companion.audio.capture import MicTurnSource, WavTurnSource
    from voice_companion.audio.vad import SpeechDetector
    from voice_companion.audio.wav_sink import WavSink
    from voice_companion.channels.voice import VoiceChannel

    if to_wav:
        sink = WavSink()
    else:
        from voice_companion.audio.devices import SpeakerSink

        sink = SpeakerSink(cfg.get("audio.output_device") or None, rate=tts.sample_rate)
    if input_wavs is not None:
        turns = WavTurnSource(list(input_wavs))
    else:
        from voice_companion.audio.devices import MicrophoneSource

        turns = MicTurnSource(MicrophoneSource(cfg.get("audio.input_device") or None))
    return VoiceChannel(
        tts=tts, stt=stt, sink=sink, turns=turns,
        detector=SpeechDetector(cfg.get("listen.vad_aggressiveness"), silero=cfg.get("listen.silero_vad")),
        cue_detector=SpeechDetector(cfg.get("listen.vad_aggressiveness")),
        endpoint=cfg.get("listen.endpoint"), max_utterance=cfg.get("listen.max_utterance_seconds"),
        earcons=cfg.get("listen.earcons"), half_duplex=cfg.get("listen.half_duplex"),
        volume=cfg.get("audio.volume"), keys=keys, log=log, transcript=transcript,
        barge_in=cfg.get("listen.barge_in"), echo_cancel=cfg.get("listen.echo_cancel"),
        stop_over_speech=cfg.get("listen.stop_over_speech"),
    )


def end_session(channel, out: Path | None) -> None:
    """The session is over: no listening is left running (nothing mid-decode as the program
    ends), and with --out, everything the channel said is written into that WAV file."""
    channel.stop_listening()
    sink = getattr(channel, "sink", None)
    if out is not None and hasattr(sink, "save"):
        if sink.save(out) is not None:
            log(f"Wrote what was said to {out}")


def make_llm(cfg: Config):
    from voice_companion.llm.holder import LLMHolder
    from voice_companion.llm.select import choose_backend, make_embedded

    def choose():
        choice = choose_backend(cfg)
        log(f"LLM: {choice.detail}")
        return choice

    return LLMHolder(choose, lambda: make_embedded(cfg))


def first_run_marker() -> Path:
    return data_dir() / "first-run-done"


def make_companion(cfg: Config, channel, *, catalog=None, llm=None, fast: bool = False, clock=None):
    from voice_companion.conversation.companion import Companion, SessionOptions

    if catalog is None:
        catalog, _ = load_exercises()
    try:
        instructions, _ = user_instructions(cfg)
    except ConfigError as exc:
        # Optional standing instructions: without them the companion is still itself, so an
        # unreadable file is named and the conversation goes on.
        log(f"{exc} Carrying on without them.")
        instructions = ""
    marker = first_run_marker()
    options = SessionOptions(
        region=cfg.get("user.region"), user_instructions=instructions, fast=fast,
        first_run=not marker.exists(), has_therapist=cfg.get("user.has_therapist"),
        break_after_minutes=cfg.get("care.break_after_minutes"),
        late_start=cfg.get("care.late_start"), late_end=cfg.get("care.late_end"), language=cfg.get("stt.language"),
        journal=cfg.get("user.journal"),
    )
    if options.first_run:
        from voice_companion import state

        state.save_bytes(marker, b"", what="the first-run note")
    tts = getattr(channel, "tts", None)
    companion = Companion(
        channel, catalog, llm=llm if llm is not None else make_llm(cfg), options=options, log=log,
        clock=clock,
        set_rate=(tts.set_rate if tts is not None else None),
        get_rate=((lambda: tts.rate) if tts is not None else None),
    )
    companion.answers.update(remembered_today())
    return companion
