"""Choosing a recognition engine: the offline grammar decoder by default, or a speechrecognition engine.

The other engines transcribe freely and leave the command decision to the matcher (a sentence that
matches no phrase is rejected). Each is a real code path that needs something the user provides:
``google`` needs the network (and is refused when Heartline runs offline), ``whisper`` and
``faster-whisper`` need their package and a model file or folder on disk, ``vosk`` needs its package and an
unpacked model folder. Nothing is ever downloaded at run time; a missing piece is a RecognizerError that
says what to install or set.

Privacy: only ``google`` sends audio anywhere, and only when the user picks it; in ``talk``, while a partner
has the floor, it is sent only what follows a "heart line" heard on this machine (``audio/spotter.py``).
"""

from __future__ import annotations

import importlib.util
import json
import time
from pathlib import Path
from typing import Any

import speech_recognition as sr

from audio.recognition import RATE, Recognition, Recognizer, RecognizerError, interpret
from intents.matcher import Matcher

ENGINES = ("sphinx", "google", "whisper", "faster-whisper", "vosk")
_PACKAGES = {"whisper": "openai-whisper", "faster-whisper": "faster-whisper", "vosk": "vosk"}
_MODULES = {"whisper": "whisper", "faster-whisper": "faster_whisper", "vosk": "vosk"}
GOOGLE_ENDPOINT = "http://www.google.com/speech-api/v2/recognize"
NETWORK_TIMEOUT_S = 8.0
"""How long an online engine may take to answer one utterance. speechrecognition waits for ever by default, so
a network that accepts a connection and then stalls held ``talk`` (and its keys) until Ctrl-C."""
"""speechrecognition's own default; a test points the engine at a local stand-in that speaks the same protocol."""


class TranscribingRecognizer:
    """A speechrecognition engine followed by the matcher."""

    def __init__(
        self,
        engine: str,
        matcher: Matcher,
        model_path: Path | None,
        google_endpoint: str = GOOGLE_ENDPOINT,
        network_timeout: float = NETWORK_TIMEOUT_S,
    ) -> None:
        self.name = engine
        self.matcher = matcher
        self.model_path = model_path
        self.google_endpoint = google_endpoint
        self._sr = sr.Recognizer()
        self._sr.operation_timeout = network_timeout
        self._vosk: Any = None

    def transcribe(self, audio: sr.AudioData) -> str:
        try:
            if self.name == "google":
                text = self._sr.recognize_google(  # type: ignore[attr-defined]
                    audio, language="en-US", endpoint=self.google_endpoint
                )
                return str(text)
            if self.name == "whisper":
                text = self._sr.recognize_whisper(  # type: ignore[attr-defined]
                    audio, model=str(self.model_path), language="english"
                )
                return str(text)
            if self.name == "faster-whisper":
                text = self._sr.recognize_faster_whisper(  # type: ignore[attr-defined]
                    audio, model=str(self.model_path), language="en"
                )
                return str(text)
            return self._vosk_transcribe(audio)
        except sr.UnknownValueError:
            return ""
        except sr.RequestError as exc:
            raise RecognizerError(f"{self.name} recognition failed: {exc}") from exc
        except TimeoutError as exc:
            # A reply that stalls after the connection was made is not wrapped by speechrecognition.
            raise RecognizerError(
                f"{self.name} recognition failed: no answer in {self._sr.operation_timeout:g} s"
            ) from exc

    def _vosk_transcribe(self, audio: sr.AudioData) -> str:
        """vosk directly: speechrecognition's wrapper only looks in its own package folder for a model."""
        from vosk import KaldiRecognizer, Model

        if self._vosk is None:
            self._vosk = Model(str(self.model_path))
        recognizer = KaldiRecognizer(self._vosk, RATE)
        recognizer.AcceptWaveform(audio.get_raw_data(convert_rate=RATE, convert_width=2))
        return str(json.loads(recognizer.FinalResult()).get("text", ""))

    def recognize(self, audio: sr.AudioData) -> Recognition:
        started = time.perf_counter()
        transcript = self.transcribe(audio)
        elapsed = (time.perf_counter() - started) * 1000
        intent, slots, _score = interpret(self.matcher, transcript)
        return Recognition(
            transcript=transcript,
            intent=intent,
            slots=slots,
            accepted=intent is not None,
            reason="command" if intent else ("nothing heard" if not transcript else "not a command"),
            decode_ms=elapsed,
            engine=self.name,
        )


def make_recognizer(
    engine: str, matcher: Matcher | None = None, model_path: Path | None = None, offline: bool = False
) -> Recognizer:
    """The engine named ``engine``, checked for what it needs before the first utterance."""
    matcher = matcher or Matcher()
    if engine == "sphinx":
        from audio.sphinx import SphinxRecognizer

        return SphinxRecognizer(matcher)
    if engine not in ENGINES:
        raise RecognizerError(f"unknown recognition engine {engine!r} (choose from {', '.join(ENGINES)})")
    if engine == "google":
        if offline:
            raise RecognizerError("the google engine needs the network; Heartline is set to offline")
        return TranscribingRecognizer(engine, matcher, None)
    module = _MODULES[engine]
    if importlib.util.find_spec(module) is None:
        raise RecognizerError(f"the {engine} engine needs its package: pip install {_PACKAGES[engine]}")
    if model_path is None or not model_path.exists():
        where = f" ({model_path} does not exist)" if model_path else ""
        raise RecognizerError(
            f"the {engine} engine needs a model on disk{where}: set HEARTLINE_ASR_MODEL or --asr-model "
            "(nothing is downloaded at run time)"
        )
    return TranscribingRecognizer(engine, matcher, model_path)
