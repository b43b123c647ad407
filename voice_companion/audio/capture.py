"""Turn capture: from a stream of 16 kHz frames to one utterance, using the VAD and segmenter.

The same code cuts turns from the live microphone and from WAV files, so the demo, the benchmark
and the tests go through exactly what a person's voice goes through."""

from __future__ import annotations

import itertools
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from voice_companion import background
from voice_companion.audio.format import FRAME_MS, FRAME_SAMPLES, STT_RATE, frames, int16_to_float, load_for_stt
from voice_companion.audio.segmenter import Segmenter
from voice_companion.audio.vad import SpeechDetector

# 500 ms kept from before speech was detected, so first syllables survive: Silero (vad.py) is
# sure of a voice only from its vowel, so "st" of "stop" comes before the frame that opens a turn.
PRE_ROLL_FRAMES = 17
# A turn cut by the length cap is cut at its last breath (a pause this long), so no word is split
# and what follows goes whole into the next turn.
BREATH_FRAMES = 5  # 150 ms
TRAIL_FRAMES = 5  # kept after the last voiced frame of words said over our own sentence (150 ms)
ECHO_KEPT = 0.3  # over our own sentence, frames the judge calls echo are kept this loud (-10 dB)


class OwnEcho(np.ndarray):
    """A microphone frame picked up while the assistant's own voice played (see own_audio): it
    neither opens a turn nor counts as the silence that ends one. Its audio is still kept, so a
    "stop" said over a counted word reaches Whisper whole."""


class MicrophoneLost(Exception):
    """The microphone stopped delivering audio (unplugged, sound server gone)."""


@dataclass
class Turn:
    audio: np.ndarray  # float32 16 kHz, empty if nobody spoke
    heard_speech: bool
    too_long: bool = False
    stopped_by_key: bool = False
    # time.perf_counter() when the turn was closed, or, if it ended at a short pause, when that
    # pause became long enough to end it (its decode may have come a little later).
    speech_end: float = 0.0
    # What the recogniser made of `audio`, when it was decoded while the person was still there
    # (at a pause); None means it still has to be decoded.
    transcript: object | None = None
    finished_early: bool = False  # ended at a short pause: the words read as a finished turn
    # A turn cut by the length cap: the frames after the cut, to open the next turn with.
    rest: list[np.ndarray] = field(default_factory=list)
    decodes: int = 0  # decodes started at pauses (each costs the recogniser's time)


class _Decode:
    """One decode of the speech so far, on its own thread, so frames keep being read meanwhile."""

    def __init__(self, decode: Callable[[np.ndarray], object], audio: np.ndarray, gap: int, audio_at: float) -> None:
        self.gap, self.audio_at, self.wall_at = gap, audio_at, time.perf_counter()
        self.n = 0  # frames of the turn it decodes
        self.result: object | None = None
        self.error: BaseException | None = None
        self.done = threading.Event()
        self._decode, self._audio = decode, audio
        background.start(self._run, "early-decode")

    def _run(self) -> None:
        try:
            self.result = self._decode(self._audio)
        except BaseException as exc:  # surfaced on the capturing thread
            self.error = exc
        finally:
            self.done.set()

    def keep_pace(self, audio_now: float, realtime: bool) -> None:
        """A live microphone delivers audio no faster than it is spoken, so a decode's answer
        lands as many seconds of audio after its pause as it took. A file delivers instantly:
        `realtime` makes its next frame wait until the same is true (scripts/measure_endpoints.py
        uses this), otherwise the answer lands at the pause itself, the same on any machine."""
        ahead = (audio_now - self.audio_at) - (time.perf_counter() - self.wall_at)
        if not realtime:
            self.done.wait()
        elif ahead > 0:
            self.done.wait(ahead)

    def take(self) -> object:
        self.done.wait()
        if self.error is not None:
            raise self.error
        return self.result


