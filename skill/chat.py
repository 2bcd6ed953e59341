"""``heartline chat``: the skill from the keyboard, one utterance a line, speech printed as plain text.

Typed lines go through the matcher built from the interaction model, then to the skill as real Alexa
envelopes through a local device; timed rounds play on the scheduler and print their cues as they come.
Piped input waits for a round to play out before the next line (a script cannot interrupt) and gets one
dinner question per line, while at an interactive terminal a line typed during a round ("pause", "next") is a
command, as on an Echo, and a dinner goes on until someone says stop.
"""

from __future__ import annotations

import html
import queue
import re
import sys
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from typing import TextIO

from intents.matcher import FALLBACK_INTENT, Matcher
from skill.decks import Content
from skill.device import LocalDevice
from skill.errors import StoreError
from skill.rounds import Phase
from skill.safety import is_distress
from skill.scheduler import EventKind, TimelineEvent
from skill.state import Household
from skill.store import Store

_BREAK = re.compile(r'<break\s+time="(\d+(?:\.\d+)?)(ms|s)"\s*/>')
_AUDIO = re.compile(r"<audio\b[^>]*/>|<audio\b[^>]*>.*?</audio>", re.S)
_TAG = re.compile(r"<[^>]+>")
SAFETY_LIKENESS = 0.9
"""A loose likeness to one of SafetyIntent's samples, when the safety check has already turned the words down,
counts only from this score up. A probe found "she beat me to the punch" (0.73 to "she beat me"), "he said he'd
kill for those shoes" (0.73) and "he hit me up on text last night" (0.81) stopping an exercise with the
hotlines; a misspelt disclosure scores higher ("i wnat to die", 0.92), and an exact sample always counts."""

LAUNCH_PHRASES = {
    "open heart line",
    "launch heart line",
    "start heart line",
    "heart line",
    "open heartline",
    "alexa open heart line",
}


def ssml_to_text(ssml: str) -> str:
    """Plain text for a terminal: breaks as [pause 2s], audio clips as [chime], markup gone."""

    def pause(match: re.Match[str]) -> str:
        value = float(match.group(1))
        seconds = value / 1000 if match.group(2) == "ms" else value
        return f" [pause {_fmt_seconds(seconds)}] "

    text = _BREAK.sub(pause, ssml)
    text = _AUDIO.sub(" [chime] ", text)
    text = html.unescape(_TAG.sub(" ", text))
    return " ".join(text.split())


def _fmt_seconds(seconds: float) -> str:
    return f"{seconds:g}s"


class TextOutput:
    """Prints what a device would say or play."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def _print(self, text: str) -> None:
        print(text, file=self.stream, flush=True)

    def speech(self, ssml: str) -> None:
        text = ssml_to_text(ssml)
        if text:
            self._print(text)

    def track_started(self, phase: Phase, title: str, subtitle: str, offset_s: float = 0.0) -> None:
        who = "" if phase.who == "both" else f", {phase.who}"
        # A resumed part says what is left of it too: its whole length alone read as if it began again.
        left = max(phase.seconds - int(offset_s), 0)
        length = _clock(phase.seconds) + (f", {_clock(left)} left" if offset_s >= 1 else "")
        self._print(f"[{title}: {subtitle.lower() or 'part'}, {phase.role.value}{who}, {length}]")

    def track_stopped(self, phase: Phase) -> None:
        self._print("[audio stopped]")

    def track_event(self, phase: Phase, event: TimelineEvent, gap: float) -> None:
        tail = f" [pause {_fmt_seconds(round(gap, 3))}]" if gap > 0 else ""
        if event.kind is EventKind.CUE:
            self._print(f"{event.text}{tail}")
        elif event.kind is EventKind.WARNING:
            self._print(f"[chime] {event.text}{tail}")
        elif event.kind is EventKind.END:
            self._print("[chime]")


def _clock(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


class ChatSession:
    """Turns lines into requests for one local device."""

    def __init__(
        self,
        device: LocalDevice,
        matcher: Matcher,
        content: Content,
        names: Callable[[], tuple[str, ...]] = lambda: (),
    ) -> None:
        self.device = device
        self.matcher = matcher
        self.content = content
        self.names = names
        """The household's first names as stored now, for the safety check ("Mark hit me")."""

    def say(self, line: str) -> None:
        text = line.strip()
        if not text:
            return
        if text.lower().strip(" .!?,") in LAUNCH_PHRASES:
            self.device.launch()
            return
        if is_distress(text, self.content.safety, self.names()):
            self._send("SafetyIntent", {})
            return
        match = self.matcher.match(text)
        if match.intent == "SafetyIntent" and not match.exact and match.score < SAFETY_LIKENESS:
            self.misheard()
            return
        self._send(match.intent, match.slots)

    def misheard(self) -> None:
        """What an Echo sends when speech in an open session matched no command: the skill asks again."""
        self._send(FALLBACK_INTENT, {})

    def _send(self, intent: str, slots: Mapping[str, object]) -> None:
        try:
            slot_types = dict(self.matcher.model.intent(intent).slots)
        except KeyError:
            slot_types = {}
        self.device.utter(intent, slots, slot_types)


