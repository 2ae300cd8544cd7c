"""Latency of an exported predictor: one request of N tokens, like the sidecar's hot path."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np


@dataclass(frozen=True)
class Latency:
    tokens: int
    threads: int
    runs: int
    p50_ms: float
    p95_ms: float
    mean_ms: float


SAMPLE = (
    "Here is my Python function that parses the config file, but it raises a KeyError when "
    "the section is missing. Can you fix it and add a unit test?\n"
    "def load(path):\n    data = yaml.safe_load(open(path))\n    return data['server']['port']\n"
)


def sample_ids(tokenizer_path: Path, tokens: int) -> np.ndarray:
    """[1, tokens] ids of a realistic request (repeated to length) from the folder's tokenizer."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(tokenizer_path))
    body = tokenizer.encode(SAMPLE, add_special_tokens=False).ids
    body = (body * (tokens // max(1, len(body)) + 1))[: tokens - 2]
    wrapped = tokenizer.post_process(tokenizer.encode(SAMPLE, add_special_tokens=False)).ids
    first, last = wrapped[0], wrapped[-1]
    return np.array([[first, *body, last]], dtype=np.int64)


def measure(
    model: Path, tokens: int = 128, threads: int = 2, runs: int = 300, warmup: int = 30
) -> Latency:
    """Time `runs` single-row calls of `model` on `tokens` ids (after `warmup` calls)."""
    from hydra_router.training.onnx_export import session

    sess = session(model, threads)
    ids = sample_ids(model.parent / "tokenizer.json", tokens)
    feed = {"input_ids": ids, "attention_mask": np.ones_like(ids)}
    for _ in range(warmup):
        sess.run(["scores"], feed)
    times = np.empty(runs)
    for i in range(runs):
        start = time.perf_counter()
        sess.run(["scores"], feed)
        times[i] = (time.perf_counter() - start) * 1000.0
    return Latency(
        tokens,
        threads,
        runs,
        float(np.percentile(times, 50)),
        float(np.percentile(times, 95)),
        float(times.mean()),
    )
