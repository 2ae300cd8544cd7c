"""Reader for outcome logs: one JSON object per line, per-model results per prompt.

Format (see docs/evaluation.md):

    {"id": "...", "source": "...", "lang": "en", "category": "...",
     "prompt": "...", "turns": [...], "outcomes": {"<model>": 0.0-1.0},
     "tokens": {"<model>": {"in": 123, "out": 45}},
     "cost_usd": {"<model>": 0.0123}}

Only `id`, `prompt` and `outcomes` are required; unknown keys are ignored so
that any file in this format works without a code change. `tokens` may give
only `in` or only `out` (the other is estimated, see costs.py); `cost_usd`,
where a log has it, is the run's real cost and wins over tokens × price.
Files ending in `.gz` are read through gzip.

A line may carry `scores` {reasoning, code_generation, debugging, tool_use}: the
predictor's raw head outputs for its prompt, as `hydra/route` returned them. Such a
line needs no `prompt` (its requirements are those scores, normalised by the
predictor's bands; the predictor is not run on it). The editor's opt-in feedback
log is written this way, one line per answered decision:

    {"id": "<decision uuid>", "time": "<ISO 8601>", "source": "hydra-feedback",
     "scores": {"reasoning": r, "code_generation": c, "debugging": d, "tool_use": t},
     "outcomes": {"<model id>": 1 or 0},
     "signal": "answered|helpful|unhelpful|error|empty|cutoff",
     "model": "<model id>", "method": "...", "regime": "...", "catalog_version": n,
     "predicted_pass": q or null, "conversation": "<conversation id>"}

plus `prompt` only when the user turned prompt logging on. The log may repeat an
`id` later with a newer signal: between two `hydra-feedback` lines the later one
wins (files are read in the order given). Any other repeated id is an error, as a
repeated benchmark item is a merge mistake, not an update.
"""

from __future__ import annotations

import gzip
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from hydra_router.protocol import DIMENSIONS

#: `source` of the lines the editor's feedback log writes; a later line with the
#: same id updates an earlier one (a newer signal for the same decision).
FEEDBACK_SOURCE = "hydra-feedback"
#: The wire's camelCase names of the score keys, accepted as well as DIMENSIONS.
_WIRE_NAMES = {"codeGeneration": "code_generation", "toolUse": "tool_use"}


class OutcomeFormatError(ValueError):
    """A line of an outcome file that does not follow the format; names file:line."""


@dataclass(frozen=True)
class TokenCount:
    """Tokens one model spent on one item (input includes system prompt and tools).

    None: the log did not record that side; it is estimated when costing.
    """

    input: int | None
    output: int | None


@dataclass(frozen=True)
class OutcomeItem:
    """One prompt with each model's score in [0, 1].

    `scores` are the predictor's raw head outputs (DIMENSIONS order) when the line
    carried them; `prompt` is then "" unless the log kept the prompt too.
    """

    id: str
    prompt: str
    outcomes: dict[str, float]
    source: str = ""
    lang: str = "und"
    category: str = "uncategorised"
    turns: tuple[str, ...] = ()
    tokens: dict[str, TokenCount] = field(default_factory=dict)
    cost_usd: dict[str, float] = field(default_factory=dict)
    origin: str = ""  # "file:line", for error messages
    scores: tuple[float, ...] | None = None

    @property
    def text(self) -> str:
        """What the router sees: the first user turn."""
        return self.prompt

    @property
    def from_feedback(self) -> bool:
        """Whether the line came from the editor's feedback log (a repeat updates it)."""
        return self.source == FEEDBACK_SOURCE


def _fail(where: str, message: str) -> OutcomeFormatError:
    return OutcomeFormatError(f"{where}: {message}")


def _score(where: str, model: str, value: object) -> float:
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if not isinstance(value, (int, float)) or not math.isfinite(value):
        raise _fail(where, f"outcomes[{model!r}] must be a number in [0, 1], got {value!r}")
    if not 0.0 <= float(value) <= 1.0:
        raise _fail(where, f"outcomes[{model!r}] = {value} is outside [0, 1]; rescale it")
    return float(value)


def _tokens(where: str, raw: object) -> dict[str, TokenCount]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise _fail(where, "`tokens` must be an object {model: {in, out}}")
    counts: dict[str, TokenCount] = {}
    for model, pair in raw.items():
        if not isinstance(pair, dict):
            raise _fail(where, f"tokens[{model!r}] must be an object with `in` and `out`")
        tin, tout = pair.get("in"), pair.get("out")
        sides = [v for v in (tin, tout) if v is not None]
        if not sides or not all(isinstance(v, int) and not isinstance(v, bool) for v in sides):
            raise _fail(
                where, f"tokens[{model!r}] needs a non-negative integer `in`, `out` or both"
            )
        if any(v < 0 for v in sides):
            raise _fail(where, f"tokens[{model!r}] counts must be 0 or more")
        counts[str(model)] = TokenCount(input=tin, output=tout)
    return counts


def _costs(where: str, raw: object) -> dict[str, float]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise _fail(where, "`cost_usd` must be an object {model: USD}")
    costs: dict[str, float] = {}
    for model, value in raw.items():
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        if not ok or not math.isfinite(value) or value < 0:
            raise _fail(where, f"cost_usd[{model!r}] must be a number of USD, 0 or more")
        costs[str(model)] = float(value)
    return costs


