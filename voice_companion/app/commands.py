"""What each `voice-companion COMMAND` does. Each cmd_* takes the config and the parsed
arguments and returns the exit code."""

from __future__ import annotations

import json
import sys

from voice_companion.app.runtime import end_session, load_exercises, load_stt, load_tts, log, make_companion, make_llm, make_voice_channel
from voice_companion.config import Config


def _out(line: str = "") -> None:
    print(line, flush=True)


def _channel(cfg: Config, args, *, tts=None, stt=None):
    """Text or voice, from the arguments; models are loaded only for voice."""
    from voice_companion.channels.text import TextChannel

    if getattr(args, "text", False):
        return TextChannel(fast=args.fast)
    keys = None
    wavs = getattr(args, "input_wav", None)
    if wavs is None and cfg.get("listen.mode") == "push_to_talk":
        if sys.stdin.isatty():
            from voice_companion.audio.keys import EnterKey

            keys = EnterKey()
        else:
            log("No keyboard to press, so I'll listen hands-free.")
    tts = tts or load_tts(cfg)
    stt = stt or load_stt(cfg)
    return make_voice_channel(cfg, tts=tts, stt=stt, input_wavs=wavs, to_wav=getattr(args, "out", None) is not None, keys=keys)


def cmd_talk(cfg: Config, args) -> int:
    llm = make_llm(cfg)
    llm.start_choosing()  # the model loads in its own process while the voice and Whisper load here
    channel = _channel(cfg, args)
    companion = make_companion(cfg, channel, llm=llm, fast=args.fast)
    if getattr(channel, "keys", None) is not None:
        log("Press Enter, then speak. Press Enter again or just stop talking when you're done.")
    try:
        companion.run()
    finally:
        end_session(channel, getattr(args, "out", None))
    return 0


def cmd_say(cfg: Config, args) -> int:
    from voice_companion.audio.wav_sink import WavSink

    tts = load_tts(cfg)
    audio = tts.synthesize(args.sentence)
    if args.out is not None:
        sink = WavSink(tts.sample_rate)
        sink.play(audio * cfg.get("audio.volume"), tts.sample_rate)
        if sink.save(args.out) is None:
            return 1  # the reason was said, naming the file
        _out(f"Wrote {args.out} ({audio.size / tts.sample_rate:.1f} s).")
    else:
        from voice_companion.audio.devices import SpeakerSink

        sink = SpeakerSink(cfg.get("audio.output_device") or None, rate=tts.sample_rate)
        sink.play(audio * cfg.get("audio.volume"), tts.sample_rate)
        sink.close()
    return 0


def cmd_transcribe(cfg: Config, args) -> int:
    from voice_companion.audio.format import load_for_stt

    stt = load_stt(cfg)
    for path in args.wavs:
        result = stt.transcribe(load_for_stt(path))
        if getattr(args, "json", False):
            # One object per file, with Whisper's confidence: shows why the companion would ask.
            _out(json.dumps({"wav": str(path), **result.as_json()}))
        elif len(args.wavs) > 1:
            _out(f"{path}: {result.text}" if result.text else f"{path}: (no speech heard)")
        else:
            _out(result.text if result.text else "(no speech heard)")
    return 0


def cmd_demo(cfg: Config, args) -> int:
    from voice_companion.app.demo import run_demo

    return run_demo(cfg, out_dir=args.out)


def cmd_bench(cfg: Config, args) -> int:
    from voice_companion.app.bench import KINDS, run_bench

    if args.rounds < 1:
        print("--rounds must be 1 or more.", file=sys.stderr)
        return 2
    return run_bench(cfg, as_json=args.json, rounds=args.rounds, drift=args.drift,
                     kinds=tuple(args.kind) if args.kind else KINDS, cold=not args.no_cold_start)


def cmd_doctor(cfg: Config, args) -> int:
    from voice_companion.app.doctor import run_doctor

    return run_doctor(cfg)


def cmd_config(cfg: Config, args) -> int:
    exists = cfg.path is not None and cfg.path.exists()
    _out(f"# config file: {cfg.path} ({'found' if exists else 'not there; defaults are used'})")
    section = None
    for dotted, value, source in cfg.items():
        sec, key = dotted.split(".", 1)
        if sec != section:
            _out(f"\n[{sec}]")
            section = sec
        _out(f"{key} = {json.dumps(value)}    # {source}")
    return 0


