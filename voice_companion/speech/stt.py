"""Speech-to-text with faster-whisper, loaded from a local model directory only."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from voice_companion.models import ModelMissing

# What Whisper says when it hears silence, breath or noise (it was trained on subtitles).
# Matched against the whole transcript, after normalising.
HALLUCINATIONS = {
    "", "you", "thank you", "thanks", "thank you very much", "thanks for watching",
    "thank you for watching", "thanks for listening", "bye", "bye bye", "okay", "oh", "uh", "um",
    "hmm", "mm", "so", "the", "i", "a", "music", "applause", "silence", "laughter", "subtitles by",
    "please subscribe", "subscribe", "like and subscribe", "see you next time", "you you",
}
_ANNOTATION = re.compile(r"[\[\(\*♪][^\]\)\*♪]*[\]\)\*♪]")


# Below these Whisper is guessing. On tests/data/spoken_set.jsonl (scripts/measure_hearing.py)
# they flag about 3 in 4 of the utterances that led to a wrong decision, and about 1 in 10 of
# the clean ones heard word for word (tiny.en and base alike).
DOUBT_AVG_LOGPROB = -0.75  # mean log-probability of the chosen tokens
DOUBT_WORD_PROB = 0.40  # the least sure word
DOUBT_NO_SPEECH = 0.45  # Whisper's own "this was not speech"
DOUBT_COMPRESSION = 2.4  # repetitive text: a loop, not what was said


@dataclass(frozen=True)
class Transcript:
    text: str  # "" when nothing usable was heard
    raw: str
    seconds: float  # audio length
    dropped: str = ""  # why the raw text was dropped, if it was
    # Whisper's own confidence; the defaults mean "sure" so a transcript made by hand (tests,
    # typed input) is never doubtful.
    avg_logprob: float = 0.0
    no_speech_prob: float = 0.0
    compression_ratio: float = 1.0
    min_word_prob: float = 1.0
    weak_words: tuple[str, ...] = ()  # the words Whisper was least sure of
    alternatives: tuple[str, ...] = ()  # other close readings, looked for only when doubtful

    @property
    def doubtful(self) -> bool:
        """Words were heard but Whisper was not sure of them: ask before acting."""
        return bool(self.text) and bool(self.doubts)

    @property
    def doubts(self) -> tuple[str, ...]:
        why = []
        if self.avg_logprob < DOUBT_AVG_LOGPROB:
            why.append("low average log-probability")
        if self.min_word_prob < DOUBT_WORD_PROB:
            why.append("an unsure word")
        if self.no_speech_prob > DOUBT_NO_SPEECH:
            why.append("may not be speech")
        if self.compression_ratio > DOUBT_COMPRESSION:
            why.append("repetitive")
        return tuple(why)

    def as_json(self) -> dict:
        return {
            "text": self.text, "raw": self.raw, "seconds": round(self.seconds, 2), "dropped": self.dropped,
            "avg_logprob": round(self.avg_logprob, 3), "no_speech_prob": round(self.no_speech_prob, 3),
            "compression_ratio": round(self.compression_ratio, 2), "min_word_prob": round(self.min_word_prob, 3),
            "weak_words": list(self.weak_words), "doubtful": self.doubtful, "doubts": list(self.doubts),
            "alternatives": list(self.alternatives),
        }


def clean_transcript(raw: str, no_speech_prob: float = 0.0, avg_logprob: float = 0.0) -> tuple[str, str]:
    """(text, why-dropped). Keeps real words; drops Whisper's stock phrases for non-speech."""
    text = _ANNOTATION.sub(" ", raw)  # "[BLANK_AUDIO]", "(coughs)", "♪ music ♪"
    text = " ".join(text.split()).strip()
    norm = re.sub(r"[^a-z' ]", "", text.lower()).strip()
    if not norm:
        return "", "no words"
    if norm in HALLUCINATIONS:
        # "okay" or "thank you" can be real; believe them only when Whisper was confident.
        if norm in ("okay", "thank you", "thanks", "bye") and no_speech_prob < 0.3 and avg_logprob > -0.6:
            return text, ""
        return "", "a phrase Whisper makes up for silence or noise"
    if no_speech_prob > 0.7 and avg_logprob < -0.8:
        return "", "probably not speech"
    # "thank you thank you thank you ..." — the looping hallucination.
    words = norm.split()
    if len(words) >= 6 and len(set(words)) <= 2:
        return "", "a repeated phrase, probably not speech"
    return text, ""


# The words the companion most needs to hear right, as a possible hint to the decoder (never
# crisis words). Off by default: measured, it bought nothing on clean speech and at 10 dB SNR
# doubled the false crises, as Whisper filled noise with prompt-like words (README, "Hearing").
EXERCISE_VOCABULARY = (
    "breathing, box breathing, 4-7-8 breathing, grounding, 5-4-3-2-1, get out of bed, "
    "stop, pause, slower, louder, quieter, shh, carry on, skip"
)


# The commands that silence it, as faster-whisper `hotwords` (a prefix the decoder is nudged
# by, unlike initial_prompt's "previous text"). Off: measured (measure_hearing.py --hotwords),
# they lift stop/pause heard right (0.74 -> 0.83 clean, 0.33 -> 0.53 at 10 dB) but Whisper then
# loops them in loud noise and false crises at 10 dB rise from 10 to 17 (README, "Hearing").
COMMAND_HOTWORDS = "Stop. Pause. Wait. Shush. Be quiet. Hold on."


