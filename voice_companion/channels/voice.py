"""The spoken channel: Piper out, Whisper in, earcons between — on real devices or WAV files."""

from __future__ import annotations

import queue
import re
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable

import numpy as np

from voice_companion import background
from voice_companion.audio.capture import MicrophoneLost, cut_turn
from voice_companion.audio.double_talk import DoubleTalk, EchoReference
from voice_companion.audio.earcons import RATE as EARCON_RATE
from voice_companion.audio.earcons import earcon
from voice_companion.audio.format import FRAME_MS, STT_RATE, resample
from voice_companion.audio.own_audio import OwnAudio
from voice_companion.audio.segmenter import Segmenter
from voice_companion.channels.base import Channel
from voice_companion.channels.timeline import Timelines
from voice_companion.conversation.speech_text import speakable
from voice_companion.routing.commands import match_command
from voice_companion.safety.rules import check_rules
from voice_companion.speech.stt import COMMAND_HOTWORDS
from voice_companion.speech.turn_end import sounds_finished
from voice_companion.textnorm import tokens

DIDNT_CATCH = "Sorry, I didn't catch that."
MIC_LOST = "I can't hear you through the microphone any more. I'll keep trying, and tell you when I can hear you again."
MIC_BACK = "I can hear you again."
# Earcons that are our own voice as far as the microphone is concerned. The breath tones are not:
# the person must be heard over them (the speech detector tells them from a voice).
OWN_TONES = ("listening", "heard", "done", "fade_in")
# A turn said over a breathing cue: "stop" must act within a second of its end, so the silence
# that ends it is short, and a short word (a "stop" half under our own counted word) opens it.
CUE_END_SILENCE = 0.4
CUE_OPEN_SPEECH = 0.15
# With barge-in, how often a line cut by a sound that held no words (a cough, an "um") is said
# again before it is given up.
RESUMES = 2
# Over our own voice the person's first words are found a little late (0.23 s after they begin,
# median, at most 0.45 s: scripts/measure_barge_in.py); what is kept from before the opening also
# holds our echo, which confuses Whisper: 0.6 s heard 5 of 10 tries right, 1 s 4, 0.36 s 5.
BARGE_IN_PRE_ROLL = 20
BARGE_IN_ECHO_TAIL = 0.8
# Said over our sentence without barge-in (listen.stop_over_speech), these cut it at once.
CUTTING = frozenset({"stop", "pause", "skip", "not_helping"})
SILENCING = frozenset({"stop", "pause"})  # what a second hearing with hotwords may find
# Kept for after the line ("slower" applies to the next one). Not "carry on" or "start": over our
# own voice nothing waits to be carried on, and it is what Whisper makes of a "stop" it mishears.
KEPT = CUTTING | {"slower", "faster", "louder", "quieter", "repeat", "time_left"}
COMMAND_SECONDS = 3.0  # a turn this short over our voice (half a second before it included) may be a command
ECHO_WORDS = 0.8  # of a heard turn's words that are our recent lines', for it to be our echo
ECHO_MIN_WORDS = 4
# Said when a turn reaches the length cap. Nothing is dropped: what follows the cut opens the next turn.
TOO_LONG = "That was a lot at once, so I'll answer the first part now, and I've kept the rest for after."


