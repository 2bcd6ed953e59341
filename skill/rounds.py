"""Round plans: a timed exercise as data, so the Alexa front and the local front play the same thing.

A plan is a list of phases; each phase says whose turn it is, how long it lasts, what is spoken as it
starts and when a warning chime sounds. Builders make plans from settings; nothing here knows how a plan is
played (rendered audio on Alexa, a monotonic-clock scheduler locally).
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import asdict, dataclass
from enum import StrEnum

from skill.decks import RoundScript

MIN_ROUND_MINUTES = 1
MAX_ROUND_MINUTES = 10
DEFAULT_ROUND_MINUTES = 3

RESPOND_SECONDS = 60
"""The listener's reply: long enough to paraphrase, short enough to stay a reply (Alexa: under 90 s)."""
CONFIRM_SECONDS = 45
SWITCH_SECONDS = 15
REFLECT_SECONDS = 60
CLOSE_SECONDS = 15
"""The closing words and the last chime: Alexa cannot speak after audio ends, so the goodbye is a track."""
WARNING_LEAD_SECONDS = 30
"""A speaking turn gets its warning chime this long before the end."""
SHORT_WARNING_LEAD_SECONDS = 15


class Role(StrEnum):
    """What a phase asks of the people at the table."""

    SPEAK = "speak"
    RESPOND = "respond"
    CLARIFY = "clarify"
    SWITCH = "switch"
    REFLECT = "reflect"
    CLOSE = "close"
    TALK = "talk"
    """Table talk after a dinner question."""


@dataclass(frozen=True)
class Warning:
    """A chime and a short line this many seconds before the phase ends."""

    seconds_left: int
    text: str


@dataclass(frozen=True)
class Phase:
    index: int
    role: Role
    who: str
    """A name, or 'both' for phases the two share."""
    seconds: int
    cue: str
    """Spoken as the phase starts."""
    warnings: tuple[Warning, ...] = ()

    def track_id(self) -> str:
        """Content address of this phase's audio: equal phases (same words, same timing) share one track."""
        return _track_id(self)


@functools.lru_cache(maxsize=4096)
def _track_id(phase: Phase) -> str:
    """Memoised: a request asks for the same phase's id several times, and hashing its JSON is not free."""
    payload = json.dumps(asdict(phase) | {"index": None}, sort_keys=True).encode()
    return hashlib.sha256(payload).hexdigest()[:24]


@dataclass(frozen=True)
class RoundPlan:
    exercise: str
    """listening, needs, empathy or support."""
    title: str
    intro: str
    """Spoken once before phase 1."""
    outro: str
    """Spoken after the reflection, as the last (close) phase."""
    topic_id: str
    topic: str
    phases: tuple[Phase, ...]

    @property
    def total_seconds(self) -> int:
        return sum(p.seconds for p in self.phases)


@dataclass(frozen=True)
class RoundSettings:
    """What the couple chose for one round."""

    first: str
    second: str
    minutes: int = DEFAULT_ROUND_MINUTES

    def __post_init__(self) -> None:
        if not MIN_ROUND_MINUTES <= self.minutes <= MAX_ROUND_MINUTES:
            raise ValueError(f"round length {self.minutes} min is outside {MIN_ROUND_MINUTES}-{MAX_ROUND_MINUTES}")


def build_round(script: RoundScript, settings: RoundSettings, topic_id: str = "", topic: str = "") -> RoundPlan:
    """The speaker-listener structure: A speaks, B responds, A confirms; switch; B speaks, A responds, B
    confirms; both reflect. Speaking turns get a warning chime; the listener's reply gets a shorter one."""
    phases: list[Phase] = []

    def add(role: Role, who: str, seconds: int, cue: str, warn_lead: int | None) -> None:
        warnings = (Warning(warn_lead, script.time_warning),) if warn_lead and seconds > warn_lead * 2 else ()
        phases.append(Phase(len(phases), role, who, seconds, cue, warnings))

    speak_seconds = settings.minutes * 60
    for speaker, listener in ((settings.first, settings.second), (settings.second, settings.first)):
        fill = _filler(script, speaker, listener, settings, topic)
        add(Role.SPEAK, speaker, speak_seconds, script.speak.format(**fill), WARNING_LEAD_SECONDS)
        add(Role.RESPOND, listener, RESPOND_SECONDS, script.respond.format(**fill), SHORT_WARNING_LEAD_SECONDS)
        add(Role.CLARIFY, speaker, CONFIRM_SECONDS, script.confirm.format(**fill), None)
        if speaker == settings.first:
            nxt = _filler(script, listener, speaker, settings, topic)
            add(Role.SWITCH, listener, SWITCH_SECONDS, script.switch.format(**nxt), None)
    fill = _filler(script, settings.first, settings.second, settings, topic)
    add(Role.REFLECT, "both", REFLECT_SECONDS, script.reflect.format(**fill), None)
    add(Role.CLOSE, "both", CLOSE_SECONDS, script.outro.format(**fill), None)
    return RoundPlan(
        exercise=script.id,
        title=script.title,
        intro=script.intro.format(**fill),
        outro=script.outro.format(**fill),
        topic_id=topic_id,
        topic=topic,
        phases=tuple(phases),
    )


def _filler(script: RoundScript, speaker: str, listener: str, settings: RoundSettings, topic: str) -> dict[str, str]:
    return {
        "speaker": speaker,
        "listener": listener,
        "first": settings.first,
        "second": settings.second,
        "minutes": minutes_words(settings.minutes),
        "topic": topic,
    }


def minutes_words(minutes: int) -> str:
    return "one minute" if minutes == 1 else f"{minutes} minutes"
