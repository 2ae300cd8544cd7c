"""`hydra-router calibrate --guarantee`: a catalog certified in place, or a fragment."""

from __future__ import annotations

import difflib
import json
from pathlib import Path

import msgspec
import numpy as np
import pytest
import yaml

from hydra_router.cli import main
from hydra_router.profiles import load_catalog
from hydra_router.protocol import DIMENSIONS, RouteResult

#: Pass rates of the bundled catalog's models, cheapest first.
RATES = {
    "gpt-5.4-mini": 0.62,
    "claude-haiku-4-5": 0.66,
    "gpt-5.3-codex": 0.70,
    "gpt-5.4": 0.72,
    "claude-sonnet-4-6": 0.76,
}
PRICES = {
    "gpt-5.4-mini": (0.75, 4.5),
    "claude-haiku-4-5": (1.0, 5.0),
    "gpt-5.3-codex": (1.75, 14.0),
    "gpt-5.4": (2.5, 15.0),
    "claude-sonnet-4-6": (3.0, 15.0),
}


def write_logs(folder: Path, n: int, models: dict[str, float] = RATES) -> tuple[Path, Path]:
    """Outcomes of every model on n requests, and precomputed requirement scores for them."""
    rng = np.random.default_rng(11)
    data, scores = folder / "outcomes.jsonl", folder / "scores.jsonl"
    with data.open("w") as out, scores.open("w") as score_out:
        for k in range(n):
            outcomes = {m: int(rng.random() < rate) for m, rate in models.items()}
            out.write(
                json.dumps({"id": f"req-{k}", "prompt": f"request {k}", "outcomes": outcomes})
            )
            out.write("\n")
            row = {d: float(rng.random()) for d in DIMENSIONS}
            score_out.write(json.dumps({"id": f"req-{k}", "scores": row}) + "\n")
    return data, scores


def write_prices(folder: Path) -> Path:
    path = folder / "prices.yaml"
    table = {m: {"input_per_1m": i, "output_per_1m": o} for m, (i, o) in PRICES.items()}
    path.write_text(yaml.safe_dump({"models": table}))
    return path


def calibrate(*args: str) -> int:
    return main(["calibrate", *args, "--quiet", "--no-cache"])


