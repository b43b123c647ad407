"""Exercise scripts as data: the model, the TOML loader and a validator with precise errors.

The files are written and edited by counsellors, not programmers, so every error names the file,
the exercise, the step (counted from 1, as a person counts) and the field, and says what was
expected. A broken file must never take the other exercises down with it (see load_catalog).
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CATEGORIES = ("breathing", "grounding", "get_out_of_bed", "check_in")
PHASES = ("in", "hold", "out")
EXPECTS = ("any", "yes_no", "done")
# Branch targets that are not step names.
JUMP_NEXT = "next"
JUMP_END = "end"

DEFAULT_ASK_TIMEOUT = 25.0
DEFAULT_MAX_REPROMPTS = 2
DEFAULT_REPROMPT = "Take your time. I'm here."

_SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")


class ExerciseError(Exception):
    """One problem in one exercise file, located as precisely as we can."""

    def __init__(
        self,
        file: Path | str,
        message: str,
        *,
        exercise_id: str | None = None,
        step: int | None = None,
        field: str | None = None,
    ) -> None:
        self.file = Path(file)
        self.message = message
        self.exercise_id = exercise_id
        self.step = step
        self.field = field
        super().__init__(str(self))

    def __str__(self) -> str:
        where = []
        if self.exercise_id:
            where.append(f"exercise '{self.exercise_id}'")
        if self.step is not None:
            where.append(f"step {self.step}")
        if self.field:
            where.append(f"field '{self.field}'")
        head = _display_path(self.file)
        if where:
            head += ": " + ", ".join(where)
        text = f"{head}: {self.message}"
        return text if text.endswith((".", "?", "!")) else text + "."


def _display_path(path: Path) -> str:
    # Relative paths read better in a terminal ("exercises/box.toml"); fall back to what we have.
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


# ---------------------------------------------------------------------------------------------
# The model
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Phase:
    kind: str          # "in" | "hold" | "out"
    seconds: float
    cue: str           # what is spoken over the breath tone


@dataclass(frozen=True)
class SayStep:
    text: str
    name: str | None = None


@dataclass(frozen=True)
class PauseStep:
    seconds: float
    name: str | None = None


@dataclass(frozen=True)
class BreatheStep:
    pattern: tuple[Phase, ...]
    cycles: int
    max_cycles_first_time: int | None = None
    name: str | None = None

    @property
    def cycle_seconds(self) -> float:
        return sum(p.seconds for p in self.pattern)

    def cycles_for(self, first_time: bool) -> int:
        if first_time and self.max_cycles_first_time is not None:
            return min(self.cycles, self.max_cycles_first_time)
        return self.cycles


@dataclass(frozen=True)
class AskStep:
    text: str
    id: str | None = None
    reprompt: str = DEFAULT_REPROMPT
    timeout: float = DEFAULT_ASK_TIMEOUT
    max_reprompts: int = DEFAULT_MAX_REPROMPTS
    ack: str | None = None
    expect: str = "any"
    name: str | None = None


@dataclass(frozen=True)
class BranchStep:
    text: str
    on_yes: str
    on_no: str
    # If nobody answers; None means "as on_no", which is usually the gentler road.
    on_silence: str | None = None
    reprompt: str = DEFAULT_REPROMPT
    timeout: float = DEFAULT_ASK_TIMEOUT
    max_reprompts: int = DEFAULT_MAX_REPROMPTS
    name: str | None = None


Step = SayStep | PauseStep | BreatheStep | AskStep | BranchStep


@dataclass(frozen=True)
class Exercise:
    id: str
    title: str
    category: str
    summary: str
    source: str
    triggers: tuple[str, ...]
    steps: tuple[Step, ...]
    path: Path
    minutes: float | None = None
    called: str | None = None  # how a sentence names it: see spoken_name
    # For someone who asks about the exercise (see exercise_answers): spoken as written.
    how_to: str | None = None
    why_it_helps: str | None = None
    go_carefully: str | None = None
    read_more: str | None = None
    good_for: str | None = None

    @property
    def spoken_name(self) -> str:
        """How a sentence names it: "Would you like to try naming what you feel together?" reads
        wrong with the title ("try name what you feel"), so a file can say `called`."""
        return self.called or self.title[:1].lower() + self.title[1:]

    def step_index(self, name: str) -> int:
        for i, step in enumerate(self.steps):
            if step.name == name:
                return i
        raise KeyError(name)


# ---------------------------------------------------------------------------------------------
# Default breathing cues
# ---------------------------------------------------------------------------------------------

_NUMBER_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve".split()
)
# "Breathe in" rather than a bare "In": alone, it is heard as "and" (measured with Whisper).
_PHASE_WORD = {"in": "Breathe in", "hold": "Hold", "out": "Breathe out"}


def default_cue(kind: str, seconds: float) -> str:
    """"Breathe in… two… three… four": a count the person can follow at about one beat a second."""
    word = _PHASE_WORD[kind]
    beats = int(seconds)  # 5.5 s counts to five; the tone fills the rest
    if beats < 2 or beats >= len(_NUMBER_WORDS):
        return word
    return "… ".join([word] + _NUMBER_WORDS[2 : beats + 1])


# ---------------------------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------------------------

_TOP_REQUIRED = ("id", "title", "category", "summary", "source", "triggers", "steps")
# The fields a counsellor writes for a curious or doubtful person. Optional, so a user's older
# file still loads; `exercises --check` says which ones are missing (see missing_answers).
ANSWER_FIELDS = ("how_to", "why_it_helps", "go_carefully", "read_more", "good_for")
_TOP_OPTIONAL = ("minutes", "called") + ANSWER_FIELDS
# Spoken as whole sentences, so they must end like one; good_for is a phrase for a list.
_SENTENCE_FIELDS = ("how_to", "why_it_helps", "go_carefully", "read_more")
_MAX_ANSWER_CHARS = 400  # about 25 seconds of speech: longer loses a tired listener
_STEP_FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # type: (required, optional) — "type" and "name" are allowed on every step.
    "say": (("text",), ()),
    "pause": (("seconds",), ()),
    "breathe": (("pattern", "cycles"), ("max_cycles_first_time",)),
    "ask": (("text",), ("id", "reprompt", "timeout", "max_reprompts", "ack", "expect")),
    "branch": (("text", "on_yes", "on_no"), ("on_silence", "reprompt", "timeout", "max_reprompts")),
}


class _Invalid(Exception):
    """Raised inside a field check; carries the field and message up to the step loop."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message


