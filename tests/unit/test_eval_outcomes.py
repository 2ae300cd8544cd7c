"""Outcome reader, deterministic split and cost estimates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hydra_router.eval.costs import ModelPrice, cost_table, estimate_tokens, load_prices
from hydra_router.eval.outcomes import OutcomeFormatError, common_models, read_many, read_outcomes
from hydra_router.eval.split import SplitSpec, id_fraction, parse_split, split_items


def write_lines(path: Path, rows: list[object]) -> Path:
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n")
    return path


ROW = {"id": "a:1", "prompt": "hi", "outcomes": {"x": 1, "y": 0.5}}


def test_reads_items_and_ignores_unknown_keys(tmp_path):
    row = {
        **ROW,
        "lang": "de",
        "category": "math",
        "extra": [1],
        "turns": ["more"],
        "tokens": {"x": {"in": 10, "out": 3}},
    }
    items = read_outcomes(write_lines(tmp_path / "o.jsonl", [row, {**ROW, "id": "a:2"}]))
    assert [i.id for i in items] == ["a:1", "a:2"]
    assert items[0].lang == "de" and items[0].turns == ("more",)
    assert items[0].tokens["x"].input == 10 and items[0].outcomes == {"x": 1.0, "y": 0.5}
    assert items[1].lang == "und" and items[1].category == "uncategorised"


@pytest.mark.parametrize(
    ("row", "needle"),
    [
        ("{not json", "not valid JSON"),
        ({"prompt": "p", "outcomes": {"x": 1}}, "missing `id`"),
        ({"id": "b", "outcomes": {"x": 1}}, "missing `prompt`"),
        ({"id": "b", "prompt": "p", "outcomes": {}}, "`outcomes` must be"),
        ({"id": "b", "prompt": "p", "outcomes": {"x": 2}}, "outside [0, 1]"),
        (
            {"id": "b", "prompt": "p", "outcomes": {"x": 1}, "tokens": {"x": {"in": -1}}},
            "tokens['x']",
        ),
        (
            {"id": "b", "prompt": "p", "outcomes": {"x": 1}, "tokens": {"x": {}}},
            "tokens['x']",
        ),
        (
            {"id": "b", "prompt": "p", "outcomes": {"x": 1}, "cost_usd": {"x": -0.1}},
            "cost_usd['x']",
        ),
        ({**ROW}, "duplicate id 'a:1'"),
    ],
)
def test_errors_name_file_and_line(tmp_path, row, needle):
    path = write_lines(tmp_path / "bad.jsonl", [ROW, row])
    with pytest.raises(OutcomeFormatError) as err:
        read_outcomes(path)
    assert f"{path}:2:" in str(err.value)
    assert needle in str(err.value)


def test_duplicate_ids_across_files_and_common_models(tmp_path):
    a = write_lines(tmp_path / "a.jsonl", [ROW])
    b = write_lines(tmp_path / "b.jsonl", [{"id": "b:1", "prompt": "q", "outcomes": {"x": 0}}])
    items = read_many([a, b])
    assert common_models(items) == ["x"]
    with pytest.raises(OutcomeFormatError, match="duplicate id"):
        read_many([a, a])


def test_split_is_deterministic_and_by_id_only():
    ids = [f"item:{i}" for i in range(2000)]
    spec = parse_split("30:70")
    assert spec.calibrate_fraction == pytest.approx(0.3)

    class Item:
        def __init__(self, id):
            self.id = id

    first = split_items([Item(i) for i in ids], spec)
    again = split_items([Item(i) for i in reversed(ids)], spec)
    assert sorted(i.id for i in first[0]) == sorted(i.id for i in again[0])
    assert abs(len(first[0]) / 2000 - 0.3) < 0.04
    # The fraction is a pure function of the id (first 8 bytes of SHA-256, aae2df6d32debb1e):
    # pinned so that a change of hash or scale, which would reshuffle every split, fails here.
    assert id_fraction("item:0") == pytest.approx(0xAAE2DF6D32DEBB1E / 2**64)
    assert id_fraction("item:0") == pytest.approx(0.6675243035887161)


@pytest.mark.parametrize("text", ["50", "a:b", "0:10", "-1:2"])
def test_bad_split_says_the_fix(text):
    with pytest.raises(ValueError, match="50:50"):
        parse_split(text)


def test_token_estimates(tmp_path):
    row = {
        "id": "a",
        "prompt": "x" * 40,
        "outcomes": {"m": 1, "n": 0, "k": 1},
        "tokens": {"m": {"in": 100, "out": 10}, "n": {"in": 300, "out": 30}},
    }
    no_tokens = {"id": "b", "prompt": "y" * 41, "turns": ["z" * 8], "outcomes": {"m": 1}}
    a, b = read_outcomes(write_lines(tmp_path / "o.jsonl", [row, no_tokens]))
    assert estimate_tokens(a, "m") == (100, 10, True)
    assert estimate_tokens(a, "k") == (200, 20, False)  # median of the recorded models
    assert estimate_tokens(b, "m", output_tokens=50) == (13, 50, False)  # ceil(49 / 4)
    prices = {"m": ModelPrice(1.0, 2.0), "n": ModelPrice(10.0, 20.0), "k": ModelPrice(0, 1)}
    table = cost_table([a], ["m", "n", "k"], prices)
    # m: (100*1 + 10*2)/1e6; n: (300*10 + 30*20)/1e6; k: (200*0 + 20*1)/1e6.
    assert table.usd[0].tolist() == pytest.approx([120e-6, 3600e-6, 20e-6])
    assert table.source[0].tolist() == [1, 1, 3]
    with pytest.raises(ValueError, match=r"no price for \['k'\]"):
        cost_table([a], ["m", "k"], {"m": prices["m"]})


def test_load_prices_reads_both_sections(tmp_path):
    path = tmp_path / "models.yaml"
    path.write_text(
        "models:\n  a: {input_per_1m: 1, output_per_1m: 2, estimated: true}\n"
        "seed_pool:\n  b: {input_per_1m: 3, output_per_1m: 4}\n"
    )
    prices = load_prices(path)
    assert prices["a"] == ModelPrice(1.0, 2.0, True) and prices["b"].output_per_1m == 4.0
    path.write_text("models:\n  a: {input_per_1m: one}\n")
    with pytest.raises(ValueError, match="models.a needs numeric"):
        load_prices(path)


def test_split_spec_fraction():
    assert SplitSpec(1, 3).calibrate_fraction == 0.25


def test_gzip_cost_usd_and_one_sided_tokens(tmp_path):
    import gzip
    import json

    row = {
        "id": "a",
        "prompt": "x" * 40,
        "outcomes": {"m": 1, "n": 0, "k": 1, "j": 0},
        # m: real cost; n: only `in` (out from k); k: both; j: nothing (medians 600 / 20).
        "tokens": {"n": {"in": 1000}, "k": {"in": 200, "out": 20}},
        "cost_usd": {"m": 0.5},
    }
    path = tmp_path / "o.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as out:
        out.write(json.dumps(row) + "\n")
    [item] = read_outcomes(path)
    assert item.cost_usd == {"m": 0.5} and item.tokens["n"].output is None
    assert estimate_tokens(item, "n") == (1000, 20, False)
    prices = {m: ModelPrice(1.0, 1.0) for m in ("m", "n", "k", "j")}
    table = cost_table([item], ["m", "n", "k", "j"], prices)
    assert table.usd[0].tolist() == pytest.approx([0.5, 1020e-6, 220e-6, 620e-6])
    assert table.source[0].tolist() == [0, 2, 1, 3]
    shares = table.source_shares()
    assert shares == {"cost_usd": 0.25, "tokens": 0.25, "tokens_partial": 0.25, "estimated": 0.25}


def feedback_line(item_id: str, signal: str, passed: int, **extra: object) -> dict[str, object]:
    """A line of the editor's feedback log (no prompt), as documented in outcomes.py."""
    return {
        "id": item_id,
        "time": "2026-12-07T10:00:00Z",
        "source": "hydra-feedback",
        "scores": {"reasoning": 0.2, "code_generation": 0.7, "debugging": 0.1, "tool_use": 0.05},
        "outcomes": {"gpt-5.4-mini": passed},
        "signal": signal,
        "model": "gpt-5.4-mini",
        "method": "hydra",
        "regime": "iso",
        "catalog_version": 3,
        "predicted_pass": 0.81,
        "conversation": "c-1",
        **extra,
    }