def cut_turn(
    frame_iter: Iterator[np.ndarray | None],
    detector: SpeechDetector,
    segmenter: Segmenter,
    *,
    key_pressed: Callable[[], bool] = lambda: False,
    on_open: Callable[[], None] = lambda: None,
    pre_roll: int = PRE_ROLL_FRAMES,
    decode: Callable[[np.ndarray], object] | None = None,
    finished: Callable[[object], bool] | None = None,
    carry: Iterable[np.ndarray] = (),
    realtime: bool = True,
    echo_is_silence: bool = False,
) -> Turn:
    """Read frames until the segmenter closes the turn. A None frame means "no audio arrived in
    time" and is counted as silence, so a stalled source cannot hang the turn. `on_open` is
    called the moment speech begins (a breathing cue stops talking over the person). `pre_roll`
    frames from before the opening are kept: more where the start of speech is found late.

    With `decode` (audio -> transcript) and `finished` (transcript -> does it read as a whole
    turn), the speech so far is decoded at each short pause while frames keep being read; a
    finished reading ends the turn at that pause and is the turn's transcript. `carry` are frames
    heard before this turn began (the rest of a turn cut by the length cap): they come first.

    Our own echo (OwnEcho frames) holds a turn as it is: a cue's short word does not end what
    the person is saying. With `echo_is_silence`, once a turn is open it is silence instead, and
    what follows their last voiced frame is left out: over a sentence of ours that goes on, the
    person's few words end when they stop, and Whisper hears them without the rest of ours. The
    echo frames it keeps (before the opening, and inside the words) are made softer: a lone
    "Stop." over our sentence was then heard 3 of 3 times against 1 of 3 (measure_barge_in.py)."""
    segmenter.reset()
    pre: deque[np.ndarray] = deque(maxlen=pre_roll)
    kept: list[np.ndarray] = []
    stopped = False
    job: _Decode | None = None
    wanted: tuple[int, int] | None = None  # (pause number, frames kept then) waiting for the decoder
    latest: tuple[int, int, object] | None = None  # the newest decode that finished
    verdict: int | None = None  # the pause whose words read as finished
    gap_reached: float | None = None  # when the current pause became long enough to end the turn
    decodes = 0
    breath = 0  # where the last breath pause ended up, in kept frames
    voiced = 0  # kept frames up to the last one the detector called speech
    silence = 0
    for frame in itertools.chain(carry, frame_iter):
        if frame is None:
            frame = np.zeros(FRAME_SAMPLES, np.int16)
        if job is not None:
            job.keep_pace(segmenter.elapsed, realtime)
        was_in = segmenter.in_speech
        if isinstance(frame, OwnEcho) and echo_is_silence and segmenter.in_speech:
            speech = False
            still_open = segmenter.process(FRAME_MS / 1000, speech)
        elif isinstance(frame, OwnEcho):
            # Before a turn opens, the judge's verdicts on a word said over our voice come mixed
            # with echo frames: the word's own frames must still add up to open it.
            still_open = not segmenter.ended
            speech = None
        else:
            speech = detector.is_speech(frame)
            still_open = segmenter.process(FRAME_MS / 1000, speech)
        if echo_is_silence and isinstance(frame, OwnEcho):
            frame = (np.asarray(frame) * ECHO_KEPT).astype(frame.dtype)
        frame = np.asarray(frame)
        if segmenter.in_speech:
            if not was_in:
                kept.extend(pre)
                on_open()
            kept.append(frame)
            if speech:
                voiced = len(kept)
            if speech is not None:
                silence = 0 if speech else silence + 1
                if silence == BREATH_FRAMES:
                    breath = len(kept)
        else:
            pre.append(frame)
        if decode is not None and segmenter.new_gap:
            wanted = (segmenter.gaps, len(kept))
        if job is not None and job.done.is_set():
            latest = (job.gap, job.n, job.take())
            job = None
            if finished is not None and finished(latest[2]):
                verdict = latest[0]  # finished: end once that pause is long enough, if unbroken
        if segmenter.in_gap and gap_reached is None:
            gap_reached = time.perf_counter()
        elif not segmenter.in_gap:
            gap_reached = None
        if verdict is not None and still_open and segmenter.end_at_gap(verdict):
            still_open = False
        if job is None and wanted is not None and still_open:
            gap, n = wanted
            job = _Decode(decode, int16_to_float(np.concatenate(kept[:n])), gap, segmenter.elapsed)
            job.n = n
            wanted = None
            decodes += 1
        if key_pressed():
            stopped = True
            break
        if not still_open:
            break
    end = time.perf_counter()
    if segmenter.finished_early and gap_reached is not None:
        # The person's wait began when the short pause was reached; a decode still running then
        # is time they waited, and must show in speech end -> transcript.
        end = gap_reached
    if echo_is_silence and 0 < voiced < len(kept):
        # The judge calls some of the person's own frames echo, so echo inside the words is
        # kept as it came; after their last voiced frame it is only our sentence going on.
        kept = kept[: voiced + TRAIL_FRAMES]
    rest: list[np.ndarray] = []
    if segmenter.too_long and 0 < breath < len(kept):
        kept, rest = kept[:breath], kept[breath:]
    transcript = None
    if not stopped and not segmenter.too_long and segmenter.gaps:
        # The turn ended at a pause: the decode of that pause holds every word of it.
        if latest is not None and latest[0] == segmenter.gaps:
            transcript = latest[2]
        elif job is not None and job.gap == segmenter.gaps:
            transcript = job.take()
    audio = int16_to_float(np.concatenate(kept)) if kept else np.zeros(0, np.float32)
    return Turn(audio, bool(kept), too_long=segmenter.too_long, stopped_by_key=stopped, speech_end=end,
                transcript=transcript, finished_early=segmenter.finished_early, rest=rest, decodes=decodes)


