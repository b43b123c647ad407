"""A damaged model file (the voice, the speech recogniser, the language model): a plain message
naming the file and what to do, never a traceback and never a hang."""

from __future__ import annotations

import shutil

import pytest

from voice_companion.llm.embedded import EmbeddedBackend
from voice_companion.models import ModelMissing, voice_path, whisper_dir


def garbage(path, size=200_000):
    path.write_bytes(bytes((i * 7919) % 251 for i in range(size)))
    return path


def test_a_damaged_voice_names_the_file(tmp_path):
    from voice_companion.speech.tts import TextToSpeech

    real = voice_path("en_US-joe-medium")
    shutil.copy(str(real) + ".json", tmp_path / "voice.onnx.json")  # the settings are fine, the model is not
    bad = garbage(tmp_path / "voice.onnx")
    with pytest.raises(ModelMissing, match="reinstall") as err:
        TextToSpeech(bad)
    assert str(bad) in str(err.value)


def test_a_damaged_whisper_model_names_the_folder(tmp_path):
    from voice_companion.speech.stt import SpeechToText

    folder = tmp_path / "whisper"
    shutil.copytree(whisper_dir(), folder)
    garbage(folder / "model.bin")
    with pytest.raises(ModelMissing, match="reinstall") as err:
        SpeechToText(folder)
    assert str(folder) in str(err.value)


def test_a_damaged_gguf_names_the_file(tmp_path, smol_path):
    bad = tmp_path / "model.gguf"
    data = bytearray(smol_path.read_bytes()[:300_000])
    data[200:100_000] = bytes(99_800)  # the header survives, the tensors do not
    bad.write_bytes(bytes(data))
    with pytest.raises(ModelMissing, match="damaged") as err:
        EmbeddedBackend(bad, threads=1)
    assert str(bad) in str(err.value)