def test_feedback_lines_need_no_prompt_and_keep_their_raw_scores(tmp_path):
    wire_names = {"reasoning": 0.3, "codeGeneration": 0.4, "debugging": 0.5, "toolUse": 0.6}
    rows = [
        feedback_line("d1", "answered", 1),
        feedback_line("d2", "helpful", 1, prompt="kept because the user logs prompts"),
        feedback_line("d3", "error", 0, scores=wire_names),
    ]
    items = read_outcomes(write_lines(tmp_path / "feedback.jsonl", rows))
    assert [i.id for i in items] == ["d1", "d2", "d3"]
    assert items[0].prompt == "" and items[0].scores == (0.2, 0.7, 0.1, 0.05)
    assert items[1].prompt == "kept because the user logs prompts"
    assert items[2].scores == (0.3, 0.4, 0.5, 0.6) and items[2].outcomes == {"gpt-5.4-mini": 0.0}
    assert all(i.from_feedback for i in items)


@pytest.mark.parametrize(
    ("row", "needle"),
    [
        ({"id": "b", "outcomes": {"x": 1}}, "missing `prompt` (a non-empty string), or `scores`"),
        ({"id": "b", "outcomes": {"x": 1}, "scores": [0.1] * 4}, "`scores` must be an object"),
        (
            {"id": "b", "outcomes": {"x": 1}, "scores": {"reasoning": 0.1}},
            "scores['code_generation'] must be a number in [0, 1]",
        ),
        (
            {
                "id": "b",
                "outcomes": {"x": 1},
                "scores": {"reasoning": 1.5, "code_generation": 0, "debugging": 0, "tool_use": 0},
            },
            "scores['reasoning'] must be a number in [0, 1]",
        ),
        (
            {**feedback_line("b", "empty", 0), "prompt": 7},
            "`prompt` must be a string when present",
        ),
    ],
)
def test_score_errors_name_file_line_and_key(tmp_path, row, needle):
    path = write_lines(tmp_path / "bad.jsonl", [ROW, row])
    with pytest.raises(OutcomeFormatError) as err:
        read_outcomes(path)
    assert f"{path}:2:" in str(err.value) and needle in str(err.value)


