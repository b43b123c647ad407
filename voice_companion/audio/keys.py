"""Push-to-talk on a terminal: Enter starts listening, and Enter again stops. Enter while the
assistant is speaking cuts it short and listens (barge-in)."""

from __future__ import annotations

import sys
import threading


class EnterKey:
    def __init__(self, stream=sys.stdin) -> None:
        self.pressed = threading.Event()  # also the voice channel's cancel event: a press stops speech
        self.closed = False
        self._presses = 0
        self._lock = threading.Lock()
        threading.Thread(target=self._read, args=(stream,), daemon=True, name="keys").start()

    def _read(self, stream) -> None:
        for _line in stream:
            with self._lock:
                self._presses += 1
            self.pressed.set()
        self.closed = True
        self.pressed.set()

    def _take(self) -> bool:
        with self._lock:
            if self._presses:
                self._presses -= 1
                if not self._presses:
                    self.pressed.clear()
                return True
            return False

    def wait_press(self, timeout: float | None) -> bool:
        """True when Enter was pressed (now or since the last call) within timeout."""
        if self._take():
            return True
        self.pressed.wait(timeout)
        return self._take()

    def pressed_again(self) -> bool:
        return self._take()
