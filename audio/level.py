"""How loud speech is, so that a recording or a microphone too quiet to be heard well can be said to be.

The offline recogniser was measured on recordings whose speech peaks near full scale (the committed clips'
loudest stretches sit at -26 to -14 dBFS). Quieter speech is heard worse, mostly because the room's own hiss is
then close to the words: the committed en-US clean commands, 48, under a faint room (-64 dBFS, as
``WavSource`` plays recordings into ``talk``), right / wrong / refused / not taken for speech at their own level
39 / 2 / 7 / 0, 20 dB down (about -38 dBFS) 35 / 3 / 10 / 0, 25 dB down 28 / 4 / 14 / 2, 30 dB down 7 / 2 / 13 /
26 (/tmp/ap1/levels.py, 2026-12-08).

Tried and not kept (same run): raising quiet speech to -20 dBFS before decoding, as a gain knob would. With the
room's hiss raised with it, it got 39, 29 and 7 right at 20, 25 and 30 dB down, and 4 wrong instead of 2 at 30
dB; in ``talk``, check-in answers 20 and 25 dB down were heard the same with it as without, and 30 dB down one
more was taken as a wrong score. Raising the frames the voice detector hears as well made it worse: the hiss
raised kept three answers a second apart from ending, and they ran into one utterance. So a quiet recording or
microphone is named, with its level, and left as it is: only the person at it can make it louder.
"""

from __future__ import annotations

import numpy as np

from audio.vad import FRAME_SAMPLES

QUIET_DBFS = -35.0
"""Speech whose loudest stretches (``speech_level``) are quieter than this is heard worse: said so."""


def speech_level(samples: np.ndarray) -> float:
    """The level of the loudest third of the 30 ms frames, in dBFS (the words, not the pauses between them);
    -inf for digital silence."""
    pcm = np.asarray(samples, dtype=np.float64)
    pcm = pcm - pcm.mean() if len(pcm) else pcm  # a DC offset is no loudness
    count = len(pcm) // FRAME_SAMPLES
    if count == 0:
        return float("-inf")
    frames = pcm[: count * FRAME_SAMPLES].reshape(count, FRAME_SAMPLES)
    rms = np.sort(np.sqrt((frames**2).mean(axis=1)))[-max(1, count // 3) :]
    level = float(rms.mean())
    return 20 * float(np.log10(level / 32768)) if level > 0 else float("-inf")


def is_quiet(samples: np.ndarray) -> bool:
    level = speech_level(samples)
    return bool(np.isfinite(level) and level < QUIET_DBFS)
