"""Outcome grounding: GSM8K pair outcomes, BFCL strength-weighted failures."""

from __future__ import annotations

import pytest

from hydra_router.training.dataset import grounding
from hydra_router.training.dataset.sources import QueryItem

STRONG, WEAK = grounding.STRONG_GSM8K, grounding.WEAK_GSM8K


def _gsm(id_: str, text: str, steps: int, group: str | None = None) -> QueryItem:
    return QueryItem(
        id=id_, source="gsm8k", lang="en", text=text, group=group or id_, meta={"num_steps": steps}
    )


def test_pair_difficulty() -> None:
    assert grounding.pair_difficulty(1, 1) == 0.0
    assert grounding.pair_difficulty(1, 0) == 0.6
    assert grounding.pair_difficulty(0, 0) == 1.0


def test_steps_difficulty_clips() -> None:
    assert grounding.steps_difficulty(1) == 0.0
    assert grounding.steps_difficulty(8) == 1.0
    assert grounding.steps_difficulty(5) == pytest.approx(0.5)


def test_ground_math_matches_by_normalised_text_and_fills_by_steps() -> None:
    items = [
        _gsm("t0", "Janet’s  ducks lay 16 eggs.", 4, group="mgsm-0"),
        _gsm("t1", "Easy one.", 4),
        _gsm("train-0", "Unseen problem.", 4),
    ]
    rows = [
        {"id": "r0", "prompt": "Janet's ducks lay 16 eggs.", "outcomes": {STRONG: 1, WEAK: 0}},
        {"id": "r1", "prompt": "easy one.", "outcomes": {STRONG: 1, WEAK: 1}},
    ]
    result = grounding.ground_math(items, rows)
    assert result.matched == 2
    steps_half = 0.5 * grounding.steps_difficulty(4)
    assert result.by_group["mgsm-0"] == pytest.approx(0.5 * 0.6 + steps_half, abs=1e-4)
    assert result.by_group["t1"] == pytest.approx(steps_half, abs=1e-4)
    # unmatched item: mean outcome difficulty of matched items with the same steps (0.3)
    assert result.by_group["train-0"] == pytest.approx(0.5 * 0.3 + steps_half, abs=1e-4)


def test_ground_tools_weights_failures_by_model_strength() -> None:
    rows = [
        # "strong" passes everything else, "weak" fails everything else: strengths 2/3 and 1/3
        {
            "id": "a",
            "category": "simple",
            "prompt": "Q strong fails",
            "outcomes": {"strong": 0, "weak": 1},
        },
        {
            "id": "b",
            "category": "simple",
            "prompt": "Q weak fails",
            "outcomes": {"strong": 1, "weak": 0},
        },
        {
            "id": "c",
            "category": "simple",
            "prompt": "Q both pass",
            "outcomes": {"strong": 1, "weak": 0},
        },
    ]
    g = grounding.ground_tools(rows)
    strong_fails = g.by_text[("simple_python", "q strong fails")]
    weak_fails = g.by_text[("simple_python", "q weak fails")]
    assert strong_fails > weak_fails
    assert "simple_python" in g.by_category


def test_tool_difficulty_blends_item_and_category_and_falls_back_to_priors() -> None:
    rows = [
        {"id": "a", "category": "simple", "prompt": "Q", "outcomes": {"m1": 0, "m2": 0}},
        {"id": "b", "category": "simple", "prompt": "R", "outcomes": {"m1": 1, "m2": 1}},
    ]
    g = grounding.ground_tools(rows)
    d, grounded = grounding.tool_difficulty(g, "simple_python", "q")
    assert grounded and d == pytest.approx(0.7 * 1.0 + 0.3 * 0.5)
    d, grounded = grounding.tool_difficulty(g, "simple_python", "never seen")
    assert not grounded and d == pytest.approx(0.5)
    d, grounded = grounding.tool_difficulty(g, "multi_turn_base", "x")
    assert not grounded and d == grounding.BFCL_PRIOR_DIFFICULTY["multi_turn_base"]
