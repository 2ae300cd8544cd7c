"""One routing decision: request + catalog + predictor scores + state → RouteResult.

No I/O and no clock besides the latency stamp: the server's `hydra/route`
handler, `hydra-router route` and the tests all call `route` directly.
Order of precedence: a pinned model (the user's override), then the
conversation's sticky model (one step up when the editor reported that its last
answer failed, escalated when requirements drift up; `escalation.py`), then a
fresh HyDRA match, then the catalog's fallback when no model passes the gates.
`record_feedback` keeps what the editor reports about each answer (`hydra/feedback`).
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from hydra_router import escalation, matching
from hydra_router.conversations import (
    Conversation,
    Conversations,
    LastOutcome,
    merged,
    risen,
)
from hydra_router.escalation import Fit
from hydra_router.matching import Band, Choice, MatchModel, Rule
from hydra_router.profiles import Catalog, CatalogSnapshot, ModelProfile
from hydra_router.protocol import (
    DIMENSIONS,
    Candidate,
    FeedbackParams,
    Method,
    Price,
    Regime,
    RouteParams,
    RouteResult,
    Scores,
)


class ParamsError(ValueError):
    """A request field is valid JSON but not acceptable (e.g. unknown pinned model)."""

    def __init__(self, field_name: str, message: str):
        super().__init__(f"`{field_name}`: {message}")
        self.field = field_name


@dataclass
class RoutingMemory:
    """What routing remembers between requests."""

    conversations: Conversations = field(default_factory=Conversations)
    #: model id → reason, as reported by the editor through `hydra/setHealth`.
    unhealthy: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class _Decision:
    index: int
    method: Method
    fallback_reason: str | None = None
    #: Eligible models the choice was not made among (pinned, sticky, escalation
    #: moves only up), with why; the others lost to the chosen one by HyDRA's rule.
    passed_over: Mapping[int, str] = field(default_factory=dict)
    #: Why the conversation moved up (method `escalated` only).
    escalation_reason: str | None = None


def route(
    params: RouteParams,
    snapshot: CatalogSnapshot,
    scores: Sequence[float],
    bands: Sequence[Band],
    state: RoutingMemory,
    *,
    started: float | None = None,
) -> RouteResult:
    """Decide the model for one request and update the conversation state.

    `scores` are the predictor's raw outputs (DIMENSIONS order), `bands` its
    (β_lo, β_hi) per head, `started` a `time.perf_counter()` stamp taken when
    the request arrived (latencyMs is measured from it). Raises ParamsError for
    a pin that names no catalog model.
    """
    catalog = snapshot.catalog
    regime, rule = _regime_and_rule(params, catalog)
    requirements = matching.normalize(scores, bands)
    weights = matching.band_weights(catalog.defaults.weights.vector(), bands)
    models = matching.match_models(catalog)
    reasons = _gate_reasons(catalog, params, state)
    eligible = [reason is None for reason in reasons]
    reference = _reference_only(params, catalog, regime, eligible)
    if reference is not None:
        # No certified δ: the certificate holds only on the reference model.
        only = [i == reference for i in range(len(models))]
        fresh = matching.select(requirements, models, weights, rule, only)
        why = (
            f"the guarantee regime certified no δ on its calibration data: every "
            f"request goes to its reference `{models[reference].id}`"
        )
        for i, reason in enumerate(reasons):
            if reason is None and i != reference:
                reasons[i] = why
    else:
        fresh = matching.select(requirements, models, weights, rule, eligible)

    shortfalls, passes = fresh.shortfalls, fresh.predicted_pass
    if passes is None and catalog.predicts_pass and catalog.slope is not None:
        d = matching.demand(requirements, weights)  # explicit τ: q̂ still reported
        passes = matching.predicted_passes(models, catalog.slope, shortfalls, d, catalog.ease)
    matched = _Matched(models, requirements, weights, rule, Fit(shortfalls, passes))
    decision = _decide(params, catalog, matched, eligible, fresh, state)
    if params.conversation_id is not None:
        _remember(params, state, models[decision.index].id, requirements, decision.method)

    why_not = _why_not(decision, models, shortfalls, fresh.predicted_pass, rule, reasons)
    candidates = [
        Candidate(
            model=m.id,
            shortfall=shortfalls[i],
            price=Price(input=m.price.input, output=m.price.output),
            blended_price=models[i].cost,
            eligible=eligible[i],
            reason=why_not[i],
            predicted_pass=None if passes is None else passes[i],
        )
        for i, m in enumerate(catalog.models)
    ]
    chosen = catalog.models[decision.index]
    return RouteResult(
        model=chosen.id,
        vendor=chosen.vendor,
        family=chosen.family,
        name=chosen.name,
        method=decision.method,
        fallback_reason=decision.fallback_reason,
        scores=Scores.from_sequence([float(s) for s in scores]),
        shortfall=shortfalls[decision.index],
        regime=regime,
        tau=rule.tau,
        candidates=candidates,
        catalog_version=snapshot.version,
        latency_ms=_elapsed_ms(started),
        predicted_pass=None if passes is None else passes[decision.index],
        delta=None if rule.slope is None else rule.delta,
        escalation_reason=decision.escalation_reason if decision.method == "escalated" else None,
    )


def record_feedback(params: FeedbackParams, state: RoutingMemory) -> None:
    """Keep what became of `params.model`'s answer in its conversation.

    A failure for a conversation the memory does not hold (the sidecar restarted, or
    it was forgotten) starts one on that model with zero requirements, so its next
    request still moves up from the failed model; a success there is dropped, as it
    would change nothing. The model is not checked against the catalog here.
    """
    outcome = LastOutcome(params.outcome, params.detail)
    conversation = state.conversations.get(params.conversation_id)
    if conversation is None:
        if not outcome.failed:
            return
        conversation = Conversation(params.model, (0.0,) * len(DIMENSIONS))
        state.conversations.put(params.conversation_id, conversation)
    conversation.record(params.model, outcome)


def unscored(
    params: RouteParams, snapshot: CatalogSnapshot, problem: str, *, started: float | None = None
) -> RouteResult:
    """The decision when the predictor could not score the request (`problem` says why).

    No requirements means no matching: a valid pin is honoured, anything else goes
    to the catalog's fallback, with the reason in `fallbackReason`.
    """
    catalog = snapshot.catalog
    pin = catalog.model(params.pin) if params.pin is not None else None
    chosen = pin or catalog.model(catalog.fallback)
    assert chosen is not None, "a loaded catalog's fallback is one of its models"
    pinned, model = pin is not None, chosen.id
    regime, rule = _regime_and_rule(params, catalog)
    return RouteResult(
        model=model,
        vendor=chosen.vendor,
        family=chosen.family,
        name=chosen.name,
        method="pinned" if pinned else "fallback",
        fallback_reason=f"{problem}; using "
        + (f"the pinned model `{model}`" if pinned else f"the catalog fallback `{model}`"),
        scores=Scores.from_sequence([0.0, 0.0, 0.0, 0.0]),
        shortfall=0.0,
        regime=regime,
        tau=rule.tau,
        delta=None if rule.slope is None else rule.delta,
        candidates=[],
        catalog_version=snapshot.version,
        latency_ms=_elapsed_ms(started),
    )


def _regime_and_rule(params: RouteParams, catalog: Catalog) -> tuple[Regime, Rule]:
    """The request's regime (else the catalog's) and its threshold (explicit τ / δ win).

    With reliabilities in the catalog the threshold is δ on predicted pass (τ is
    still reported, for the shortfall explanation); without them, or when the
    request names an explicit τ (and no δ), τ on shortfall as the matcher did
    before reliabilities existed.
    """
    regime = params.regime or catalog.defaults.regime
    tau = params.tau if params.tau is not None else catalog.defaults.tau.of(regime)
    explicit_tau = params.tau is not None and params.delta is None
    guarantee = catalog.defaults.guarantee
    if regime == "guarantee" and (guarantee is None or not catalog.predicts_pass):
        raise ParamsError(
            "regime",
            "this catalog has no `guarantee` regime; `hydra-router calibrate --catalog "
            "profiles.yaml --data OUTCOMES --guarantee EPS --alpha A --out "
            "profiles.certified.yaml` certifies one (or use peak, iso or aggressive)",
        )
    if not catalog.predicts_pass or explicit_tau:
        return regime, Rule(tau=tau)
    if params.delta is not None:
        delta = params.delta
    elif regime == "guarantee" and guarantee is not None:
        delta = guarantee.delta if guarantee.delta is not None else 0.0
    else:
        delta = catalog.defaults.delta.of(regime)
    return regime, Rule(tau=tau, delta=delta, slope=catalog.slope, ease=catalog.ease)


def _reference_only(
    params: RouteParams, catalog: Catalog, regime: Regime, eligible: list[bool]
) -> int | None:
    """The reference model's index when the guarantee regime certified no δ (every
    request then goes to it) and it can serve; None otherwise."""
    guarantee = catalog.defaults.guarantee
    if regime != "guarantee" or guarantee is None or guarantee.delta is not None:
        return None
    if params.delta is not None or params.tau is not None:
        return None
    ids = [m.id for m in catalog.models]
    index = ids.index(guarantee.reference) if guarantee.reference in ids else -1
    return index if index >= 0 and eligible[index] else None


def _elapsed_ms(started: float | None) -> float:
    """latencyMs: from the request's arrival stamp, 0 when there is none."""
    return (time.perf_counter() - started) * 1000.0 if started is not None else 0.0