class VoiceChannel(Channel):
    def __init__(
        self, *, tts, stt, sink, turns, detector, endpoint: str = "normal", max_utterance: float = 30.0,
        earcons: bool = True, half_duplex: bool = True, volume: float = 0.8, keys=None, log=None,
        transcript=None, barge_in: bool = False, cue_detector=None, echo_cancel: bool = False,
        stop_over_speech: bool = False,
    ) -> None:
        self.tts, self.stt, self.sink, self.turns, self.detector = tts, stt, sink, turns, detector
        # Over the breath tones on a live microphone: webrtcvad alone. With Silero also asked, a
        # "stop" said over the tone through the speaker's echo opened no turn (audio rig, 0 of 4).
        self.cue_detector = cue_detector or detector
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
        self._mic_lock = threading.RLock()  # one microphone recovery at a time (see _microphone_lost)
        self._background: _CueListener | None = None
        self._live: _LiveListener | None = None
        self._pending: list[str] = []  # heard during a cue, not yet handed to the caller
        # The rest of a turn cut by the length cap (frames, maybe none yet): the next turn starts
        # with it, without flushing or a listening tone, so the person can simply carry on.
        self._carry: list[np.ndarray] | None = None
        # When our own voice played: its echo on a live microphone is not the person.
        self.own = OwnAudio()
        self._spoke = threading.Event()  # set when a line's first sound is ready (prefetch waits for it)
        if half_duplex and getattr(turns, "echo", False) and hasattr(turns, "own"):
            turns.own = self.own
        # Barge-in (hands-free, opt-in): the person's voice cuts our speech. What we play is kept
        # as the reference our echo is judged against (double_talk), so our own voice and
        # earcons never cut it.
        self.barge_in = bool(barge_in and keys is None and half_duplex and hasattr(turns, "double_talk"))
        self.echo_ref: EchoReference | None = None
        # Without barge-in the judge still listens under a breathing cue's spoken word, where a
        # "stop" was lost when the word masked it (a quarter of the tries; scripts/measure_stop.py).
        # Only with a speaker that reports what it plays, and when: a guessed reference would let
        # our own echo through.
        self.judges_cues = bool(not self.barge_in and keys is None and half_duplex
                                and getattr(turns, "echo", False) and hasattr(turns, "double_talk")
                                and hasattr(sink, "monitor"))
        # Without barge-in, a command said over our speech ("stop", "be quiet", "wait") still
        # cuts it: the same judge and listener, but only those words act (and anything the crisis
        # rules flag is kept for the turn after). Other words said over it are left, as
        # half-duplex always left them: a TV or a second person does not cut it.
        self.stop_over_speech = bool(stop_over_speech and self.judges_cues)
        self.cut_short = False  # the last line was cut by a command said over it
        if self.barge_in or self.judges_cues:
            self.echo_ref = EchoReference()
            turns.double_talk = DoubleTalk(self.echo_ref)
            turns.judge_echo = self.barge_in
            if hasattr(sink, "monitor"):  # the speaker says what it plays, and when: exact
                sink.monitor = self.echo_ref.played
                if echo_cancel and (self.barge_in or self.stop_over_speech):
                    # Measured with barge-in (scripts/measure_barge_in.py): the person's words
                    # heard after a cut 8 of 10 against 3-5 of 10, no self-interruption. Under
                    # the breath tones alone it bought nothing (scripts/measure_stop.py): there,
                    # without barge-in, the frames go to the listener as they came.
                    self._cancel_echo(sink, turns)
                    turns.use_cleaned = self.barge_in
            # Inside our own windows double_talk decides, so a wider window costs the person
            # nothing, and it covers an echo stamped late by a busy machine. Judging only under
            # cues it is kept for the whole session too (scripts/measure_stop.py --echo, tries
            # stopped by their own word and "yes"): 8 of 9 with it; 2 of 5 with 0.3 s everywhere;
            # 1 of 5 with 0.8 s under cues and 0.3 s outside (the "yes" went unheard).
            self.own.tail = BARGE_IN_ECHO_TAIL
        self._recent: deque[str] = deque(maxlen=3)  # our last lines, to know them when heard back

    def _cancel_echo(self, sink, turns) -> None:
        """For the listener, the frames heard while our own sound plays with our voice taken out
        (the judge still hears them as they came; see MicTurnSource.canceller)."""
        from voice_companion.audio.echo_cancel import EchoCanceller, available

        ok, why = available()
        if not ok:
            self.log(f"Echo cancellation is off: {why}.")
            return
        canceller = EchoCanceller()
        judge = sink.monitor

        def both(t, samples, rate):
            judge(t, samples, rate)
            canceller.played.played(t, samples, rate)

        sink.monitor = both
        turns.canceller = canceller

    # --- speaking ----------------------------------------------------------------------

    def _play(self, audio: np.ndarray, rate: int, *, own: bool = True, judged: bool = False) -> float:
        """Play; returns the seconds that were played (less than the sound's length when cut).
        judged: with an echo judge, a voice over this sound is heard (see OwnAudio.add)."""
        start = time.monotonic()
        judged = judged and self.echo_ref is not None
        if own:  # registered before playing: a listener may read the echo while we still play
            self.own.add(start, start + audio.size / rate, judged=judged)
            if self.echo_ref is not None and getattr(self.sink, "monitor", None) is None:
                self.echo_ref.add(start, resample(audio * self.volume, rate, STT_RATE))
        self.sink.play(audio * self.volume, rate, self.cancel)
        end = time.monotonic()
        if own:
            self.own.add(start, end, judged=judged)
        return min(end - start, audio.size / rate)

    def say(self, text: str) -> str:
        """Speak one line; returns what was actually said (with barge-in, the words before the
        person cut in; "" if nothing was)."""
        if self.barge_in:
            self._start_live(over_speech=True)
        elif self.stop_over_speech and self._recovering is None:
            # (Not while the microphone is being brought back: its lines are said around that.)
            self._start_live(over_speech=True, commands_only=True)
        else:
            self._stop_live()
        self.cut_short = False
        self.transcript(f"companion: {text}")
        self._recent.append(text)
        if self.barge_in and self.cancel.is_set():
            self._resume_after_noise()  # cut between lines: by the person, or by nothing worth stopping for
        stream = getattr(self.tts, "stream", None)
        pieces = stream(speakable(text)) if stream is not None else [self.tts.synthesize(speakable(text))]
        total = played = 0.0
        for audio in pieces:
            self.timelines.mark("first_audio")  # the first piece only (a mark is kept once)
            self._spoke.set()
            seconds = audio.size / self.tts.sample_rate
            total += seconds
            if self.cancel.is_set():
                continue  # let synthesis finish into the cache; nothing more is played
            for _attempt in range(1 + RESUMES):
                heard = self._play(audio, self.tts.sample_rate)
                if not (self.barge_in and self.cancel.is_set() and self._resume_after_noise()):
                    break
            played += heard
        if self.stop_over_speech and self.cancel.is_set():
            self.cut_short = True
        if not self.cancel.is_set() or not (self.barge_in or self.stop_over_speech):
            return text
        return _words_before(text, played / total if total else 0.0)

    def _resume_after_noise(self) -> bool:
        """Our voice was cut by a sound from the person: wait for what it was. A cough or an
        "um" (nothing Whisper keeps) is not an interruption, nor is our own line heard back (a
        busy machine can stamp the microphone's frames late, and the echo then looks like a
        second voice): the line is said again."""
        live = self._live
        if live is None:
            return False
        live.wait_idle()
        live.drop_echo_of(self._recent)
        if live.heard_anything() or live.error is not None:
            return False
        self.cancel.clear()
        return True

    def speak_stream(self, sentences: Iterable[str]) -> list[str]:
        """Speak each sentence as soon as it arrives while the next one is still being made."""
        q: queue.Queue[str | None] = queue.Queue()
        said: list[str] = []
        error: list[BaseException] = []

        def speaker() -> None:
            try:
                while (s := q.get()) is not None:
                    if not self.cancel.is_set() and (spoken := self.say(s)):
                        said.append(spoken)
            except BaseException as exc:  # surfaced in the caller's thread below
                error.append(exc)
                while q.get() is not None:
                    pass

        worker = threading.Thread(target=speaker, name="speaker", daemon=True)
        worker.start()
        try:
            for s in sentences:
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
        self._stop_live()
        # "Your turn": an answer said at once, over it ("Yes." to "did you say stop?"), is heard.
        self._play(earcon(kind, seconds), EARCON_RATE, own=kind in OWN_TONES, judged=kind == "listening")

    def cue(self, text: str, kind: str, seconds: float) -> None:
        """The spoken count over the breath tone, exactly `seconds` long, each beat of the count
        ("Breathe in… two… three… four") placed on its own second. While the soft tone plays,
        the person can still be heard (a "stop" mid-breath must work hands-free)."""
        entered = time.perf_counter()
        self.transcript(f"companion (cue): {text}")
        tone_kind = {"in": "inhale", "out": "exhale"}.get(kind, kind)
        beats = cue_beats(text)
        live = self.keys is None and getattr(self.turns, "echo", False)
        if live and self.half_duplex and seconds > 0:
            # Hands-free on a live microphone only the first beat is spoken ("Breathe in") and
            # the rising tone carries the count: every counted word hides the person's voice for
            # its length plus the echo's tail (0.9 s of each second with all four), and a "stop"
            # said under it was lost. So 3 s of each 4 s phase is listening time.
            beats = beats[:1]
        clips = [resample(self.tts.synthesize(b), self.tts.sample_rate, EARCON_RATE) for b in beats]
        if live:  # trimmed to its sound, so only the word itself is kept from the listener
            clips = [_trim(c) for c in clips]
        gap = int(0.2 * EARCON_RATE)
        if seconds > 0:
            bed = earcon(tone_kind, seconds).copy()
            beat = int(EARCON_RATE * seconds / max(1, len(clips)))
        else:  # fast mode: just the words, one after another, no tone
            bed = np.zeros(sum(c.size + gap for c in clips), np.float32)
            beat = 0
        words: list[tuple[int, int]] = []  # where our own voice is in the bed, in samples
        at = 0
        for k, clip in enumerate(clips):
            start = max(at, k * beat)  # on its beat, never over the previous word
            n = max(0, min(clip.size, bed.size - start))
            bed[start : start + n] += clip[:n]
            at = start + n + (gap if beat == 0 else 0)
            words.append((start, start + n))
        if live:
            self._start_live()
        elif self.keys is None:
            self._finish_background()
            self._background = _CueListener(self, seconds)
        cut = 0
        if seconds > 0:
            # Whatever preparing took comes off the tone's quiet tail, so the cue still ends on
            # time and the next phase starts on its beat (no drift, however slow synthesis was).
            cut = int(min(time.perf_counter() - entered, seconds / 2) * EARCON_RATE)
            bed = bed[: bed.size - cut]
        if live and ((self._live is not None and self._live.busy) or self._pending):
            return  # the person is talking, or said something over the last line: the cue waits for it
        self.timelines.mark("first_audio")
        t0 = time.monotonic()
        for a, b in words:
            if a < bed.size:
                self.own.add(t0 + a / EARCON_RATE, t0 + min(b, bed.size) / EARCON_RATE)
        self._play(np.clip(bed, -1, 1), EARCON_RATE, own=False)

    def prefetch(self, lines: list[str], cues: list[str]) -> None:
        """Synthesize an exercise's lines in the background before they are needed, cues first,
        so a breathing cue starts on time even when synthesis is slow."""
        texts = [b for c in cues for b in cue_beats(c)] + [speakable(t) for t in lines]
        self._spoke.clear()

        def work() -> None:
            # The exercise's opening line comes first: started together, this work took the voice
            # and the CPU from it (first sound ~1 s later, measured by the bench). Its playback
            # leaves the time to make the cues before they are needed; that line starts within
            # milliseconds of this call, so half a second is long enough to wait for it.
            self._spoke.wait(0.5)
            for text in dict.fromkeys(texts):
                self.tts.synthesize(text)

        background.start(work, "prefetch")

    # --- listening ---------------------------------------------------------------------

    def _finish_background(self) -> str | None:
        listener, self._background = self._background, None
        return listener.finish() if listener is not None else None

    def _start_live(self, *, over_speech: bool = False, commands_only: bool = False) -> None:
        if self._live is not None and self._live.commands_only != commands_only:
            # From a sentence to a cue or back: the listener for the one does not stay on over
            # the other (what it heard is kept for the next listen()).
            self._stop_live()
        if self.judges_cues:
            self.turns.judge_echo = True
        if self.stop_over_speech:
            self.turns.use_cleaned = commands_only  # our voice taken out over sentences, not under the tones
        if self._live is None:
            if self.half_duplex and time.monotonic() - self._live_ended > 1.0:
                self.turns.flush()  # what the microphone caught before the exercise began
            self._live = _LiveListener(self, over_speech=over_speech, commands_only=commands_only)

    def stop_listening(self) -> None:
        self._stop_live()

    def _stop_live(self) -> None:
        """Stop listening over cues (something else is about to be said or listened for). What
        was heard is kept for the next listen()."""
        live, self._live = self._live, None
        if self.judges_cues:
            self.turns.judge_echo = False
        if self.stop_over_speech:
            self.turns.use_cleaned = False
        if live is not None:
            self._pending.extend(live.stop())
            self._live_ended = time.monotonic()
            if self.keys is None:
                self.cancel.clear()  # cut by the person's voice; what comes next is not
            if isinstance(live.error, MicrophoneLost):
                self._microphone_lost()
            elif live.error is not None:
                raise live.error

    _live_ended = 0.0

    def listen(self, timeout: float | None = None) -> str | None:
        heard = self._finish_background()
        if heard:
            return heard
        live = self._live  # one reading: a speaker thread may stop the live listener meanwhile
        if live is not None:
            if self.barge_in:
                live.drop_echo_of(self._recent)
            self._pending.extend(live.take())
            if live.error is not None:
                self._stop_live()
            if self._pending:
                # Talking over the cue cut it short; the next thing said need not be cut.
                self.cancel.clear()
        if self._pending:
            return self._pending.pop(0)
        if timeout is not None and timeout <= 0.05:
            if self.keys is not None and self.keys.pressed_again():
                # Enter during a cue cut the cue and means "I want to talk": listen now,
                # without waiting for another press.
                return self._capture(None, pressed=True)
            return None  # half-duplex: nothing else can have been heard while we talked
        self._stop_live()
        return self._capture(timeout)

    def _capture(self, timeout: float | None, *, pressed: bool = False) -> str | None:
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            remaining = None if deadline is None else deadline - time.monotonic()
            if remaining is not None and remaining <= 0:
                return None
            # A line said in this loop ("Sorry, I didn't catch that.") listened over itself: one
            # reader of the microphone at a time, and what was said over it comes first.
            self._stop_live()
            if self._pending:
                return self._pending.pop(0)
            carry, self._carry = self._carry, None
            if self.half_duplex and carry is None:
                self.turns.flush()
            if carry is not None:
                pressed = True  # they were mid-flow: no key press is needed to go on
            if self.keys is not None and not pressed and not self.keys.wait_press(remaining):
                if self.keys.closed:
                    self.eof = True
                return None
            pressed = False
            if carry is None and (timeout is None or timeout > 2):
                # Its echo is our own voice (self.own), so the tone cannot open a turn.
                self.tone("listening")
            seg = Segmenter.preset(self.endpoint, max_seconds=self.max_utterance, start_timeout=remaining)
            key_stop = self.keys.pressed_again if self.keys is not None else (lambda: False)
            try:
                turn = self.cut(self.turns.frames(remaining), seg, key_pressed=key_stop, carry=carry or ())
            except MicrophoneLost:
                self._microphone_lost()
                continue
            if not turn.heard_speech:
                if self.turns.exhausted:
                    self.eof = True
                return None
            if turn.too_long:
                self._carry = turn.rest
            text = self.transcribe(turn)
            if text:
                return text
            self.say(DIDNT_CATCH)

    def cut(self, frames, segmenter: Segmenter, *, detector=None, **kwargs):
        """cut_turn with the recogniser working at each short pause: a turn whose words read as
        finished ends there, already transcribed; one that trails off is held to the long pause."""
        return cut_turn(frames, detector or self.detector, segmenter, decode=self.stt.transcribe,
                        finished=lambda heard: sounds_finished(heard.raw),
                        realtime=getattr(self.turns, "realtime", True), **kwargs)

    _mic_recoveries = 0
    _recovering: int | None = None  # the thread recovering the microphone

    def _microphone_lost(self) -> None:
        """Say so (or print it, when the speaker went with it), then wait for it to come back.

        One recovery at a time: the live listener and the turn loop can both find the microphone
        gone, and two threads restarting PortAudio under each other's streams crash the process.
        A thread that waited while another brought it back has nothing left to do."""
        if getattr(getattr(self.turns, "mic", None), "closed", False):
            return  # closed on purpose: the session is ending
        if self._recovering == threading.get_ident():
            return  # from inside the recovery (its own "lost" line stopped the live listener)
        seen = self._mic_recoveries
        with self._mic_lock:
            if self._mic_recoveries != seen:
                return
            self._recovering = threading.get_ident()
            try:
                self._recover_microphone()
            finally:
                self._recovering = None
                self._mic_recoveries += 1

    def _recover_microphone(self) -> None:
        self.log(f"The microphone stopped delivering sound: {MIC_LOST}")
        try:
            self.say(MIC_LOST)
        except Exception:
            pass  # the speaker went too: the printed line is all we can do
        reopen = getattr(self.turns, "reopen", None)
        if reopen is None:
            raise RuntimeError(MIC_LOST)
        suspend = getattr(self.sink, "suspend", None)
        if suspend is not None:
            suspend()  # re-opening restarts PortAudio, and with it every stream
        reopen()  # returns when a microphone delivers sound again
        reopen_speaker = getattr(self.sink, "reopen", None)
        if reopen_speaker is not None:
            try:
                reopen_speaker()
            except Exception as exc:  # the microphone is back but not the speaker: say it in print
                self.log(str(exc))
        self.log(MIC_BACK)
        try:
            self.say(MIC_BACK)
        except Exception:
            pass

    def transcribe(self, turn, *, signal: bool = True) -> str:
        """Whisper on one captured turn, timed on the turn's timeline (also called from the
        listeners that run during cues and speech, on their own threads)."""
        self.timelines.new_turn()
        self.timelines.mark("speech_end", turn.speech_end)
        if signal:
            self.tone("heard")
        # Usually decoded already, at the pause that ended the turn: then there is nothing left to do.
        result = turn.transcript if turn.transcript is not None else self.stt.transcribe(turn.audio)
        self.last_heard = result  # with Whisper's confidence, for the session's hearing hook
        self.timelines.mark("transcript")
        if not result.text:
            self.transcript(f"(heard sound but no words: {result.dropped})")
            return ""
        self.transcript(f"you: {result.text}")
        if turn.too_long:
            self.say(TOO_LONG)
        return result.text


