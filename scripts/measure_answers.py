"""Questions about the exercises, through the real session loop: are they answered with the
file's facts, is a question ever taken for a request (or a request answered with a lecture),
and how long the deterministic answer takes after the transcript.

    .venv/bin/python scripts/measure_answers.py                 # deterministic path, no model
    .venv/bin/python scripts/measure_answers.py --llm           # open questions + talk prompts through the embedded model
    .venv/bin/python scripts/measure_answers.py --llm --talk-limit 20 --open-limit 6

Question set: tests/data/exercise_questions.jsonl (text, exercise, kind, must, must_not,
optional current = the exercise just done). Held out, never tuned on:
tests/data/exercise_questions_heldout.jsonl (--file ... --kinds open). Talk prompts:
tests/data/talk_prompts.txt. Open questions also count how many were answered with the file's
nearest line (no model) and how many model yeses that line denies were replaced.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"


def rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def voiced_channel(tts):
    """The scripted person, and a voice that makes the first line it is given with the real Piper
    voice sentence by sentence, as the voice channel does, noting when the answer's first words
    were ready (text) and when their first audio was (first_audio), from `t0`."""
    from voice_companion.app.replay import ScriptChannel
    from voice_companion.conversation.speech_text import speakable

    class Voiced(ScriptChannel):
        def __init__(self) -> None:
            super().__init__([])  # the script is empty: an offer's question hears silence
            self.t0 = self.text = self.first_audio = None

        def say(self, line: str) -> None:
            super().say(line)
            if self.t0 is None or self.text is not None:
                return
            self.text = time.perf_counter() - self.t0
            if tts is None:
                return
            for piece in tts.stream(speakable(line)):
                # The rest of the line is made while the first piece plays; waiting for it here
                # keeps the next question from sharing the voice with this one.
                self.first_audio = self.first_audio or time.perf_counter() - self.t0

    return Voiced()


def run_turn(text: str, catalog, backend=None, current: str | None = None, tts=None):
    """One utterance through Companion.handle: (lines said, exercise started or None, seconds,
    channel); the channel's text and first_audio time the first line of the answer."""
    from voice_companion.app.replay import FixedHolder
    from voice_companion.conversation.companion import Companion, SessionOptions

    channel = voiced_channel(tts)
    started: list[str] = []
    logged: list[str] = []

    def log(line: str) -> None:
        logged.append(line)  # the session's own log: which path answered (never the person's words)
        if line.startswith("exercise: "):
            started.append(line.split(": ", 1)[1])

    # Midday: the late-night note would otherwise end every reply and hide how the reply itself ends.
    noon = lambda: datetime.datetime.now().replace(hour=12, minute=0)
    companion = Companion(channel, catalog, llm=FixedHolder(backend), options=SessionOptions(fast=True, wall_clock=noon), log=log)
    companion.topic = current
    channel.blocked = []  # the output guard's reasons, this turn (safety.log's "guard" events)
    keep = companion._safety_log
    companion._safety_log = lambda event, detail: (channel.blocked.append(detail) if event == "guard" else None, keep(event, detail))
    if tts is not None:
        tts._cache.clear()  # asked for the first time: nothing of the answer is made yet
    t0 = channel.t0 = time.perf_counter()
    companion.handle(text)
    seconds = time.perf_counter() - t0
    channel.logged = logged
    return channel.said, (started[0] if started else None), seconds, channel


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


_DIGITS = "zero one two three four five six seven eight nine ten".split()


def _said(text: str) -> str:
    """Lower case, one kind of apostrophe, small numbers as words ("5 sighs" says "five")."""
    text = text.lower().replace("’", "'")
    return re.sub(r"(?<![\w.])(\d|10)(?![\w.])", lambda m: _DIGITS[int(m.group(1))], text)


def has(text: str, fact: str | list[str]) -> bool:
    """A fact as whole words ("no" is not in "nose"; "sigh" is in "sighing"); a list is any-of
    ("sitting" or "lying")."""
    if isinstance(fact, list):
        return any(has(text, f) for f in fact)
    pattern = rf"(?<![\w-]){re.escape(_said(fact))}(?:s|es|ing|ed)?(?![\w-])"
    return re.search(pattern, _said(text)) is not None


