"""Push-to-talk key handling, with a pipe standing in for the keyboard."""

import os
import threading
import time

import numpy as np

from voice_companion.audio.keys import EnterKey
from voice_companion.audio.wav_sink import WavSink


def keyboard():
    r, w = os.pipe()
    return EnterKey(os.fdopen(r)), os.fdopen(w, "w")


def press(w):
    w.write("\n")
    w.flush()


def test_enter_starts_and_a_second_enter_stops():
    keys, w = keyboard()
    assert not keys.wait_press(0.05)
    press(w)
    assert keys.wait_press(1.0)
    assert not keys.pressed_again()
    press(w)
    time.sleep(0.1)
    assert keys.pressed_again()


def test_enter_while_speaking_cuts_the_speech_and_is_kept_for_the_next_listen():
    keys, w = keyboard()
    played = []

    class SlowSink(WavSink):
        def play(self, audio, rate, cancel=None):
            for _ in range(40):  # two seconds of speech, 50 ms at a time
                if cancel is not None and cancel.is_set():
                    return
                played.append(1)
                time.sleep(0.05)

    threading.Timer(0.3, press, args=(w,)).start()
    SlowSink().play(np.zeros(10), 22050, keys.pressed)
    assert len(played) < 20  # stopped well before the end
    assert keys.wait_press(0)  # …and the press starts the next turn at once


def test_closed_keyboard_ends():
    keys, w = keyboard()
    w.close()
    time.sleep(0.1)
    assert not keys.wait_press(0.5) and keys.closed
