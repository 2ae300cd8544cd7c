"""The run-time commands: check, schema, route, serve argument errors, help."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hydra_router.cli import main


def test_check_ok(bundled_profiles: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(bundled_profiles)]) == 0
    assert "ok (5 models" in capsys.readouterr().out


def test_check_reports_errors_and_exits_1(
    bundled_profiles: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "profiles.yaml"
    bad.write_text(bundled_profiles.read_text().replace("debugging: 0.62", "debugging: 2"))
    assert main(["check", str(bad)]) == 1
    out = capsys.readouterr().out
    assert (
        f"{bad}:" in out and "models[1].capabilities.debugging" in out and "between 0 and 1" in out
    )


def test_check_reports_every_error_in_one_run(
    bundled_profiles: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A typo, a negative price and a duplicate id in one file: all three in one run."""
    bad = tmp_path / "profiles.yaml"
    bad.write_text(
        bundled_profiles.read_text()
        .replace("context_window: 200000", "context_windw: 200000", 1)
        .replace("price: { input: 1.75,", "price: { input: -1.75,")
        .replace("id: gpt-5.4\n", "id: gpt-5.4-mini\n")
    )
    assert main(["check", str(bad)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 4, lines  # the duplicate id also leaves the fallback unmatched
    text = "\n".join(lines)
    assert "models[1].context_windw" in text and "did you mean `context_window`" in text
    assert "models[2].price.input" in text and "0 or more" in text
    assert "models[3].id" in text and "duplicate model id `gpt-5.4-mini`" in text
    assert "fallback `gpt-5.4` is not a model id" in text
    assert all(line.startswith(f"{bad}:") for line in lines)


def test_schema_profiles_is_the_committed_file(
    repo_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["schema", "--profiles"]) == 0
    assert capsys.readouterr().out == (repo_root / "profiles" / "profiles.schema.json").read_text()


def test_schema_wire_lists_the_wire_types(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--wire"]) == 0
    defs = json.loads(capsys.readouterr().out)["$defs"]
    assert {"RouteParams", "RouteResult", "CatalogResult", "CatalogChanged"} <= set(defs)
    assert "conversationId" in defs["RouteParams"]["properties"]


def test_schema_needs_a_choice() -> None:
    with pytest.raises(SystemExit) as info:
        main(["schema"])
    assert info.value.code == 2


def test_route_json_is_the_wire_result(
    tiny_model_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import msgspec

    from hydra_router.protocol import RouteResult

    assert (
        main(["route", "fix the bug error traceback", "--json", "--model", str(tiny_model_dir)])
        == 0
    )
    result = msgspec.json.decode(capsys.readouterr().out, type=RouteResult)
    assert result.method == "hydra" and result.scores.debugging > result.scores.reasoning


def test_route_table(tiny_model_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from hydra_router.matching import predicted_pass
    from hydra_router.profiles import bundled_profiles_path, load_catalog

    catalog = load_catalog(bundled_profiles_path())
    assert main(["route", "hello", "--model", str(tiny_model_dir)]) == 0
    out = capsys.readouterr().out
    # iso on predicted pass, a request without need (demand 0): every model gains the
    # catalog's ease in logit, the gaps narrow below δ and the cheapest is taken.
    assert "regime iso, δ=0.03" in out and "→ gpt-5.4-mini" in out and "shortfall" in out
    for model in catalog.models:
        assert model.reliability is not None and catalog.slope is not None
        q = predicted_pass(model.reliability, catalog.slope, 0.0, 0.0, catalog.ease)
        assert f"{q:.3f}" in out
    # the router's own reason for every other model: within δ, but dearer
    assert out.count("within δ of the best, but `gpt-5.4-mini` is cheaper") == 4


def test_route_table_says_custom_tau_not_a_regime(
    tiny_model_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["route", "hello", "--tau", "0.01", "--model", str(tiny_model_dir)]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert "custom τ=0.01" in first and "regime" not in first


def test_route_missing_model_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["route", "hi", "--model", str(tmp_path / "none")]) == 1
    assert "model folder not found" in capsys.readouterr().err


def test_route_bad_catalog_exits_1(
    tiny_model_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "p.yaml"
    bad.write_text("models: 3\n")
    assert main(["route", "hi", "--profiles", str(bad), "--model", str(tiny_model_dir)]) == 1
    assert "invalid catalog" in capsys.readouterr().err


def test_route_empty_prompt_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["route", "   "]) == 2


def test_serve_bad_tcp_address_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--tcp", "localhost"]) == 2
    assert "HOST:PORT" in capsys.readouterr().err


def test_serve_missing_model_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--model", str(tmp_path)]) == 1
    assert "manifest.json" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["serve", "route", "check", "schema", "bench", "devset"])
def test_every_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main([command, "--help"])
    assert info.value.code == 0
    assert len(capsys.readouterr().out) > 100


def test_serve_invalid_profiles_exits_1_with_the_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "profiles.yaml"
    bad.write_text("defaults: {}\nfallback: x\nmodels: []\n")
    assert main(["serve", "--profiles", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "invalid catalog" in err and f"{bad}:" in err


@pytest.mark.parametrize("via", ["stdin", "argument"])
def test_route_takes_bytes_that_are_not_utf8(tiny_model_dir: Path, via: str) -> None:
    """Latin-1 bytes (`caf\\xe9`) are decoded with replacement and routed, no traceback."""
    import subprocess
    import sys

    text = b"caf\xe9: why does this loop never end?"
    command: list[str | bytes] = [sys.executable, "-m", "hydra_router", "route"]
    command += ["-", "--json"] if via == "stdin" else [text, "--json"]
    done = subprocess.run(
        [*command, "--model", str(tiny_model_dir)],
        input=text if via == "stdin" else b"",
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    assert done.stderr == b""
    assert json.loads(done.stdout)["model"]