def _show(value: Any) -> str:
    """A value as the counsellor wrote it in TOML: quoted text, true/false, plain numbers."""
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def _text(d: dict[str, Any], key: str, *, required: bool = True, default: str | None = None) -> str | None:
    if key not in d:
        if required:
            raise _Invalid(key, "is missing")
        return default
    value = d[key]
    if not isinstance(value, str) or not value.strip():
        raise _Invalid(key, f"must be some text in quotes, got {_show(value)}")
    return value.strip()


MAX_NUMBER = 3600  # seconds (or minutes): an hour is already far longer than any step needs


def _positive_number(d: dict[str, Any], key: str, *, default: float | None = None, field: str | None = None) -> float | None:
    field = field or key
    if key not in d:
        if default is None:
            raise _Invalid(field, "is missing")
        return default
    value = d[key]
    # bool is an int in Python; "seconds = true" is a typo, not a number.
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
        raise _Invalid(field, f"must be a positive number, got {_show(value)}")
    # inf (or a huge number) passes "positive" and then breaks a timer mid-exercise.
    if not math.isfinite(value) or value > MAX_NUMBER:
        raise _Invalid(field, f"must be a positive number no larger than {MAX_NUMBER}, got {_show(value)}")
    return float(value)


def _count(d: dict[str, Any], key: str, *, minimum: int, default: int | None = None) -> int | None:
    if key not in d:
        if default is None:
            raise _Invalid(key, "is missing")
        return default
    value = d[key]
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        kind = "a whole number of at least 1" if minimum >= 1 else "a whole number, 0 or more"
        raise _Invalid(key, f"must be {kind}, got {_show(value)}")
    return value


