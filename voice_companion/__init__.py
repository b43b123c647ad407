"""voice-companion: an offline voice companion for coping exercises."""

from voice_companion import offline as _offline

# First thing, before any submodule can import onnxruntime or a hub client (see offline.py).
_offline.apply()

__version__ = "0.1.0"
