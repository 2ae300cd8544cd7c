"""Latency benchmark of the shipped predictor: 1 × 128 tokens, int8, 2 threads.

    python scripts/bench_predictor.py [--model models/hydra-modernbert-small/model.onnx]

Prints p50/p95 in milliseconds. A benchmark, not a test: figures depend on the
machine and its load, so nothing here asserts on them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DEFAULT_MODEL = (
    Path(__file__).resolve().parent.parent / "models" / "hydra-modernbert-small" / "model.onnx"
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL, help="ONNX file to time")
    parser.add_argument("--tokens", type=int, default=128, help="sequence length (default 128)")
    parser.add_argument("--threads", type=int, default=2, help="intra-op threads (default 2)")
    parser.add_argument("--runs", type=int, default=500, help="timed calls (default 500)")
    args = parser.parse_args()
    if not args.model.exists():
        print(
            f"error: {args.model} not found; export a model with `hydra-router export`",
            file=sys.stderr,
        )
        return 2
    if not (args.model.parent / "tokenizer.json").exists():
        print(
            f"error: {args.model.parent / 'tokenizer.json'} not found; the benchmark tokenises"
            " its sample request with the tokenizer beside the model (a model folder)",
            file=sys.stderr,
        )
        return 2
    from hydra_router.training.latency import measure

    result = measure(args.model, args.tokens, args.threads, args.runs)
    print(
        f"model {args.model}  1 x {result.tokens} tokens  "
        f"threads={result.threads}  runs={result.runs}"
    )
    print(f"p50 {result.p50_ms:.2f} ms  p95 {result.p95_ms:.2f} ms  mean {result.mean_ms:.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
