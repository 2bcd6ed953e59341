"""Speech out: gTTS through a stand-in for Google's endpoint, and the espeak-ng fallback for real."""

from __future__ import annotations

import json
import tempfile
import time
from dataclasses import replace
from typing import Any

import numpy as np
import pytest

from audio import tts
from audio.pcm import SAMPLE_RATE, read_wav
from audio.tts import Engine, Speech, SpeechError, Voice, cache_key
from skill.config import Settings
from tests.audio.conftest import TONE_HZ, TONE_SECONDS, GoogleStub

pytestmark = pytest.mark.audio

CUE = "Sam, the floor is yours."


def dominant_hz(samples: np.ndarray) -> float:
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(samples.size)))
    return float(np.fft.rfftfreq(samples.size, 1 / SAMPLE_RATE)[np.argmax(spectrum)])


def test_gtts_clip_comes_from_the_server_in_its_envelope(settings: Settings, google: GoogleStub) -> None:
    clip = Speech(settings).render(CUE)

    assert clip.engine is Engine.GTTS and not clip.cached
    assert google.requests == [[CUE, "en", None, "null"]]
    samples = read_wav(clip.path)
    assert abs(clip.duration_s - TONE_SECONDS) < 0.05
    assert abs(dominant_hz(samples) - TONE_HZ) < 5
    assert json.loads(clip.path.with_suffix(".json").read_text())["engine"] == "gtts"


def test_second_render_is_a_cache_hit_without_a_request(settings: Settings, google: GoogleStub) -> None:
    first = Speech(settings).render(CUE)
    second = Speech(settings).render(CUE)

    assert google.count == 1
    assert second.cached and second.path == first.path and second.engine is Engine.GTTS


def test_long_text_goes_in_parts_and_the_parts_are_joined(settings: Settings, google: GoogleStub) -> None:
    text = "Talk in short pieces and start with I. " * 4  # over gTTS's 100 characters a request

    clip = Speech(settings).render(text)

    assert google.count >= 2
    assert abs(clip.duration_s - TONE_SECONDS * google.count) < 0.15


def test_server_error_falls_back_to_espeak(settings: Settings, google: GoogleStub) -> None:
    google.mode = "error"

    clip = Speech(settings).render(CUE)

    assert google.count == 1
    assert clip.engine is Engine.ESPEAK and not clip.cached
    assert 0.8 < clip.duration_s < 4
    assert abs(dominant_hz(read_wav(clip.path)) - TONE_HZ) > 5  # speech, not the server's tone


def test_server_down_falls_back_to_espeak(settings: Settings, closed_port_url: str) -> None:
    clip = Speech(settings).render(CUE)

    assert clip.engine is Engine.ESPEAK


def test_slow_server_is_abandoned_after_the_timeout(settings: Settings, google: GoogleStub) -> None:
    google.mode = "slow"
    started = time.monotonic()

    clip = Speech(settings).render(CUE)

    assert clip.engine is Engine.ESPEAK
    assert time.monotonic() - started < google.delay_s - 1  # timeout 0.5 s, not the 3 s the server takes


def test_offline_never_contacts_the_server(settings: Settings, google: GoogleStub) -> None:
    clip = Speech(replace(settings, offline=True)).render(CUE)

    assert google.count == 0
    assert clip.engine is Engine.ESPEAK


def test_offline_still_uses_a_gtts_clip_cached_earlier(settings: Settings, google: GoogleStub) -> None:
    Speech(settings).render(CUE)

    clip = Speech(replace(settings, offline=True)).render(CUE)

    assert google.count == 1
    assert clip.engine is Engine.GTTS and clip.cached


def test_fallback_clip_has_its_own_key_and_gtts_is_asked_again_later(settings: Settings, google: GoogleStub) -> None:
    google.mode = "error"
    fallback = Speech(settings).render(CUE)
    google.mode = "ok"

    again = Speech(settings).render(CUE)  # a new process: gTTS is tried again

    assert fallback.engine is Engine.ESPEAK and again.engine is Engine.GTTS
    assert fallback.path != again.path and fallback.path.exists()
    assert google.count == 2


def test_after_a_failure_gtts_rests_instead_of_timing_out_per_clip(
    settings: Settings, google: GoogleStub, monkeypatch: pytest.MonkeyPatch
) -> None:
    google.mode = "error"
    speech = Speech(settings)
    speech.render(CUE)
    google.mode = "ok"

    rested = speech.render("A little time left.")
    monkeypatch.setattr(tts, "GTTS_RETRY_AFTER_S", 0.0)
    speech._gtts_down_until = 0.0
    retried = speech.render("Time to trade places.")

    assert rested.engine is Engine.ESPEAK and retried.engine is Engine.GTTS
    assert google.count == 2


def test_cache_key_covers_text_voice_and_engine() -> None:
    base = cache_key(CUE, Voice(), Engine.GTTS)
    variants = [
        cache_key(CUE + "!", Voice(), Engine.GTTS),
        cache_key(CUE, Voice(lang="fr"), Engine.GTTS),
        cache_key(CUE, Voice(tld="co.uk"), Engine.GTTS),
        cache_key(CUE, Voice(slow=True), Engine.GTTS),
        cache_key(CUE, Voice(), Engine.ESPEAK),
    ]
    assert len({base, *variants}) == 6


def test_answer_that_is_not_audio_falls_back_to_espeak(settings: Settings, google: GoogleStub) -> None:
    google.mode = "garbled"

    clip = Speech(settings).render(CUE)

    assert google.count == 1 and clip.engine is Engine.ESPEAK


def test_cached_finds_a_clip_without_rendering(settings: Settings) -> None:
    speech = Speech(replace(settings, offline=True))
    assert speech.cached(CUE) is None

    rendered = speech.render(CUE)

    assert speech.cached(CUE + "  ") == replace(rendered, cached=True)


def test_empty_text_is_refused(settings: Settings) -> None:
    with pytest.raises(SpeechError, match="empty"):
        Speech(replace(settings, offline=True)).render("  \n ")


def test_clip_is_trimmed_to_its_speech(settings: Settings) -> None:
    clip = Speech(replace(settings, offline=True)).render(CUE)
    samples = read_wav(clip.path)

    pad = int(tts.EDGE_PAD_S * SAMPLE_RATE)
    quiet = tts.EDGE_THRESHOLD + 1 / 32768
    assert np.abs(samples[:pad]).max() <= quiet < np.abs(samples[: pad + 1]).max()
    assert np.abs(samples[-pad:]).max() <= quiet < np.abs(samples[-pad - 1 :]).max()
    assert samples.size == round(clip.duration_s * SAMPLE_RATE)


def test_rendering_makes_no_temporary_folder(
    settings: Settings, google: GoogleStub, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both engines render in memory: the temporary folders they used were left in /tmp by every process killed
    mid-render (131 had piled up, each holding a cue's text and audio), which no clean-up on exit can prevent."""
    made: list[str] = []
    real_mkdtemp = tempfile.mkdtemp

    def recording_mkdtemp(*args: Any, **kwargs: Any) -> str:
        made.append(real_mkdtemp(*args, **kwargs))
        return made[-1]

    monkeypatch.setattr(tempfile, "mkdtemp", recording_mkdtemp)
    speech = Speech(settings)
    assert speech.render(CUE).engine is Engine.GTTS
    google.mode = "error"
    assert speech.render("Alex, your turn.").engine is Engine.ESPEAK
    assert made == []
