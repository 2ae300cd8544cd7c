"""Shortfall matching: the formula, the selection rule, the gates."""

from __future__ import annotations

import pytest

from hydra_router import matching
from hydra_router.matching import Gated, MatchModel, Request


def model(id_: str, caps: tuple[float, ...], cost: float) -> MatchModel:
    return MatchModel(id=id_, capabilities=caps, cost=cost)


EQUAL = (0.25, 0.25, 0.25, 0.25)


def test_normalize_clips_into_band() -> None:
    bands = [(0.2, 0.6)] * 4
    assert matching.normalize((0.2, 0.4, 0.6, 0.9), bands) == pytest.approx((0, 0.5, 1, 1))
    assert matching.normalize((0.0, 0.1, 0.2, 0.3), bands)[:3] == (0.0, 0.0, 0.0)


def test_band_weights_favour_narrow_bands_and_sum_to_one() -> None:
    weights = matching.band_weights((1, 1, 1, 1), [(0.4, 0.5), (0.0, 1.0), (0.0, 1.0), (0.0, 1.0)])
    assert sum(weights) == pytest.approx(1.0)
    assert weights[0] == pytest.approx(10 * weights[1])


def test_band_weights_reject_all_zero() -> None:
    with pytest.raises(ValueError, match="positive"):
        matching.band_weights((0, 0, 0, 0), [(0, 1)] * 4)


def test_shortfall_counts_only_missing_capability() -> None:
    assert matching.shortfall((0.8, 0.2, 0.5, 0.0), (0.6, 0.9, 0.5, 0.3), EQUAL) == pytest.approx(
        0.05
    )


def test_choose_cheapest_within_tau() -> None:
    models = [model("small", (0.5,) * 4, 1), model("mid", (0.7,) * 4, 2), model("big", (1,) * 4, 5)]
    choice = matching.choose((0.6,) * 4, models, EQUAL, tau=0.0)
    assert (choice.index, choice.within_tau) == (1, True)
    assert choice.shortfalls == pytest.approx((0.1, 0.0, 0.0))
    assert matching.choose((0.6,) * 4, models, EQUAL, tau=0.1).index == 0


def test_choose_lowest_shortfall_when_none_within_tau_ties_by_price() -> None:
    models = [model("a", (0.5,) * 4, 3), model("b", (0.5,) * 4, 2), model("c", (0.2,) * 4, 1)]
    choice = matching.choose((0.9,) * 4, models, EQUAL, tau=0.01)
    assert (choice.index, choice.within_tau) == (1, False)
    assert choice.shortfall == pytest.approx(0.4)


def test_choose_respects_eligibility_and_reports_none() -> None:
    models = [model("a", (1,) * 4, 1), model("b", (1,) * 4, 2)]
    assert matching.choose((0.5,) * 4, models, EQUAL, 0.0, eligible=[False, True]).index == 1
    none = matching.choose((0.5,) * 4, models, EQUAL, 0.0, eligible=[False, False])
    assert none.index == -1 and len(none.shortfalls) == 2


@pytest.mark.parametrize(
    ("request_", "gated", "reason"),
    [
        (Request(), Gated("m", False, 100, True, True), "disabled"),
        (Request(exclude=frozenset({"m"})), Gated("m", True, 100, True, True), "excluded"),
        (Request(context_tokens=101), Gated("m", True, 100, True, True), "context window 100"),
        (Request(has_images=True), Gated("m", True, 100, False, True), "image"),
        (Request(needs_tools=True), Gated("m", True, 100, True, False), "tool"),
        (Request(context_tokens=100, has_images=True), Gated("m", True, 100, True, True), None),
    ],
)
def test_gates(request_: Request, gated: Gated, reason: str | None) -> None:
    result = matching.gate(gated, request_, set())
    assert (result is None) if reason is None else (reason in (result or ""))


def test_unhealthy_gate() -> None:
    assert "unhealthy" in (matching.gate(Gated("m", True, 1, True, True), Request(), {"m"}) or "")


def test_match_models_follow_catalog(bundled_profiles) -> None:
    from hydra_router.profiles import load_catalog

    catalog = load_catalog(bundled_profiles)
    models = matching.match_models(catalog)
    assert [m.id for m in models] == [m.id for m in catalog.models]
    assert models[0].capabilities == catalog.models[0].capabilities.vector()
