"""How alike two transcripts sound: an edit distance over their phones, where a near miss costs half.

Why phones and not words: the recogniser's second opinion (the n-gram search) often hears a real command
as other words that sound much the same ("cancel" -> "can you so", "pause" -> "call us"), and comparing
words rejected those. Off-topic speech forced onto a command still comes out far apart. Swapping one sound
for another of the same broad class (two vowels, two stops, "m" for "n") is the usual acoustic confusion, so
it costs half a full substitution. Measured on the committed clips and a held-out set (bench/asr.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

BROAD_CLASSES: Mapping[str, tuple[str, ...]] = {
    "vowel": ("AA", "AE", "AH", "AO", "AW", "AY", "EH", "ER", "EY", "IH", "IY", "OW", "OY", "UH", "UW"),
    "stop": ("P", "B", "T", "D", "K", "G"),
    "fricative": ("F", "V", "TH", "DH", "S", "Z", "SH", "ZH", "HH"),
    "affricate": ("CH", "JH"),
    "nasal": ("M", "N", "NG"),
    "approximant": ("L", "R", "W", "Y"),
}
"""The CMU dictionary's phones (the en-US model's set) by manner of articulation."""
NEAR_MISS_COST = 0.5
_CLASS_OF = {phone: name for name, phones in BROAD_CLASSES.items() for phone in phones}


def _substitution(a: str, b: str) -> float:
    if a == b:
        return 0.0
    same_class = a in _CLASS_OF and _CLASS_OF.get(a) == _CLASS_OF.get(b)
    return NEAR_MISS_COST if same_class else 1.0


def similarity(a: Sequence[str], b: Sequence[str]) -> float:
    """1 for the same phones, falling towards 0 as edits (insert, delete, substitute) add up; both empty is 1."""
    if not a and not b:
        return 1.0
    previous = [float(j) for j in range(len(b) + 1)]
    for i, phone_a in enumerate(a, start=1):
        current = [float(i)] + [0.0] * len(b)
        for j, phone_b in enumerate(b, start=1):
            current[j] = min(
                previous[j] + 1.0,
                current[j - 1] + 1.0,
                previous[j - 1] + _substitution(phone_a, phone_b),
            )
        previous = current
    return max(0.0, 1.0 - previous[-1] / max(len(a), len(b)))
