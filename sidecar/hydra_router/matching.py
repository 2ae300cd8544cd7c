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
"""

from __future__ import annotations

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


@dataclass(frozen=True, slots=True)
class MatchModel:
    """A model as matching sees it (build from a catalog with `match_models`)."""

    id: str
    capabilities: tuple[float, ...]
    cost: float


@dataclass(frozen=True, slots=True)
class Choice:
    """Result of `choose`.

    `index` is the chosen model's position in the input (-1 when no model was
    eligible); `within_tau` is False when the choice is the lowest-shortfall
    model because none met τ. `shortfalls` has one entry per input model,
    eligible or not.
    """

    index: int
    shortfall: float
    within_tau: bool
    shortfalls: tuple[float, ...]


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
        MatchModel(id=m.id, capabilities=m.capabilities.vector(), cost=catalog.cost(m))
        for m in catalog.models
    ]
