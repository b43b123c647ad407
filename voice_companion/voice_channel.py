"""The spoken channel: Piper out, Whisper in, earcons between — on real devices or WAV files."""

from __future__ import annotations

import queue
import re
import sys
import threading
import time
from collections.abc import Iterable

import numpy as np

from .audio_format import FRAME_MS, resample
from .capture import cut_turn
from .earcons import RATE as EARCON_RATE
from .earcons import earcon
from .segmenter import Segmenter
from .speech_text import speakable
from .timeline import Timelines

DIDNT_CATCH = "Sorry, I didn't catch that."
TOO_LONG = "That was a lot at once, and I only caught the first part. Could you tell me the main thing in a few words?"


class VoiceChannel:
    def __init__(
        self, *, tts, stt, sink, turns, detector, endpoint: str = "normal", max_utterance: float = 30.0,
        earcons: bool = True, half_duplex: bool = True, volume: float = 0.8, keys=None, log=None,
        transcript=None,
    ) -> None:
        self.tts, self.stt, self.sink, self.turns, self.detector = tts, stt, sink, turns, detector
        self.endpoint, self.max_utterance = endpoint, max_utterance
        self.earcons, self.half_duplex, self.volume = earcons, half_duplex, volume
        self.keys = keys  # push-to-talk key watcher, or None for hands-free
        self.log = log or (lambda line: print(line, file=sys.stderr, flush=True))
        # Lines holding words of the conversation go here, not to the log: nowhere unless --debug.
        self.transcript = transcript or (lambda line: None)
        self.timelines = Timelines()
        # Set to cut speech short. With push-to-talk it is the key's own event, so pressing
        # Enter while the assistant talks stops it and starts listening (barge-in).
        self.cancel = keys.pressed if keys is not None else threading.Event()
        self.eof = False
        self._background: _CueListener | None = None

    # --- speaking ----------------------------------------------------------------------

    def _play(self, audio: np.ndarray, rate: int) -> None:
        self.sink.play(audio * self.volume, rate, self.cancel)

    def say(self, text: str) -> None:
        self.transcript(f"companion: {text}")
        audio = self.tts.synthesize(speakable(text))
        self.timelines.mark("first_audio")
        self._play(audio, self.tts.sample_rate)

    def speak_stream(self, sentences: Iterable[str]) -> list[str]:
        """Speak each sentence as soon as it arrives while the next one is still being made."""
        q: queue.Queue[str | None] = queue.Queue()
        said: list[str] = []
        error: list[BaseException] = []

        def speaker() -> None:
            try:
                while (s := q.get()) is not None:
                    if not self.cancel.is_set():
                        self.say(s)
            except BaseException as exc:  # surfaced in the caller's thread below
                error.append(exc)
                while q.get() is not None:
                    pass

        worker = threading.Thread(target=speaker, name="speaker", daemon=True)
        worker.start()
        try:
            for s in sentences:
                said.append(s)
                q.put(s)
        finally:
            q.put(None)
            worker.join()
        if error:
            raise error[0]
        return said

    def tone(self, kind: str, seconds: float = 0.0) -> None:
        if kind in ("listening", "heard", "done") and not self.earcons:
            return
        self._play(earcon(kind, seconds), EARCON_RATE)

    def cue(self, text: str, kind: str, seconds: float) -> None:
        """The spoken count over the breath tone, exactly `seconds` long, each beat of the count
        ("Breathe in… two… three… four") placed on its own second. While the soft tone plays,
        the person can still be heard (a "stop" mid-breath must work hands-free)."""
        entered = time.perf_counter()
        self.transcript(f"companion (cue): {text}")
        tone_kind = {"in": "inhale", "out": "exhale"}.get(kind, kind)
        beats = cue_beats(text)
        clips = [resample(self.tts.synthesize(b), self.tts.sample_rate, EARCON_RATE) for b in beats]
        gap = int(0.2 * EARCON_RATE)
        if seconds > 0:
            bed = earcon(tone_kind, seconds).copy()
            beat = int(EARCON_RATE * seconds / max(1, len(clips)))
        else:  # fast mode: just the words, one after another, no tone
            bed = np.zeros(sum(c.size + gap for c in clips), np.float32)
            beat = 0
        spoken, at = 0.0, 0
        for k, clip in enumerate(clips):
            start = max(at, k * beat)  # on its beat, never over the previous word
            n = max(0, min(clip.size, bed.size - start))
            bed[start : start + n] += clip[:n]
            at = start + n + (gap if beat == 0 else 0)
            spoken = (start + n) / EARCON_RATE
        self._finish_background()
        if self.keys is None:
            if self.half_duplex:
                self.turns.flush()  # what the microphone caught while we were talking
            # Our own counted words would be heard as speech, so skip them; the tone is soft.
            skip = spoken + 0.3 if getattr(self.turns, "echo", True) else 0.0
            self._background = _CueListener(self, seconds, skip)
        if seconds > 0:
            # Whatever preparing took comes off the tone's quiet tail, so the cue still ends on
            # time and the next phase starts on its beat (no drift, however slow synthesis was).
            late = int(min(time.perf_counter() - entered, seconds / 2) * EARCON_RATE)
            bed = bed[: bed.size - late]
        self._play(np.clip(bed, -1, 1), EARCON_RATE)

    def prefetch(self, lines: list[str], cues: list[str]) -> None:
        """Synthesize an exercise's lines in the background before they are needed, cues first,
        so a breathing cue starts on time even when synthesis is slow."""
        texts = [b for c in cues for b in cue_beats(c)] + [speakable(t) for t in lines]

        def work() -> None:
            for text in dict.fromkeys(texts):
                self.tts.synthesize(text)

        threading.Thread(target=work, daemon=True, name="prefetch").start()

    # --- listening ---------------------------------------------------------------------

    def _finish_background(self) -> str | None:
        listener, self._background = self._background, None
        return listener.finish() if listener is not None else None

    def listen(self, timeout: float | None = None) -> str | None:
        heard = self._finish_background()
        if heard:
            return heard
        if timeout is not None and timeout <= 0.05:
            if self.keys is not None and self.keys.pressed_again():
                return self._capture(None)  # push-to-talk pressed during a cue
            return None  # half-duplex: nothing else can have been heard while we talked
        return self._capture(timeout)

    def _capture(self, timeout: float | None) -> str | None:
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            remaining = None if deadline is None else deadline - time.monotonic()
            if remaining is not None and remaining <= 0:
                return None
            if self.half_duplex:
                self.turns.flush()
            if self.keys is not None and not self.keys.wait_press(remaining):
                if self.keys.closed:
                    self.eof = True
                return None
            if timeout is None or timeout > 2:
                self.tone("listening")
            seg = Segmenter.preset(self.endpoint, max_seconds=self.max_utterance, start_timeout=remaining)
            key_stop = self.keys.pressed_again if self.keys is not None else (lambda: False)
            turn = cut_turn(self.turns.frames(remaining), self.detector, seg, key_pressed=key_stop)
            if not turn.heard_speech:
                if self.turns.exhausted:
                    self.eof = True
                return None
            text = self._transcribe(turn)
            if text:
                return text
            self.say(DIDNT_CATCH)

    def _transcribe(self, turn, *, signal: bool = True) -> str:
        self.timelines.new_turn()
        self.timelines.mark("speech_end", turn.speech_end)
        if signal:
            self.tone("heard")
        result = self.stt.transcribe(turn.audio)
        self.last_heard = result  # with Whisper's confidence, for the session's hearing hook
        self.timelines.mark("transcript")
        if not result.text:
            self.transcript(f"(heard sound but no words: {result.dropped})")
            return ""
        self.transcript(f"you: {result.text}")
        if turn.too_long:
            self.say(TOO_LONG)
        return result.text