def _words_of(lines) -> set[str]:
    return {w for line in lines for w in tokens(line)}


def _our_echo(heard: str, ours: set[str]) -> bool:
    """Is this transcript our own line heard back? Only a longer run of almost nothing but our
    words: a person's short answer often repeats our words ("yes, box breathing"), and anything
    the crisis rules flag is always the person's to be answered."""
    words = tokens(heard)
    if len(words) < ECHO_MIN_WORDS or sum(w in ours for w in words) < ECHO_WORDS * len(words):
        return False
    return not check_rules(heard, ()).crisis


def _words_before(text: str, share: float) -> str:
    """The words of `text` said before it was cut `share` of the way through (by time)."""
    words = text.split()
    kept = words[: int(len(words) * max(0.0, min(1.0, share)))]
    return " ".join(kept) + "…" if kept else ""


def cue_beats(text: str) -> list[str]:
    """A count is split on its "…" into beats, each spoken on its own second; other text is one beat."""
    return [b.strip() for b in re.split(r"…|\.\.\.", text) if b.strip()] if text else []


def _trim(clip: np.ndarray, level: float = 0.01) -> np.ndarray:
    loud = np.flatnonzero(np.abs(clip) > level)
    return clip[loud[0] : loud[-1] + 1] if loud.size else clip[:0]


