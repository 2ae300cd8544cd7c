"""Routers and baselines under one typed protocol.

Every router answers, for a knob value (τ, a threshold, a mixing share), an
assignment matrix P[i, j]: the probability that item i goes to model j (rows
sum to 1). Deterministic routers give one-hot rows; the random mix gives
fractions, so its quality and cost are exact expectations rather than one
noisy draw. `sweep` turns any router into a `RouterCurve` of dataclasses.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from hydra_router.eval.outcomes import OutcomeItem
from hydra_router.matching import MatchModel, shortfall

MAX_TAUS = 300


@dataclass(frozen=True)
class EvalPart:
    """One side of the split, as arrays aligned on (item, model)."""

    items: list[OutcomeItem]
    models: list[str]
    quality: np.ndarray  # [n, m] outcome scores
    cost: np.ndarray  # [n, m] USD
    requirements: np.ndarray  # [n, 4] band-normalised requirements

    def subset(self, mask: np.ndarray) -> EvalPart:
        """The items where mask is True."""
        idx = np.nonzero(mask)[0]
        return EvalPart(
            items=[self.items[i] for i in idx],
            models=self.models,
            quality=self.quality[idx],
            cost=self.cost[idx],
            requirements=self.requirements[idx],
        )


@dataclass(frozen=True)
class RoutePoint:
    """Quality and mean cost per query of one knob setting."""

    knob: float
    quality: float
    cost: float
    shares: dict[str, float]


@dataclass(frozen=True)
class RouterCurve:
    """All knob settings of one router on one part."""

    name: str
    kind: str
    knob: str
    points: list[RoutePoint]

    def costs(self) -> list[float]:
        return [p.cost for p in self.points]

    def qualities(self) -> list[float]:
        return [p.quality for p in self.points]


class Router(Protocol):
    """What eval needs from a router or baseline."""

    name: str
    kind: str
    knob: str

    def knobs(self, part: EvalPart) -> list[float]:
        """The knob values worth evaluating on this part (every decision change)."""
        ...

    def assign(self, part: EvalPart, knob: float) -> np.ndarray:
        """P[i, j]: probability that item i goes to model j."""
        ...


@dataclass
class PartCache:
    """Arrays computed once per part (kept by identity), so a knob sweep reuses them."""

    entries: list[tuple[EvalPart, np.ndarray]] = field(default_factory=list)

    def get(self, part: EvalPart, compute: Callable[[], np.ndarray]) -> np.ndarray:
        for seen, value in self.entries:
            if seen is part:
                return value
        value = compute()
        self.entries.append((part, value))
        return value


def one_hot(choice: np.ndarray, n_models: int) -> np.ndarray:
    """Assignment matrix of a per-item model index."""
    out = np.zeros((choice.size, n_models))
    out[np.arange(choice.size), choice] = 1.0
    return out


def evaluate(part: EvalPart, assignment: np.ndarray, knob: float = 0.0) -> RoutePoint:
    """Mean quality and cost of an assignment."""
    n = max(len(part.items), 1)
    shares = assignment.sum(axis=0) / n
    return RoutePoint(
        knob=float(knob),
        quality=float((assignment * part.quality).sum() / n),
        cost=float((assignment * part.cost).sum() / n),
        shares={m: float(s) for m, s in zip(part.models, shares, strict=True) if s > 0},
    )


def sweep(router: Router, part: EvalPart) -> RouterCurve:
    """Evaluate a router at every knob value."""
    points = [evaluate(part, router.assign(part, k), k) for k in router.knobs(part)]
    return RouterCurve(name=router.name, kind=router.kind, knob=router.knob, points=points)


@dataclass
class SingleModel:
    """Always the same model."""

    model: str
    kind: str = "single"
    knob: str = "-"

    @property
    def name(self) -> str:
        return self.model

    def knobs(self, part: EvalPart) -> list[float]:
        return [0.0]

    def assign(self, part: EvalPart, knob: float) -> np.ndarray:
        j = part.models.index(self.model)
        return one_hot(np.full(len(part.items), j), len(part.models))


@dataclass
class Oracle:
    """Per item, the best-scoring model, ties to the cheaper: the cheapest that passes."""

    name: str = "oracle"
    kind: str = "oracle"
    knob: str = "-"

    def knobs(self, part: EvalPart) -> list[float]:
        return [0.0]

    def assign(self, part: EvalPart, knob: float) -> np.ndarray:
        best = part.quality.max(axis=1, keepdims=True)
        # Among the best-scoring models, the cheapest on this item.
        masked = np.where(part.quality >= best - 1e-12, part.cost, np.inf)
        return one_hot(np.argmin(masked, axis=1), len(part.models))


@dataclass
class RandomMix:
    """Each item goes to `strong` with probability p, else to `weak` (knob = p)."""

    weak: str
    strong: str
    steps: int = 20
    name: str = "random"
    kind: str = "random"
    knob: str = "p(strong)"

    def knobs(self, part: EvalPart) -> list[float]:
        return [i / self.steps for i in range(self.steps + 1)]

    def assign(self, part: EvalPart, knob: float) -> np.ndarray:
        out = np.zeros((len(part.items), len(part.models)))
        out[:, part.models.index(self.weak)] += 1.0 - knob
        out[:, part.models.index(self.strong)] += knob
        return out

    @staticmethod
    def quality_at_cost(cost: float, weak: RoutePoint, strong: RoutePoint) -> float | None:
        """Expected quality of the mix whose expected cost equals `cost` (None if out of range)."""
        span = strong.cost - weak.cost
        if abs(span) < 1e-15:
            return strong.quality
        p = (cost - weak.cost) / span
        if p < -1e-9 or p > 1 + 1e-9:
            return None
        p = min(max(p, 0.0), 1.0)
        return (1 - p) * weak.quality + p * strong.quality


def max_requirement(requirements: np.ndarray) -> np.ndarray:
    """The default difficulty of the binary router: the largest requirement."""
    return np.asarray(requirements).max(axis=1)


@dataclass
class BinaryRouter:
    """RouteLLM-style: one difficulty score, above the threshold → strong, else weak."""

    weak: str
    strong: str
    difficulty: Callable[[np.ndarray], np.ndarray] = max_requirement
    name: str = "binary"
    kind: str = "binary"
    knob: str = "threshold"

    def knobs(self, part: EvalPart) -> list[float]:
        d = np.unique(self.difficulty(part.requirements))
        if d.size > MAX_TAUS:
            d = np.unique(np.quantile(d, np.linspace(0, 1, MAX_TAUS)))
        # Below every score: all strong; at the top: all weak.
        return [float(d[0]) - 1.0, *(float(v) for v in d)]

    def assign(self, part: EvalPart, knob: float) -> np.ndarray:
        hard = self.difficulty(part.requirements) > knob
        choice = np.where(hard, part.models.index(self.strong), part.models.index(self.weak))
        return one_hot(choice, len(part.models))


def shortfall_matrix(
    requirements: np.ndarray, models: Sequence[MatchModel], weights: Sequence[float]
) -> np.ndarray:
    """S[i, j] = the matcher's shortfall of model j on item i."""
    return np.array(
        [[shortfall(tuple(r), m.capabilities, weights) for m in models] for r in requirements]
    ).reshape(len(requirements), len(models))


