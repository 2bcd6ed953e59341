"""Pre-rendering: every generic cue spoken once, ahead of any round, for ``heartline render``.

The cues that name nobody (an intro, a reflection, "a little time left", a cue that only says how many
minutes) are the same for every household, so they are rendered once for every round setting and a live round
only ever waits on the lines with names in them, which ``RenderAhead`` renders while earlier phases play. The
summary says which engine rendered what, because an espeak-ng clip in the cache means a household would hear
the fallback voice until it is rendered again online.
"""

from __future__ import annotations

import string
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TextIO

from audio.tts import Speech
from skill.config import Settings
from skill.decks import RoundScript
from skill.rounds import MAX_ROUND_MINUTES, MIN_ROUND_MINUTES, minutes_words

PERSONAL_FIELDS = frozenset({"speaker", "listener", "first", "second", "topic"})
"""Placeholders that make a text personal (a name or a household's topic): never pre-rendered."""
SPOKEN_FIELDS = ("intro", "speak", "respond", "confirm", "switch", "reflect", "outro", "time_warning")

Progress = Callable[[int, int, str], None]
"""Called as ``progress(done, total, label)`` after each text."""


@dataclass(frozen=True)
class RenderSummary:
    """What a pre-render did, for the command's closing lines."""

    clips: int
    cache_hits: int
    """Clips that were already on disk."""
    by_engine: dict[str, int] = field(default_factory=dict)
    """Clip count per engine (gtts, espeak-ng), cached ones included."""
    seconds: float = 0.0
    """Total length of speech."""

    def format(self) -> str:
        engines = ", ".join(f"{name} {count}" for name, count in sorted(self.by_engine.items())) or "none"
        return (
            f"{self.clips} clips ({self.cache_hits} cached, {self.clips - self.cache_hits} rendered); "
            f"engines: {engines}; {self.seconds:.1f} s of speech"
        )


def generic_texts(scripts: Iterable[RoundScript]) -> list[str]:
    """Every spoken script line that names nobody, filled in for every round length; duplicates once."""
    texts: dict[str, None] = {}
    for script in scripts:
        for name in SPOKEN_FIELDS:
            template: str = getattr(script, name)
            fields = {f for _, f, _, _ in string.Formatter().parse(template) if f}
            if fields & PERSONAL_FIELDS:
                continue
            for minutes in range(MIN_ROUND_MINUTES, MAX_ROUND_MINUTES + 1):
                texts[template.format(minutes=minutes_words(minutes))] = None
                if "minutes" not in fields:
                    break
    return list(texts)


def render_generic_cues(
    settings: Settings,
    texts: Iterable[str],
    speech: Speech | None = None,
    progress: Progress | None = None,
) -> RenderSummary:
    """Render (or find cached) each text, reporting progress per text.

    ``texts`` is usually ``generic_texts(load_content().rounds.values())``; taking texts rather than content
    keeps this usable for any other fixed lines (dinner prompts, interface phrases).
    """
    speech = speech or Speech(settings)
    todo = list(dict.fromkeys(" ".join(t.split()) for t in texts if t.strip()))
    engines: Counter[str] = Counter()
    hits = 0
    seconds = 0.0
    for done, text in enumerate(todo, start=1):
        clip = speech.render(text)
        engines[clip.engine.value] += 1
        hits += clip.cached
        seconds += clip.duration_s
        if progress is not None:
            progress(done, len(todo), clip.engine.value)
    return RenderSummary(len(todo), hits, dict(engines), seconds)


class ProgressBar:
    """A one-line text progress bar, redrawn in place: ``[#####.....]  12/40  gtts``."""

    def __init__(self, stream: TextIO | None = None, width: int = 30) -> None:
        self.stream = stream or sys.stderr
        self.width = width

    def __call__(self, done: int, total: int, label: str = "") -> None:
        filled = self.width * done // total if total else self.width
        bar = "#" * filled + "." * (self.width - filled)
        self.stream.write(f"\r[{bar}] {done:>{len(str(total))}}/{total}  {label:<10}")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()
