"""Where a phase's audio will be: the seam between the handlers and whatever renders or plays tracks.

The handlers only need a URL for a phase and a chance to start rendering ahead; on the web that is the
audio renderer behind ``/audio/<id>.mp3``, locally a catalog the player looks phases up in.
"""

from __future__ import annotations

import re
import threading
from typing import Protocol

from intents.sealed import seal
from skill.rounds import Phase, RoundPlan


class TrackCatalog(Protocol):
    def prepare(self, plan: RoundPlan) -> None:
        """Called when a plan is built: render (or register) its tracks ahead of need."""

    def url_for(self, phase: Phase) -> str:
        """The https URL a device fetches this phase's audio from."""

    def forget(self, names: tuple[str, str]) -> int:
        """Remove every track (and its speech) whose words say one of ``names``: a household deleting its data
        asked for everything with them gone, and a round's cues call them by name. Returns how many."""


class PhaseCatalog:
    """Remembers every phase it was told about by track id, so a local player can turn a URL into a phase."""

    def __init__(self, public_url: str) -> None:
        self.public_url = public_url.rstrip("/")
        self._phases: dict[str, Phase] = {}
        self._lock = threading.Lock()

    def prepare(self, plan: RoundPlan) -> None:
        with self._lock:
            for phase in plan.phases:
                self._phases[phase.track_id()] = phase

    def url_for(self, phase: Phase) -> str:
        with self._lock:
            self._phases.setdefault(phase.track_id(), phase)
        return f"{self.public_url}/audio/{phase.track_id()}.mp3"

    def forget(self, names: tuple[str, str]) -> int:
        with self._lock:
            named = [track_id for track_id, phase in self._phases.items() if says_a_name(phase, names)]
            for track_id in named:
                del self._phases[track_id]
        return len(named)

    def phase_for_url(self, url: str) -> Phase | None:
        track_id = url.rsplit("/", 1)[-1].removesuffix(".mp3")
        with self._lock:
            return self._phases.get(track_id)


class SealedCatalog:
    """URLs whose phase descriptions ride along sealed (``intents.sealed``), for a front that renders no audio
    itself: the Lambda, whose tracks a web host with the same key renders when a device fetches them."""

    def __init__(self, public_url: str, key: bytes) -> None:
        self.public_url = public_url.rstrip("/")
        self.key = key

    def prepare(self, plan: RoundPlan) -> None:
        pass  # nothing renders here; the serving host renders on the first fetch

    def url_for(self, phase: Phase) -> str:
        return f"{self.public_url}/audio/{phase.track_id()}.mp3?d={seal(phase, self.key)}"

    def forget(self, names: tuple[str, str]) -> int:
        return 0  # nothing is kept here


def says_a_name(phase: Phase, names: tuple[str, str]) -> bool:
    """Whether the phase's speaker or any of its words is one of ``names`` (a whole word, any case)."""
    wanted = [name for name in names if name.strip()]
    if not wanted:
        return False
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in wanted) + r")\b", re.IGNORECASE)
    texts = [phase.who, phase.cue, *(w.text for w in phase.warnings)]
    return any(pattern.search(text) for text in texts)
