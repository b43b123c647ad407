"""A full disk for --out (a real 64 KB tmpfs, so root is needed): the WAV is written whole or not
at all, the person is told which file and why, and nothing half-written is left behind."""

from __future__ import annotations

import os
import subprocess
import wave

import numpy as np
import pytest

from voice_companion.audio.wav_sink import WavSink


@pytest.fixture()
def tiny_disk(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    where = tmp_path / "tiny"
    where.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(where)], check=True)
    yield where
    subprocess.run(["umount", str(where)], check=True)


def test_a_wav_that_does_not_fit_leaves_no_file_and_says_so(tiny_disk, capsys):
    sink = WavSink(22_050)
    sink.play(np.full(22_050 * 5, 0.1, np.float32), 22_050)  # 5 s: about 220 KB, the disk holds 64 KB
    assert sink.save(tiny_disk / "reply.wav") is None
    assert list(tiny_disk.iterdir()) == []  # no 0-frame WAV, no temp file
    err = capsys.readouterr().err
    assert "reply.wav" in err and "the disk is full" in err


def test_a_wav_that_fits_is_complete(tiny_disk):
    sink = WavSink(22_050)
    sink.play(np.full(11_025, 0.1, np.float32), 22_050)
    path = sink.save(tiny_disk / "short.wav")
    with wave.open(str(path)) as w:
        assert w.getnframes() == 11_025 and w.getframerate() == 22_050
