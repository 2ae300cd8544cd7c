"""The predictor's manifest: what a model folder promises the sidecar.

A model folder (`models/<name>/`) holds:

- `model.onnx`      int8 ONNX; inputs `input_ids`, `attention_mask` (int64,
                    shape [batch, seq]); output `scores` (float32, [batch, 4]),
                    sigmoid already applied, heads in `DIMENSIONS` order.
- `tokenizer.json`  a `tokenizers` tokenizer (no truncation or padding set:
                    the predictor does head + tail truncation itself).
- `manifest.json`   this struct.
- `MODEL_CARD.md`   data, recipe, metrics, limits, licenses.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Annotated

import msgspec

from hydra_router.protocol import DIMENSIONS

MANIFEST_FORMAT = 1

Unit = Annotated[float, msgspec.Meta(ge=0.0, le=1.0)]


class Band(msgspec.Struct, frozen=True):
    """[β_lo, β_hi]: percentiles of one head's outputs on a calibration split."""

    lo: Unit
    hi: Unit

    @property
    def width(self) -> float:
        return max(self.hi - self.lo, 1e-6)


class Manifest(msgspec.Struct, kw_only=True):
    format: int = MANIFEST_FORMAT
    name: str
    version: str
    heads: list[str]
    max_length: Annotated[int, msgspec.Meta(gt=2)]
    bands: dict[str, Band]
    band_percentiles: tuple[float, float] = (5.0, 95.0)
    onnx_file: str = "model.onnx"
    tokenizer_file: str = "tokenizer.json"
    training_data_sha256: str = ""
    base_model: str = ""
    created: str = ""

    def check(self) -> None:
        """Raise ValueError naming what is wrong, for manifests from other versions."""
        if self.format != MANIFEST_FORMAT:
            raise ValueError(
                f"manifest format {self.format} is not {MANIFEST_FORMAT}: re-export the model "
                "with this hydra-router version (`hydra-router export`)"
            )
        if tuple(self.heads) != DIMENSIONS:
            raise ValueError(f"heads {self.heads} must be exactly {list(DIMENSIONS)}")
        missing = [h for h in DIMENSIONS if h not in self.bands]
        if missing:
            raise ValueError(f"bands missing for heads {missing}")


def load_manifest(model_dir: Path) -> Manifest:
    """Read and check `manifest.json`; errors name the file and the fix."""
    path = model_dir / "manifest.json"
    try:
        manifest = msgspec.json.decode(path.read_bytes(), type=Manifest)
        manifest.check()
    except FileNotFoundError:
        raise ValueError(
            f"{path}: not found. Point --model at a folder made by `hydra-router export`"
        ) from None
    except (msgspec.DecodeError, msgspec.ValidationError, ValueError) as exc:
        raise ValueError(f"{path}: {exc}") from None
    return manifest


def write_manifest(model_dir: Path, manifest: Manifest) -> None:
    data = msgspec.json.format(msgspec.json.encode(manifest), indent=2)
    (model_dir / "manifest.json").write_bytes(data + b"\n")


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes, read in 1 MiB chunks (model and label files are large)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
