"""Conversation state and the routing core: pinned, sticky, escalation, fallback, gates,
and the decision facts each result carries.

These run on the bundled catalog without its reliabilities (matching on τ), where
the choices are easy to read; test_matching_reliability covers predicted pass.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fixtures.catalog_text import strip_reliability
from hydra_router.commands.route import format_table
from hydra_router.conversations import Conversation, Conversations, drifted, merged
from hydra_router.profiles import (
    CatalogSnapshot,
    bundled_profiles_path,
    parse_catalog,
)
from hydra_router.protocol import RouteParams, RouteResult
from hydra_router.routing import ParamsError, RoutingMemory, route, unscored

BANDS = ((0.0, 1.0),) * 4  # identity: scores are the normalised requirements
LOW = (0.1, 0.1, 0.1, 0.1)
HIGH = (0.99, 0.99, 0.99, 0.99)


@pytest.fixture(scope="module")
def snapshot() -> CatalogSnapshot:
    text = strip_reliability(bundled_profiles_path().read_text(encoding="utf-8"))
    return CatalogSnapshot(parse_catalog(text, "profiles.yaml"), 7, "bundled", "bundled")


def ask(snapshot, state, scores, **params):
    return route(RouteParams(prompt="p", **params), snapshot, scores, BANDS, state)


def test_lru_evicts_least_recently_used() -> None:
    conversations = Conversations(capacity=2)
    conversations.put("a", Conversation("m", LOW))
    conversations.put("b", Conversation("m", LOW))
    conversations.get("a")
    conversations.put("c", Conversation("m", LOW))
    assert "a" in conversations and "c" in conversations and "b" not in conversations
    assert len(conversations) == 2


def test_drift_and_merge() -> None:
    assert drifted((0.2, 0.2), (0.3, 0.2), 0.05)
    assert not drifted((0.2, 0.2), (0.24, 0.0), 0.05)
    assert merged((0.2, 0.5), (0.3, 0.1)) == (0.3, 0.5)


def test_low_requirements_pick_the_cheapest(snapshot) -> None:
    result = ask(snapshot, RoutingMemory(), LOW)
    assert (result.model, result.method) == ("gpt-5.4-mini", "hydra")
    assert result.catalog_version == 7 and result.regime == "iso" and result.tau == 0.06
    assert [c.model for c in result.candidates] == [m.id for m in snapshot.catalog.models]


def test_tau_and_regime_override(snapshot) -> None:
    peak = ask(snapshot, RoutingMemory(), (0.9, 0.9, 0.9, 0.9), regime="peak")
    loose = ask(snapshot, RoutingMemory(), (0.9, 0.9, 0.9, 0.9), tau=1.0)
    assert peak.tau == 0.02 and loose.tau == 1.0
    assert loose.model == "gpt-5.4-mini"
    assert snapshot.catalog.cost(snapshot.catalog.model(peak.model)) > snapshot.catalog.cost(
        snapshot.catalog.model(loose.model)
    )


def test_sticky_then_escalate_never_downgrade(snapshot) -> None:
    state = RoutingMemory()
    first = ask(snapshot, state, LOW, conversation_id="c")
    assert first.method == "hydra" and first.model == "gpt-5.4-mini"
    again = ask(snapshot, state, (0.2, 0.2, 0.2, 0.2), conversation_id="c")
    assert (again.model, again.method) == ("gpt-5.4-mini", "sticky")
    up = ask(snapshot, state, HIGH, conversation_id="c")
    assert up.method == "escalated" and up.model != "gpt-5.4-mini"
    down = ask(snapshot, state, LOW, conversation_id="c")
    assert (down.model, down.method) == (up.model, "sticky")


def test_reset_routes_afresh(snapshot) -> None:
    state = RoutingMemory()
    ask(snapshot, state, HIGH, conversation_id="c")
    fresh = ask(snapshot, state, LOW, conversation_id="c", reset=True)
    assert (fresh.model, fresh.method) == ("gpt-5.4-mini", "hydra")


def test_pin_wins_and_unknown_pin_is_a_params_error(snapshot) -> None:
    pinned = ask(snapshot, RoutingMemory(), LOW, pin="claude-sonnet-4-6")
    assert (pinned.model, pinned.method) == ("claude-sonnet-4-6", "pinned")
    with pytest.raises(ParamsError) as info:
        ask(snapshot, RoutingMemory(), LOW, pin="gpt-9")
    assert info.value.field == "pin"


def test_unhealthy_pin_is_routed_around(snapshot) -> None:
    state = RoutingMemory(unhealthy={"claude-sonnet-4-6": "quota"})
    result = ask(snapshot, state, LOW, pin="claude-sonnet-4-6")
    assert result.method == "hydra" and result.model == "gpt-5.4-mini"


def test_gates_mark_candidates(snapshot) -> None:
    state = RoutingMemory(unhealthy={"gpt-5.4-mini": "down"})
    result = ask(snapshot, state, LOW, exclude=["claude-haiku-4-5"], context_tokens=250_000)
    reasons = {c.model: c.reason for c in result.candidates}
    assert "unhealthy" in reasons["gpt-5.4-mini"]
    assert "excluded" in reasons["claude-haiku-4-5"]
    assert "context window" in reasons["claude-sonnet-4-6"]
    assert result.model == "gpt-5.3-codex"


def test_no_eligible_model_falls_back_with_reason(snapshot) -> None:
    result = ask(snapshot, RoutingMemory(), LOW, context_tokens=10_000_000)
    assert result.method == "fallback" and result.model == snapshot.catalog.fallback
    assert result.fallback_reason and "fallback" in result.fallback_reason


def test_sticky_model_turned_unhealthy_moves_up_not_down(snapshot) -> None:
    state = RoutingMemory()
    first = ask(snapshot, state, (0.9, 0.9, 0.9, 0.9), conversation_id="c")
    state.unhealthy[first.model] = "down"
    moved = ask(snapshot, state, LOW, conversation_id="c")
    cost = snapshot.catalog.cost
    assert moved.model != first.model
    assert cost(snapshot.catalog.model(moved.model)) >= cost(snapshot.catalog.model(first.model))


def test_conversation_memory_is_bounded(snapshot) -> None:
    state = RoutingMemory(conversations=Conversations(capacity=3))
    for i in range(10):
        ask(snapshot, state, LOW, conversation_id=f"c{i}")
    assert len(state.conversations) == 3


scores = st.tuples(*[st.floats(0, 1)] * 4)


@settings(max_examples=150, deadline=None)
@given(
    scores,
    st.sets(
        st.sampled_from(
            ["gpt-5.4-mini", "claude-haiku-4-5", "gpt-5.3-codex", "claude-sonnet-4-6", "gpt-5.4"]
        )
    ),
    st.integers(0, 500_000),
    st.booleans(),
    st.booleans(),
)
def test_result_is_eligible_or_a_fallback_with_reason(
    snapshot, s, excluded, context, images, tools
) -> None:
    result = ask(
        snapshot,
        RoutingMemory(),
        s,
        exclude=sorted(excluded),
        context_tokens=context,
        has_images=images,
        needs_tools=tools,
    )
    chosen = next(c for c in result.candidates if c.model == result.model)
    if result.method == "fallback":
        assert result.fallback_reason and not any(c.eligible for c in result.candidates)
    else:
        assert chosen.eligible and result.fallback_reason is None


@settings(max_examples=150, deadline=None)
@given(st.lists(scores, min_size=2, max_size=12), st.sampled_from(["peak", "iso", "aggressive"]))
def test_a_conversation_never_moves_to_a_cheaper_model(snapshot, turns, regime) -> None:
    state = RoutingMemory()
    cost = snapshot.catalog.cost
    previous = None
    for s in turns:
        result = ask(snapshot, state, s, conversation_id="c", regime=regime)
        price = cost(snapshot.catalog.model(result.model))
        if previous is not None:
            assert price >= previous
            assert result.method in ("sticky", "escalated")
        previous = price


ESCALATION_CATALOG = """
format: 1
defaults: {regime: iso, tau: {peak: 0.02, iso: 0.06, aggressive: 0.15}, drift: 0.15}
fallback: gpt-5.4
models:
  - {id: gpt-5.4-mini, name: GPT-5.4 mini, vendor: copilot, family: gpt-5.4-mini,
     capabilities: {reasoning: 0.72, code_generation: 0.62, debugging: 0.58, tool_use: 0.55},
     price: {input: 0.75, output: 4.50}, context_window: 400000}
  - {id: claude-haiku-4-5, name: Claude Haiku 4.5, vendor: copilot, family: claude-haiku-4.5,
     capabilities: {reasoning: 0.58, code_generation: 0.66, debugging: 0.62, tool_use: 0.45},
     price: {input: 1.00, output: 5.00}, context_window: 200000}
  - {id: gpt-5.4, name: GPT-5.4, vendor: copilot, family: gpt-5.4,
     capabilities: {reasoning: 0.97, code_generation: 0.92, debugging: 0.90, tool_use: 0.92},
     price: {input: 2.50, output: 15.00}, context_window: 272000}