def choose_all(shortfalls: np.ndarray, costs: Sequence[float], tau: float) -> np.ndarray:
    """`matching.choose` for every row at once (all models eligible).

    Cheapest model with s ≤ τ (ties: lower s, then earlier); if none, lowest s
    (ties: cheaper, then earlier). A unit test checks it against `choose`.
    """
    n, m = shortfalls.shape
    cost = np.broadcast_to(np.asarray(costs, dtype=float), (n, m))
    index = np.broadcast_to(np.arange(m), (n, m))
    rows = np.arange(n)
    # np.lexsort sorts by the last key first: (cost, s, index) and (s, cost, index).
    cheap_first = np.lexsort((index, shortfalls, cost), axis=-1)
    within = np.take_along_axis(shortfalls, cheap_first, axis=1) <= tau
    best_within = cheap_first[rows, np.argmax(within, axis=1)]
    closest = np.lexsort((index, cost, shortfalls), axis=-1)[:, 0]
    return np.where(within.any(axis=1), best_within, closest)


@dataclass
class HydraRouter:
    """HyDRA shortfall matching over calibrated capabilities (knob = τ)."""

    models: list[MatchModel]
    weights: tuple[float, ...]
    name: str = "hydra"
    kind: str = "hydra"
    knob: str = "tau"
    _cache: PartCache = field(default_factory=PartCache, repr=False)

    def _shortfalls(self, part: EvalPart) -> np.ndarray:
        return self._cache.get(
            part, lambda: shortfall_matrix(part.requirements, self._ordered(part), self.weights)
        )

    def _ordered(self, part: EvalPart) -> list[MatchModel]:
        by_id = {m.id: m for m in self.models}
        missing = [m for m in part.models if m not in by_id]
        if missing:
            raise ValueError(f"no capabilities for {missing}: calibrate them first")
        return [by_id[m] for m in part.models]

    def knobs(self, part: EvalPart) -> list[float]:
        # Exact values: decisions change exactly at them (rounding would put a τ
        # just below the shortfall it was meant to admit).
        s = np.unique(self._shortfalls(part))
        if s.size > MAX_TAUS:
            s = np.unique(np.quantile(s, np.linspace(0, 1, MAX_TAUS)))
        return sorted({0.0, *(float(v) for v in s)})

    def assign(self, part: EvalPart, knob: float) -> np.ndarray:
        costs = [m.cost for m in self._ordered(part)]
        choice = choose_all(self._shortfalls(part), costs, knob)
        return one_hot(choice, len(part.models))


