"""The development set: hand-written editor-chat requests with a label per head.

`data/devset/requests.jsonl` holds one request per line: an English row and
its translations share a `group` and their labels (0, 1, or null where a
head is ambiguous for that request). It is for choosing and reporting models,
never for training. Every figure here is a pure function of the rows and the
predictor's raw scores, cut at 0.5:

- per head: recall, specificity, precision and balanced accuracy
  ((recall + specificity) / 2), null labels left out;
- per language: accuracy over its labelled cells (row × head);
- agreement with English: the share of translations whose four decisions all
  equal the English row's, per language and pooled for languages with
  labelled training templates and for held-out ones;
- route agreement: the share of translations sent to the same model as the
  English row (the caller supplies each row's chosen model).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from hydra_router.protocol import DIMENSIONS, Regime
from hydra_router.training.metrics import Invariance, decision_rates, language_invariance

if TYPE_CHECKING:
    from hydra_router.profiles import Catalog

#: The decision cut on raw head scores.
CUT = 0.5

#: What a model must reach on the set (per head, per language, per agreement pool).
BALANCED_ACCURACY_TARGET = 0.90
RECALL_TARGET = 0.85
LANGUAGE_ACCURACY_TARGET = 0.85
AGREEMENT_TARGET_LABELLED = 0.95
AGREEMENT_TARGET_HELDOUT = 0.90

Label = int | None

_FIELDS = ("id", "group", "lang", "heldout", "text", "labels", "style")


class DevsetError(ValueError):
    """A development-set file that cannot be read: names the file, line and field."""


@dataclass(frozen=True)
class DevRow:
    id: str
    group: str
    lang: str
    heldout: bool
    text: str
    labels: tuple[Label, ...]  # DIMENSIONS order
    style: str


def load_rows(path: Path) -> list[DevRow]:
    """Read a development-set JSONL file; DevsetError says what is wrong and where."""
    if not path.is_file():
        raise DevsetError(
            f"{path}: no such file; pass --data with the development set "
            "(data/devset/requests.jsonl in the repository)"
        )
    with path.open(encoding="utf-8") as handle:
        return parse_rows(handle, str(path))


def parse_rows(lines: Iterable[str], source: str = "<rows>") -> list[DevRow]:
    """Parse JSONL lines into rows (blank lines skipped); DevsetError on the first bad one."""
    rows = []
    for number, line in enumerate(lines, 1):
        if line.strip():
            rows.append(_parse_row(line, f"{source}:{number}"))
    if not rows:
        raise DevsetError(f"{source}: no rows; the file must hold one JSON object per line")
    return rows


def _parse_row(line: str, where: str) -> DevRow:
    try:
        raw = json.loads(line)
    except json.JSONDecodeError as exc:
        raise DevsetError(f"{where}: not valid JSON ({exc.msg}, column {exc.colno})") from None
    if not isinstance(raw, dict):
        raise DevsetError(f"{where}: expected a JSON object, got {type(raw).__name__}")
    missing = [name for name in _FIELDS if name not in raw]
    if missing:
        raise DevsetError(f"{where}: field `{missing[0]}` is missing (every row needs {_FIELDS})")
    for name in ("id", "group", "lang", "text", "style"):
        if not isinstance(raw[name], str) or not raw[name].strip():
            raise DevsetError(f"{where}: field `{name}` must be a non-empty string")
    if not isinstance(raw["heldout"], bool):
        raise DevsetError(f"{where}: field `heldout` must be true or false")
    labels = raw["labels"]
    if not isinstance(labels, dict):
        raise DevsetError(f"{where}: field `labels` must be an object with {DIMENSIONS}")
    unknown = sorted(set(labels) - set(DIMENSIONS))
    if unknown:
        raise DevsetError(f"{where}: field `labels.{unknown[0]}` is not a head {DIMENSIONS}")
    for head in DIMENSIONS:
        if head not in labels:
            raise DevsetError(f"{where}: field `labels.{head}` is missing (0, 1 or null)")
        value = labels[head]
        if value is not None and (isinstance(value, bool) or value not in (0, 1)):
            raise DevsetError(f"{where}: field `labels.{head}` must be 0, 1 or null, got {value!r}")
    return DevRow(
        id=raw["id"],
        group=raw["group"],
        lang=raw["lang"],
        heldout=raw["heldout"],
        text=raw["text"],
        labels=tuple(labels[head] for head in DIMENSIONS),
        style=raw["style"],
    )


def structure_problems(rows: Sequence[DevRow], min_share: float = 0.25) -> list[str]:
    """What breaks the set's rules: unique ids and texts, an English row per group,
    translations with the English row's labels, a fixed held-out flag per language,
    and each head positive and negative in at least `min_share` of its labelled groups."""
    problems = []
    for what, values in (("id", [r.id for r in rows]), ("text", [r.text for r in rows])):
        seen: set[str] = set()
        for value in values:
            if value in seen:
                problems.append(f"duplicate {what}: {value[:60]!r}")
            seen.add(value)
    english = {r.group: r for r in rows if r.lang == "en"}
    for row in rows:
        ref = english.get(row.group)
        if ref is None:
            problems.append(f"{row.id}: group {row.group} has no English row")
        elif row.labels != ref.labels:
            problems.append(f"{row.id}: labels differ from {ref.id}")
    flags: dict[str, set[bool]] = {}
    for row in rows:
        flags.setdefault(row.lang, set()).add(row.heldout)
    problems += [
        f"lang {lang}: heldout is both true and false" for lang, f in flags.items() if len(f) > 1
    ]
    for k, head in enumerate(DIMENSIONS):
        labelled = [r.labels[k] for r in english.values() if r.labels[k] is not None]
        for name, share in (
            ("positive", labelled.count(1) / max(1, len(labelled))),
            ("negative", labelled.count(0) / max(1, len(labelled))),
        ):
            if share < min_share:
                problems.append(
                    f"{head}: {name} in {share:.0%} of labelled groups (< {min_share:.0%})"
                )
    return problems


@dataclass(frozen=True)
class HeadFigures:
    head: str
    positives: int
    negatives: int
    recall: float
    specificity: float
    precision: float
    balanced_accuracy: float


def head_figures(scores: np.ndarray, labels: Sequence[Sequence[Label]]) -> list[HeadFigures]:
    """Per head: the decision at CUT against the labels, null labels left out.

    A figure with no rows to measure it on (no positives for recall, nothing
    fired for precision) is NaN.
    """
    out = []
    for k, head in enumerate(DIMENSIONS):
        known = np.array([row[k] is not None for row in labels], dtype=bool)
        truth = np.array([row[k] == 1 for row in labels], dtype=bool)[known]
        head_scores = np.asarray(scores, dtype=np.float64)[known, k]
        rates = decision_rates(head_scores, truth, CUT)
        fired = head_scores >= CUT
        precision = float(truth[fired].mean()) if fired.any() else float("nan")
        out.append(
            HeadFigures(
                head=head,
                positives=int(truth.sum()),
                negatives=int((~truth).sum()),
                recall=rates["recall"],
                specificity=rates["specificity"],
                precision=precision,
                balanced_accuracy=(rates["recall"] + rates["specificity"]) / 2.0,
            )
        )
    return out


def labelled_accuracy(scores: np.ndarray, labels: Sequence[Sequence[Label]]) -> tuple[int, float]:
    """(labelled cells, share decided right at CUT) over every row × head with a label."""
    right = total = 0
    for row_scores, row_labels in zip(np.asarray(scores).tolist(), labels, strict=True):
        for score, label in zip(row_scores, row_labels, strict=True):
            if label is not None:
                total += 1
                right += int((score >= CUT) == (label == 1))
    return total, (right / total if total else float("nan"))


@dataclass(frozen=True)
class LanguageFigures:
    lang: str
    heldout: bool
    rows: int
    cells: int
    accuracy: float
    agreement: float | None  # None for English itself
    route_agreement: float | None


@dataclass(frozen=True)
class Pooled:
    """Agreement with English over all translations of one kind of language."""

    pairs: int
    agreement: float
    route_agreement: float | None


@dataclass(frozen=True)
class Target:
    name: str
    value: float
    goal: float

    @property
    def met(self) -> bool:
        return bool(self.value >= self.goal)


@dataclass(frozen=True)
class DevsetReport:
    rows: int
    groups: int
    heads: list[HeadFigures]
    languages: list[LanguageFigures]
    labelled: Pooled
    heldout: Pooled
    targets: list[Target]


def evaluate(
    rows: Sequence[DevRow], scores: np.ndarray, routes: Sequence[str] | None = None
) -> DevsetReport:
    """All figures of one model on the set; `routes` are the models chosen per row."""
    scores = np.asarray(scores, dtype=np.float64)
    if scores.shape != (len(rows), len(DIMENSIONS)):
        raise ValueError(f"scores must be [{len(rows)}, {len(DIMENSIONS)}], got {scores.shape}")
    if routes is not None and len(routes) != len(rows):
        raise ValueError("routes need one entry per row")
    heads = head_figures(scores, [r.labels for r in rows])
    invariance = {
        inv.lang: inv
        for inv in language_invariance(
            scores,
            [r.lang for r in rows],
            [r.group for r in rows],
            {r.lang for r in rows if not r.heldout},
            CUT,
            routes,
        )
    }
    languages = []
    for lang in sorted({r.lang for r in rows}, key=lambda name: (name != "en", name)):
        picked = [i for i, r in enumerate(rows) if r.lang == lang]
        cells, accuracy = labelled_accuracy(scores[picked], [rows[i].labels for i in picked])
        inv = invariance.get(lang)
        languages.append(
            LanguageFigures(
                lang=lang,
                heldout=rows[picked[0]].heldout,
                rows=len(picked),
                cells=cells,
                accuracy=accuracy,
                agreement=inv.agreement if inv else None,
                route_agreement=inv.route_agreement if inv else None,
            )
        )
    labelled = _pool([inv for inv in invariance.values() if not inv.held_out])
    heldout = _pool([inv for inv in invariance.values() if inv.held_out])
    return DevsetReport(
        rows=len(rows),
        groups=len({r.group for r in rows}),
        heads=heads,
        languages=languages,
        labelled=labelled,
        heldout=heldout,
        targets=_targets(heads, languages, labelled, heldout),
    )


def _pool(parts: Sequence[Invariance]) -> Pooled:
    pairs = sum(p.pairs for p in parts)
    if not pairs:
        return Pooled(0, float("nan"), None)
    routed = [p.route_agreement * p.pairs for p in parts if p.route_agreement is not None]
    return Pooled(
        pairs=pairs,
        agreement=sum(p.agreement * p.pairs for p in parts) / pairs,
        route_agreement=sum(routed) / pairs if len(routed) == len(parts) else None,
    )


def _targets(
    heads: Sequence[HeadFigures],
    languages: Sequence[LanguageFigures],
    labelled: Pooled,
    heldout: Pooled,
) -> list[Target]:
    out = []
    for h in heads:
        out.append(
            Target(f"{h.head} balanced accuracy", h.balanced_accuracy, BALANCED_ACCURACY_TARGET)
        )
        out.append(Target(f"{h.head} recall", h.recall, RECALL_TARGET))
    out += [
        Target(f"{lang.lang} accuracy", lang.accuracy, LANGUAGE_ACCURACY_TARGET)
        for lang in languages
    ]
    out.append(
        Target(
            "agreement with English, labelled languages",
            labelled.agreement,
            AGREEMENT_TARGET_LABELLED,
        )
    )
    out.append(
        Target(
            "agreement with English, held-out languages",
            heldout.agreement,
            AGREEMENT_TARGET_HELDOUT,
        )
    )
    return out


def chosen_models(
    texts: Sequence[str],
    scores: np.ndarray,
    bands: Sequence[tuple[float, float]],
    catalog: Catalog,
    regime: Regime = "iso",
) -> list[str]:
    """The model `routing.route` picks for each text under a catalog and regime.

    No conversation ids: nothing is remembered from one row to the next.
    """
    from hydra_router.profiles import CatalogSnapshot
    from hydra_router.protocol import RouteParams
    from hydra_router.routing import RoutingMemory, route

    snapshot = CatalogSnapshot(catalog, 1, "devset", "cli")
    state = RoutingMemory()
    return [
        route(RouteParams(prompt=text, regime=regime), snapshot, row, bands, state).model
        for text, row in zip(texts, np.asarray(scores).tolist(), strict=True)
    ]
