"""Hostile catalogs: every problem comes back as located errors, never as a crash or a hang.

Three sources of bad input: hypothesis over the catalog schema (valid shapes
with wrong values), text mutations of the bundled profiles.yaml, and YAML
built to hurt parsers (alias bombs, deep nesting, very large files). `check`
runs in a subprocess with a time limit and an address-space cap, so a bomb
fails the test instead of taking the machine down.
"""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hydra_router.profiles import bundled_profiles_path, load_catalog, validate_text
from reliability.wire import StrictPeer

FUZZ = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
#: Address-space cap for `check`: far above what a real catalog needs (~100 MB).
MEMORY_CAP = 1 << 30
CHECK_TIMEOUT_S = 60


def bundled_text() -> str:
    return bundled_profiles_path().read_text(encoding="utf-8")


def assert_located(errors: list[Any], path: str) -> None:
    """Each error names the file, a line and column, and says something."""
    assert errors
    for error in errors:
        assert error.path == path
        assert error.message.strip()
        assert error.line is not None and error.line >= 1, error
        assert error.column is not None and error.column >= 1, error


# ---- hypothesis over the schema -------------------------------------------------------

unit_or_not = st.one_of(
    st.floats(0, 1), st.floats(allow_nan=True), st.text(max_size=5), st.none(), st.booleans()
)
capability = st.fixed_dictionaries(
    {k: unit_or_not for k in ("reasoning", "code_generation", "debugging", "tool_use")}
)
model_ids = st.sampled_from(["a", "b", "c", "bad id!", ""])
model = st.fixed_dictionaries(
    {
        "id": model_ids,
        "name": st.text(max_size=6),
        "vendor": st.sampled_from(["copilot", ""]),
        "family": st.sampled_from(["x", ""]),
        "capabilities": st.one_of(capability, st.none(), st.integers()),
        "price": st.fixed_dictionaries(
            {"input": st.floats(-1, 10), "output": st.one_of(st.floats(0, 10), st.text(max_size=3))}
        ),
        "context_window": st.one_of(st.integers(-5, 10**6), st.floats()),
    },
    optional={
        "vision": st.one_of(st.booleans(), st.integers()),
        "enabled": st.booleans(),
        "contxt_window": st.integers(),
    },
)
catalog = st.fixed_dictionaries(
    {
        "defaults": st.fixed_dictionaries(
            {
                "tau": st.fixed_dictionaries(
                    {k: st.floats(-0.5, 1) for k in ("peak", "iso", "aggressive")}
                )
            },
            optional={
                "regime": st.sampled_from(["peak", "iso", "aggressive", "fast"]),
                "drift": st.floats(-1, 2),
                "weights": st.dictionaries(
                    st.sampled_from(["reasoning", "debugging", "speed"]), st.floats(-1, 2)
                ),
            },
        ),
        "fallback": model_ids,
        "models": st.lists(model, max_size=4),
    },
    optional={"format": st.integers(0, 3), "extra": st.integers()},
)


@FUZZ
@given(data=catalog)
def test_schema_fuzz_errors_are_located(data: dict[str, Any]) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    errors = validate_text(text, "fuzz.yaml")
    if errors:
        assert_located(errors, "fuzz.yaml")


# ---- mutations of the bundled file ---------------------------------------------------


@st.composite
def mutated(draw: st.DrawFn) -> str:
    lines = bundled_text().splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(["delete", "duplicate", "indent", "dedent", "insert", "cut"]))
        if kind == "delete":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "indent":
            lines[i] = " " * draw(st.integers(1, 3)) + lines[i]
        elif kind == "dedent":
            lines[i] = lines[i].lstrip(" ")
        elif kind == "insert":
            at = draw(st.integers(0, len(lines[i])))
            junk = draw(st.text(alphabet=":-[]{}&*!|>'\"#%@`,? \t\x00\x85\u2028x1", max_size=4))
            lines[i] = lines[i][:at] + junk + lines[i][at:]
        else:
            lines = lines[:i]
    return "".join(lines)


@FUZZ
@given(text=mutated())
def test_mutated_bundled_file_errors_are_located(text: str) -> None:
    errors = validate_text(text, "profiles.yaml")
    if not errors:
        return
    for error in errors:
        assert error.path == "profiles.yaml" and error.message.strip()
    parsed = _safe_load(text)
    if isinstance(parsed, dict):
        assert_located(errors, "profiles.yaml")


