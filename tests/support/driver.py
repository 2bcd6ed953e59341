"""A local device wired to a real skill on a real SQLite file, recording everything it says and plays."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from intents.builder import build_skill
from intents.envelopes import EnvelopeFactory
from intents.matcher import Matcher
from intents.tracks import PhaseCatalog
from skill.chat import ChatSession, ssml_to_text, stored_names
from skill.config import Settings
from skill.content_files import load_content
from skill.decks import Content
from skill.device import LocalDevice
from skill.rounds import Phase
from skill.scheduler import TimelineEvent
from skill.store import SqliteStore

_MATCHER: Matcher | None = None


def shared_matcher() -> Matcher:
    global _MATCHER
    if _MATCHER is None:
        _MATCHER = Matcher()
    return _MATCHER


@dataclass
class Recorder:
    lines: list[str] = field(default_factory=list)
    speeches: list[str] = field(default_factory=list)
    phases: list[Phase] = field(default_factory=list)
    events: list[tuple[Phase, TimelineEvent]] = field(default_factory=list)

    def speech(self, ssml: str) -> None:
        text = ssml_to_text(ssml)
        self.speeches.append(text)
        self.lines.append(text)

    def track_started(self, phase: Phase, title: str, subtitle: str, offset_s: float = 0.0) -> None:
        self.phases.append(phase)
        self.lines.append(f"[track {subtitle}]")

    def track_stopped(self, phase: Phase) -> None:
        self.lines.append("[stopped]")

    def track_event(self, phase: Phase, event: TimelineEvent, gap: float) -> None:
        self.events.append((phase, event))
        self.lines.append(f"[{event.kind.value}] {event.text}")

    @property
    def last(self) -> str:
        return self.speeches[-1] if self.speeches else ""


class Driver:
    """Say things to the skill the way a person at an Echo would; inspect what it answered and stored."""

    def __init__(
        self,
        db: Path,
        profile: str = "test",
        time_scale: float = 1000.0,
        audio: bool = True,
        content: Content | None = None,
    ) -> None:
        self.settings = Settings(store_url=f"sqlite:///{db}", data_dir=db.parent, public_url="https://heartline.test")
        self.store = SqliteStore(db)
        self.content = content or load_content()
        self.catalog = PhaseCatalog(self.settings.public_url)
        self.skill = build_skill(self.settings, store=self.store, tracks=self.catalog, content=self.content)
        self.user_id = f"local.profile.{profile}"
        self.out = Recorder()
        self.now = 0.0
        """The device's clock, in seconds: it moves only when a test lets audio play (``advance``, ``play_out``).
        On the monotonic clock a one-minute part at 1000x lasts 60 ms, and under a loaded CI run a part ended
        between a request and the check after it, so phases asserted in a row failed now and then."""
        self.device = LocalDevice(
            self.skill,
            self.catalog,
            EnvelopeFactory(self.user_id, audio=audio),
            self.out,
            time_scale=time_scale,
            clock=lambda: self.now,
        )
        self.reply: dict[str, Any] = {}
        self.chat = ChatSession(self.device, shared_matcher(), self.content, stored_names(self.store, self.user_id))

    def launch(self) -> str:
        self.reply = self.device.launch()
        return self.out.last

    def say(self, text: str) -> str:
        before = len(self.out.speeches)
        self.chat.say(text)
        # the answer to what was said, before the tick: under load a scaled round's next part can come due
        # then, and its AudioPlayer event's reply (no shouldEndSession) is not what the test asked about
        self.reply = self.device.last_response
        self.device.tick()
        return self.out.speeches[-1] if len(self.out.speeches) > before else ""

    def last_cue(self) -> str:
        """The words at the start of the track playing now (a dinner question, a round's cue)."""
        cues = [event.text for _, event in self.out.events if event.kind.value == "cue"]
        return cues[-1] if cues else ""

    def intent(self, name: str, **slots: Any) -> dict[str, Any]:
        """Send an intent with literal slot values, bypassing the matcher (as Alexa's NLU would deliver it)."""
        from intents.matcher import SlotMatch

        slot_types = dict(shared_matcher().model.intent(name).slots)
        filled = {k: SlotMatch(str(v)) for k, v in slots.items()}
        self.reply = self.device.utter(name, filled, slot_types)
        return self.reply

    @property
    def response(self) -> dict[str, Any]:
        """The response to the last thing the test said or sent, not to an AudioPlayer event since."""
        return self.reply.get("response") or {}

    def stored(self) -> dict[str, Any] | None:
        found = self.store.load(self.user_id)
        return found[0] if found else None

    def advance(self, seconds: float) -> None:
        """Let ``seconds`` of the device's clock pass (scaled plan time: ``seconds * time_scale``), firing every
        event that comes due on the way, in order."""
        end = self.now + seconds
        for _ in range(100_000):
            wait = self.device.seconds_until_next()
            if not self.device.playing or wait is None or self.now + wait > end:
                break
            self.now += max(wait, 1e-6)
            self.device.tick()
        self.now = max(self.now, end)
        self.device.tick()

    def play_out(self, limit: float = 30.0) -> None:
        """Let audio play until nothing is playing, or ``limit`` seconds of the device's clock have passed (a
        dinner plays until stopped)."""
        end = self.now + limit
        for _ in range(100_000):
            wait = self.device.seconds_until_next()
            if not self.device.playing or wait is None or self.now >= end:
                return
            self.now = min(end, self.now + max(wait, 1e-6))
            self.device.tick()

    def close(self) -> None:
        self.store.close()


def named(driver: Driver, *said: str) -> None:
    """Open the skill as Sam and Alex, then say each of ``said`` in turn: the start most conversation tests share."""
    driver.launch()
    driver.say("we're Sam and Alex")
    for words in said:
        driver.say(words)
