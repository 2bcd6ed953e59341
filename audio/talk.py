"""``heartline talk``: the skill by voice, with the same Skill, local device and round scheduler as chat.

Only the ends differ from ``heartline chat``: input is microphone frames -> voice activity detection ->
recogniser -> the recognised phrase through ``ChatSession.say`` (safety check, matcher, device); output is
the skill's speech through TTS and the speakers, with chimes and cues as a round plays. Everything spoken
is also printed.

While a partner has the floor (a phase is playing) only "heart line" followed by a command is acted on;
a bare "heart line" opens the microphone for the next utterance. The microphone is deaf while the skill
speaks or chimes and for ``MUTE_AFTER_S`` after, so the skill never hears itself.

With the offline engine the utterance is decoded while it is spoken (``SphinxRecognizer.begin``, from its
first frame) and its searches finish in the pause that ends it, so the answer is ready when that silence is
over (``bench/asr.py``'s talk rows); if the skill starts to speak over it, the half-decoded utterance is
dropped with the rest of what was heard.

Privacy: captured audio and transcripts stay in memory; the only thing rendered to speech (and cached) is
the skill's own prompt text. With an engine that transcribes elsewhere, nothing said while a partner has the
floor leaves the machine unless "heart line" was spotted in it here, and then only the command after it.
"""

from __future__ import annotations

import logging
import queue
import re
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import numpy as np

from audio.capture import AudioSource
from audio.cues import Chime, chime
from audio.keys import KEY_NEXT, KEY_PAUSE, KEY_QUIT, key_presses
from audio.level import is_quiet, speech_level
from audio.pcm import SAMPLE_RATE, louder, read_wav
from audio.playback import AudioSink, SilentSink
from audio.recognition import LAUNCH_INTENT, RATE, Recognition, Recognizer, RecognizerError, audio_from_pcm16
from audio.spotter import WakeSpotter
from audio.tts import Speech
from audio.vad import Endpointer, Utterance, is_steady
from intents.common import LOUD_VOLUME, SLOW_RATE
from intents.interceptors import SESSION_KEY
from skill.chat import ChatSession, TextOutput, remember_names, ssml_to_text, stored_names
from skill.config import Settings
from skill.rounds import Phase
from skill.scheduler import EventKind, TimelineEvent

if TYPE_CHECKING:
    from audio.sphinx import LiveUtterance

log = logging.getLogger(__name__)

MUTE_AFTER_S = 0.4
"""The microphone stays deaf this long after the skill stops making sound (echo, reverb)."""
WAKE_WINDOW_S = 6.0
"""After a bare "heart line" (answered with the listening chime), the next utterance starting within this long
is taken as a command."""
REPROMPT_AFTER_S = 8.0
"""Silence after Heartline asks something (nobody speaks, nothing plays) before it asks again, once: an Echo
reprompts after about 8 s. Not scaled by ``--time-scale``, which shortens rounds, not people's answers."""
IDLE_POLL_S = 0.1
_MARK = re.compile(r"\[pause (\d+(?:\.\d+)?)s\]|\[chime\]")
STOP_INTENTS = frozenset({"AMAZON.StopIntent", "AMAZON.CancelIntent"})
NAMES_INTENT = "SetNamesIntent"
GREETING_INTENT = "GreetingIntent"
NAMES_BY_VOICE = (
    "[by voice Heartline hears the first names it knows: common ones, and yours once they are stored. If it got "
    "yours wrong, start talk with --names FIRST SECOND, or type them once in heartline chat with the same --profile]"
)
"""Printed, not spoken, the first time names are set by voice: it is about the command line."""