def _identifier(d: dict[str, Any], key: str) -> str | None:
    value = _text(d, key, required=False)
    if value is not None and not _SNAKE.match(value):
        raise _Invalid(key, f"must be lower_case_with_underscores, got {value!r}")
    return value


def _choice(d: dict[str, Any], key: str, choices: Sequence[str], default: str | None = None) -> str:
    value = _text(d, key, required=default is None, default=default)
    if value not in choices:
        raise _Invalid(key, f"must be one of {', '.join(choices)}; got {value!r}")
    return value


def _check_keys(d: dict[str, Any], allowed: Sequence[str], what: str) -> None:
    for key in d:
        if key not in allowed:
            raise _Invalid(key, f"is not a field of {what} (expected one of: {', '.join(allowed)})")


def _parse_pattern(d: dict[str, Any]) -> tuple[Phase, ...]:
    raw = d.get("pattern")
    if raw is None:
        raise _Invalid("pattern", "is missing")
    if not isinstance(raw, list) or not raw:
        raise _Invalid("pattern", "must be a list of phases like [{phase=\"in\", seconds=4}, ...]")
    phases = []
    for n, item in enumerate(raw, start=1):
        where = f"pattern[{n}]"
        if not isinstance(item, dict):
            raise _Invalid(where, f"must be a phase like {{phase=\"in\", seconds=4}}, got {_show(item)}")
        try:
            _check_keys(item, ("phase", "seconds", "cue"), "a breathing phase")
            kind = _choice(item, "phase", PHASES)
            seconds = _positive_number(item, "seconds")
            cue = _text(item, "cue", required=False)
        except _Invalid as e:
            raise _Invalid(f"{where}.{e.field}", e.message) from None
        phases.append(Phase(kind, seconds, cue or default_cue(kind, seconds)))
    return tuple(phases)


def _parse_step(d: dict[str, Any]) -> Step:
    step_type = d.get("type")
    if step_type is None:
        raise _Invalid("type", f"is missing (one of: {', '.join(_STEP_FIELDS)})")
    if not isinstance(step_type, str) or step_type not in _STEP_FIELDS:
        raise _Invalid("type", f"unknown step type {_show(step_type)} (expected one of: {', '.join(_STEP_FIELDS)})")
    required, optional = _STEP_FIELDS[step_type]
    _check_keys(d, ("type", "name") + required + optional, f"a {step_type} step")
    name = _identifier(d, "name")
    if name in (JUMP_NEXT, JUMP_END):
        raise _Invalid("name", f"{name!r} is reserved for branches; choose another name")

    if step_type == "say":
        return SayStep(_text(d, "text"), name)
    if step_type == "pause":
        return PauseStep(_positive_number(d, "seconds"), name)
    if step_type == "breathe":
        pattern = _parse_pattern(d)
        cycles = _count(d, "cycles", minimum=1)
        first = _count(d, "max_cycles_first_time", minimum=1, default=0) or None
        return BreatheStep(pattern, cycles, first, name)
    if step_type == "ask":
        return AskStep(
            text=_text(d, "text"),
            id=_identifier(d, "id"),
            reprompt=_text(d, "reprompt", required=False, default=DEFAULT_REPROMPT),
            timeout=_positive_number(d, "timeout", default=DEFAULT_ASK_TIMEOUT),
            max_reprompts=_count(d, "max_reprompts", minimum=0, default=DEFAULT_MAX_REPROMPTS),
            ack=_text(d, "ack", required=False),
            expect=_choice(d, "expect", EXPECTS, default="any"),
            name=name,
        )
    # branch
    on_no = _jump(d, "on_no")
    return BranchStep(
        text=_text(d, "text"),
        on_yes=_jump(d, "on_yes"),
        on_no=on_no,
        on_silence=_jump(d, "on_silence", default=on_no),
        reprompt=_text(d, "reprompt", required=False, default=DEFAULT_REPROMPT),
        timeout=_positive_number(d, "timeout", default=DEFAULT_ASK_TIMEOUT),
        max_reprompts=_count(d, "max_reprompts", minimum=0, default=DEFAULT_MAX_REPROMPTS),
        name=name,
    )


