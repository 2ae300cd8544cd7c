"""The whole training recipe: vocabulary → student → distillation → heads.

A run folder holds everything a later step needs: `tokenizer.json`,
`encoder_config.json`, `model.pt` (final weights), `run.json` (recipe, data
hash, timings), `train_log.jsonl`, and per-stage checkpoints while it runs.
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec
import numpy as np

from hydra_router.training.config import TrainConfig


@dataclass
class Prepared:
    model: Any
    tokenizer: Any
    pad_id: int
    base: str


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _teacher_tokenizer() -> Any:
    from tokenizers import Tokenizer

    from hydra_router.training.teacher import teacher_tokenizer_path

    return Tokenizer.from_file(str(teacher_tokenizer_path()))


def _vocab_texts(cfg: TrainConfig) -> list[str]:
    from hydra_router.training.corpus import DEFAULT_BUDGET, distillation_corpus

    everything = {name: (None, None) for name in DEFAULT_BUDGET}
    rows = distillation_corpus(Path(cfg.data.queries), everything, cfg.seed)
    texts = [r.text for r in rows if r.source not in cfg.data.exclude_sources]
    texts += [r.text for r in _multilingual_rows(cfg)]
    if cfg.data.requests:
        from hydra_router.training.corpus import request_texts

        texts += request_texts(Path(cfg.data.requests))
    labels = Path(cfg.data.labels)
    if labels.exists():
        from hydra_router.training.labelled import read_rows

        texts += [r.text for r in read_rows(labels, cfg.data.exclude_sources)]
    return texts


def _multilingual_rows(cfg: TrainConfig) -> list[Any]:
    """Stage 1's raw multilingual paragraphs (none unless the recipe asks)."""
    from hydra_router.training.corpus import multilingual_corpus

    if not cfg.data.multilingual or cfg.distill.multilingual_per_language <= 0:
        return []
    return multilingual_corpus(Path(cfg.data.multilingual), cfg.distill.multilingual_per_language)


def prepare(cfg: TrainConfig, run_dir: Path, base: str | None) -> Prepared:
    """Tokenizer and model: a pruned-vocabulary student, or a pretrained base."""
    from hydra_router.training.student import StudentShape, build_student, load_base

    if base:
        model, tokenizer = load_base(base, cfg.seed)
        tokenizer.no_truncation()
        tokenizer.no_padding()
        (run_dir / "tokenizer.json").write_text(tokenizer.to_str(), encoding="utf-8")
        pad = tokenizer.token_to_id("[PAD]")
        pad = pad if pad is not None else (model.encoder.config.pad_token_id or 0)
        return Prepared(model, tokenizer, int(pad), base)

    from hydra_router.training.teacher import read_teacher, teacher_tokenizer_path
    from hydra_router.training.vocab import PrunedVocab, count_pieces, prune_vocab

    ids_path = run_dir / "teacher_ids.npy"
    if ids_path.exists() and (run_dir / "tokenizer.json").exists():
        vocab = PrunedVocab(
            json.loads((run_dir / "tokenizer.json").read_text(encoding="utf-8")),
            np.load(ids_path).tolist(),
        )
        log(f"vocabulary: {vocab.size} pieces (from {run_dir})")
    else:
        teacher_json = json.loads(teacher_tokenizer_path().read_text(encoding="utf-8"))
        counts = count_pieces(_vocab_texts(cfg), _teacher_tokenizer())
        vocab = prune_vocab(teacher_json, counts, cfg.vocab.min_count)
        vocab.save(run_dir / "tokenizer.json")
        np.save(ids_path, np.array(vocab.teacher_ids, dtype=np.int64))
        log(f"vocabulary: {vocab.size} pieces (teacher: {len(teacher_json['model']['vocab'])})")
    # Stage 1's weights replace the embedding rows: a run past it needs no teacher file.
    past_stage1 = (run_dir / "done-distill.pt").exists() or bool(cfg.heads.init_from)
    rows = (
        None
        if past_stage1
        else read_teacher(names=["emb.word"]).tensors["emb.word"][vocab.teacher_ids]
    )
    tokenizer = vocab.tokenizer()
    shape = StudentShape(**msgspec.structs.asdict(cfg.student))
    pad, bos, eos = (tokenizer.token_to_id(t) for t in ("<pad>", "<s>", "</s>"))
    model = build_student(shape, rows, pad, bos, eos, cfg.seed, vocab_size=vocab.size)
    return Prepared(model, tokenizer, int(pad), "")


def distill_rows(
    rows: list[Any], test_groups: set[str], train_langs: set[str], unlabelled_languages: bool
) -> list[Any]:
    """The corpus rows stage 1 may read.

    Test groups never (language-invariance metrics must not be flattered);
    languages without training labels only when `unlabelled_languages` lets
    their raw text in (distillation needs no labels). With no labels at all
    (`train_langs` empty) every language is open.
    """
    open_langs = unlabelled_languages or not train_langs
    return [
        r
        for r in rows
        if r.label_group not in test_groups and (open_langs or r.lang in train_langs)
    ]


