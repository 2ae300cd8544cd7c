"""Requirement scores for outcome prompts, from any scorer, cached per prompt.

Eval and calibrate need the predictor's four raw scores for every prompt and
the band [β_lo, β_hi] of each head. Anything that provides those satisfies
`RequirementScorer`: the shipped ONNX predictor, or a fake in tests. Scores are
cached under `.cache/hydra-eval/<scorer fingerprint>/` keyed by the prompt's
SHA-256, so a second run does not score again. Items whose line carried the
sidecar's own raw scores (the editor's feedback log) keep those: they are what the
router saw, and such a line may have no prompt to score.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from hydra_router.eval.outcomes import OutcomeItem
from hydra_router.manifest import Manifest, file_sha256, load_manifest
from hydra_router.protocol import DIMENSIONS

BATCH = 32
#: How PredictorScorer runs the model (one text per run); part of the cache key, so
#: scores cached by another way of running it are never reused.
SCORING = "alone"


class RequirementScorer(Protocol):
    """Gives raw requirement scores [n, 4] (DIMENSIONS order) for texts."""

    @property
    def fingerprint(self) -> str:
        """Changes whenever the scores could change (model name + version + hash)."""
        ...

    @property
    def bands(self) -> dict[str, tuple[float, float]]:
        """(β_lo, β_hi) per head."""
        ...

    def score(self, texts: Sequence[str]) -> np.ndarray: ...


@dataclass
class PredictorScorer:
    """The shipped predictor behind the RequirementScorer protocol."""

    predictor: object
    model_dir: Path

    @classmethod
    def load(cls, model_dir: Path | None = None) -> PredictorScorer:
        """Load the ONNX predictor; ValueError naming the folder and the fix."""
        from hydra_router.predictor import Predictor, default_model_dir

        folder = model_dir or default_model_dir()
        return cls(predictor=Predictor.load(folder), model_dir=folder)

    @property
    def fingerprint(self) -> str:
        manifest = self.predictor.manifest  # type: ignore[attr-defined]
        # The file's content hash, not its size/mtime: a retrained model of the same
        # name and version must never be served the old model's cached scores.
        digest = file_sha256(self.model_dir / manifest.onnx_file)
        return f"{manifest.name}-{manifest.version}-{digest[:16]}-{SCORING}"

    @property
    def version(self) -> str:
        manifest = self.predictor.manifest  # type: ignore[attr-defined]
        return f"{manifest.name} {manifest.version}"

    @property
    def bands(self) -> dict[str, tuple[float, float]]:
        return manifest_bands(self.predictor.manifest)  # type: ignore[attr-defined]

    def score(self, texts: Sequence[str]) -> np.ndarray:
        """Each text scored on its own, as the sidecar scores a lone request.

        The int8 model quantises activations per tensor, so a text's scores in a
        batch move (by about 1e-4) with whatever else is in the batch; scored
        alone they depend on the text only, and a figure does not change with the
        order prompts were cached in.
        """
        predictor = self.predictor
        rows = [predictor.score([text])[0] for text in texts]  # type: ignore[attr-defined]
        return np.asarray(rows, dtype=np.float32).reshape(len(rows), len(DIMENSIONS))


def manifest_bands(manifest: Manifest) -> dict[str, tuple[float, float]]:
    """(β_lo, β_hi) per head from a model folder's manifest."""
    return {h: (manifest.bands[h].lo, manifest.bands[h].hi) for h in DIMENSIONS}


