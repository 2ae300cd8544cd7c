"""Conversation state and the routing core: pinned, sticky, escalation, fallback, gates.

These run on the bundled catalog without its reliabilities (matching on τ), where
the choices are easy to read; test_matching_reliability covers predicted pass.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fixtures.catalog_text import strip_reliability
from hydra_router.profiles import CatalogSnapshot, bundled_profiles_path, parse_catalog
from hydra_router.protocol import RouteParams
from hydra_router.routing import ParamsError, RouterState, route
from hydra_router.session import Conversation, Conversations, drifted, merged

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
    result = ask(snapshot, RouterState(), LOW)
    assert (result.model, result.method) == ("gpt-5.4-mini", "hydra")
    assert result.catalog_version == 7 and result.regime == "iso" and result.tau == 0.06
    assert [c.model for c in result.candidates] == [m.id for m in snapshot.catalog.models]


def test_tau_and_regime_override(snapshot) -> None:
    peak = ask(snapshot, RouterState(), (0.9, 0.9, 0.9, 0.9), regime="peak")
    loose = ask(snapshot, RouterState(), (0.9, 0.9, 0.9, 0.9), tau=1.0)
    assert peak.tau == 0.02 and loose.tau == 1.0
    assert loose.model == "gpt-5.4-mini"
    assert snapshot.catalog.cost(snapshot.catalog.model(peak.model)) > snapshot.catalog.cost(
        snapshot.catalog.model(loose.model)
    )


def test_sticky_then_escalate_never_downgrade(snapshot) -> None:
    state = RouterState()
    first = ask(snapshot, state, LOW, conversation_id="c")
    assert first.method == "hydra" and first.model == "gpt-5.4-mini"
    again = ask(snapshot, state, (0.2, 0.2, 0.2, 0.2), conversation_id="c")
    assert (again.model, again.method) == ("gpt-5.4-mini", "sticky")
    up = ask(snapshot, state, HIGH, conversation_id="c")
    assert up.method == "escalated" and up.model != "gpt-5.4-mini"
    down = ask(snapshot, state, LOW, conversation_id="c")
    assert (down.model, down.method) == (up.model, "sticky")


def test_reset_routes_afresh(snapshot) -> None:
    state = RouterState()
    ask(snapshot, state, HIGH, conversation_id="c")
    fresh = ask(snapshot, state, LOW, conversation_id="c", reset=True)
    assert (fresh.model, fresh.method) == ("gpt-5.4-mini", "hydra")


def test_pin_wins_and_unknown_pin_is_a_params_error(snapshot) -> None:
    pinned = ask(snapshot, RouterState(), LOW, pin="claude-sonnet-4-6")
    assert (pinned.model, pinned.method) == ("claude-sonnet-4-6", "pinned")
    with pytest.raises(ParamsError) as info:
        ask(snapshot, RouterState(), LOW, pin="gpt-9")
    assert info.value.field == "pin"


def test_unhealthy_pin_is_routed_around(snapshot) -> None:
    state = RouterState(unhealthy={"claude-sonnet-4-6": "quota"})
    result = ask(snapshot, state, LOW, pin="claude-sonnet-4-6")
    assert result.method == "hydra" and result.model == "gpt-5.4-mini"


def test_gates_mark_candidates(snapshot) -> None:
    state = RouterState(unhealthy={"gpt-5.4-mini": "down"})
    result = ask(snapshot, state, LOW, exclude=["claude-haiku-4-5"], context_tokens=250_000)
    reasons = {c.model: c.reason for c in result.candidates}
    assert "unhealthy" in reasons["gpt-5.4-mini"]
    assert "excluded" in reasons["claude-haiku-4-5"]
    assert "context window" in reasons["claude-sonnet-4-6"]
    assert result.model == "gpt-5.3-codex"


def test_no_eligible_model_falls_back_with_reason(snapshot) -> None:
    result = ask(snapshot, RouterState(), LOW, context_tokens=10_000_000)
    assert result.method == "fallback" and result.model == snapshot.catalog.fallback
    assert result.fallback_reason and "fallback" in result.fallback_reason


def test_sticky_model_turned_unhealthy_moves_up_not_down(snapshot) -> None:
    state = RouterState()
    first = ask(snapshot, state, (0.9, 0.9, 0.9, 0.9), conversation_id="c")
    state.unhealthy[first.model] = "down"
    moved = ask(snapshot, state, LOW, conversation_id="c")
    cost = snapshot.catalog.cost
    assert moved.model != first.model
    assert cost(snapshot.catalog.model(moved.model)) >= cost(snapshot.catalog.model(first.model))


def test_conversation_memory_is_bounded(snapshot) -> None:
    state = RouterState(conversations=Conversations(capacity=3))
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
        RouterState(),
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
    state = RouterState()
    cost = snapshot.catalog.cost
    previous = None
    for s in turns:
        result = ask(snapshot, state, s, conversation_id="c", regime=regime)
        price = cost(snapshot.catalog.model(result.model))
        if previous is not None:
            assert price >= previous
            assert result.method in ("sticky", "escalated")
        previous = price
