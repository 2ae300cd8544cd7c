"""Editing a catalog's text in place: only the chosen scalars change, every other byte stays."""

from __future__ import annotations

import difflib

import pytest

from hydra_router.catalog_text import (
    probability_text,
    set_reliabilities,
    set_scalar,
    set_scalars,
)
from hydra_router.profiles import bundled_profiles_path, parse_catalog

FLOW = """# a flow-style catalog
format: 1
slope: 2.0   # b
defaults: {regime: iso, tau: {peak: 0.02, iso: 0.06, aggressive: 0.15}}
fallback: big
models:
  - {id: small, reliability: 0.6, name: S, vendor: v, family: s,
     capabilities: {reasoning: 0.5, code_generation: 0.5, debugging: 0.5, tool_use: 0.5},
     price: {input: 1, output: 1}, context_window: 1000}
  - {id: big, reliability: "0.7", name: B, vendor: v, family: b,
     capabilities: {reasoning: 0.9, code_generation: 0.9, debugging: 0.9, tool_use: 0.9},
     price: {input: 2, output: 2}, context_window: 1000}
"""


def changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    a, b = before.splitlines(keepends=True), after.splitlines(keepends=True)
    assert len(a) == len(b)
    return [(x, y) for x, y in zip(a, b, strict=True) if x != y]


def test_only_the_reliability_lines_change_in_the_bundled_catalog() -> None:
    text = bundled_profiles_path().read_text(encoding="utf-8")  # comments with σ, →, —
    out = set_reliabilities(
        text,
        {"gpt-5.4-mini": 0.70123, "gpt-5.4": 0.6},
        {"gpt-5.4-mini": "refitted on 37 of your outcomes (was 0.665)"},
    )
    assert changed_lines(text, out) == [
        (
            "    reliability: 0.665\n",
            "    reliability: 0.7012  # refitted on 37 of your outcomes (was 0.665)\n",
        ),
        ("    reliability: 0.721\n", "    reliability: 0.6000\n"),
    ]
    catalog = parse_catalog(out, "proposed.yaml")
    assert catalog.model("gpt-5.4-mini").reliability == 0.7012
    assert catalog.model("claude-haiku-4-5").reliability == 0.706


def test_line_endings_and_a_trailing_comment() -> None:
    text = "slope: 2.5  # b, fitted (old note)\r\nease: 0\r\n"
    out = set_scalar(text, ["slope"], "2.7000", "held")
    assert out == "slope: 2.7000  # held\r\nease: 0\r\n"
    unchanged_note = "slope: 2.5  # b, fitted (old note)\r\nease: 1.0\r\n"
    assert set_scalar(text, ["ease"], "1.0") == unchanged_note
    assert set_scalar("a: 1", ["a"], "2", "note at the end of the file") == (
        "a: 2  # note at the end of the file"
    )


def test_flow_mappings_get_the_value_but_no_comment() -> None:
    out = set_reliabilities(FLOW, {"small": 0.55, "big": 0.8}, {"small": "n", "big": "n"})
    assert changed_lines(FLOW, out) == [
        (
            "  - {id: small, reliability: 0.6, name: S, vendor: v, family: s,\n",
            "  - {id: small, reliability: 0.5500, name: S, vendor: v, family: s,\n",
        ),
        (
            '  - {id: big, reliability: "0.7", name: B, vendor: v, family: b,\n',
            "  - {id: big, reliability: 0.8000, name: B, vendor: v, family: b,\n",
        ),
    ]
    diff = list(difflib.unified_diff(FLOW.splitlines(), out.splitlines(), lineterm="", n=0))
    assert len([d for d in diff if d.startswith("+") and not d.startswith("+++")]) == 2


@pytest.mark.parametrize(
    ("path", "needle"),
    [
        (("models", 5, "reliability"), "no `models[5].reliability`"),
        (("models", 0, "colour"), "no `models[0].colour`"),
        (("defaults", "tau"), "`defaults.tau` is not a single value"),
    ],
)
def test_a_path_that_is_not_a_scalar_is_named(path, needle) -> None:
    with pytest.raises(ValueError, match=needle.replace("[", r"\[").replace("]", r"\]")):
        set_scalars(FLOW, {path: ("1", None)})


def test_an_unknown_model_is_named() -> None:
    with pytest.raises(ValueError, match="no model `medium`"):
        set_reliabilities(FLOW, {"medium": 0.5}, {})


def test_probabilities_stay_strictly_inside_0_and_1() -> None:
    assert probability_text(0.999999) == "0.9999"
    assert probability_text(0.0) == "0.0001"
    assert probability_text(0.25) == "0.2500"
