"""``heartline recognize FILE.wav...``: what the talk loop would make of recorded utterances.

The same recogniser object and the same live decoding as ``heartline talk`` (each utterance fed in 30 ms
frames as the microphone feeds it), so a file that is recognised here is recognised the same way live.
One difference, because a recording is whole before decoding starts: it starts from its own level (cepstral
mean), where a live utterance starts from those of the utterances before it. ``decode_ms`` is the time from
the end of the audio to the result, as for ``talk``. Each file is first cut into utterances where the same
voice activity detector cuts live speech (``audio.vad.speech_spans``), each heard on its own: a recording with a
second or two of quiet around the words is otherwise decoded with it (the committed clean and 20 dB commands
with 1.5 s of quiet on each side: 60 of 144 right as they are, 93 cut to their speech; 96 without the
quiet). A file with no speech in it is not decoded at all (``NO_SPEECH``), nor steady noise the detector
took for speech (``STEADY_NOISE``). Speech quieter than the recogniser hears well is said to be, with its
level (``audio.level``). Any audio file ffmpeg reads will do; one that is not audio gets a clear error naming
it.
"""

from __future__ import annotations

import io
import json
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import speech_recognition as sr

from audio.level import QUIET_DBFS, speech_level
from audio.pcm import AudioToolError, decode_channels, mix_down, to_int16
from audio.recognition import (
    RATE,
    Recognition,
    Recognizer,
    RecognizerError,
    audio_from_pcm16,
    slot_summary,
    to_pcm16,
)
from audio.vad import MAX_UTTERANCE_S, is_steady, speech_spans

NO_SPEECH = "no speech in the recording"
"""A file where the voice activity detector finds no run of speech: ``talk`` would never have started an
utterance on it, so it is not decoded (the grammar would force even silence onto some short command, and the
reason would read as if the models had disagreed about words)."""
STEADY_NOISE = "no speech in the recording, only steady noise"
"""A file where all the detector took for speech is steady noise (``audio.vad.is_steady``), which ``talk``
drops unheard too."""


MAX_UTTERANCES_PER_FILE = 10
"""The most utterances heard in one file: a command file holds one or a few, and a long recording of talk is
cut into one every ``MAX_UTTERANCE_S`` at most, each about 5 s to decode (a nine-minute one would take three)."""


@dataclass(frozen=True)
class FileResult:
    """One utterance of a file, recognised, as printed; or why the file could not be heard (``error``), so that
    one unreadable file among many costs its own line, not the others' results."""

    file: str
    recognition: Recognition
    error: str | None = None
    cut: bool = False
    """The speech ran past ``MAX_UTTERANCE_S`` and was cut there, as ``talk`` cuts it; the rest is the next
    utterance."""
    start_s: float = 0.0
    """Where the utterance starts in the file (its pre-roll included)."""
    utterance: int = 1
    utterances: int = 1
    """How many the file holds, as ``talk`` would cut them (more than are heard past
    ``MAX_UTTERANCES_PER_FILE``)."""
    narrowband: bool = False
    """The recording holds nothing above about 4 kHz (telephone audio, ``is_narrowband``)."""
    level_dbfs: float = float("nan")
    """How loud its speech is (``audio.level.speech_level``); below ``QUIET_DBFS`` it is heard worse. Not a
    number (``null`` in JSON) where no speech was heard."""

    def as_json(self) -> dict[str, object]:
        r = self.recognition
        name = printable(self.file)
        if self.error is not None:
            return {"file": name, "error": self.error, "intent": None, "accepted": False}
        return {
            "file": name,
            "utterance": self.utterance,
            "utterances": self.utterances,
            "start_s": round(self.start_s, 2),
            "cut": self.cut,
            "narrowband": self.narrowband,
            "level_dbfs": round(self.level_dbfs, 1) if np.isfinite(self.level_dbfs) else None,
            "transcript": r.transcript,
            "intent": r.intent,
            "slots": slot_summary(r.slots),
            "accepted": r.accepted,
            "reason": r.reason,
            "decode_ms": round(r.decode_ms, 1),
            "engine": r.engine,
        }


PIPED_LIMIT_BYTES = 256 * 1024 * 1024
"""The most read from a pipe or device (``heartline recognize /dev/stdin``), which is read whole before it is
decoded: an hour of 16 kHz mono is 115 MB, and only the first ``MAX_UTTERANCE_S`` of speech is heard anyway."""