def measure_questions(catalog, items, backend=None, verbose=False, tts=None) -> dict:
    from voice_companion.exercise import answers
    from voice_companion.routing.router import ExerciseInfo, Router

    router = Router([ExerciseInfo(e.id, e.category, e.title, tuple(e.triggers)) for e in catalog.values()])
    det_ok = det_n = confused = open_ok = open_n = open_contra = open_line = open_yes_caught = 0
    latencies: list[float] = []
    first_audio: list[float] = []
    problems: list[str] = []
    for item in items:
        text, want = item["text"], item["kind"]
        current = item.get("current")
        q = answers.ask(text, lambda t, current=current: router.named_exercise(t, prefer=current), current=current,
                        current_exercise=catalog.get(current) if current else None)
        if want == "request":
            said, started, _, _ = run_turn(text, catalog)
            if q is not None or started != item["exercise"]:
                confused += 1
                problems.append(f"request {text!r}: question={q} started={started}")
            continue
        if want == "open" and backend is None:
            if q is None or q.kind != "open" or q.exercise != item["exercise"]:
                confused += q is None
                problems.append(f"open {text!r}: got {q}")
            continue
        recorder = Recorder(backend) if want == "open" and backend is not None else None
        said, started, seconds, channel = run_turn(text, catalog, recorder, item.get("current"),
                                                   tts=None if want == "open" else tts)
        spoken = " ".join(said)
        if started is not None:
            confused += 1
            problems.append(f"question {text!r} STARTED {started}")
            continue
        said_wrong = any(has(spoken, f) for f in item["must_not"])
        facts_ok = all(has(spoken, f) for f in item["must"]) and not said_wrong
        # Spoken against the file: a must_not phrase, or what the live check itself would catch.
        contradiction = said_wrong or any(answers.contradicts(s, catalog[item["exercise"]]) for s in said)
        if want == "open":
            open_n += 1
            open_line += any("file's nearest line" in line for line in channel.logged)
            open_yes_caught += any("yes against the file" in line for line in channel.logged)
            open_ok += facts_ok and not contradiction
            open_contra += contradiction
            if verbose or not facts_ok or contradiction:
                mark = "ok  " if facts_ok and not contradiction else ("CONTRA" if contradiction else "MISS")
                problems.append(f"{mark} open {text!r}: {spoken!r}" + (f"\n        raw: {recorder.raw!r}" if verbose else ""))
            continue
        det_n += 1
        latencies.append(channel.text if channel.text is not None else seconds)
        if channel.first_audio is not None:
            first_audio.append(channel.first_audio)
        if q is None or q.kind != want or q.exercise != item["exercise"] or not facts_ok or contradiction:
            problems.append(f"{want} {text!r}: got {q}, said {spoken[:160]!r}")
        else:
            det_ok += 1
    n_all = len(items) - (0 if backend is not None else sum(i["kind"] == "open" for i in items))
    return {"deterministic": (det_ok, det_n), "confused": (confused, len(items)), "open": (open_ok, open_n, open_contra), "open_paths": (open_line, open_yes_caught),
            "latency": latencies, "first_audio": first_audio,
            "problems": problems, "n_scored": n_all}


# --- talk prompts through the model: whole replies, no self-led exercises, no unasked starts ---

# A colon or comma at the end, or a list number ("2."): "call 911." is a whole sentence.
_DANGLING = re.compile(r"(?:[:,;\-–—]\s*$|(?:^|\s)\d{1,2}[.)]\s*$)")


class Recorder:
    """The backend, keeping each reply's raw text: the old shaping is replayed on the same words."""

    def __init__(self, backend) -> None:
        self.backend, self.raw = backend, ""

    def __getattr__(self, name):
        return getattr(self.backend, name)

    def stream_chat(self, messages, cancel=None, slow_after=None, temperature=None):
        # The same arguments the live reply passes the backend ("still thinking", the facts' temperature).
        self.raw = ""
        extra = {k: v for k, v in (("slow_after", slow_after), ("temperature", temperature)) if v is not None}
        for delta in self.backend.stream_chat(messages, cancel=cancel, **extra):
            if not isinstance(delta, str):
                yield delta  # SLOW: not text
                continue
            self.raw += delta
            yield delta


def old_shaping(raw: str, limit: int = 3) -> list[str]:
    """What the session said before this change: split, cleaned, cut at three pieces."""
    from voice_companion.conversation.sentences import SentenceSplitter
    from voice_companion.conversation.speech_text import for_speech

    splitter = SentenceSplitter(early_first_clause=True)
    out = []
    for piece in splitter.feed(raw) + splitter.flush():
        s = for_speech(piece)
        if any(c.isalnum() for c in s):
            out.append(s)
        if len(out) >= limit:
            break
    return out