class SpeechToText:
    def __init__(
        self, model_dir: Path, *, language: str = "en", beam_size: int = 1, threads: int = 0,
        hint: str = "", vad_filter: bool = False, word_confidence: bool = True, alternatives: int = 4,
        hotwords: str = "",
    ) -> None:
        from faster_whisper import WhisperModel

        try:
            self.model = WhisperModel(
                str(model_dir), device="cpu", compute_type="int8", cpu_threads=threads,
                local_files_only=True,
            )
        except Exception as exc:  # ctranslate2 raises RuntimeError/ValueError on a bad model
            raise ModelMissing(
                f"The speech-recognition model at {model_dir} could not be loaded ({exc}). "
                "It may be damaged: reinstall it (scripts/setup.sh)."
            ) from None
        multilingual = getattr(self.model, "model", None) is not None and self.model.model.is_multilingual
        self.language = language if multilingual else None
        self.beam_size = beam_size
        self.hint = hint
        self.hotwords = hotwords
        self.vad_filter = vad_filter
        self.word_confidence = word_confidence
        self.n_alternatives = alternatives
        self.model_dir = Path(model_dir)
        # The encoder's output for the start of the audio this thread last transcribed: the
        # other readings of a doubtful transcript are decoded from it instead of encoding the
        # same 30 s window again (the encoder is most of a short utterance's time).
        self._kept = threading.local()
        self.reuse_encoding = True  # False: encode again, as before (for comparison)
        real_encode = self.model.encode

        def encode(features):
            out = real_encode(features)
            if getattr(self._kept, "output", False) is None:
                self._kept.output = out  # the first window only: alternatives() reads that one
            return out

        self.model.encode = encode

    def transcribe(self, audio: np.ndarray, *, hotwords: str | None = None) -> Transcript:
        """16 kHz mono float32 in, words (and how sure Whisper was of them) out. hotwords: for
        this decode only, instead of the configured ones (no other readings are looked for)."""
        seconds = audio.size / 16000
        if audio.size < 1600:  # under 0.1 s: nothing to hear
            return Transcript("", "", seconds, "too short")
        self._kept.audio, self._kept.output = audio, None
        segments, _info = self.model.transcribe(
            audio.astype(np.float32),
            language=self.language,
            beam_size=self.beam_size,
            condition_on_previous_text=False,  # stops one hallucination feeding the next
            without_timestamps=not self.word_confidence,
            word_timestamps=self.word_confidence,  # the per-word probabilities come with them
            initial_prompt=self.hint or None,
            hotwords=(self.hotwords if hotwords is None else hotwords) or None,
            vad_filter=self.vad_filter,
            temperature=0.0,
        )
        parts, nsp, lp, cr, words = [], [], [], [], []
        for seg in segments:
            parts.append(seg.text)
            nsp.append(seg.no_speech_prob)
            lp.append(seg.avg_logprob)
            cr.append(seg.compression_ratio)
            words.extend(seg.words or ())
        raw = " ".join(p.strip() for p in parts).strip()
        avg_lp, no_speech = min(lp, default=0.0), max(nsp, default=0.0)
        text, why = clean_transcript(raw, no_speech, avg_lp)
        spoken = [w for w in words if w.word.strip(" .,!?")]
        weakest = sorted(spoken, key=lambda w: w.probability)[:3]
        result = Transcript(
            text, raw, seconds, why, avg_logprob=avg_lp, no_speech_prob=no_speech,
            compression_ratio=max(cr, default=1.0),
            min_word_prob=min((w.probability for w in spoken), default=1.0),
            weak_words=tuple(w.word.strip() for w in weakest if w.probability < DOUBT_WORD_PROB),
        )
        if result.doubtful and self.n_alternatives > 1 and hotwords is None:
            # Costs one more decode, so only when in doubt (about one utterance in ten, clean).
            others = tuple(a for a in self.alternatives(audio, self.n_alternatives) if a.strip() != text.strip())
            result = replace(result, alternatives=others)
        return result

    def alternatives(self, audio: np.ndarray, n: int = 4) -> list[str]:
        """The n best readings of the audio (beam search), best first. Asked only when a
        transcript is doubtful: the crisis gate then reads every one, so a crisis heard as
        something milder in the best reading is still noticed in a close second."""
        from faster_whisper.audio import pad_or_trim
        from faster_whisper.tokenizer import Tokenizer

        if audio.size < 1600:
            return []
        m = self.model
        multilingual = m.model.is_multilingual
        tokenizer = Tokenizer(m.hf_tokenizer, multilingual, task="transcribe", language=(self.language or "en") if multilingual else None)
        kept = getattr(self._kept, "output", None) if getattr(self._kept, "audio", None) is audio else None
        if kept is None or not self.reuse_encoding:
            kept = m.encode(pad_or_trim(m.feature_extractor(audio.astype(np.float32))[:, :3000]))
        prompt = m.get_prompt(tokenizer, [], without_timestamps=True)
        result = m.model.generate(
            kept, [prompt], beam_size=n, num_hypotheses=n, max_length=len(prompt) + 96,
            suppress_blank=True, suppress_tokens=[-1],
        )[0]
        seen, out = set(), []
        for ids in result.sequences_ids:
            text = tokenizer.decode(ids).strip()
            if text and text.lower() not in seen:
                seen.add(text.lower())
                out.append(text)
        return out