def run_chat(
    session: ChatSession, lines: TextIO, interactive: bool, launch: bool = True, prompt_stream: TextIO | None = None
) -> int:
    """The read-eval loop. Returns the exit code (0: input ended or the user stopped)."""
    device = session.device
    if launch:
        device.launch()
    inbox: queue.Queue[str | None] = queue.Queue()
    input_done = threading.Event()
    reader = threading.Thread(target=_read_lines, args=(lines, inbox, input_done), daemon=True)
    reader.start()
    prompt = prompt_stream if interactive else None
    if not interactive:
        # a script cannot interrupt audio, so an open-ended dinner gives one question per line of input
        device.finishing = lambda: True
    ended = False
    while True:
        if device.playing and (not interactive or ended):
            _wait_and_tick(device)
            continue
        if prompt is not None and not device.playing:
            print("> ", end="", file=prompt, flush=True)
        if ended:
            return 0
        wait = device.seconds_until_next()
        try:
            line = inbox.get(timeout=wait) if wait is not None else inbox.get()
        except queue.Empty:
            device.tick()
            continue
        if line is None:
            ended = True
            if interactive:
                return 0
            continue
        session.say(line)
        device.tick()


def _wait_and_tick(device: LocalDevice) -> None:
    wait = device.seconds_until_next()
    if wait:
        threading.Event().wait(wait)
    device.tick()


def _read_lines(lines: Iterable[str], inbox: queue.Queue[str | None], done: threading.Event) -> None:
    try:
        for line in lines:
            inbox.put(line.rstrip("\n"))
    finally:
        inbox.put(None)
        done.set()


def stdin_is_interactive() -> bool:
    return sys.stdin.isatty()


def remember_names(store: Store, household: str, names: tuple[str, str]) -> None:
    """Store the household's first names as given on the command line (``talk --names``), as "we're Maya and Jon"
    typed would. By voice, only names the recogniser knows can be heard, and one it has never met came out as a
    common one: "we're Maya and Jon" set Mark and John (the voice helper's sessions)."""
    found = store.load(household)
    current = Household.from_dict(found[0] if found else None)
    store.save(household, replace(current, names=names).to_dict(), found[1] if found else None)


def stored_names(store: Store, household: str) -> Callable[[], tuple[str, ...]]:
    """Reads the household's names when asked, so names given a moment ago count. A store that cannot be
    read gives none: the safety check then falls back on its pronouns and roles, never on an error."""

    def names() -> tuple[str, ...]:
        try:
            found = store.load(household)
        except StoreError:
            return ()
        return Household.from_dict(found[0]).names or () if found else ()

    return names