def cmd_route(cfg: Config, args) -> int:
    from voice_companion.routing.decision import decide
    from voice_companion.routing.router import ExerciseInfo, Router
    from voice_companion.safety.crisis import CrisisGate

    catalog, _ = load_exercises()
    router = Router([ExerciseInfo(e.id, e.category, e.title, tuple(e.triggers)) for e in catalog.values()])
    classify = None
    if args.llm:
        from voice_companion.llm.select import choose_backend

        backend = choose_backend(cfg).backend
        classify = backend.classify if backend is not None else None
    settle = None
    if args.settle:
        from voice_companion.routing.settle import shared_tiebreak

        tiebreak = shared_tiebreak()
        settle = tiebreak.settle if tiebreak is not None else None
    for n, line in enumerate(sys.stdin, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            text = item["text"] if isinstance(item, dict) else None
            if not isinstance(text, str):
                raise KeyError
        except (json.JSONDecodeError, KeyError):
            print(f"line {n}: expected a JSON object with a \"text\" string, e.g. {{\"text\": \"help me breathe\"}}", file=sys.stderr)
            _out(json.dumps({"error": f"line {n} is not a JSON object with a text field"}))
            continue
        current = item.get("current")
        if current is not None and current not in catalog:
            print(f"line {n}: \"current\" must name an exercise ({', '.join(sorted(catalog))}), got {current!r}", file=sys.stderr)
            _out(json.dumps({"error": f"line {n} names no known exercise as current"}))
            continue
        # A fresh gate per line: each is judged as the start of a conversation ("current": just
        # after that exercise was done, offered or asked about).
        decision = decide(text, CrisisGate(), router, classify=classify, settle=settle,
                          topic=catalog[current] if current else None)
        _out(json.dumps(decision.as_json(text)))
    return 0


def cmd_exercises(cfg: Config, args) -> int:
    from voice_companion.exercise.format import check_file

    if args.check is not None:
        problems = check_file(args.check)
        if problems:
            for p in problems:
                _out(p)
            return 1
        _out(f"{args.check}: looks good.")
        from voice_companion.exercise.format import load_exercise, missing_answers

        missing = missing_answers(load_exercise(args.check))
        if missing:
            _out(f"Note: without {', '.join(missing)}, questions about it are answered from its summary and source.")
        return 0
    catalog, errors = load_exercises(say_problem=lambda m: None)
    if not catalog:
        _out("No exercises could be loaded.")
    for ex in sorted(catalog.values(), key=lambda e: (e.category, e.id)):
        minutes = f", about {ex.minutes:g} min" if ex.minutes else ""
        _out(f"{ex.id:22} {ex.title} ({ex.category}{minutes})")
        _out(f"{'':22} {ex.summary}")
    for err in errors:
        _out(f"\nNot loaded: {err}")
    return 0


def cmd_exercise(cfg: Config, args) -> int:
    catalog, _ = load_exercises()
    if args.name not in catalog:
        known = ", ".join(sorted(catalog))
        print(f"There is no exercise called '{args.name}'. These exist: {known}.", file=sys.stderr)
        return 2
    channel = _channel(cfg, args)
    companion = make_companion(cfg, channel, catalog=catalog, fast=args.fast)
    try:
        result = companion.start_exercise(args.name)
        channel.tone("done")
    finally:
        end_session(channel, getattr(args, "out", None))
    return 0 if result is not None else 1


def cmd_morning(cfg: Config, args) -> int:
    from voice_companion.morning.routine import run_morning

    channel_factory = lambda: _channel(cfg, args)  # noqa: E731 — models load only when it is time
    return run_morning(cfg, args, channel_factory)


def cmd_journal(cfg: Config, args) -> int:
    from voice_companion.conversation.journal import command

    def summarise(day: str, entries: list) -> tuple[list[str], int]:
        from voice_companion.conversation.journal_summary import summarise
        from voice_companion.llm.select import choose_backend

        backend = choose_backend(cfg).backend
        try:
            return summarise(day, entries, backend, context_tokens=cfg.get("llm.context"),
                             max_tokens=cfg.get("llm.max_tokens"))
        finally:
            if backend is not None and hasattr(backend, "close"):
                backend.close()

    return command(args.action, args.day, args.all, _out, summarise)