class WavTurnSource:
    """A person's side of a conversation from WAV files: each file is one utterance, and a
    pause follows it. Frames are handed out in order across listens, like a real timeline;
    after the last file the iterator ends (the person has nothing more to say)."""

    echo = False  # a file cannot hear the assistant, so nothing needs discarding during cues
    # Frames come as fast as they are read. Not realtime: a decode at a pause is waited for, so a
    # file is endpointed the same on a fast or a loaded machine; True paces it like a voice.
    realtime = False

    def __init__(self, paths: list[Path], *, trailing_silence: float = 2.0) -> None:
        self.pending = list(paths)
        self.trailing_silence = trailing_silence
        self._frames: deque[np.ndarray] = deque()
        self.exhausted = not self.pending

    def _next_file(self) -> bool:
        if not self.pending:
            self.exhausted = True
            return False
        audio = load_for_stt(self.pending.pop(0))
        audio = np.concatenate([audio, np.zeros(int(self.trailing_silence * STT_RATE), np.float32)])
        self._frames = deque(frames(audio))
        return True

    def frames(self, timeout: float | None) -> Iterator[np.ndarray | None]:
        while True:
            if not self._frames and not self._next_file():
                return
            yield self._frames.popleft()

    def flush(self) -> None:
        pass


# A microphone stream delivers a frame every 30 ms; one that has delivered nothing for this long
# is gone (unplugged, or the sound server died), not quiet: silence still arrives as frames.
DEAD_AFTER = 2.0


# With echo cancellation, a frame the canceller took nearly all of away was our echo, whatever
# the judge made of it: a person's voice is not in the reference, so it is left in. 10 dB is
# below what even a quiet voice under a loud echo keeps (about -7 dB at half the echo's level).
ECHO_GONE = 0.1


def _only_echo(frame: np.ndarray, cleaned: np.ndarray | None) -> bool:
    if cleaned is None or cleaned is frame:
        return False
    raw = float(np.mean(np.square(frame, dtype=np.float64)))
    return raw > 0 and float(np.mean(np.square(cleaned, dtype=np.float64))) < raw * ECHO_GONE


