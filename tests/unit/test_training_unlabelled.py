"""Stage 2's unlabelled rows: text in languages without training labels, distillation only."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")

TESTS = Path(__file__).resolve().parents[1]
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

from hydra_router.training import pipeline  # noqa: E402
from hydra_router.training.config import TrainConfig  # noqa: E402
from hydra_router.training.heads import make_heads_step  # noqa: E402
from hydra_router.training.student import StudentShape, build_student  # noqa: E402
from hydra_router.training.teacher import EmbeddingCache  # noqa: E402
from hydra_router.training.truncation import head_tail_text  # noqa: E402


def test_unlabelled_rows_enter_only_the_distillation_term() -> None:
    shape = StudentShape(hidden=32, layers=1, heads=2, intermediate=64, max_length=32)
    model = build_student(shape, None, 1, 0, 2, seed=1, vocab_size=50).eval()
    rng = np.random.default_rng(0)
    ids = [rng.integers(3, 50, size=n).tolist() for n in (5, 7, 6, 9, 4)]
    targets = rng.random((3, 4)).astype(np.float32)  # rows 0-2 labelled, 3-4 not
    teacher = rng.normal(size=(5, 384)).astype(np.float32)

    def parts(batch: list[int], has: list[bool], distill_weight: float) -> dict[str, float]:
        step = make_heads_step(
            model,
            ids,
            targets,
            ["a", "a", "b"],
            teacher,
            np.array(has),
            1,
            consistency_weight=1.0,
            distill_weight=distill_weight,
            labelled=3,
        )
        with torch.no_grad():
            return step(batch)[1]

    alone = parts([0, 1, 2], [False] * 5, 0.3)
    mixed = parts([0, 1, 2, 3, 4], [False, False, False, True, True], 0.3)
    assert mixed["bce"] == pytest.approx(alone["bce"], abs=1e-6)
    assert mixed["cons"] == pytest.approx(alone["cons"], abs=1e-6)
    assert "cos" not in alone and "cos" in mixed
    # without distillation they change nothing at all
    assert parts([0, 1, 2, 3, 4], [True] * 5, 0.0) == pytest.approx(alone)


def _queries(folder: Path) -> None:
    folder.mkdir()
    lines = {
        "mgsm.jsonl": [("bn", "m1", "তিনটি ডিম"), ("de", "m1", "drei Eier"), ("bn", "m2", "চারটি")],
        "humaneval_xl.jsonl": [("fa", "h1", 'def f():\n    """ تابع """'), ("en", "h1", "f")],
        "xquad.jsonl": [],
    }
    for name, rows in lines.items():
        with (folder / name).open("w", encoding="utf-8") as handle:
            for lang, group, text in rows:
                row = {"source": name.split(".")[0], "lang": lang, "group": group, "text": text}
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def test_unlabelled_texts_are_held_out_languages_outside_test_groups_and_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _queries(tmp_path / "queries")
    cfg = TrainConfig()
    cfg.data.queries = str(tmp_path / "queries")
    cfg.data.teacher_cache = str(tmp_path / "cache")
    labelled = [
        SimpleNamespace(group="m1", split="train", lang="de"),
        SimpleNamespace(group="h1", split="train", lang="en"),
        SimpleNamespace(group="m2", split="test", lang="de"),
    ]
    expected = ["তিনটি ডিম", 'def f():\n    """ تابع """']
    tok = pipeline._teacher_tokenizer()
    vectors = np.eye(384, dtype=np.float32)[:2]
    EmbeddingCache(tmp_path / "cache").add(
        [head_tail_text(t, tok, cfg.distill.max_tokens) for t in expected], vectors
    )
    texts, got = pipeline.unlabelled_texts(cfg, tmp_path, labelled)
    assert texts == expected  # bn and fa have no training rows; m2 is a test group
    assert np.abs(got - vectors).max() < 1e-3

    # A resumed (or carried) run reads them from the run folder: no queries, no teacher.
    def no_teacher() -> None:
        raise RuntimeError("teacher read")

    monkeypatch.setattr(pipeline, "_teacher_tokenizer", no_teacher)
    cfg.data.queries = str(tmp_path / "gone")
    again, got_again = pipeline.unlabelled_texts(cfg, tmp_path, labelled)
    assert again == expected and np.array_equal(got_again, got)


def test_train_refuses_unlabelled_rows_without_distillation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from hydra_router.cli import main

    (tmp_path / "run.yaml").write_text(
        f"output: {tmp_path / 'run'}\nheads: {{unlabelled_per_batch: 4, distill_weight: 0.0}}\n",
        encoding="utf-8",
    )
    assert main(["train", "--config", str(tmp_path / "run.yaml")]) == 2
    assert "distill_weight" in capsys.readouterr().err
    assert not (tmp_path / "run").exists()
