"""The per-request view the handlers work with: typed household and conversation state, slots, replies.

A request interceptor builds one ``Turn`` per request from the store and the session attributes; the
response interceptor writes back only what changed. Handlers read and replace typed values and never touch
raw attribute dicts, so the JSON shapes live in one place (``skill.state``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any
from xml.sax.saxutils import escape

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Directive, Response
from ask_sdk_model.interfaces.audioplayer import StopDirective
from ask_sdk_model.slu.entityresolution import StatusCode

from intents import phrases
from intents.envelopes import LOCAL_APPLICATION_ID
from intents.interaction_model import listed_phrases, shipped_model
from intents.tracks import TrackCatalog
from skill.config import Settings
from skill.decks import Content
from skill.state import Conversation, Household

TURN_KEY = "heartline.turn"
_WHOLE_NUMBER = re.compile(r"-?[0-9]{1,9}")
"""ASCII digits, up to nine: no length, score, count or token part needs more. ``str.isdigit`` (and ``\\d``) also
take "²", which int() refuses, and other scripts' digits; and int() refuses a string of over 4,300 digits."""


def whole_number(text: str | None, *, signed: bool = False) -> int | None:
    """``text`` as an int when it is a plain whole number (a minus sign only when ``signed``), else None: the one
    reader for numbers that come from outside (slot values, resolution ids, player tokens), so none can fail."""
    if text is None:
        return None
    text = text.strip()
    if not _WHOLE_NUMBER.fullmatch(text) or (text.startswith("-") and not signed):
        return None
    return int(text)


def esc(text: str) -> str:
    """Text made safe inside SSML: a name like 'Ann & Bo' must not break the markup."""
    return escape(text, {'"': "&quot;"})


ECHO_WORDS = 6
ECHO_CHARS = 60
"""How much of what was heard is said back: enough to recognise a topic or an answer ("I heard sort of"). A slot
can hold any text (a custom slot takes whole sentences; a hand-made request, thousands of words), and a reply
must stay under Alexa's 8,000 characters of speech."""


def echo(spoken: str) -> str:
    """What was heard, as said back in a reply: its first ``ECHO_WORDS`` words, at most ``ECHO_CHARS`` characters
    (a cut word is left out). Every reply that repeats a slot's words takes them from here; escape as usual."""
    short = " ".join(spoken.split()[:ECHO_WORDS])
    if len(short) <= ECHO_CHARS:
        return short
    cut = short[: ECHO_CHARS + 1]
    return cut.rsplit(" ", 1)[0] if " " in cut else cut[:ECHO_CHARS]


def brk(seconds: float) -> str:
    """A pause; Alexa allows at most 10 s per break."""
    seconds = max(0.0, min(seconds, 10.0))
    if seconds == int(seconds):
        return f'<break time="{int(seconds)}s"/>'
    return f'<break time="{int(seconds * 1000)}ms"/>'


def join(*parts: str) -> str:
    return " ".join(p.strip() for p in parts if p and p.strip())


def household_tag(household_id: str) -> str:
    """A short, non-reversible tag for tokens and logs: the raw user id never leaves the store."""
    return hashlib.sha256(household_id.encode()).hexdigest()[:12]


@cache
def _listed_values(intent_name: str, slot_name: str) -> Mapping[str, str]:
    """Every phrase the model lists for a custom slot of this intent (lower-case) -> its value's id. A request
    may carry a slot value with no resolution (entity resolution missed it, or a simulator sends none): a
    phrase the model itself lists is still that value, rather than words to ask about again."""
    try:
        type_name = shipped_model().intent(intent_name).slots.get(slot_name, "")
    except KeyError:
        return {}
    return listed_phrases(type_name)


def _first_id(authority: Any) -> str | None:
    """The first id among an authority's resolved values. The schema lets a value, its wrapper or its id be null
    (``"values": [null]``); such an entry resolves nothing, rather than failing the request."""
    for wrapper in getattr(authority, "values", None) or []:
        value_id = getattr(getattr(wrapper, "value", None), "id", None)
        if isinstance(value_id, str) and value_id:
            return value_id
    return None


@dataclass(frozen=True)
class SlotValue:
    spoken: str
    resolved_id: str | None


