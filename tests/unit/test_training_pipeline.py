"""train → export → the sidecar's Predictor, with a tiny random ModernBERT as `--base`.

No hub access and no teacher pass: the base is saved to a local folder, and
distillation is switched off, so this runs in seconds on two cores.
"""

from __future__ import annotations

import gzip
import json
import random
import sys
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")

TESTS = Path(__file__).resolve().parents[1]
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

from fixtures.tiny_model import build_tokenizer  # noqa: E402
from hydra_router.cli import main  # noqa: E402
from hydra_router.protocol import DIMENSIONS  # noqa: E402

WORDS = {
    "reasoning": "prove why the theorem holds",
    "code_generation": "write a function to implement this code",
    "debugging": "fix the bug in this traceback error",
    "tool_use": "call the search api tool",
}


def tiny_base(folder: Path) -> Path:
    """A random 2-layer ModernBERT + fast tokenizer, saved like a hub checkpoint."""
    from transformers import ModernBertConfig, ModernBertModel, PreTrainedTokenizerFast

    build_tokenizer(folder / "raw-tokenizer.json")
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_file=str(folder / "raw-tokenizer.json"),
        pad_token="[PAD]",
        unk_token="[UNK]",
        cls_token="[CLS]",
        sep_token="[SEP]",
    )
    config = ModernBertConfig(
        vocab_size=tokenizer.vocab_size,
        hidden_size=64,
        intermediate_size=128,
        num_hidden_layers=2,
        num_attention_heads=2,
        max_position_embeddings=128,
        pad_token_id=0,
        cls_token_id=2,
        sep_token_id=3,
        bos_token_id=2,
        eos_token_id=3,
    )
    base = folder / "base"
    ModernBertModel(config).save_pretrained(base)
    tokenizer.save_pretrained(base)
    return base


