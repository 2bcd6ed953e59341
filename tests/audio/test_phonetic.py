"""Phone-level similarity: the rejection step's measure of whether two transcripts sound alike."""

from __future__ import annotations

import pytest

from audio.phonetic import NEAR_MISS_COST, similarity


def test_the_same_phones_are_fully_alike_and_nothing_against_something_is_not() -> None:
    assert similarity(["P", "AO", "Z"], ["P", "AO", "Z"]) == 1.0
    assert similarity([], []) == 1.0
    assert similarity([], ["P", "AO", "Z"]) == 0.0


def test_a_sound_of_the_same_class_costs_half_a_different_one() -> None:
    near = similarity(["P", "AO", "Z"], ["B", "AO", "Z"])  # two stops
    far = similarity(["P", "AO", "Z"], ["M", "AO", "Z"])  # a stop and a nasal
    assert near == pytest.approx(1 - NEAR_MISS_COST / 3)
    assert far == pytest.approx(1 - 1 / 3)


def test_insertions_and_deletions_count_against_the_longer_transcript() -> None:
    assert similarity(["K", "AE", "N"], ["K", "AE", "N", "S", "AH", "L"]) == pytest.approx(0.5)
    assert similarity(["K", "AE", "N", "S", "AH", "L"], ["K", "AE", "N"]) == pytest.approx(0.5)
