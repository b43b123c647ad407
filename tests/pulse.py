"""A real PulseAudio server with virtual devices, so PortAudio does real audio I/O with no
sound card. "mouth" is what the person says (the assistant's microphone hears mouth.monitor);
"ear" is where the assistant's voice goes."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path


class VirtualAudio:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.env = {
            "PULSE_RUNTIME_PATH": str(root / "run"),
            "PULSE_STATE_PATH": str(root / "state"),
            "PULSE_SERVER": f"unix:{root / 'run' / 'native'}",
        }
        self.proc: subprocess.Popen | None = None

    def start(self) -> "VirtualAudio":
        if shutil.which("pulseaudio") is None:
            raise RuntimeError("pulseaudio is not installed: run scripts/setup.sh --test")
        for sub in ("run", "state"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        os.environ.update(self.env)
        self.proc = subprocess.Popen(
            ["pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "--log-target=stderr",
             "-L", f"module-native-protocol-unix auth-anonymous=1 socket={self.root / 'run' / 'native'}",
             "-L", "module-null-sink sink_name=mouth",
             "-L", "module-null-sink sink_name=ear",
             "-L", "module-always-sink"],
            stdout=subprocess.DEVNULL, stderr=open(self.root / "pulse.log", "wb"),
        )
        for _ in range(100):
            if subprocess.run(["pactl", "info"], capture_output=True).returncode == 0:
                break
            time.sleep(0.05)
        else:
            raise RuntimeError("PulseAudio did not start: " + (self.root / "pulse.log").read_text()[-500:])
        self.pactl("set-default-sink", "ear")
        self.pactl("set-default-source", "mouth.monitor")
        import sounddevice as sd

        sd._terminate()  # rescan devices now that a server is there
        sd._initialize()
        return self

    def pactl(self, *args: str) -> None:
        subprocess.run(["pactl", *args], check=True, capture_output=True)

    def speak_into_mic(self, wav: Path) -> subprocess.Popen:
        """Play a WAV into the microphone's sink (as a person talking), in the background."""
        return subprocess.Popen(["paplay", "--device=mouth", str(wav)])

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=5)
        for key in self.env:
            os.environ.pop(key, None)
