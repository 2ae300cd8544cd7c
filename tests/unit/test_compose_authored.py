"""Hand-written editor-chat rows: labels to targets, groups, bad rows named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hydra_router.training.dataset.compose_authored import compose_authored
from hydra_router.training.dataset.sources import SourceError


def _write(folder: Path, name: str, rows: list[object]) -> None:
    folder.mkdir(exist_ok=True)
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows]
    (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_labels_become_levels_and_translations_share_the_group(tmp_path: Path) -> None:
    labels = {"reasoning": None, "code_generation": 1, "debugging": 0, "tool_use": 0}
    _write(
        tmp_path,
        "requests_a.jsonl",
        [
            {
                "id": "a-1-en",
                "group": "a-1",
                "lang": "en",
                "text": " regex for ipv4 ",
                "labels": labels,
            },
            {
                "id": "a-1-de",
                "group": "a-1",
                "lang": "de",
                "text": "Regex für IPv4",
                "labels": labels,
            },
        ],
    )
    (tmp_path / "notes.jsonl").write_text("not a request file\n")
    rows = list(compose_authored(tmp_path))
    assert [r.text for r in rows] == ["regex for ipv4", "Regex für IPv4"]
    assert {r.group for r in rows} == {"authored-a-1"}
    t = rows[0].targets
    assert (t.code_generation, t.debugging, t.tool_use) == (0.6, 0.0, 0.0)
    assert 0.0 < t.reasoning < 0.5  # ambiguous: below the cut, not "not at all"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("{broken", "needs JSON"),
        ({"group": "g", "lang": "en", "labels": {}}, "needs JSON"),
        (
            {"group": "g", "lang": "en", "text": "t", "labels": {"reasoning": 2}},
            "labels.reasoning must be 0, 1 or null, got 2",
        ),
        (
            {
                "group": "g",
                "lang": "en",
                "text": "t",
                "labels": {"reasoning": 1, "code_generation": 1, "debugging": 1},
            },
            "labels.tool_use",
        ),
    ],
)
def test_a_bad_row_names_file_and_line(tmp_path: Path, row: object, message: str) -> None:
    _write(tmp_path, "requests_b.jsonl", ["", row])
    with pytest.raises(SourceError, match=r"requests_b\.jsonl:2: .*" + message.split(" ")[0]):
        list(compose_authored(tmp_path))