class MicTurnSource:
    """Frames from the live microphone until the turn's deadline. Frames that arrived while our
    own voice played (`own`, an own_audio.OwnAudio) come out as OwnEcho."""

    echo = True  # the microphone hears the speaker
    exhausted = False
    realtime = True

    def __init__(self, mic, own=None, *, dead_after: float = DEAD_AFTER) -> None:
        self.mic = mic
        self.own = own
        self.dead_after = dead_after
        self.stop_at: float | None = None  # frames that arrived after this end the iteration
        # A judge of frames heard while we spoke (double_talk.DoubleTalk). It learns the room
        # from every echo frame it sees; only while `judge_echo` is on (always with barge-in;
        # otherwise over breathing cues, and over our sentences for the stop words) is a frame
        # where it hears a second voice the person's.
        self.double_talk = None
        self.judge_echo = False
        self.judge_tail = True  # with a judge: frames in the echo's tail are judged, not dropped
        # Takes our own voice out of the frames heard while it plays (echo_cancel.EchoCanceller)
        # for what is listened to. The judge still hears each frame as it came: it was measured
        # on that, and it learns our echo's level from it.
        self.canceller = None
        # Whether the cleaned frames are used at all: the canceller keeps learning either way.
        self.use_cleaned = True

    def frames(self, timeout: float | None) -> Iterator[np.ndarray | None]:
        last = time.monotonic()
        while True:
            got = self.mic.read_stamped(timeout=0.25)
            now = time.monotonic()
            if got is None:
                if getattr(self.mic, "closed", False):
                    self.exhausted = True  # closed on purpose (the session is ending): no more turns
                    return
                if now - last >= self.dead_after:
                    raise MicrophoneLost(getattr(self.mic, "name", "the microphone"))
                yield None
                continue
            last = now
            t, frame = got
            if self.stop_at is not None and t > self.stop_at:
                return
            cleaned = None if self.canceller is None else self.canceller.process(t, frame)
            if not self.use_cleaned:
                cleaned = None
            heard = frame
            if cleaned is not None and self.own is not None and self.own.covers(t):
                # Only where our own sound is (a sentence, a cue's word, their echo's tail):
                # elsewhere there is nothing to take out, and under the breath tones a "stop"
                # was heard worse cleaned than as it came (audio rig, scripts/measure_stop.py).
                heard = cleaned
            if self._ours(t, frame, cleaned):
                heard = heard.view(OwnEcho)
            yield heard

    def _ours(self, t: float, frame: np.ndarray, cleaned: np.ndarray | None = None) -> bool:
        if self.own is None or not self.own.covers(t):
            if self.double_talk is not None:
                self.double_talk.background(frame)
            return False
        if self.double_talk is None:
            return True
        if self.judge_tail and not self.judge_echo and self.own.in_tail(t):
            # Half-duplex, after our voice has stopped only its echo can be left: a person
            # answering at once ("Yes.", 0.3 s after our question, over the listening tone) is
            # heard. (Under cues and with barge-in every frame is judged as it always was.)
            return not (self.double_talk.person_after(t, frame, self.own.tail) and not _only_echo(frame, cleaned))
        person = self.double_talk.person(t, frame) and not _only_echo(frame, cleaned)
        return not (person and self.judge_echo)

    def flush(self) -> None:
        # Half-duplex: drop what the microphone picked up while we were speaking, once the
        # judge has learned the room from it (our own sentences are most of its echo).
        if self.double_talk is None:
            self.mic.flush()
            return
        while (got := self.mic.read_stamped(timeout=0)) is not None:
            if self.canceller is not None:
                self.canceller.process(*got)  # it keeps learning, and its clock stays true
            self._ours(*got)

    def reopen(self) -> None:
        """Wait for the microphone to deliver sound again (see MicrophoneSource.reopen)."""
        self.mic.reopen()