class SpeakerOutput:
    """A device Output that prints like chat and then plays the same thing aloud."""

    def __init__(self, speech: Speech, sink: AudioSink, stream: TextIO) -> None:
        self.text = TextOutput(stream)
        self.speech_engine = speech
        self.sink = sink
        self.audible = not isinstance(sink, SilentSink)
        """False for ``--silent``: nothing is rendered either, since nobody hears it (no espeak-ng run, no
        request to Google, no clip written to the cache)."""
        self.sound_ended = 0.0
        """Monotonic time the last sound ended: the talk loop stays deaf until MUTE_AFTER_S after it."""

    def speech(self, ssml: str) -> None:
        """Spoken in the slow voice when the skill asked for a slow repeat ("slow down"), louder when it asked
        for a loud one ("speak up": Alexa's prosody volume; a skill cannot turn the speaker up)."""
        self.text.speech(ssml)
        if not self.audible:
            self._play(np.zeros(0, dtype=np.float32))
            return
        samples = self._render(ssml_to_text(ssml), slow=f'rate="{SLOW_RATE}"' in ssml)
        self._play(louder(samples) if f'volume="{LOUD_VOLUME}"' in ssml else samples)

    def track_started(self, phase: Phase, title: str, subtitle: str, offset_s: float = 0.0) -> None:
        self.text.track_started(phase, title, subtitle, offset_s)

    def track_stopped(self, phase: Phase) -> None:
        """Stopping is silent: the sounds already played have ended, nothing more to do than say so."""
        self.text.track_stopped(phase)

    def track_event(self, phase: Phase, event: TimelineEvent, gap: float) -> None:
        self.text.track_event(phase, event, gap)
        parts: list[np.ndarray] = []
        if event.kind is EventKind.WARNING:
            parts.append(chime(Chime.WARNING))
        if event.kind is EventKind.END:
            parts.append(chime(Chime.TIME))
        if event.kind in (EventKind.CUE, EventKind.WARNING) and event.text and self.audible:
            parts.append(self._render(event.text))
        if parts:
            self._play(np.concatenate(parts))

    def cue(self, kind: Chime) -> None:
        """A chime on its own: nothing is printed beyond what the loop prints."""
        self._play(chime(kind))

    def _render(self, text: str, slow: bool = False) -> np.ndarray:
        """Plain text with [pause Ns] and [chime] marks as one stretch of samples."""
        voice = replace(self.speech_engine.voice, slow=True) if slow else None
        parts: list[np.ndarray] = []
        pos = 0
        for mark in [*_MARK.finditer(text), None]:
            chunk = text[pos : mark.start() if mark else len(text)].strip()
            if chunk:
                parts.append(read_wav(self.speech_engine.render(chunk, voice).path))
            if mark is None:
                break
            pos = mark.end()
            if mark.group(1):
                parts.append(np.zeros(round(float(mark.group(1)) * SAMPLE_RATE), dtype=np.float32))
            else:
                parts.append(chime(Chime.WARNING))
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.float32)

    def _play(self, samples: np.ndarray) -> None:
        if samples.size:
            self.sink.play(samples, SAMPLE_RATE)
        self.sound_ended = time.monotonic()


@dataclass
class _Wake:
    """Whether the microphone is open for a command while a partner has the floor."""

    until: float = 0.0

    def open(self) -> bool:
        return time.monotonic() < self.until


