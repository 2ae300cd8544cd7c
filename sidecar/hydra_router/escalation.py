"""Where a conversation goes from the model it is on: up after a failure, or up to cover
a rise in its requirements. Pure functions, no I/O.

Both moves only go up (to a dearer model by blended price) and never to a model whose
last answer in the conversation failed:

- **After a failure** (the editor reported `unhelpful`, `error`, `empty` or `cutoff`
  for the model the conversation is on): one step up, the cheapest eligible dearer
  model that fits the request better than the failed one: a higher predicted pass
  when the catalog has reliabilities (ties: higher predicted pass, then catalog
  order), else a shortfall no larger. When no dearer model fits better, the dearer
  model that fits best; when there is no dearer model at all, the conversation stays.
- **After drift** (a requirement rose more than the catalog's `drift` above what the
  conversation was routed for): the regime's choice among the dearer models that
  cover each risen requirement at least as well, taken only when it fits the request
  better than the model the conversation is on.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from hydra_router import matching
from hydra_router.conversations import LastOutcome, covers_rise
from hydra_router.matching import MatchModel, Rule
from hydra_router.protocol import DIMENSIONS


@dataclass(frozen=True)
class Step:
    """The model a conversation goes on with, why it moved (when it did), and why each
    eligible model it did not choose was passed over (by index)."""

    index: int
    escalated: bool
    passed_over: dict[int, str]
    why: str | None = None


@dataclass(frozen=True)
class Fit:
    """How well each model fits the request: predicted pass (higher is better) when the
    catalog has reliabilities, else shortfall (lower is better)."""

    shortfalls: Sequence[float]
    passes: Sequence[float] | None = None

    @property
    def measure(self) -> str:
        return "predicted pass" if self.passes is not None else "shortfall"

    def number(self, i: int) -> float:
        """Model `i`'s predicted pass, or its shortfall."""
        return self.passes[i] if self.passes is not None else self.shortfalls[i]

    def key(self, i: int) -> float:
        """Smaller is a better fit."""
        return -self.number(i) if self.passes is not None else self.number(i)

    def value(self, i: int) -> str:
        """E.g. `predicted pass 0.712`."""
        return f"{self.measure} {self.number(i):.3f}"

    def no_step_up(self, i: int, failed: int, name: str) -> str:
        """Why model `i` cannot replace the failed model `name` (index `failed`)."""
        than = "not above" if self.passes is not None else "larger than"
        return (
            f"{self.value(i)} is {than} `{name}`'s {self.number(failed):.3f}, the model that failed"
        )

    def step_up(self, i: int, failed: int) -> bool:
        """Whether model `i` may replace the failed model: a strictly higher predicted pass,
        or (on shortfall) a shortfall no larger."""
        if self.passes is not None:
            return self.passes[i] > self.passes[failed]
        return self.shortfalls[i] <= self.shortfalls[failed]


def failed_here(model_id: str, failures: Mapping[str, LastOutcome]) -> str:
    """A candidate reason for a model whose last answer in the conversation failed."""
    return f"failed in this conversation ({failures[model_id].describe()})"