def _raw_scores(where: str, item_id: str, raw: object) -> tuple[float, ...] | None:
    """The four raw head outputs of a line's `scores`, in DIMENSIONS order (None if absent)."""
    if raw is None:
        return None
    shape = "{" + ", ".join(f'"{d}": 0.0-1.0' for d in DIMENSIONS) + "}"
    if not isinstance(raw, dict):
        raise _fail(where, f"item {item_id!r}: `scores` must be an object {shape}")
    named = {_WIRE_NAMES.get(str(k), str(k)): v for k, v in raw.items()}
    values = []
    for dimension in DIMENSIONS:
        value = named.get(dimension)
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        if not number or not math.isfinite(value) or not 0.0 <= value <= 1.0:
            raise _fail(
                where,
                f"item {item_id!r}: scores[{dimension!r}] must be a number in [0, 1] "
                f"(the predictor's raw output), got {value!r}; expected {shape}",
            )
        values.append(float(value))
    return tuple(values)


def parse_item(obj: object, where: str) -> OutcomeItem:
    """Check one decoded line and turn it into an OutcomeItem."""
    if not isinstance(obj, dict):
        raise _fail(where, "each line must be a JSON object")
    item_id, prompt, outcomes = obj.get("id"), obj.get("prompt"), obj.get("outcomes")
    if not isinstance(item_id, str) or not item_id:
        raise _fail(where, "missing `id` (a non-empty string)")
    raw_scores = _raw_scores(where, item_id, obj.get("scores"))
    if raw_scores is not None:
        if prompt is not None and not isinstance(prompt, str):
            raise _fail(where, f"item {item_id!r}: `prompt` must be a string when present")
        prompt = prompt or ""
    elif not isinstance(prompt, str) or not prompt.strip():
        raise _fail(
            where,
            f"item {item_id!r}: missing `prompt` (a non-empty string), or `scores` "
            "(the predictor's raw outputs) in its place",
        )
    if not isinstance(outcomes, dict) or not outcomes:
        raise _fail(where, f"item {item_id!r}: `outcomes` must be a non-empty {{model: score}}")
    scores = {str(m): _score(where, str(m), v) for m, v in outcomes.items()}
    turns = obj.get("turns") or []
    if not isinstance(turns, list) or not all(isinstance(t, str) for t in turns):
        raise _fail(where, f"item {item_id!r}: `turns` must be a list of strings")
    return OutcomeItem(
        id=item_id,
        prompt=prompt,
        outcomes=scores,
        source=str(obj.get("source") or ""),
        lang=str(obj.get("lang") or "und"),
        category=str(obj.get("category") or "uncategorised"),
        turns=tuple(turns),
        tokens=_tokens(where, obj.get("tokens")),
        cost_usd=_costs(where, obj.get("cost_usd")),
        origin=where,
        scores=raw_scores,
    )


def read_outcomes(path: Path) -> list[OutcomeItem]:
    """Read one outcome file (`.jsonl` or `.jsonl.gz`); errors name file:line and the fix."""
    try:
        handle = _open(path)
    except OSError as exc:
        raise OutcomeFormatError(f"{path}: cannot read ({exc.strerror})") from None
    items: dict[str, OutcomeItem] = {}
    with handle:
        for number, line in enumerate(_lines(handle, path), start=1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise _fail(where, f"not valid JSON ({exc.msg}, column {exc.colno})") from None
            _add(items, parse_item(obj, where))
    if not items:
        raise OutcomeFormatError(f"{path}: no items; expected one JSON object per line")
    return list(items.values())


def _add(items: dict[str, OutcomeItem], item: OutcomeItem) -> None:
    """Add `item` by id: a feedback line replaces an earlier feedback line with its id (a
    newer signal for the same decision, kept at the first line's place); any other
    repeated id is an error naming both lines."""
    earlier = items.get(item.id)
    if earlier is not None and not (earlier.from_feedback and item.from_feedback):
        raise _fail(
            item.origin,
            f"duplicate id {item.id!r} (first at {earlier.origin}); only lines of the "
            f"editor's feedback log (source {FEEDBACK_SOURCE!r}) may repeat an id",
        )
    items[item.id] = item


def _open(path: Path) -> TextIO:
    """The file as text; `.gz` through gzip."""
    if path.name.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8")  # noqa: SIM115 - closed by the caller
    return path.open(encoding="utf-8")


def _lines(handle: Iterable[str], path: Path) -> Iterable[str]:
    """The file's lines; a damaged gzip stream is a format error, not a crash."""
    try:
        yield from handle
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise OutcomeFormatError(f"{path}: cannot read ({exc})") from None


def read_many(paths: Iterable[Path]) -> list[OutcomeItem]:
    """Read several files into one list; ids must be unique across them, except that a
    feedback line updates an earlier file's feedback line with its id."""
    items: dict[str, OutcomeItem] = {}
    for path in paths:
        for item in read_outcomes(path):
            _add(items, item)
    return list(items.values())


def common_models(items: Sequence[OutcomeItem]) -> list[str]:
    """Models scored on every item, sorted; routing compares only these."""
    if not items:
        return []
    shared = set(items[0].outcomes)
    for item in items[1:]:
        shared &= set(item.outcomes)
    return sorted(shared)