class TalkLoop:
    """Reads frames, finds utterances, acts on commands, keeps the round's clock ticking."""

    def __init__(
        self,
        session: ChatSession,
        recognizer: Recognizer,
        source: AudioSource,
        output: SpeakerOutput,
        stream: TextIO,
        endpointer: Endpointer | None = None,
        spotter: WakeSpotter | None = None,
    ) -> None:
        self.session = session
        self.device = session.device
        self.recognizer = recognizer
        self.source = source
        self.output = output
        self.stream = stream
        self.endpointer = endpointer or Endpointer()
        self.spotter = spotter
        """For an engine that hears utterances whole and elsewhere: what decides, here, whether an utterance
        said while a partner has the floor goes to it at all (see ``audio/spotter.py``)."""
        self.wake = _Wake()
        self._muted_after = 0.0
        self._live: LiveUtterance | None = None
        """The utterance being decoded while it is spoken (offline engine), from its first frame."""
        self._fed = 0
        """Samples of the current utterance the live decoder has heard."""
        self._floor_taken = False
        """Whether a partner had the floor when the current utterance began."""
        self._told_quiet = False
        """Whether the microphone was said to be quiet (``_say_if_quiet``): once a session is enough."""
        self._asked_again = False
        """Whether the skill already asked again since the last command: one reprompt, as on an Echo, not one
        for every sentence of table talk while a question is open, nor again after a silence."""
        self._names_told = False
        """Whether ``NAMES_BY_VOICE`` was printed: once a session."""
        self._quiet_s = 0.0
        """Seconds of audio heard since the skill's last sound or the last speech, with no speech in them:
        counted in the microphone's frames, not by the wall clock, which runs on while a slow decode keeps the
        loop behind the audio (on a loaded machine that asked again in the middle of an answer)."""

    def _print(self, text: str) -> None:
        print(text, file=self.stream, flush=True)

    def run(self, presses: queue.Queue[str] | None = None, launch: bool = True) -> int:
        """Until the source ends (then the playing round is let finish), q, or "stop" outside a round."""
        self._use_household_names()
        if launch:
            self.device.launch()
            self._after_sound()
        while True:
            self.device.tick()
            self._after_sound()
            if presses is not None and self._keys(presses):
                return 0
            wait = self.device.seconds_until_next()
            frame = self.source.read(min(IDLE_POLL_S, wait) if wait is not None else IDLE_POLL_S)
            if frame is None:
                return self._finish(presses)
            if not isinstance(frame, np.ndarray):  # False: nothing arrived in time
                continue
            self._quiet_s += len(frame) / RATE
            if time.monotonic() >= self._muted_after:
                utterance = self._listen(frame)
                if utterance is not None or self.endpointer.in_speech:
                    self._quiet_s = 0.0
                if utterance is not None and self._handle(utterance):
                    return 0
            self._reprompt_if_silent()

    def _reprompt_if_silent(self) -> None:
        """When Heartline has asked something and nobody has said anything for ``REPROMPT_AFTER_S``, its
        reprompt, once (an Echo does the same). It used to wait in silence for as long as it took: a couple who
        missed the question never heard it again, nor what they could say."""
        if self._asked_again or not self.device.in_session or self.device.playing or self.endpointer.in_speech:
            return
        if self._quiet_s < REPROMPT_AFTER_S:
            return
        ssml = self._reprompt()
        if not ssml:
            return
        self._asked_again = True
        self.output.speech(ssml)
        self._after_sound()

    def _reprompt(self) -> str | None:
        """The reprompt of the skill's last answer (SSML), if it asked something."""
        reprompt = ((self.device.last_response.get("response") or {}).get("reprompt") or {}).get("outputSpeech")
        ssml = reprompt.get("ssml") if isinstance(reprompt, dict) else None
        return str(ssml) if ssml else None

    def _listen(self, frame: np.ndarray) -> Utterance | None:
        """Feed the endpointer; with a live engine, also the recogniser, from the utterance's first frame on,
        with what the utterance will keep (``Endpointer.settled``), and whether the speaker has paused long
        enough for the recogniser to finish early (``Endpointer.pausing``)."""
        utterance = self.endpointer.feed(frame)
        if utterance is not None and is_steady(utterance.samples):
            # A fan or a running tap the detector took for speech: never a command (in a check-in it was heard
            # as "help"), and nothing to learn the room's level from.
            log.debug("dropped steady noise the detector took for speech")
            if self._live is not None:
                self._live.cancel()
                self._live = None
            return None
        if utterance is None and not self.endpointer.in_speech:
            return None
        if self._live is None:
            self._floor_taken = self.device.playing and not self.wake.open()
            listen_for = getattr(self.recognizer, "listen_for", None)
            if listen_for is not None:
                listen_for(None if self._floor_taken else self._pending())
            begin = getattr(self.recognizer, "begin", None)
            if begin is None:
                return utterance
            self._live, self._fed = begin(wake=self._floor_taken), 0
        if utterance is not None:
            self._live.feed(utterance.samples[self._fed :])
        else:
            settled = self.endpointer.settled()
            self._live.feed(settled, pausing=self.endpointer.pausing)
            self._fed += len(settled)
        return utterance

    def _after_sound(self) -> None:
        """Once the skill has made a sound, forget what the microphone heard meanwhile and stay deaf a moment."""
        if self.output.sound_ended > self._muted_after - MUTE_AFTER_S:
            self._muted_after = self.output.sound_ended + MUTE_AFTER_S
            self._quiet_s = 0.0
            self.source.discard()
            self.endpointer.reset()
            if self._live is not None:
                self._live.cancel()
                self._live = None

    def _finish(self, presses: queue.Queue[str] | None) -> int:
        """The recordings (``--hear``) are over: the round playing plays out, and the keys still work on it (q
        was dead until its last part ended, minutes later)."""
        while self.device.playing:
            if presses is not None and self._keys(presses):
                return 0
            wait = self.device.seconds_until_next()
            time.sleep(max(0.0, min(wait if wait is not None else IDLE_POLL_S, IDLE_POLL_S)))
            self.device.tick()
            self._after_sound()
        return 0

    def _handle(self, utterance: Utterance) -> bool:
        """Act on one utterance; True when talk should end. Its level is learnt after, when nobody waits."""
        live, self._live = self._live, None
        self._say_if_quiet(utterance.samples)
        try:
            if live is None:
                return self._act(*self._recognize_whole(utterance.samples))
            return self._act(*live.result())
        finally:
            if live is not None:
                live.learn_level()

    def _say_if_quiet(self, samples: np.ndarray) -> None:
        """Once a session, that the microphone hears speech more quietly than the recogniser hears well (a
        laptop across the table, an input level turned down), with its level: commands 20 dB under the
        recordings it was measured on were refused more often and 30 dB under mostly not heard at all
        (``audio.level``), and the one at the microphone can only tell by being told."""
        if self._told_quiet or not is_quiet(samples):
            return
        self._told_quiet = True
        self._print(
            f"[the microphone hears this quietly ({speech_level(samples):.0f} dBFS): move closer to it or turn "
            "its input level up]"
        )

    def _recognize_whole(self, samples: np.ndarray) -> tuple[Recognition, bool | None]:
        """An engine without live decoding, given the utterance once it ended. While a partner has the floor
        and a spotter is there, the engine gets only what follows a "heart line" spotted here, or nothing."""
        if not self._floor_taken or self.spotter is None:
            return self._recognize(samples), None
        spotted = self.spotter.spot(samples)
        if not spotted.heard:
            return Recognition("", None, reason="no wake phrase"), False
        if not len(spotted.command):
            return Recognition("heart line", None, reason="wake phrase only"), True
        return self._recognize(spotted.command), True

    def _recognize(self, samples: np.ndarray) -> Recognition:
        """The engine's answer. An engine that fails (the network gone mid-round) costs this one utterance,
        said on screen, not the session: the round plays on, and the next utterance and the keys still work."""
        try:
            return self.recognizer.recognize(audio_from_pcm16(samples))
        except RecognizerError as exc:
            log.warning("%s", exc)
            self._print(f"[not heard: {exc}]")
            return Recognition("", None, reason="engine failed")

    def _act(self, recognition: Recognition, spotted: bool | None) -> bool:
        """What ``_handle`` does with the utterance recognised (``spotted``: None when there is no spotter)."""
        floor_taken = self._floor_taken
        if floor_taken:
            if not woke(recognition, spotted):
                log.debug("ignored an utterance while a partner has the floor")
                return False
            if not recognition.accepted or only_a_call(recognition):
                self._print("[listening]")
                self.output.cue(Chime.LISTENING)
                self._after_sound()
                self.wake.until = time.monotonic() + WAKE_WINDOW_S
                return False
        if not recognition.accepted:
            self._print("[not a command]")
            if self.device.in_session and not self._asked_again:
                self._asked_again = True
                self.session.misheard()
                self._after_sound()
            return False
        self.wake.until = 0.0
        self._asked_again = False
        self._print(f"> {recognition.transcript}")
        reprompt = self._reprompt() if recognition.intent == LAUNCH_INTENT and self.device.in_session else None
        if reprompt is not None:
            # Heartline is open already (talk opens it and speaks first): "open heart line" gets what it waits
            # for, not a new session and the whole welcome (about 20 s) again.
            self.output.speech(reprompt)
            self._after_sound()
            return False
        self.session.say(recognition.transcript)
        self._after_sound()
        self._use_household_names()
        if recognition.intent == NAMES_INTENT and hasattr(self.recognizer, "use_names") and not self._names_told:
            self._names_told = True
            self._print(NAMES_BY_VOICE)
        return recognition.intent in STOP_INTENTS and not self.device.playing and not self.device.in_session

    def _use_household_names(self) -> None:
        """Put the household's stored names in the recogniser's grammar, beside the common ones: at the start
        (names given in an earlier session, in ``chat`` or with ``--names``) and after every command (a rename,
        a yes to "shall I call you ..."). Only names were ever put in when heard by voice, so a household known
        from before was heard with the common names alone, and "Maya goes first" could not be said."""
        use_names = getattr(self.recognizer, "use_names", None)
        names = self.session.names()
        if use_names is not None and names:
            use_names(names)

    def _pending(self) -> str | None:
        """What the conversation waits for (the check-in's next answer, ...), from the session it keeps."""
        conversation = self.device.attributes.get(SESSION_KEY)
        pending = conversation.get("pending") if isinstance(conversation, dict) else None
        return str(pending) if pending else None

    def _keys(self, presses: queue.Queue[str]) -> bool:
        while True:
            try:
                key = presses.get_nowait()
            except queue.Empty:
                return False
            if key == KEY_QUIT:
                self.session.say("stop")
                return True
            self._asked_again = False
            if key == KEY_NEXT:
                self.session.say("next")
            elif key == KEY_PAUSE:
                self.session.say("pause" if self.device.playing else "resume")
            self._after_sound()


