"""The command n-gram model, read back by pocketsphinx itself: a well-formed model whose probabilities add up."""

from __future__ import annotations

from pathlib import Path

import pytest

from audio.grammar import MAX_LM_VARIANTS, build_grammar
from audio.lm import build_arpa
from intents.interaction_model import load_model

pocketsphinx = pytest.importorskip("pocketsphinx")


def _read(arpa: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The model as the decoder holds it, with the log base its scores come in."""
    path = tmp_path / "commands.arpa"
    path.write_text(arpa, encoding="utf-8")
    logmath = pocketsphinx.LogMath()
    return pocketsphinx.NGramModel(pocketsphinx.Config(lm=None), logmath, str(path)), logmath


def _next_word_total(model, logmath, vocabulary: set[str], history: list[str]) -> float:  # type: ignore[no-untyped-def]
    """P(w | history) summed over every w: 1 when the discounting and back-off weights are right."""
    return sum(logmath.exp(model.prob([word, *reversed(history)])) for word in vocabulary)


@pytest.mark.parametrize("history", [["<s>"], ["<s>", "start"], ["start", "a"], ["needs", "round"], ["zebra"]])
def test_the_probabilities_of_the_next_word_add_up_to_one_after_any_history(tmp_path: Path, history: list[str]) -> None:
    """Checked on the real command phrases, in seen, partly seen and unseen contexts (``zebra``: none)."""
    grammar = build_grammar(load_model(), ("sam", "alex"), lambda word: "AH")
    model, logmath = _read(build_arpa(grammar.sentences), tmp_path)
    vocabulary = {w for s in grammar.sentences for w in s.split()} | {"</s>"}
    assert _next_word_total(model, logmath, vocabulary, history) == pytest.approx(1.0, abs=0.01)


def test_a_phrase_seen_in_training_outweighs_the_same_words_jumbled(tmp_path: Path) -> None:
    """What the rejection step counts on: a command comes out as itself, off-topic speech as a jumble (with a
    discount of 0.9 instead of 0.5 the jumble would win here)."""
    model, _ = _read(build_arpa(["start a needs round", "stop", "start a round"]), tmp_path)
    assert model.prob(["round", "needs", "a"]) > model.prob(["a", "round", "needs"])


def test_a_count_weighs_like_repeating_the_sentence(tmp_path: Path) -> None:
    training = ["start a round", "start a needs round", "stop"]
    once, _ = _read(build_arpa(training), tmp_path)
    repeated, _ = _read(build_arpa([*training, "stop", "stop"]), tmp_path)
    counted, _ = _read(build_arpa({"start a round": 1, "start a needs round": 1, "stop": 3}), tmp_path)
    assert counted.prob(["stop", "<s>"]) == repeated.prob(["stop", "<s>"]) > once.prob(["stop", "<s>"])
    assert counted.prob(["start", "<s>"]) < once.prob(["start", "<s>"])


def test_for_the_second_model_every_sample_weighs_the_same_however_many_fillings_it_has() -> None:
    """Counted once per filling, "make rounds {minutes} minutes long" outweighed "stop" fifteen to one."""
    grammar = build_grammar(load_model(), ("sam", "alex"), lambda word: "AH")
    assert grammar.sample_counts["stop"] >= MAX_LM_VARIANTS
    fillings = [s for s in grammar.sample_counts if s.startswith("make rounds ") and s.endswith(" minutes long")]
    assert len(fillings) == MAX_LM_VARIANTS
    assert sum(grammar.sample_counts[s] for s in fillings) == MAX_LM_VARIANTS
    assert set(grammar.sample_counts) == set(grammar.sentences)
