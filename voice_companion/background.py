"""Background work that runs native code (Whisper, Piper, the sentence embedder) on threads of its
own, and the wait for it when the program ends.

A daemon thread still inside CTranslate2 or onnxruntime when the interpreter shuts down can see
that library's statics destroyed under it: the process then crashes, with a segmentation fault
(a decode left running at exit: 3 of 4 tries) or "terminate called without an active exception"
(seen at the end of `bench` runs), printed to the person's terminal and failing whatever ran it. So every such thread is started here, and at exit the
program waits a little for the ones still running; their results are no longer needed, but
finishing cleanly is."""

from __future__ import annotations

import atexit
import threading
import time
from collections.abc import Callable

PREFIX = "native:"  # the threads started here, by name
AT_EXIT_SECONDS = 3.0  # the longest an ending program waits for them (a decode takes well under 1 s)

_registered = False
_lock = threading.Lock()


def start(target: Callable[[], None], name: str) -> threading.Thread:
    """Run `target` on a daemon thread the program waits for (briefly) when it ends."""
    global _registered
    with _lock:
        if not _registered:
            atexit.register(finish)
            _registered = True
    thread = threading.Thread(target=target, daemon=True, name=PREFIX + name)
    thread.start()
    return thread


def running() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith(PREFIX) and t.is_alive()]


def finish(limit: float = AT_EXIT_SECONDS) -> None:
    """Wait up to `limit` seconds in all for the background work still running."""
    deadline = time.monotonic() + limit
    for thread in running():
        if thread is not threading.current_thread():
            thread.join(max(0.0, deadline - time.monotonic()))