def woke(recognition: Recognition, spotted: bool | None) -> bool:
    """Whether an utterance said while a partner has the floor calls Heartline.

    Either the keyphrase spotter heard "heart line" (``spotted``), or the utterance was accepted as a command
    that begins with it: the grammar holds every command with "heart line" in front, and the spotter alone
    misses about half of them on espeak-ng voices (bench/asr.py, its threshold then: 12/33 heard; with the
    accepted grammar route too, 19/33, and still no false wake in 78 minutes of read conversation). Engines
    that transcribe elsewhere get ``WakeSpotter``'s answer (and only the command after the phrase); without
    any spotter (``spotted`` None) only the transcript is left to go on."""
    starts = recognition.transcript.lower().replace("heartline", "heart line").startswith("heart line")
    if spotted is None:
        return starts
    return spotted or (starts and recognition.accepted)


def only_a_call(recognition: Recognition) -> bool:
    """Whether a command heard while a partner has the floor is only someone calling Heartline, to be answered
    with the listening chime rather than acted on: a greeting ("hey heart line"), or a command that ends with the
    wake phrase, where nothing was said after it.

    A bare "heart line" is forced onto the grammar's nearest phrases, and some got through the rejection step:
    in flite's awb and kal and festival's kal voices it was heard as "bye heart line", which stopped the round
    and ended ``talk``; in espeak-ng's en-us+f3 and +f4 as "heart line hey", a hello over the round, with the
    microphone then deaf to the command that followed. While a partner has the floor a command follows the
    wake phrase, so neither is one (said to Heartline at other times, both still are)."""
    if recognition.intent == GREETING_INTENT:
        return True
    text = " ".join(recognition.transcript.lower().replace("heartline", "heart line").split())
    _, wake, after = text.rpartition("heart line")
    return bool(wake) and not after.strip()


