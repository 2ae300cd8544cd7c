"""Setting one entry of a catalog's text (`set_entry`, `set_guarantee`) keeps every other byte."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
import yaml

from hydra_router.catalog_text import CatalogTextError, set_entry, set_guarantee
from hydra_router.profiles import Guarantee, parse_catalog

BLOCK = Guarantee(epsilon=0.02, alpha=0.1, delta=0.037, reference="gpt-5.4", n=250)


def changes(before: str, after: str) -> tuple[list[str], list[str]]:
    """(removed lines, added lines) between two texts."""
    diff = list(difflib.ndiff(before.splitlines(), after.splitlines()))
    return [d[2:] for d in diff if d.startswith("- ")], [d[2:] for d in diff if d.startswith("+ ")]


def test_inserting_the_guarantee_only_adds_its_lines(bundled_profiles: Path) -> None:
    text = bundled_profiles.read_text(encoding="utf-8")
    out = set_guarantee(text, BLOCK, ["certified on some logs"])
    removed, added = changes(text, out)
    assert removed == []
    assert added == [
        "  guarantee:",
        "    # certified on some logs",
        "    epsilon: 0.02",
        "    alpha: 0.1",
        "    delta: 0.037",
        "    reference: gpt-5.4",
        "    n: 250",
    ]
    assert parse_catalog(out, "p.yaml").defaults.guarantee == BLOCK


def test_replacing_the_guarantee_keeps_the_comments_around_it(bundled_profiles: Path) -> None:
    text = bundled_profiles.read_text(encoding="utf-8")
    first = set_guarantee(text, BLOCK, ["first run", "two lines"])
    none = Guarantee(epsilon=0.01, alpha=0.05, delta=None, reference="claude-sonnet-4-6", n=9)
    second = set_guarantee(first, none)
    assert second.count("guarantee:") == 1 and "first run" not in second
    removed, added = changes(text, second)
    assert removed == [] and len(added) == 6 and "    delta: null" in added
    assert parse_catalog(second, "p.yaml").defaults.guarantee == none


def test_an_entry_deep_in_a_list_and_a_first_key_on_a_dash_line(bundled_profiles: Path) -> None:
    text = bundled_profiles.read_text(encoding="utf-8")
    out = set_entry(text, ["models", 1, "reliability"], 0.5)
    assert changes(text, out) == (["    reliability: 0.706"], ["    reliability: 0.5"])
    renamed = set_entry(text, ["models", 0, "name"], "Mini: the small one")
    removed, added = changes(text, renamed)
    assert added == ['    name: "Mini: the small one"']
    assert yaml.safe_load(renamed)["models"][0]["name"] == "Mini: the small one"
    first = set_entry("items:\n  - id: a  # keep\n    n: 1\n", ["items", 0, "id"], "b")
    assert first == "items:\n  - id: b\n    n: 1\n"


def test_missing_parents_are_created_in_the_file_s_indentation() -> None:
    text = "# head\nformat: 1\nmodels:\n    - id: a\n      x: 1\n"
    out = set_entry(text, ["defaults", "guarantee"], {"epsilon": 0.1, "reference": "a"}, ["c"])
    assert out.startswith(text)
    assert (
        out[len(text) :] == "defaults:\n  guarantee:\n    # c\n    epsilon: 0.1\n    reference: a\n"
    )
    nested = "a:\n    b:\n        c: 1\n    d: 2\n# tail\n"
    assert (
        set_entry(nested, ["a", "e"], True)
        == "a:\n    b:\n        c: 1\n    d: 2\n    e: true\n# tail\n"
    )


def test_block_scalars_and_text_without_a_final_newline() -> None:
    text = "a:\n  note: |\n    two\n    lines\n  b: 1\nc: 2"
    assert set_entry(text, ["a", "note"], "one") == "a:\n  note: one\n  b: 1\nc: 2"
    assert set_entry(text, ["c"], 3) == "a:\n  note: |\n    two\n    lines\n  b: 1\nc: 3\n"
    assert set_entry(text, ["d"], None) == text + "\nd: null\n"


@pytest.mark.parametrize("value", ["null", "true", "1.0", "a # b", "- x", "", " pad", "ok-1:x"])
def test_strings_read_back_as_written(value: str) -> None:
    out = set_entry("a: 1\n", ["b"], value)
    assert yaml.safe_load(out)["b"] == value


def test_flow_style_and_wrong_paths_are_refused() -> None:
    with pytest.raises(CatalogTextError, match="flow style"):
        set_entry("defaults: {regime: iso}\n", ["defaults", "guarantee"], 1)
    with pytest.raises(CatalogTextError, match="not a mapping"):
        set_entry("defaults: 3\n", ["defaults", "guarantee"], 1)
    with pytest.raises(CatalogTextError, match="list item"):
        set_entry("models:\n  - id: a\n", ["models", 4, "id"], "b")
    with pytest.raises(CatalogTextError, match="last step must be a key"):
        set_entry("a: 1\n", ["a", 0], 1)