def _answer_text(d: dict[str, Any], key: str) -> str | None:
    value = _text(d, key, required=False)
    if value is None:
        return None
    if len(value) > _MAX_ANSWER_CHARS:
        raise _Invalid(key, f"is {len(value)} characters; keep it under {_MAX_ANSWER_CHARS} (two or three spoken sentences)")
    if key in _SENTENCE_FIELDS and not value.rstrip("'\"").endswith((".", "?", "!")):
        raise _Invalid(key, "must end with a full stop: it is spoken as whole sentences")
    if key in _SENTENCE_FIELDS and value.rstrip().endswith(":"):
        raise _Invalid(key, "must not end on a colon")
    return value


def missing_answers(exercise: Exercise) -> list[str]:
    """The answer fields this exercise leaves out; the companion then falls back to summary and
    source, which is fine but says less."""
    return [key for key in ANSWER_FIELDS if getattr(exercise, key) is None]


def _jump(d: dict[str, Any], key: str, default: str | None = None) -> str:
    # Whether the target exists is checked once all step names are known.
    return _text(d, key, required=default is None, default=default)


def _validate(data: dict[str, Any], path: Path) -> tuple[Exercise | None, list[ExerciseError]]:
    """Check everything we can and report every problem, not just the first: a counsellor fixing
    a file should not have to run the checker once per typo."""
    errors: list[ExerciseError] = []
    raw_id = data.get("id")
    ex_id = raw_id if isinstance(raw_id, str) and raw_id else None

    def err(message: str, *, step: int | None = None, field: str | None = None) -> None:
        errors.append(ExerciseError(path, message, exercise_id=ex_id, step=step, field=field))

    top: dict[str, Any] = {}
    for key in data:
        if key not in _TOP_REQUIRED + _TOP_OPTIONAL:
            err(f"is not a top-level field (expected one of: {', '.join(_TOP_REQUIRED + _TOP_OPTIONAL)})", field=key)
    checks = {
        "id": lambda: _identifier(data, "id") or _text(data, "id"),
        "title": lambda: _text(data, "title"),
        "category": lambda: _choice(data, "category", CATEGORIES),
        "summary": lambda: _text(data, "summary"),
        "source": lambda: _text(data, "source"),
        "minutes": lambda: _positive_number(data, "minutes") if "minutes" in data else None,
        "called": lambda: _text(data, "called", required=False),
    }
    for key in ANSWER_FIELDS:
        checks[key] = (lambda key=key: _answer_text(data, key))
    for key, check in checks.items():
        try:
            top[key] = check()
        except _Invalid as e:
            err(e.message, field=e.field)

    triggers = data.get("triggers")
    if triggers is None:
        err("is missing: list the phrases people say to ask for this exercise", field="triggers")
    elif not isinstance(triggers, list) or not triggers:
        err("must be a list of phrases in quotes, e.g. [\"help me breathe\", ...]", field="triggers")
    else:
        for n, t in enumerate(triggers, start=1):
            if not isinstance(t, str) or not t.strip():
                err(f"must be some text in quotes, got {_show(t)}", field=f"triggers[{n}]")

    raw_steps = data.get("steps")
    steps: list[Step] = []
    if raw_steps is None:
        err("is missing: add at least one [[steps]] block", field="steps")
    elif not isinstance(raw_steps, list) or not raw_steps:
        err("must be one or more [[steps]] blocks", field="steps")
    else:
        names: dict[str, int] = {}
        for n, raw in enumerate(raw_steps, start=1):
            if not isinstance(raw, dict):
                err("must be a [[steps]] block", step=n)
                continue
            try:
                step = _parse_step(raw)
            except _Invalid as e:
                err(e.message, step=n, field=e.field)
                continue
            if step.name is not None:
                if step.name in names:
                    err(f"duplicate step name {step.name!r} (also used by step {names[step.name]})", step=n, field="name")
                else:
                    names[step.name] = n
            steps.append(step)
        # Branch targets can point forwards, so they are checked after every name is known.
        for n, step in enumerate(raw_steps, start=1):
            if isinstance(step, dict) and step.get("type") == "branch":
                for key in ("on_yes", "on_no", "on_silence"):
                    target = step.get(key)
                    if isinstance(target, str) and target not in names and target not in (JUMP_NEXT, JUMP_END):
                        known = ", ".join(sorted(names)) or "none"
                        err(f"goes to unknown step name {target!r} (use \"next\", \"end\" or a step name; names here: {known})",
                            step=n, field=key)

    if errors:
        return None, errors
    exercise = Exercise(
        id=top["id"],
        title=top["title"],
        category=top["category"],
        summary=top["summary"],
        source=top["source"],
        triggers=tuple(t.strip() for t in triggers),
        steps=tuple(steps),
        path=path,
        minutes=top["minutes"],
        called=top["called"],
        **{key: top[key] for key in ANSWER_FIELDS},
    )
    return exercise, []