class _CueListener:
    """Over a recorded timeline (WAV files, no echo): catches anything said during one cue,
    exactly the cue's length of audio (longer if they are mid-sentence when it ends)."""

    def __init__(self, channel: VoiceChannel, seconds: float) -> None:
        self.channel = channel
        self.frames_total = int(seconds * 1000 / FRAME_MS)
        self.text: str | None = None
        self.segmenter = Segmenter.preset(channel.endpoint, max_seconds=channel.max_utterance)
        self.thread = threading.Thread(target=self._run, daemon=True, name="cue-listener")
        self.thread.start()

    def _frames(self):
        for n, frame in enumerate(self.channel.turns.frames(None), 1):
            if n > self.frames_total and not self.segmenter.in_speech:
                return
            yield frame

    def _run(self) -> None:
        turn = self.channel.cut(self._frames(), self.segmenter)
        if turn.heard_speech:
            self.text = self.channel.transcribe(turn, signal=False) or None

    def finish(self) -> str | None:
        self.thread.join()
        return self.text


class _LiveListener:
    """Listens on the live microphone for as long as breathing cues follow one another, gaps
    included, and with barge-in also while we speak. Our own counted words and sentences are
    masked out (OwnAudio; with barge-in a frame where double_talk hears a second voice is not);
    the tones are told from a voice by the detector. The moment the person starts speaking the
    cue or sentence is cut (so nothing talks over a "stop"), and what they said is transcribed
    for the next listen(). Over our sentences without barge-in (commands_only) nothing is cut
    until the words are heard, and only a command cuts it (_command_over_speech)."""

    def __init__(self, channel: VoiceChannel, *, over_speech: bool = False, commands_only: bool = False) -> None:
        self.channel = channel
        # Over a breathing cue a turn ends quickly ("stop" must act); over our speech (barge-in)
        # the person may have more to say, so their own endpoint setting ends it.
        self.over_speech = over_speech and not commands_only
        # Without barge-in, over our sentences: only a command (or words the crisis rules flag)
        # is kept, and only a silencing command cuts the line, once its words are heard.
        self.commands_only = commands_only
        self.busy = False  # a turn is open or being transcribed
        self.error: BaseException | None = None
        self._heard: list[str] = []
        self._stop = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        self._segmenter: Segmenter | None = None
        self.thread = threading.Thread(target=self._run, daemon=True, name="live-listener")
        self.thread.start()

    def _opened(self) -> None:
        self.busy = True
        self._idle.clear()
        if not self.commands_only:
            self.channel.cancel.set()

    def _frames(self):
        for frame in self.channel.turns.frames(None):
            if self._stop.is_set() and not self._segmenter.in_speech:
                return
            yield frame

    def _run(self) -> None:
        ch = self.channel
        try:
            while not self._stop.is_set():
                if self.over_speech:
                    # Cutting in, the person may say a whole sentence: their own endpoint, two-stage.
                    self._segmenter = Segmenter.preset(ch.endpoint, speech_seconds=CUE_OPEN_SPEECH,
                                                       max_seconds=ch.max_utterance)
                    turn = ch.cut(self._frames(), self._segmenter, detector=ch.cue_detector, on_open=self._opened,
                                  pre_roll=BARGE_IN_PRE_ROLL)
                else:
                    self._segmenter = Segmenter(silence_seconds=CUE_END_SILENCE, speech_seconds=CUE_OPEN_SPEECH,
                                                max_seconds=ch.max_utterance)
                    turn = cut_turn(self._frames(), ch.cue_detector, self._segmenter, on_open=self._opened,
                                    echo_is_silence=self.commands_only)
                if turn.heard_speech:
                    text = ch.transcribe(turn, signal=False)
                    if self.commands_only:
                        self._command_over_speech(text, turn.audio)
                    elif text:
                        self._heard.append(text)
                self.busy = False
                self._idle.set()
        except BaseException as exc:  # a lost microphone: surfaced in the caller's thread
            self.error = exc
        finally:
            self.busy = False
            self._idle.set()

    def _command_over_speech(self, text: str, audio: np.ndarray) -> None:
        ch = self.channel
        command = match_command(text) if text else None
        if command not in KEPT and audio.size <= COMMAND_SECONDS * STT_RATE:
            # A short word over our own voice, not heard as a command: Whisper, hearing it
            # through what is left of our echo, most often makes "stop" into other words ("that's
            # it") or drops it as noise. Heard again with the silencing commands as hotwords,
            # it cuts only if it then is one of them.
            again = ch.stt.transcribe(audio, hotwords=COMMAND_HOTWORDS)
            found = match_command(again.text) if again.text else None
            if found in SILENCING:
                ch.transcript(f"you (heard again, as a command): {again.text}")
                text, command = again.text, found
        if command not in KEPT and not (text and check_rules(text, ()).crisis):
            if text:
                ch.log("heard words over its own voice that were not a command: left")
            return
        if command is not None and _our_echo(text, _words_of(ch._recent)):
            return
        self._heard.append(text)
        if command in CUTTING or command not in KEPT:  # a command that cuts it, or a crisis
            ch.cancel.set()

    def wait_idle(self) -> None:
        self._idle.wait()

    def heard_anything(self) -> bool:
        return bool(self._heard)

    def drop_echo_of(self, lines) -> None:
        """Forget what was heard if it is mostly the words of `lines` (our own voice)."""
        ours = _words_of(lines)
        self._heard = [h for h in self._heard if not _our_echo(h, ours)]

    def take(self) -> list[str]:
        """What was heard so far; waits for a turn that is still open to be transcribed."""
        self._idle.wait()
        heard, self._heard = self._heard, []
        return heard

    def stop(self) -> list[str]:
        self._stop.set()
        self.thread.join()
        return self.take()
