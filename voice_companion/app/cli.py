"""voice-companion's command line. Every failure a person can meet ends in a plain message and
a non-zero exit, never a traceback."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from voice_companion import __version__
from voice_companion.audio.segmenter import ENDPOINT_PRESETS
from voice_companion.config import ConfigError, default_config_path, load_config

EXIT_PROBLEM = 2

DESCRIPTION = """A calm, offline voice that keeps you company and guides coping exercises:
grounding, paced breathing and getting out of bed. Everything runs on this computer.
voice-companion is not therapy and not for emergencies: if you are in danger, call your local
emergency number or a crisis line (988 in the US and Canada, 116 123 in the UK and Ireland)."""


def _common(p: argparse.ArgumentParser, *, io: bool = True, top: bool = False) -> None:
    """Options every command takes, before or after its name. On subcommands they default to
    SUPPRESS so they never overwrite what was given before the command name."""
    g = p.add_argument_group("settings (each overrides the config file)")
    if not top:
        g.argument_default = argparse.SUPPRESS
        p.argument_default = argparse.SUPPRESS
    g.add_argument("--config", type=Path, help=f"config file (default {default_config_path()})")
    g.add_argument("--set", action="append", metavar="SECTION.KEY=VALUE",
                   help="override any config setting, e.g. --set llm.max_tokens=80 (repeatable)")
    g.add_argument("--backend", choices=("auto", "ollama", "embedded"), help="which LLM to use (llm.backend)")
    g.add_argument("--region", help="your region for helplines: US CA UK IE AU NZ other (user.region)")
    g.add_argument("--voice", help="Piper voice name or .onnx path (tts.voice)")
    g.add_argument("--rate", type=float, help="speech rate, 1.0 = normal, lower is slower (tts.rate)")
    g.add_argument("--volume", type=float, help="0.1 to 1.0 (audio.volume)")
    g.add_argument("--debug", action="store_true",
                   help="also log what you say and what it says (private by default; this puts them on stderr)")
    if io:
        g.add_argument("--text", action="store_true", help="type and read instead of speaking and listening")
        g.add_argument("--hands-free", action="store_true", help="listen all the time instead of push-to-talk (listen.mode)")
        g.add_argument("--barge-in", action="store_true",
                       help="hands-free: speaking over the assistant cuts it short; its own voice never does (listen.barge_in)")
        g.add_argument("--endpoint", choices=("quick", "normal", "patient"),
                       help="how long a pause ends your turn, after words that read as finished / mid-sentence: "
                            + ", ".join(f"{k} {a}/{b} s" for k, (a, b) in ENDPOINT_PRESETS.items())
                            + " (listen.endpoint)")
        g.add_argument("--input-device", help="microphone name or number (audio.input_device)")
        g.add_argument("--output-device", help="speaker name or number (audio.output_device)")
        g.add_argument("--input-wav", type=Path, nargs="+", metavar="WAV",
                       help="use these recorded utterances instead of the microphone, one per turn")
        g.add_argument("--out", type=Path, metavar="WAV", help="write what is spoken to this WAV file instead of playing it")
        g.add_argument("--fast", action="store_true", help="exercises skip their pauses (for trying things out)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="voice-companion", description=DESCRIPTION,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"voice-companion {__version__}")
    _common(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("talk", help="start a conversation (the default)")
    _common(p)
    p = sub.add_parser("say", help="speak a sentence (checks your voice and speaker)")
    p.add_argument("sentence")
    _common(p)
    p = sub.add_parser("transcribe", help="print what is said in WAV files (checks speech recognition)")
    p.add_argument("wavs", type=Path, nargs="+", metavar="WAV")
    p.add_argument("--json", action="store_true",
                   help="one JSON object per file: the words, Whisper's confidence figures and whether it would ask")
    _common(p, io=False)
    p = sub.add_parser("demo", help="a short conversation from recorded utterances, through the real models")
    p.add_argument("--out", type=Path, metavar="DIR", help="write each reply as a WAV in DIR instead of playing it")
    _common(p, io=False)
    p = sub.add_parser("bench", help="measure how fast each kind of spoken request is answered, against a naive pipeline on the same models, plus cold start and peak memory")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument("--kind", action="append", choices=("command", "exercise", "question", "talk"),
                   help="only this kind of request (repeatable; default all four)")
    p.add_argument("--rounds", type=int, default=2, help="how many times to run each request (default 2)")
    p.add_argument("--no-cold-start", action="store_true", help="skip measuring a cold start in a fresh process")
    p.add_argument("--drift", action="store_true", help="also time a real-clock box breathing run (about 1.5 minutes)")
    _common(p, io=False)
    p = sub.add_parser("doctor", help="check models, audio devices, Ollama and memory, and say what to fix")
    _common(p, io=False)
    p = sub.add_parser("config", help="print the effective settings and where each came from")
    _common(p)
    p = sub.add_parser("route", help="read JSON lines with a 'text' field (and 'current', the exercise just done, if any); print the decision for each: crisis, intent and the action taken (crisis_answer, safety_question, command, exercise, offer, talk)")
    p.add_argument("--settle", action="store_true",
                   help="settle what the rules are unsure of with the sentence embedder, as the live loop does; "
                        "the label is printed as 'suggest' (an exercise, talk) or left out (offer the choices)")
    p.add_argument("--llm", action="store_true",
                   help="let the LLM classify what the rules are unsure of instead (slow: the live loop no longer does this)")
    _common(p, io=False)
    p = sub.add_parser("exercises", help="list the exercises, or check an exercise file")
    p.add_argument("--check", type=Path, metavar="FILE", help="validate one exercise file")
    _common(p, io=False)
    p = sub.add_parser("exercise", help="start one exercise directly")
    p.add_argument("name", help="an exercise id from `voice-companion exercises`")
    _common(p)
    p = sub.add_parser("journal", help="list the days kept in the journal (user.journal), show or summarise one, or forget")
    p.add_argument("action", nargs="?", choices=("list", "show", "summary", "forget"),
                   help="list (default), show DAY, summary DAY (a short summary written by the language model), forget DAY")
    p.add_argument("day", nargs="?", metavar="DAY", help="YYYY-MM-DD")
    p.add_argument("--all", action="store_true", help="with forget: delete every day")
    _common(p, io=False)
    p = sub.add_parser("morning", help="wait for the morning time, then gently walk you out of bed")
    p.add_argument("--at", metavar="HH:MM", help="start time (morning.at)")
    p.add_argument("--days", help="daily, weekdays, weekends or e.g. mon-fri (morning.days)")
    p.add_argument("--now", action="store_true", help="start the routine now, to try it")
    _common(p)
    return parser


def _overrides(args: argparse.Namespace) -> list[tuple[str, object, str]]:
    out: list[tuple[str, object, str]] = []
    flag_map = {
        "backend": "llm.backend", "region": "user.region", "voice": "tts.voice", "rate": "tts.rate",
        "volume": "audio.volume", "endpoint": "listen.endpoint", "input_device": "audio.input_device",
        "output_device": "audio.output_device", "at": "morning.at", "days": "morning.days",
    }
    for attr, key in flag_map.items():
        value = getattr(args, attr, None)
        if value is not None:
            out.append((key, value, f"--{attr.replace('_', '-')}"))
    if getattr(args, "hands_free", False):
        out.append(("listen.mode", "hands_free", "--hands-free"))
    if getattr(args, "barge_in", False):
        out.append(("listen.barge_in", True, "--barge-in"))
    for item in args.set or []:
        if "=" not in item:
            raise ConfigError(f"--set {item}: use SECTION.KEY=VALUE, e.g. --set llm.backend=embedded.")
        key, value = item.split("=", 1)
        out.append((key.strip(), value.strip(), "--set"))
    return out


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    command = args.command or "talk"
    if getattr(args, "debug", False):
        from voice_companion.app.runtime import show_words

        show_words()
    try:
        cfg = load_config(args.config, _overrides(args))
        for problem in cfg.problems:
            print(f"Config problem: {problem}", file=sys.stderr)
        from voice_companion.app import commands as commands_cli

        return getattr(commands_cli, "cmd_" + command)(cfg, args)
    except ConfigError as exc:
        print(f"Config problem: {exc}", file=sys.stderr)
        return EXIT_PROBLEM
    except KeyboardInterrupt:
        print("\nOkay. Take care.", file=sys.stderr)
        return 0
    except Exception as exc:  # the last net: one plain line, never a traceback
        from voice_companion.audio.devices import AudioDeviceError
        from voice_companion.audio.format import AudioFileError
        from voice_companion.models import ModelMissing
        from voice_companion.shipped import ShippedFileMissing

        if isinstance(exc, (AudioDeviceError, ModelMissing, AudioFileError, ShippedFileMissing)):
            print(str(exc), file=sys.stderr)
        else:
            print(f"Something went wrong: {type(exc).__name__}: {exc}. `voice-companion doctor` may help.", file=sys.stderr)
            if os.environ.get("VOICE_COMPANION_DEBUG"):
                raise
        return EXIT_PROBLEM


if __name__ == "__main__":
    sys.exit(main())