def tiny_labels(path: Path) -> None:
    rng = random.Random(0)
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        for i in range(120):
            head = DIMENSIONS[i % 4]
            row = {h: (0.9 if h == head else 0.05) for h in DIMENSIONS}
            split = ("train", "train", "train", "valid", "test")[(i // 4) % 5]
            text = WORDS[head] + " please " * rng.randint(0, 3)
            for lang in ("en", "de"):
                handle.write(
                    json.dumps(
                        {
                            "text": text,
                            "lang": lang,
                            "source": "t",
                            "group": f"g{i}",
                            "split": split,
                            **row,
                        }
                    )
                    + "\n"
                )


def tiny_config(path: Path, labels: Path, run: Path) -> None:
    path.write_text(
        f"name: tiny\nseed: 3\noutput: {run}\ncheckpoint_every: 5\n"
        f"data: {{labels: {labels}, teacher_cache: {path.parent / 'cache'}}}\n"
        "student: {max_length: 32}\n"
        "distill: {epochs: 0}\n"
        "heads: {epochs: 3, batch_size: 8, lr: 0.003, max_tokens: 32, max_rows: 200,"
        " distill_weight: 0.0}\n",
        encoding="utf-8",
    )


def test_train_with_local_base_then_export_loads_in_the_predictor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from hydra_router.manifest import load_manifest
    from hydra_router.predictor import Predictor
    from hydra_router.training import onnx_export

    base = tiny_base(tmp_path)
    labels, run, out = tmp_path / "rows.jsonl.gz", tmp_path / "run", tmp_path / "model"
    tiny_labels(labels)
    tiny_config(tmp_path / "tiny.yaml", labels, run)

    assert main(["train", "--config", str(tmp_path / "tiny.yaml"), "--base", str(base)]) == 0
    info = json.loads((run / "run.json").read_text())
    assert info["base_model"] == str(base)
    # A 64-wide toy trained for seconds drifts 0.02–0.04 under int8 depending on the
    # machine's thread timing: the 0.03 limit is for real models, so this checks the
    # export path with a loose limit and the refusal path below with an impossible one.
    monkeypatch.setattr(onnx_export, "PARITY_TOLERANCE", 0.1)
    assert main(["export", "--run", str(run), "--out", str(out), "--parity-rows", "50"]) == 0

    manifest = load_manifest(out)
    assert manifest.max_length == 32 and manifest.heads == list(DIMENSIONS)
    for band in manifest.bands.values():
        assert 0.0 <= band.lo <= band.hi <= 1.0
    assert (out / "MODEL_CARD.md").exists() and (out / "reliability.png").exists()
    # int8 everywhere, or (when parity needs it) all but the MLP output projections.
    import onnx

    graph = onnx.load(str(out / "model.onnx")).graph
    weights = {w.name for w in graph.initializer}
    kept = [n.name for n in graph.node if n.op_type == "MatMul" and n.input[1] in weights]
    assert all("/mlp/Wo/" in name for name in kept)
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["fp32_matmuls"] == len(kept)
    # per language: the items the pairs come from, and an interval around the agreement
    for row in metrics["invariance"]:
        low, high = row["agreement_interval"]
        assert 1 <= row["items"] <= row["pairs"] and low <= row["agreement"] <= high
    assert "90 % interval" in (out / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert any(n.op_type == "MatMulInteger" for n in graph.node)

    predictor = Predictor.load(out)
    scores = predictor.score(list(WORDS.values()))
    assert scores.shape == (4, 4)
    # Three epochs on trigger phrases are enough for each head to rank its own phrase first.
    for k in range(4):
        assert scores[k, k] == scores[:, k].max()

    # An int8 model that drifts is retried with the MLP output projections in fp32,
    # then refused without writing the folder.
    monkeypatch.setattr(onnx_export, "PARITY_TOLERANCE", -1.0)
    capsys.readouterr()
    assert main(["export", "--run", str(run), "--out", str(tmp_path / "drift")]) == 1
    err = capsys.readouterr().err
    assert "(0 MatMuls kept fp32)" in err and "(2 MatMuls kept fp32)" in err
    assert "was not written" in err and not (tmp_path / "drift").exists()


def test_exported_graph_gives_the_trained_models_scores(tmp_path: Path) -> None:
    """Export traces eager attention; training runs sdpa: same scores, padding included."""
    import numpy as np
    import onnxruntime as ort
    import torch

    from hydra_router.training.onnx_export import export_fp32, load_run_model
    from hydra_router.training.student import StudentShape, build_student, make_scores_module

    shape = StudentShape(hidden=64, layers=3, heads=2, intermediate=96, max_length=64)
    trained = build_student(shape, None, 0, 1, 2, seed=5)
    assert trained.encoder.config._attn_implementation == "sdpa"
    run = tmp_path / "run"
    run.mkdir()
    (run / "encoder_config.json").write_text(trained.encoder.config.to_json_string())
    torch.save(trained.state_dict(), run / "model.pt")
    exported = load_run_model(run)
    export_fp32(exported, tmp_path / "m.onnx", 1000)

    ids = torch.randint(4, 1000, (3, 40))
    mask = torch.ones_like(ids)
    mask[1, 25:] = 0
    mask[2, 7:] = 0
    with torch.no_grad():
        expected = make_scores_module(trained.eval())(ids, mask).numpy()
    sess = ort.InferenceSession(str(tmp_path / "m.onnx"), providers=["CPUExecutionProvider"])
    got = sess.run(["scores"], {"input_ids": ids.numpy(), "attention_mask": mask.numpy()})[0]
    assert np.abs(got - expected).max() < 1e-5
    # A padded row scores like the same row without its padding.
    alone = sess.run(
        ["scores"], {"input_ids": ids[2:, :7].numpy(), "attention_mask": mask[2:, :7].numpy()}
    )[0]
    assert np.abs(alone[0] - got[2]).max() < 1e-5


def test_export_refuses_a_missing_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--run", str(tmp_path / "nope"), "--out", str(tmp_path / "m")]) == 2
    assert "hydra-router train" in capsys.readouterr().err
    assert not (tmp_path / "m").exists()


def test_train_reports_a_bad_config(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "bad.yaml").write_text("heads: {epochz: 1}\n", encoding="utf-8")
    assert main(["train", "--config", str(tmp_path / "bad.yaml")]) == 2
    assert "epochz" in capsys.readouterr().err


def test_stage_resumes_from_its_checkpoint(tmp_path: Path) -> None:
    import torch

    from hydra_router.training.loop import run_stage

    model = torch.nn.Linear(3, 1)
    plan = [[i] for i in range(10)]
    seen: list[int] = []

    def loss(batch: list[int], crash_at: int | None) -> tuple[torch.Tensor, dict[str, float]]:
        if batch[0] == crash_at:
            raise KeyboardInterrupt
        seen.append(batch[0])
        value = model(torch.ones(1, 3)).pow(2).mean()
        return value, {"loss": float(value)}

    with pytest.raises(KeyboardInterrupt):
        run_stage("s", model, plan, lambda b: loss(b, 7), 0.01, tmp_path, checkpoint_every=3)
    assert seen == list(range(7))
    seen.clear()
    run_stage("s", model, plan, lambda b: loss(b, None), 0.01, tmp_path, checkpoint_every=3)
    assert seen == [6, 7, 8, 9]  # resumed after the checkpoint at step 6
    seen.clear()
    run_stage("s", model, plan, lambda b: loss(b, None), 0.01, tmp_path, checkpoint_every=3)
    assert seen == []  # a finished stage is not trained again


def test_stage_ends_on_the_mean_of_its_tail_weights(tmp_path: Path) -> None:
    import torch

    from hydra_router.training.loop import run_stage

    def train(folder: str, average_from: float | None, crash_at: int | None = None) -> Any:
        torch.manual_seed(3)
        model = torch.nn.Linear(3, 1)
        seen: list[torch.Tensor] = []

        def loss(batch: list[int]) -> tuple[torch.Tensor, dict[str, float]]:
            if batch[0] == crash_at:
                raise KeyboardInterrupt
            seen.append(model.weight.detach().clone())
            value = (model(torch.full((1, 3), float(batch[0]))) - 1.0).pow(2).mean()
            return value, {"loss": value.item()}

        plan = [[i] for i in range(10)]
        run_stage(folder, model, plan, loss, 0.05, tmp_path, 3, average_from=average_from)
        return model.weight.detach(), seen

    last, seen = train("plain", None)
    averaged, _ = train("tail", 0.5)
    # weights after steps 5..9: those the loss saw at steps 6..9, then the last ones
    expected = torch.stack([*seen[6:], last]).mean(0)
    assert torch.allclose(averaged, expected, atol=1e-6)
    assert not torch.allclose(averaged, last, atol=1e-4)
    with pytest.raises(KeyboardInterrupt):
        train("resumed", 0.5, crash_at=8)
    resumed, _ = train("resumed", 0.5)  # the mean so far travels in the checkpoint
    assert torch.allclose(resumed, averaged, atol=1e-6)


def test_heads_continue_from_another_runs_weights(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import torch

    base = tiny_base(tmp_path)
    labels, first, second = tmp_path / "rows.jsonl.gz", tmp_path / "run", tmp_path / "more"
    tiny_labels(labels)
    tiny_config(tmp_path / "tiny.yaml", labels, first)
    assert main(["train", "--config", str(tmp_path / "tiny.yaml"), "--base", str(base)]) == 0

    # lr 0: the continued run must end exactly where the first one did.
    text = (tmp_path / "tiny.yaml").read_text(encoding="utf-8")
    more = text.replace(str(first), str(second)).replace(
        "lr: 0.003", f"lr: 0.0, init_from: {first / 'model.pt'}"
    )
    (tmp_path / "more.yaml").write_text(more, encoding="utf-8")
    assert main(["train", "--config", str(tmp_path / "more.yaml"), "--base", str(base)]) == 0
    before = torch.load(first / "model.pt", weights_only=True)
    after = torch.load(second / "model.pt", weights_only=True)
    assert before.keys() == after.keys()
    assert all(torch.equal(before[k], after[k]) for k in before)

    missing = more.replace(str(first / "model.pt"), str(tmp_path / "none.pt"))
    (tmp_path / "missing.yaml").write_text(missing.replace(str(second), str(tmp_path / "x")))
    assert main(["train", "--config", str(tmp_path / "missing.yaml"), "--base", str(base)]) == 2
    assert "init_from" in capsys.readouterr().err


def test_stage_stops_early_with_the_whole_plans_schedule(tmp_path: Path) -> None:
    import torch

    from hydra_router.training.loop import run_stage

    def trained(stop_at: int | None, folder: Path) -> tuple[list[int], list[float], torch.Tensor]:
        torch.manual_seed(0)
        folder.mkdir()
        model = torch.nn.Linear(3, 1)
        seen: list[int] = []
        rates: list[float] = []

        def loss(batch: list[int]) -> tuple[torch.Tensor, dict[str, float]]:
            seen.append(batch[0])
            value = model(torch.ones(1, 3)).pow(2).mean()
            return value, {"loss": float(value)}

        original = torch.optim.AdamW.step

        def spy(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            rates.append(self.param_groups[0]["lr"])
            return original(self, *args, **kwargs)

        torch.optim.AdamW.step = spy  # type: ignore[method-assign]
        try:
            run_stage(
                "s", model, [[i] for i in range(10)], loss, 0.01, folder, 100, stop_at=stop_at
            )
        finally:
            torch.optim.AdamW.step = original  # type: ignore[method-assign]
        return seen, rates, model.weight.detach().clone()

    full_seen, full_rates, _ = trained(None, tmp_path / "full")
    seen, rates, weights = trained(4, tmp_path / "early")
    assert seen == [0, 1, 2, 3] and full_seen == list(range(10))
    assert rates == full_rates[:4]  # the schedule of all 10 steps, cut after 4
    assert (tmp_path / "early" / "done-s.pt").exists()
    assert torch.equal(torch.load(tmp_path / "early" / "done-s.pt")["weight"], weights)


def test_device_auto_falls_back_to_the_cpu_and_cuda_is_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import torch

    from hydra_router.training.pipeline import pick_device

    if torch.cuda.is_available():
        assert pick_device(torch, "auto").type == "cuda"
        with pytest.raises(ValueError, match="CUDA device"):
            pick_device(torch, f"cuda:{torch.cuda.device_count()}")
        return
    assert pick_device(torch, "auto") == torch.device("cpu")
    assert pick_device(torch, "cpu") == torch.device("cpu")
    with pytest.raises(ValueError, match="--device cpu"):
        pick_device(torch, "cuda")
    # the CLI says so before any work starts
    labels, run = tmp_path / "rows.jsonl.gz", tmp_path / "run"
    tiny_labels(labels)
    tiny_config(tmp_path / "tiny.yaml", labels, run)
    assert main(["train", "--config", str(tmp_path / "tiny.yaml"), "--device", "cuda"]) == 2
    assert "sees no CUDA GPU" in capsys.readouterr().err
    assert not (run / "model.pt").exists()
    (tmp_path / "gpu.yaml").write_text("device: gpu\n", encoding="utf-8")
    assert main(["train", "--config", str(tmp_path / "gpu.yaml")]) == 2
    assert "device" in capsys.readouterr().err


def test_heads_teacher_vectors_are_kept_in_the_run_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import numpy as np

    from hydra_router.training import pipeline
    from hydra_router.training.config import TrainConfig
    from hydra_router.training.teacher import EmbeddingCache
    from hydra_router.training.truncation import head_tail_text

    cfg = TrainConfig()
    cfg.data.teacher_cache = str(tmp_path / "cache")
    rows = [type("Row", (), {"text": t})() for t in ("write a parser", "fix this bug")]
    vector = np.linspace(-1, 1, 384, dtype=np.float32)
    key = head_tail_text(rows[1].text, pipeline._teacher_tokenizer(), cfg.distill.max_tokens)
    EmbeddingCache(tmp_path / "cache").add([key], vector[None])

    teacher, has = pipeline.heads_teacher(cfg, tmp_path, rows)
    assert has.tolist() == [False, True]
    assert not teacher[0].any() and np.abs(teacher[1] - vector).max() < 1e-3

    # Resumed (or carried elsewhere): neither the teacher's tokenizer nor its cache is read.
    def no_teacher() -> None:
        raise RuntimeError("teacher read")

    monkeypatch.setattr(pipeline, "_teacher_tokenizer", no_teacher)
    again, has_again = pipeline.heads_teacher(cfg, tmp_path, rows)
    assert np.array_equal(again, teacher) and has_again.tolist() == [False, True]
    # Other rows (new labels): the stored vectors no longer apply.
    with pytest.raises(RuntimeError, match="teacher read"):
        pipeline.heads_teacher(cfg, tmp_path, rows[::-1])


def test_a_run_past_stage_1_trains_stage_2_without_the_teacher(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The folder a run leaves after stage 1 is all stage 2 needs (resume, or another machine)."""
    from collections import Counter

    import numpy as np
    import torch
    from tokenizers import Tokenizer

    from fixtures.tiny_teacher import teacher_json
    from hydra_router.training import pipeline, teacher
    from hydra_router.training.config import load_config
    from hydra_router.training.labelled import read_rows
    from hydra_router.training.student import StudentShape, build_student
    from hydra_router.training.vocab import prune_vocab

    labels, run = tmp_path / "rows.jsonl.gz", tmp_path / "run"
    tiny_labels(labels)
    source = teacher_json()
    counts = Counter(Tokenizer.from_str(json.dumps(source)).encode("hello world fix bug").ids)
    vocab = prune_vocab(source, counts, min_count=1)
    run.mkdir()
    vocab.save(run / "tokenizer.json")
    np.save(run / "teacher_ids.npy", np.array(vocab.teacher_ids))
    shape = StudentShape(hidden=32, layers=1, heads=2, intermediate=64, max_length=32)
    stage1 = build_student(shape, None, 1, 0, 2, seed=1, vocab_size=vocab.size)
    torch.save(stage1.state_dict(), run / "done-distill.pt")
    (tmp_path / "run.yaml").write_text(
        f"seed: 3\noutput: {run}\ndata: {{labels: {labels}, teacher_cache: {tmp_path / 'c'}}}\n"
        "student: {hidden: 32, layers: 1, heads: 2, intermediate: 64, max_length: 32}\n"
        "distill: {epochs: 1}\n"
        "heads: {epochs: 1, batch_size: 8, lr: 0.0, max_tokens: 32, max_rows: 200}\n",
        encoding="utf-8",
    )
    cfg = load_config(tmp_path / "run.yaml")
    train_rows = [r for r in read_rows(labels) if r.split == "train"]
    pipeline.heads_teacher(cfg, run, train_rows)  # what stage 2 of the first run stored

    def no_teacher(*_: object, **__: object) -> None:
        raise RuntimeError("the teacher was read")

    monkeypatch.setattr(teacher, "read_teacher", no_teacher)
    monkeypatch.setattr(teacher, "teacher_tokenizer_path", no_teacher)
    monkeypatch.setattr(pipeline, "_teacher_tokenizer", no_teacher)
    assert main(["train", "--config", str(tmp_path / "run.yaml")]) == 0
    # lr 0: the weights stage 2 ends with are stage 1's (the student built here has other ones)
    trained = torch.load(run / "model.pt", weights_only=True)
    expected = stage1.state_dict()
    assert trained.keys() == expected.keys()
    assert all(torch.equal(trained[k], expected[k]) for k in expected)
