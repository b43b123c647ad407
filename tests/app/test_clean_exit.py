"""A program that ends while Whisper is still decoding in the background (a decode started at a
pause the person then talked through, a goodbye said over it) ends cleanly. Before the wait in
voice_companion/background.py such a process died with a segmentation fault (exit 139) in 3 of 4
tries, and `bench` now and then ended on "terminate called without an active exception"."""

import subprocess
import sys

from fakes import REPO

PROGRAM = """
import time

import numpy as np
from voice_companion.app.runtime import load_stt
from voice_companion.audio.capture import _Decode
from voice_companion.config import load_config

stt = load_stt(load_config())
audio = (0.05 * np.random.default_rng(0).standard_normal(16000 * 8)).astype(np.float32)
_Decode(stt.transcribe, audio, 1, 0.0)  # the early decode of cut_turn, left running
time.sleep(0.2)  # it is inside Whisper now
print("leaving")
"""


def test_ending_while_whisper_decodes_in_the_background_is_a_clean_exit():
    for _ in range(3):
        p = subprocess.run([sys.executable, "-c", PROGRAM], capture_output=True, text=True, timeout=300, cwd=REPO)
        assert p.returncode == 0 and "leaving" in p.stdout, (p.returncode, p.stderr[-2000:])
        assert "terminate called" not in p.stderr, p.stderr[-2000:]