def test_catalog_is_certified_in_place_and_routes(
    profiles_copy: Path,
    tmp_path: Path,
    tiny_model_dir: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    data, scores = write_logs(tmp_path, 400)
    out = tmp_path / "certified.yaml"
    args = ["--catalog", str(profiles_copy), "--data", str(data), "--scores", str(scores)]
    assert calibrate(*args, "--guarantee", "0.05", "--out", str(out)) == 0
    err = capsys.readouterr().err
    catalog = load_catalog(out)
    block = catalog.defaults.guarantee
    assert block is not None and block.delta is not None and block.delta > 0
    assert (block.epsilon, block.alpha, block.n) == (0.05, 0.1, 400)
    assert block.reference == "claude-sonnet-4-6"  # best mean quality on these items
    assert f"δ̂ = {block.delta:g} certified" in err and "n = 400" in err
    assert "routed away from claude-sonnet-4-6" in err and "savings vs claude-sonnet-4-6" in err
    # Every line of the original, comments included, is still there, in order.
    before = profiles_copy.read_text().splitlines()
    after = out.read_text().splitlines()
    diff = list(difflib.ndiff(before, after))
    assert not [d for d in diff if d.startswith("- ")]
    added = [d[2:] for d in diff if d.startswith("+ ")]
    assert added[0] == "  guarantee:" and added[-1] == "    n: 400"
    assert any("not fitted on" in line for line in added)
    assert main(["check", str(out)]) == 0
    capsys.readouterr()
    route = ["route", "fix the bug error", "--regime", "guarantee", "--profiles", str(out)]
    assert main([*route, "--model", str(tiny_model_dir), "--json"]) == 0
    result = msgspec.json.decode(capsys.readouterr().out, type=RouteResult)
    assert result.regime == "guarantee" and result.delta == block.delta
    assert result.method == "hydra"


def test_nothing_certified_sends_every_request_to_the_reference(
    profiles_copy: Path,
    tmp_path: Path,
    tiny_model_dir: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    data, scores = write_logs(tmp_path, 30)
    out = tmp_path / "certified.yaml"
    args = ["--catalog", str(profiles_copy), "--data", str(data), "--scores", str(scores)]
    args += ["--reference", "gpt-5.4", "--alpha", "0.05"]
    assert calibrate(*args, "--guarantee", "0.001", "--out", str(out)) == 0
    assert "none certified: every request goes to gpt-5.4" in capsys.readouterr().err
    block = load_catalog(out).defaults.guarantee
    assert block is not None and block.delta is None and block.reference == "gpt-5.4"
    # Certifying again replaces the block instead of adding a second one.
    assert calibrate(*args, "--guarantee", "0.002", "--out", str(tmp_path / "again.yaml")) == 0
    again = (tmp_path / "again.yaml").read_text()
    assert again.count("guarantee:") == 1 and "epsilon: 0.002" in again
    capsys.readouterr()
    route = ["route", "hello", "--regime", "guarantee", "--profiles", str(out)]
    assert main([*route, "--model", str(tiny_model_dir), "--json"]) == 0
    result = msgspec.json.decode(capsys.readouterr().out, type=RouteResult)
    assert result.model == "gpt-5.4"
    others = [c for c in result.candidates if c.model != "gpt-5.4"]
    assert all("certified no δ" in (c.reason or "") for c in others)


def test_catalog_mode_errors_name_the_problem(
    profiles_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    four = {m: r for m, r in RATES.items() if m != "gpt-5.3-codex"}
    data, scores = write_logs(tmp_path, 40, four)
    base = ["--catalog", str(profiles_copy), "--data", str(data), "--scores", str(scores)]
    base += ["--out", str(tmp_path / "x.yaml")]
    assert calibrate(*base, "--guarantee", "0.05") == 1
    err = capsys.readouterr().err
    assert "gpt-5.3-codex have no outcomes" in err and "enabled: false" in err
    disabled = profiles_copy.read_text().replace(
        "    reliability: 0.716", "    reliability: 0.716\n    enabled: false"
    )
    disabled = disabled.replace("    enabled: true\n    # GPT-5.1-Codex", "    # GPT-5.1-Codex")
    profiles_copy.write_text(disabled)
    assert calibrate(*base, "--guarantee", "0.05", "--reference", "nope") == 1
    assert "--reference nope is not an enabled catalog model" in capsys.readouterr().err
    assert calibrate(*base, "--guarantee", "0.05", "--models", "gpt-5.4") == 2
    assert "do not apply with --catalog" in capsys.readouterr().err
    bare = tmp_path / "bare.yaml"
    text = profiles_copy.read_text()
    bare.write_text(
        "\n".join(
            line
            for line in text.splitlines()
            if not line.strip().startswith(("reliability:", "slope:", "ease:"))
        )
        + "\n"
    )
    bare_args = [*base[:1], str(bare), *base[2:]]
    assert calibrate(*bare_args, "--guarantee", "0.05") == 1
    assert "needs every model's `reliability`" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--guarantee", "1.5"], "strictly between 0 and 1"),
        (["--guarantee", "0.05", "--alpha", "0"], "strictly between 0 and 1"),
        (["--guarantee", "x"], "is not a number"),
    ],
)
def test_epsilon_and_alpha_must_lie_in_the_open_unit_interval(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    with pytest.raises(SystemExit) as info:
        calibrate("--data", "x.jsonl", "--out", str(tmp_path / "o.yaml"), *args)
    assert info.value.code == 2 and message in capsys.readouterr().err


def test_guarantee_options_need_guarantee(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert calibrate("--data", "x.jsonl", "--out", str(tmp_path / "o"), "--alpha", "0.2") == 2
    assert "--alpha certify the guarantee regime: add --guarantee EPS" in capsys.readouterr().err


def test_fragment_mode_fits_on_part_and_certifies_on_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, scores = write_logs(tmp_path, 300)
    out = tmp_path / "fragment.yaml"
    common = ["--data", str(data), "--scores", str(scores), "--folds", "2"]
    assert calibrate(*common, "--guarantee", "0.05", "--out", str(out)) == 1
    assert "give --prices with every model" in capsys.readouterr().err
    prices = write_prices(tmp_path)
    args = [*common, "--prices", str(prices), "--guarantee", "0.05", "--holdout", "0.4"]
    assert calibrate(*args, "--out", str(out)) == 0
    err = capsys.readouterr().err
    text = out.read_text()
    fragment = yaml.safe_load(text)
    block = fragment["defaults"]["guarantee"]
    if block["delta"] is None:
        assert f"none certified: every request goes to {block['reference']}" in err
    else:
        assert f"δ̂ = {block['delta']:g} certified" in err
    held = sum(1 for k in range(300) if not _fits(f"req-{k}", 0.6))
    assert block["n"] == held and (block["epsilon"], block["alpha"]) == (0.05, 0.1)
    assert block["reference"] in RATES and "these fitted models only" in " ".join(text.split())
    assert f"({300 - held} items)" in text  # the fit saw only the rest
    assert {m["id"] for m in fragment["models"]} == set(RATES)


def _fits(item_id: str, share: float) -> bool:
    from hydra_router.eval.split import id_fraction

    return id_fraction(item_id) < share
