"""Refit a catalog's reliabilities from a user's own outcomes, holding everything else.

A catalog's `reliability` per model comes from benchmarks; the user's editor can
log what became of each answer (the feedback log, see outcomes.py). For each
catalog model with outcomes in the log, its logit a_m = logit(reliability) is
refitted on those outcomes with the router's own predicted pass (matching.py):

    q̂_i = σ(a_m + e · (1 − d_i) − b · s_im)

where the capabilities (so s_im, with the catalog's band-rescaled weights), the
slope b and the ease e are the catalog's, held. The fit is the posterior mode
under a Gaussian prior on a_m centred at the catalog's current logit, worth N
outcomes (`--prior N`): its precision is the Fisher information of N outcomes at
the catalog's reliability, N · p₀(1 − p₀). With k failures among n outcomes at
zero shortfall and demand 1, the refitted reliability is close to
(N·p₀ + n − k) / (N + n): a handful of thumbs moves it a little, hundreds of
outcomes move it most of the way to the rate observed. Outcomes on undemanding
requests (large e·(1 − d)) say less about a_m and move it less, as they should.
Models without outcomes keep their value.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from hydra_router.eval.reliability import demand_vector, fit_reliability
from hydra_router.eval.routers import shortfall_matrix
from hydra_router.matching import logit, match_models
from hydra_router.profiles import Catalog

#: Outcomes the catalog's value is worth: 20 at p₀ = 0.7 is a prior standard deviation
#: of about 0.10 on the pass probability, the spread of a benchmark figure against the
#: same model on someone else's work; a user's 20th outcome weighs as much as the catalog.
DEFAULT_PRIOR = 20.0


@dataclass(frozen=True)
class Refit:
    """One model's refit: its outcomes in the log and its reliability before and after."""

    model: str
    outcomes: int
    passed: float
    before: float
    after: float


def prior_precision(reliability: float, worth: float) -> float:
    """Precision of a Gaussian prior on the logit that is worth `worth` outcomes: the
    Fisher information of that many pass/fail outcomes at pass probability `reliability`."""
    return worth * reliability * (1.0 - reliability)


def refit_reliabilities(
    catalog: Catalog,
    requirements: np.ndarray,
    outcomes: Sequence[Mapping[str, float]],
    weights: Sequence[float],
    worth: float = DEFAULT_PRIOR,
) -> list[Refit]:
    """The MAP reliability of every catalog model with outcomes, in catalog order.

    `requirements` [n, 4] are the items' normalised requirements, `outcomes` each
    item's {model id: score in [0, 1]} (models outside the catalog are ignored),
    `weights` the band-rescaled dimension weights the router uses. ValueError when
    the catalog has no reliabilities or `worth` is not positive.
    """
    if not catalog.predicts_pass or catalog.slope is None:
        raise ValueError("the catalog has no reliabilities (and slope) to refit")
    if not worth > 0 or not math.isfinite(worth):
        raise ValueError(f"the prior must be worth more than 0 outcomes, got {worth}")
    models = [m for m in match_models(catalog) if any(m.id in o for o in outcomes)]
    if not models:
        return []
    y = np.array([[o.get(m.id, np.nan) for m in models] for o in outcomes], dtype=float)
    s = shortfall_matrix(requirements, models, weights)
    prior = {}
    for m in models:
        assert m.reliability is not None  # predicts_pass: every model has one
        prior[m.id] = (logit(m.reliability), prior_precision(m.reliability, worth))
    fit = fit_reliability(
        s,
        y,
        [m.id for m in models],
        slope=catalog.slope,
        demand=demand_vector(requirements, weights),
        ease=catalog.ease,
        prior=prior,
    )
    seen = ~np.isnan(y)
    return [
        Refit(
            model=m.id,
            outcomes=int(seen[:, j].sum()),
            passed=float(np.nansum(y[:, j])),
            before=float(m.reliability or 0.0),
            after=fit.reliability(m.id),
        )
        for j, m in enumerate(models)
    ]
