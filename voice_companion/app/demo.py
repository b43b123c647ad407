"""`voice-companion demo`: a short conversation from recorded utterances, through the real
speech recognition, language model and voice, with each turn's timings."""

from __future__ import annotations

from pathlib import Path

from voice_companion.app.runtime import load_exercises, load_stt, load_tts, make_companion, make_llm, make_voice_channel
from voice_companion.config import Config


def demo_dir() -> Path:
    from voice_companion.shipped import shipped_dir

    return shipped_dir("demo")


def demo_utterances() -> list[Path]:
    return sorted(demo_dir().glob("*.wav"))


def run_conversation(cfg: Config, wavs: list[Path], *, tts, stt, llm, catalog, to_wav: bool, on_turn=None):
    """Each WAV is one turn. Returns the companion (its channel holds the timelines)."""
    channel = make_voice_channel(cfg, tts=tts, stt=stt, input_wavs=wavs, to_wav=to_wav)
    companion = make_companion(cfg, channel, catalog=catalog, llm=llm, fast=True)
    companion.greet()
    companion.announce_backend()
    if on_turn:
        on_turn(0, None, channel, companion)
    for n in range(1, len(wavs) + 1):
        if not companion.running:
            break
        text = channel.listen(10.0)
        if text is not None:
            companion.handle(text)
        if on_turn:
            on_turn(n, text, channel, companion)
    return companion


def run_demo(cfg: Config, out_dir: Path | None = None) -> int:
    wavs = demo_utterances()
    if not wavs:
        print(f"No demo recordings in {demo_dir()}.")
        return 2
    tts, stt, llm = load_tts(cfg), load_stt(cfg), make_llm(cfg)
    catalog, _ = load_exercises()
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)

    def on_turn(n, text, channel, companion):
        if n == 0:
            print(f"[LLM] {llm.announcement or 'none'}")
        else:
            tl = channel.timelines.current
            stages = ", ".join(f"{k} {v:.2f}s" for k, v in tl.since_speech_end().items())
            print(f"\nturn {n}: you said: {text!r}\n  route: {tl.route or '-'}; after speech end: {stages or '-'}")
        if out_dir is not None:
            path = channel.sink.save(out_dir / f"{n:02d}-{'greeting' if n == 0 else 'reply'}.wav")
            if path is not None:
                print(f"  wrote {path}")

    print(f"Demo: {len(wavs)} recorded utterances from {demo_dir()}")
    run_conversation(cfg, wavs, tts=tts, stt=stt, llm=llm, catalog=catalog, to_wav=out_dir is not None, on_turn=on_turn)
    return 0