def cue_beats(text: str) -> list[str]:
    """A count is split on its "…" into beats, each spoken on its own second; other text is one beat."""
    return [b.strip() for b in re.split(r"…|\.\.\.", text) if b.strip()] if text else []


class _CueListener:
    """Listens while a breathing cue plays: discards the first `skip` seconds (our own voice),
    then catches anything the person says, for as long as the cue lasts (longer if they are
    mid-sentence when it ends)."""

    def __init__(self, channel: VoiceChannel, seconds: float, skip: float) -> None:
        self.channel = channel
        self.frames_total = int(seconds * 1000 / FRAME_MS)
        self.frames_skip = int(skip * 1000 / FRAME_MS)
        self.text: str | None = None
        self.segmenter = Segmenter.preset(channel.endpoint, max_seconds=channel.max_utterance)
        self.thread = threading.Thread(target=self._run, daemon=True, name="cue-listener")
        self.thread.start()

    def _frames(self):
        for n, frame in enumerate(self.channel.turns.frames(None), 1):
            if n <= self.frames_skip:
                continue
            # Exactly the cue's length of audio (real time on a microphone), so a WAV timeline
            # and a live one behave alike.
            if n > self.frames_total and not self.segmenter.in_speech:
                return
            yield frame

    def _run(self) -> None:
        turn = cut_turn(self._frames(), self.channel.detector, self.segmenter)
        if turn.heard_speech:
            self.text = self.channel._transcribe(turn, signal=False) or None

    def finish(self) -> str | None:
        self.thread.join()
        return self.text
