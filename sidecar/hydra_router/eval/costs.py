"""What each model would cost on each item, in USD.

Token counts come from the outcome file where it has them. Where it does not
(models run locally, failed calls, files without `tokens`), they are estimated:

1. the median of the other models' counts on the same item, if any model
   recorded one (prompt length and answer length are properties of the item
   more than of the model, tokenizer differences aside);
2. otherwise input = ceil(characters / 4) of the prompt and later turns (the
   usual English rule of thumb) and output = a fixed default (200 tokens unless
   set with --output-tokens).

Every cost row says whether it was measured or estimated, and the report
counts both.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from hydra_router.eval.outcomes import OutcomeItem

DEFAULT_OUTPUT_TOKENS = 200
CHARS_PER_TOKEN = 4


@dataclass(frozen=True)
class ModelPrice:
    """USD per one million input / output tokens."""

    input_per_1m: float
    output_per_1m: float
    estimated: bool = False


@dataclass(frozen=True)
class CostTable:
    """usd[i, j]: cost of item i on model j; measured[i, j]: tokens were recorded."""

    models: list[str]
    usd: np.ndarray
    measured: np.ndarray

    @property
    def measured_share(self) -> float:
        return float(self.measured.mean()) if self.measured.size else 0.0


def load_prices(path: Path) -> dict[str, ModelPrice]:
    """Read a models.yaml price table (`models:` and optional `seed_pool:` sections)."""
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ValueError(f"{path}: cannot read ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        raise ValueError(f"{path}: not valid YAML ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("models"), dict):
        raise ValueError(f"{path}: expected a `models:` mapping of model id -> prices")
    prices: dict[str, ModelPrice] = {}
    for section in ("models", "seed_pool"):
        for model, entry in (data.get(section) or {}).items():
            try:
                prices[str(model)] = ModelPrice(
                    input_per_1m=float(entry["input_per_1m"]),
                    output_per_1m=float(entry["output_per_1m"]),
                    estimated=bool(entry.get("estimated", False)),
                )
            except (KeyError, TypeError, ValueError):
                raise ValueError(
                    f"{path}: {section}.{model} needs numeric `input_per_1m` and `output_per_1m`"
                ) from None
    return prices


def estimate_tokens(
    item: OutcomeItem, model: str, output_tokens: int = DEFAULT_OUTPUT_TOKENS
) -> tuple[int, int, bool]:
    """(input, output, measured) for one model on one item; see the module docstring."""
    if model in item.tokens:
        count = item.tokens[model]
        return count.input, count.output, True
    if item.tokens:
        ins = [c.input for c in item.tokens.values()]
        outs = [c.output for c in item.tokens.values()]
        return int(statistics.median(ins)), int(statistics.median(outs)), False
    chars = len(item.prompt) + sum(len(t) for t in item.turns)
    return math.ceil(chars / CHARS_PER_TOKEN), output_tokens, False


def cost_table(
    items: Sequence[OutcomeItem],
    models: Sequence[str],
    prices: dict[str, ModelPrice],
    output_tokens: int = DEFAULT_OUTPUT_TOKENS,
) -> CostTable:
    """USD cost of every (item, model); ValueError naming models without a price."""
    missing = [m for m in models if m not in prices]
    if missing:
        raise ValueError(
            f"no price for {missing}: add them to the price file (--prices) with "
            "input_per_1m and output_per_1m"
        )
    usd = np.zeros((len(items), len(models)))
    measured = np.zeros((len(items), len(models)), dtype=bool)
    for i, item in enumerate(items):
        for j, model in enumerate(models):
            tin, tout, seen = estimate_tokens(item, model, output_tokens)
            price = prices[model]
            usd[i, j] = (tin * price.input_per_1m + tout * price.output_per_1m) / 1e6
            measured[i, j] = seen
    return CostTable(models=list(models), usd=usd, measured=measured)
