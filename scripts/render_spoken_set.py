#!/usr/bin/env python3
"""Render tests/data/spoken_set.jsonl as speech: several voices, clean and with noise.

    python scripts/render_spoken_set.py [--out DIR] [--voices a,b] [--snr clean,20,10,5]

Writes DIR/<voice>/<snr>/<index>.wav (16 kHz mono) and DIR/index.jsonl, one line per WAV with
the utterance's text and labels. Nothing here is committed: the set is text, this makes the
audio on any machine with espeak-ng and the Piper voice. Rendering is deterministic (fixed
seeds), so two runs give the same WAVs and measurements can be compared.

Noise: each noisy WAV gets one kind, chosen per utterance so every kind is represented at
every SNR: white, fan (low-passed, brown-ish hum), babble (four other non-crisis utterances of
the set, in other voices, overlapped) and tv (one other non-crisis utterance plus a soft tone
bed, like a television in the room). SNR is speech RMS over noise RMS, measured on the
speech part only.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from voice_companion.audio.format import load_for_stt, resample, write_wav  # noqa: E402

RATE = 16000
SET = REPO / "tests" / "data" / "spoken_set.jsonl"
DEFAULT_OUT = Path(tempfile.gettempdir()) / "voice-companion-spoken-set"

# name -> how to speak. espeak: (voice, words per minute, pitch 0-99). piper: length_scale.
VOICES: dict[str, tuple] = {
    "piper": ("piper", 1.0),
    "piper_slow": ("piper", 1.25),
    "espeak_us": ("espeak", "en-us+m3", 150, 50),
    "espeak_scot_fast": ("espeak", "en-gb-scotland", 185, 40),
    "espeak_carib_f": ("espeak", "en-029+f3", 135, 70),
    "espeak_rp_f_fast": ("espeak", "en-gb-x-rp+f2", 175, 60),
}
SNRS = ("clean", "20", "10", "5")
NOISES = ("white", "fan", "babble", "tv")


def load_set(path: Path = SET) -> list[dict]:
    items = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            item = json.loads(line)
            if not isinstance(item.get("text"), str) or "intent" not in item or "crisis" not in item:
                raise SystemExit(f"{path} line {n}: needs text, crisis and intent")
            items.append(item)
    return items


def speak_espeak(text: str, voice: str, wpm: int, pitch: int, tmp: Path) -> np.ndarray:
    raw = tmp / "espeak.wav"
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(wpm), "-p", str(pitch), "-w", str(raw), text],
                   check=True, capture_output=True)
    return load_for_stt(raw)


_piper = None


def speak_piper(text: str, length_scale: float) -> np.ndarray:
    global _piper
    from piper import SynthesisConfig

    if _piper is None:
        from piper import PiperVoice

        from voice_companion.models import voice_path

        _piper = PiperVoice.load(str(voice_path("en_US-joe-medium")))
    chunks = [c.audio_float_array for c in _piper.synthesize(text, SynthesisConfig(length_scale=length_scale))]
    audio = np.concatenate(chunks) if chunks else np.zeros(0, np.float32)
    return resample(audio.astype(np.float32), _piper.config.sample_rate, RATE)


def speak(text: str, voice: str, tmp: Path) -> np.ndarray:
    spec = VOICES[voice]
    audio = speak_piper(text, spec[1]) if spec[0] == "piper" else speak_espeak(text, *spec[1:], tmp)
    pad = np.zeros(int(0.3 * RATE), np.float32)  # the turn capture keeps a little air either side
    audio = np.concatenate([pad, audio, pad])
    return (audio / max(1e-6, np.abs(audio).max()) * 0.5).astype(np.float32)


def _rms(x: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(x, dtype=np.float64)) + 1e-12))


def _fit(noise: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    if noise.size < n:
        noise = np.tile(noise, n // max(1, noise.size) + 1)
    start = int(rng.integers(0, noise.size - n + 1))
    return noise[start:start + n]


def make_noise(kind: str, n: int, rng: np.random.Generator, others: list[np.ndarray]) -> np.ndarray:
    if kind == "white":
        return rng.standard_normal(n).astype(np.float32)
    if kind == "fan":
        # Brown noise (integrated white) plus a blade hum: most energy low, like a fan or fridge.
        brown = np.cumsum(rng.standard_normal(n))
        brown -= np.convolve(brown, np.ones(801) / 801, mode="same")  # remove the drift
        t = np.arange(n) / RATE
        hum = 0.3 * np.sin(2 * np.pi * 100 * t) + 0.15 * np.sin(2 * np.pi * 200 * t)
        return (brown / (_rms(brown)) + hum).astype(np.float32)
    if kind == "babble":
        picks = rng.choice(len(others), size=min(4, len(others)), replace=False)
        mix = sum(_fit(others[i], n, rng) for i in picks)
        return np.asarray(mix, np.float32)
    if kind == "tv":
        talk = _fit(others[int(rng.integers(0, len(others)))], n, rng)
        t = np.arange(n) / RATE
        bed = 0.05 * (np.sin(2 * np.pi * 220 * t) + np.sin(2 * np.pi * 277 * t) + np.sin(2 * np.pi * 330 * t))
        return (talk / _rms(talk) + bed).astype(np.float32)
    raise ValueError(kind)


def mix_at_snr(speech: np.ndarray, noise: np.ndarray, snr_db: float) -> np.ndarray:
    voiced = speech[np.abs(speech) > 0.02]
    speech_rms = _rms(voiced if voiced.size else speech)
    noise = noise * (speech_rms / _rms(noise) / (10 ** (snr_db / 20)))
    out = speech + noise
    peak = np.abs(out).max()
    return (out / peak * 0.9 if peak > 0.99 else out).astype(np.float32)


def chosen(voices_arg: str, snr_arg: str) -> tuple[list[str], list[str]]:
    """--voices and --snr as lists, each name checked (a plain message for an unknown one)."""
    voices = [v for v in voices_arg.split(",") if v]
    snrs = [s for s in snr_arg.split(",") if s]
    for v in voices:
        if v not in VOICES:
            raise SystemExit(f"--voices: unknown voice {v!r}; known: {', '.join(VOICES)}")
    for s in snrs:
        if s not in SNRS:
            raise SystemExit(f"--snr: {s!r} is not one of {', '.join(SNRS)}")
    return voices, snrs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--voices", default=",".join(VOICES), help=f"comma list of {', '.join(VOICES)}")
    ap.add_argument("--snr", default=",".join(SNRS), help="comma list of clean, 20, 10, 5")
    args = ap.parse_args(argv)
    voices, snrs = chosen(args.voices, args.snr)
    for tool in ("espeak-ng",):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is not installed: run scripts/setup.sh --test")
    items = load_set()
    args.out.mkdir(parents=True, exist_ok=True)
    rows = []
    with tempfile.TemporaryDirectory() as tmpd:
        tmp = Path(tmpd)
        # "say": how a synthesiser is made to say a word it would otherwise spell out (espeak-ng
        # and Piper read "Shh." as the letters S, H, H; a person hushing says no letters).
        clean: dict[str, list[np.ndarray]] = {v: [speak(it.get("say", it["text"]), v, tmp) for it in items] for v in voices}
        # Babble and TV come from the set itself, spoken by the other voices (never the same
        # utterance), so the distractor is as speech-like as the target.
        pool_voices = {v: [o for o in voices if o != v] or voices for v in voices}
        for v in voices:
            for snr in snrs:
                folder = args.out / v / snr
                folder.mkdir(parents=True, exist_ok=True)
                for i, it in enumerate(items):
                    audio = clean[v][i]
                    noise_kind = ""
                    if snr != "clean":
                        rng = np.random.default_rng(i * 7919 + int(snr) * 31 + list(VOICES).index(v))
                        # i // 4 as well, so a subset of every 2nd or 4th utterance still
                        # meets every kind of noise at every SNR.
                        noise_kind = NOISES[(i + i // 4 + int(snr)) % len(NOISES)]
                        # Never a crisis sentence as the background: a false crisis must
                        # come from mishearing, not from words really said in the room.
                        others = [clean[o][j] for o in pool_voices[v] for j in range(len(items))
                                  if j != i and not items[j]["crisis"]]
                        audio = mix_at_snr(audio, make_noise(noise_kind, audio.size, rng, others), float(snr))
                    path = folder / f"{i:03d}.wav"
                    write_wav(path, audio, RATE)
                    rows.append({"wav": str(path.relative_to(args.out)), "voice": v, "snr": snr,
                                 "noise": noise_kind, "index": i, **it})
    with (args.out / "index.jsonl").open("w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")
    print(f"Wrote {len(rows)} WAVs to {args.out} ({len(voices)} voices x {len(snrs)} conditions x {len(items)} utterances).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