"""


def test_escalation_never_covers_the_risen_requirement_worse() -> None:
    """A chat on GPT-5.4 mini whose reasoning and debugging needs rise (a proof request with
    a pasted panic) must not escalate to Claude Haiku 4.5: its overall shortfall is lower,
    but it covers the risen reasoning worse than the model the chat is on."""
    from hydra_router.profiles import parse_catalog

    snapshot = CatalogSnapshot(parse_catalog(ESCALATION_CATALOG, "t.yaml"), 1, "t", "cli")
    state = RoutingMemory()
    first = ask(snapshot, state, LOW, conversation_id="c")
    assert (first.model, first.method) == ("gpt-5.4-mini", "hydra")
    risen_needs = (0.62, 0.68, 0.65, 0.30)  # reasoning, code, debugging up by > drift
    up = ask(snapshot, state, risen_needs, conversation_id="c")
    haiku = next(c for c in up.candidates if c.model == "claude-haiku-4-5")
    mini = next(c for c in up.candidates if c.model == "gpt-5.4-mini")
    assert haiku.shortfall < mini.shortfall  # what made the old rule pick it
    assert up.model != "claude-haiku-4-5"
    assert (up.model, up.method) == ("gpt-5.4", "escalated")


def escalation_snapshot_on_pass(reliability: dict[str, float]) -> CatalogSnapshot:
    """ESCALATION_CATALOG matching on predicted pass (slope 2, these reliabilities)."""
    text = ESCALATION_CATALOG.replace("fallback: gpt-5.4\n", "fallback: gpt-5.4\nslope: 2.0\n")
    for model_id, value in reliability.items():
        text = text.replace(f"{{id: {model_id},", f"{{id: {model_id}, reliability: {value},")
    return CatalogSnapshot(parse_catalog(text, "t.yaml"), 1, "t", "cli")


def test_escalation_on_predicted_pass_still_covers_the_risen_requirement() -> None:
    """On predicted pass too: Claude Haiku 4.5 has the highest q̂ after the rise, but it
    covers the risen reasoning worse than GPT-5.4 mini, so the chat escalates to GPT-5.4."""
    snapshot = escalation_snapshot_on_pass(
        {"gpt-5.4-mini": 0.6, "claude-haiku-4-5": 0.95, "gpt-5.4": 0.7}
    )
    state = RoutingMemory()
    first = ask(snapshot, state, LOW, conversation_id="c", delta=1.0)  # cost first
    assert (first.model, first.method) == ("gpt-5.4-mini", "hydra")
    up = ask(snapshot, state, (0.62, 0.68, 0.65, 0.30), conversation_id="c")
    passes = {c.model: c.predicted_pass for c in up.candidates}
    assert passes["claude-haiku-4-5"] > passes["gpt-5.4"] > passes["gpt-5.4-mini"]
    assert (up.model, up.method) == ("gpt-5.4", "escalated")


def test_escalation_on_predicted_pass_never_lowers_it() -> None:
    """GPT-5.4 covers the rise fully but predicts a lower pass than the model the chat is
    on: the chat stays (an escalation must raise the predicted pass)."""
    snapshot = escalation_snapshot_on_pass(
        {"gpt-5.4-mini": 0.6, "claude-haiku-4-5": 0.3, "gpt-5.4": 0.5}
    )
    state = RoutingMemory()
    assert ask(snapshot, state, LOW, conversation_id="c").model == "gpt-5.4-mini"
    up = ask(snapshot, state, (0.62, 0.68, 0.65, 0.30), conversation_id="c")
    passes = {c.model: c.predicted_pass for c in up.candidates}
    assert passes["gpt-5.4"] < passes["gpt-5.4-mini"]
    assert (up.model, up.method) == ("gpt-5.4-mini", "sticky")


def test_covers_rise_compares_shortfall_on_the_risen_dimensions_only() -> None:
    from hydra_router.conversations import covers_rise, risen

    assert risen((0.1, 0.1), (0.5, 0.2), 0.15) == (0,)
    assert not covers_rise((0.58, 0.9), (0.72, 0.6), (0.8, 0.9), (0,))
    assert covers_rise((0.58, 0.9), (0.72, 0.6), (0.5, 0.9), (0,))  # both cover 0.5 fully
    assert covers_rise((0.8, 0.1), (0.72, 0.6), (0.8, 0.9), (0,))


# The decision facts on the wire: why each candidate was not chosen (every method),
# its blended price, and the chosen model's vendor, family and name.


def reasons(result: RouteResult) -> dict[str, str | None]:
    return {c.model: c.reason for c in result.candidates}


def assert_every_other_has_a_reason(result: RouteResult) -> None:
    for c in result.candidates:
        if c.model == result.model:
            assert c.reason is None, c
        else:
            assert c.reason, f"{result.method}: no reason for {c.model}"


def test_hydra_reasons_follow_the_rule(snapshot) -> None:
    result = ask(snapshot, RoutingMemory(), LOW)
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
    result = ask(snapshot, RoutingMemory(), HIGH, tau=0.0)
    assert result.method == "hydra" and result.shortfall > 0
    assert_every_other_has_a_reason(result)
    assert all(
        "no model met τ" in (c.reason or "") for c in result.candidates if c.model != result.model
    )


def test_pinned_sticky_and_escalated_name_their_own_reason(snapshot) -> None:
    pinned = ask(snapshot, RoutingMemory(), LOW, pin="claude-sonnet-4-6")
    assert pinned.method == "pinned"
    assert_every_other_has_a_reason(pinned)
    assert all(
        r == "`claude-sonnet-4-6` is pinned"
        for m, r in reasons(pinned).items()
        if m != pinned.model
    )

    state = RoutingMemory()
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
    state = RoutingMemory()
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
    result = ask(snapshot, RoutingMemory(), LOW, context_tokens=10_000_000)
    assert result.method == "fallback"
    assert_every_other_has_a_reason(result)
    assert all(
        "context window" in (r or "") for m, r in reasons(result).items() if m != result.model
    )


def test_blended_price_is_the_one_routing_orders_by(snapshot) -> None:
    catalog = snapshot.catalog
    result = ask(snapshot, RoutingMemory(), LOW)
    for c in result.candidates:
        model = catalog.model(c.model)
        assert model is not None
        assert c.blended_price == pytest.approx(catalog.cost(model))
        assert (c.price.input, c.price.output) == (model.price.input, model.price.output)


@pytest.mark.parametrize("pin", [None, "claude-sonnet-4-6"])
def test_result_names_the_chosen_models_vendor_family_and_name(snapshot, pin) -> None:
    params = RouteParams(prompt="p", pin=pin)
    for result in (
        route(params, snapshot, LOW, BANDS, RoutingMemory()),
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
    state = RoutingMemory()
    ask(snapshot, state, LOW, conversation_id="c")
    sticky = ask(snapshot, state, (0.2, 0.2, 0.2, 0.2), conversation_id="c")
    table = format_table(sticky, BANDS)
    for c in sticky.candidates:
        line = next(line for line in table.splitlines() if line[2:].startswith(f"{c.model} "))
        assert line.endswith("chosen" if c.model == sticky.model else str(c.reason))
        assert f"{c.blended_price:.2f}" in line
    assert "≤ τ" not in table