@dataclass(frozen=True)
class _Matched:
    """The request as matching saw it: models, requirements, weights, rule and fit."""

    models: list[MatchModel]
    requirements: tuple[float, ...]
    weights: tuple[float, ...]
    rule: Rule
    fit: Fit


def _decide(
    params: RouteParams,
    catalog: Catalog,
    matched: _Matched,
    eligible: list[bool],
    fresh: Choice,
    state: RoutingMemory,
) -> _Decision:
    models = matched.models
    ids = [m.id for m in models]
    if params.pin is not None:
        if params.pin not in ids:
            raise ParamsError("pin", f"no model `{params.pin}` in the catalog ({', '.join(ids)})")
        pinned = ids.index(params.pin)
        if eligible[pinned]:
            return _Decision(
                pinned, "pinned", passed_over=_all_but(pinned, ids, f"`{params.pin}` is pinned")
            )
        # A pinned model that cannot serve (unhealthy, too small a context) is routed around.

    failures = _failures(params, state)
    sticky = _sticky(params, state, ids, eligible)
    if sticky is not None:
        index, conversation = sticky
        if ids[index] in failures:
            step = escalation.after_failure(index, models, matched.fit, eligible, failures)
            return _stepped(step)
        drift = catalog.defaults.drift
        rose = risen(conversation.requirements, matched.requirements, drift)
        if not rose:
            why = (
                f"this conversation stays with `{ids[index]}`: its requirements did not rise "
                "past the drift threshold"
            )
            return _Decision(index, "sticky", passed_over=_all_but(index, ids, why))
        step = escalation.after_drift(
            index,
            conversation.requirements,
            matched.requirements,
            rose,
            drift,
            models,
            matched.weights,
            matched.rule,
            eligible,
            failures,
        )
        return _stepped(step)

    previous = _previous_model(params, state, ids)
    if (
        previous is not None
        and fresh.index >= 0
        and (models[fresh.index].cost < models[previous].cost or ids[fresh.index] in failures)
    ):
        # The conversation's model became unusable: move, but never to a cheaper model
        # nor to one that failed in it.
        not_cheaper = [
            eligible[i] and ids[i] not in failures and models[i].cost >= models[previous].cost
            for i in range(len(models))
        ]
        upward = matching.select(
            matched.requirements, models, matched.weights, matched.rule, not_cheaper
        )
        if upward.index >= 0:
            cheaper = (
                f"cheaper than `{ids[previous]}`, this conversation's model; "
                "a conversation never moves to a cheaper model"
            )
            passed_over = {
                i: escalation.failed_here(ids[i], failures) if ids[i] in failures else cheaper
                for i in range(len(models))
                if eligible[i] and not not_cheaper[i]
            }
            return _Decision(upward.index, "hydra", passed_over=passed_over)

    if fresh.index >= 0:
        return _Decision(fresh.index, "hydra")
    return _Decision(
        ids.index(catalog.fallback),
        "fallback",
        "no model passed the gates (disabled, unhealthy, excluded, context, images or tools); "
        f"using the catalog fallback `{catalog.fallback}`",
    )