def after_failure(
    current: int,
    models: Sequence[MatchModel],
    fit: Fit,
    eligible: Sequence[bool],
    failures: Mapping[str, LastOutcome],
) -> Step:
    """One step up from `current`, whose last answer failed (it is in `failures`)."""
    ids = [m.id for m in models]
    name = ids[current]
    failed_why = f"`{name}` failed in this conversation ({failures[name].describe()})"
    indices = range(len(models))
    open_ = [i for i in indices if eligible[i] and ids[i] not in failures]
    dearer = [i for i in open_ if models[i].cost > models[current].cost]
    passed_over = {i: failed_here(ids[i], failures) for i in indices if ids[i] in failures}
    if not dearer:
        stays = (
            f"{failed_why}, but no dearer eligible model has not failed here: "
            "the conversation stays with it"
        )
        passed_over |= {i: stays for i in indices if ids[i] not in failures}
        return Step(current, False, passed_over)
    not_dearer = f"not dearer than `{name}`, which failed here; escalation only moves up"
    passed_over |= {i: not_dearer for i in open_ if i not in dearer}

    better = [i for i in dearer if fit.step_up(i, current)]
    if better:
        chosen = min(better, key=lambda i: (models[i].cost, fit.key(i), i))
        why = f"{failed_why}; one step up by {fit.measure}"
        for i in dearer:
            if i == chosen:
                continue
            if i not in better:
                passed_over[i] = fit.no_step_up(i, current, name)
            elif models[i].cost > models[chosen].cost:
                passed_over[i] = f"also a step up from `{name}`, but `{ids[chosen]}` is cheaper"
            else:
                passed_over[i] = (
                    f"also a step up from `{name}`, at the price of `{ids[chosen]}`, which "
                    f"has the better {fit.measure} or comes first"
                )
    else:
        chosen = min(dearer, key=lambda i: (fit.key(i), models[i].cost, i))
        why = (
            f"{failed_why}; no dearer model fits the request better by {fit.measure}, "
            "so the dearer one that fits best"
        )
        for i in dearer:
            if i == chosen:
                continue
            if fit.key(chosen) < fit.key(i):
                passed_over[i] = (
                    f"`{ids[chosen]}` fits better ({fit.measure} "
                    f"{fit.number(chosen):.3f} vs {fit.number(i):.3f})"
                )
            else:
                passed_over[i] = (
                    f"the same {fit.measure} as `{ids[chosen]}`, which is cheaper or comes first"
                )
    passed_over[current] = failed_here(name, failures)
    return Step(chosen, True, passed_over, why)


def after_drift(
    current: int,
    routed: Sequence[float],
    requirements: Sequence[float],
    risen: Sequence[int],
    drift: float,
    models: Sequence[MatchModel],
    weights: Sequence[float],
    rule: Rule,
    eligible: Sequence[bool],
    failures: Mapping[str, LastOutcome],
) -> Step:
    """Up from `current` when the requirements in `risen` rose past `drift` above `routed`
    (what the conversation was routed for), or stay when no dearer model fits better."""
    ids = [m.id for m in models]
    here = models[current]
    dearer = [
        eligible[i]
        and m.id not in failures
        and m.cost > here.cost
        and covers_rise(m.capabilities, here.capabilities, requirements, risen)
        for i, m in enumerate(models)
    ]
    better = matching.select(requirements, models, weights, rule, dearer)
    fits = "higher predicted pass" if better.predicted_pass is not None else "lower shortfall"
    failed = {i: failed_here(ids[i], failures) for i in range(len(models)) if ids[i] in failures}
    if better.beats(current):
        passed_over = {
            i: f"not dearer than `{ids[current]}`, this conversation's model, or covers "
            "the risen requirement worse; escalation only moves up"
            for i in range(len(models))
            if eligible[i] and not dearer[i]
        }
        passed_over |= failed
        passed_over[current] = (
            f"this conversation's model until now; its requirements rose and "
            f"`{ids[better.index]}` has the {fits}"
        )
        rises = ", ".join(f"{DIMENSIONS[k]} {routed[k]:.2f} → {requirements[k]:.2f}" for k in risen)
        why = (
            f"requirements rose past the drift threshold {drift:g} ({rises}); "
            f"`{ids[better.index]}` covers the rise with a {fits} than `{ids[current]}`"
        )
        return Step(better.index, True, passed_over, why)
    stays = f"this conversation stays with `{ids[current]}`"
    why_not = f"{stays}: no dearer model that covers the rise has a {fits}"
    passed_over = {i: why_not for i in range(len(models)) if i != current}
    return Step(current, False, passed_over | {i: r for i, r in failed.items() if i != current})
