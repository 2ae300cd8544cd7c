"""The requirement predictor: an int8 ONNX model + its tokenizer, loaded once, kept warm.

`Predictor.score(texts)` returns the raw sigmoid outputs of the four heads
([n, 4] float32, `DIMENSIONS` order). Long prompts are cut to the model's
`max_length` tokens keeping the head and the tail: the ask is usually at one end
of a pasted file, rarely in the middle.

`BatchScorer` serves many concurrent callers from one worker thread: it drains
whatever requests are waiting and scores them as one batch, so concurrency turns
into throughput instead of threads fighting over two cores.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import numpy as np

from hydra_router.manifest import Band, Manifest, load_manifest
from hydra_router.protocol import DIMENSIONS

log = logging.getLogger(__name__)

#: Characters kept from each end before tokenizing: bounds tokenizer time on huge
#: pastes; far more than any model's max_length tokens need (a token is rarely > 16 chars).
CHARS_PER_TOKEN_BOUND = 16

EXPORT_HINT = "re-export it with `hydra-router export`, or point --model at a folder that has it"


def default_model_dir() -> Path:
    """The shipped model: `models/hydra-modernbert-small` (see `hydra_router.shipped`)."""
    from hydra_router.shipped import shipped_path

    return shipped_path("models/hydra-modernbert-small")


def head_tail(ids: Sequence[int], limit: int) -> list[int]:
    """Keep at most `limit` ids: the first half and the last half of the budget."""
    if len(ids) <= limit:
        return list(ids)
    head = (limit + 1) // 2
    tail = limit - head
    return list(ids[:head]) + (list(ids[-tail:]) if tail else [])


class Predictor:
    """An onnxruntime session, a tokenizer and the manifest of one model folder."""

    def __init__(self, session: Any, tokenizer: Any, manifest: Manifest, model_dir: Path):
        self._session = session
        self._tokenizer = tokenizer
        self.manifest = manifest
        self.model_dir = model_dir
        self._prefix, self._suffix = special_wrapping(tokenizer)
        self._body_limit = manifest.max_length - len(self._prefix) - len(self._suffix)
        if self._body_limit < 1:
            raise ValueError(
                f"{model_dir / 'manifest.json'}: max_length {manifest.max_length} leaves no room "
                "for text after the special tokens; raise max_length"
            )
        pad = tokenizer.token_to_id("[PAD]")
        if pad is None:
            pad = tokenizer.token_to_id("<pad>")
        self._pad_id = int(pad) if pad is not None else 0

    @classmethod
    def load(cls, model_dir: Path, threads: int = 2) -> Predictor:
        """Load a model folder; ValueError names the missing or broken file and the fix."""
        model_dir = Path(model_dir)
        if not model_dir.is_dir():
            raise ValueError(
                f"{model_dir}: model folder not found. Train and export one "
                "(`hydra-router train`, `hydra-router export`) or pass --model DIR"
            )
        manifest = load_manifest(model_dir)
        onnx_path = model_dir / manifest.onnx_file
        tokenizer_path = model_dir / manifest.tokenizer_file
        for path in (onnx_path, tokenizer_path):
            if not path.is_file():
                raise ValueError(f"{path}: not found; {EXPORT_HINT}")
        try:
            from tokenizers import Tokenizer
        except ImportError as exc:  # pragma: no cover - a declared dependency
            raise ValueError("tokenizers is missing: pip install hydra-router") from exc
        try:
            tokenizer = Tokenizer.from_file(str(tokenizer_path))
        except Exception as exc:
            raise ValueError(
                f"{tokenizer_path}: not a tokenizers file ({exc}); {EXPORT_HINT}"
            ) from None
        tokenizer.no_truncation()
        tokenizer.no_padding()
        session = _open_session(onnx_path, threads)
        predictor = cls(session, tokenizer, manifest, model_dir)
        predictor.warm_up()
        return predictor

    @property
    def bands(self) -> tuple[tuple[float, float], ...]:
        """(β_lo, β_hi) per head, in `DIMENSIONS` order."""
        bands: dict[str, Band] = self.manifest.bands
        return tuple((bands[h].lo, bands[h].hi) for h in DIMENSIONS)

    def encode(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Token ids and attention mask, head+tail truncated, padded to the longest."""
        bound = self.manifest.max_length * CHARS_PER_TOKEN_BOUND
        clipped = [t if len(t) <= 2 * bound else t[:bound] + "\n" + t[-bound:] for t in texts]
        encodings = self._tokenizer.encode_batch(clipped, add_special_tokens=False)
        rows = [self._prefix + head_tail(e.ids, self._body_limit) + self._suffix for e in encodings]
        width = max(len(r) for r in rows)
        ids = np.full((len(rows), width), self._pad_id, dtype=np.int64)
        mask = np.zeros((len(rows), width), dtype=np.int64)
        for i, row in enumerate(rows):
            ids[i, : len(row)] = row
            mask[i, : len(row)] = 1
        return ids, mask

    def score(self, texts: Sequence[str]) -> np.ndarray:
        """Raw sigmoid outputs [n, 4] float32 in `DIMENSIONS` order."""
        if not texts:
            return np.zeros((0, len(DIMENSIONS)), dtype=np.float32)
        ids, mask = self.encode(texts)
        (scores,) = self._session.run(["scores"], {"input_ids": ids, "attention_mask": mask})
        return np.asarray(scores, dtype=np.float32)

    def warm_up(self) -> None:
        """One short and one full-length pass so the first real request is not the slow one."""
        self.score(["warm up"])
        self.score(["warm up " * self.manifest.max_length])