def distill_stage(
    cfg: TrainConfig, prep: Prepared, run_dir: Path, test_groups: set[str], train_langs: set[str]
) -> dict:
    """Stage 1 (teacher pass cached under data.teacher_cache)."""
    from hydra_router.training.batches import encode_texts, length_bucketed_plan
    from hydra_router.training.corpus import distillation_corpus
    from hydra_router.training.distill import blended_targets, make_distill_step
    from hydra_router.training.loop import run_stage
    from hydra_router.training.teacher import EmbeddingCache, TeacherEmbedder, fill_cache
    from hydra_router.training.truncation import head_tail_text

    if cfg.distill.epochs <= 0:
        return {}
    done = run_dir / "done-distill.pt"
    if done.exists():
        # A finished stage needs none of its inputs (its corpus draw depends on the seed).
        load_weights(prep.model, done, "distill")
        return {"finished_earlier": 1.0}
    rows = distillation_corpus(Path(cfg.data.queries), cfg.distill.budget, cfg.seed)
    rows = distill_rows(rows, test_groups, train_langs, cfg.distill.unlabelled_languages)
    rows += _multilingual_rows(cfg)
    teacher_tok = _teacher_tokenizer()
    texts = [head_tail_text(r.text, teacher_tok, cfg.distill.max_tokens) for r in rows]
    cache = EmbeddingCache(Path(cfg.data.teacher_cache))
    if not (run_dir / "done-distill.pt").exists():
        fill_cache(texts, cache, TeacherEmbedder(cfg.threads))
    vectors = np.stack([cache.get(t) for t in texts])  # type: ignore[misc]
    targets = blended_targets(vectors, [r.group for r in rows], cfg.distill.translation_weight)
    ids = encode_texts(texts, prep.tokenizer, cfg.distill.max_tokens * 3 // 2)
    plan = length_bucketed_plan(
        [len(x) for x in ids], cfg.distill.batch_size, cfg.distill.epochs, cfg.seed
    )
    log(f"distill: {len(texts)} texts, {len(plan)} batches")
    step = make_distill_step(prep.model, ids, targets, prep.pad_id)
    return run_stage(
        "distill", prep.model, plan, step, cfg.distill.lr, run_dir, cfg.checkpoint_every
    )


def pick_device(torch: Any, wanted: str) -> Any:
    """The torch device a run trains on; a clear error when the CUDA asked for is absent."""
    if wanted == "auto":
        wanted = "cuda" if torch.cuda.is_available() else "cpu"
    if wanted.startswith("cuda"):
        if not torch.cuda.is_available():
            raise ValueError(
                f"device {wanted!r}: torch {torch.__version__} sees no CUDA GPU "
                "(a CPU build, or no driver); use --device cpu"
            )
        index = int(wanted.partition(":")[2] or 0)
        if index >= torch.cuda.device_count():
            raise ValueError(
                f"device {wanted!r}: only {torch.cuda.device_count()} CUDA device(s) visible"
            )
    return torch.device(wanted)


def load_weights(model: Any, path: Path, what: str) -> None:
    """Load a state dict saved by `train` (model.pt, done-*.pt) into `model`."""
    from hydra_router.training.student import import_torch

    torch = import_torch()
    if not path.is_file():
        raise ValueError(f"{what}: {path} not found; point it at a finished run's model.pt")
    try:
        model.load_state_dict(torch.load(path, map_location="cpu", weights_only=True))
    except RuntimeError as exc:
        raise ValueError(
            f"{what}: {path} does not fit this recipe's student "
            f"(same vocab and student shape needed): {exc}"
        ) from None
    log(f"{what}: loaded {path}")


def heads_teacher(cfg: TrainConfig, run_dir: Path, rows: list) -> tuple[np.ndarray, np.ndarray]:
    """Teacher embeddings of stage 2's rows (zeros where the cache has none) and which exist.

    Kept in the run folder (float16) the first time, so a resumed run, or one
    carried to another machine, needs neither the teacher nor its cache.
    """
    from hydra_router.training.teacher import EmbeddingCache, text_key
    from hydra_router.training.truncation import head_tail_text

    path = run_dir / "heads-teacher.npz"
    keys = np.array([text_key(r.text) for r in rows])
    if path.exists():
        with np.load(path) as stored:
            if np.array_equal(stored["keys"], keys):
                return stored["vectors"].astype(np.float32), stored["has"]
    cache = EmbeddingCache(Path(cfg.data.teacher_cache))
    teacher_tok = _teacher_tokenizer()
    found = [cache.get(head_tail_text(r.text, teacher_tok, cfg.distill.max_tokens)) for r in rows]
    has = np.array([v is not None for v in found])
    vectors = np.stack([v if v is not None else np.zeros(384, np.float32) for v in found])
    vectors = vectors.astype(np.float16)
    tmp = run_dir / ".heads-teacher.tmp.npz"
    np.savez(tmp, keys=keys, vectors=vectors, has=has)
    tmp.replace(path)
    return vectors.astype(np.float32), has


def heads_stage(cfg: TrainConfig, prep: Prepared, run_dir: Path, rows: list) -> dict:
    """Stage 2: BCE on soft targets + group consistency (+ light distillation)."""
    from hydra_router.training.batches import encode_texts, grouped_plan
    from hydra_router.training.heads import make_heads_step
    from hydra_router.training.labelled import margin_targets, request_key, targets_array
    from hydra_router.training.loop import run_stage

    train = [r for r in rows if r.split == "train"]
    if not train:
        raise ValueError(f"{cfg.data.labels}: no rows with split=train")
    if cfg.heads.init_from:
        # A checkpoint or done file of this run, if any, still wins inside run_stage.
        load_weights(prep.model, Path(cfg.heads.init_from), "heads.init_from")
    ids = encode_texts([r.text for r in train], prep.tokenizer, cfg.heads.max_tokens)
    plan = grouped_plan(
        [request_key(r) for r in train],
        cfg.heads.batch_size,
        cfg.heads.epochs,
        cfg.heads.max_rows,
        cfg.heads.group_members,
        cfg.seed,
        anchors=[r.lang == "en" for r in train],
        lengths=[len(x) for x in ids],
        repeats=[cfg.heads.source_repeats.get(r.source, 1) for r in train],
    )
    # Every training row's vector, not only those this plan draws: the stored
    # file then serves any number of epochs.
    teacher, has = heads_teacher(cfg, run_dir, train)
    used = sorted({i for batch in plan for i in batch})
    local = {old: new for new, old in enumerate(used)}
    plan = [[local[i] for i in batch] for batch in plan]
    train = [train[i] for i in used]
    ids = [ids[i] for i in used]
    teacher, has = teacher[used], has[used]
    log(f"heads: {len(train)} rows ({int(has.sum())} with teacher vectors), {len(plan)} batches")
    step = make_heads_step(
        prep.model,
        ids,
        margin_targets(targets_array(train), cfg.heads.decision_margin),
        [request_key(r) for r in train],
        teacher,
        has,
        prep.pad_id,
        cfg.heads.consistency_weight,
        cfg.heads.distill_weight,
    )
    return run_stage(
        "heads",
        prep.model,
        plan,
        step,
        cfg.heads.lr,
        run_dir,
        cfg.checkpoint_every,
        stop_at=cfg.heads.stop_at_step,
        average_from=cfg.heads.average_from,
    )


def train(
    cfg: TrainConfig,
    run_dir: Path,
    base: str | None = None,
    stage: str = "all",
    config_path: str = "",
) -> Path:
    """Run (or resume) the recipe into `run_dir`; returns the path of `model.pt`.

    `stage="distill"` stops after stage 1 and works before the labels exist
    (then no held-out groups can be excluded from distillation).
    """
    from hydra_router.manifest import file_sha256
    from hydra_router.training.labelled import read_rows
    from hydra_router.training.student import import_torch

    torch = import_torch()
    torch.manual_seed(cfg.seed)
    torch.set_num_threads(cfg.threads)
    device = pick_device(torch, cfg.device)
    run_dir.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    labels = Path(cfg.data.labels)
    if stage == "distill" and not labels.exists():
        log(f"warning: {labels} missing: distilling without excluding held-out groups")
        rows = []
    else:
        rows = read_rows(labels, cfg.data.exclude_sources)
    test_groups = {r.group for r in rows if r.split == "test"}
    train_langs = {r.lang for r in rows if r.split == "train"}
    prep = prepare(cfg, run_dir, base)
    prep.model.to(device)
    log(f"training on {device}")
    # Written up front so a checkpoint of an interrupted run can still be exported.
    (run_dir / "encoder_config.json").write_text(prep.model.encoder.config.to_json_string())
    started_info = {
        "config": msgspec.to_builtins(cfg),
        "config_path": config_path,
        "device": str(device)
        + (f" ({torch.cuda.get_device_name(device)})" if device.type == "cuda" else ""),
        "base_model": prep.base or "distilled from intfloat/multilingual-e5-small",
        "labels_sha256": file_sha256(labels) if labels.exists() else "",
        "labels_rows": len(rows),
    }
    (run_dir / "run-started.json").write_text(json.dumps(started_info, indent=2), encoding="utf-8")
    if labels.exists():
        # The labels file may be rebuilt while training runs: export uses this snapshot.
        shutil.copyfile(labels, run_dir / "labels.jsonl.gz")
    stage1 = distill_stage(cfg, prep, run_dir, test_groups, train_langs)
    if stage == "distill":
        return run_dir / "done-distill.pt"
    stage2 = heads_stage(cfg, prep, run_dir, rows)
    torch.save(prep.model.state_dict(), run_dir / "model.pt")
    info = {
        **started_info,
        "test_groups_excluded_from_distill": bool(test_groups),
        "distill": stage1,
        "heads": stage2,
        "seconds": time.monotonic() - started,
    }
    (run_dir / "run.json").write_text(json.dumps(info, indent=2), encoding="utf-8")
    return run_dir / "model.pt"
