"""Reliability fits, the vectorised predicted-pass choice, the new baselines and APGR."""

from __future__ import annotations

import numpy as np
import pytest

from hydra_router import matching
from hydra_router.eval.baselines import HybridLLMRouter, PassRateRouter, hybrid_labels
from hydra_router.eval.metrics import apgr, apgr_routellm
from hydra_router.eval.outcomes import OutcomeItem
from hydra_router.eval.reliability import (
    HydraFitSpec,
    fit_hydra,
    fit_reliability,
    out_of_fold_pass,
    pass_matrix,
)
from hydra_router.eval.routers import (
    EvalPart,
    PassRouter,
    choose_all_by_pass,
    shortfall_matrix,
    sweep,
)
from hydra_router.matching import MatchModel

TRUE_A = np.array([-0.5, 0.4, 1.2, 2.0])
TRUE_B = 3.0


def synthetic(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Shortfalls [n, 4] and pass/fail outcomes drawn from σ(a_m − b·s)."""
    rng = np.random.default_rng(seed)
    s = rng.uniform(0.0, 0.8, (n, len(TRUE_A)))
    p = 1.0 / (1.0 + np.exp(-(TRUE_A - TRUE_B * s)))
    return s, (rng.random(s.shape) < p).astype(float)


def test_fit_recovers_known_intercepts_and_slope() -> None:
    s, y = synthetic(6000)
    fit = fit_reliability(s, y, ["a", "b", "c", "d"])
    assert fit.slope == pytest.approx(TRUE_B, abs=0.25)
    got = np.array([fit.intercepts[m] for m in "abcd"])
    assert got == pytest.approx(TRUE_A, abs=0.12)
    assert fit.reliability("d") == pytest.approx(1 / (1 + np.exp(-2.0)), abs=0.02)
    assert not fit.slope_fixed


def test_fixed_slope_fits_only_the_new_model() -> None:
    s, y = synthetic(6000, seed=1)
    joint = fit_reliability(s, y, ["a", "b", "c", "d"])
    # Adding "d" to a catalog fitted on a, b, c: b is held, only d's a_m is fitted,
    # from d's outcomes alone (the other columns are not even passed in).
    alone = fit_reliability(s[:, 3:], y[:, 3:], ["d"], slope=joint.slope)
    assert alone.slope == joint.slope and alone.slope_fixed
    assert alone.intercepts["d"] == pytest.approx(joint.intercepts["d"], abs=0.02)
    # Missing outcomes (NaN) are skipped, not counted as failures.
    y_missing = y.copy()
    y_missing[::2, 0] = np.nan
    partial = fit_reliability(s, y_missing, ["a", "b", "c", "d"])
    assert partial.intercepts["a"] == pytest.approx(TRUE_A[0], abs=0.25)


def test_negative_evidence_clamps_the_slope_at_zero() -> None:
    rng = np.random.default_rng(2)
    s = rng.uniform(0, 1, (2000, 2))
    y = (rng.random(s.shape) < 0.2 + 0.6 * s).astype(float)  # passes MORE when short
    assert fit_reliability(s, y, ["a", "b"]).slope == 0.0


def test_calibration_with_held_capabilities_recovers_a_b_and_ease() -> None:
    """The eval's fit (capabilities as in the catalog) recovers the generating a_m, b, ease."""
    rng = np.random.default_rng(3)
    n = 6000
    # Varied demand: a third of the items need little (max r_k small), the rest up to 1.
    req = rng.uniform(0, 1, (n, 4)) * rng.choice([0.2, 1.0], size=(n, 1), p=[1 / 3, 2 / 3])
    caps = {"w": (0.2, 0.3, 0.2, 0.1), "m": (0.5, 0.5, 0.6, 0.4), "s": (0.9, 0.8, 0.9, 0.9)}
    weights = (0.25, 0.25, 0.25, 0.25)
    models = [MatchModel(m, c, 1.0) for m, c in caps.items()]
    s = shortfall_matrix(req, models, weights)
    d = req.max(axis=1, keepdims=True)
    a, e = np.array([0.3, 1.0, 1.8]), 2.2
    y = (rng.random(s.shape) < 1 / (1 + np.exp(-(a + e * (1 - d) - 2.5 * s)))).astype(float)
    spec = HydraFitSpec(
        models=list(caps), costs=[1, 2, 3], weights=weights, pass_floor=0.5,
        fixed_capabilities=caps,
    )  # fmt: skip
    fitted = fit_hydra(req, y, spec)
    assert fitted.slope == pytest.approx(2.5, abs=0.3)
    assert [m.reliability for m in fitted.models] == pytest.approx(1 / (1 + np.exp(-a)), abs=0.03)
    assert fitted.ease == pytest.approx(e, abs=0.3)
    q = fitted.predict(req[:5])
    assert q.shape == (5, 3) and np.all((q > 0) & (q < 1))


def demanding(n: int, seed: int, ease: float = 1.5) -> tuple[np.ndarray, ...]:
    """Shortfalls, demands and outcomes drawn from σ(a_m + e·(1 − d) − b·s)."""
    rng = np.random.default_rng(seed)
    d = rng.uniform(0.0, 1.0, n)
    s = rng.uniform(0.0, 0.8, (n, len(TRUE_A))) * d[:, None]  # short only where it is demanding
    z = TRUE_A + ease * (1 - d)[:, None] - TRUE_B * s
    return s, d, (rng.random(s.shape) < 1 / (1 + np.exp(-z))).astype(float)


@pytest.mark.parametrize("ease", [0.0, 1.5, 3.0])
def test_fit_recovers_known_ease_intercepts_and_slope_with_varied_demand(ease: float) -> None:
    s, d, y = demanding(8000, seed=5, ease=ease)
    fit = fit_reliability(s, y, ["a", "b", "c", "d"], demand=d)
    assert fit.slope == pytest.approx(TRUE_B, abs=0.35)
    assert np.array([fit.intercepts[m] for m in "abcd"]) == pytest.approx(TRUE_A, abs=0.15)
    assert fit.ease == pytest.approx(ease, abs=0.25)
    assert fit.ease >= 0 and not fit.ease_fixed and fit.ease_weight > 0
    if ease > 0:  # ignoring demand (e = 0) misreads the easy items as reliability
        flat = fit_reliability(s, y, ["a", "b", "c", "d"])
        assert flat.ease is None
        assert flat.intercepts["a"] > TRUE_A[0] + 0.3


def test_ease_is_clamped_at_zero_when_undemanding_items_are_harder() -> None:
    """Data where a request that needs little fails more often: the best e ≥ 0 is 0, and
    then a_m and b are the fit without demand."""
    s, d, y = demanding(8000, seed=7, ease=-1.0)
    fit = fit_reliability(s, y, ["a", "b", "c", "d"], demand=d)
    assert fit.ease == 0.0
    flat = fit_reliability(s, y, ["a", "b", "c", "d"])
    assert fit.slope == pytest.approx(flat.slope, abs=1e-6)
    assert [fit.intercepts[m] for m in "abcd"] == pytest.approx(
        [flat.intercepts[m] for m in "abcd"], abs=1e-6
    )


def test_held_slope_and_ease_fit_only_the_new_model() -> None:
    s, d, y = demanding(8000, seed=6)
    joint = fit_reliability(s, y, ["a", "b", "c", "d"], demand=d)
    assert joint.ease is not None
    alone = fit_reliability(s[:, 3:], y[:, 3:], ["d"], slope=joint.slope, demand=d, ease=joint.ease)
    assert (alone.slope, alone.ease) == (joint.slope, pytest.approx(joint.ease))
    assert alone.slope_fixed and alone.ease_fixed
    assert alone.intercepts["d"] == pytest.approx(joint.intercepts["d"], abs=0.03)
    # A held slope without an ease is a catalog without `ease`: e = 0, nothing else fitted.
    no_ease = fit_reliability(s[:, 3:], y[:, 3:], ["d"], slope=joint.slope, demand=d)
    held_zero = fit_reliability(s[:, 3:], y[:, 3:], ["d"], slope=joint.slope, demand=d, ease=0.0)
    assert no_ease.ease is None and held_zero.ease == 0.0
    assert no_ease.intercepts["d"] == pytest.approx(held_zero.intercepts["d"])


def test_choose_all_by_pass_matches_matching_choose_by_pass() -> None:
    rng = np.random.default_rng(4)
    for _ in range(300):
        n, m = 6, int(rng.integers(1, 6))
        req = np.round(rng.uniform(0, 1, (n, 4)), 1)
        models = [
            MatchModel(
                str(j),
                tuple(np.round(rng.uniform(0, 1, 4), 1)),
                float(rng.integers(0, 3)),  # price ties are common
                reliability=float(rng.choice([0.6, 0.7, 0.8, 0.9])),  # so are q̂ ties
            )
            for j in range(m)
        ]
        weights = ((0.4, 0.3, 0.2, 0.1), (0.5, 0.0, 0.5, 0.0))[int(rng.integers(0, 2))]
        slope = float(rng.choice([0.0, 2.0, 5.0]))
        ease = float(rng.choice([0.0, 1.0, 3.0]))
        q = pass_matrix(req, models, weights, slope, ease)
        delta = float(rng.choice([0.0, 0.05, 0.2]))
        got = choose_all_by_pass(q, [mm.cost for mm in models], delta)
        for i in range(n):
            want = matching.choose_by_pass(tuple(req[i]), models, weights, slope, delta, ease=ease)
            assert got[i] == want.index, (req[i], models, slope, delta, ease)
            assert q[i] == pytest.approx(want.predicted_pass)


def part(quality: np.ndarray, cost: np.ndarray, req: np.ndarray, models: list[str]) -> EvalPart:
    items = [OutcomeItem(id=f"i{k}", prompt="p", outcomes={}) for k in range(len(quality))]
    return EvalPart(items=items, models=models, quality=quality, cost=cost, requirements=req)


def test_pass_router_sweeps_from_best_to_cheapest() -> None:
    q = np.array([[0.9, 0.5], [0.9, 0.8], [0.2, 0.85]])
    p = part(np.ones((3, 2)), np.tile([10.0, 1.0], (3, 1)), np.zeros((3, 4)), ["s", "c"])
    router = PassRouter(predict=lambda _: q, models=[MatchModel("s", (0,) * 4, 10.0),
                                                    MatchModel("c", (0,) * 4, 1.0)])  # fmt: skip
    curve = sweep(router, p)
    assert curve.points[0].shares == pytest.approx({"s": 2 / 3, "c": 1 / 3})  # δ = 0: the best
    assert curve.points[-1].shares == {"c": 1.0}  # δ at the largest gap: all to the cheap
    assert [pt.cost for pt in curve.points] == sorted(
        (pt.cost for pt in curve.points), reverse=True
    )


def test_passrate_router_ignores_the_prompt() -> None:
    router = PassRateRouter(rates={"c": 0.7, "m": 0.8, "s": 0.9}, costs={"c": 1, "m": 2, "s": 5})
    p = part(np.ones((4, 3)), np.ones((4, 3)), np.random.default_rng(0).random((4, 4)),
             ["c", "m", "s"])  # fmt: skip
    knobs = router.knobs(p)
    assert [router.choice(p.models, k) for k in knobs] == [2, 1, 0]
    assert np.all(router.assign(p, knobs[1])[:, 1] == 1.0)


def test_hybrid_labels_and_router() -> None:
    weak, strong = np.array([1.0, 0.0, 0.4, 0.9]), np.array([1.0, 1.0, 0.9, 0.5])
    det, _ = hybrid_labels(weak, strong, "deterministic")
    assert det.tolist() == [1, 0, 0, 1]
    prob, _ = hybrid_labels(weak, strong, "probabilistic", temperature=0.2)
    assert prob[0] == 0.5 and prob[1] < 0.01 and prob[3] > 0.8
    trans, t_star = hybrid_labels(weak, strong, "transformed")
    assert t_star is not None and 0.0 <= t_star <= 1.0
    assert abs(trans.mean() - 0.5) <= abs(det.mean() - 0.5)  # at least as balanced
    # The MLP learns an easy rule: weak passes exactly where the first score is low.
    rng = np.random.default_rng(5)
    req = rng.uniform(0, 1, (300, 4))
    quality = np.column_stack([(req[:, 0] < 0.5).astype(float), np.ones(300)])
    cal = part(quality, np.tile([1.0, 10.0], (300, 1)), req, ["w", "s"])
    router = HybridLLMRouter.train(cal, "w", "s", "deterministic")
    curve = sweep(router, cal)
    assert curve.points[0].shares == {"s": 1.0} and curve.points[-1].shares == {"w": 1.0}
    at_half_cost = min(curve.points, key=lambda pt: abs(pt.cost - 5.5))
    assert at_half_cost.quality > 0.9  # a random mix at that cost gets 0.75


def test_apgr_conventions() -> None:
    # A curve that dips: the envelope keeps the best, RouteLLM's reading averages as drawn.
    xs, pg = [0.0, 0.5, 1.0], [0.0, 1.0, 0.5]
    assert apgr(xs, pg) == pytest.approx(0.25 + 0.5)
    assert apgr_routellm(xs, pg) == pytest.approx(0.25 + 0.375)
    # Only the covered range counts: a router spanning x in [0.5, 1] is not credited
    # (nor charged) for [0, 0.5).
    assert apgr([0.5, 1.0], [0.5, 1.0]) == pytest.approx(0.375)
    assert apgr_routellm([0.5, 1.0], [0.5, 1.0]) == pytest.approx(0.75)
    assert apgr_routellm([0.3], [0.6]) == pytest.approx(0.6)  # a single model: its PGR


def test_out_of_fold_rows_never_see_their_own_outcome() -> None:
    rng = np.random.default_rng(6)
    n = 200
    req = rng.uniform(0, 1, (n, 4))
    y = (rng.random((n, 2)) < 0.7).astype(float)
    ids = [f"id{k}" for k in range(n)]
    spec = HydraFitSpec(models=["a", "b"], costs=[1, 2], weights=(0.25,) * 4, pass_floor=0.5)
    before = out_of_fold_pass(ids, req, y, spec, k=4)
    flipped = y.copy()
    flipped[0] = 1 - flipped[0]  # change item 0's outcome: its own row must not move
    after = out_of_fold_pass(ids, req, flipped, spec, k=4)
    assert after[0] == pytest.approx(before[0])
    assert not np.allclose(after, before)


def test_eval_checks_for_the_plotting_extra_before_scoring(
    monkeypatch: pytest.MonkeyPatch, tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:
    from pathlib import Path

    from hydra_router.cli import main
    from hydra_router.eval import report, scores

    def never(*_args, **_kwargs):  # noqa: ANN002, ANN003, ANN202
        raise AssertionError("scored before the plotting check")

    monkeypatch.setattr(report, "plotting_available", lambda: False)
    monkeypatch.setattr(scores, "scores_for_items", never)
    data = Path(__file__).resolve().parents[1] / "data"
    args = ["eval", "--data", str(data / "eval_sample.jsonl")]
    args += ["--prices", str(data / "eval_sample_prices.yaml"), "--out", str(tmp_path)]
    assert main(args) == 2
    assert "matplotlib" in capsys.readouterr().err
