"""What Heartline remembers: per household across sessions, and per conversation within one.

Both are typed values with explicit to/from dict conversions, because they cross a JSON boundary (the store,
Alexa's session attributes) and a value that comes back malformed must turn into a sane default, not a
crash. Nothing here stores what partners say: names, settings, used prompt ids and opt-in check-in scores only.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any
from xml.etree import ElementTree

from skill.content_files import ROUND_IDS
from skill.decks import RELATIONSHIPS, Depth
from skill.rounds import DEFAULT_ROUND_MINUTES, MAX_ROUND_MINUTES, MIN_ROUND_MINUTES

MAX_PENDING_ANSWERS = 4
"""A check-in has five statements; with the fifth answer it is stored, so a session never holds more than four."""
DEFAULT_DINNER_MINUTES = 4
MIN_DINNER_MINUTES = 1
MAX_DINNER_MINUTES = 15


SESSION_MARK_CHARS = 16
MAX_NAME_CHARS = 40
"""A first name kept between requests is cut to this: long enough for any name, short enough for a session."""
"""Hex characters of ``Household.checkin_finished_in``."""


@dataclass(frozen=True)
class CheckIn:
    """One opt-in check-in: five answers from 1 to 5, and the day it was taken."""

    day: str
    """ISO date."""
    scores: tuple[int, ...]

    @property
    def mean(self) -> float:
        return sum(self.scores) / len(self.scores)


@dataclass(frozen=True)
class ActiveRound:
    """A timed round in progress: enough to rebuild its plan and find the phase after the current one."""

    exercise: str
    first: str
    second: str
    minutes: int
    topic_id: str
    round_no: int
    phase: int = 0
    paused: bool = False
    offset_ms: int = 0
    failures: int = 0
    """Consecutive playback failures; recovery gives up after a few so a broken URL cannot loop forever."""
    prompts: tuple[str, ...] = ()
    """Dinner only: the question id of each track so far, so 'previous' can go back."""
    queued_after: int = -1
    """The part whose PlaybackNearlyFinished was answered by queueing the next one, until a part starts again:
    Alexa may send that request twice, and an ENQUEUE adds to the queue, so the next part would play twice."""


@dataclass(frozen=True)
class Household:
    """Everything stored for one household (an Alexa account or a local profile)."""

    names: tuple[str, str] | None = None
    relationship: str = "couple"
    round_minutes: int = DEFAULT_ROUND_MINUTES
    dinner_minutes: int = DEFAULT_DINNER_MINUTES
    used: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Per deck and depth ("dinner:light"), the prompt ids already given, oldest first."""
    checkins: tuple[CheckIn, ...] = ()
    sessions: int = 0
    """Days on which the household opened the skill (``skill.progress.start_session``), not Alexa sessions."""
    last_session: str = ""
    rounds_done: int = 0
    round_counter: int = 0
    active: ActiveRound | None = None
    dinner_depth: Depth = Depth.LIGHT
    last_prompt: str = ""
    """Id of the last dinner question or topic given, so 'repeat' and 'deeper' work across sessions."""
    dinner_day: str = ""
    """ISO date of the last dinner question: 'another one' later that day continues at the same depth."""
    dinner_theme: str = ""
    """Theme id tonight's questions keep to ("ask us about growing up"), until its questions run out or the table
    asks for something else; it counts only on ``dinner_day``."""

    unfinished_checkin: CheckIn | None = None
    """The answers of a check-in left partway (its day and scores so far). Alexa ends a session after about
    sixteen silent seconds, and a couple thinking about "I feel understood" can take longer: the answers given
    were lost with the session, and "four" said next was "not asking for a number". Kept until the check-in
    ends, and offered to finish the same evening."""
    played_out: str = ""
    """The exercise of the last round (or dinner) that played to its end rather than being said done, on
    ``played_out_day``. On an Echo that is the usual ending, and the skill cannot speak when the audio ends:
    so the next launch or "we're done" that evening offers the check-in, and "do that again" repeats it. Before,
    the round was counted and forgotten, and the next launch said "before we begin" (a probe)."""
    played_out_day: str = ""
    last_first: str = ""
    """Who had the floor first in the last round begun: "do it again but switch" starts the other one (the
    household's order is only the default, and "let Alex go first" changes it for one round)."""
    checkin_finished_in: str = ""
    """A digest of the session that finished the last check-in (``intents.checkin.session_mark``): a last answer
    sent again in that same session, its reply lost, is the same check-in, not a second one with the same
    answers. Only equality is ever asked of it, so the session id itself is not kept."""

    def theme_tonight(self, day: str) -> str:
        """The dinner theme, if it was asked for on ``day`` (``skill.clock.local_day``): tomorrow's dinner starts
        from the whole deck."""
        return self.dinner_theme if self.dinner_day == day else ""

    def with_names(self, first: str, second: str) -> Household:
        return replace(self, names=(first, second))

    def to_dict(self) -> dict[str, Any]:
        return {
            "names": list(self.names) if self.names else None,
            "relationship": self.relationship,
            "round_minutes": self.round_minutes,
            "dinner_minutes": self.dinner_minutes,
            "used": {k: list(v) for k, v in self.used.items()},
            "checkins": [{"day": c.day, "scores": list(c.scores)} for c in self.checkins],
            "sessions": self.sessions,
            "last_session": self.last_session,
            "rounds_done": self.rounds_done,
            "round_counter": self.round_counter,
            "active": _active_to_dict(self.active),
            "dinner_depth": self.dinner_depth.value,
            "last_prompt": self.last_prompt,
            "dinner_day": self.dinner_day,
            "dinner_theme": self.dinner_theme,
            "unfinished_checkin": (
                {"day": self.unfinished_checkin.day, "scores": list(self.unfinished_checkin.scores)}
                if self.unfinished_checkin
                else None
            ),
            "checkin_finished_in": self.checkin_finished_in,
            "played_out": self.played_out,
            "played_out_day": self.played_out_day,
            "last_first": self.last_first,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Household:
        """Tolerant: any field that is missing or of the wrong shape falls back to its default."""
        if not isinstance(data, dict):
            return cls()
        names = data.get("names")
        parsed_names: tuple[str, str] | None = None
        if isinstance(names, list) and len(names) == 2 and all(isinstance(n, str) and n for n in names):
            parsed_names = (names[0], names[1])
        used_raw = data.get("used")
        used: dict[str, tuple[str, ...]] = {}
        if isinstance(used_raw, dict):
            for key, ids in used_raw.items():
                if isinstance(key, str) and isinstance(ids, list):
                    used[key] = tuple(i for i in ids if isinstance(i, str))
        checkins: list[CheckIn] = []
        for item in data.get("checkins") or []:
            if isinstance(item, dict) and isinstance(item.get("scores"), list):
                scores = tuple(s for s in item["scores"] if isinstance(s, int) and 1 <= s <= 5)
                if scores:
                    checkins.append(CheckIn(str(item.get("day", "")), scores))
        unfinished: CheckIn | None = None
        raw = data.get("unfinished_checkin")
        if isinstance(raw, dict) and isinstance(raw.get("scores"), list) and isinstance(raw.get("day"), str):
            partial = tuple(s for s in raw["scores"] if isinstance(s, int) and 1 <= s <= 5)
            if partial and len(partial) == len(raw["scores"]):
                unfinished = CheckIn(raw["day"], partial)
        relationship = data.get("relationship")
        try:
            depth = Depth(data.get("dinner_depth", Depth.LIGHT.value))
        except ValueError:
            depth = Depth.LIGHT
        return cls(
            names=parsed_names,
            relationship=relationship if relationship in RELATIONSHIPS else "couple",
            round_minutes=_int_in(
                data.get("round_minutes"), MIN_ROUND_MINUTES, MAX_ROUND_MINUTES, DEFAULT_ROUND_MINUTES
            ),
            dinner_minutes=_int_in(
                data.get("dinner_minutes"), MIN_DINNER_MINUTES, MAX_DINNER_MINUTES, DEFAULT_DINNER_MINUTES
            ),
            used=used,
            checkins=tuple(checkins),
            sessions=_int_in(data.get("sessions"), 0, 10**9, 0),
            last_session=str(data.get("last_session") or ""),
            rounds_done=_int_in(data.get("rounds_done"), 0, 10**9, 0),
            round_counter=_int_in(data.get("round_counter"), 0, 10**9, 0),
            active=_active_from_dict(data.get("active")),
            dinner_depth=depth,
            last_prompt=str(data.get("last_prompt") or ""),
            dinner_day=str(data.get("dinner_day") or ""),
            dinner_theme=str(data.get("dinner_theme") or ""),
            unfinished_checkin=unfinished,
            checkin_finished_in=str(data.get("checkin_finished_in") or "")[:SESSION_MARK_CHARS],
            played_out=_known_exercise(data.get("played_out")),
            played_out_day=str(data.get("played_out_day") or "")[:DAY_CHARS],
            last_first=str(data.get("last_first") or "")[:MAX_NAME_CHARS],
        )


def _active_to_dict(active: ActiveRound | None) -> dict[str, Any] | None:
    if active is None:
        return None
    return {
        "exercise": active.exercise,
        "first": active.first,
        "second": active.second,
        "minutes": active.minutes,
        "topic_id": active.topic_id,
        "round_no": active.round_no,
        "phase": active.phase,
        "paused": active.paused,
        "offset_ms": active.offset_ms,
        "failures": active.failures,
        "prompts": list(active.prompts),
        "queued_after": active.queued_after,
    }


def _active_from_dict(data: Any) -> ActiveRound | None:
    if not isinstance(data, dict):
        return None
    try:
        return ActiveRound(
            exercise=str(data["exercise"]),
            first=str(data["first"]),
            second=str(data["second"]),
            minutes=_int_in(data.get("minutes"), MIN_ROUND_MINUTES, MAX_DINNER_MINUTES, DEFAULT_ROUND_MINUTES),
            topic_id=str(data.get("topic_id", "")),
            round_no=_int_in(data.get("round_no"), 0, 10**9, 0),
            phase=_int_in(data.get("phase"), 0, 1000, 0),
            paused=bool(data.get("paused", False)),
            offset_ms=_int_in(data.get("offset_ms"), 0, 10**9, 0),
            failures=_int_in(data.get("failures"), 0, 1000, 0),
            prompts=tuple(p for p in data.get("prompts") or [] if isinstance(p, str)),
            queued_after=_int_in(data.get("queued_after"), -1, 1000, -1),
        )
    except KeyError:
        return None


PLAYED_OUT_EXERCISES = frozenset({*ROUND_IDS, "dinner"})
DAY_CHARS = len("2026-12-07")


def _known_exercise(value: Any) -> str:
    """A stored exercise name, or none: a tampered one must not reach a handler that starts it again."""
    return value if isinstance(value, str) and value in PLAYED_OUT_EXERCISES else ""


OWN_SPEECH_TAGS = frozenset({"speak", "break", "prosody", "s", "p"})
"""The markup Heartline's speech uses (pauses; slower or louder repeats). Its sounds play through the audio
player, never in speech, so an <audio> in a session's last speech did not come from it."""
MAX_SPEECH_CHARS = 8000
"""Alexa's limit for one answer's speech: a repeat of something longer could only be refused."""


def _own_speech(value: Any) -> str:
    """Speech the skill said, as the session brought it back, or nothing: "say that again" puts it back into the
    answer, so a value that is too long or not well-formed markup (the session altered on the way, or a test
    tool) must not reach it. The skill's own speech is always both."""
    if not isinstance(value, str) or len(value) > MAX_SPEECH_CHARS:
        return ""
    try:
        tree = ElementTree.fromstring(f"<speak>{value}</speak>")
    except ElementTree.ParseError:
        return ""
    return value if all(element.tag in OWN_SPEECH_TAGS for element in tree.iter()) else ""


def _int_in(value: Any, low: int, high: int, default: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        return default
    return value if low <= value <= high else default


@dataclass(frozen=True)
class Conversation:
    """Within one Alexa session: what the skill just said and what a bare 'yes' or number would mean."""

    last_speech: str = ""
    last_reprompt: str = ""
    misses: int = 0
    """Misunderstandings in a row; at two the skill offers a simpler choice."""
    pending: str = ""
    """What a 'yes' confirms, or what the next answer fills: 'delete', 'names', 'checkin', 'menu', ..."""
    pending_intent: str = ""
    """The exercise to start once the missing piece (names, a valid length) is heard."""
    pending_minutes: int = 0
    pending_first: str = ""
    pending_depth: str = ""
    """What else that request asked for (a turn length, who goes first, a depth), kept while the names are asked:
    "a seven-minute round with Alex first" from a new household began at three minutes with Sam (a probe)."""
    heard_name: str = ""
    """The one name heard so far ("I'm Sofia"), while the other is asked for: "this is Marco" then makes two. While
    two new names wait for a yes (pending 'rename'), both, joined by '|'."""
    checkin_answers: tuple[int, ...] = ()
    mode: str = ""
    """'dinner' while questions are flowing, so 'next' means another question."""
    over_round: bool = False
    """The session was opened by speaking over a playing round or dinner (not by opening the skill, which stops
    its audio): a question it asks leaves the audio playing underneath, so a 'no' lets it go on."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "last_speech": self.last_speech,
            "last_reprompt": self.last_reprompt,
            "misses": self.misses,
            "pending": self.pending,
            "pending_intent": self.pending_intent,
            "pending_minutes": self.pending_minutes,
            "pending_first": self.pending_first,
            "pending_depth": self.pending_depth,
            "heard_name": self.heard_name,
            "checkin_answers": list(self.checkin_answers),
            "mode": self.mode,
            "over_round": self.over_round,
        }

    @classmethod
    def from_dict(cls, data: Any) -> Conversation:
        if not isinstance(data, dict):
            return cls()
        answers = data.get("checkin_answers")
        return cls(
            last_speech=_own_speech(data.get("last_speech")),
            last_reprompt=_own_speech(data.get("last_reprompt")),
            misses=_int_in(data.get("misses"), 0, 100, 0),
            pending=str(data.get("pending") or ""),
            pending_intent=str(data.get("pending_intent") or ""),
            pending_minutes=_int_in(data.get("pending_minutes"), MIN_ROUND_MINUTES, MAX_ROUND_MINUTES, 0),
            pending_first=str(data.get("pending_first") or "")[:MAX_NAME_CHARS],
            pending_depth=str(data.get("pending_depth") or "") if data.get("pending_depth") in set(Depth) else "",
            heard_name=str(data.get("heard_name") or "")[: 2 * MAX_NAME_CHARS + 1],
            checkin_answers=tuple(a for a in answers if isinstance(a, int) and 1 <= a <= 5)[:MAX_PENDING_ANSWERS]
            if isinstance(answers, list)
            else (),
            mode=str(data.get("mode") or ""),
            over_round=data.get("over_round") is True,
        )