def run_talk(
    settings: Settings,
    source: AudioSource,
    sink: AudioSink,
    stream: TextIO,
    recognizer: Recognizer | None = None,
    profile: str = "default",
    time_scale: float = 1.0,
    use_keys: bool = True,
    names: tuple[str, str] | None = None,
) -> int:
    """Build the skill as chat does, then run the talk loop on the given microphone and speakers. ``names``:
    the household's first names, stored before Heartline opens (``--names``)."""
    from audio.engines import make_recognizer
    from intents.builder import build_skill
    from intents.envelopes import EnvelopeFactory
    from intents.matcher import Matcher
    from intents.tracks import PhaseCatalog
    from skill.content_files import load_content
    from skill.device import LocalDevice
    from skill.store import open_store

    matcher = Matcher()
    recognizer = recognizer or make_recognizer(
        settings.asr_engine, matcher, settings.asr_model, offline=settings.offline
    )
    spotter = None if hasattr(recognizer, "begin") else WakeSpotter()
    content = load_content()
    store = open_store(settings)
    catalog = PhaseCatalog(settings.public_url)
    skill = build_skill(settings, store=store, tracks=catalog, content=content)
    output = SpeakerOutput(Speech(settings), sink, stream)
    factory = EnvelopeFactory(f"local.profile.{profile}")
    if names is not None:
        remember_names(store, factory.user_id, names)
    device = LocalDevice(skill, catalog, factory, output, time_scale=time_scale)
    session = ChatSession(device, matcher, content, stored_names(store, factory.user_id))
    loop = TalkLoop(session, recognizer, source, output, stream, spotter=spotter)
    try:
        if use_keys:
            with key_presses() as presses:
                return loop.run(presses)
        return loop.run()
    finally:
        source.close()
        store.close()


