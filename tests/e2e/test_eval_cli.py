"""`hydra-router eval` and `calibrate` end to end on the committed BFCL sample."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import msgspec
import pytest
import yaml

DATA = Path(__file__).resolve().parents[1] / "data"
SAMPLE = DATA / "eval_sample.jsonl"
PRICES = DATA / "eval_sample_prices.yaml"
DIMS = ("reasoning", "code_generation", "debugging", "tool_use")

pytestmark = pytest.mark.e2e


def rows() -> list[dict]:
    return [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()]


def in_eval_part(item_id: str) -> bool:
    """The documented 50:50 rule, written out here: SHA-256 of the id, first 8 bytes."""
    value = int.from_bytes(hashlib.sha256(item_id.encode()).digest()[:8], "big") / 2**64
    return value >= 0.5


def write_scores(path: Path) -> Path:
    """Requirement scores from a fixed rule on the category (stands in for the predictor)."""
    tool = {
        "relevance": 0.2,
        "simple": 0.3,
        "multiple_function": 0.5,
        "parallel_function": 0.7,
        "parallel_multiple_function": 0.9,
    }
    with path.open("w", encoding="utf-8") as out:
        for row in rows():
            code = 0.8 if row["category"] in ("java", "javascript") else 0.1
            scores = {
                "reasoning": 0.2,
                "code_generation": code,
                "debugging": 0.05,
                "tool_use": tool.get(row["category"], 0.6),
            }
            out.write(json.dumps({"id": row["id"], "scores": scores}) + "\n")
    return path


def hydra(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "hydra_router", *args], capture_output=True, text=True, timeout=300
    )


def on_sample(command: str) -> list[str]:
    """`command --data SAMPLE --prices PRICES`: the sample logs with their price table."""
    return [command, "--data", str(SAMPLE), "--prices", str(PRICES)]


def on_sample_with_scores(command: str, tmp_path: Path, out: Path) -> list[str]:
    """`on_sample(command)` on the rule-based scores, quiet, writing to `out`."""
    scores = write_scores(tmp_path / "scores.jsonl")
    return [*on_sample(command), "--scores", str(scores), "--out", str(out), "--quiet"]


def test_eval_writes_report_with_known_numbers(tmp_path):
    out = tmp_path / "report"
    result = hydra(*on_sample_with_scores("eval", tmp_path, out), "--split", "50:50")
    assert result.returncode == 0, result.stderr
    assert "iso savings" in result.stderr
    report = json.loads((out / "report.json").read_text())
    assert (out / "report.md").read_text().startswith("# hydra-router eval report")
    assert (out / "cost_quality.png").read_bytes()[:4] == b"\x89PNG"

    # Known numbers, computed here from the raw sample with the split rule written out.
    ev = [r for r in rows() if in_eval_part(r["id"])]
    assert report["split"]["n_evaluate"] == len(ev)
    assert report["split"]["n_calibrate"] == len(rows()) - len(ev)
    summary = report["summary"]
    oracle = sum(max(r["outcomes"].values()) for r in ev) / len(ev)
    assert summary["oracle_quality"] == pytest.approx(oracle)
    strong = report["reference"]["strong"]
    assert summary["strong_quality"] == pytest.approx(
        sum(r["outcomes"][strong] for r in ev) / len(ev)
    )
    sonnet = report["curves"]["single:claude-3-5-sonnet-20240620"]["points"][0]
    # Sonnet's cost from its recorded tokens at $3 / $15 per 1M.
    usd = [
        (
            r["tokens"]["claude-3-5-sonnet-20240620"]["in"] * 3
            + r["tokens"]["claude-3-5-sonnet-20240620"]["out"] * 15
        )
        / 1e6
        for r in ev
    ]
    assert sonnet["cost"] == pytest.approx(sum(usd) / len(usd))

    # Structure: every router with its metrics, regimes, breakdowns, capabilities.
    models = set(rows()[0]["outcomes"])
    baselines = {"hydra", "hydra_tau", "binary", "random", "passrate", "hybrid_llm", "oracle"}
    modes = {f"hybrid_llm:{m}" for m in ("deterministic", "probabilistic", "transformed")}
    singles = {f"single:{m}" for m in models}
    assert set(summary["routers"]) == baselines | modes | singles
    for metrics in summary["routers"].values():
        assert {"apgr", "apgr_routellm", "cpt50", "cpt80", "aiq", "kind"} <= set(metrics)
        assert metrics["apgr"] is not None and metrics["apgr_routellm"] is not None
    hybrid = summary["routers"]["hybrid_llm"]
    assert hybrid["apgr"] == max(hybrid["modes"].values())
    assert set(hybrid["modes"]) == {"deterministic", "probabilistic", "transformed"}
    # A single model's RouteLLM APGR is its PGR: 1 for the strong model.
    strong = report["reference"]["strong"]
    assert summary["routers"][f"single:{strong}"]["apgr_routellm"] == pytest.approx(1.0)
    assert {"iso_savings", "peak_quality", "strong_quality"} <= set(summary)
    md = (out / "report.md").read_text()
    assert "APGR (RouteLLM)" in md and "| passrate |" in md
    assert all(0 < report["calibration"][m]["reliability"] < 1 for m in models)
    assert report["slope"] >= 0 and report["ease"] >= 0 and not report["ease_held"]
    assert "peak" in summary["regimes"]["calibration_tuned"]
    assert set(report["breakdown"]) == {"lang", "category"}
    assert sum(g["n"] for g in report["breakdown"]["category"].values()) == len(ev)
    assert set(report["calibration"]) == set(rows()[0]["outcomes"])
    hydra_points = report["curves"]["hydra"]["points"]
    assert len(hydra_points) > 2
    # The δ sweep reaches both ends: the cheapest-first end costs no more than the start.
    assert hydra_points[-1]["cost"] <= hydra_points[0]["cost"]
    for point in hydra_points:
        assert abs(sum(point["shares"].values()) - 1.0) < 1e-9


def test_eval_calibrate_on_other_files_evaluates_every_item(tmp_path):
    import gzip

    data = rows()
    half = len(data) // 2
    cal, ev = tmp_path / "cal.jsonl.gz", tmp_path / "ev.jsonl"
    with gzip.open(cal, "wt", encoding="utf-8") as out:
        out.writelines(json.dumps(r) + "\n" for r in data[:half])
    ev.write_text("".join(json.dumps(r) + "\n" for r in data[half:]), encoding="utf-8")
    scores = write_scores(tmp_path / "scores.jsonl")
    out_dir = tmp_path / "report"
    common = ["--prices", str(PRICES), "--scores", str(scores), "--quiet", "--out", str(out_dir)]
    result = hydra("eval", "--data", str(ev), "--calibrate-on", str(cal), *common)
    assert result.returncode == 0, result.stderr
    report = json.loads((out_dir / "report.json").read_text())
    assert report["split"] == {"n_calibrate": half, "n_evaluate": len(data) - half}
    assert report["split_spec"].startswith("none")
    # --ease 0 holds ease at 0: the model without the demand term, fitted the same way.
    held = hydra("eval", "--data", str(ev), "--calibrate-on", str(cal), *common, "--ease", "0")
    assert held.returncode == 0, held.stderr
    report = json.loads((out_dir / "report.json").read_text())
    assert (report["ease"], report["ease_held"]) == (0.0, True)
    assert "(held, --ease)" in (out_dir / "report.md").read_text()
    # The same ids on both sides is refused.
    clash = hydra("eval", "--data", str(ev), "--calibrate-on", str(ev), *common)
    assert clash.returncode == 1 and "both in --data and --calibrate-on" in clash.stderr


def test_eval_errors_name_the_file_and_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(SAMPLE.read_text().splitlines()[0] + "\n{oops\n")
    result = hydra("eval", "--data", str(bad), "--prices", str(PRICES), "--out", str(tmp_path))
    assert result.returncode == 1
    assert f"{bad}:2: not valid JSON" in result.stderr
    result = hydra("eval", "--data", str(SAMPLE), "--out", str(tmp_path))
    assert result.returncode == 2 and "--prices" in result.stderr
    result = hydra(
        *on_sample("eval"),
        "--split",
        "1",
        "--out",
        str(tmp_path),
    )
    assert result.returncode == 1 and "50:50" in result.stderr
    result = hydra(*on_sample("eval"), "--ease", "-1", "--out", str(tmp_path))
    assert result.returncode == 2 and "--ease must be 0 or more" in result.stderr


def test_calibrate_writes_a_fragment_that_profiles_accept(tmp_path):
    from hydra_router.profiles import ModelProfile

    out = tmp_path / "fragment.yaml"
    result = hydra(*on_sample_with_scores("calibrate", tmp_path, out), "--pass-floor", "0.5")
    assert result.returncode == 0, result.stderr
    text = out.read_text()
    assert "averaged over p in [0.5, 1]" in text
    models = msgspec.convert(yaml.safe_load(text)["models"], list[ModelProfile])
    assert {m.id for m in models} == set(rows()[0]["outcomes"])
    sonnet = next(m for m in models if m.id == "claude-3-5-sonnet-20240620")
    assert (sonnet.price.input, sonnet.price.output) == (3.0, 15.0)
    assert all(0.0 <= v <= 1.0 for m in models for v in m.capabilities.vector())


def test_calibrate_fits_reliability_and_holds_the_slope_for_a_new_model(tmp_path):
    out = tmp_path / "fragment.yaml"
    result = hydra(*on_sample_with_scores("calibrate", tmp_path, out), "--folds", "3")
    assert result.returncode == 0, result.stderr
    fitted = yaml.safe_load(out.read_text())
    slope, ease = fitted["slope"], fitted["ease"]
    reliability = {m["id"]: m["reliability"] for m in fitted["models"]}
    assert slope >= 0 and all(0 < r < 1 for r in reliability.values()) and ease >= 0
    assert "delta: {peak:" in out.read_text()  # δ per regime from the out-of-fold sweep
    # Adding one model to that catalog: b and ease held, only its own reliability fitted.
    # The result is the same whichever other models are in the run.
    added = []
    for others in ([], ["gpt-4o-2024-08-06-FC"]):
        one = tmp_path / f"one{len(others)}.yaml"
        args = on_sample_with_scores("calibrate", tmp_path, one)
        models = ["claude-3-5-sonnet-20240620", *others]
        result = hydra(*args, "--models", *models, "--slope", str(slope), "--ease", str(ease))
        assert result.returncode == 0, result.stderr
        text = yaml.safe_load(one.read_text())
        assert text["slope"] == pytest.approx(slope, abs=1e-4)
        assert text["ease"] == pytest.approx(ease, abs=1e-4)
        added.append({m["id"]: m["reliability"] for m in text["models"]})
    assert added[0]["claude-3-5-sonnet-20240620"] == added[1]["claude-3-5-sonnet-20240620"]
    lone = hydra(
        *on_sample_with_scores("calibrate", tmp_path, tmp_path / "x.yaml"), "--ease", "0.9"
    )
    assert lone.returncode == 2 and "--ease needs --slope" in lone.stderr


def test_eval_with_the_shipped_predictor(tmp_path):
    from hydra_router.predictor import default_model_dir

    if not (default_model_dir() / "model.onnx").is_file():
        pytest.skip("the shipped model (models/hydra-modernbert-small) is not built yet")
    out = tmp_path / "report"
    result = hydra(
        *on_sample("eval"),
        "--out",
        str(out),
        "--no-cache",
        "--quiet",
    )
    assert result.returncode == 0, result.stderr
    report = json.loads((out / "report.json").read_text())
    assert "hydra-modernbert-small" in report["predictor"]
    assert report["summary"]["routers"]["hydra"]["apgr"] is not None


def test_eval_runs_the_onnx_predictor_and_caches_by_prompt_hash(tmp_path, tiny_model_dir):
    cache = tmp_path / "cache"
    args = [
        *on_sample("eval"),
        "--model",
        str(tiny_model_dir),
        "--cache",
        str(cache),
        "--quiet",
    ]
    first = hydra(*args, "--out", str(tmp_path / "a"))
    assert first.returncode == 0, first.stderr
    report = json.loads((tmp_path / "a" / "report.json").read_text())
    assert report["predictor"].startswith("tiny-hydra-fixture")
    [cache_file] = list(cache.glob("*/scores.json"))
    stored = json.loads(cache_file.read_text())
    prompts = {r["prompt"] for r in rows()}
    assert set(stored) == {hashlib.sha256(p.encode()).hexdigest() for p in prompts}
    assert not any(p in cache_file.read_text() for p in prompts)  # prompts are not stored
    # A second run reads the cache: same figures.
    second = hydra(*args, "--out", str(tmp_path / "b"))
    assert second.returncode == 0, second.stderr
    again = json.loads((tmp_path / "b" / "report.json").read_text())
    assert again["summary"] == report["summary"]
