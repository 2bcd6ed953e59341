"""The offline wake spotter, and what an engine that transcribes elsewhere gets to hear during a round.

Real espeak-ng speech through the real spotter; the google engine runs for real (speechrecognition encodes
FLAC and posts it) against a stand-in on 127.0.0.1 that speaks Google's protocol and keeps what it was sent.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import numpy as np
import pytest

from tests.audio.conftest import SpeechStub

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "audio"
sys.path.insert(0, str(FIXTURES.parent))

from make_audio import Voice, read_samples, synthesize  # noqa: E402

from audio.capture import WavSource  # noqa: E402
from skill.config import Settings  # noqa: E402

pytest.importorskip("pocketsphinx")
pytest.importorskip("webrtcvad")

VOICE = Voice("en-us", 165, 45)
FLOOR_SENTENCE = FIXTURES / "off10-en-us-s165-p45-clean.wav"  # can you stop by the store on the way home


@pytest.fixture(scope="module")
def spotter():  # type: ignore[no-untyped-def]
    from audio.spotter import WakeSpotter

    return WakeSpotter()


@pytest.fixture(scope="module")
def wake_call(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("spotter") / "wake-pause.wav"
    synthesize("heart line, pause", VOICE, path)
    return path


def _int16(path: Path) -> np.ndarray:
    return read_samples(path).astype(np.int16)


@pytest.mark.audio
def test_the_command_after_a_spotted_wake_phrase_is_handed_on_without_it(spotter, wake_call: Path) -> None:  # type: ignore[no-untyped-def]
    from audio.recognize import read_wav
    from audio.sphinx import SphinxRecognizer

    samples = _int16(wake_call)
    spotted = spotter.spot(samples)
    assert spotted.heard
    # "heart line" takes about 0.6 s of the 2.1 s: what is handed on is the end of the recording, shorter by that
    assert 0.35 * 16000 < len(samples) - len(spotted.command) < 1.0 * 16000
    assert np.array_equal(spotted.command, samples[len(samples) - len(spotted.command) :])
    # and the phrase is gone from it: neither this spotter nor the offline engine's hears "heart line" in what
    # is handed on. (What the grammar makes of the cut is left alone: it leads with the tail of "line", and
    # its one-best words for it changed with phrases added elsewhere in the model, "pause it" or nothing.)
    from audio.recognition import audio_from_pcm16

    recognizer = SphinxRecognizer()
    decoding = recognizer.decode(audio_from_pcm16(spotted.command), wake=True)
    assert "heart" not in decoding.grammar_words and decoding.spotted is False
    assert not spotter.spot(spotted.command).heard
    assert recognizer.decode(read_wav(wake_call), wake=True).spotted is True


@pytest.mark.audio
def test_a_partners_own_words_and_silence_are_not_a_wake_phrase(spotter) -> None:  # type: ignore[no-untyped-def]
    for samples in (_int16(FLOOR_SENTENCE), np.zeros(16000, dtype=np.int16), np.zeros(0, dtype=np.int16)):
        spotted = spotter.spot(samples)
        assert not spotted.heard and len(spotted.command) == 0


@pytest.mark.audio
def test_a_bare_wake_phrase_hands_on_no_command(spotter, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "wake.wav"
    synthesize("heart line", VOICE, path)
    spotted = spotter.spot(_int16(path))
    assert spotted.heard and len(spotted.command) == 0


class _Sink:
    def play(self, samples: np.ndarray, rate: int) -> None:
        pass


@pytest.mark.audio
def test_with_google_a_partners_words_never_leave_the_machine_during_a_round(
    tmp_path: Path, wake_call: Path, google_speech: SpeechStub
) -> None:
    """Names and the round's start go to Google whole (nobody has the floor yet); then, while a partner has it,
    a sentence of theirs goes nowhere, and of "heart line, pause" only "pause" goes."""
    from audio.engines import TranscribingRecognizer
    from audio.talk import run_talk
    from intents.matcher import Matcher

    names, start = FIXTURES / "cmd07-en-us-m7-s140-p35-clean.wav", FIXTURES / "cmd00-en-us-s165-p45-clean.wav"
    google_speech.transcripts.extend(["we are alex and jordan", "start a listening round", "pause"])
    recognizer = TranscribingRecognizer("google", Matcher(), None, google_endpoint=google_speech.endpoint)
    out = io.StringIO()
    settings = Settings(data_dir=tmp_path / "data", offline=True)  # the skill's own speech by espeak-ng
    source = WavSource([names, start, FLOOR_SENTENCE, wake_call], gap_s=1.0, then_s=0.5)
    assert run_talk(settings, source, _Sink(), out, recognizer, time_scale=10, use_keys=False) == 0
    lines = out.getvalue().splitlines()
    assert [line for line in lines if line.startswith(">")] == [
        "> we are alex and jordan",
        "> start a listening round",
        "> pause",
    ], "\n".join(lines)
    assert len(google_speech.received) == 3, "the partner's sentence was sent"
    assert google_speech.queries[0]["lang"] == ["en-US"]
    sent = [len(samples) / 16000 for samples in google_speech.received]
    whole = [len(read_samples(path)) / 16000 for path in (names, start, wake_call)]
    assert sent[0] > whole[0] - 0.5 and sent[1] > whole[1] - 0.5  # whole utterances (less the quiet around)
    assert sent[2] < whole[2] - 0.8  # the command only: "heart line" (0.6 s) and the quiet before it stayed here


@pytest.mark.audio
def test_a_failing_speech_service_costs_one_utterance_not_the_session(
    tmp_path: Path, google_speech: SpeechStub
) -> None:
    """The network drops for one request: that utterance is "not heard" (said on screen), and the next one is."""
    from audio.engines import TranscribingRecognizer
    from audio.talk import run_talk
    from intents.matcher import Matcher

    names = FIXTURES / "cmd07-en-us-m7-s140-p35-clean.wav"
    google_speech.transcripts.extend([None, "we are alex and jordan"])
    recognizer = TranscribingRecognizer("google", Matcher(), None, google_endpoint=google_speech.endpoint)
    out = io.StringIO()
    settings = Settings(data_dir=tmp_path / "data", offline=True)
    source = WavSource([names, names], gap_s=1.0, then_s=0.5)
    assert run_talk(settings, source, _Sink(), out, recognizer, use_keys=False) == 0
    lines = out.getvalue().splitlines()
    failed = [line for line in lines if line.startswith("[not heard: google recognition failed")]
    assert len(failed) == 1, "\n".join(lines)
    assert [line for line in lines if line.startswith(">")] == ["> we are alex and jordan"]
    assert lines.index(failed[0]) < lines.index("> we are alex and jordan")


def test_a_speech_service_that_stalls_is_given_up_on_not_waited_for_forever() -> None:
    """A network that takes the request and never answers (a captive portal, a dead proxy) held ``talk`` and
    its keys until Ctrl-C: speechrecognition waits for ever unless told. The utterance is "not heard" instead."""
    import socket
    import time

    from audio.engines import TranscribingRecognizer
    from audio.recognition import RecognizerError, audio_from_pcm16
    from intents.matcher import Matcher

    with socket.create_server(("127.0.0.1", 0)) as silent:  # accepts the connection, never answers
        port = silent.getsockname()[1]
        endpoint = f"http://127.0.0.1:{port}/speech-api/v2/recognize"
        recognizer = TranscribingRecognizer("google", Matcher(), None, google_endpoint=endpoint, network_timeout=0.5)
        clip = read_samples(FIXTURES / "cmd07-en-us-m7-s140-p35-clean.wav")
        started = time.monotonic()
        with pytest.raises(RecognizerError, match="google recognition failed"):
            recognizer.recognize(audio_from_pcm16(clip))
        assert time.monotonic() - started < 10


def test_without_pocketsphinx_the_spotter_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    """Then an online engine cannot keep the floor private, and talk stops with this line instead of sending it."""
    from audio.recognition import RecognizerError
    from audio.spotter import WakeSpotter

    monkeypatch.setitem(sys.modules, "pocketsphinx", None)  # import fails as if not installed
    with pytest.raises(RecognizerError, match="needs pocketsphinx"):
        WakeSpotter()
