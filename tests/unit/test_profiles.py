"""Catalog loading: the shipped catalog, its schema, and errors that say where and how to fix."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hydra_router.profiles import (
    CatalogLoadError,
    bundled_profiles_path,
    catalog_schema,
    format_error,
    load_catalog,
    parse_catalog,
    validate_text,
)
from hydra_router.protocol import DIMENSIONS

SEED_POOL = {
    "gpt-5.4-mini": (0.75, 4.50),
    "claude-haiku-4-5": (1.00, 5.00),
    "gpt-5.3-codex": (1.75, 14.00),
    "claude-sonnet-4-6": (3.00, 15.00),
    "gpt-5.4": (2.50, 15.00),
}


@pytest.fixture
def text() -> str:
    return bundled_profiles_path().read_text(encoding="utf-8")


def errors_of(text: str) -> list:
    with pytest.raises(CatalogLoadError) as info:
        parse_catalog(text, "profiles.yaml")
    return info.value.errors


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    lines = [i + 1 for i, line in enumerate(text.splitlines()) if needle in line]
    return lines[occurrence - 1]


def test_bundled_catalog_is_the_seed_pool_with_its_prices() -> None:
    catalog = load_catalog(bundled_profiles_path())
    prices = {m.id: (m.price.input, m.price.output) for m in catalog.models}
    assert prices == SEED_POOL
    assert catalog.fallback in prices
    assert all(m.vendor == "copilot" and m.family for m in catalog.models)


def test_bundled_catalog_lists_models_cheapest_first() -> None:
    """Its header says so; the order is the blended price the matcher ranks by."""
    catalog = load_catalog(bundled_profiles_path())
    costs = [catalog.cost(m) for m in catalog.models]
    assert costs == sorted(costs)
    assert "cheapest first" in bundled_profiles_path().read_text().splitlines()[0]


def test_another_format_is_reported_as_unsupported(text: str) -> None:
    """A file in another format is that one error, not its keys read as format 1's."""
    bad = text.replace("format: 1", "format: 2").replace("defaults:", "settings:")
    (error,) = errors_of(bad)
    assert error.key == "format" and error.line == line_of(bad, "format: 2")
    assert "format 2 is not supported" in error.message and "format 1" in error.message


def test_bundled_prices_match_the_shared_price_table() -> None:
    import yaml

    table = Path(__file__).resolve().parents[3] / "shared/data/outcomes/models.yaml"
    if not table.is_file():
        pytest.skip("shared price table not on this machine")
    seed = yaml.safe_load(table.read_text())["seed_pool"]
    for model in load_catalog(bundled_profiles_path()).models:
        assert (model.price.input, model.price.output) == (
            seed[model.id]["input_per_1m"],
            seed[model.id]["output_per_1m"],
        )


def test_capability_order_is_the_head_order() -> None:
    from hydra_router.profiles import Capabilities

    assert tuple(Capabilities.__struct_fields__) == DIMENSIONS


def test_committed_schema_is_generated_from_the_structs(repo_root: Path) -> None:
    committed = json.loads((repo_root / "profiles" / "profiles.schema.json").read_text())
    assert committed == json.loads(json.dumps(catalog_schema())), (
        "regenerate: hydra-router schema --profiles > profiles/profiles.schema.json"
    )


def test_value_out_of_range_names_line_key_and_fix(text: str) -> None:
    bad = text.replace("reasoning: 0.58", "reasoning: 1.58")
    (error,) = errors_of(bad)
    assert error.line == line_of(bad, "reasoning: 1.58")
    assert error.key == "models[1].capabilities.reasoning"
    assert "between 0 and 1" in error.message
    assert format_error(error).startswith(f"profiles.yaml:{error.line}:")


def test_unknown_key_suggests_the_right_one(text: str) -> None:
    bad = text.replace("context_window: 400000", "contxt_window: 400000", 1)
    (error,) = errors_of(bad)
    assert error.line == line_of(bad, "contxt_window")
    assert "did you mean `context_window`" in error.message


def test_missing_field_says_what_to_add(text: str) -> None:
    bad = text.replace("    name: Claude Haiku 4.5\n", "")
    (error,) = errors_of(bad)
    assert error.key == "models[1].name"
    assert "add `name:`" in error.message


def test_yaml_syntax_error_has_a_line(text: str) -> None:
    bad = text.replace("  tau:\n", "  tau: [\n")
    (error,) = errors_of(bad)
    assert error.line is not None and "YAML syntax error" in error.message


def test_semantic_errors_are_all_reported(text: str) -> None:
    bad = (
        text.replace("fallback: gpt-5.4", "fallback: gpt-9")
        .replace("peak: 0.02", "peak: 0.5")
        .replace("id: claude-haiku-4-5", "id: gpt-5.4-mini")
    )
    errors = errors_of(bad)
    messages = " | ".join(e.message for e in errors)
    assert "gpt-9" in messages and "use one of" in messages
    assert "peak <= iso <= aggressive" in messages
    assert "duplicate model id" in messages
    assert {e.key for e in errors} >= {"fallback", "defaults.tau", "models[1].id"}
    assert next(e for e in errors if e.key == "fallback").line == line_of(bad, "fallback: gpt-9")


def test_disabled_fallback_and_no_enabled_model(text: str) -> None:
    bad = text.replace("enabled: true", "enabled: false")
    messages = " | ".join(e.message for e in errors_of(bad))
    assert "disabled" in messages and "no model is enabled" in messages


def test_not_a_mapping_and_empty_file() -> None:
    assert "expected a mapping" in errors_of("- 1\n- 2\n")[0].message
    assert "expected a mapping" in errors_of("")[0].message


def test_missing_file_names_the_path(tmp_path: Path) -> None:
    with pytest.raises(CatalogLoadError, match="not found"):
        load_catalog(tmp_path / "nope.yaml")


def test_validate_text_is_empty_for_a_good_file(text: str) -> None:
    assert validate_text(text, "profiles.yaml") == []
    assert (
        validate_text(text.replace("iso: 0.06", "iso: -1"), "p.yaml")[0].key == "defaults.tau.iso"
    )