def _whole(said: list[str]) -> bool:
    last = said[-1].strip() if said else ""
    return bool(last) and not _DANGLING.search(last) and last.rstrip("\"')").endswith((".", "!", "?", "…"))


def _leads(sentence: str) -> bool:
    """The model leading an exercise itself (a question is an offer)."""
    from voice_companion.conversation.reply_shape import _SELF_LED

    return bool(_SELF_LED.match(sentence)) and not sentence.rstrip(" \"')").endswith("?")


def measure_talk(catalog, backend, prompts, verbose=False) -> dict:
    from voice_companion.routing.decision import decide
    from voice_companion.routing.router import ExerciseInfo, Router
    from voice_companion.safety.crisis import CrisisGate

    router = Router([ExerciseInfo(e.id, e.category, e.title, tuple(e.triggers)) for e in catalog.values()])
    recorder = Recorder(backend)
    dangling = self_led = unasked = 0
    blocked: dict[str, int] = {}
    before = {"dangling": 0, "self_led": 0, "unasked": 0, "n": 0}
    firsts: list[float] = []
    for text in prompts:
        recorder.raw = None
        said, started, seconds, channel = run_turn(text, catalog, recorder)
        firsts.append(seconds)
        bad = []
        for reason in channel.blocked:
            blocked[reason] = blocked.get(reason, 0) + 1
            bad.append(f"guard:{reason}")
        if not _whole(said):
            dangling += 1
            bad.append("dangling")
        if any(_leads(s) for s in said):
            self_led += 1
            bad.append("self-led")
        if started is not None:
            unasked += 1
            bad.append(f"started {started}")
        # Before: the old code started any exercise the router named; else the model's words.
        if decide(text, CrisisGate(), router).intent in ("breathing", "grounding", "get_out_of_bed"):
            before["unasked"] += 1
        elif recorder.raw is not None:
            old = old_shaping(recorder.raw)
            before["n"] += 1
            before["dangling"] += not _whole(old)
            before["self_led"] += any(_leads(s) for s in old)
        if verbose or bad:
            print(f"  {'/'.join(bad) or 'ok':<12} {text!r} -> {' | '.join(said)}")
            if recorder.raw:
                print(f"  {'':<12} raw: {recorder.raw!r}")
    return {"n": len(prompts), "dangling": dangling, "self_led": self_led, "unasked": unasked, "blocked": blocked,
            "mean_turn_s": sum(firsts) / max(1, len(firsts)), "before": before}