def _safe_load(text: str) -> Any:
    try:
        return yaml.safe_load(text)
    except (yaml.YAMLError, RecursionError):
        return None


# ---- parser bombs, run through `hydra-router check` with limits ---------------------------


def billion_laughs(where: str) -> str:
    """Nine levels of nine-fold aliases (9⁹ leaves if expanded) placed at `where`."""
    lines = ['l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 10)]
    bundled = bundled_text()
    if where == "top":
        return "\n".join(lines) + "\n" + bundled
    # Anchors inside `defaults` so that only known keys are used before the alias.
    return bundled.replace("fallback: gpt-5.4", "fallback: gpt-5.4\nextra: " + "\n".join(lines))


def deep(depth: int, kind: str) -> str:
    body = "[" * depth + "]" * depth if kind == "flow-list" else "{a: " * depth + "1" + "}" * depth
    return bundled_text().replace("drift: 0.15", f"drift: {body}")


def block_deep(depth: int) -> str:
    return "models:\n" + "".join("  " * i + "- \n" for i in range(depth))


BOMBS: dict[str, str] = {
    "billion-laughs-top": billion_laughs("top"),
    "billion-laughs-nested": billion_laughs("nested"),
    "alias-as-model-list": billion_laughs("top").replace("models:\n", "models: *l9\nunused:\n"),
    "deep-flow-list": deep(20_000, "flow-list"),
    "deep-flow-map": deep(5_000, "flow-map"),
    "deep-block-list": block_deep(3_000),
    "many-small-documents": "---\na: 1\n" * 50_000,
    "long-line": "fallback: " + "x" * 2_000_000 + "\n",
    "python-tag": "!!python/object/apply:os.system ['true']\n",
    "nul-bytes": bundled_text().replace("iso: 0.06", "iso: 0.06\x00"),
}


def run_check(path: Path) -> subprocess.CompletedProcess[str]:
    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))

    return subprocess.run(
        [sys.executable, "-m", "hydra_router", "check", str(path)],
        capture_output=True,
        text=True,
        timeout=CHECK_TIMEOUT_S,
        preexec_fn=cap,
    )


def assert_check_rejects(path: Path) -> None:
    done = run_check(path)
    assert done.returncode == 1, (done.returncode, done.stdout[-2000:], done.stderr[-2000:])
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    first = done.stdout.splitlines()[0]
    assert first.startswith(f"{path}:"), first
    assert len(done.stdout) < 100_000, "errors must not echo the whole input"


@pytest.mark.parametrize("name", BOMBS.keys())
def test_check_survives_bomb(tmp_path: Path, name: str) -> None:
    path = tmp_path / "profiles.yaml"
    path.write_text(BOMBS[name], encoding="utf-8")
    assert_check_rejects(path)


@pytest.mark.slow
def test_check_rejects_100_mb_file(tmp_path: Path) -> None:
    path = tmp_path / "profiles.yaml"
    chunk = bundled_text()
    with path.open("w", encoding="utf-8") as out:
        out.write(chunk)
        filler = "# padding " + "x" * 1000 + "\n"
        for _ in range(100 * 1024):
            out.write(filler)
    assert path.stat().st_size > 100_000_000
    assert_check_rejects(path)


def test_loader_errors_on_deep_nesting_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "profiles.yaml"
    path.write_text(deep(20_000, "flow-list"), encoding="utf-8")
    with pytest.raises(ValueError) as info:
        load_catalog(path)
    errors = info.value.errors  # type: ignore[attr-defined]
    assert_located(errors, str(path))


# ---- the watcher keeps the last good catalog ----------------------------------------------


@pytest.mark.e2e
def test_watcher_keeps_last_good_catalog_through_bombs(spawn: Any, catalog_copy: Path) -> None:
    peer: StrictPeer = spawn("--profiles", str(catalog_copy))
    assert "result" in peer.initialize()
    before = peer.result("hydra/catalog")
    for name in ("billion-laughs-nested", "deep-flow-list", "python-tag"):
        mark = len(peer.notifications)
        catalog_copy.write_text(BOMBS[name], encoding="utf-8")
        changed = peer.wait_notification("hydra/catalogChanged", timeout=20, after=mark)
        assert changed["errors"], (name, changed)
        assert changed["version"] == before["version"]
        for error in changed["errors"]:
            assert error["path"] == str(catalog_copy)
            assert error["line"] is not None, (name, error)
        routed = peer.result("hydra/route", {"prompt": "write a function"})
        assert routed["catalogVersion"] == before["version"]
    assert peer.violations == []
