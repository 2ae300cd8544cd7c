"""HyDRA shortfall matching: pure functions, no I/O, no globals.

The predictor gives raw requirement scores in [0, 1]. Each head uses only part
of that range, so scores are first normalised into the head's band
[β_lo, β_hi] (percentiles of its outputs on a calibration set):

    r_k = clip((score_k − β_lo,k) / (β_hi,k − β_lo,k), 0, 1)

A narrow band means small raw differences carry a lot of signal, so dimension
weights are rescaled by inverse band width and then normalised to sum to 1
(which keeps every shortfall, and so τ, in [0, 1]):

    w_k = (u_k / width_k) / Σ_j (u_j / width_j)

The shortfall of model m with capabilities c_m is

    s_m = Σ_k w_k · max(0, r_k − c_m,k)

and the choice is the cheapest eligible model with s_m ≤ τ; when none is that
close, the eligible model with the lowest shortfall (ties: cheaper first).

A shortfall of 0 does not mean a model passes: weak models fail often even on
requests they "cover". When the catalog gives each model a `reliability` (its
pass probability at zero shortfall) and a shared `slope` b, matching runs on
the predicted pass instead:

    q̂_m = σ(logit(reliability_m) − b · s_m)

and the choice is the cheapest eligible model with q̂_m ≥ max_eligible q̂ − δ.
A margin below the best (rather than an absolute p) keeps its meaning on hard
and easy requests alike: on a request no model is likely to pass it still picks
among the best, and on an easy one it still takes the cheap model. When the
scores carry no signal (every s_m alike), q̂_m is the model's reliability and
the rule ranks models by it; δ = 0 is the most reliable model.

Reliabilities are measured on demanding tasks (agentic benchmarks); a request
that needs little of the four capabilities ("hello", "thanks") is easier for
every model. A catalog-level `ease` e ≥ 0 (logit units) adds the same logit to
every model in proportion to how little the request demands, with demand
d = max_k r_k over the heads with weight > 0:

    q̂_m = σ(logit(reliability_m) + e · (1 − d) − b · s_m)

On an undemanding request every predicted pass rises towards 1, which narrows
the probability gaps between models without erasing them (the logit gap is
unchanged), so δ can take a cheaper model there. At d = 1, or with e = 0 (the
default when the catalog has no `ease`), this is the formula above.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from hydra_router.profiles import Catalog

Vector = Sequence[float]
Band = tuple[float, float]

#: Smallest band width used, so a degenerate band cannot divide by zero.
MIN_BAND_WIDTH = 1e-6


class Matchable(Protocol):
    """What matching needs from a model: capabilities and a price to order by."""

    @property
    def capabilities(self) -> Vector: ...

    @property
    def cost(self) -> float: ...

    @property
    def reliability(self) -> float | None: ...


@dataclass(frozen=True, slots=True)
class MatchModel:
    """A model as matching sees it (build from a catalog with `match_models`)."""

    id: str
    capabilities: tuple[float, ...]
    cost: float
    reliability: float | None = None


@dataclass(frozen=True, slots=True)
class Rule:
    """A regime's threshold: τ on shortfall, or δ on predicted pass when `slope` is set.

    `ease` is the catalog's logit gain at demand 0 (0 when it sets none).
    """

    tau: float
    delta: float = 0.0
    slope: float | None = None
    ease: float = 0.0


@dataclass(frozen=True, slots=True)
class Choice:
    """Result of `choose` / `choose_by_pass` / `select`.

    `index` is the chosen model's position in the input (-1 when no model was
    eligible); `within_tau` is False when the choice is the lowest-shortfall
    model because none met τ (always True on predicted pass). `shortfalls` and
    `predicted_pass` (None without reliabilities) have one entry per input
    model, eligible or not.
    """

    index: int
    shortfall: float
    within_tau: bool
    shortfalls: tuple[float, ...]
    predicted_pass: tuple[float, ...] | None = None

    def beats(self, other: int) -> bool:
        """Whether the chosen model fits the request better than model `other`."""
        if self.index < 0:
            return False
        if self.predicted_pass is not None:
            return self.predicted_pass[self.index] > self.predicted_pass[other]
        return self.shortfalls[self.index] < self.shortfalls[other]


def normalize(scores: Vector, bands: Sequence[Band]) -> tuple[float, ...]:
    """Raw head scores → requirements in [0, 1] relative to each head's band."""
    out = []
    for score, (lo, hi) in zip(scores, bands, strict=True):
        width = max(hi - lo, MIN_BAND_WIDTH)
        out.append(min(1.0, max(0.0, (score - lo) / width)))
    return tuple(out)


def band_weights(weights: Vector, bands: Sequence[Band]) -> tuple[float, ...]:
    """Weights rescaled by inverse band width, normalised to sum to 1."""
    scaled = [w / max(hi - lo, MIN_BAND_WIDTH) for w, (lo, hi) in zip(weights, bands, strict=True)]
    total = sum(scaled)
    if total <= 0:
        raise ValueError("at least one dimension weight must be positive")
    return tuple(s / total for s in scaled)


def shortfall(requirements: Vector, capabilities: Vector, weights: Vector) -> float:
    """s = Σ_k w_k · max(0, r_k − c_k): how much of the request the model misses."""
    total = 0.0
    for r, c, w in zip(requirements, capabilities, weights, strict=True):
        if r > c:
            total += w * (r - c)
    return total