def test_a_repeated_feedback_id_keeps_the_last_line_in_the_first_place(tmp_path):
    rows = [
        feedback_line("d1", "answered", 1),
        feedback_line("d2", "answered", 1),
        feedback_line("d1", "unhelpful", 0),
        feedback_line("d1", "helpful", 1),
        feedback_line("d2", "cutoff", 0),
    ]
    path = write_lines(tmp_path / "feedback.jsonl", rows)
    items = read_outcomes(path)
    assert [(i.id, i.outcomes["gpt-5.4-mini"], i.origin) for i in items] == [
        ("d1", 1.0, f"{path}:4"),
        ("d2", 0.0, f"{path}:5"),
    ]
    newer = write_lines(tmp_path / "feedback.1.jsonl", [feedback_line("d1", "error", 0)])
    pooled = read_many([path, newer])  # files in the order given: the later file wins
    assert [(i.id, i.outcomes["gpt-5.4-mini"]) for i in pooled] == [("d1", 0.0), ("d2", 0.0)]


def test_a_feedback_line_cannot_overwrite_a_benchmark_item(tmp_path):
    both_ways = [[ROW, feedback_line("a:1", "error", 0)], [feedback_line("a:1", "error", 0), ROW]]
    for rows in both_ways:
        path = write_lines(tmp_path / "mixed.jsonl", rows)
        with pytest.raises(OutcomeFormatError, match="only lines of the editor's feedback log"):
            read_outcomes(path)