#: Added to each δ knob: the knob is best − q̂ in floating point, and best − knob
#: must not land a rounding error above the q̂ it was meant to admit.
KNOB_SLACK = 1e-12


def choose_all_by_pass(
    passes: np.ndarray, costs: Sequence[float], delta: float | np.ndarray
) -> np.ndarray:
    """`matching.choose_by_pass` for every row at once (all models eligible).

    Cheapest model with q̂ ≥ max q̂ − δ (ties: higher q̂, then earlier). A unit
    test checks it against `choose_by_pass`. `delta` is one δ (→ [n]) or an
    array of G values (→ [G, n], one row per δ).
    """
    n, m = passes.shape
    cost = np.broadcast_to(np.asarray(costs, dtype=float), (n, m))
    index = np.broadcast_to(np.arange(m), (n, m))
    deltas = np.asarray(delta, dtype=float)
    floor = passes.max(axis=1, keepdims=True) - deltas[..., None, None]
    order = np.lexsort((index, -passes, cost), axis=-1)
    ok = passes >= floor
    ok = np.take_along_axis(ok, np.broadcast_to(order, ok.shape), axis=-1)
    return order[np.arange(n), np.argmax(ok, axis=-1)]


def delta_knobs(passes: np.ndarray) -> list[float]:
    """Every δ at which some decision changes (best − q̂ of each cell), capped at MAX_TAUS."""
    gaps = np.unique(passes.max(axis=1, keepdims=True) - passes)
    if gaps.size > MAX_TAUS:
        gaps = np.unique(np.quantile(gaps, np.linspace(0, 1, MAX_TAUS)))
    return sorted({0.0, *(float(g) + KNOB_SLACK for g in gaps if g > 0)})


@dataclass
class PassRouter:
    """HyDRA on predicted pass (knob = δ): `predict` gives Q[n, m] for a part's items.

    `predict` is a fitted model's prediction, or a fixed out-of-fold matrix for
    the part it was computed on.
    """

    predict: Callable[[EvalPart], np.ndarray]
    models: list[MatchModel]
    name: str = "hydra"
    kind: str = "hydra"
    knob: str = "delta"
    _cache: PartCache = field(default_factory=PartCache, repr=False)

    def passes(self, part: EvalPart) -> np.ndarray:
        """Q[n, m] in the part's model order (computed once per part)."""
        return self._cache.get(part, lambda: np.asarray(self.predict(part), dtype=float))

    def _costs(self, part: EvalPart) -> list[float]:
        by_id = {m.id: m.cost for m in self.models}
        return [by_id[m] for m in part.models]

    def knobs(self, part: EvalPart) -> list[float]:
        return delta_knobs(self.passes(part))

    def assign(self, part: EvalPart, knob: float) -> np.ndarray:
        choice = choose_all_by_pass(self.passes(part), self._costs(part), knob)
        return one_hot(choice, len(part.models))