def choose(
    requirements: Vector,
    models: Sequence[Matchable],
    weights: Vector,
    tau: float,
    eligible: Sequence[bool] | None = None,
) -> Choice:
    """Pick a model for normalised `requirements` (HyDRA's selection rule).

    `weights` are the band-rescaled weights (`band_weights`), `eligible` masks
    out models that failed a hard gate (all eligible when None). Cheapest
    eligible model with shortfall ≤ τ wins, ties to the lower shortfall, then to
    the earlier model; if none meets τ, the lowest shortfall wins, ties to the
    cheaper, then the earlier. Cheap enough to call per prompt in τ sweeps.
    """
    shortfalls = tuple(shortfall(requirements, m.capabilities, weights) for m in models)
    best: tuple[int, float, tuple[float, float, int]] | None = None  # within τ
    closest: tuple[int, float, tuple[float, float, int]] | None = None  # lowest shortfall
    for i, (model, s) in enumerate(zip(models, shortfalls, strict=True)):
        if eligible is not None and not eligible[i]:
            continue
        if s <= tau:
            key = (model.cost, s, i)
            if best is None or key < best[2]:
                best = (i, s, key)
        key = (s, model.cost, i)
        if closest is None or key < closest[2]:
            closest = (i, s, key)
    if best is not None:
        return Choice(index=best[0], shortfall=best[1], within_tau=True, shortfalls=shortfalls)
    if closest is not None:
        return Choice(
            index=closest[0], shortfall=closest[1], within_tau=False, shortfalls=shortfalls
        )
    return Choice(index=-1, shortfall=0.0, within_tau=False, shortfalls=shortfalls)


def logit(p: float) -> float:
    """log(p / (1 − p)), for p in (0, 1)."""
    return math.log(p / (1.0 - p))


def demand(requirements: Vector, weights: Vector) -> float:
    """d = max_k r_k over the heads with weight > 0: the request's strongest need."""
    return max((r for r, w in zip(requirements, weights, strict=True) if w > 0), default=0.0)


def predicted_pass(
    reliability: float,
    slope: float,
    shortfall_value: float,
    demand_value: float = 1.0,
    ease: float = 0.0,
) -> float:
    """q̂ = σ(logit(reliability) + ease · (1 − demand) − slope · shortfall)."""
    z = logit(reliability) + ease * (1.0 - demand_value) - slope * shortfall_value
    return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))


def predicted_passes(
    models: Sequence[Matchable],
    slope: float,
    shortfalls: Sequence[float],
    demand_value: float = 1.0,
    ease: float = 0.0,
) -> tuple[float, ...]:
    """q̂ of every model from its shortfall; ValueError if a model has no reliability."""
    passes = []
    for model, s in zip(models, shortfalls, strict=True):
        if model.reliability is None:
            raise ValueError(f"model {getattr(model, 'id', '?')} has no reliability")
        passes.append(predicted_pass(model.reliability, slope, s, demand_value, ease))
    return tuple(passes)


def choose_by_pass(
    requirements: Vector,
    models: Sequence[Matchable],
    weights: Vector,
    slope: float,
    delta: float,
    eligible: Sequence[bool] | None = None,
    ease: float = 0.0,
) -> Choice:
    """Pick the cheapest eligible model whose predicted pass is within δ of the best.

    Every model needs a `reliability`; `ease` raises every model's logit by
    ease · (1 − the request's `demand`). Ties: higher predicted pass, then the earlier model.
    The eval's vectorised `choose_all_by_pass` is tested against it.
    """
    shortfalls = tuple(shortfall(requirements, m.capabilities, weights) for m in models)
    passes = predicted_passes(models, slope, shortfalls, demand(requirements, weights), ease)
    allowed = [i for i in range(len(models)) if eligible is None or eligible[i]]
    if not allowed:
        return Choice(-1, 0.0, False, shortfalls, tuple(passes))
    floor = max(passes[i] for i in allowed) - delta
    index = min(
        (i for i in allowed if passes[i] >= floor), key=lambda i: (models[i].cost, -passes[i], i)
    )
    return Choice(index, shortfalls[index], True, shortfalls, tuple(passes))


def select(
    requirements: Vector,
    models: Sequence[Matchable],
    weights: Vector,
    rule: Rule,
    eligible: Sequence[bool] | None = None,
) -> Choice:
    """The regime's choice: on predicted pass when the rule has a slope, else on shortfall."""
    if rule.slope is not None:
        return choose_by_pass(
            requirements, models, weights, rule.slope, rule.delta, eligible, rule.ease
        )
    return choose(requirements, models, weights, rule.tau, eligible)


@dataclass(frozen=True, slots=True)
class Request:
    """The hard-gate inputs of one request."""

    context_tokens: int = 0
    has_images: bool = False
    needs_tools: bool = False
    exclude: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Gated:
    """What the gates need to know about a model."""

    id: str
    enabled: bool
    context_window: int
    vision: bool
    tools: bool


def gate(model: Gated, request: Request, unhealthy: frozenset[str] | set[str]) -> str | None:
    """Why `model` cannot serve `request` (None when it can). Checked before matching."""
    if not model.enabled:
        return "disabled in the catalog"
    if model.id in request.exclude:
        return "excluded by the request"
    if model.id in unhealthy:
        return "marked unhealthy by the editor"
    if model.context_window < request.context_tokens:
        return f"context window {model.context_window} < {request.context_tokens} tokens"
    if request.has_images and not model.vision:
        return "no image input"
    if request.needs_tools and not model.tools:
        return "no tool calling"
    return None


def match_models(catalog: Catalog) -> list[MatchModel]:
    """MatchModels of a `profiles.Catalog`, in catalog order (for τ sweeps)."""
    return [
        MatchModel(
            id=m.id,
            capabilities=m.capabilities.vector(),
            cost=catalog.cost(m),
            reliability=m.reliability if catalog.predicts_pass else None,
        )
        for m in catalog.models
    ]
