"""Edit a catalog's text in place: replace scalar values or set entries, keep every other byte.

A catalog is a hand-written file full of comments that say where each number came
from; rewriting it through a YAML dumper would lose them. Each value is instead
found by its YAML node's marks (`profiles._compose`, the same parse that locates
errors, character offsets) and only its characters are replaced. A note, when
given, becomes the trailing comment of the value's line, replacing the comment
that was there (it described the old value); a value followed by more content on
its line (a flow mapping) gets no note. `set_entry` replaces a whole entry (a
scalar or a block mapping, e.g. `defaults.guarantee`) from its key to the end of
its value, or inserts it after the last entry of its parent mapping.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from hydra_router.profiles import Guarantee, _compose

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
        child = _child(node, step)
        if child is None:
            raise ValueError(f"no `{_dotted(path)}` in the catalog")
        node = child[1]
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


Step = str | int
Scalar = str | int | float | bool | None


class CatalogTextError(ValueError):
    """The text cannot be edited at that key path (names the path and the fix)."""


def set_guarantee(text: str, block: Guarantee, comment: Sequence[str] = ()) -> str:
    """The catalog text with `defaults.guarantee` set to `block` (replaced or inserted).

    `comment` lines open the block; everything outside the block is unchanged.
    """
    value = {
        "epsilon": block.epsilon,
        "alpha": block.alpha,
        "delta": block.delta,
        "reference": block.reference,
        "n": block.n,
    }
    return set_entry(text, ["defaults", "guarantee"], value, comment)


def set_entry(
    text: str, path: Sequence[Step], value: Scalar | Mapping[str, Any], comment: Sequence[str] = ()
) -> str:
    """`text` with the mapping entry at `path` (keys, and list indices on the way) set.

    An existing entry is replaced from its key to the end of its value's last
    line; a missing one is inserted after the last entry of its parent mapping
    (missing parent keys are created). `value` is a scalar or a mapping of them
    (nested mappings allowed), written in block style; `comment` lines go
    after the key of a mapping value, or at the end of a scalar's line.
    """
    import yaml

    if not path or not isinstance(path[-1], str):
        raise CatalogTextError(f"{_dotted(path)}: the last step must be a key")
    node, depth = _root(text), 0
    while depth < len(path) - 1:
        child = _child(node, path[depth])
        if child is None:
            break
        node, depth = child[1], depth + 1
    where = _dotted(path[:depth]) or "the document"
    missing = path[depth:]
    if any(not isinstance(step, str) for step in missing):
        raise CatalogTextError(
            f"{_dotted(path)}: list item {_dotted(path[: depth + 1])} is missing"
        )
    if not isinstance(node, yaml.MappingNode):
        raise CatalogTextError(f"{where} is not a mapping; cannot set {_dotted(path)} in it")
    if node.flow_style:
        raise CatalogTextError(
            f"{where} is written in flow style ({{...}}); write it in block style "
            "(one key per line) to set entries in it"
        )
    indent = _indent_step(node)
    existing = _child(node, path[depth]) if len(missing) == 1 else None
    if existing is not None:
        key_node, value_node = existing
        start = key_node.start_mark.index
        end = _line_end(text, _last_index(value_node))
        column = key_node.start_mark.column
        lines = _render([str(k) for k in missing], value, column, indent, comment)
        return text[:start] + "\n".join(lines)[column:] + "\n" + text[end:]
    column = node.value[0][0].start_mark.column
    at = _line_end(text, _last_index(node))
    head = "" if at == 0 or text[at - 1] == "\n" else "\n"
    lines = _render([str(k) for k in missing], value, column, indent, comment)
    return text[:at] + head + "\n".join(lines) + "\n" + text[at:]


def _root(text: str) -> Any:
    """The document's root node, with marks that count characters (`profiles._compose`)."""
    root, _ = _compose(text)
    if root is None:
        raise CatalogTextError("the document is empty")
    return root


def _child(node: Any, step: Step) -> tuple[Any, Any] | None:
    """(key node, value node) under a mapping key, (None, item) for a list index, or None."""
    import yaml

    if isinstance(step, int) and isinstance(node, yaml.SequenceNode):
        return (None, node.value[step]) if 0 <= step < len(node.value) else None
    if isinstance(step, str) and isinstance(node, yaml.MappingNode):
        return next(((k, v) for k, v in node.value if getattr(k, "value", None) == step), None)
    return None


def _last_index(node: Any) -> int:
    """Character offset where a node's own text ends.

    A block collection's end mark lies at the next token (past trailing comments
    and blank lines), so its last child's end is taken instead.
    """
    import yaml

    while (
        isinstance(node, (yaml.MappingNode, yaml.SequenceNode))
        and not node.flow_style
        and node.value
    ):
        last = node.value[-1]
        node = last[1] if isinstance(node, yaml.MappingNode) else last
    return int(node.end_mark.index)


def _line_end(text: str, index: int) -> int:
    """Offset just past the line break that ends the line at `index` (a block scalar
    already ends after its line break)."""
    if index > 0 and text[index - 1] == "\n":
        return index
    newline = text.find("\n", index)
    return len(text) if newline < 0 else newline + 1


def _indent_step(node: Any) -> int:
    """The file's indentation step, read off a block mapping nested in `node` (else 2)."""
    import yaml

    for key_node, value in getattr(node, "value", []):
        if isinstance(value, yaml.MappingNode) and not value.flow_style and value.value:
            step = value.value[0][0].start_mark.column - key_node.start_mark.column
            if step > 0:
                return int(step)
    return 2


def _render(
    keys: Sequence[str], value: Any, column: int, indent: int, comment: Sequence[str]
) -> list[str]:
    """Block-style lines of `keys[0]: … keys[-1]: value`, the first at `column`.

    `comment` belongs to the innermost key: on its line for a scalar, as the
    first lines inside it for a mapping.
    """
    pad = " " * column
    if len(keys) > 1:
        inner = _render(keys[1:], value, column + indent, indent, comment)
        return [f"{pad}{_key(keys[0])}:", *inner]
    if not isinstance(value, Mapping):
        note = f"  # {' '.join(comment)}" if comment else ""
        return [f"{pad}{_key(keys[0])}: {_scalar(value)}{note}"]
    inside = " " * (column + indent)
    lines = [f"{pad}{_key(keys[0])}:"]
    lines += [f"{inside}# {line}".rstrip() for line in comment]
    for child, inner_value in value.items():
        lines += _render([str(child)], inner_value, column + indent, indent, ())
    return lines


def _key(name: str) -> str:
    return name if _plain(name) else json.dumps(name)


def _scalar(value: Scalar) -> str:
    """YAML for one scalar that reads back as the same value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        return value if _plain(value) else json.dumps(value, ensure_ascii=False)
    raise CatalogTextError(f"cannot write a {type(value).__name__} as a catalog value")


def _plain(text: str) -> bool:
    """Whether `text` unquoted reads back as the same string."""
    import yaml

    if not text or text != text.strip() or "\n" in text:
        return False
    try:
        return yaml.safe_load(text) == text
    except yaml.YAMLError:
        return False
