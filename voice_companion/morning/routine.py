"""`voice-companion morning`: wait for the chosen time, then wake the person gently and walk
them out of bed with the get-out-of-bed routine. A long-lived process: polls a scheduler that
survives sleep and clock changes, and keeps its state on disk so it never fires twice a day."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from voice_companion.app.runtime import end_session, log, make_companion
from voice_companion.clock import RealClock
from voice_companion.config import Config, ConfigError
from voice_companion.morning.notes import notes_path, pending_lines, read_morning_file, state_path, write_morning_file
from voice_companion.morning.schedule import MorningPlan, MorningScheduler
from voice_companion.morning.wake import WakeConversation, WakePolicy, run_wake

POLL_SECONDS = 30.0


def _local_tz() -> dt.tzinfo:
    try:
        from zoneinfo import ZoneInfo

        link = Path("/etc/localtime").resolve()
        if "zoneinfo/" in str(link):
            return ZoneInfo(str(link).split("zoneinfo/", 1)[1])
    except Exception:
        pass
    return dt.datetime.now().astimezone().tzinfo


def plan_from_config(cfg: Config) -> MorningPlan:
    at = cfg.get("morning.at")
    if not at:
        raise ConfigError("No morning time is set. Use --at 07:30, or put at = \"07:30\" under [morning] in your config.")
    try:
        return MorningPlan.parse(at, cfg.get("morning.days"), cfg.get("morning.grace_minutes"))
    except ValueError as exc:
        raise ConfigError(f"[morning]: {exc}") from None


def run_routine(cfg: Config, channel, *, clock=None, fast: bool = False, wall_clock=dt.datetime.now) -> str:
    """The wake-up conversation, then the routine's steps. Returns how it ended."""
    clock = clock or RealClock()
    companion = make_companion(cfg, channel, fast=fast, clock=clock)
    routine = cfg.get("morning.routine")
    if routine not in companion.catalog:
        raise ConfigError(f"morning.routine = '{routine}' is not an exercise here. See `voice-companion exercises`.")
    notes = read_morning_file(notes_path())
    for line in pending_lines(notes):
        channel.say(line)
    write_morning_file(notes_path(), notes)

    policy = WakePolicy(snooze_minutes=cfg.get("morning.snooze_minutes"), max_snoozes=cfg.get("morning.max_snoozes"))
    from voice_companion.conversation.gated import CrisisInterrupt, GatedChannel

    gated = GatedChannel(channel, companion.gate)
    try:
        outcome = run_wake(WakeConversation(policy, clock, wall_clock=wall_clock), gated, clock)
    except CrisisInterrupt as interrupt:
        companion.answer_crisis(interrupt.check)
        return "crisis"
    if outcome.note:
        notes.setdefault("pending", []).append(outcome.note)
        write_morning_file(notes_path(), notes)
    if not outcome.begin_routine:
        return outcome.reason
    result = companion.start_exercise(routine)
    if result is not None and result.answers:
        notes["answers"] = {"date": wall_clock().date().isoformat(), "values": result.answers}
        write_morning_file(notes_path(), notes)
    return result.reason if result is not None else "crisis"


def run_morning(cfg: Config, args, channel_factory, *, now=None, sleep=time.sleep, polls: int | None = None, tz=None) -> int:
    """`polls` (for tests) stops the loop after that many polls; a person's run never stops."""
    if args.now:
        channel = channel_factory()
        ended = run_routine(cfg, channel, fast=getattr(args, "fast", False))
        log(f"Morning routine ended: {ended}")
        end_session(channel, getattr(args, "out", None))
        return 0
    plan = plan_from_config(cfg)
    tz = tz or _local_tz()
    now = now or (lambda: dt.datetime.now(tz))
    scheduler = MorningScheduler(plan, tz, state=read_morning_file(state_path()))
    log(f"Morning routine: {plan.describe()}. Waiting (Ctrl+C to stop).")
    channel = None
    last_message = ""
    while polls is None or polls > 0:
        polls = None if polls is None else polls - 1
        when = now()
        decision = scheduler.poll(when)
        write_morning_file(state_path(), scheduler.state())  # before acting, so a crash never fires twice
        if decision.action == "fire":
            log(decision.message)
            channel = channel or channel_factory()
            missed = scheduler.missed_note(when)
            if missed:
                channel.say(missed)
                write_morning_file(state_path(), scheduler.state())
            try:
                ended = run_routine(cfg, channel, fast=getattr(args, "fast", False))
            except Exception as exc:  # keep the long-lived process alive for tomorrow
                log(f"The morning routine stopped with a problem: {exc}")
                ended = "error"
            log(f"Morning routine ended: {ended}")
        elif decision.action == "skip":
            log(decision.message)
        elif decision.message != last_message:
            log(decision.message)
        last_message = decision.message
        sleep(POLL_SECONDS)
    return 0
