"""Speech-to-text with faster-whisper, loaded from a local model directory only."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .models import ModelMissing

# What Whisper says when it hears silence, breath or noise (it was trained on subtitles).
# Matched against the whole transcript, after normalising.
HALLUCINATIONS = {
    "", "you", "thank you", "thanks", "thank you very much", "thanks for watching",
    "thank you for watching", "thanks for listening", "bye", "bye bye", "okay", "oh", "uh", "um",
    "hmm", "mm", "so", "the", "i", "a", "music", "applause", "silence", "laughter", "subtitles by",
    "please subscribe", "subscribe", "like and subscribe", "see you next time", "you you",
}
_ANNOTATION = re.compile(r"[\[\(\*♪][^\]\)\*♪]*[\]\)\*♪]")


@dataclass(frozen=True)
class Transcript:
    text: str  # "" when nothing usable was heard
    raw: str
    seconds: float  # audio length
    dropped: str = ""  # why the raw text was dropped, if it was


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


class SpeechToText:
    def __init__(self, model_dir: Path, *, language: str = "en", beam_size: int = 1, threads: int = 0) -> None:
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

    def transcribe(self, audio: np.ndarray) -> Transcript:
        """16 kHz mono float32 in, words out."""
        seconds = audio.size / 16000
        if audio.size < 1600:  # under 0.1 s: nothing to hear
            return Transcript("", "", seconds, "too short")
        segments, _info = self.model.transcribe(
            audio.astype(np.float32),
            language=self.language,
            beam_size=self.beam_size,
            condition_on_previous_text=False,  # stops one hallucination feeding the next
            without_timestamps=True,
            vad_filter=False,  # the turn capture has already cut the speech out
            temperature=0.0,
        )
        parts, nsp, lp = [], [], []
        for seg in segments:
            parts.append(seg.text)
            nsp.append(seg.no_speech_prob)
            lp.append(seg.avg_logprob)
        raw = " ".join(p.strip() for p in parts).strip()
        text, why = clean_transcript(raw, max(nsp, default=0.0), min(lp, default=0.0))
        return Transcript(text, raw, seconds, why)
