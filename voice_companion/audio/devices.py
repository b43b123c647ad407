"""The real microphone and speaker, through PortAudio (sounddevice).

Every PortAudio failure becomes an AudioDeviceError whose message names the device and what to
try, because a traceback is no use to someone lying in bed."""

from __future__ import annotations

import queue
import re
import threading
import time
import weakref

import numpy as np

from voice_companion.audio.format import FRAME_SAMPLES, STT_RATE, resample

HELP = "Check it is plugged in and not used by another program, or try `voice-companion --text` or `voice-companion doctor`."


class AudioDeviceError(Exception):
    pass


# PortAudio is one library state shared by every stream. rescan() restarts it, which frees every
# open stream; a thread still using one then crashes the whole process (SIGILL/SIGSEGV in C, seen
# when two threads recovered a lost microphone at once). So every open, close and restart happens
# under this lock, and a restart first closes the streams it knows of and forgets them.
_PA_LOCK = threading.RLock()
_STREAMS: weakref.WeakSet = weakref.WeakSet()  # the MicrophoneSource and SpeakerSink objects alive


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
    number = re.search(r"querying device (\d+)", text)
    if number or "Invalid device" in text or "Invalid number of channels" in text:
        which = f"there is no device number {number.group(1)}" if number else "that device cannot do this"
        return f"{which} (`voice-companion doctor` lists the devices on this computer)"
    if "No input device matching" in text or "No output device matching" in text:
        return "no device by that name was found"
    return text


def _device_arg(device: str | int | None):
    if device in ("", None):
        return None
    return int(device) if isinstance(device, str) and device.isdecimal() else device


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


class _PortAudioStream:
    """A device whose stream rescan() can close: it reopens only through its own _open()."""

    stream = None
    closed = False  # closed on purpose: nothing reopens it

    def _drop(self) -> None:
        with _PA_LOCK:
            stream, self.stream = self.stream, None
            if stream is not None:
                _close(stream)


class MicrophoneSource(_PortAudioStream):
    """16 kHz mono int16 frames of FRAME_SAMPLES from a microphone."""

    def __init__(self, device: str | int | None = None) -> None:
        self.device = device
        self._open()

    def _open(self) -> None:
        with _PA_LOCK:
            self._drop()
            self._open_locked()
            _STREAMS.add(self)

    def _open_locked(self) -> None:
        device = self.device
        sd = _sd()
        self.name = str(device or "the default microphone")
        # Each frame with the moment it arrived, so the voice channel can tell which frames were
        # picked up while its own voice was playing (see own_audio.OwnAudio).
        self._q: queue.Queue[tuple[float, np.ndarray]] = queue.Queue(maxsize=2000)
        self.muted = False

        def callback(indata, _frames, _time, _status):
            if not self.muted:
                try:
                    self._q.put_nowait((time.monotonic(), indata[:, 0].copy()))
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
        got = self.read_stamped(timeout)
        return None if got is None else got[1]

    def read_stamped(self, timeout: float | None = None) -> tuple[float, np.ndarray] | None:
        """(time.monotonic() when it arrived, frame), or None if nothing came within timeout."""
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

    def reopen(self, *, every: float = 1.0, stop: threading.Event | None = None) -> None:
        """After the microphone stopped delivering: try again every `every` seconds until one
        delivers sound (the sound server restarted, the headset plugged back in). Returns at once
        once the microphone was closed on purpose."""
        self._drop()
        while not self.closed and (stop is None or not stop.is_set()):
            rescan()
            if self.closed:
                return
            try:
                self._open()
            except AudioDeviceError:
                time.sleep(every)
                continue
            # A new input stream delivers its first audio ~1.4 s after opening (measured).
            if self.read(timeout=3.0) is not None:
                return
            self._drop()
            time.sleep(every)

    def close(self) -> None:
        self.closed = True
        self._drop()


