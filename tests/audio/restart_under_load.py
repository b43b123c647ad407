"""Run by test_audio_devices in a child process, so a crash in PortAudio fails one test instead of
ending the test session: two threads recover the microphone at once (each restarts PortAudio)
while a third keeps the speaker playing. Prints "ok <mic delivers> <speaker errors>"."""

import threading

import numpy as np

from voice_companion.audio.devices import AudioDeviceError, MicrophoneSource, SpeakerSink

mic = MicrophoneSource()
speaker = SpeakerSink(rate=16000)
tone = (0.1 * np.sin(np.arange(32000) * 2 * np.pi * 440 / 16000)).astype(np.float32)
errors: list[str] = []
done = threading.Event()


def play() -> None:
    while not done.is_set():
        try:
            speaker.play(tone, 16000)
        except AudioDeviceError as exc:  # said to the person as "the speaker stopped"; not a crash
            errors.append(str(exc))
            done.wait(0.05)


def recover() -> None:
    for _ in range(4):
        mic.reopen(every=0.1)


threads = [threading.Thread(target=play), threading.Thread(target=recover), threading.Thread(target=recover)]
for t in threads:
    t.start()
for t in threads[1:]:
    t.join()
done.set()
threads[0].join()
speaker.play(tone[:1600], 16000)  # reopened by itself after the restarts
delivers = mic.read(timeout=3) is not None
mic.close()
speaker.close()
print("ok", delivers, len(errors))
