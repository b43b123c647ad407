#!/usr/bin/env python3
"""A real PulseAudio server with virtual devices, so PortAudio does real audio I/O with no sound
card. "mouth" is what the person says (the assistant's microphone hears mouth.monitor); "ear" is
where the assistant's voice goes (record ear.monitor). With echo on, a loopback copies the ear
into the mouth, as a speaker heard by the microphone in a real room.

    scripts/audio_rig.py [--echo] -- COMMAND...   run COMMAND inside the rig, then stop it

The server is our child process (never `pulseaudio -D`), stopped by its PID; its runtime
directory is removed afterwards, so nothing is left behind."""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


class AudioRig:
    def __init__(self, root: Path | None = None, *, echo: bool = False) -> None:
        self._own_root = root is None
        self.root = Path(tempfile.mkdtemp(prefix="audio-rig-")) if root is None else root
        self.echo = echo
        self.env = {
            "PULSE_RUNTIME_PATH": str(self.root / "run"),
            "PULSE_STATE_PATH": str(self.root / "state"),
            "PULSE_SERVER": f"unix:{self.root / 'run' / 'native'}",
        }
        self.proc: subprocess.Popen | None = None
        self.started_in = 0.0

    def start(self) -> AudioRig:
        if shutil.which("pulseaudio") is None:
            raise RuntimeError("pulseaudio is not installed: run scripts/setup.sh --test")
        t0 = time.monotonic()
        for sub in ("run", "state"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        os.environ.update(self.env)
        modules = ["module-null-sink sink_name=mouth", "module-null-sink sink_name=ear", "module-always-sink"]
        if self.echo:
            # 30 ms: a speaker a metre from the microphone is heard about that late, plus buffering.
            modules.append("module-loopback source=ear.monitor sink=mouth latency_msec=30")
        args = ["pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "--log-target=stderr",
                "-L", f"module-native-protocol-unix auth-anonymous=1 socket={self.root / 'run' / 'native'}"]
        for m in modules:
            args += ["-L", m]
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=open(self.root / "pulse.log", "wb"))
        for _ in range(200):
            if self.proc.poll() is not None:
                break
            if subprocess.run(["pactl", "info"], capture_output=True).returncode == 0:
                break
            time.sleep(0.02)
        else:
            self.stop()
            raise RuntimeError("PulseAudio did not start: " + (self.root / "pulse.log").read_text()[-500:])
        if self.proc.poll() is not None:
            log = (self.root / "pulse.log").read_text()[-500:]
            self.stop()
            raise RuntimeError("PulseAudio exited at once: " + log)
        self.pactl("set-default-sink", "ear")
        self.pactl("set-default-source", "mouth.monitor")
        self.started_in = time.monotonic() - t0
        return self

    def pactl(self, *args: str) -> None:
        subprocess.run(["pactl", *args], check=True, capture_output=True)

    def speak_into_mic(self, wav: Path) -> subprocess.Popen:
        """Play a WAV into the microphone's sink (as a person talking), in the background."""
        return subprocess.Popen(["paplay", "--device=mouth", str(wav)])

    def record_ear(self) -> subprocess.Popen:
        """Raw 16 kHz mono s16 of what the assistant plays, on the returned process's stdout."""
        return subprocess.Popen(
            ["parec", "--device=ear.monitor", "--format=s16le", "--rate=16000", "--channels=1", "--latency-msec=20"],
            stdout=subprocess.PIPE,
        )

    def kill_server(self) -> None:
        """The sound server dies (as when it crashes or is restarted): for the dead-device tests."""
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait(timeout=5)
            self.proc = None

    def stop(self) -> float:
        t0 = time.monotonic()
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
            self.proc = None
        for key in self.env:
            os.environ.pop(key, None)
        if self._own_root:
            shutil.rmtree(self.root, ignore_errors=True)
        return time.monotonic() - t0


@contextlib.contextmanager
def measuring_rig(prefix: str, *, echo: bool):
    """A rig for a measurement, with scratch config and data folders (never the person's own
    settings or history), all removed afterwards."""
    scratch = tempfile.mkdtemp(prefix=prefix)
    os.environ["VOICE_COMPANION_CONFIG_DIR"] = scratch + "/config"
    os.environ["VOICE_COMPANION_DATA_DIR"] = scratch + "/data"
    rig = AudioRig(echo=echo).start()
    try:
        yield rig
    finally:
        rig.stop()
        shutil.rmtree(scratch, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--echo", action="store_true", help="loop the speaker (ear) back into the microphone (mouth)")
    ap.add_argument("command", nargs="+", help="what to run inside the rig")
    args = ap.parse_args(argv)
    rig = AudioRig(echo=args.echo).start()
    print(f"audio rig up in {rig.started_in:.2f} s (PID {rig.proc.pid})", file=sys.stderr)
    try:
        return subprocess.run(args.command).returncode
    finally:
        print(f"audio rig stopped in {rig.stop():.2f} s", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
