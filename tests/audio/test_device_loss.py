"""A sound server that dies mid-listen and comes back: noticed within seconds, said (or printed
when the speaker went with it), and listening carries on once it is back."""

import threading
import time

import pytest
from fakes import words
from pulse import VirtualAudio

from voice_companion.app.runtime import make_voice_channel
from voice_companion.channels.voice import MIC_BACK, MIC_LOST
from voice_companion.config import load_config

pytestmark = pytest.mark.audio_device


def test_a_microphone_lost_mid_listen_is_said_and_listening_resumes(tmp_path, tts, stt, espeak_wav):
    rig = VirtualAudio(tmp_path / "pulse").start()
    lines: list[tuple[float, str]] = []
    heard: list = []
    ch = None
    try:
        cfg = load_config(overrides=[("listen.mode", "hands_free", "test")])
        ch = make_voice_channel(cfg, tts=tts, stt=stt, to_wav=False)
        ch.log = lambda line: lines.append((time.monotonic(), line))
        time.sleep(1.5)
        listener = threading.Thread(target=lambda: heard.append(ch.listen(None)), daemon=True)
        listener.start()
        time.sleep(2.0)
        killed = time.monotonic()
        rig.kill_server()
        deadline = time.monotonic() + 15
        while not any(MIC_LOST in line for _t, line in lines) and time.monotonic() < deadline:
            time.sleep(0.1)
        noticed = [t for t, line in lines if MIC_LOST in line]
        assert noticed and noticed[0] - killed < 6.0, lines  # 2 s of nothing, not silence forever
        super(VirtualAudio, rig).start()  # the server comes back (same socket), devices rescanned by the channel
        deadline = time.monotonic() + 30
        while not any(MIC_BACK in line for _t, line in lines) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert any(MIC_BACK in line for _t, line in lines), lines
        time.sleep(5.0)  # it says it can hear again (a new stream starts ~1.5 s late), then the tone
        rig.speak_into_mic(espeak_wav("I would like to do some breathing.")).wait()
        listener.join(30)
        assert heard and "breathing" in words(heard[0] or "")
    finally:
        if ch is not None:
            ch.turns.mic.close(); ch.sink.close()
        rig.stop()
