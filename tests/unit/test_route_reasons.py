"""The decision facts on the wire: why each candidate was not chosen (every method),
its blended price, and the chosen model's vendor, family and name."""

from __future__ import annotations

import pytest

from hydra_router.commands.route import format_table
from hydra_router.profiles import CatalogSnapshot, bundled_profiles_path, load_catalog
from hydra_router.protocol import RouteParams, RouteResult
from hydra_router.routing import RouterState, route, unscored

BANDS = ((0.0, 1.0),) * 4  # identity: scores are the normalised requirements
LOW = (0.1, 0.1, 0.1, 0.1)
HIGH = (0.99, 0.99, 0.99, 0.99)


@pytest.fixture(scope="module")
def snapshot() -> CatalogSnapshot:
    return CatalogSnapshot(load_catalog(bundled_profiles_path()), 7, "bundled", "bundled")


def ask(snapshot: CatalogSnapshot, state: RouterState, scores, **params) -> RouteResult:
    return route(RouteParams(prompt="p", **params), snapshot, scores, BANDS, state)


def reasons(result: RouteResult) -> dict[str, str | None]:
    return {c.model: c.reason for c in result.candidates}


def assert_every_other_has_a_reason(result: RouteResult) -> None:
    for c in result.candidates:
        if c.model == result.model:
            assert c.reason is None, c
        else:
            assert c.reason, f"{result.method}: no reason for {c.model}"


def test_hydra_reasons_follow_the_rule(snapshot) -> None:
    result = ask(snapshot, RouterState(), LOW)
    assert result.method == "hydra" and result.shortfall <= result.tau
    assert_every_other_has_a_reason(result)
    chosen = next(c for c in result.candidates if c.model == result.model)
    for c in result.candidates:
        if c.model == result.model:
            continue
        if c.shortfall > result.tau:
            assert c.reason == f"shortfall {c.shortfall:.3f} > τ {result.tau:.3f}"
        else:
            assert c.blended_price >= chosen.blended_price
            assert c.reason and c.reason.startswith("within τ")


def test_no_model_within_tau_says_the_lowest_shortfall_won(snapshot) -> None:
    result = ask(snapshot, RouterState(), HIGH, tau=0.0)
    assert result.method == "hydra" and result.shortfall > 0
    assert_every_other_has_a_reason(result)
    assert all(
        "no model met τ" in (c.reason or "") for c in result.candidates if c.model != result.model
    )


def test_pinned_sticky_and_escalated_name_their_own_reason(snapshot) -> None:
    pinned = ask(snapshot, RouterState(), LOW, pin="claude-sonnet-4-6")
    assert pinned.method == "pinned"
    assert_every_other_has_a_reason(pinned)
    assert all(
        r == "`claude-sonnet-4-6` is pinned"
        for m, r in reasons(pinned).items()
        if m != pinned.model
    )

    state = RouterState()
    ask(snapshot, state, LOW, conversation_id="c")
    sticky = ask(snapshot, state, (0.2, 0.2, 0.2, 0.2), conversation_id="c")
    assert sticky.method == "sticky"
    assert_every_other_has_a_reason(sticky)
    assert all(
        "this conversation stays with `gpt-5.4-mini`" in (r or "")
        for m, r in reasons(sticky).items()
        if m != sticky.model
    )

    up = ask(snapshot, state, HIGH, conversation_id="c")
    assert up.method == "escalated"
    assert_every_other_has_a_reason(up)
    assert "this conversation's model until now" in (reasons(up)["gpt-5.4-mini"] or "")


def test_moving_off_an_unusable_model_explains_the_cheaper_ones(snapshot) -> None:
    state = RouterState()
    first = ask(snapshot, state, (0.9, 0.9, 0.9, 0.9), conversation_id="c")
    state.unhealthy[first.model] = "down"
    moved = ask(snapshot, state, LOW, conversation_id="c")
    assert moved.method == "hydra"
    assert_every_other_has_a_reason(moved)
    assert reasons(moved)[first.model] == "marked unhealthy by the editor"
    first_cost = next(c.blended_price for c in first.candidates if c.model == first.model)
    cheaper = [c for c in moved.candidates if c.eligible and c.blended_price < first_cost]
    assert cheaper  # the catalog has usable models cheaper than the first choice
    for c in cheaper:
        assert "never moves to a cheaper model" in (c.reason or "")


def test_fallback_reasons_are_the_gates(snapshot) -> None:
    result = ask(snapshot, RouterState(), LOW, context_tokens=10_000_000)
    assert result.method == "fallback"
    assert_every_other_has_a_reason(result)
    assert all(
        "context window" in (r or "") for m, r in reasons(result).items() if m != result.model
    )


def test_blended_price_is_the_one_routing_orders_by(snapshot) -> None:
    catalog = snapshot.catalog
    result = ask(snapshot, RouterState(), LOW)
    for c in result.candidates:
        model = catalog.model(c.model)
        assert model is not None
        assert c.blended_price == pytest.approx(catalog.cost(model))
        assert (c.price.input, c.price.output) == (model.price.input, model.price.output)


@pytest.mark.parametrize("pin", [None, "claude-sonnet-4-6"])
def test_result_names_the_chosen_models_vendor_family_and_name(snapshot, pin) -> None:
    params = RouteParams(prompt="p", pin=pin)
    for result in (
        route(params, snapshot, LOW, BANDS, RouterState()),
        unscored(params, snapshot, "the predictor failed"),
    ):
        model = snapshot.catalog.model(result.model)
        assert model is not None
        assert (result.vendor, result.family, result.name) == (
            model.vendor,
            model.family,
            model.name,
        )


def test_route_table_shows_the_routers_reasons(snapshot) -> None:
    state = RouterState()
    ask(snapshot, state, LOW, conversation_id="c")
    sticky = ask(snapshot, state, (0.2, 0.2, 0.2, 0.2), conversation_id="c")
    table = format_table(sticky, BANDS)
    for c in sticky.candidates:
        line = next(line for line in table.splitlines() if line[2:].startswith(f"{c.model} "))
        assert line.endswith("chosen" if c.model == sticky.model else str(c.reason))
        assert f"{c.blended_price:.2f}" in line
    assert "≤ τ" not in table
