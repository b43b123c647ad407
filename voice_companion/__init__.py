"""voice-companion: an offline voice companion for coping exercises."""

from voice_companion import memory as _memory
from voice_companion import offline as _offline

# First thing, before any submodule can import onnxruntime or a hub client (see offline.py).
_offline.apply()
# Before any model is loaded or thread started, so every arena and buffer follows it (memory.py).
_memory.tune()

__version__ = "0.1.0"