def read_wav(path: Path) -> sr.AudioData:
    """An audio file as AudioData: a plain PCM WAV directly (channels mixed down), anything else through ffmpeg.

    People's own recordings are often 24-bit or float WAV (written as "extensible" WAV, which Python's
    ``wave`` cannot read), or MP3, FLAC or Ogg; ffmpeg, which Heartline needs for its sound anyway, turns any
    of them into 16 kHz mono. A file that is not audio at all is a RecognizerError naming it. A pipe (a FIFO,
    ``/dev/stdin``) is read whole first: it can be read only once, so a failed try as WAV used to leave ffmpeg
    the rest of an MP3 (misheard) or a FIFO with no writer left (waiting for ever).
    """
    source: Path | bytes = path
    try:
        if path.exists() and not path.is_file() and not path.is_dir():
            source = _read_piped(path)
        if (path.is_file() and path.stat().st_size == 0) or source == b"":
            raise RecognizerError(f"{printable(str(path))}: an empty file, not a recording")
        with wave.open(str(path) if isinstance(source, Path) else io.BytesIO(source), "rb") as w:
            channels, width, rate = w.getnchannels(), w.getsampwidth(), w.getframerate()
            frames = w.readframes(w.getnframes())
    except FileNotFoundError as exc:
        raise RecognizerError(f"{printable(str(path))}: no such file") from exc
    except IsADirectoryError as exc:
        raise RecognizerError(f"{printable(str(path))}: a folder, not a recording") from exc
    except (OSError, EOFError, wave.Error):
        return _decode_with_ffmpeg(path, source)
    # A recording cut off mid-write (a full disk, a recorder killed) ends part-way through a sample: only whole
    # frames are kept, which used to end in audioop's "not a whole number of frames" traceback.
    frames = frames[: len(frames) - len(frames) % (channels * width)]
    if channels > 1 and width == 2:
        frames = mix_down(np.frombuffer(frames, dtype="<i2").reshape(-1, channels)).astype("<i2").tobytes()
    elif channels != 1:
        return _decode_with_ffmpeg(path, source)
    return sr.AudioData(frames, rate, width)


def _read_piped(path: Path) -> bytes:
    with path.open("rb") as stream:
        data = stream.read(PIPED_LIMIT_BYTES + 1)
    if len(data) > PIPED_LIMIT_BYTES:
        limit_mb = PIPED_LIMIT_BYTES // (1024 * 1024)
        raise RecognizerError(f"{printable(str(path))}: more than {limit_mb} MB through a pipe; save it to a file")
    return data


def _decode_with_ffmpeg(path: Path, source: Path | bytes) -> sr.AudioData:
    try:
        samples = mix_down(decode_channels(source, RATE))
    except AudioToolError as exc:
        reason = _last_line(str(exc)).replace(f"{path}: ", "").replace("pipe:0: ", "")
        raise RecognizerError(f"{printable(str(path))}: not an audio file this machine can read ({reason})") from exc
    return audio_from_pcm16(to_int16(samples))


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1].strip() if lines else "unknown error"


def recognize_files(paths: list[Path], recognizer: Recognizer) -> list[FileResult]:
    """Each file cut into utterances as ``talk`` would cut them (``speech_spans``), and each heard on its own.

    Decoded whole, two commands with a pause between them were one utterance, and the two could come out as
    a third command ("start a listening round", 3 s, "pause" as "start a listening round of twelve minutes").
    Speech that goes on is cut at ``MAX_UTTERANCE_S`` as ``talk`` cuts it: a nine-minute recording decoded
    whole took five minutes and 1.6 GB, for a "command" no one could have said."""
    results: list[FileResult] = []
    for path in paths:
        try:
            results.extend(_recognize_file(path, recognizer))
        except RecognizerError as exc:
            results.append(FileResult(str(path), Recognition("", None, reason="not heard"), error=str(exc)))
    return results


