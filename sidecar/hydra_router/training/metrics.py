"""Model-card metrics, pure numpy: ROC-AUC, reliability, language invariance, bands."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from hydra_router.protocol import DIMENSIONS


def roc_auc(scores: np.ndarray, positive: np.ndarray) -> float | None:
    """Area under the ROC curve (rank form, ties averaged); None when one class is absent."""
    positive = positive.astype(bool)
    n_pos, n_neg = int(positive.sum()), int((~positive).sum())
    if n_pos == 0 or n_neg == 0:
        return None
    order = np.argsort(scores, kind="mergesort")
    ranks = np.empty(len(scores), dtype=np.float64)
    sorted_scores = scores[order]
    i = 0
    while i < len(scores):
        j = i
        while j + 1 < len(scores) and sorted_scores[j + 1] == sorted_scores[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2.0 + 1.0
        i = j + 1
    return float((ranks[positive].sum() - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg))


def decision_rates(scores: np.ndarray, positive: np.ndarray, cut: float = 0.5) -> dict[str, float]:
    """How the decision at `cut` splits the rows: recall on positives, specificity on negatives.

    ROC-AUC says the order is right; these say the cut the router and the
    invariance figures use sits where the order changes (a head whose scores
    all stay below 0.5 ranks well and still decides nothing).
    """
    scores = np.asarray(scores, dtype=np.float64)
    positive = np.asarray(positive, dtype=bool)
    fired = scores >= cut
    return {
        "recall": float(fired[positive].mean()) if positive.any() else float("nan"),
        "specificity": float((~fired[~positive]).mean()) if (~positive).any() else float("nan"),
    }


def reliability(
    scores: np.ndarray, targets: np.ndarray, bins: int = 10
) -> list[tuple[float, float, int]]:
    """(mean score, mean target, count) per equal-width score bin, empty bins dropped."""
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(scores, edges[1:-1]), 0, bins - 1)
    out = []
    for b in range(bins):
        sel = which == b
        if sel.any():
            out.append((float(scores[sel].mean()), float(targets[sel].mean()), int(sel.sum())))
    return out


def bands(scores: np.ndarray, lo: float = 5.0, hi: float = 95.0) -> dict[str, tuple[float, float]]:
    """Per head (β_lo, β_hi) percentiles of the scores."""
    return {
        head: (float(np.percentile(scores[:, k], lo)), float(np.percentile(scores[:, k], hi)))
        for k, head in enumerate(DIMENSIONS)
    }


@dataclass(frozen=True)
class Invariance:
    lang: str
    pairs: int
    agreement: float  # share of rows whose whole decision vector equals English's
    mean_abs_delta: float  # mean over rows and heads of |score − English score|
    held_out: bool  # language without rows in the training split
    route_agreement: float | None = None  # share routed to the same model as English
    # with `clusters`: how many items the pairs come from, and a 90 % interval of
    # the agreement from resampling whole items (one item's forms err together)
    items: int | None = None
    agreement_interval: tuple[float, float] | None = None


def cluster_interval(
    hits: np.ndarray,
    clusters: Sequence[str],
    level: float = 0.9,
    resamples: int = 2000,
    seed: int = 0,
) -> tuple[float, float]:
    """Percentile bootstrap interval of a share of hits, resampling whole clusters.

    The pairs of one item (a HumanEval problem asked as a stub, a description
    and "write tests") are not independent: one English form read wrongly
    flips them all. Resampling items, not pairs, gives the interval the
    number of items supports.
    """
    if len(hits) != len(clusters) or not len(hits):
        raise ValueError("hits and clusters need one entry per pair, and at least one pair")
    names = sorted(set(clusters))
    index = {name: k for k, name in enumerate(names)}
    ids = np.array([index[c] for c in clusters])
    sums = np.bincount(ids, weights=hits.astype(np.float64), minlength=len(names))
    sizes = np.bincount(ids, minlength=len(names)).astype(np.float64)
    draws = np.random.default_rng(seed).integers(0, len(names), (resamples, len(names)))
    shares = sums[draws].sum(axis=1) / sizes[draws].sum(axis=1)
    tail = (1.0 - level) / 2.0 * 100.0
    return float(np.percentile(shares, tail)), float(np.percentile(shares, 100.0 - tail))


def language_invariance(
    scores: np.ndarray,
    langs: Sequence[str],
    requests: Sequence[str],
    train_langs: set[str],
    thresholds: float | np.ndarray = 0.5,
    routes: Sequence[object] | None = None,
    clusters: Sequence[str] | None = None,
) -> list[Invariance]:
    """Compare every non-English row with the English row of the same request.

    `requests` names the request each row puts (`labelled.request_key`: a
    group holds one item phrased several ways, and a translation pairs only
    with the English phrasing it translates). `thresholds` cut each head's
    score into a decision (one value or one per head); `routes` are the
    models a router picked per row, when measured; `clusters` name the item
    (group) of each row, for an interval of the agreement (`cluster_interval`).
    Rows without an English counterpart are left out.
    """
    if not len(scores) == len(langs) == len(requests):
        raise ValueError("scores, langs and requests need one entry per row")
    if clusters is not None and len(clusters) != len(langs):
        raise ValueError("clusters need one entry per row")
    cut = np.broadcast_to(np.asarray(thresholds, dtype=np.float64), (scores.shape[1],))

    english: dict[str, int] = {}
    for i, lang in enumerate(langs):
        if lang == "en":
            english.setdefault(requests[i], i)
    pairs: dict[str, list[tuple[bool, float, bool, str]]] = {}
    for i, lang in enumerate(langs):
        ref = english.get(requests[i], -1) if lang != "en" else -1
        if ref < 0:
            continue
        pairs.setdefault(lang, []).append(
            (
                bool(((scores[i] >= cut) == (scores[ref] >= cut)).all()),
                float(np.abs(scores[i] - scores[ref]).mean()),
                routes is not None and routes[i] == routes[ref],
                clusters[i] if clusters is not None else "",
            )
        )
    out = []
    for lang in sorted(pairs):
        agree, delta, routed, items = (
            np.array(column) for column in zip(*pairs[lang], strict=True)
        )
        out.append(
            Invariance(
                lang,
                len(agree),
                float(agree.mean()),
                float(delta.mean()),
                lang not in train_langs,
                float(routed.mean()) if routes is not None else None,
                len(set(items)) if clusters is not None else None,
                cluster_interval(agree, items.tolist()) if clusters is not None else None,
            )
        )
    return out
