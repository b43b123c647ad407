"""The real microphone and speaker, through PortAudio (sounddevice).

Every PortAudio failure becomes an AudioDeviceError whose message names the device and what to
try, because a traceback is no use to someone lying in bed."""

from __future__ import annotations

import queue
import threading

import numpy as np

from .audio_format import FRAME_SAMPLES, STT_RATE, resample

HELP = "Check it is plugged in and not used by another program, or try `voice-companion --text` or `voice-companion doctor`."


class AudioDeviceError(Exception):
    pass


def _sd():
    try:
        import sounddevice as sd
    except OSError as exc:  # libportaudio missing
        raise AudioDeviceError(
            f"The audio library PortAudio is not installed ({exc}). Run scripts/setup.sh "
            "(or: sudo apt-get install libportaudio2), or use `voice-companion --text`."
        ) from None
    return sd


def _why(exc: Exception) -> str:
    text = str(exc)
    if "querying device -1" in text or "No Default" in text:
        return "no such device was found on this computer"
    if "No input device matching" in text or "No output device matching" in text:
        return "no device by that name was found"
    return text


def _device_arg(device: str | int | None):
    if device in ("", None):
        return None
    return int(device) if isinstance(device, str) and device.isdigit() else device


def describe_devices() -> tuple[list[str], list[str], str | None]:
    """(inputs, outputs, problem) — names as PortAudio lists them."""
    try:
        sd = _sd()
        devices = sd.query_devices()
    except AudioDeviceError as exc:
        return [], [], str(exc)
    except Exception as exc:
        return [], [], f"PortAudio could not list devices ({exc})."
    ins = [f"{i}: {d['name']}" for i, d in enumerate(devices) if d["max_input_channels"] > 0]
    outs = [f"{i}: {d['name']}" for i, d in enumerate(devices) if d["max_output_channels"] > 0]
    return ins, outs, None


def _close(stream) -> None:
    try:
        stream.stop()
        stream.close()
    except Exception:
        pass  # closing a device that already went away is not worth a message


class MicrophoneSource:
    """16 kHz mono int16 frames of FRAME_SAMPLES from a microphone."""

    def __init__(self, device: str | int | None = None) -> None:
        sd = _sd()
        self.name = str(device or "the default microphone")
        self._q: queue.Queue[np.ndarray] = queue.Queue(maxsize=2000)
        self.muted = False

        def callback(indata, _frames, _time, _status):
            if not self.muted:
                try:
                    self._q.put_nowait(indata[:, 0].copy())
                except queue.Full:
                    pass

        try:
            self.stream = sd.InputStream(
                samplerate=STT_RATE, channels=1, dtype="int16", blocksize=FRAME_SAMPLES,
                device=_device_arg(device), callback=callback,
            )
            self.stream.start()
        except Exception as exc:
            raise AudioDeviceError(f"I can't open the microphone ({self.name}): {_why(exc)}. {HELP}") from None

    def read(self, timeout: float | None = None) -> np.ndarray | None:
        try:
            return self._q.get(timeout=timeout)
        except queue.Empty:
            return None

    def flush(self) -> None:
        while True:
            try:
                self._q.get_nowait()
            except queue.Empty:
                return

    def close(self) -> None:
        _close(self.stream)


class SpeakerSink:
    """Plays float32 mono audio; play() blocks until done or cancelled."""

    def __init__(self, device: str | int | None = None, rate: int = 22_050) -> None:
        sd = _sd()
        self.name = str(device or "the default speaker")
        self.rate = rate
        try:
            self.stream = sd.OutputStream(samplerate=rate, channels=1, dtype="float32", device=_device_arg(device))
            self.stream.start()
        except Exception as exc:
            raise AudioDeviceError(f"I can't open the speaker ({self.name}): {_why(exc)}. {HELP}") from None
        self._lock = threading.Lock()

    def play(self, audio: np.ndarray, rate: int, cancel: threading.Event | None = None) -> None:
        if rate != self.rate:
            audio = resample(audio, rate, self.rate)
        block = self.rate // 20  # 50 ms, so a cancel is heard within a blink
        with self._lock:
            for i in range(0, audio.size, block):
                if cancel is not None and cancel.is_set():
                    return
                try:
                    self.stream.write(np.ascontiguousarray(audio[i : i + block], dtype=np.float32))
                except Exception as exc:
                    raise AudioDeviceError(f"The speaker ({self.name}) stopped working: {exc}. {HELP}") from None

    def close(self) -> None:
        _close(self.stream)
