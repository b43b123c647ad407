"""Configuration: built-in defaults, then the user's TOML file, then the command line.

Every value remembers where it came from, so `voice-companion config` can say why it is what it is.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

APP = "voice-companion"

# Every key the program reads, with its default. Types are taken from the defaults, so a value
# from the file or the command line is checked against them.
DEFAULTS: dict[str, dict[str, Any]] = {
    "listen": {
        "mode": "push_to_talk",  # or "hands_free"
        "endpoint": "normal",  # quick | normal | patient: how long a pause ends a turn (audio/segmenter.py)
        "vad_aggressiveness": 2,  # webrtcvad 0..3
        # Silero (bundled with faster-whisper) must also call a frame a voice: a fan or noisy
        # pauses no longer keep a turn open (scripts/measure_endpoints.py).
        "silero_vad": True,
        "max_utterance_seconds": 30.0,
        "half_duplex": True,  # do not listen while speaking, so it never hears itself
        "barge_in": False,  # hands-free: your voice cuts its speech short (its own echo never does)
        # hands-free without barge-in: "stop", "wait", "be quiet" said while it talks cut it short;
        # other words said over it are left, as half-duplex leaves them
        "stop_over_speech": True,
        # with barge-in or stop_over_speech: take the assistant's own voice out of what the
        # microphone hears while it speaks (speexdsp), so words said over it reach Whisper cleaner
        # (audio/echo_cancel.py)
        "echo_cancel": True,
        "earcons": True,
    },
    "audio": {
        "input_device": "",  # name or index; "" = the system default
        "output_device": "",
        "volume": 0.8,  # 0.1 .. 1.0
    },
    "stt": {
        # auto | tiny.en | base | small: auto picks by this machine's cores and memory
        # (README, "Speech recognition"); `doctor` shows what it picked.
        "model": "auto",
        "model_dir": "",  # a CTranslate2 Whisper directory of your own; overrides stt.model
        "language": "en",
        "beam_size": 1,
    },
    "tts": {
        "voice": "en_US-joe-medium",  # a name from voices/manifest.toml, or a path to a .onnx
        "rate": 0.9,  # 1.0 = the voice's own pace; lower is slower (calmer)
    },
    "llm": {
        "backend": "auto",  # auto | ollama | embedded
        "ollama_model": "llama3.2:3b",
        "ollama_host": "",  # "" = $OLLAMA_HOST or http://127.0.0.1:11434
        "allow_remote_ollama": False,
        "gguf": "",  # "" = the default model (see README), or a path to any .gguf
        "threads": 0,  # 0 = choose for this machine
        "context": 2048,
        "max_tokens": 120,
        "temperature": 0.6,
        # Seconds the language model (built-in or Ollama) may take before its first word of a reply, and between
        # words, before the companion gives up on that reply and says so.
        "first_token_timeout": 20.0,
        "token_timeout": 10.0,
    },
    "user": {
        "region": "US",  # for helplines: US CA UK IE AU NZ, or "other"
        "instructions_file": "",  # "" = instructions.txt in the config directory
        "has_therapist": False,
        "journal": False,  # keep a note of each conversation, one file a day (voice-companion journal)
    },
    "care": {
        "break_after_minutes": 20.0,
        "late_start": "23:00",
        "late_end": "05:00",
    },
    "morning": {
        "at": "",  # "07:30"; empty = not scheduled
        "days": "daily",
        "routine": "get_out_of_bed",
        "snooze_minutes": 10.0,
        "max_snoozes": 2,
        "grace_minutes": 30.0,
    },
}


# The range each number can take and still work. Past these a setting does not just sound odd,
# it breaks something (llm.context = 16 fails every turn; audio.volume = 0 is silence), so a
# value outside is never used.
RANGES: dict[str, tuple[float, float]] = {
    "listen.vad_aggressiveness": (0, 3),
    "listen.max_utterance_seconds": (5.0, 120.0),
    "audio.volume": (0.1, 1.0),
    "stt.beam_size": (1, 10),
    "tts.rate": (0.3, 3.0),
    "llm.threads": (0, 64),  # 0 = choose for this machine
    "llm.context": (1024, 32768),  # below ~1000 tokens the instructions alone do not fit
    "llm.max_tokens": (16, 1024),
    "llm.temperature": (0.0, 2.0),
    "llm.first_token_timeout": (2.0, 600.0),
    "llm.token_timeout": (1.0, 120.0),
    "care.break_after_minutes": (5.0, 240.0),
    "morning.snooze_minutes": (1.0, 60.0),
    "morning.max_snoozes": (0, 10),
    "morning.grace_minutes": (0.0, 720.0),
}
CHOICES: dict[str, tuple[str, ...]] = {
    "listen.mode": ("push_to_talk", "hands_free"),
    "listen.endpoint": ("quick", "normal", "patient"),
    "llm.backend": ("auto", "ollama", "embedded"),
    "stt.model": ("auto", "tiny.en", "base", "small"),
}
CLOCK_TIMES = ("care.late_start", "care.late_end")  # "HH:MM", 24-hour
ENVIRONMENT = {"llm.ollama_host": "OLLAMA_HOST"}  # used when the file and command line say nothing


class ConfigError(Exception):
    """A config value or file that cannot be used; the message says which and what to do."""


def config_dir() -> Path:
    return Path(os.environ.get("VOICE_COMPANION_CONFIG_DIR") or platformdirs.user_config_dir(APP))


def data_dir() -> Path:
    return Path(os.environ.get("VOICE_COMPANION_DATA_DIR") or platformdirs.user_data_dir(APP))


def default_config_path() -> Path:
    return config_dir() / "config.toml"


@dataclass
class Config:
    values: dict[str, dict[str, Any]] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # "section.key" -> where it came from
    path: Path | None = None
    # Values from the file or the environment that could not be used, each a plain sentence
    # naming the key and the fix; the default was used instead, so the companion carries on.
    problems: list[str] = field(default_factory=list)

    def get(self, dotted: str) -> Any:
        section, key = dotted.split(".", 1)
        return self.values[section][key]

    def set(self, dotted: str, value: Any, source: str) -> None:
        section, key = _split_key(dotted, source)
        self.values[section][key] = _coerce(dotted, value, DEFAULTS[section][key], source)
        self.sources[dotted] = source

    def items(self):
        for section, keys in self.values.items():
            for key, value in keys.items():
                dotted = f"{section}.{key}"
                yield dotted, value, self.sources.get(dotted, "default")

    # Short accessors for the sections most code reads.
    def __getitem__(self, section: str) -> dict[str, Any]:
        return self.values[section]


def _split_key(dotted: str, source: str) -> tuple[str, str]:
    if "." not in dotted:
        raise ConfigError(f"{source}: '{dotted}' is not a setting; use section.key, e.g. llm.backend.")
    section, key = dotted.split(".", 1)
    if section not in DEFAULTS or key not in DEFAULTS[section]:
        known = ", ".join(f"{s}.{k}" for s in DEFAULTS for k in DEFAULTS[s])
        raise ConfigError(f"{source}: unknown setting '{dotted}'. Known settings: {known}.")
    return section, key


def _coerce(dotted: str, value: Any, default: Any, source: str) -> Any:
    want = type(default)
    try:
        if want is bool:
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in ("1", "true", "yes", "on"):
                return True
            if text in ("0", "false", "no", "off"):
                return False
            raise ValueError
        if want is float:
            if isinstance(value, bool):
                raise ValueError
            return float(value)
        if want is int:
            if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
                raise ValueError
            return int(value)
        return str(value)
    except (TypeError, ValueError):
        raise ConfigError(
            f"{source}: '{dotted}' must be {want.__name__} (like {default!r}), got {value!r}."
        ) from None


def load_config(path: Path | None = None, overrides: list[tuple[str, Any, str]] = ()) -> Config:
    """Defaults, then the TOML file (if it exists), then the environment (OLLAMA_HOST), then
    overrides as (key, value, source).

    A bad value from the file or the environment is reported in cfg.problems and the default
    used, so a typo never silences the companion (the morning routine runs unattended). A bad
    value on the command line raises ConfigError: the person is right there to retype it."""
    cfg = Config(values={s: dict(keys) for s, keys in DEFAULTS.items()})
    path = path or default_config_path()
    cfg.path = path
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(
                f"{path}: this config file cannot be read ({exc}). Fix it, or move it away to use the defaults."
            ) from None
        except OSError as exc:
            raise ConfigError(
                f"{path}: this config file cannot be opened ({exc.strerror or exc}). "
                "Check its permissions, or move it away to use the defaults."
            ) from None
        for section, keys in data.items():
            if not isinstance(keys, dict):
                cfg.problems.append(f"file {path}: '{section}' should be a [section] with settings under it; ignoring it.")
                continue
            for key, value in keys.items():
                try:
                    cfg.set(f"{section}.{key}", value, f"file {path}")
                except ConfigError as exc:
                    known = section in DEFAULTS and key in DEFAULTS[section]
                    cfg.problems.append(
                        f"{exc} Using the default, {_show(DEFAULTS[section][key])}, for now." if known else
                        f"file {path}: '{section}.{key}' is not a setting; ignoring it. "
                        "`voice-companion config` lists the settings there are."
                    )
    for dotted, var in ENVIRONMENT.items():
        if os.environ.get(var) and cfg.sources.get(dotted, "default") == "default":
            cfg.set(dotted, os.environ[var], f"environment {var}")
    for dotted, value, source in overrides:
        cfg.set(dotted, value, source)
    _validate(cfg)
    return cfg


def _show(value: Any) -> str:
    return repr(value) if isinstance(value, str) else str(value)


def _validate(cfg: Config) -> None:
    for dotted, (lo, hi) in RANGES.items():
        value = cfg.get(dotted)
        if not lo <= value <= hi:  # also catches inf and nan from TOML
            _unusable(cfg, dotted, f"{_show(value)} is out of range: use a number from {_show(lo)} to {_show(hi)}")
    for dotted, allowed in CHOICES.items():
        if cfg.get(dotted) not in allowed:
            _unusable(cfg, dotted, f"{_show(cfg.get(dotted))} is not one of {', '.join(allowed)}")
    if cfg.get("llm.max_tokens") > cfg.get("llm.context") // 2:
        # The reply shares the context with the instructions and the conversation so far.
        _unusable(cfg, "llm.max_tokens", f"{cfg.get('llm.max_tokens')} leaves too little room in llm.context = "
                  f"{cfg.get('llm.context')}: use at most half of it")
    for dotted in CLOCK_TIMES:
        value = cfg.get(dotted)
        if not _is_clock_time(value):
            _unusable(cfg, dotted, f"{_show(value)} is not a time: write it like {DEFAULTS['care'][dotted.split('.')[1]]} (24-hour clock)")
    _check_morning(cfg)
    _check_region(cfg)
    _check_ollama_host(cfg)


def _unusable(cfg: Config, dotted: str, why: str, *, fallback: Any = None) -> None:
    """A value that cannot be used: an error on the command line, else the default and a note."""
    source = cfg.sources.get(dotted, "default")
    message = f"{source}: {dotted} = {why.rstrip('.')}."
    if not source.startswith(("file ", "environment ")):
        raise ConfigError(message)
    section, key = dotted.split(".", 1)
    value = DEFAULTS[section][key] if fallback is None else fallback
    cfg.values[section][key] = value
    cfg.sources[dotted] = f"default (the value from {source} could not be used)"
    cfg.problems.append(f"{message} " + (f"Using {_show(value)} for now." if value != "" else "Leaving it unset for now."))


def _is_clock_time(value: str) -> bool:
    hours, _, minutes = value.partition(":")
    # isascii: "²" and other Unicode digits pass isdigit() but int() refuses them.
    return (hours.isascii() and minutes.isascii() and hours.isdigit() and minutes.isdigit() and len(minutes) == 2
            and 0 <= int(hours) <= 23 and 0 <= int(minutes) <= 59)


def _check_morning(cfg: Config) -> None:
    from voice_companion.morning.schedule import parse_days, parse_time

    if cfg.get("morning.at"):
        try:
            parse_time(cfg.get("morning.at"))
        except ValueError as exc:
            _unusable(cfg, "morning.at", f"{_show(cfg.get('morning.at'))}: {exc}")
    try:
        parse_days(cfg.get("morning.days"))
    except ValueError as exc:
        _unusable(cfg, "morning.days", f"{_show(cfg.get('morning.days'))}: {exc}")


def _check_region(cfg: Config) -> None:
    from voice_companion.safety.helplines import REGIONS, region_key

    value = cfg.get("user.region")
    if region_key(value) == "other" and value.strip().lower() != "other":
        # Not the default (US): the wrong country's crisis line is worse than the international one.
        _unusable(cfg, "user.region", f"{_show(value)} is not a region with its own helplines: "
                  f"use one of {' '.join(k for k in REGIONS if k != 'other')}, or other", fallback="other")


def _check_ollama_host(cfg: Config) -> None:
    from voice_companion.llm.ollama import DEFAULT_HOST, parse_host

    value = cfg.get("llm.ollama_host")
    if value:
        try:
            parse_host(value)
        except ValueError as exc:
            # The loopback default is safe: nothing can leave the machine through it.
            _unusable(cfg, "llm.ollama_host", f"{_show(value)} is not an address ({exc}): write it like {DEFAULT_HOST}",
                      fallback=DEFAULT_HOST)


def user_instructions(cfg: Config) -> tuple[str, Path]:
    """The person's own standing instructions for the assistant, from a plain text file."""
    path = Path(cfg.get("user.instructions_file") or config_dir() / "instructions.txt").expanduser()
    try:
        return path.read_text(encoding="utf-8").strip(), path
    except FileNotFoundError:
        return "", path
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read your instructions file ({exc}). "
                          "Save it as plain text (UTF-8), or move it away.") from None
