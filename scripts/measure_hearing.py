#!/usr/bin/env python3
"""Measure hearing through the real path: WAV -> SpeechToText -> crisis gate + router (decide).

    python scripts/render_spoken_set.py --out DIR          # once
    python scripts/measure_hearing.py --set DIR --model tiny.en [--voices ..] [--snr ..] [--json OUT]

One recogniser configuration per run (so RSS is that recogniser's). Prints a table per voice and
SNR: WER, crisis recall, false crises, intent accuracy, stop/pause accuracy ("quiet": stopped,
paused, or went quiet at once to ask "did you say stop?"), how often it would
ask (doubtful transcripts) and the recall once a doubtful possible crisis gets the safety
question; then latency p50/p95 and peak RSS. The first row, "text", is the same gate and router
on the reference text: the ceiling the spoken rows are held to.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from voice_companion.app.runtime import load_exercises  # noqa: E402
from voice_companion.audio.format import load_for_stt  # noqa: E402
from voice_companion.models import WHISPER_SOURCES, whisper_dir  # noqa: E402
from voice_companion.routing.commands import COMMANDS  # noqa: E402
from voice_companion.routing.decision import decide  # noqa: E402
from voice_companion.routing.router import ExerciseInfo, Router  # noqa: E402
from voice_companion.safety.crisis import CrisisGate  # noqa: E402
from voice_companion.speech.hearing import ask_before_acting, inside_of, second_opinion  # noqa: E402
from voice_companion.speech.stt import COMMAND_HOTWORDS, EXERCISE_VOCABULARY, SpeechToText  # noqa: E402

_NUM = {"1": "one", "2": "two", "3": "three", "4": "four", "5": "five", "7": "seven", "8": "eight"}


def norm_words(text: str) -> list[str]:
    text = text.lower().replace("-", " ").replace("’", "'")
    text = re.sub(r"[^a-z0-9' ]", " ", text)
    out = []
    for w in text.split():
        w = w.strip("'")
        if w in ("um", "uh", "shh", "shush", "sh", "hush"):
            w = "shh"
        out.extend(" ".join(_NUM.get(c, c) for c in w).split() if w.isdigit() else [w])
    return out


def edit_distance(a: list[str], b: list[str]) -> int:
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        cur = [i]
        for j, y in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x != y)))
        prev = cur
    return prev[-1]


def make_router() -> Router:
    catalog, _ = load_exercises(say_problem=lambda m: None)
    return Router([ExerciseInfo(e.id, e.category, e.title, tuple(e.triggers)) for e in catalog.values()])


COMMAND_INTENTS = ("stop", "pause", "resume", "repeat", "slower", "faster", "louder", "quieter", "skip",
                   "not_helping", "time_left")


def judge(text: str, item: dict, router: Router, doubtful: bool = False, alternatives: tuple[str, ...] = ()) -> dict:
    d = decide(text, CrisisGate(), router)  # a fresh gate: each utterance opens a conversation
    # The set's commands are the ones said mid-exercise; the asking policy is judged in that
    # context for them (decide itself sees exactly what `voice-companion route` sees).
    ask = ask_before_acting(doubtful=doubtful, intent=d.intent, crisis=d.crisis,
                            might_be_crisis=doubtful and not d.crisis
                            and second_opinion(text, tuple(alternatives), claimed=d.intent in COMMANDS) is not None,
                            exercise_active=item["intent"] in COMMAND_INTENTS, words=len(text.split()),
                            inside=inside_of(text, d.intent, doubtful))
    return {"crisis_pred": d.crisis, "intent_pred": d.intent, "ask": ask.kind if ask else "",
            "hold": bool(ask and ask.hold)}


def summarise(rows: list[dict]) -> dict:
    pos = [r for r in rows if r["crisis"]]
    neg = [r for r in rows if not r["crisis"]]
    sp = [r for r in rows if r["intent"] in ("stop", "pause")]
    cmd = [r for r in rows if r["intent"] not in ("crisis", "talk", "breathing", "grounding", "get_out_of_bed")]
    ref_words = sum(len(norm_words(r["text"])) for r in rows)
    errs = sum(edit_distance(norm_words(r["text"]), norm_words(r.get("heard", r["text"]))) for r in rows)
    # What the person actually meets: a crisis is caught, or (doubtful) asked about directly.
    caught = [r for r in pos if r["crisis_pred"] or r["ask"] == "safety"]
    # A command acted on wrongly: neither right nor asked about.
    wrong_cmd = [r for r in cmd if r["intent_pred"] != r["intent"] and not r["ask"]]
    return {
        "n": len(rows),
        "wer": errs / max(1, ref_words),
        "recall": sum(r["crisis_pred"] for r in pos) / max(1, len(pos)),
        "recall_ask": len(caught) / max(1, len(pos)),
        "false_crises": sum(r["crisis_pred"] for r in neg),
        "intent_acc": sum(r["intent_pred"] == r["intent"] for r in rows) / len(rows),
        "stop_pause": sum(r["intent_pred"] == r["intent"] for r in sp) / max(1, len(sp)),
        # What the person meets: it stopped or paused, or it went quiet at once to ask about it.
        "silenced": sum(r["intent_pred"] in ("stop", "pause") or r.get("hold", False) for r in sp) / max(1, len(sp)),
        "ask_rate": sum(bool(r["ask"]) for r in rows) / len(rows),
        "wrong_cmd": len(wrong_cmd) / max(1, len(cmd)),
    }


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))] if xs else float("nan")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--set", type=Path, required=True, help="folder written by render_spoken_set.py")
    ap.add_argument("--model", default="tiny.en", choices=tuple(WHISPER_SOURCES))
    ap.add_argument("--beam", type=int, default=1)
    ap.add_argument("--hint", action="store_true", help="initial_prompt with the exercise vocabulary")
    ap.add_argument("--vad", action="store_true", help="faster-whisper's Silero VAD filter")
    ap.add_argument("--hotwords", action="store_true", help="faster-whisper hotwords: the silencing commands")
    ap.add_argument("--no-words", action="store_true", help="no word probabilities (no word timestamps)")
    ap.add_argument("--alternatives", type=int, default=4, help="other readings looked for when doubtful (0: none)")
    ap.add_argument("--voices", default="", help="comma list; default all in the set")
    ap.add_argument("--snr", default="", help="comma list of clean,20,10,5; default all")
    ap.add_argument("--intents", default="", help="comma list of the set's intents (e.g. stop,pause); default all")
    ap.add_argument("--every", type=int, default=1, help="take every Nth utterance (a bounded subset)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--json", type=Path, help="append the per-utterance rows and the summary here")
    ap.add_argument("--rescore", type=Path, help="re-judge the transcripts saved in a --json file (no audio, no model)")
    args = ap.parse_args(argv)
    if args.rescore:
        return rescore(args.rescore)
    index = args.set / "index.jsonl"
    if not index.is_file():
        raise SystemExit(f"{index} not found: run scripts/render_spoken_set.py --out {args.set} first")
    items = [json.loads(line) for line in index.read_text().splitlines() if line.strip()]
    voices = set(filter(None, args.voices.split(",")))
    snrs = set(filter(None, args.snr.split(",")))
    intents = set(filter(None, args.intents.split(",")))
    items = [it for it in items if (not voices or it["voice"] in voices) and (not snrs or it["snr"] in snrs)
             and (not intents or it["intent"] in intents) and it["index"] % args.every == 0]
    if not items:
        raise SystemExit("no utterances match --voices/--snr")
    router = make_router()
    label = (f"{args.model} beam{args.beam}{' hint' if args.hint else ''}{' vad' if args.vad else ''}"
             f"{' hotwords' if args.hotwords else ''}")

    text_rows = {}
    for it in items:
        if it["index"] not in text_rows:
            text_rows[it["index"]] = {**it, "heard": it["text"], **judge(it["text"], it, router)}

    stt = SpeechToText(whisper_dir(model=args.model), language="en", beam_size=args.beam, threads=args.threads,
                       hint=EXERCISE_VOCABULARY if args.hint else "", vad_filter=args.vad,
                       word_confidence=not args.no_words, alternatives=args.alternatives,
                       hotwords=COMMAND_HOTWORDS if args.hotwords else "")
    stt.transcribe(load_for_stt(args.set / items[0]["wav"]))  # warm-up, not timed
    rows, secs = [], []
    for it in items:
        audio = load_for_stt(args.set / it["wav"])
        t = time.perf_counter()
        tr = stt.transcribe(audio)
        secs.append(time.perf_counter() - t)
        rows.append({**it, "heard": tr.text, "doubtful": tr.doubtful, "conf": tr.as_json(),
                     **judge(tr.text, it, router, tr.doubtful, tr.alternatives)})
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    summary = {"config": label, "p50": pct(secs, .5), "p95": pct(secs, .95), "rss_mb": rss_mb}
    summary["groups"] = report(summary, rows, list(text_rows.values()))
    if args.json:
        with args.json.open("a", encoding="utf-8") as f:
            f.write(json.dumps({"summary": summary, "rows": rows}) + "\n")
    return 0


def rescore(path: Path) -> int:
    """The decision and the asking policy again, on the transcripts of an earlier run: for
    changes to the rules or the policy, without decoding the audio again."""
    router = make_router()
    for line in path.read_text().splitlines():
        run = json.loads(line)
        rows = [{**r, **judge(r["heard"], r, router, r["doubtful"], tuple(r["conf"].get("alternatives", ())))}
                for r in run["rows"]]
        texts = {r["index"]: {**r, "heard": r["text"], **judge(r["text"], r, router)} for r in rows}
        report(run["summary"], rows, list(texts.values()))
    return 0


def report(summary: dict, rows: list[dict], text_rows: list[dict]) -> dict:
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for r in rows:
        groups[(r["voice"], r["snr"])].append(r)
        groups[("ALL", r["snr"])].append(r)
    print(f"# {summary['config']}: {len(rows)} utterances, latency p50 {summary['p50']:.2f}s "
          f"p95 {summary['p95']:.2f}s, peak RSS {summary['rss_mb']:.0f} MB")
    head = f"{'voice':18} {'snr':5} {'n':>3} {'WER':>5} {'recall':>6} {'+ask':>5} {'falseC':>6} {'intent':>6} {'stop/p':>6} {'quiet':>5} {'asks':>5} {'wrongcmd':>8}"
    print(head)
    out = {}
    for key, grp in [(("text", "-"), text_rows)] + sorted(groups.items()):
        s = summarise(grp)
        out["/".join(key)] = s
        print(f"{key[0]:18} {key[1]:5} {s['n']:>3} {s['wer']:5.2f} {s['recall']:6.2f} {s['recall_ask']:5.2f} "
              f"{s['false_crises']:>6} {s['intent_acc']:6.2f} {s['stop_pause']:6.2f} {s['silenced']:5.2f} {s['ask_rate']:5.2f} {s['wrong_cmd']:8.2f}")
    return out


if __name__ == "__main__":
    raise SystemExit(main())
