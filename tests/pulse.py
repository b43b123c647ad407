"""The audio rig (scripts/audio_rig.py) for tests: a real PulseAudio server with "mouth" and
"ear" null sinks, and optionally an echo loopback from the ear into the mouth."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

from audio_rig import AudioRig  # noqa: E402


class VirtualAudio(AudioRig):
    def start(self) -> VirtualAudio:
        super().start()
        import sounddevice as sd

        sd._terminate()  # rescan devices now that a server is there
        sd._initialize()
        return self
