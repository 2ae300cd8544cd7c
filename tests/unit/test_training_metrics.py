"""Model-card metrics against brute force and hand-made cases."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hydra_router.training.labelled import LabelledRow, request_key
from hydra_router.training.metrics import (
    bands,
    cluster_interval,
    decision_rates,
    language_invariance,
    reliability,
    roc_auc,
)


def brute_auc(scores: np.ndarray, positive: np.ndarray) -> float:
    pos, neg = scores[positive], scores[~positive]
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.booleans()), min_size=2, max_size=30))
def test_roc_auc_matches_pairwise_count(pairs: list[tuple[int, bool]]) -> None:
    scores = np.array([p[0] / 5 for p in pairs])
    positive = np.array([p[1] for p in pairs])
    result = roc_auc(scores, positive)
    if positive.all() or not positive.any():
        assert result is None
    else:
        assert result == pytest.approx(brute_auc(scores, positive))


def test_reliability_bins_average_scores_and_targets() -> None:
    points = reliability(np.array([0.05, 0.07, 0.95]), np.array([0.0, 1.0, 1.0]), bins=10)
    assert points == [(pytest.approx(0.06), 0.5, 2), (pytest.approx(0.95), 1.0, 1)]


def test_bands_are_percentiles_per_head() -> None:
    scores = np.tile(np.linspace(0, 1, 101)[:, None], (1, 4))
    lo, hi = bands(scores)["debugging"]
    assert lo == pytest.approx(0.05) and hi == pytest.approx(0.95)


def test_language_invariance_compares_with_english_of_the_same_group() -> None:
    scores = np.array(
        [
            [0.9, 0.1, 0.1, 0.1],  # g1 en
            [0.8, 0.2, 0.1, 0.1],  # g1 de: same decisions
            [0.4, 0.1, 0.1, 0.1],  # g1 bn: reasoning flips
            [0.1, 0.9, 0.1, 0.1],  # g2 en
            [0.1, 0.7, 0.1, 0.1],  # g2 de
            [0.5, 0.5, 0.5, 0.5],  # g3 de without English: ignored
        ]
    )
    result = {
        r.lang: r
        for r in language_invariance(
            scores,
            ["en", "de", "bn", "en", "de", "de"],
            ["g1", "g1", "g1", "g2", "g2", "g3"],
            {"en", "de"},
        )
    }
    assert result["de"].pairs == 2 and result["de"].agreement == 1.0
    assert result["de"].mean_abs_delta == pytest.approx((0.2 / 4 + 0.2 / 4) / 2)
    assert result["bn"].agreement == 0.0 and result["bn"].held_out
    assert not result["de"].held_out


def test_language_invariance_cuts_each_head_at_its_own_threshold_and_compares_routes() -> None:
    scores = np.array(
        [
            [0.45, 0.1, 0.0, 0.0],  # g1 en: above the reasoning cut 0.3
            [0.55, 0.1, 0.0, 0.0],  # g1 de: above it too
            [0.25, 0.1, 0.0, 0.0],  # g1 fr: below it
        ]
    )
    result = {
        r.lang: r
        for r in language_invariance(
            scores,
            ["en", "de", "fr"],
            ["g1"] * 3,
            {"en", "de", "fr"},
            thresholds=np.array([0.3, 0.5, 0.5, 0.5]),
            routes=[2, 0, 2],
        )
    }
    assert result["de"].agreement == 1.0 and result["fr"].agreement == 0.0
    assert result["de"].route_agreement == 0.0 and result["fr"].route_agreement == 1.0
    at_half = {
        r.lang: r for r in language_invariance(scores, ["en", "de", "fr"], ["g1"] * 3, {"en"})
    }
    assert at_half["de"].agreement == 0.0 and at_half["fr"].agreement == 1.0
    assert all(r.route_agreement is None for r in at_half.values())


def test_language_invariance_pairs_a_translation_with_the_english_row_of_the_same_request() -> None:
    # One group put three ways in English: "write it" (code 0.6), "explain it"
    # (code 0.1) and the bare stub, which has the labels of "write it"; each
    # translated into German. Labels and form travel with the translation.
    def row(lang: str, code: float, variant: str = "") -> LabelledRow:
        return LabelledRow("t", lang, "humaneval_xl", "g", "test", (0, code, 0, 0), variant)

    rows = [
        row("en", 0.6),  # write
        row("en", 0.1),  # explain
        row("en", 0.6, "stub"),
        row("de", 0.1),  # explain: agrees with English "explain"
        row("de", 0.6),  # write: agrees with English "write"
        row("de", 0.6, "stub"),  # bare stub: compared with the English bare stub
        row("de", 0.3),  # a phrasing with no English counterpart
    ]
    scores = np.array(
        [
            [0.1, 0.8, 0.0, 0.0],
            [0.1, 0.2, 0.0, 0.0],
            [0.1, 0.4, 0.0, 0.0],
            [0.1, 0.25, 0.0, 0.0],
            [0.1, 0.7, 0.0, 0.0],
            [0.1, 0.3, 0.0, 0.0],
            [0.1, 0.9, 0.0, 0.0],
        ]
    )
    langs = [r.lang for r in rows]
    paired = language_invariance(scores, langs, [request_key(r) for r in rows], {"en", "de"})[0]
    assert paired.pairs == 3 and paired.agreement == 1.0
    assert paired.mean_abs_delta == pytest.approx((0.05 / 4 + 0.1 / 4 + 0.1 / 4) / 3)
    by_group = language_invariance(scores, langs, ["g"] * 7, {"en", "de"})[0]
    assert by_group.pairs == 4 and by_group.agreement == pytest.approx(2 / 4)
    with pytest.raises(ValueError, match="one entry per row"):
        language_invariance(scores, langs[:4], ["g"] * 7, {"en"})


def test_decision_rates_show_a_head_that_ranks_well_but_never_fires() -> None:
    positive = np.array([True, True, False, False, False])
    low = np.array([0.3, 0.4, 0.1, 0.05, 0.2])  # right order, all below the cut
    assert roc_auc(low, positive) == 1.0
    assert decision_rates(low, positive) == {"recall": 0.0, "specificity": 1.0}
    assert decision_rates(low + 0.3, positive) == {"recall": 1.0, "specificity": 2 / 3}
    assert np.isnan(decision_rates(low, np.zeros(5, bool))["recall"])


def test_cluster_interval_resamples_whole_items() -> None:
    # 20 items of 5 pairs each; two items miss every pair (agreement 0.9)
    clusters = [f"g{k}" for k in range(20) for _ in range(5)]
    hits = np.array([c not in ("g0", "g1") for c in clusters])
    low, high = cluster_interval(hits, clusters)
    assert low < 0.9 < high
    # the same 100 pairs from 100 independent items: a narrower interval
    narrow = cluster_interval(hits, [str(k) for k in range(100)])
    assert high - low > narrow[1] - narrow[0]
    assert cluster_interval(hits, clusters) == (low, high)  # seeded
    assert cluster_interval(np.ones(6, bool), list("aabbcc")) == (1.0, 1.0)


def test_cluster_interval_rejects_mismatched_input() -> None:
    with pytest.raises(ValueError, match="one entry per pair"):
        cluster_interval(np.ones(3, bool), ["a", "b"])
    with pytest.raises(ValueError, match="at least one pair"):
        cluster_interval(np.ones(0, bool), [])


def test_language_invariance_counts_items_and_brackets_the_agreement() -> None:
    # four items, each asked in English and German in two forms; item g3's German misses both
    groups = [g for g in ("g0", "g1", "g2", "g3") for _ in range(4)]
    langs = ["en", "de"] * 8
    requests = [f"{g}/{form}" for g in ("g0", "g1", "g2", "g3") for form in ("a", "a", "b", "b")]
    scores = np.full((16, 4), 0.1)
    scores[[13, 15], 0] = 0.9
    (de,) = language_invariance(scores, langs, requests, {"en", "de"}, clusters=groups)
    assert de.pairs == 8 and de.items == 4 and de.agreement == 0.75
    assert de.agreement_interval is not None
    low, high = de.agreement_interval
    assert low == 0.5 and high == 1.0
    (plain,) = language_invariance(scores, langs, requests, {"en", "de"})
    assert plain.items is None and plain.agreement_interval is None
    with pytest.raises(ValueError, match="clusters"):
        language_invariance(scores, langs, requests, {"en"}, clusters=groups[:3])
