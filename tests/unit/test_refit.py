"""Refitting a catalog's reliabilities from a user's outcomes: a MAP fit with a prior at
the catalog's value, on the router's own predicted pass, and the `calibrate --catalog`
command that writes the catalog back with only those values changed."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from fixtures.catalog_text import strip_reliability
from hydra_router import matching
from hydra_router.cli import main
from hydra_router.eval.refit import DEFAULT_PRIOR, refit_reliabilities
from hydra_router.profiles import Catalog, bundled_profiles_path, parse_catalog
from hydra_router.protocol import DIMENSIONS

EASY = """format: 1
slope: 2.0
defaults: {regime: iso, tau: {peak: 0.02, iso: 0.06, aggressive: 0.15}}
fallback: b
models:
  - {id: a, name: A, vendor: v, family: a, reliability: 0.7,
     capabilities: {reasoning: 1, code_generation: 1, debugging: 1, tool_use: 1},
     price: {input: 1, output: 1}, context_window: 1000}
  - {id: b, name: B, vendor: v, family: b, reliability: 0.8,
     capabilities: {reasoning: 1, code_generation: 1, debugging: 1, tool_use: 1},
     price: {input: 2, output: 2}, context_window: 1000}
"""
WEIGHTS = (0.25,) * 4


def at_demand_1(passed: int, failed: int, worth: float = DEFAULT_PRIOR) -> float:
    """Model `a`'s refitted reliability from outcomes at zero shortfall and demand 1."""
    catalog = parse_catalog(EASY, "easy.yaml")
    n = passed + failed
    outcomes = [{"a": 1.0}] * passed + [{"a": 0.0}] * failed
    (refit,) = refit_reliabilities(catalog, np.ones((n, 4)), outcomes, WEIGHTS, worth)
    assert (refit.model, refit.outcomes, refit.passed, refit.before) == ("a", n, passed, 0.7)
    return refit.after


def test_a_few_failures_move_little_and_many_move_to_the_observed_rate() -> None:
    three = at_demand_1(0, 3)
    assert 0.6 < three < 0.7  # a maximum-likelihood fit would go to 0
    assert at_demand_1(0, 1) > three
    # Close to the prior's pseudo-count form (N·p₀ + passes) / (N + n) when outcomes are few.
    assert three == pytest.approx(20 * 0.7 / 23, abs=0.01)
    many = at_demand_1(120, 280)  # 400 outcomes at a 30 % pass rate
    assert abs(many - 0.3) < 0.03 and many > 0.3
    assert at_demand_1(280, 120) == pytest.approx(0.7, abs=0.005)  # agreeing data: no move


def test_a_stronger_prior_moves_less() -> None:
    moves = [0.7 - at_demand_1(5, 15, worth) for worth in (5, 20, 80, 320)]
    assert moves == sorted(moves, reverse=True) and moves[-1] > 0


def test_refit_recovers_a_reliability_through_the_routers_own_predicted_pass() -> None:
    """Outcomes drawn from matching.predicted_pass with the bundled catalog's slope, ease
    and capabilities at another reliability: the refit finds that reliability."""
    catalog = bundled_catalog()
    model = catalog.model("gpt-5.4-mini")
    rng = np.random.default_rng(7)
    requirements = rng.uniform(0.0, 1.0, (6000, 4))
    capabilities = model.capabilities.vector()
    outcomes = []
    for r in requirements:
        s = matching.shortfall(r, capabilities, WEIGHTS)
        d = matching.demand(r, WEIGHTS)
        q = matching.predicted_pass(0.45, catalog.slope, s, d, catalog.ease)
        outcomes.append({"gpt-5.4-mini": float(rng.random() < q)})
    (refit,) = refit_reliabilities(catalog, requirements, outcomes, WEIGHTS, DEFAULT_PRIOR)
    assert refit.before == 0.665 and refit.after == pytest.approx(0.45, abs=0.03)


def test_only_models_with_outcomes_are_refitted_and_others_are_ignored() -> None:
    catalog = bundled_catalog()
    outcomes = [{"gpt-5.4": 1.0, "not-in-catalog": 0.0}, {"gpt-5.4": 0.0}]
    refits = refit_reliabilities(catalog, np.full((2, 4), 0.5), outcomes, WEIGHTS)
    assert [r.model for r in refits] == ["gpt-5.4"]
    assert refit_reliabilities(catalog, np.zeros((1, 4)), [{"gpt-9": 1.0}], WEIGHTS) == []


def test_a_catalog_without_reliabilities_cannot_be_refitted() -> None:
    plain = parse_catalog(strip_reliability(bundled_text()), "plain.yaml")
    with pytest.raises(ValueError, match="no reliabilities"):
        refit_reliabilities(plain, np.zeros((1, 4)), [{"gpt-5.4": 1.0}], WEIGHTS)


# ---- hydra-router calibrate --catalog --------------------------------------------------


def bundled_text() -> str:
    return bundled_profiles_path().read_text(encoding="utf-8")


def bundled_catalog() -> Catalog:
    return parse_catalog(bundled_text(), "profiles.yaml")


