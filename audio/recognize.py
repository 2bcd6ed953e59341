"""``heartline recognize FILE.wav...``: what the talk loop would make of recorded utterances.

The same recogniser object and the same ``recognize`` call as ``heartline talk`` (one utterance per file),
so a file that is recognised here is recognised the same way live. Each file is first cut to its speech by
the same voice activity detector that cuts live utterances (``audio.vad.speech_span``): a recording with a
second or two of quiet around the words is otherwise decoded with it (the committed clean and 20 dB commands
with 1.5 s of quiet on each side: 60 of 144 right as they are, 93 cut to their speech; 96 without the
quiet). A file that is not a readable mono or stereo PCM WAV gets a clear error naming it.
"""

from __future__ import annotations

import json
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import speech_recognition as sr

from audio.recognition import (
    Recognition,
    Recognizer,
    RecognizerError,
    audio_from_pcm16,
    slot_summary,
    to_pcm16,
)
from audio.vad import speech_span


@dataclass(frozen=True)
class FileResult:
    """One file's recognition, as printed."""

    file: str
    recognition: Recognition

    def as_json(self) -> dict[str, object]:
        r = self.recognition
        return {
            "file": self.file,
            "transcript": r.transcript,
            "intent": r.intent,
            "slots": slot_summary(r.slots),
            "accepted": r.accepted,
            "reason": r.reason,
            "decode_ms": round(r.decode_ms, 1),
            "engine": r.engine,
        }


def read_wav(path: Path) -> sr.AudioData:
    """A PCM WAV as AudioData (stereo is mixed down); anything else is a RecognizerError naming the file."""
    try:
        with wave.open(str(path), "rb") as w:
            channels, width, rate = w.getnchannels(), w.getsampwidth(), w.getframerate()
            frames = w.readframes(w.getnframes())
    except (OSError, EOFError, wave.Error) as exc:
        raise RecognizerError(f"{path}: not a readable PCM WAV file ({exc})") from exc
    if channels == 2 and width == 2:
        stereo = np.frombuffer(frames, dtype="<i2").reshape(-1, 2).astype(np.int32)
        frames = (stereo.sum(axis=1) // 2).astype("<i2").tobytes()
    elif channels != 1:
        raise RecognizerError(f"{path}: {channels} channels; give a mono or 16-bit stereo WAV")
    return sr.AudioData(frames, rate, width)


def recognize_files(paths: list[Path], recognizer: Recognizer) -> list[FileResult]:
    results = []
    for path in paths:
        utterance = audio_from_pcm16(speech_span(to_pcm16(read_wav(path))))
        results.append(FileResult(str(path), recognizer.recognize(utterance)))
    return results


def format_results(results: list[FileResult], as_json: bool) -> str:
    if as_json:
        return json.dumps([r.as_json() for r in results], indent=1)
    lines = []
    for result in results:
        r = result.recognition
        slots = " ".join(f"{k}={v}" for k, v in slot_summary(r.slots).items())
        verdict = f"{r.intent} {slots}".strip() if r.accepted else f"rejected ({r.reason})"
        lines.append(f"{result.file}: {r.transcript or '-'!r} -> {verdict} [{r.decode_ms:.0f} ms]")
    return "\n".join(lines)