@dataclass
class Turn:
    handler_input: HandlerInput
    settings: Settings
    content: Content
    tracks: TrackCatalog
    household_id: str
    household: Household
    conversation: Conversation
    loaded: Household = field(default_factory=Household)
    """The household as it was read, to write back only when something changed."""
    version: int | None = None
    delete_requested: bool = False
    today: str = ""
    """The household's evening (``skill.clock.local_day``): the local date where the device is, turning at
    4 a.m., so a dinner past midnight is still tonight's."""

    @classmethod
    def of(cls, handler_input: HandlerInput) -> Turn:
        turn = handler_input.attributes_manager.request_attributes.get(TURN_KEY)
        if not isinstance(turn, Turn):
            raise LookupError("no Turn: the loading interceptor did not run")
        return turn

    # -- request ------------------------------------------------------------------------------------------

    @property
    def request(self) -> Any:
        return self.handler_input.request_envelope.request

    @property
    def in_session(self) -> bool:
        return self.handler_input.request_envelope.session is not None

    def slot(self, name: str) -> SlotValue | None:
        intent = getattr(self.request, "intent", None)
        slots = getattr(intent, "slots", None) or {}
        slot = slots.get(name)
        if slot is None or not isinstance(slot.value, str) or not slot.value.strip():
            return None
        resolved: str | None = None
        resolutions = getattr(slot, "resolutions", None)
        for authority in getattr(resolutions, "resolutions_per_authority", None) or []:
            status = getattr(getattr(authority, "status", None), "code", None)
            if status == StatusCode.ER_SUCCESS_MATCH:
                resolved = _first_id(authority)
                if resolved is not None:
                    break
        spoken = slot.value.strip()
        if resolved is None and intent is not None:
            resolved = _listed_values(intent.name, name).get(spoken.lower())
        return SlotValue(spoken, resolved)

    def slot_id(self, name: str) -> str | None:
        """The id the slot's value resolved to (a custom type's value), or None: absent, or said in words the
        type does not list. Handlers that act only on a listed value ask this rather than the slot."""
        value = self.slot(name)
        return value.resolved_id if value is not None else None

    def number(self, name: str) -> int | None | str:
        """The slot as an int; None when absent; the raw text when present but not a number ('?')."""
        value = self.slot(name)
        if value is None:
            return None
        found = whole_number(value.spoken, signed=True)
        return found if found is not None else value.spoken

    @property
    def _system(self) -> Any:
        """The envelope's ``context.System`` (device, application), or None for a hand-made request without it."""
        context = self.handler_input.request_envelope.context
        return context.system if context else None

    @property
    def local(self) -> bool:
        """A request from ``heartline chat`` or ``talk`` (their envelopes carry the local application id)."""
        return getattr(getattr(self._system, "application", None), "application_id", None) == LOCAL_APPLICATION_ID

    @property
    def wake_word(self) -> str:
        """What goes before a command while something plays: "Alexa" on an Echo; "heart line" on the local
        fronts, where ``talk`` listens for it through table talk (and ``chat`` takes it too). Telling a couple
        at a laptop to say "Alexa, next" would send them to a device that is not there."""
        return "heart line" if self.local else phrases.ECHO_WAKE_WORD

    def supports_audio(self) -> bool:
        device = getattr(self._system, "device", None)
        interfaces = getattr(device, "supported_interfaces", None)
        return getattr(interfaces, "audio_player", None) is not None

    def stop_audio(self) -> None:
        """Stop what the device plays, if it can play: a device without an AudioPlayer (the Alexa app, a Fire TV,
        the developer console) takes no AudioPlayer directive, and Alexa refuses a response that carries one, so
        the couple heard Alexa's error where the answer should be (the hotline numbers, once)."""
        if self.supports_audio():
            self.handler_input.response_builder.add_directive(StopDirective())

    # -- response -----------------------------------------------------------------------------------------

    def reply(self, speech: str, reprompt: str | None = None, end: bool | None = None) -> Response:
        """Speak (SSML fragments), keep what was said for 'repeat', ask again when an answer is expected."""
        builder = self.handler_input.response_builder
        builder.speak(speech)
        if reprompt:
            builder.ask(reprompt)
            self.conversation = replace(self.conversation, last_speech=speech, last_reprompt=reprompt)
        else:
            self.conversation = replace(self.conversation, last_speech=speech, last_reprompt="")
            builder.set_should_end_session(True if end is None else end)
        return builder.response

    def speak_and_play(self, speech: str, directive: Directive) -> Response:
        """An introduction, then audio: AudioPlayer responses end the session (Alexa plays, then listens no more)."""
        builder = self.handler_input.response_builder
        builder.speak(speech)
        builder.add_directive(directive)
        builder.set_should_end_session(True)
        self.conversation = replace(self.conversation, last_speech=speech, last_reprompt="")
        return builder.response

    def silent(self) -> Response:
        """For AudioPlayer and PlaybackController requests, which may carry no speech."""
        return self.handler_input.response_builder.response
