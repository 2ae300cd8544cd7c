"""Failure feedback in routing: one step up after a failed answer, on predicted pass (a
catalog with reliabilities) and on shortfall (a τ-only catalog), never back to a model
that failed, successes change nothing, and the conversation's memory of outcomes.
"""

from __future__ import annotations

import typing

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fixtures.catalog_text import strip_reliability
from hydra_router.conversations import MAX_OUTCOMES, Conversation, LastOutcome
from hydra_router.profiles import CatalogSnapshot, bundled_profiles_path, parse_catalog
from hydra_router.protocol import FAILURES, FeedbackParams, Outcome, RouteParams, RouteResult
from hydra_router.routing import RoutingMemory, record_feedback, route

BANDS = ((0.0, 1.0),) * 4  # identity: scores are the normalised requirements
LOW = (0.1, 0.1, 0.1, 0.1)
MINI, HAIKU, CODEX, GPT, SONNET = (
    "gpt-5.4-mini",
    "claude-haiku-4-5",
    "gpt-5.3-codex",
    "gpt-5.4",
    "claude-sonnet-4-6",
)


def snapshot_of(text: str) -> CatalogSnapshot:
    return CatalogSnapshot(parse_catalog(text, "profiles.yaml"), 1, "t", "cli")


@pytest.fixture(scope="module")
def on_pass() -> CatalogSnapshot:
    """The bundled catalog, with its reliabilities (matching on predicted pass)."""
    return snapshot_of(bundled_profiles_path().read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def on_tau() -> CatalogSnapshot:
    """The bundled catalog without reliabilities (matching on shortfall and τ)."""
    return snapshot_of(strip_reliability(bundled_profiles_path().read_text(encoding="utf-8")))


def ask(snapshot, state, scores=LOW, **params) -> RouteResult:
    return route(RouteParams(prompt="p", **params), snapshot, scores, BANDS, state)


def report(state, model, outcome, conversation="c", detail=None) -> None:
    record_feedback(
        FeedbackParams(conversation_id=conversation, model=model, outcome=outcome, detail=detail),
        state,
    )


def reasons(result: RouteResult) -> dict[str, str | None]:
    return {c.model: c.reason for c in result.candidates}


def cost(snapshot, model_id) -> float:
    return snapshot.catalog.cost(snapshot.catalog.model(model_id))


def test_a_failure_moves_one_step_up_by_predicted_pass(on_pass) -> None:
    state = RoutingMemory()
    first = ask(on_pass, state, conversation_id="c")
    assert (first.model, first.method) == (MINI, "hydra")
    report(state, MINI, "empty")
    up = ask(on_pass, state, conversation_id="c")
    assert (up.model, up.method) == (HAIKU, "escalated")
    assert up.escalation_reason == (
        "`gpt-5.4-mini` failed in this conversation (empty answer); one step up by predicted pass"
    )
    why = reasons(up)
    assert why[MINI] == "failed in this conversation (empty answer)"
    assert why[CODEX] == "also a step up from `gpt-5.4-mini`, but `claude-haiku-4-5` is cheaper"
    # The rule, read off the wire: the cheapest dearer model with a higher predicted pass.
    passes = {c.model: c.predicted_pass for c in up.candidates}
    dearer_better = [
        c.model
        for c in up.candidates
        if c.blended_price > cost(on_pass, MINI) and passes[c.model] > passes[MINI]
    ]
    assert up.model == min(dearer_better, key=lambda m: cost(on_pass, m))
    # The conversation sticks to the new model; a success changes nothing.
    report(state, HAIKU, "helpful")
    again = ask(on_pass, state, conversation_id="c")
    assert (again.model, again.method, again.escalation_reason) == (HAIKU, "sticky", None)


def test_never_back_to_a_model_that_failed_here(on_pass) -> None:
    state = RoutingMemory()
    ask(on_pass, state, conversation_id="c")
    report(state, HAIKU, "error", detail="429 Too Many\nRequests")  # a model it never was on
    assert ask(on_pass, state, conversation_id="c").method == "sticky"  # recorded, no move
    report(state, MINI, "cutoff")
    up = ask(on_pass, state, conversation_id="c")
    assert (up.model, up.method) == (CODEX, "escalated")
    assert reasons(up)[HAIKU] == "failed in this conversation (error: 429 Too Many Requests)"
    assert "answer cut off" in (up.escalation_reason or "")


def test_no_dearer_model_with_a_higher_pass_takes_the_dearer_one_that_fits_best() -> None:
    text = FAILURE_CATALOG.replace("fallback: large\n", "fallback: large\nslope: 2.0\n")
    for model_id, value in {"small": 0.6, "mid": 0.3, "large": 0.5}.items():
        text = text.replace(f"{{id: {model_id},", f"{{id: {model_id}, reliability: {value},")
    snapshot = snapshot_of(text)
    state = RoutingMemory()
    assert ask(snapshot, state, conversation_id="c", delta=1.0).model == "small"
    report(state, "small", "unhelpful")
    up = ask(snapshot, state, conversation_id="c")
    assert (up.model, up.method) == ("large", "escalated")
    assert up.escalation_reason == (
        "`small` failed in this conversation (marked unhelpful); no dearer model fits the "
        "request better by predicted pass, so the dearer one that fits best"
    )
    assert reasons(up)["mid"].startswith("`large` fits better (predicted pass 0.500 vs 0.300)")


def test_nothing_dearer_stays_and_says_so(on_pass) -> None:
    state = RoutingMemory()
    assert ask(on_pass, state, conversation_id="c", pin=SONNET).method == "pinned"
    report(state, SONNET, "error")
    pinned = ask(on_pass, state, conversation_id="c", pin=SONNET)
    assert (pinned.model, pinned.method) == (SONNET, "pinned")  # a pin still wins
    stay = ask(on_pass, state, conversation_id="c")
    assert (stay.model, stay.method, stay.escalation_reason) == (SONNET, "sticky", None)
    for model, reason in reasons(stay).items():
        if model != SONNET:
            assert reason == (
                "`claude-sonnet-4-6` failed in this conversation (error), but no dearer "
                "eligible model has not failed here: the conversation stays with it"
            )


def test_on_shortfall_a_step_up_has_no_larger_shortfall(on_tau) -> None:
    state = RoutingMemory()
    needs = (0.7, 0.1, 0.1, 0.1)  # reasoning GPT-5.4 mini covers and Claude Haiku 4.5 does not
    first = ask(on_tau, state, needs, conversation_id="c")
    assert (first.model, first.method, first.shortfall) == (MINI, "hydra", 0.0)
    report(state, MINI, "empty")
    up = ask(on_tau, state, needs, conversation_id="c")
    assert (up.model, up.method) == (CODEX, "escalated")
    assert up.escalation_reason == (
        "`gpt-5.4-mini` failed in this conversation (empty answer); one step up by shortfall"
    )
    haiku = next(c for c in up.candidates if c.model == HAIKU)
    assert haiku.reason == (
        f"shortfall {haiku.shortfall:.3f} is larger than `gpt-5.4-mini`'s 0.000, "
        "the model that failed"
    )


def test_on_shortfall_without_a_step_up_the_lowest_shortfall_wins() -> None:
    snapshot = snapshot_of(FAILURE_CATALOG)
    state = RoutingMemory()
    needs = (0.8, 0.8, 0.8, 0.8)
    assert ask(snapshot, state, needs, conversation_id="c").model == "small"
    report(state, "small", "error")
    up = ask(snapshot, state, needs, conversation_id="c")
    shortfalls = {c.model: c.shortfall for c in up.candidates}
    assert shortfalls["small"] < shortfalls["large"] < shortfalls["mid"]
    assert (up.model, up.method) == ("large", "escalated")
    assert "no dearer model fits the request better by shortfall" in (up.escalation_reason or "")


def test_a_failure_of_a_model_already_left_changes_nothing_but_is_kept(on_pass) -> None:
    state = RoutingMemory()
    ask(on_pass, state, conversation_id="c")
    report(state, MINI, "error")
    assert ask(on_pass, state, conversation_id="c").model == HAIKU
    report(state, MINI, "empty")  # late news about the model it left
    after = ask(on_pass, state, conversation_id="c")
    assert (after.model, after.method) == (HAIKU, "sticky")
    conversation = state.conversations.get("c")
    assert conversation is not None
    assert conversation.outcomes[MINI] == LastOutcome("empty")


def test_moving_off_an_unusable_model_skips_the_models_that_failed_here(on_pass) -> None:
    state = RoutingMemory()
    ask(on_pass, state, conversation_id="c")
    report(state, MINI, "error")
    report(state, HAIKU, "empty")
    state.unhealthy[MINI] = "quota"  # the conversation's model cannot serve at all now
    moved = ask(on_pass, state, conversation_id="c")
    assert ask(on_pass, RoutingMemory(unhealthy={MINI: "quota"})).model == HAIKU  # fresh pick
    assert (moved.model, moved.method) == (CODEX, "hydra")
    assert reasons(moved)[HAIKU] == "failed in this conversation (empty answer)"
    assert reasons(moved)[MINI] == "marked unhealthy by the editor"


def test_feedback_for_an_unknown_conversation_starts_it_on_that_model(on_pass) -> None:
    state = RoutingMemory()
    report(state, CODEX, "error", conversation="restarted")
    conversation = state.conversations.get("restarted")
    assert conversation is not None
    assert (conversation.model, conversation.requirements) == (CODEX, (0.0,) * 4)
    up = ask(on_pass, state, conversation_id="restarted")
    assert (up.model, up.method) == (GPT, "escalated")
    # A success for a conversation it does not know would change routing: dropped.
    report(state, MINI, "answered", conversation="other")
    assert "other" not in state.conversations


def test_reset_forgets_the_failures(on_pass) -> None:
    state = RoutingMemory()
    ask(on_pass, state, conversation_id="c")
    report(state, MINI, "error")
    fresh = ask(on_pass, state, conversation_id="c", reset=True)
    assert (fresh.model, fresh.method) == (MINI, "hydra")
    assert ask(on_pass, state, conversation_id="c").method == "sticky"


@pytest.mark.parametrize("outcome", ["answered", "helpful"])
def test_successes_change_no_routing(on_pass, outcome) -> None:
    quiet, told = RoutingMemory(), RoutingMemory()
    turns = [LOW, (0.3, 0.2, 0.2, 0.1), (0.99, 0.99, 0.99, 0.99), LOW]
    for scores in turns:
        a = ask(on_pass, quiet, scores, conversation_id="c")
        b = ask(on_pass, told, scores, conversation_id="c")
        assert (a.model, a.method, reasons(a)) == (b.model, b.method, reasons(b))
        report(told, b.model, outcome)


def test_drift_escalation_says_which_requirement_rose(on_tau) -> None:
    state = RoutingMemory()
    ask(on_tau, state, conversation_id="c")
    up = ask(on_tau, state, (0.1, 0.1, 0.9, 0.1), conversation_id="c")
    assert up.method == "escalated"
    assert up.escalation_reason is not None
    assert up.escalation_reason.startswith(
        "requirements rose past the drift threshold 0.15 (debugging 0.10 → 0.90); "
        f"`{up.model}` covers the rise with a lower shortfall than `gpt-5.4-mini`"
    )
    assert ask(on_tau, state, conversation_id="c").escalation_reason is None  # sticky now


def test_drift_never_escalates_to_a_model_that_failed_here(on_tau) -> None:
    needs = (0.1, 0.1, 0.9, 0.1)
    plain = RoutingMemory()
    ask(on_tau, plain, conversation_id="c")
    target = ask(on_tau, plain, needs, conversation_id="c").model
    state = RoutingMemory()
    ask(on_tau, state, conversation_id="c")
    report(state, target, "unhelpful")
    up = ask(on_tau, state, needs, conversation_id="c")
    assert up.model != target
    assert reasons(up)[target] == "failed in this conversation (marked unhelpful)"


def test_outcomes_per_conversation_are_bounded() -> None:
    conversation = Conversation("m", LOW)
    for i in range(MAX_OUTCOMES + 5):
        conversation.record(f"m{i}", LastOutcome("error"))
    conversation.record("m10", LastOutcome("answered"))  # re-reported: newest again
    assert len(conversation.outcomes) == MAX_OUTCOMES
    assert "m0" not in conversation.outcomes and list(conversation.outcomes)[-1] == "m10"
    assert "m10" not in conversation.failures() and "m11" in conversation.failures()


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(st.tuples(*[st.floats(0, 1)] * 4), st.sampled_from(typing.get_args(Outcome))),
        min_size=2,
        max_size=10,
    ),
    st.sampled_from(["peak", "iso", "aggressive"]),
    st.booleans(),
)
def test_with_feedback_a_conversation_never_moves_down_nor_to_a_failed_model(
    on_pass, on_tau, turns, regime, reliabilities
) -> None:
    snapshot = on_pass if reliabilities else on_tau
    state = RoutingMemory()
    previous: RouteResult | None = None
    failed: set[str] = set()
    for scores, outcome in turns:
        result = ask(snapshot, state, scores, conversation_id="c", regime=regime)
        if previous is not None:
            assert cost(snapshot, result.model) >= cost(snapshot, previous.model)
            if result.model != previous.model:
                assert result.method == "escalated" and result.model not in failed
            if previous.model in failed:
                assert result.method == "escalated" or all(
                    "the conversation stays with it" in (c.reason or "") or not c.eligible
                    for c in result.candidates
                    if c.model != result.model and c.model not in failed
                )
        report(state, result.model, outcome)
        failed = (failed | {result.model}) if outcome in FAILURES else failed - {result.model}
        previous = result


FAILURE_CATALOG = """
format: 1
defaults: {regime: iso, tau: {peak: 0.02, iso: 0.06, aggressive: 0.15}, drift: 0.15}
fallback: large
models:
  - {id: small, name: Small, vendor: v, family: small,
     capabilities: {reasoning: 0.9, code_generation: 0.9, debugging: 0.9, tool_use: 0.9},
     price: {input: 1.0, output: 1.0}, context_window: 100000}
  - {id: mid, name: Mid, vendor: v, family: mid,
     capabilities: {reasoning: 0.5, code_generation: 0.5, debugging: 0.5, tool_use: 0.5},
     price: {input: 2.0, output: 2.0}, context_window: 100000}
  - {id: large, name: Large, vendor: v, family: large,
     capabilities: {reasoning: 0.6, code_generation: 0.6, debugging: 0.6, tool_use: 0.6},
     price: {input: 3.0, output: 3.0}, context_window: 100000}
"""