def _recognize_file(path: Path, recognizer: Recognizer) -> list[FileResult]:
    audio = read_wav(path)
    narrowband = is_narrowband(audio)
    samples = to_pcm16(audio)
    found = speech_spans(samples)
    spans = [span for span in found if not is_steady(samples[span.start : span.end])]
    if not spans:
        reason = STEADY_NOISE if found else NO_SPEECH
        level = speech_level(samples)
        if not found and np.isfinite(level) and level < QUIET_DBFS:
            reason += f"; very quiet ({level:.0f} dBFS at its loudest): record it louder"
        return [FileResult(str(path), Recognition("", None, reason=reason, engine=recognizer.name))]
    results = []
    for number, span in enumerate(spans[:MAX_UTTERANCES_PER_FILE], start=1):
        speech = samples[span.start : span.end]
        heard = recognizer.recognize(audio_from_pcm16(speech))
        results.append(
            FileResult(
                str(path),
                heard,
                cut=span.truncated,
                start_s=span.start / RATE,
                utterance=number,
                utterances=len(spans),
                narrowband=narrowband,
                level_dbfs=speech_level(speech),
            )
        )
    return results


NARROWBAND_HZ = 4300
"""Audio with nothing above this is narrowband: telephone audio (8 kHz, 3.4-4 kHz of sound) however it was
stored. The offline recogniser's model is made for 16 kHz audio: the committed en-US clean commands resampled
to 8 kHz were taken right 24 times in 48, wrong twice, refused 22 times, against 40, 2 and 6 as they are
(/tmp/ap1, 2026-12-08). Nothing can put back what the recording never held, so it is said, not mended."""
NARROWBAND_DB = -50.0
"""Energy above ``NARROWBAND_HZ`` this far under the whole is none: telephone audio resampled to 16 kHz (sox or
ffmpeg) holds -73 dB or less there, the committed clips -35 dB or more, clean or at 10 dB SNR."""
NARROWBAND_SPAN_S = 60.0


def is_narrowband(audio: sr.AudioData) -> bool:
    """Whether a recording (as ``read_wav`` gives it, at its own rate) holds no sound above ``NARROWBAND_HZ``.
    Judged at its own rate: speechrecognition's resampling to 16 kHz mirrors sound into the empty band."""
    rate = audio.sample_rate
    if rate < 2 * NARROWBAND_HZ:
        return True
    pcm = np.frombuffer(audio.get_raw_data(convert_width=2), dtype="<i2")[: round(NARROWBAND_SPAN_S * rate)]
    if len(pcm) < rate // 10:
        return False  # too little to tell
    power = np.abs(np.fft.rfft(pcm.astype(np.float64))) ** 2
    freqs = np.fft.rfftfreq(len(pcm), 1 / rate)
    total = float(power[freqs >= 100].sum())
    high = float(power[(freqs >= NARROWBAND_HZ) & (freqs <= 8000)].sum())
    return total > 0 and high < total * 10 ** (NARROWBAND_DB / 10)


def printable(name: str) -> str:
    """A file name as text any reader takes: bytes that are not UTF-8 (kept by Python as lone surrogates, which
    strict JSON parsers refuse) shown as the replacement character."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def format_results(results: list[FileResult], as_json: bool) -> str:
    if as_json:
        return json.dumps([r.as_json() for r in results], indent=1)
    lines = []
    for result in results:
        if result.error is not None:
            continue  # said on stderr by the command, beside the results
        r = result.recognition
        slots = " ".join(f"{k}={v}" for k, v in slot_summary(r.slots).items())
        verdict = f"{r.intent} {slots}".strip() if r.accepted else f"rejected ({r.reason})"
        where = f" [at {result.start_s:.1f} s]" if result.utterances > 1 else ""
        cut = f" [cut at {MAX_UTTERANCE_S:.0f} s, as talk cuts an utterance]" if result.cut else ""
        if result.narrowband:
            cut += " [narrowband (telephone) audio: the recogniser was made for 16 kHz, expect more refused]"
        if result.level_dbfs < QUIET_DBFS:
            cut += f" [quiet: {result.level_dbfs:.0f} dBFS, heard worse below {QUIET_DBFS:.0f}: record it louder]"
        name = printable(result.file)
        lines.append(f"{name}{where}: {r.transcript or '-'!r} -> {verdict} [{r.decode_ms:.0f} ms]{cut}")
        if result.utterance == MAX_UTTERANCES_PER_FILE < result.utterances:
            unheard = result.utterances - MAX_UTTERANCES_PER_FILE
            lines.append(f"{name}: {unheard} more utterance(s) not heard (at most {MAX_UTTERANCES_PER_FILE} a file)")
    return "\n".join(lines)