def write_log(path: Path, counts: dict[str, tuple[int, int]], seed: int = 3) -> Path:
    """A feedback log: per model (passed, failed) lines with random raw scores, no prompts."""
    rng = np.random.default_rng(seed)
    lines = []
    for model, (passed, failed) in counts.items():
        for k in range(passed + failed):
            raw = rng.uniform(0.0, 1.0, 4)
            lines.append(
                {
                    "id": f"{model}-{k}",
                    "time": "2026-12-07T10:00:00Z",
                    "source": "hydra-feedback",
                    "scores": dict(zip(DIMENSIONS, raw, strict=True)),
                    "outcomes": {model: int(k < passed)},
                    "signal": "answered" if k < passed else "unhelpful",
                    "model": model,
                    "conversation": f"c{k}",
                }
            )
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


def calibrate(tmp_path: Path, tiny_model_dir: Path, log: Path, *extra: str) -> int:
    out = tmp_path / "proposed.yaml"
    args = ["calibrate", "--catalog", str(bundled_profiles_path()), "--data", str(log)]
    return main([*args, "--out", str(out), "--model", str(tiny_model_dir), *extra])


def test_calibrate_catalog_rewrites_only_the_refitted_reliabilities(
    tmp_path: Path, tiny_model_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    counts = {"gpt-5.4-mini": (10, 30), "claude-sonnet-4-6": (2, 1), "gpt-9": (1, 0)}
    log = write_log(tmp_path / "feedback.jsonl", counts)
    assert calibrate(tmp_path, tiny_model_dir, log) == 0
    err = capsys.readouterr().err
    assert "skipping outcomes of models not in" in err and "gpt-9" in err
    assert re.search(
        r"gpt-5\.4-mini: 40 outcomes \(10 passed\), reliability 0\.665 → 0\.\d{4}", err
    )
    assert re.search(r"claude-sonnet-4-6: 3 outcomes \(2 passed\), reliability 0\.773 → ", err)
    assert "gpt-5.3-codex: no outcomes, kept" in err

    before, after = bundled_text(), (tmp_path / "proposed.yaml").read_text(encoding="utf-8")
    changed = [
        (a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=True) if a != b
    ]
    assert [a for a, _ in changed] == ["    reliability: 0.665", "    reliability: 0.773"]
    assert changed[0][1].endswith("  # refitted on 40 of your outcomes (was 0.665)")
    assert changed[1][1].endswith("  # refitted on 3 of your outcomes (was 0.773)")
    proposed = parse_catalog(after, "proposed.yaml")
    mini, sonnet = proposed.model("gpt-5.4-mini"), proposed.model("claude-sonnet-4-6")
    assert mini.reliability < 0.665 - 0.05  # 25 % of 40 pulls it well down
    assert abs(sonnet.reliability - 0.773) < 0.03  # three outcomes hardly move it
    assert main(["check", str(tmp_path / "proposed.yaml")]) == 0


def test_calibrate_catalog_to_stdout(
    tmp_path: Path, tiny_model_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = write_log(tmp_path / "feedback.jsonl", {"gpt-5.4": (3, 3)})
    args = ["calibrate", "--catalog", str(bundled_profiles_path()), "--data", str(log)]
    assert main([*args, "--out", "-", "--model", str(tiny_model_dir)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# hydra-router catalog") and "(was 0.721)" in out
    parse_catalog(out, "stdout")


@pytest.mark.parametrize(
    ("setup", "code", "needle"),
    [
        ("plain-catalog", 1, "fit them first with calibrate on outcome logs"),
        ("unknown-models-only", 1, "no usable lines"),
        ("--slope", 2, "--slope do not apply with --catalog"),
        ("--prior-0", 2, "--prior must be more than 0"),
    ],
)
def test_calibrate_catalog_errors(
    tmp_path: Path,
    tiny_model_dir: Path,
    capsys: pytest.CaptureFixture[str],
    setup: str,
    code: int,
    needle: str,
) -> None:
    log = write_log(tmp_path / "log.jsonl", {"gpt-5.4": (1, 1)})
    catalog = bundled_profiles_path()
    extra: list[str] = []
    if setup == "plain-catalog":
        catalog = tmp_path / "plain.yaml"
        catalog.write_text(strip_reliability(bundled_text()), encoding="utf-8")
    elif setup == "unknown-models-only":
        log = write_log(tmp_path / "log.jsonl", {"gpt-9": (1, 1)})
    elif setup == "--slope":
        extra = ["--slope", "2"]
    else:
        extra = ["--prior", "0"]
    args = ["calibrate", "--catalog", str(catalog), "--data", str(log), "--out", "-"]
    assert main([*args, "--model", str(tiny_model_dir), *extra]) == code
    assert needle in capsys.readouterr().err
    assert not (tmp_path / "proposed.yaml").exists()


def test_prior_needs_catalog(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = write_log(tmp_path / "log.jsonl", {"gpt-5.4": (1, 1)})
    assert main(["calibrate", "--data", str(log), "--out", "-", "--prior", "5"]) == 2
    assert "--prior applies only with --catalog" in capsys.readouterr().err


def test_calibrate_help_documents_the_catalog_mode(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["calibrate", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "--catalog PROFILES.yaml" in out and "--prior N" in out
    assert f"(default {DEFAULT_PRIOR:g})" in out
