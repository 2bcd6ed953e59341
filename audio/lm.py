"""A small trigram model over the command phrases, written as ARPA text for pocketsphinx.

Why a second model beside the grammar: a grammar forces any speech onto its closest command, while an
n-gram model over the same words can string them together freely, so off-topic speech comes out as a jumble
that matches no command and a real command usually comes out as itself. Comparing the two results is the
recogniser's rejection step.

Absolute discounting with back-off (discount ``DISCOUNT``), back-off weights computed so each context's
probabilities sum to one. No toolkit is needed and the model is built in a few milliseconds at start.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

DISCOUNT = 0.5
UNIGRAM_FLOOR = 0.5
"""Pseudo-count every vocabulary word gets as a unigram, so rare slot values are not unreachable."""
BOS, EOS = "<s>", "</s>"


def _log10(p: float) -> float:
    return math.log10(max(p, 1e-99))


def build_arpa(sentences: Iterable[str] | Mapping[str, int], order: int = 3) -> str:
    """ARPA text of an ``order``-gram model (2 or 3) trained on ``sentences``: each once, or as many times as
    a mapping says (whole counts, so that the discount means what it meant)."""
    times = sentences if isinstance(sentences, Mapping) else Counter(sentences)
    counts: list[Counter[tuple[str, ...]]] = [Counter() for _ in range(order + 1)]
    for sentence, seen in times.items():
        words = [BOS, *sentence.split(), EOS]
        for n in range(1, order + 1):
            for i in range(len(words) - n + 1):
                gram = tuple(words[i : i + n])
                if n == 1 and gram[0] == BOS:
                    continue
                counts[n][gram] += seen

    vocab = sorted({g[0] for g in counts[1]} | {BOS})
    total = sum(counts[1].values()) + UNIGRAM_FLOOR * len(vocab)
    prob: list[dict[tuple[str, ...], float]] = [{} for _ in range(order + 1)]
    for word in vocab:
        prob[1][(word,)] = (counts[1][(word,)] + UNIGRAM_FLOOR) / total if word != BOS else 0.0

    followers: list[dict[tuple[str, ...], list[str]]] = [defaultdict(list) for _ in range(order + 1)]
    context_total: list[Counter[tuple[str, ...]]] = [Counter() for _ in range(order + 1)]
    for n in range(2, order + 1):
        for gram, c in counts[n].items():
            followers[n][gram[:-1]].append(gram[-1])
            context_total[n][gram[:-1]] += c
        for gram, c in counts[n].items():
            prob[n][gram] = (c - DISCOUNT) / context_total[n][gram[:-1]]

    def lower(gram: tuple[str, ...]) -> float:
        """P(w | shorter context), backing off as far as needed."""
        n = len(gram)
        if n == 1:
            return prob[1].get(gram, 0.0)
        if gram in prob[n]:
            return prob[n][gram]
        return backoff.get(gram[:-1], 1.0) * lower(gram[1:])

    backoff: dict[tuple[str, ...], float] = {}
    for n in range(2, order + 1):
        for context, words in followers[n].items():
            seen = sum(prob[n][(*context, w)] for w in words)
            seen_lower = sum(lower((*context[1:], w)) for w in words)
            backoff[context] = (1.0 - seen) / max(1e-12, 1.0 - seen_lower)

    lines = ["\\data\\"]
    lines.extend(f"ngram {n}={len(prob[n])}" for n in range(1, order + 1))
    for n in range(1, order + 1):
        lines.append("")
        lines.append(f"\\{n}-grams:")
        for gram in sorted(prob[n]):
            p = -99.0 if gram == (BOS,) else _log10(prob[n][gram])
            text = f"{p:.4f}\t{' '.join(gram)}"
            if n < order and gram[-1] != EOS:
                text += f"\t{_log10(backoff.get(gram, 1.0)):.4f}"
            lines.append(text)
    lines.extend(["", "\\end\\", ""])
    return "\n".join(lines)
