"""What a recogniser answers, and the one place a transcript becomes an intent.

Every engine (the offline grammar decoder, or a speechrecognition engine) ends in a transcript; the
transcript goes through the same ``Matcher`` as ``heartline chat``, so voice, text and Alexa share one
interaction model. Audio is passed around as ``speech_recognition.AudioData`` because that is what every
speechrecognition engine takes; the offline decoder reads it as 16 kHz 16-bit mono.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
import speech_recognition as sr

from intents.matcher import FALLBACK_INTENT, Matcher, SlotMatch
from skill.errors import HeartlineError

RATE = 16000
"""The offline decoder's sample rate (its acoustic model's)."""
LAUNCH_INTENT = "LaunchRequest"
"""Not an intent: opening the skill, as "open heart line" does on an Echo."""
LAUNCH_PHRASES = frozenset({"open heart line", "start heart line", "launch heart line"})
TABLE_TALK_INTENTS = frozenset(
    {
        "AffectionIntent",
        "OutOfScopeIntent",
        "ComplaintIntent",
        "ThatsAllIntent",
        "TableTalkIntent",
        "GoodNewsIntent",
        "HeavyMomentIntent",
        "DinnerRulesIntent",
        "BeyondScopeIntent",
        "ClarifyIntent",
        "RoundStrainIntent",
        "AboutFeelingsIntent",
    }
)
"""Intents a microphone on the table does not take as commands. Typed in ``chat`` or said to Alexa, "I love
you" is meant for Heartline; heard by ``talk``, it is meant for the partner, and the rest of the couple's talk
("I really liked the pasta you made") was forced onto it: with it in the offline grammar, 3 of the 75 off-topic
sentences of the committed clips (clean and 20 dB) were taken as it, none without it (bench/asr.py at 96164f3
against 10072d2: 2/50 and 1/25 against 0/50 and 0/25). "What time is it?", "tell me a joke" (requests for the
assistant Heartline is not) are the same: at the table they are asked of each other, and there is no Alexa to
send them to. "You're annoying", "this is boring" likewise: at the table they are as likely said to each other
as to Heartline, and an answer to a remark between partners would be an intrusion. "That's it" / "that's
all" too: in its first run in the grammar (bench/asr.py at f8fdb3b) the held-out "i think the kids need new
shoes for school" at 20 dB was taken as "i think that is it for me", and at the table it ends half the
sentences partners say; by voice the floor passes with "heart line, I'm done talking" or "next". "You go
first", "that's a hard one" (``TableTalkIntent``) are said to each other by definition; "we had a lovely day",
"that was intense", "who answers first?", "what's my love language?" as often to each other as to Heartline, and
an unasked offer of a round or a lecture would intrude on them. "What do you mean?" is the question partners
ask each other most in a listening round. "I don't know what I feel", "I can't put it into words" (and the
questions of that intent with them, so the grammar does not grow) are the heart of what partners tell each
other, not a request to be taught."""
CHECK_IN_ONLY_INTENTS = frozenset({"CheckInHowIntent", "SplitScoreIntent"})
"""Questions and answers that mean something only during a check-in ("what's the scale again?", "three or
four"). By voice a check-in listens for its answers alone (``audio.sphinx.FOCUSES``; "help" there says how to
answer), so in the whole grammar these would only ever be heard where they mean nothing, and a pair of number
slots multiplies the grammar's sentences."""
RENAME_INTENTS = frozenset({"RenameIntent"})
"""Correcting a name ("actually it's Jordan, not Alex"): two name slots in a template put every pair of names
into the grammar (529 phrases a template with the common names), and by voice a misheard name is put right the
way it was given ("we're Sam and Jordan")."""
UNHEARD_INTENTS = TABLE_TALK_INTENTS | CHECK_IN_ONLY_INTENTS | RENAME_INTENTS
"""Left out of the offline grammar, and never a command by voice whichever engine heard them."""


class RecognizerError(HeartlineError):
    """A recognition engine or its model is missing or unusable; the message says what to install or set."""


@dataclass(frozen=True)
class Recognition:
    """One utterance, recognised."""

    transcript: str
    """What the engine heard (the grammar's words for the offline engine); empty when nothing was heard."""
    intent: str | None
    """None when rejected: not a command, or not sure enough."""
    slots: Mapping[str, SlotMatch] = field(default_factory=dict)
    accepted: bool = False
    reason: str = ""
    """Why it was accepted or rejected, in a few words (for ``heartline recognize`` and the bench)."""
    decode_ms: float = 0.0
    engine: str = ""


class Recognizer(Protocol):
    """Anything that turns an utterance into a Recognition."""

    name: str

    def recognize(self, audio: sr.AudioData) -> Recognition: ...


def interpret(matcher: Matcher, transcript: str) -> tuple[str | None, dict[str, SlotMatch], float]:
    """Transcript -> (intent or None for no command, slots, matcher score)."""
    text = " ".join(transcript.lower().split())
    if not text:
        return None, {}, 0.0
    if text in LAUNCH_PHRASES:
        return LAUNCH_INTENT, {}, 1.0
    match = matcher.match(text)
    if match.intent == FALLBACK_INTENT or match.intent in UNHEARD_INTENTS:
        return None, {}, 0.0
    return match.intent, dict(match.slots), match.score


def to_pcm16(audio: sr.AudioData) -> np.ndarray:
    """The utterance as int16 samples at ``RATE`` (speechrecognition converts rate and width)."""
    raw = audio.get_raw_data(convert_rate=RATE, convert_width=2)
    return np.frombuffer(raw, dtype="<i2")


def audio_from_pcm16(samples: np.ndarray, rate: int = RATE) -> sr.AudioData:
    """int16 mono samples as AudioData (what capture hands to a recogniser)."""
    return sr.AudioData(np.asarray(samples, dtype="<i2").tobytes(), rate, 2)


def slot_summary(slots: Mapping[str, SlotMatch]) -> dict[str, str]:
    """Slot -> resolved id (custom types) or what was heard (numbers as digits, names): for output and tests."""
    return {name: (slot.resolved_id or slot.spoken).lower() for name, slot in slots.items()}
