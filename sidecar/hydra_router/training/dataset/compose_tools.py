"""Tool-use requests from BFCL: with the offered tools summarised, plus tool+code and
tool+debugging mixes."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from typing import Any

from hydra_router.training.dataset import labels
from hydra_router.training.dataset.grounding import (
    ToolGrounding,
    normalise_text,
    tool_difficulty,
    tool_outcome_id,
)
from hydra_router.training.dataset.rows import LabelledRow, clip_text, item_rng, pick_language
from hydra_router.training.dataset.sources import QueryItem
from hydra_router.training.dataset.templates import has_kind, is_bare, render_lang, templates_for

SECOND_SHARE = 1.0
THIRD_SHARE = 0.3
CODE_SHARE = 1.0
FIX_SHARE = 0.9
MAX_TOOLS = 8
# Categories where the request comes with exactly one tool: a broken call to it is on topic.
_SINGLE_TOOL = {
    "simple_python",
    "simple_java",
    "simple_javascript",
    "parallel",
    "exec_simple",
    "exec_parallel",
}
# An explicit ask to write code, in the English live-irrelevance requests (audit finding).
_ASKS_FOR_CODE = re.compile(
    r"\b(write|create|give me|make|generate)\b[^.?!\n]{0,40}"
    r"\b(code|script|function|program|snippet)\b",
    re.I,
)


# Categories whose requests need a tool in the user's own words (live data, an action on
# the user's files, accounts or a database): their request in its own language goes
# bare, as the editor sends it, without the sentence listing the tools; its other
# languages keep the list. In the other categories (simple, multiple, parallel, exec,
# Java/JS, irrelevance) the words alone ask for a computation or a lookup that needs no
# tool, and the same texts occur in BFCL's "chatable" set labelled tool use 0: only the
# offered tools make them tool requests.
BARE_CATEGORIES = frozenset(
    {
        "live_simple",
        "live_multiple",
        "live_parallel",
        "live_parallel_multiple",
        "live_relevance",
        "multi_turn_base",
        "multi_turn_long_context",
        "multi_turn_miss_func",
        "multi_turn_miss_param",
        "multi_turn_composite",
        "web_search",
        "rest",
        "sql",
    }
)


def asks_for_code(text: str) -> bool:
    """Whether a request explicitly asks for code to be written."""
    return bool(_ASKS_FOR_CODE.search(text))


_CODE_CATEGORIES = {
    "simple_python": "Python",
    "live_simple": "Python",
    "exec_simple": "Python",
    "rest": "Python",
    "simple_java": "Java",
    "simple_javascript": "JavaScript",
    "multiple": "Python",
}


def bfcl_groups(items: list[QueryItem]) -> dict[str, str]:
    """item id -> group: items sharing a text or a multi-turn scenario share a group.

    BFCL repeats texts across categories (with different tool settings), so
    grouping by id would leak a text across splits.
    """
    parent: dict[str, str] = {}

    def find(key: str) -> str:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for item in items:
        keys = ["text:" + normalise_text(item.text)]
        if item.meta.get("scenario"):
            keys.append("scenario:" + str(item.meta["scenario"]))
        for other in keys[1:]:
            a, b = find(keys[0]), find(other)
            if a != b:
                parent[max(a, b)] = min(a, b)
    result = {}
    for item in items:
        root = find("text:" + normalise_text(item.text))
        result[item.id] = "bfcl-" + hashlib.sha1(root.encode("utf-8")).hexdigest()[:16]
    return result


def summarise_tools(item: QueryItem, schemas: list[dict[str, Any]] | None) -> str:
    """A short tool list: `name(arg, arg?)` from schemas when known, else names or classes."""
    if schemas:
        parts = []
        for tool in schemas[:MAX_TOOLS]:
            params = tool.get("parameters", {}) or {}
            required = set(params.get("required", []) or [])
            args = [
                name if name in required else name + "?"
                for name in (params.get("properties") or {})
            ]
            parts.append(f"{tool.get('name', '?')}({', '.join(args)})")
        extra = len(schemas) - MAX_TOOLS
    else:
        names = [
            str(n)
            for n in item.meta.get("function_names") or item.meta.get("involved_classes") or []
        ]
        parts = names[:MAX_TOOLS]
        extra = len(names) - MAX_TOOLS
    text = ", ".join(parts)
    if extra > 0:
        text += f" (+{extra} more)"
    return text


def compose_bfcl(
    items: Iterable[QueryItem], grounding: ToolGrounding, seed: int
) -> Iterator[LabelledRow]:
    """BFCL requests as sent (own language), again framed in another language, and mixes."""
    items = list(items)
    groups = bfcl_groups(items)
    for item in items:
        if not item.text.strip():
            continue
        rng = item_rng(seed, item.id)
        category = str(item.meta.get("category", ""))
        offered = bool(item.meta.get("functions_offered"))
        expected = bool(item.meta.get("tool_call_expected"))
        d, grounded = tool_difficulty(grounding, category, item.text)
        schemas = grounding.tools_by_text.get((category, normalise_text(item.text)))
        tools = summarise_tools(item, schemas)
        base = labels.tool_request(expected, offered, d, asks_for_code=asks_for_code(item.text))
        if category in ("simple_java", "simple_javascript") and expected:
            base = labels.Targets(
                base.reasoning, labels.code_in_tool_call(True), base.debugging, base.tool_use
            )
        evidence = f"{category}, difficulty {d:.2f}" + (
            " (item outcomes)" if grounded else " (category)"
        )
        task = clip_text(item.text, 1500)
        group = groups[item.id]
        oid = tool_outcome_id(grounding, category, item.text)
        first_lang = item.lang
        bare = expected and category in BARE_CATEGORIES
        # Without tools there is no framing to translate: the request goes as sent, once.
        for n, lang in enumerate(_languages(item, rng) if offered else [item.lang]):
            shown = tools if offered and not (bare and n == 0) else ""
            text, style = _tool_text(lang, rng, task, shown)
            text_lang = (
                item.lang
                if has_kind(lang, "tool_request") and is_bare(lang, "tool_request", style)
                else lang
            )
            yield LabelledRow(
                text, text_lang, item.source, group, base, f"tool_request/{style}", evidence, oid
            )
            if n == 0:
                first_lang = lang
        for turn_text in _later_turns(item):
            lang = item.lang
            text, style = _tool_text(lang, rng, clip_text(turn_text, 1500), "" if bare else tools)
            yield LabelledRow(
                text, lang, item.source, group, base, f"tool_turn/{style}", evidence, oid
            )
        if expected and offered and category in _CODE_CATEGORIES and rng.random() < CODE_SHARE:
            lang = pick_language(rng, exclude=(first_lang,))
            text, text_lang, style = render_lang(
                lang,
                item.lang,
                "tool_code",
                rng,
                task=task,
                tools=tools,
                pl=_CODE_CATEGORIES[category],
            )
            yield LabelledRow(
                text,
                text_lang,
                item.source,
                group,
                labels.tool_code(d),
                f"tool_code/{style}",
                evidence,
                oid,
            )
        if expected and schemas and category in _SINGLE_TOOL and rng.random() < FIX_SHARE:
            broken = _broken_call(schemas[0])
            if broken:
                call, error = broken
                lang = pick_language(rng)
                text, text_lang, style = render_lang(
                    lang,
                    item.lang,
                    "tool_fix_call",
                    rng,
                    task=task,
                    tools=tools,
                    call=call,
                    error=error,
                )
                yield LabelledRow(
                    text,
                    text_lang,
                    item.source,
                    group,
                    labels.tool_fix_call(d),
                    f"tool_fix_call/{style}",
                    evidence,
                    oid,
                )


def _later_turns(item: QueryItem) -> list[str]:
    """Later user turns of a multi-turn item: real requests made with the same tools."""
    turns = item.meta.get("turns") or []
    return [str(t) for t in turns[1:] if isinstance(t, str) and t.strip()]


def _languages(item: QueryItem, rng) -> list[str]:
    langs = [item.lang]
    if rng.random() < SECOND_SHARE:
        langs.append(pick_language(rng, exclude=tuple(langs)))
    if rng.random() < THIRD_SHARE:
        langs.append(pick_language(rng, exclude=tuple(langs)))
    return langs


def _tool_text(lang: str, rng, task: str, tools: str) -> tuple[str, int]:
    """Frame a request; with tools offered, only styles that show them (the text carries them)."""
    if not has_kind(lang, "tool_request"):
        return (f"{task}\n\n[tools: {tools}]" if tools else task), 0
    choices = templates_for(lang)["tool_request"]
    indices = [i for i, t in enumerate(choices) if ("{tools}" in t) == bool(tools)]
    if not indices:
        return task, 0
    index = rng.choice(indices)
    return choices[index].format(task=task, tools=tools), index


def _broken_call(schema: dict[str, Any]) -> tuple[str, str] | None:
    """A call to the first tool that leaves out its last required argument, and Python's error."""
    params = schema.get("parameters", {}) or {}
    required = [p for p in (params.get("required") or []) if isinstance(p, str)]
    name = str(schema.get("name", ""))
    if not required or not name:
        return None
    missing = required[-1]
    given = ", ".join(f"{p}=..." for p in required[:-1])
    short = name.split(".")[-1]
    error = f"TypeError: {short}() missing 1 required keyword-only argument: '{missing}'"
    return f"{name}({given})", error
