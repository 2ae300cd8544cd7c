"""The development set: its metrics on hand-made cases, its file rules, the committed file."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from hydra_router.cli import main
from hydra_router.eval.devset import (
    DevRow,
    DevsetError,
    evaluate,
    head_figures,
    labelled_accuracy,
    load_rows,
    parse_rows,
    structure_problems,
)

REPO = Path(__file__).resolve().parents[2]
COMMITTED = REPO / "data" / "devset" / "requests.jsonl"


def row(group: str, lang: str, labels: tuple[int | None, ...], heldout: bool = False) -> DevRow:
    return DevRow(f"{group}-{lang}", group, lang, heldout, f"{group} in {lang}", labels, "terse")


def line(**change: object) -> str:
    raw: dict[str, object] = {
        "id": "dev-0001-en",
        "group": "dev-0001",
        "lang": "en",
        "heldout": False,
        "text": "fix this",
        "labels": {"reasoning": 0, "code_generation": None, "debugging": 1, "tool_use": 0},
        "style": "terse",
    }
    raw.update(change)
    return json.dumps(raw)


def test_balanced_accuracy_recall_precision_by_hand() -> None:
    # reasoning: positives score 0.9, 0.2 (one found); negatives 0.7, 0.1, 0.3, 0.4 (one fired).
    first = [0.9, 0.2, 0.7, 0.1, 0.3, 0.4]
    scores = np.array([[s, 0.0, 0.0, 0.0] for s in first])
    labels = [(int(i < 2), 0, 0, 0) for i in range(6)]
    reasoning, code = head_figures(scores, labels)[:2]
    assert (reasoning.positives, reasoning.negatives) == (2, 4)
    assert reasoning.recall == 0.5 and reasoning.specificity == 0.75
    assert reasoning.precision == 0.5 and reasoning.balanced_accuracy == 0.625
    # code_generation: no positives, nothing fired → recall and precision unmeasurable.
    assert code.specificity == 1.0 and math.isnan(code.recall) and math.isnan(code.precision)


def test_the_cut_is_inclusive_at_one_half() -> None:
    figures = head_figures(np.array([[0.5, 0.49, 0.0, 0.0]]), [(1, 1, None, None)])
    assert figures[0].recall == 1.0 and figures[1].recall == 0.0


def test_null_labels_are_left_out() -> None:
    # The second row's wrong score carries a null label: it must not count.
    scores = np.array([[0.9, 0.9, 0.9, 0.9], [0.0, 0.0, 0.0, 0.0]])
    labels = [(1, 1, 1, 1), (None, None, None, 1)]
    figures = head_figures(scores, labels)
    assert [f.positives + f.negatives for f in figures] == [1, 1, 1, 2]
    assert figures[0].recall == 1.0 and math.isnan(figures[0].specificity)
    assert figures[3].recall == 0.5
    assert labelled_accuracy(scores, labels) == (5, 0.8)


def test_agreement_with_english_split_labelled_and_held_out() -> None:
    labels = (1, 0, 0, 0)
    rows = [
        row("g1", "en", labels),
        row("g1", "de", labels),
        row("g1", "sw", labels, heldout=True),
        row("g2", "en", labels),
        row("g2", "de", labels),
        row("g2", "sw", labels, heldout=True),
    ]
    scores = np.array(
        [
            [0.9, 0.1, 0.1, 0.1],
            [0.8, 0.2, 0.1, 0.1],  # same decisions as English
            [0.3, 0.1, 0.1, 0.1],  # reasoning flips
            [0.9, 0.1, 0.1, 0.1],
            [0.9, 0.6, 0.1, 0.1],  # code_generation flips
            [0.7, 0.1, 0.1, 0.1],
        ]
    )
    routes = ["big", "big", "small", "big", "small", "big"]
    report = evaluate(rows, scores, routes)
    assert (report.labelled.pairs, report.labelled.agreement) == (2, 0.5)
    assert (report.heldout.pairs, report.heldout.agreement) == (2, 0.5)
    assert report.labelled.route_agreement == 0.5 and report.heldout.route_agreement == 0.5
    by_lang = {lang.lang: lang for lang in report.languages}
    assert by_lang["en"].agreement is None and by_lang["en"].accuracy == 1.0
    assert by_lang["sw"].heldout and by_lang["sw"].accuracy == 7 / 8
    targets = {t.name: t.met for t in report.targets}
    assert targets["en accuracy"] and targets["sw accuracy"]  # 0.875 ≥ 0.85
    assert not targets["agreement with English, labelled languages"]


def test_evaluate_checks_shapes() -> None:
    with pytest.raises(ValueError, match="scores must be"):
        evaluate([row("g", "en", (0, 0, 0, 0))], np.zeros((2, 4)))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "rows.jsonl:2: not valid JSON"),
        ("[1, 2]", "rows.jsonl:2: expected a JSON object"),
        (line(style=None), "rows.jsonl:2: field `style` must be a non-empty string"),
        (line(heldout="no"), "field `heldout` must be true or false"),
        (line(labels={"reasoning": 0}), "field `labels.code_generation` is missing"),
        (
            line(labels={"reasoning": 2, "code_generation": 0, "debugging": 0, "tool_use": 0}),
            "field `labels.reasoning` must be 0, 1 or null, got 2",
        ),
        (
            line(labels={"reasoning": True, "code_generation": 0, "debugging": 0, "tool_use": 0}),
            "field `labels.reasoning` must be 0, 1 or null",
        ),
        (
            line(labels={"math": 1, "reasoning": 0, "code_generation": 0, "debugging": 0}),
            "field `labels.math` is not a head",
        ),
    ],
)
def test_a_bad_row_names_its_line_and_field(text: str, message: str) -> None:
    good = line(id="dev-0000-en", text="run the tests")
    with pytest.raises(DevsetError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_rows([good, text], "rows.jsonl")


def test_missing_field_and_missing_file(tmp_path: Path) -> None:
    raw = json.loads(line())
    del raw["group"]
    with pytest.raises(DevsetError, match="field `group` is missing"):
        parse_rows([json.dumps(raw)])
    with pytest.raises(DevsetError, match="no such file"):
        load_rows(tmp_path / "absent.jsonl")
    with pytest.raises(DevsetError, match="no rows"):
        parse_rows(["", "  "])


def test_parse_keeps_nulls_in_head_order() -> None:
    (parsed,) = parse_rows([line()])
    assert parsed.labels == (0, None, 1, 0) and not parsed.heldout


def test_structure_problems_are_found() -> None:
    rows = [
        row("g1", "en", (1, 0, 1, 0)),
        row("g1", "de", (1, 0, 0, 0)),  # labels differ from English
        row("g2", "fr", (0, 1, 0, 1)),  # no English row
        row("g3", "en", (0, 1, 0, 1)),
        DevRow("g3-de", "g3", "de", True, "g1 in en", (0, 1, 0, 1), "terse"),  # dup text, flag
    ]
    problems = "\n".join(structure_problems(rows))
    assert "g1-de: labels differ from g1-en" in problems
    assert "g2-fr: group g2 has no English row" in problems
    assert "duplicate text" in problems
    assert "lang de: heldout is both true and false" in problems
    assert structure_problems([row("a", "en", (1, 0, 1, 0)), row("b", "en", (0, 1, 0, 1))]) == []


def test_the_committed_set_keeps_its_rules() -> None:
    rows = load_rows(COMMITTED)
    assert structure_problems(rows, min_share=0.25) == []
    langs: dict[str, int] = {}
    for r in rows:
        langs[r.lang] = langs.get(r.lang, 0) + 1
    assert len(rows) >= 550 and len(langs) >= 15
    assert all(count >= 25 for count in langs.values()), langs
    groups = {r.group for r in rows}
    assert len(groups) >= 150 and langs["en"] == len(groups)
    assert sum(1 for lang in langs if any(r.heldout for r in rows if r.lang == lang)) >= 5
    assert all(r.id == f"{r.group}-{r.lang}" for r in rows)


def test_cli_scores_a_tiny_model(
    tiny_model_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "set.jsonl"
    labels = {"reasoning": 1, "code_generation": 0, "debugging": None, "tool_use": 0}
    data.write_text(
        "\n".join(
            line(id=f"g-{lang}", group="g", lang=lang, text=text, labels=labels)
            for lang, text in (
                ("en", "prove theorem why reason"),
                ("de", "prove theorem why reason please"),
            )
        )
        + "\n",
        encoding="utf-8",
    )
    assert main(["devset", "--model", str(tiny_model_dir), "--data", str(data), "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    reasoning = figures["heads"][0]
    assert reasoning["recall"] == 1.0 and reasoning["precision"] == 1.0
    assert figures["labelled"]["agreement"] == 1.0 and figures["heldout"]["pairs"] == 0
    assert figures["heldout"]["agreement"] is None  # NaN is not JSON
    assert main(["devset", "--model", str(tiny_model_dir), "--data", str(data)]) == 0
    assert "targets met:" in capsys.readouterr().out


def test_cli_errors_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["devset", "--data", str(tmp_path / "none.jsonl")]) == 1
    assert "no such file" in capsys.readouterr().err
    bad = tmp_path / "bad.jsonl"
    bad.write_text(line() + "\n" + line(lang=7) + "\n", encoding="utf-8")
    assert main(["devset", "--data", str(bad)]) == 1
    assert "bad.jsonl:2: field `lang`" in capsys.readouterr().err
