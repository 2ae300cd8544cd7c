"""The eval's check of the guarantee regime: certified on one random half, tested on the other."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from hydra_router.cli import main
from hydra_router.eval.conformal_splits import ALPHAS, EPSILONS, evaluate_splits

DATA = Path(__file__).resolve().parents[1] / "data"


def routing_part(n: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """q̂, outcomes and item costs of a cheap model (column 0) and a dear reference."""
    rng = np.random.default_rng(seed)
    g = rng.uniform(0.0, 0.3, n)
    passes = np.column_stack([0.9 - g, np.full(n, 0.9)])
    quality = np.column_stack([rng.random(n) < 0.8 - g, rng.random(n) < 0.8]).astype(float)
    cost = np.tile([1.0, 5.0], (n, 1))
    return passes, quality, cost


def test_every_epsilon_and_alpha_with_its_coverage() -> None:
    passes, quality, cost = routing_part(800, 1)
    result = evaluate_splits(passes, quality, cost, [1.0, 5.0], ["cheap", "ref"], "ref", 60)
    assert (result.splits, result.n_calibration, result.n_test) == (60, 400, 400)
    assert [(p.epsilon, p.alpha) for p in result.points] == [
        (e, a) for a in ALPHAS for e in EPSILONS
    ]
    for p in result.points:
        assert p.target == pytest.approx(1 - p.alpha)
        assert 0.0 <= p.coverage <= 1.0 and p.met == (p.coverage >= p.target)
        # Cost and savings agree: the reference costs 5, the cheap model 1.
        assert p.savings == pytest.approx(1 - p.cost / 5.0)
    loose = next(p for p in result.points if (p.epsilon, p.alpha) == (0.05, 0.2))
    tight = next(p for p in result.points if (p.epsilon, p.alpha) == (0.01, 0.05))
    assert loose.delta is not None and loose.savings > tight.savings
    assert loose.none_certified < tight.none_certified or tight.none_certified == 1.0
    again = evaluate_splits(passes, quality, cost, [1.0, 5.0], ["cheap", "ref"], "ref", 60)
    assert again == result  # a fixed seed


def test_nothing_certified_is_the_reference_alone() -> None:
    passes, quality, cost = routing_part(12, 2)
    result = evaluate_splits(passes, quality, cost, [1.0, 5.0], ["cheap", "ref"], "ref", 20)
    for p in result.points:
        assert p.none_certified == 1.0 and p.delta is None
        assert (p.coverage, p.test_loss, p.savings, p.cost) == (1.0, 0.0, 0.0, 5.0)


def write_scores(path: Path) -> Path:
    """Requirement scores from a rule on the category (stands in for the predictor)."""
    with path.open("w") as out:
        for line in (DATA / "eval_sample.jsonl").read_text().splitlines():
            row = json.loads(line)
            tool = 0.9 if "parallel" in row["category"] else 0.3
            code = 0.8 if row["category"] in ("java", "javascript") else 0.1
            scores = {"reasoning": 0.2, "code_generation": code, "debugging": 0.05}
            out.write(json.dumps({"id": row["id"], "scores": {**scores, "tool_use": tool}}) + "\n")
    return path


def test_eval_summary_and_report_carry_the_guarantee(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scores = write_scores(tmp_path / "scores.jsonl")
    args = ["eval", "--data", str(DATA / "eval_sample.jsonl")]
    args += ["--prices", str(DATA / "eval_sample_prices.yaml"), "--scores", str(scores)]
    args += ["--quiet", "--out", str(tmp_path / "report")]
    assert main([*args, "--conformal-splits", "0"]) == 2
    assert "--conformal-splits must be 1 or more" in capsys.readouterr().err
    assert main([*args, "--conformal-splits", "30"]) == 0
    report = json.loads((tmp_path / "report" / "report.json").read_text())
    summary = report["summary"]
    assert len(summary["conformal"]) == 9
    keys = {"coverage", "alpha", "epsilon", "target", "met", "savings", "none_certified"}
    assert all(
        keys | {"delta", "test_loss", "quality", "cost"} <= set(p) for p in summary["conformal"]
    )
    setup = summary["conformal_setup"]
    assert setup["splits"] == 30 and setup["reference"] == report["reference"]["strong"]
    assert setup["n_calibration"] + setup["n_test"] == report["split"]["n_evaluate"]
    assert summary["targets"]["conformal_coverage_ge_1_minus_alpha"] == all(
        p["met"] for p in summary["conformal"]
    )
    assert report["settings"]["conformal_splits"] == 30
    md = (tmp_path / "report" / "report.md").read_text()
    assert "## Guarantee regime (conformal)" in md and md.count("| 0.02 | 0.1 |") == 1
