"""Tracebacks for the log without the exceptions' messages.

An exception's text can quote what a partner said: a slot value in a ``ValueError`` or a ``KeyError``, a name in a
formatted message. The request log never holds that (the codec already logs only a type), but an unexpected error
inside the skill was logged whole, message included. This keeps what an operator needs to find the bug (each
exception's type, and the file, line and function of every frame) and drops the text.
"""

from __future__ import annotations

import traceback


def frames_only(exc: BaseException) -> str:
    """``exc`` and the exceptions it was raised from, as types and frames: one line per frame, no messages."""
    lines: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if lines:
            lines.append("raised while handling:")
        for frame in traceback.extract_tb(current.__traceback__):
            lines.append(f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}')
        lines.append(f"{type(current).__module__}.{type(current).__qualname__} (message not logged)")
        current = current.__cause__ or current.__context__
    return "\n".join(lines)