def _stepped(step: escalation.Step) -> _Decision:
    """A conversation's escalation step as a decision: `escalated`, or `sticky` when it stays."""
    method: Method = "escalated" if step.escalated else "sticky"
    return _Decision(step.index, method, None, step.passed_over, step.why)


def _all_but(index: int, ids: list[str], why: str) -> dict[int, str]:
    """`why` for every model but the chosen one (pinned, sticky: nothing was compared)."""
    return {i: why for i in range(len(ids)) if i != index}


def _why_not(
    decision: _Decision,
    models: list[MatchModel],
    shortfalls: Sequence[float],
    passes: Sequence[float] | None,
    rule: matching.Rule,
    gate_reasons: list[str | None],
) -> list[str | None]:
    """Why each model was not chosen (None for the chosen one), whatever the method.

    A gate comes first, then what the method passed over, then the regime's rule
    against the chosen model: on predicted pass (`passes`, when the rule matched on
    it) the cheapest (blended price) within δ of the best eligible model; on
    shortfall the cheapest with shortfall ≤ τ, else the lowest shortfall.
    """
    chosen = models[decision.index]
    best = 0.0  # with no eligible model every other model has its gate reason
    if passes is not None:
        eligible = (q for q, g in zip(passes, gate_reasons, strict=True) if g is None)
        best = max(eligible, default=0.0)
    out: list[str | None] = []
    for i, model in enumerate(models):
        if i == decision.index:
            out.append(None)
        elif gate_reasons[i] is not None:
            out.append(gate_reasons[i])
        elif i in decision.passed_over:
            out.append(decision.passed_over[i])
        elif passes is not None:
            out.append(_why_not_on_pass(chosen, model, passes[i], best, rule.delta))
        else:
            out.append(
                _why_not_on_shortfall(
                    chosen, model, shortfalls[i], shortfalls[decision.index], rule.tau
                )
            )
    return out


