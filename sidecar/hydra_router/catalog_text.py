"""Edit a catalog's text in place: one entry set, every other byte kept.

Tools that write into `profiles.yaml` (`hydra-router calibrate --guarantee`)
must keep the user's comments, order and formatting. A YAML round trip would
drop them, so the entry is located through the composed document's node
marks (character offsets, from the parse that locates catalog errors) and
only its own text is replaced, or new text is inserted after the last entry
of its parent mapping.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from hydra_router.profiles import Guarantee, _compose

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


def _dotted(path: Sequence[Step]) -> str:
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else step)
    return out
