"""Push-to-talk on a terminal: Enter starts listening, and Enter again stops."""

from __future__ import annotations

import queue
import sys
import threading


class EnterKey:
    def __init__(self, stream=sys.stdin) -> None:
        self._q: queue.Queue[bool] = queue.Queue()
        self.closed = False
        threading.Thread(target=self._read, args=(stream,), daemon=True, name="keys").start()

    def _read(self, stream) -> None:
        for _line in stream:
            self._q.put(True)
        self.closed = True
        self._q.put(False)

    def wait_press(self, timeout: float | None) -> bool:
        """True when Enter was pressed within timeout."""
        try:
            return self._q.get(timeout=timeout)
        except queue.Empty:
            return False

    def pressed_again(self) -> bool:
        try:
            return self._q.get_nowait()
        except queue.Empty:
            return False