def _open_session(onnx_path: Path, threads: int) -> Any:
    try:
        import onnxruntime as ort
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise ValueError("onnxruntime is missing: pip install hydra-router") from exc
    options = ort.SessionOptions()
    # One request at a time uses every core: intra-op threads = cores, no inter-op pool.
    options.intra_op_num_threads = max(1, threads)
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.log_severity_level = 3
    try:
        session = ort.InferenceSession(
            str(onnx_path), sess_options=options, providers=["CPUExecutionProvider"]
        )
    except Exception as exc:
        raise ValueError(f"{onnx_path}: cannot be loaded ({exc}); {EXPORT_HINT}") from None
    inputs = {i.name for i in session.get_inputs()}
    outputs = {o.name for o in session.get_outputs()}
    if not {"input_ids", "attention_mask"} <= inputs or "scores" not in outputs:
        raise ValueError(
            f"{onnx_path}: needs inputs input_ids, attention_mask and output scores "
            f"(has inputs {sorted(inputs)}, outputs {sorted(outputs)}); {EXPORT_HINT}"
        )
    return session


def special_wrapping(tokenizer: Any) -> tuple[list[int], list[int]]:
    """The special ids the tokenizer's post-processor puts before and after a text."""
    bare = tokenizer.encode("a", add_special_tokens=False).ids
    full = tokenizer.encode("a", add_special_tokens=True).ids
    for start in range(len(full) - len(bare) + 1):
        if full[start : start + len(bare)] == bare:
            return list(full[:start]), list(full[start + len(bare) :])
    return [], []


class ScoringWorker:
    """Scores prompts on one worker thread, one prompt per model run.

    The int8 model quantises its activations per run, over every prompt in it, so
    a prompt batched with others scores slightly differently (about 1e-4) than on
    its own. One prompt per run makes a request's scores, and so its decision,
    depend on its text alone, never on what else was waiting; a request that
    fails to score fails alone.
    """

    def __init__(self, predictor: Predictor):
        self._predictor = predictor
        self._queue: queue.SimpleQueue[tuple[str, Future[np.ndarray]] | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._work, name="hydra-scorer", daemon=True)
        self._thread.start()

    def submit(self, text: str) -> Future[np.ndarray]:
        """A future of this prompt's raw scores (shape [4])."""
        future: Future[np.ndarray] = Future()
        self._queue.put((text, future))
        return future

    def close(self) -> None:
        """Stop the worker after the requests already queued."""
        self._queue.put(None)
        self._thread.join(timeout=5)

    def _work(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            text, future = item
            if future.set_running_or_notify_cancel():
                self._run(text, future)

    def _run(self, text: str, future: Future[np.ndarray]) -> None:
        try:
            row = self._predictor.score([text])[0]
        except Exception as exc:
            # Type only: an exception's text may quote the prompt, which stays private.
            log.error("scoring failed: %s", type(exc).__name__)
            future.set_exception(exc)
            return
        future.set_result(row)