def rescan() -> None:
    """PortAudio lists devices once; after a sound server restart only a restart of PortAudio
    itself sees them again (every stream open at the time is then gone, so reopen both)."""
    sd = _sd()
    with _PA_LOCK:
        for owner in list(_STREAMS):
            owner._drop()
        try:
            sd._terminate()
        except Exception:
            pass
        try:
            sd._initialize()
        except Exception:
            pass


class SpeakerSink(_PortAudioStream):
    """Plays float32 mono audio; play() blocks until done or cancelled.

    The stream runs all the time and plays silence between sounds: a blocking stream left idle
    makes ALSA print "underrun occurred" after every sentence, and one started and stopped for
    each sound took 2 s to start on PulseAudio (measured). A cancel empties what is queued, so
    the sound stops within one 20 ms block."""

    def __init__(self, device: str | int | None = None, rate: int = 22_050) -> None:
        self.device = device
        self.name = str(device or "the default speaker")
        self.rate = rate
        self._lock = threading.Lock()  # one play() at a time
        self._buf_lock = threading.Lock()
        self._buf = np.zeros(0, np.float32)
        self._pos = 0
        self._last_callback = time.monotonic()
        # Told every block as it goes out, with when it reaches the speaker (barge-in's echo
        # reference): monitor(time.monotonic() at the speaker, samples, rate).
        self.monitor = None
        self._latency = 0.0  # read once at open: the stream's own may be freed by a rescan meanwhile
        self._open()

    def _callback(self, outdata, frames, when, _status) -> None:
        now = self._last_callback = time.monotonic()
        with self._buf_lock:
            chunk = self._buf[self._pos : self._pos + frames]
            self._pos += chunk.size
        outdata[: chunk.size, 0] = chunk
        outdata[chunk.size :, 0] = 0.0
        monitor = self.monitor
        if monitor is not None:
            ahead = when.outputBufferDacTime - when.currentTime if when.outputBufferDacTime else 0.0
            if not 0.0 <= ahead < 1.0:  # a host API that does not say: the stream's nominal latency
                ahead = self._latency
            monitor(now + ahead, outdata[:, 0].copy(), self.rate)

    def _open(self) -> None:
        sd = _sd()
        with _PA_LOCK:
            self._drop()
            try:
                stream = sd.OutputStream(samplerate=self.rate, channels=1, dtype="float32", blocksize=self.rate // 50,
                                         latency="low", device=_device_arg(self.device), callback=self._callback)
                self._latency = float(stream.latency)
                stream.start()
            except Exception as exc:
                raise AudioDeviceError(f"I can't open the speaker ({self.name}): {_why(exc)}. {HELP}") from None
            self.stream = stream
            _STREAMS.add(self)
        self._last_callback = time.monotonic()

    def suspend(self) -> None:
        """Close the stream before PortAudio is restarted (rescan), which would free it under us."""
        self._drop()

    def reopen(self) -> None:
        self._open()

    def _left(self) -> int:
        with self._buf_lock:
            return self._buf.size - self._pos

    def play(self, audio: np.ndarray, rate: int, cancel: threading.Event | None = None) -> None:
        if self.stream is None and not self.closed:
            self._open()  # a rescan (the microphone coming back) closed it; the speaker may be fine
        if self.stream is None:
            raise AudioDeviceError(f"The speaker ({self.name}) is not open. {HELP}")
        if rate != self.rate:
            audio = resample(audio, rate, self.rate)
        with self._lock:
            with self._buf_lock:
                self._buf, self._pos = np.ascontiguousarray(audio, dtype=np.float32), 0
            while self._left() > 0:
                if cancel is not None and cancel.wait(0.02):
                    with self._buf_lock:
                        self._pos = self._buf.size  # silence from the next block on
                    return
                if cancel is None:
                    time.sleep(0.02)
                if time.monotonic() - self._last_callback > 2.0:
                    with self._buf_lock:
                        self._pos = self._buf.size
                    raise AudioDeviceError(f"The speaker ({self.name}) stopped working. {HELP}")
            time.sleep(self._latency)  # the last block is still on its way out

    def close(self) -> None:
        self.closed = True
        self._drop()
