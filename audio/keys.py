"""Keys as a fallback for voice in ``heartline talk``: space is "next", p pauses or resumes, q stops.

Only when stdin is a terminal: it is put in cbreak mode (one key at a time, no echo) and restored on exit. With
stdin a pipe, a file or closed, talk runs on voice alone.
"""

from __future__ import annotations

import queue
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

KEY_NEXT, KEY_PAUSE, KEY_QUIT = " ", "p", "q"


@contextmanager
def key_presses() -> Iterator[queue.Queue[str]]:
    """A queue that receives key presses while the block runs (stays empty when stdin is not a terminal)."""
    presses: queue.Queue[str] = queue.Queue()
    # No stdin at all (``heartline talk <&-``, a service) is no terminal either: it ended in a traceback.
    if sys.stdin is None or not sys.stdin.isatty():
        yield presses
        return
    import termios
    import tty

    fd = sys.stdin.fileno()
    saved = termios.tcgetattr(fd)
    tty.setcbreak(fd)

    def read() -> None:
        while True:
            char = sys.stdin.read(1)
            if not char:
                return
            presses.put(char.lower())

    threading.Thread(target=read, daemon=True).start()
    try:
        yield presses
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)
