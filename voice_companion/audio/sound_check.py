"""`doctor`'s sound check: play the soft "listening" tone on the chosen speaker while reading the
chosen microphone, so a speaker that plays nothing, a microphone that delivers nothing or only
digital silence (muted), and a speaker the microphone hears (an echo) are each found and said."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import numpy as np

from voice_companion.audio.earcons import RATE, earcon
from voice_companion.audio.format import rms_dbfs

SILENT_DBFS = -90.0  # below this the microphone delivers digital silence: muted, or no input
START_SECONDS = 3.0  # a microphone that delivers nothing for this long delivers nothing
HEARD_TONE_DB = 6.0  # louder than the room by this much while the tone played: the tone was heard


@dataclass
class SoundCheck:
    frames: int  # microphone frames that arrived
    room_dbfs: float  # the microphone's level before the tone
    tone_dbfs: float  # its level while the tone played
    played: bool  # the speaker took the whole tone

    @property
    def silent(self) -> bool:
        return max(self.room_dbfs, self.tone_dbfs) < SILENT_DBFS

    @property
    def heard_tone(self) -> bool:
        return self.tone_dbfs - self.room_dbfs >= HEARD_TONE_DB


def _level(frames: list[np.ndarray]) -> float:
    return rms_dbfs(np.concatenate(frames)) if frames else -120.0


def check(mic, sink, *, room_seconds: float = 0.5) -> SoundCheck:
    """`mic`: a MicrophoneSource; `sink`: a SpeakerSink (both already open)."""
    mic.flush()
    first = mic.read(timeout=START_SECONDS)  # a stream can take a moment to deliver its first frame
    room: list[np.ndarray] = [] if first is None else [first]
    ends = time.monotonic() + (room_seconds if first is not None else 0.0)
    while time.monotonic() < ends:
        frame = mic.read(timeout=0.25)
        if frame is not None:
            room.append(frame)
    during: list[np.ndarray] = []
    done = threading.Event()

    def listen() -> None:
        while not done.is_set():
            frame = mic.read(timeout=0.25)
            if frame is not None:
                during.append(frame)

    listener = threading.Thread(target=listen, daemon=True)
    listener.start()
    played = True
    try:
        sink.play(earcon("listening") * 0.8, RATE)
        time.sleep(0.3)  # the echo's tail
    except Exception:
        played = False
    finally:
        done.set()
        listener.join()
    return SoundCheck(len(room) + len(during), _level(room), _level(during), played)
