"""The `guarantee` regime: routing on the certified δ, or on the reference when none was
certified, and the errors of a catalog or request without it."""

from __future__ import annotations

import pytest

from hydra_router.profiles import (
    CatalogLoadError,
    CatalogSnapshot,
    bundled_profiles_path,
    parse_catalog,
)
from hydra_router.protocol import RouteParams
from hydra_router.routing import ParamsError, RoutingMemory, route, unscored
from hydra_router.server import guarantee_info

BANDS = ((0.0, 1.0),) * 4
HARD = (0.9, 0.9, 0.9, 0.9)
EASY = (0.05, 0.05, 0.05, 0.05)
BUNDLED = bundled_profiles_path().read_text(encoding="utf-8")


def with_guarantee(block: str, text: str = BUNDLED) -> str:
    return text.replace("defaults:\n", f"defaults:\n  guarantee: {block}\n", 1)


def snapshot_of(text: str) -> CatalogSnapshot:
    return CatalogSnapshot(parse_catalog(text, "profiles.yaml"), 1, "profiles.yaml", "cli")


def ask(snapshot: CatalogSnapshot, scores, **params):
    return route(RouteParams(prompt="p", **params), snapshot, scores, BANDS, RoutingMemory())


def test_guarantee_routes_on_its_certified_delta() -> None:
    block = "{epsilon: 0.02, alpha: 0.1, delta: 0.0, reference: claude-sonnet-4-6, n: 250}"
    certified = snapshot_of(with_guarantee(block))
    for scores in (HARD, EASY):
        result = ask(certified, scores, regime="guarantee")
        peak = ask(certified, scores, regime="peak")  # bundled peak δ is 0 too
        assert result.regime == "guarantee" and result.delta == 0.0
        assert result.model == peak.model
    loose = snapshot_of(with_guarantee(block.replace("delta: 0.0", "delta: 1.0")))
    cheapest = min(loose.catalog.models, key=loose.catalog.cost).id
    assert ask(loose, HARD, regime="guarantee").model == cheapest


def test_no_certified_delta_sends_every_request_to_the_reference() -> None:
    block = "{epsilon: 0.01, alpha: 0.05, delta: null, reference: gpt-5.4, n: 120}"
    snapshot = snapshot_of(with_guarantee(block))
    for scores in (HARD, EASY):
        result = ask(snapshot, scores, regime="guarantee")
        assert result.model == "gpt-5.4" and result.method == "hydra"
        others = [c for c in result.candidates if c.model != "gpt-5.4"]
        assert all("certified no δ" in (c.reason or "") for c in others)
    # When the reference cannot serve, the regime still routes (on δ 0 among the rest).
    routed = ask(snapshot, HARD, regime="guarantee", exclude=["gpt-5.4"])
    assert routed.model != "gpt-5.4" and routed.method == "hydra"


def test_guarantee_regime_needs_the_block() -> None:
    snapshot = snapshot_of(BUNDLED)
    with pytest.raises(ParamsError, match="no `guarantee` regime.*--guarantee"):
        ask(snapshot, HARD, regime="guarantee")
    with pytest.raises(ParamsError, match="no `guarantee` regime"):
        unscored(RouteParams(prompt="p", regime="guarantee"), snapshot, "predictor failed")
    assert guarantee_info(snapshot.catalog) is None


def test_catalog_result_carries_the_guarantee() -> None:
    block = "{epsilon: 0.05, alpha: 0.2, delta: 0.04, reference: claude-sonnet-4-6, n: 250}"
    info = guarantee_info(snapshot_of(with_guarantee(block)).catalog)
    assert info is not None
    assert (info.epsilon, info.alpha, info.delta, info.reference, info.n) == (
        0.05,
        0.2,
        0.04,
        "claude-sonnet-4-6",
        250,
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            with_guarantee("{epsilon: 0.02, alpha: 0.1, reference: gpt-9, n: 10}"),
            "reference `gpt-9` is not a model id",
        ),
        (
            with_guarantee("{epsilon: 0.02, alpha: 1.5, reference: gpt-5.4, n: 10}"),
            "guarantee.alpha",
        ),
        (BUNDLED.replace("  regime: iso\n", "  regime: guarantee\n"), "needs `defaults.guarantee`"),
        (
            with_guarantee(
                "{epsilon: 0.02, alpha: 0.1, reference: gpt-5.4, n: 10}",
                BUNDLED.replace("slope: 2.69\n", "").replace("ease: 3.0\n", ""),
            ),
            "needs `slope`",
        ),
    ],
)
def test_catalog_checks_the_guarantee_block(text: str, message: str) -> None:
    with pytest.raises(CatalogLoadError) as caught:
        parse_catalog(text, "profiles.yaml")
    assert any(message in (e.key or "") + e.message for e in caught.value.errors), [
        e.message for e in caught.value.errors
    ]