def _load(path: Path) -> tuple[Exercise | None, list[ExerciseError]]:
    path = Path(path)
    try:
        with path.open("rb") as f:
            data = tomllib.load(f)
    except UnicodeDecodeError:
        return None, [ExerciseError(path, "is not UTF-8 text; save it again with the encoding set to UTF-8")]
    except tomllib.TOMLDecodeError as e:
        return None, [ExerciseError(path, f"is not valid TOML ({e}); check quotes, brackets and '=' signs")]
    except OSError as e:
        return None, [ExerciseError(path, f"cannot be read ({e.strerror or e})")]
    try:
        return _validate(data, path)
    except Exception as e:  # a shape no check foresaw: this file is skipped, never the others
        return None, [ExerciseError(path, f"could not be read as an exercise ({type(e).__name__}); "
                                          "check it against the built-in exercises")]


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------

def builtin_dir() -> Path:
    """The exercises that ship with voice-companion (see shipped.py)."""
    from voice_companion.shipped import shipped_dir

    return shipped_dir("exercises")


def load_exercise(path: Path | str) -> Exercise:
    """Load one file; raises the first ExerciseError found (check_file lists them all)."""
    exercise, errors = _load(Path(path))
    if errors:
        raise errors[0]
    assert exercise is not None
    return exercise


def load_catalog(dirs: Sequence[Path | str]) -> tuple[dict[str, Exercise], list[ExerciseError]]:
    """Load every *.toml in each dir, in order. Broken files are reported and skipped so one
    typo never silences the rest; an id already taken by an earlier file is an error for the later
    file (a user's exercise cannot silently replace a built-in one). Missing dirs are fine: the
    user's config dir usually has no exercises at all."""
    catalog: dict[str, Exercise] = {}
    errors: list[ExerciseError] = []
    for d in dirs:
        d = Path(d)
        if not d.is_dir():
            continue
        for path in sorted(d.glob("*.toml")):
            exercise, problems = _load(path)
            if problems:
                errors.extend(problems)
                continue
            assert exercise is not None
            if exercise.id in catalog:
                errors.append(ExerciseError(
                    path, f"id is already used by {_display_path(catalog[exercise.id].path)}; choose another id",
                    exercise_id=exercise.id, field="id"))
                continue
            catalog[exercise.id] = exercise
    return catalog, errors


def check_file(path: Path | str) -> list[str]:
    """For `voice-companion exercises --check FILE`: [] if the file is fine, else one message per
    problem. A file outside the built-in dir is also checked for clashing with a built-in id."""
    path = Path(path)
    exercise, errors = _load(path)
    if errors:
        return [str(e) for e in errors]
    assert exercise is not None
    builtin = builtin_dir()
    if path.resolve().parent != builtin:
        catalog, _ = load_catalog([builtin])
        other = catalog.get(exercise.id)
        if other is not None:
            return [str(ExerciseError(
                path, f"id is already used by the built-in {_display_path(other.path)}; choose another id",
                exercise_id=exercise.id, field="id"))]
    return []