def run_talk_command(
    settings: Settings,
    profile: str,
    time_scale: float,
    hear: Sequence[Path] = (),
    silent: bool = False,
    names: tuple[str, str] | None = None,
) -> int:
    """What ``heartline talk`` runs: open the speakers and the microphone first, so a missing device is one
    clear line before anything slow happens.

    ``hear``: recordings played into the capture path instead of a microphone (what a test does), so talk can
    be tried on a machine without one; they are read whole first, so a file that is not audio stops nothing
    half-way. ``silent``: print only, no speakers."""
    from audio.capture import AudioDeviceError, SoundDeviceSource, WavSource
    from audio.playback import SilentSink, open_sink

    try:
        sink = SilentSink() if silent else open_sink()
    except AudioDeviceError as exc:
        raise AudioDeviceError(f"{exc}; to print what Heartline says without sound, add --silent") from exc
    try:
        source: AudioSource = WavSource(hear) if hear else SoundDeviceSource()
    except AudioDeviceError as exc:
        if hear:
            raise
        raise AudioDeviceError(f"{exc}; to try talk on recordings instead, add --hear FILE...") from exc
    heard = f"Hearing {len(hear)} recording(s) instead of a microphone. " if hear else ""
    # Heartline opens itself and speaks first: told to say "open heart line", people did, and heard the whole
    # welcome again.
    print(f"Heartline talk. {heard}Heartline speaks first: answer it aloud. While a round or dinner plays, start "
          "a command with 'heart line', like 'heart line, pause'. Keys: space next, p pause, q stop.",
          flush=True)  # fmt: skip
    try:
        return run_talk(settings, source, sink, sys.stdout, profile=profile, time_scale=time_scale, names=names)
    except KeyboardInterrupt:
        return 0
