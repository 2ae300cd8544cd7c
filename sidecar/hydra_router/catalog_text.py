"""Edit a catalog's text in place: replace scalar values, keep every other byte.

A catalog is a hand-written file full of comments that say where each number came
from; rewriting it through a YAML dumper would lose them. Each value is instead
found by its YAML node's marks (`profiles._compose`, the same parse that locates
errors) and only its characters are replaced. A note, when given, becomes the
trailing comment of the value's line, replacing the comment that was there (it
described the old value); a value followed by more content on its line (a flow
mapping) gets no note.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from hydra_router.profiles import _compose

KeyPath = Sequence[str | int]
#: Reliabilities are written with this many decimals, and kept strictly inside (0, 1).
DECIMALS = 4


def set_scalars(text: str, edits: Mapping[tuple[str | int, ...], tuple[str, str | None]]) -> str:
    """`text` with the scalar at each key path (e.g. `("models", 2, "reliability")`)
    replaced by its new value text, and its note (or None) as the line's comment.

    ValueError names a path that is not a scalar in the document.
    """
    root, _ = _compose(text)
    spans = [(*_span(text, _scalar_at(root, path)), *edit) for path, edit in edits.items()]
    for start, end, line_end, value, note in sorted(spans, reverse=True):  # offsets stay valid
        rest = text[end:line_end]
        if note is not None and (not rest.strip() or rest.lstrip().startswith("#")):
            text = f"{text[:start]}{value}  # {note}{text[line_end:]}"
        else:
            text = f"{text[:start]}{value}{text[end:]}"
    return text


def set_scalar(text: str, path: KeyPath, value: str, note: str | None = None) -> str:
    """`text` with the scalar at `path` replaced by `value` (see `set_scalars`)."""
    return set_scalars(text, {tuple(path): (value, note)})


def set_reliabilities(text: str, values: Mapping[str, float], notes: Mapping[str, str]) -> str:
    """`text` with the `reliability` of each model in `values` (by id) replaced, written
    with DECIMALS decimals and the model's note (if any) as the line's comment.

    ValueError names a model the catalog does not list or whose entry has no
    `reliability`.
    """
    _, data = _compose(text)
    models = data.get("models") if isinstance(data, dict) else None
    ids = [m.get("id") if isinstance(m, dict) else None for m in models or []]
    edits: dict[tuple[str | int, ...], tuple[str, str | None]] = {}
    for model_id, value in values.items():
        if model_id not in ids:
            raise ValueError(f"no model `{model_id}` in the catalog's `models:`")
        edits[("models", ids.index(model_id), "reliability")] = (
            probability_text(value),
            notes.get(model_id),
        )
    return set_scalars(text, edits)


def probability_text(value: float) -> str:
    """A probability as catalog text: DECIMALS decimals, never 0 or 1 (both invalid)."""
    step = 10.0**-DECIMALS
    return f"{min(max(value, step), 1.0 - step):.{DECIMALS}f}"


def _scalar_at(root: Any, path: Sequence[str | int]) -> Any:
    """The scalar node at `path`; ValueError naming the path when there is none."""
    import yaml

    node = root
    for step in path:
        child = None
        if isinstance(step, int) and isinstance(node, yaml.SequenceNode):
            child = node.value[step] if 0 <= step < len(node.value) else None
        elif isinstance(step, str) and isinstance(node, yaml.MappingNode):
            child = next((v for k, v in node.value if getattr(k, "value", None) == step), None)
        if child is None:
            raise ValueError(f"no `{_dotted(path)}` in the catalog")
        node = child
    if not isinstance(node, yaml.ScalarNode):
        raise ValueError(f"`{_dotted(path)}` is not a single value")
    return node


def _span(text: str, node: Any) -> tuple[int, int, int]:
    """Start and end of the node's characters, and the end of its line."""
    start, end = node.start_mark.index, node.end_mark.index
    line_end = min((i for i in (text.find("\n", end), text.find("\r", end)) if i >= 0), default=-1)
    return start, end, len(text) if line_end < 0 else line_end


def _dotted(path: Sequence[str | int]) -> str:
    return "".join(f"[{s}]" if isinstance(s, int) else f".{s}" for s in path).lstrip(".")