def _cheaper(chosen: MatchModel, model: MatchModel) -> str:
    return (
        f"`{chosen.id}` is cheaper (${chosen.cost:.2f} vs ${model.cost:.2f} per 1M tokens, blended)"
    )


def _why_not_on_pass(
    chosen: MatchModel, model: MatchModel, q: float, best: float, delta: float
) -> str:
    """The δ rule on predicted pass against the chosen model, for `model` (pass `q`)."""
    floor = best - delta
    if q < floor:
        return f"predicted pass {q:.3f} < {floor:.3f} (best {best:.3f} − δ {delta:g})"
    if model.cost > chosen.cost:
        return "within δ of the best, but " + _cheaper(chosen, model)
    return f"within δ at the price of `{chosen.id}`, which comes first"


def _why_not_on_shortfall(
    chosen: MatchModel, model: MatchModel, s: float, best: float, tau: float
) -> str:
    """HyDRA's τ rule against the chosen model (shortfall `best`), for `model` (`s`)."""
    if best <= tau and s > tau:
        return f"shortfall {s:.3f} > τ {tau:.3f}"
    if best <= tau and model.cost > chosen.cost:
        return "within τ, but " + _cheaper(chosen, model)
    if best <= tau:
        return (
            f"within τ at the price of `{chosen.id}`, which has the lower shortfall or comes first"
        )
    if s > best:
        return (
            f"no model met τ {tau:.3f} and `{chosen.id}` has the lower shortfall "
            f"({best:.3f} < {s:.3f})"
        )
    return f"no model met τ and `{chosen.id}` has the same shortfall at a lower or equal price"


def _conversation(params: RouteParams, state: RoutingMemory) -> Conversation | None:
    """The request's conversation as remembered (None without an id, or on reset)."""
    if params.conversation_id is None or params.reset:
        return None
    return state.conversations.get(params.conversation_id)


def _sticky(
    params: RouteParams, state: RoutingMemory, ids: list[str], eligible: list[bool]
) -> tuple[int, Conversation] | None:
    """The conversation's current model when it can keep serving, else None."""
    index = _previous_model(params, state, ids)
    conversation = _conversation(params, state)
    if index is None or conversation is None or not eligible[index]:
        return None
    return index, conversation


def _previous_model(params: RouteParams, state: RoutingMemory, ids: list[str]) -> int | None:
    """The index of the model the conversation is on (None when it is not in the catalog)."""
    conversation = _conversation(params, state)
    if conversation is None or conversation.model not in ids:
        return None
    return ids.index(conversation.model)


def _failures(params: RouteParams, state: RoutingMemory) -> Mapping[str, LastOutcome]:
    """The models whose last answer in this conversation failed (none on reset)."""
    conversation = _conversation(params, state)
    return conversation.failures() if conversation is not None else {}


def _remember(
    params: RouteParams,
    state: RoutingMemory,
    model_id: str,
    requirements: tuple[float, ...],
    method: Method,
) -> None:
    assert params.conversation_id is not None
    previous = None if params.reset else state.conversations.get(params.conversation_id)
    if previous is not None and method == "sticky":
        # Drift is measured against what the model was chosen for, so slow creep
        # across many turns still adds up to an escalation.
        routed = previous.requirements
    else:
        routed = merged(previous.requirements, requirements) if previous else requirements
    outcomes = dict(previous.outcomes) if previous is not None else {}
    state.conversations.put(params.conversation_id, Conversation(model_id, routed, outcomes))


def _gate_reasons(catalog: Catalog, params: RouteParams, state: RoutingMemory) -> list[str | None]:
    request = matching.Request(
        context_tokens=params.context_tokens,
        has_images=params.has_images,
        needs_tools=params.needs_tools,
        exclude=frozenset(params.exclude),
    )
    unhealthy = frozenset(state.unhealthy)
    return [matching.gate(_gated(m), request, unhealthy) for m in catalog.models]


def _gated(model: ModelProfile) -> matching.Gated:
    return matching.Gated(
        id=model.id,
        enabled=model.enabled,
        context_window=model.context_window,
        vision=model.vision,
        tools=model.tools,
    )
