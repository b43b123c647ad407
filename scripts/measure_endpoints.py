#!/usr/bin/env python3
"""End of turn, measured: the old fixed silence against the two-stage end (decode at a short
pause, end there only if the words read as finished), on the same audio in the same run.

    PYTHONPATH=. .venv/bin/python scripts/measure_endpoints.py [--voices piper,espeak_us]
        [--snr clean,20,10,5] [--preset normal] [--noise-seconds 120] [--vad webrtc,silero] [--json]

Utterances are rendered with Piper and espeak-ng (scripts/render_spoken_set.py's voices), some
with a pause to think in the middle (0.6, 1.0, 1.8 s, after words that cannot end a sentence),
some whole; noise (white, fan, babble of quiet espeak voices) is mixed in at 20/10/5 dB SNR,
pauses included. Files are fed frame by frame through the real capture code, paced like a
live voice while a decode runs, so a decode's answer lands as late as it would for a person.

Per SNR: turns cut early at a thinking pause, lateness (last word -> turn closed, in audio
time: includes the decode a two-stage end waits for) p50/p95, speech end -> final transcript
p50/p95 (as `bench` has it: from the turn's close, or from when the short pause was reached for
a turn that ended there), last word -> transcript, and how often the whole sentence was in the transcript. On noise-only
audio (white, fan, babble/TV), false turns per hour (turns opened, and those that came out
with words) and the longest a noise turn stayed open. Nothing is written to disk but temp files.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

from render_spoken_set import VOICES, chosen, make_noise, mix_at_snr, speak  # noqa: E402

from voice_companion.audio.capture import cut_turn  # noqa: E402
from voice_companion.audio.format import FRAME_MS, frames  # noqa: E402
from voice_companion.audio.segmenter import ENDPOINT_PRESETS, FIXED_SILENCE, Segmenter  # noqa: E402
from voice_companion.audio.vad import SileroVoice, SpeechDetector  # noqa: E402
from voice_companion.speech.turn_end import sounds_finished, words_of  # noqa: E402

RATE = 16000
# (before the pause, after it). Written for this script: everyday low-mood talk and requests,
# no crisis wording. The first part never reads as finished, so a turn that ends in the pause
# has cut the person off.
PAUSED = [
    ("I have been feeling", "really low all week."),
    ("I keep thinking about", "what my sister said."),
    ("I want to", "try the breathing again."),
    ("It is hard because", "nobody calls me any more."),
    ("Can you help me with", "getting out of bed?"),
    ("I was going to", "go for a walk today."),
    ("My chest feels tight and", "I cannot slow down."),
    ("I think I need", "a minute to rest."),
]
WHOLE = ["Stop.", "Slower, please.", "Help me breathe.", "I can't sleep tonight.", "Yes.",
         "Let's do the grounding exercise.", "Pause.", "I feel a bit better now."]
PAUSES = (0.6, 1.0, 1.8)
SNRS = ("clean", "20", "10", "5")
NOISES = ("white", "fan", "babble")
# Babble: several quiet espeak voices saying ordinary things at once (never the target voice).
BABBLE_LINES = ["The shop closes at six on Sundays.", "We could paint the fence next week.",
                "Did you see the match last night?", "The train was late again this morning.",
                "She left the keys on the kitchen table.", "There's soup in the fridge if you want it."]
BABBLE_VOICES = ("espeak_us", "espeak_scot_fast", "espeak_carib_f", "espeak_rp_f_fast")
LEAD, TRAIL = 0.6, 3.2  # seconds of air before and after (the trail outlasts patient's long pause)


def _trim(audio: np.ndarray) -> np.ndarray:
    loud = np.flatnonzero(np.abs(audio) > 0.02)
    return audio[loud[0] : loud[-1] + 1] if loud.size else audio[:0]


def render(parts: list[np.ndarray], pause: float) -> tuple[np.ndarray, float]:
    """(audio, when the last word ends in seconds)."""
    gap = np.zeros(int(pause * RATE), np.float32)
    body = parts[0] if len(parts) == 1 else np.concatenate([parts[0], gap, parts[1]])
    body = body / max(1e-6, np.abs(body).max()) * 0.5
    audio = np.concatenate([np.zeros(int(LEAD * RATE), np.float32), body, np.zeros(int(TRAIL * RATE), np.float32)])
    return audio.astype(np.float32), LEAD + body.size / RATE


def detector_for(vad: str):
    # "silero": Silero alone; "both": webrtcvad's path and Silero must agree (SpeechDetector(silero=True)).
    if vad == "silero":
        voice = SileroVoice()
        return type("Silero", (), {"is_speech": staticmethod(voice)})()
    return SpeechDetector(2, silero=vad == "both")


def run_turn(stt, audio_frames, method: str, preset: str, vad: str) -> dict:
    """One turn cut from the frames by `method` ("old" one-stage fixed silence, "new" two-stage)."""
    if method == "old":
        seg = Segmenter(silence_seconds=FIXED_SILENCE[preset], max_seconds=30.0)
        kw = {}
    else:
        seg = Segmenter.preset(preset, max_seconds=30.0)
        kw = {"decode": stt.transcribe, "finished": lambda t: sounds_finished(t.raw), "realtime": True}
    turn = cut_turn(audio_frames, detector_for(vad), seg, **kw)
    closed_at = seg.elapsed
    if not turn.heard_speech:
        return {"heard": False, "closed_at": closed_at}
    t = turn.transcript if turn.transcript is not None else stt.transcribe(turn.audio)
    # From the turn's speech end (for one that ended at a short pause: when that pause was long
    # enough) to the transcript in hand: what `bench` calls speech end -> transcript.
    to_transcript = max(0.0, time.perf_counter() - turn.speech_end)
    return {"heard": True, "closed_at": closed_at, "to_transcript": to_transcript, "text": t.text,
            "early": turn.finished_early, "decodes": turn.decodes, "open_seconds": seg.turn_seconds}


def pct(xs: list[float], q: float) -> float | None:
    return round(float(np.percentile(xs, q)), 3) if xs else None


def summarise(rows: list[dict]) -> dict:
    paused = [r for r in rows if r["pause"]]
    ok = [r for r in rows if r["heard"] and not r["cut"]]
    late = [r["closed_at"] - r["speech_end"] for r in ok]
    to_t = [r["to_transcript"] for r in ok]
    word_to_t = [a + b for a, b in zip(late, to_t, strict=True)]
    return {
        "n": len(rows),
        "cut_at_pause": sum(r["cut"] for r in paused), "paused": len(paused),
        "cut_by_pause": {str(p): sum(r["cut"] for r in paused if r["pause"] == p) for p in PAUSES},
        "missed": sum(not r["heard"] for r in rows),
        "late_p50": pct(late, 50), "late_p95": pct(late, 95),
        "close_to_transcript_p50": pct(to_t, 50), "close_to_transcript_p95": pct(to_t, 95),
        "word_to_transcript_p50": pct(word_to_t, 50), "word_to_transcript_p95": pct(word_to_t, 95),
        "whole_heard": round(sum(r["whole"] for r in ok) / max(1, len(ok)), 3),
        "decodes_per_turn": round(float(np.mean([r.get("decodes", 1) or 1 for r in ok])), 2) if ok else None,
    }


def noise_only(stt, kind: str, seconds: float, method: str, preset: str, vad: str, babble_pool) -> dict:
    rng = np.random.default_rng(11 + NOISES.index(kind) if kind in NOISES else 99)
    n = int(seconds * RATE)
    noise = make_noise("tv" if kind == "tv" else kind, n, rng, babble_pool)
    if kind == "babble":
        # Several quiet voices at once, a room away: each other voice sums in at its own offset.
        noise = sum(np.roll(make_noise("babble", n, rng, babble_pool), int(rng.integers(0, n))) for _ in range(2))
    # The level of the noise in the 10 dB SNR recordings (speech peaking at 0.5 has RMS ~0.1).
    noise = (noise / np.sqrt(np.mean(np.square(noise)) + 1e-12) * 0.1 / 10 ** (10 / 20)).astype(np.float32)
    it = frames(noise)
    opened, worded, longest = 0, 0, 0.0
    fed = 0.0
    while fed < seconds - 0.1:
        r = run_turn(stt, it, method, preset, vad)
        fed += r["closed_at"]
        if not r["heard"]:
            break
        opened += 1
        worded += bool(r["text"])
        longest = max(longest, r["open_seconds"])
    hours = seconds / 3600
    return {"opened_per_hour": round(opened / hours, 1), "worded_per_hour": round(worded / hours, 1),
            "longest_open_s": round(longest, 2)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--voices", default="piper,espeak_us", help=f"comma list of {', '.join(VOICES)}")
    ap.add_argument("--snr", default=",".join(SNRS), help="comma list of clean, 20, 10, 5")
    ap.add_argument("--preset", default="normal", choices=tuple(ENDPOINT_PRESETS))
    ap.add_argument("--vad", default="webrtc", help="comma list of webrtc, silero, both (speech/non-speech judge)")
    ap.add_argument("--noise-seconds", type=float, default=120.0, help="noise-only audio per kind (0 = skip)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    voices, snrs = chosen(args.voices, args.snr)
    vads = [v for v in args.vad.split(",") if v]
    for v in vads:
        if v not in ("webrtc", "silero", "both"):
            raise SystemExit(f"--vad: {v!r} is not webrtc, silero or both")
    if shutil.which("espeak-ng") is None:
        raise SystemExit("espeak-ng is not installed: run scripts/setup.sh --test")

    from voice_companion.models import whisper_dir
    from voice_companion.speech.stt import SpeechToText

    stt = SpeechToText(whisper_dir())
    stt.transcribe(np.zeros(RATE, np.float32))  # the first decode is slow everywhere: not the endpointer's
    methods = [("old", "webrtc")] + [("new", v) for v in vads]
    results: dict = {"preset": args.preset, "fixed_silence": FIXED_SILENCE[args.preset],
                     "two_stage": list(ENDPOINT_PRESETS[args.preset]), "by_snr": {}, "noise_only": {}}
    with tempfile.TemporaryDirectory() as tmpd:
        tmp = Path(tmpd)
        babble_pool = [_trim(speak(line, v, tmp)) * 0.5 for line in BABBLE_LINES for v in BABBLE_VOICES]
        utterances = []  # (voice, text, parts)
        for v in voices:
            for head, tail in PAUSED:
                utterances.append((v, f"{head} {tail}", [_trim(speak(head, v, tmp)), _trim(speak(tail, v, tmp))]))
            for line in WHOLE:
                utterances.append((v, line, [_trim(speak(line, v, tmp))]))
        rows: dict[tuple[str, str], list[dict]] = {}
        for snr in snrs:
            for k, (_v, text, parts) in enumerate(utterances):
                for pause in PAUSES if len(parts) == 2 else (0.0,):
                    audio, speech_end = render(parts, pause)
                    if snr != "clean":
                        rng = np.random.default_rng(k * 7919 + int(snr) * 31 + int(pause * 10))
                        kind = NOISES[(k + int(pause * 10) + int(snr)) % len(NOISES)]
                        audio = mix_at_snr(audio, make_noise(kind, audio.size, rng, babble_pool), float(snr))
                    cut_frames = list(frames(audio))
                    last = set(words_of(text)[-1:])
                    for method, vad in methods:
                        r = run_turn(stt, iter(cut_frames), method, args.preset, vad)
                        r.update(pause=pause, speech_end=speech_end,
                                 cut=r["heard"] and r["closed_at"] < speech_end - FRAME_MS / 1000,
                                 whole=bool(last & set(words_of(r.get("text", "")))))
                        rows.setdefault((snr, f"{method}-{vad}"), []).append(r)
            print(f"  {snr}: {len(utterances)} utterances done", file=sys.stderr)
        for (snr, name), rs in rows.items():
            results["by_snr"].setdefault(snr, {})[name] = summarise(rs)
        if args.noise_seconds > 0:
            for kind in ("white", "fan", "babble", "tv"):
                for method, vad in methods:
                    results["noise_only"].setdefault(kind, {})[f"{method}-{vad}"] = noise_only(
                        stt, kind, args.noise_seconds, method, args.preset, vad, babble_pool)
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print(f"end of turn, preset {args.preset}: old = fixed {results['fixed_silence']} s silence; "
          f"new = {results['two_stage'][0]} s if the words read as finished, else {results['two_stage'][1]} s")
    print(f"{'snr':<6}{'method':<14}{'cut/paused':>11}{'missed':>7}{'late p50':>9}{'p95':>6}"
          f"{'close>tr p50':>13}{'p95':>6}{'word>tr p50':>12}{'p95':>6}{'whole':>7}")
    for snr, by in results["by_snr"].items():
        for name, s in by.items():
            print(f"{snr:<6}{name:<14}{s['cut_at_pause']:>5}/{s['paused']:<5}{s['missed']:>7}{_f(s['late_p50']):>9}"
                  f"{_f(s['late_p95']):>6}{_f(s['close_to_transcript_p50']):>13}{_f(s['close_to_transcript_p95']):>6}"
                  f"{_f(s['word_to_transcript_p50']):>12}{_f(s['word_to_transcript_p95']):>6}{s['whole_heard']:>7.2f}")
        print(f"{'':<6}cut by pause length (0.6/1.0/1.8 s): "
              + "; ".join(f"{n} " + "/".join(str(v) for v in s["cut_by_pause"].values()) for n, s in by.items()))
    if results["noise_only"]:
        print(f"\nnoise only ({args.noise_seconds:.0f} s each, at the 10 dB recordings' noise level): "
              "turns opened / with words, per hour; longest open")
        for kind, by in results["noise_only"].items():
            print(f"{kind:<8}" + "   ".join(f"{n} {s['opened_per_hour']:.0f}/{s['worded_per_hour']:.0f} "
                                              f"({s['longest_open_s']:.1f} s)" for n, s in by.items()))
    return 0


def _f(v) -> str:
    return "-" if v is None else f"{v:.2f}"


if __name__ == "__main__":
    raise SystemExit(main())
