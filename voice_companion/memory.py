"""How many heaps the C allocator keeps, set before any model or thread exists.

glibc gives every thread that allocates an arena of its own (up to 8 per core). The companion
starts threads all the time (each early decode, each line spoken, each reply read), and the
buffers Whisper and Piper free on those threads stay behind in their arenas, fragmented, so the
process kept growing. Measured (scripts/measure_memory.py --session: Whisper decoding in fresh
threads while Piper speaks, 16 turns; six interleaved pairs, lower in every pair): peak
535-602 -> 529-554 MB (mean 576 -> 543), held afterwards mean 518 -> 485 MB, with two arenas
instead of glibc's 16 on 2 cores, and Whisper's decode as fast (0.29 / 0.30 s median). A fixed mmap threshold
(MALLOC_MMAP_THRESHOLD_=131072) saved nothing more on top and slowed every decode to 0.45 s
(fresh pages each time), so it is left alone. Applied through mallopt (not the environment) so
it holds for every entry point, the model worker included; a MALLOC_ARENA_MAX set by the person
still wins.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys

M_ARENA_MAX = -8  # from <malloc.h>
ARENAS = 2


def tune() -> bool:
    """At most ARENAS malloc arenas (glibc on Linux only); True if applied."""
    if not sys.platform.startswith("linux") or "MALLOC_ARENA_MAX" in os.environ:
        return False
    try:
        mallopt = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").mallopt
    except (OSError, AttributeError):
        return False  # musl or another C library: its own defaults
    return bool(mallopt(M_ARENA_MAX, ARENAS))
