"""Baselines that HyDRA must beat: a prompt-blind pass-rate router and Hybrid LLM.

- `PassRateRouter` ignores the prompt: every item goes to the cheapest model
  whose calibration pass rate is within δ of the best (δ swept). It is what
  matching on predicted pass degenerates to when the scores carry no signal.
- `HybridLLMRouter` (Ding et al., "Hybrid LLM", ICLR 2024): a small MLP on the
  predictor's four scores estimates the probability that the weak model is
  good enough, P[q_weak ≥ q_strong − t]; items at or above a threshold go to
  the weak model. Its three label modes:
    deterministic   y = 1[q_weak ≥ q_strong]
    probabilistic   y = σ((q_weak − q_strong) / T), label temperature T
    transformed     y = 1[q_weak ≥ q_strong − t*], t* the gap that makes the
                    labels most separable (maximises the mean pairwise label
                    difference, i.e. the most balanced labels)
  The MLP is plain numpy (full-batch Adam, fixed seed), so no extra dependency.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from hydra_router.eval.routers import KNOB_SLACK, MAX_TAUS, EvalPart, PartCache, one_hot

LabelMode = Literal["deterministic", "probabilistic", "transformed"]
LABEL_MODES: tuple[LabelMode, ...] = ("deterministic", "probabilistic", "transformed")
LABEL_TEMPERATURE = 0.2
HIDDEN = 16
STEPS = 800
LEARNING_RATE = 0.01
WEIGHT_DECAY = 1e-3


@dataclass
class PassRateRouter:
    """Prompt-blind: the cheapest model whose calibration pass rate is within δ of the best."""

    rates: dict[str, float]
    costs: dict[str, float]
    name: str = "passrate"
    kind: str = "passrate"
    knob: str = "delta"

    def knobs(self, part: EvalPart) -> list[float]:
        best = max(self.rates[m] for m in part.models)
        gaps = {best - self.rates[m] for m in part.models}
        return sorted({0.0, *(g + KNOB_SLACK for g in gaps if g > 0)})

    def choice(self, models: Sequence[str], delta: float) -> int:
        """Index of the model every item goes to at this δ."""
        best = max(self.rates[m] for m in models)
        ok = [j for j, m in enumerate(models) if self.rates[m] >= best - delta]
        return min(ok, key=lambda j: (self.costs[models[j]], -self.rates[models[j]], j))

    def assign(self, part: EvalPart, knob: float) -> np.ndarray:
        j = self.choice(part.models, knob)
        return one_hot(np.full(len(part.items), j), len(part.models))


def hybrid_labels(
    weak: np.ndarray, strong: np.ndarray, mode: LabelMode, temperature: float = LABEL_TEMPERATURE
) -> tuple[np.ndarray, float | None]:
    """Training targets of one label mode, and t* for the transformed mode."""
    gap = np.asarray(weak, dtype=float) - np.asarray(strong, dtype=float)
    if mode == "deterministic":
        return (gap >= 0).astype(float), None
    if mode == "probabilistic":
        return 1.0 / (1.0 + np.exp(-gap / temperature)), None
    # y(t) = 1[gap ≥ −t]; mean |y_i − y_j| over pairs = 2·p(1 − p), largest when balanced.
    candidates = np.unique(np.r_[0.0, -gap[gap < 0]])
    shares = np.array([(gap >= -t).mean() for t in candidates])
    t_star = float(candidates[int(np.argmax(shares * (1 - shares)))])
    return (gap >= -t_star).astype(float), t_star


@dataclass
class TinyMLP:
    """x → tanh(x·W1 + b1)·w2 + b2 → σ, fitted to soft labels by full-batch Adam."""

    w1: np.ndarray
    b1: np.ndarray
    w2: np.ndarray
    b2: float

    @classmethod
    def fit(cls, x: np.ndarray, y: np.ndarray, seed: int = 0) -> TinyMLP:
        rng = np.random.default_rng(seed)
        d = x.shape[1]
        params = [
            rng.normal(0, 1 / np.sqrt(d), (d, HIDDEN)),
            np.zeros(HIDDEN),
            rng.normal(0, 1 / np.sqrt(HIDDEN), HIDDEN),
            np.zeros(1),
        ]
        moments = [np.zeros_like(p) for p in params]
        squares = [np.zeros_like(p) for p in params]
        n = max(len(x), 1)
        for step in range(1, STEPS + 1):
            w1, b1, w2, b2 = params
            h = np.tanh(x @ w1 + b1)
            p = 1.0 / (1.0 + np.exp(-np.clip(h @ w2 + b2[0], -30, 30)))
            d_out = (p - y) / n  # d(BCE)/d(logit)
            d_h = np.outer(d_out, w2) * (1 - h**2)
            grads = [
                x.T @ d_h + WEIGHT_DECAY * w1,
                d_h.sum(axis=0),
                h.T @ d_out + WEIGHT_DECAY * w2,
                np.array([d_out.sum()]),
            ]
            for k, g in enumerate(grads):
                moments[k] = 0.9 * moments[k] + 0.1 * g
                squares[k] = 0.999 * squares[k] + 0.001 * g * g
                m_hat = moments[k] / (1 - 0.9**step)
                v_hat = squares[k] / (1 - 0.999**step)
                params[k] = params[k] - LEARNING_RATE * m_hat / (np.sqrt(v_hat) + 1e-8)
        return cls(params[0], params[1], params[2], float(params[3][0]))

    def predict(self, x: np.ndarray) -> np.ndarray:
        h = np.tanh(x @ self.w1 + self.b1)
        return 1.0 / (1.0 + np.exp(-np.clip(h @ self.w2 + self.b2, -30, 30)))


@dataclass
class HybridLLMRouter:
    """Hybrid LLM: weak model where the MLP says it is good enough (score ≥ threshold)."""

    weak: str
    strong: str
    mode: LabelMode
    mlp: TinyMLP
    t_star: float | None = None
    kind: str = "hybrid_llm"
    knob: str = "threshold"
    _cache: PartCache = field(default_factory=PartCache, repr=False)

    @property
    def name(self) -> str:
        return f"hybrid_llm:{self.mode}"

    @classmethod
    def train(cls, cal: EvalPart, weak: str, strong: str, mode: LabelMode) -> HybridLLMRouter:
        """Fit the MLP on the calibration part's (scores, weak − strong quality) pairs."""
        q_weak = cal.quality[:, cal.models.index(weak)]
        q_strong = cal.quality[:, cal.models.index(strong)]
        labels, t_star = hybrid_labels(q_weak, q_strong, mode)
        mlp = TinyMLP.fit(np.asarray(cal.requirements, dtype=float), labels)
        return cls(weak=weak, strong=strong, mode=mode, mlp=mlp, t_star=t_star)

    def scores(self, part: EvalPart) -> np.ndarray:
        """The MLP's P(weak is good enough) per item (computed once per part)."""
        return self._cache.get(
            part, lambda: self.mlp.predict(np.asarray(part.requirements, dtype=float))
        )

    def knobs(self, part: EvalPart) -> list[float]:
        values = np.unique(self.scores(part))
        if values.size > MAX_TAUS:
            values = np.unique(np.quantile(values, np.linspace(0, 1, MAX_TAUS)))
        # Above every score: all strong; at the lowest: all weak.
        return [float(values[-1]) + 1.0, *(float(v) for v in values[::-1])]

    def assign(self, part: EvalPart, knob: float) -> np.ndarray:
        easy = self.scores(part) >= knob
        choice = np.where(easy, part.models.index(self.weak), part.models.index(self.strong))
        return one_hot(choice, len(part.models))
