"""Shared fixtures. Models load once per test session; every test gets its own config and data
directories so nothing touches the real user's files."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from fakes import REPO, default_gguf  # noqa: F401  (fixtures below and older imports)


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path, monkeypatch):
    monkeypatch.setenv("VOICE_COMPANION_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("VOICE_COMPANION_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("OLLAMA_HOST", raising=False)


@pytest.fixture(autouse=True)
def _daytime(monkeypatch):
    """Every conversation happens at two in the afternoon unless a test says otherwise, so no test
    depends on when CI runs (after 23:00 the companion suggests rest)."""
    import datetime

    from voice_companion.conversation import companion

    monkeypatch.setattr(companion, "local_now", lambda: datetime.datetime(2026, 6, 10, 14, 0))


@pytest.fixture(scope="session")
def shared_data_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("shared-data")


@pytest.fixture(scope="session")
def tts():
    from voice_companion.models import voice_path
    from voice_companion.speech.tts import TextToSpeech

    return TextToSpeech(voice_path("en_US-joe-medium"), rate=1.0)


@pytest.fixture(scope="session")
def stt():
    from voice_companion.models import whisper_dir
    from voice_companion.speech.stt import SpeechToText

    return SpeechToText(whisper_dir())


@pytest.fixture(scope="session")
def smol_path(tmp_path_factory):
    from voice_companion.models import gguf_path

    return gguf_path("smollm2-135m")


@pytest.fixture(scope="session")
def smol(smol_path):
    """The real embedded backend on the tiny SmolLM2 (fast; too weak to converse well)."""
    from voice_companion.llm.embedded import EmbeddedBackend

    return EmbeddedBackend(smol_path, context=2048, threads=1, max_tokens=40, temperature=0.0)


@pytest.fixture(scope="session")
def default_backend():
    """The model a person gets (see tests/llm/test_default_model.py), loaded once."""
    from voice_companion.llm.embedded import EmbeddedBackend

    backend = EmbeddedBackend(default_gguf())
    yield backend
    backend.close()


@pytest.fixture(scope="session")
def espeak_wav(tmp_path_factory):
    """Make a 16 kHz WAV of a sentence in espeak-ng's voice (not the assistant's Piper voice)."""
    if shutil.which("espeak-ng") is None:
        pytest.fail("espeak-ng is not installed: run scripts/setup.sh --test")
    folder = tmp_path_factory.mktemp("espeak")
    cache: dict[str, Path] = {}

    def make(text: str, *, rate: int = 16000, channels: int = 1, speed: int = 140) -> Path:
        key = f"{text}|{rate}|{channels}|{speed}"
        if key not in cache:
            raw = folder / f"raw{len(cache)}.wav"
            out = folder / f"utt{len(cache)}.wav"
            subprocess.run(["espeak-ng", "-v", "en-us+m3", "-s", str(speed), "-w", str(raw), text], check=True)
            subprocess.run(["sox", str(raw), "-r", str(rate), "-c", str(channels), "-b", "16", str(out), "pad", "0.3", "0.3"], check=True)
            cache[key] = out
        return cache[key]

    return make


@pytest.fixture(scope="session")
def piper_wav(tts, tmp_path_factory):
    from voice_companion.audio.format import resample, write_wav

    folder = tmp_path_factory.mktemp("piper")
    counter = iter(range(10_000))

    def make(text: str) -> Path:
        path = folder / f"p{next(counter)}.wav"
        audio = resample(tts.synthesize(text), tts.sample_rate, 16000)
        write_wav(path, np.concatenate([np.zeros(4800, np.float32), audio, np.zeros(4800, np.float32)]), 16000)
        return path

    return make


def pytest_configure(config):
    config.addinivalue_line("markers", "network_audit: runs a real process under strace in a network namespace (about 15 s)")