def prompt_key(text: str) -> str:
    """Cache key of a prompt: its SHA-256 (prompts are never stored in the cache)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def default_cache_dir() -> Path:
    """`.cache/hydra-eval` at the repository root (gitignored)."""
    return Path(__file__).resolve().parents[3] / ".cache" / "hydra-eval"


def score_texts(
    scorer: RequirementScorer,
    texts: Sequence[str],
    cache_dir: Path | None = None,
    progress: bool = True,
) -> np.ndarray:
    """Scores [n, 4] for texts, reusing and filling the per-prompt cache."""
    cache: dict[str, list[float]] = {}
    path = None
    if cache_dir is not None:
        safe = "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in scorer.fingerprint)
        path = cache_dir / safe / "scores.json"
        if path.exists():
            cache = json.loads(path.read_text(encoding="utf-8"))
    keys = [prompt_key(t) for t in texts]
    pending = {k: t for k, t in zip(keys, texts, strict=True) if k not in cache}
    # Chunks only pace the progress bar and the cache; a scorer may batch them (similar
    # lengths, as a batch is padded to its longest text).
    todo = sorted(pending.items(), key=lambda kv: (len(kv[1]), kv[0]))
    if todo:
        from tqdm import tqdm

        bar = tqdm(total=len(todo), desc="scoring prompts", unit="prompt", disable=not progress)
        for start in range(0, len(todo), BATCH):
            chunk = todo[start : start + BATCH]
            out = np.asarray(scorer.score([t for _, t in chunk]), dtype=float)
            if out.shape != (len(chunk), len(DIMENSIONS)):
                raise ValueError(
                    f"scorer returned shape {out.shape}, expected ({len(chunk)}, {len(DIMENSIONS)})"
                )
            for (key, _), row in zip(chunk, out, strict=True):
                cache[key] = [float(v) for v in row]
            bar.update(len(chunk))
        bar.close()
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps(cache), encoding="utf-8")
            tmp.replace(path)
    return np.array([cache[k] for k in keys], dtype=float).reshape(len(texts), len(DIMENSIONS))


@dataclass(frozen=True)
class ScoreSet:
    """Raw scores [n, 4] for a list of items, their bands, and what produced them."""

    raw: np.ndarray
    bands: dict[str, tuple[float, float]]
    source: str


def read_score_file(path: Path) -> dict[str, list[float]]:
    """Precomputed scores: JSONL lines {"id": ..., "scores": {dimension: value}}.

    For predictors that run elsewhere. Values are taken as already normalised
    requirements (bands [0, 1]).
    """
    scores: dict[str, list[float]] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ValueError(f"{path}: cannot read ({exc.strerror})") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            obj = json.loads(line)
            values = [float(obj["scores"][d]) for d in DIMENSIONS]
            item_id = str(obj["id"])
        except (json.JSONDecodeError, KeyError, TypeError, ValueError):
            raise ValueError(
                f'{where}: expected {{"id": ..., "scores": {{{", ".join(DIMENSIONS)}}}}} '
                "with numbers in [0, 1]"
            ) from None
        if not all(0.0 <= v <= 1.0 for v in values):
            raise ValueError(f"{where}: scores must lie in [0, 1]")
        scores[item_id] = values
    return scores


def scores_for_items(
    items: Sequence[OutcomeItem],
    model_dir: Path | None = None,
    score_file: Path | None = None,
    cache_dir: Path | None = None,
    progress: bool = True,
) -> ScoreSet:
    """Scores for items: from a score file (by id, for every item), else the raw scores a
    line carries, else the predictor (by text). Logged raw scores are normalised by the
    predictor's bands like the predictor's own; when every item has them, only the
    predictor's manifest is read."""
    if score_file is not None:
        table = read_score_file(score_file)
        missing = [i.id for i in items if i.id not in table]
        if missing:
            raise ValueError(
                f"{score_file}: no scores for {len(missing)} items (first: {missing[0]!r}); "
                "score every item or drop --scores to use the predictor"
            )
        raw = np.array([table[i.id] for i in items], dtype=float)
        return ScoreSet(
            raw=raw, bands={d: (0.0, 1.0) for d in DIMENSIONS}, source=f"score file {score_file}"
        )
    logged = sum(item.scores is not None for item in items)
    if logged == len(items):
        from hydra_router.predictor import default_model_dir

        folder = model_dir or default_model_dir()
        manifest = load_manifest(folder)
        raw = np.array([item.scores for item in items], dtype=float).reshape(-1, len(DIMENSIONS))
        source = (
            f"raw scores logged with the items, normalised by the bands of "
            f"{manifest.name} {manifest.version} ({folder})"
        )
        return ScoreSet(raw=raw, bands=manifest_bands(manifest), source=source)
    scorer = PredictorScorer.load(model_dir)
    texts = [item.text for item in items if item.scores is None]
    computed = iter(score_texts(scorer, texts, cache_dir, progress))
    raw = np.array(
        [item.scores if item.scores is not None else next(computed) for item in items],
        dtype=float,
    ).reshape(-1, len(DIMENSIONS))
    source = f"{scorer.version} ({scorer.model_dir})"
    if logged:
        source += f"; {logged} of {len(items)} items with their logged raw scores"
    return ScoreSet(raw=raw, bands=scorer.bands, source=source)
