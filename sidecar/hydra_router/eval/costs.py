"""What each model would cost on each item, in USD.

A run's recorded cost (`cost_usd`, e.g. an agent scaffold's real spend) is
taken as it is. Otherwise token counts come from the outcome file where it has
them; a log that records only one side (`in` or `out`) gets the other
estimated. Where tokens are missing (models run locally, failed calls, files
without `tokens`), they are estimated:

1. the median of the other models' counts on the same item, if any model
   recorded one (prompt length and answer length are properties of the item
   more than of the model, tokenizer differences aside);
2. otherwise input = ceil(characters / 4) of the prompt and later turns (the
   usual English rule of thumb) and output = a fixed default (200 tokens unless
   set with --output-tokens).

Every cost cell says where it came from (`COST_SOURCES`), and the report
counts each.
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
#: Where a cost cell came from, in order of preference.
COST_SOURCES = ("cost_usd", "tokens", "tokens_partial", "estimated")


@dataclass(frozen=True)
class ModelPrice:
    """USD per one million input / output tokens."""

    input_per_1m: float
    output_per_1m: float
    estimated: bool = False


@dataclass(frozen=True)
class CostTable:
    """usd[i, j]: cost of item i on model j; source[i, j]: index into COST_SOURCES."""

    models: list[str]
    usd: np.ndarray
    source: np.ndarray

    @property
    def measured_share(self) -> float:
        """Share of cells from a recorded cost or both recorded token counts."""
        return float((self.source <= 1).mean()) if self.source.size else 0.0

    def source_shares(self) -> dict[str, float]:
        """Share of cells per source (`COST_SOURCES`)."""
        n = max(self.source.size, 1)
        return {name: float((self.source == k).sum() / n) for k, name in enumerate(COST_SOURCES)}


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
    """(input, output, measured) for one model on one item; see the module docstring.

    `measured` is True only when the log recorded both sides for this model.
    """
    own = item.tokens.get(model)
    if own is not None and own.input is not None and own.output is not None:
        return own.input, own.output, True
    ins = [c.input for c in item.tokens.values() if c.input is not None]
    outs = [c.output for c in item.tokens.values() if c.output is not None]
    chars = len(item.prompt) + sum(len(t) for t in item.turns)
    tin = int(statistics.median(ins)) if ins else math.ceil(chars / CHARS_PER_TOKEN)
    tout = int(statistics.median(outs)) if outs else output_tokens
    if own is not None:  # one side recorded: keep it, estimate the other
        tin = own.input if own.input is not None else tin
        tout = own.output if own.output is not None else tout
    return tin, tout, False


def cost_table(
    items: Sequence[OutcomeItem],
    models: Sequence[str],
    prices: dict[str, ModelPrice],
    output_tokens: int = DEFAULT_OUTPUT_TOKENS,
) -> CostTable:
    """USD cost of every (item, model); ValueError naming models without a price.

    Every model needs a price even where `cost_usd` is recorded: routers order
    models by their list price.
    """
    missing = [m for m in models if m not in prices]
    if missing:
        raise ValueError(
            f"no price for {missing}: add them to the price file (--prices) with "
            "input_per_1m and output_per_1m"
        )
    usd = np.zeros((len(items), len(models)))
    source = np.zeros((len(items), len(models)), dtype=int)
    for i, item in enumerate(items):
        for j, model in enumerate(models):
            if model in item.cost_usd:
                usd[i, j], source[i, j] = item.cost_usd[model], 0
                continue
            tin, tout, seen = estimate_tokens(item, model, output_tokens)
            price = prices[model]
            usd[i, j] = (tin * price.input_per_1m + tout * price.output_per_1m) / 1e6
            source[i, j] = 1 if seen else (2 if model in item.tokens else 3)
    return CostTable(models=list(models), usd=usd, source=source)