def prompt_cost(backend, catalog, gguf: Path) -> None:
    """What the exercise list costs: its tokens, the start-up warm-up (the whole system prompt
    read once) and a turn after it (the cached prefix: only the new turn is read)."""
    from voice_companion.exercise import answers
    from voice_companion.llm.prompt import build_messages

    try:
        from llama_cpp import Llama

        vocab = Llama(str(gguf), vocab_only=True, verbose=False)
        count = lambda s: len(vocab.tokenize(s.encode()))
    except Exception:  # noqa: BLE001 - a rough count is still worth printing
        count = lambda s: len(s) // 4
    for label, cat in (("without the exercise list", ""), ("with the exercise list", answers.catalog_text(catalog))):
        system = build_messages([], "", catalog=cat)[0]["content"]
        print(f"  system prompt {label}: {len(system)} chars, {count(system)} tokens")
    # Fresh model: the list's own cost is the second warm-up (the first one's prompt is its prefix).
    old = build_messages([], "")[0]["content"]
    new = build_messages([], "", catalog=answers.catalog_text(catalog))[0]["content"]
    backend.warm("Hi.")  # loads the model: not the prompt's cost
    t0 = time.perf_counter()
    backend.warm(old)
    t_old = time.perf_counter() - t0
    t0 = time.perf_counter()
    backend.warm(new)
    t_list = time.perf_counter() - t0
    t0 = time.perf_counter()
    first = None
    for _ in backend.stream_chat(build_messages([], "hello", catalog=answers.catalog_text(catalog))):
        first = first or time.perf_counter() - t0
    print(f"  start-up: the prompt without the list {t_old:.1f} s, the list on top {t_list:.1f} s (once, at warm-up); "
          f"first token of a turn after it: {first or 0:.2f} s (the prefix is cached)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--file", type=Path, default=DATA / "exercise_questions.jsonl")
    ap.add_argument("--talk", type=Path, default=DATA / "talk_prompts.txt")
    ap.add_argument("--llm", action="store_true", help="load the embedded model for open questions and the talk prompts")
    ap.add_argument("--model", type=Path, default=None, help="a GGUF file (default: the built-in model)")
    ap.add_argument("--talk-limit", type=int, default=0, help="only the first N talk prompts (0: all)")
    ap.add_argument("--kinds", default="", help="only these question kinds, comma-separated (e.g. open)")
    ap.add_argument("--no-talk", action="store_true", help="skip the talk prompts")
    ap.add_argument("--no-voice", action="store_true", help="time the answers' text only, without making their audio")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    model_path = None
    if args.llm:
        from voice_companion.models import gguf_path

        model_path = args.model or gguf_path(assemble=False)  # found in the user's data dir, before it is swapped
    os.environ["VOICE_COMPANION_DATA_DIR"] = tempfile.mkdtemp(prefix="vc-measure-")  # sessions never touch the user's own

    from voice_companion.app.runtime import load_exercises

    catalog, _ = load_exercises(lambda m: None)
    backend = None
    if args.llm:
        from voice_companion.llm.embedded import EmbeddedBackend

        path = model_path
        backend = EmbeddedBackend(path, threads=1)
        print(f"model: {Path(path).name}")
    if backend is not None and not args.kinds:
        prompt_cost(backend, catalog, Path(path))
    items = rows(args.file)
    if args.kinds:
        items = [i for i in items if i["kind"] in args.kinds.split(",")]
    tts = None
    if not args.no_voice:
        from voice_companion.config import DEFAULTS
        from voice_companion.models import voice_path
        from voice_companion.speech.tts import TextToSpeech

        tts = TextToSpeech(voice_path(DEFAULTS["tts"]["voice"]), rate=DEFAULTS["tts"]["rate"])
        tts.synthesize("Hello.")  # the live loop has spoken its greeting before any question
    r = measure_questions(catalog, items, backend, args.verbose, tts=tts)
    ok, n = r["deterministic"]
    c, total = r["confused"]
    print(f"questions: {len(items)} ({sum(i['kind'] == 'request' for i in items)} of them requests)")
    print(f"  fact accuracy, deterministic path: {ok}/{n} = {100 * ok / max(1, n):.1f}%")
    print(f"  question-vs-request confusion:     {c}/{total} = {100 * c / max(1, total):.1f}%")
    if r["latency"]:
        print(f"  deterministic answer after transcript: text p50 {pct(r['latency'], 50):.3f} s, p95 {pct(r['latency'], 95):.3f} s, "
              f"max {max(r['latency']):.3f} s")
    if r["first_audio"]:
        print(f"  first audio (the first sentence made by the Piper voice, nothing cached): p50 {pct(r['first_audio'], 50):.3f} s, "
              f"p95 {pct(r['first_audio'], 95):.3f} s, max {max(r['first_audio']):.3f} s (n={len(r['first_audio'])})")
    if backend is not None:
        ok_o, n_o, contra = r["open"]
        line, caught = r["open_paths"]
        print(f"  open questions through the model: {ok_o}/{n_o} with the facts, {contra} contradictions spoken "
              f"({line} answered with the file's nearest line, without the model; {caught} model yeses the file's line denies, replaced)")
    for p in r["problems"]:
        print("   -", p)
    if backend is not None and args.talk.exists() and not args.no_talk:
        prompts = [line.strip() for line in args.talk.read_text().splitlines() if line.strip() and not line.startswith("#")]
        if args.talk_limit:
            prompts = prompts[: args.talk_limit]
        t = measure_talk(catalog, backend, prompts, args.verbose)
        print(f"talk prompts: {t['n']}: dangling endings {t['dangling']}, self-led exercises {t['self_led']}, "
              f"unasked starts {t['unasked']}; mean turn {t['mean_turn_s']:.1f} s")
        print(f"  model sentences the output guard replaced: {sum(t['blocked'].values())} {t['blocked'] or ''}")
        b = t["before"]
        print(f"  the old shaping on the same model words ({b['n']} replies the model wrote): dangling {b['dangling']}, "
              f"self-led {b['self_led']}; the old routing started {b['unasked']} exercises unasked")
    return 0


if __name__ == "__main__":
    sys.exit(main())
