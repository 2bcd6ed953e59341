"""Hearing "heart line" on this machine, for the engines that hear an utterance somewhere else.

While a partner has the floor, what they say is theirs. The offline engine spots the wake phrase as part of
its own live decoding; an engine that transcribes elsewhere (``google`` sends the audio to Google) would
have to be given every sentence of the partner's to find "heart line" in it. So for those engines ``talk``
asks this spotter first: an utterance said while a partner has the floor goes nowhere unless the spotter
heard the wake phrase in it here, and then only the part after the phrase goes, the command that was
addressed to Heartline.

The spotter is pocketsphinx's keyphrase search at the offline engine's threshold (``WAKE_THRESHOLD``, no
false wake in 78 minutes of read conversation, see ``bench/asr.py``), over the whole utterance once it has
ended: these engines only start once it has.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np

from audio.grammar import WAKE_PHRASE
from audio.recognition import RATE, RecognizerError
from audio.sphinx import WAKE_THRESHOLD, dither
from audio.vad import has_speech

FRAME_SAMPLES_SPHINX = RATE // 100
"""pocketsphinx reports where a word ends in frames of 10 ms."""


@dataclass(frozen=True)
class Spotted:
    """What the spotter made of one utterance."""

    heard: bool
    """Whether "heart line" was in it."""
    command: np.ndarray
    """The samples after the wake phrase; empty when it was not heard, or when no speech followed it (a bare
    "heart line": the listening chime, and the command is the next utterance). The search places the end of
    the phrase a little early (up to about 0.15 s on espeak-ng voices, against an alignment of the whole
    phrase), so the tail of "line" can lead the command."""


class WakeSpotter:
    """Spots "heart line" in a whole utterance, offline. Build once: loading the model takes about 0.3 s."""

    def __init__(self, threshold: float = WAKE_THRESHOLD, dither_seed: int = 7) -> None:
        try:
            from pocketsphinx import Decoder
        except ImportError as exc:
            raise RecognizerError(
                "listening while a partner has the floor needs pocketsphinx, which hears the wake phrase on "
                "this machine: pip install 'pocketsphinx>=5'"
            ) from exc
        self._seed = dither_seed
        self._decoder = Decoder(lm=None, logfn=os.devnull, kws_threshold=threshold)
        self._decoder.add_keyphrase("wake", WAKE_PHRASE)
        self._decoder.activate_search("wake")

    def spot(self, samples: np.ndarray) -> Spotted:
        """``samples`` (16 kHz int16 mono): whether they hold "heart line", and what follows it."""
        nothing = np.zeros(0, dtype=np.int16)
        if len(samples) == 0:
            return Spotted(False, nothing)
        decoder = self._decoder
        decoder.start_utt()
        decoder.process_raw(dither(samples, np.random.default_rng(self._seed)), full_utt=True)
        decoder.end_utt()
        segments = decoder.seg() if decoder.hyp() is not None else None  # None, not empty, when nothing was heard
        ends = [segment.end_frame for segment in segments or () if segment.word == WAKE_PHRASE]
        if not ends:
            return Spotted(False, nothing)
        after = np.asarray(samples[(ends[0] + 1) * FRAME_SAMPLES_SPHINX :], dtype=np.int16)
        return Spotted(True, after if has_speech(after) else nothing)
