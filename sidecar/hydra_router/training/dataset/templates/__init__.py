"""Request templates per language: editor-shaped phrasings around real material.

Each language module holds `TEMPLATES: {kind: (template, ...)}`, written for
this project, several styles per kind (terse, polite, code-first, question-
first, bare material). The same everyday phrases ("can you look at this")
appear across kinds on purpose, so no single word gives a class away.
"""

from __future__ import annotations

import importlib
import random
import string
from functools import cache

TEMPLATE_LANGUAGES = ("en", "zh", "ja", "ko", "de", "fr", "es", "ru", "pt", "ar", "hi")

# kind -> placeholders each of its templates may use
KIND_FIELDS: dict[str, frozenset[str]] = {
    "math": frozenset({"task"}),
    "math_program": frozenset({"task", "pl"}),
    "code_complete": frozenset({"code"}),
    "code_tests": frozenset({"code"}),
    "code_explain": frozenset({"code"}),
    "algo_then_code": frozenset({"code"}),
    "code_instruction": frozenset({"task"}),
    "debug_crash": frozenset({"code", "error", "call"}),
    "debug_crash_line": frozenset({"error", "line"}),
    "debug_wrong": frozenset({"code", "call", "expected", "actual"}),
    "debug_hang": frozenset({"code", "call"}),
    "debug_expect": frozenset({"code", "call", "expected"}),
    "debug_vague": frozenset({"code"}),
    "debug_problem": frozenset({"problem", "code", "example"}),
    "debug_explain": frozenset({"problem", "code"}),
    "tool_request": frozenset({"task", "tools"}),
    "tool_code": frozenset({"task", "tools", "pl"}),
    "tool_fix_call": frozenset({"task", "tools", "call", "error"}),
    "question": frozenset({"task"}),
    # editor-chat framings around developer requests (compose_requests)
    "ask_code": frozenset({"task", "file"}),
    "ask_code_think": frozenset({"task"}),
    "ask_snippet": frozenset({"task"}),
    "ask_run": frozenset({"task"}),
    "ask_sql": frozenset({"task"}),
    "ask_db": frozenset({"task"}),
    "ask_tool": frozenset({"task"}),
    "ask_debug": frozenset({"task", "file"}),
    "paste_explain": frozenset({"code"}),
    "paste_edit": frozenset({"code"}),
    "followup": frozenset({"task"}),
    "concept_diff": frozenset({"a", "b"}),
}
# hand-written request lists (HANDWRITTEN in every language module, index-aligned)
HANDWRITTEN_KINDS = ("chat", "concept", "reason", "act")


@cache
def templates_for(lang: str) -> dict[str, tuple[str, ...]]:
    """The template table of one language (KeyError for a language without templates)."""
    if lang not in TEMPLATE_LANGUAGES:
        raise KeyError(f"no templates for language {lang!r}; have {', '.join(TEMPLATE_LANGUAGES)}")
    module = importlib.import_module(f"hydra_router.training.dataset.templates.{lang}")
    return dict(module.TEMPLATES) | dict(module.REQUEST_TEMPLATES)


@cache
def handwritten_for(lang: str) -> dict[str, tuple[str, ...]]:
    """The hand-written requests of one language, by kind (HANDWRITTEN_KINDS)."""
    templates_for(lang)  # same language check
    module = importlib.import_module(f"hydra_router.training.dataset.templates.{lang}")
    return dict(module.HANDWRITTEN)


def placeholders(template: str) -> set[str]:
    """Names of the `{...}` fields a template uses."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def render(lang: str, kind: str, rng: random.Random, **fields: str) -> tuple[str, int]:
    """Fill one randomly chosen template of `kind` in `lang`; returns (text, style index)."""
    choices = templates_for(lang)[kind]
    index = rng.randrange(len(choices))
    return choices[index].format(**fields), index


def is_bare(lang: str, kind: str, index: int) -> bool:
    """Whether a template adds no words of its own (only material, fences, punctuation).

    Such a request is in the language of its material, not of the template table.
    """
    template = templates_for(lang)[kind][index]
    literal = "".join(text for text, _, _, _ in string.Formatter().parse(template))
    return not any(ch.isalpha() for ch in literal)


def render_lang(
    lang: str, material_lang: str, kind: str, rng: random.Random, **fields: str
) -> tuple[str, str, int]:
    """Like `render`, and also the request's language: `material_lang` for a bare template."""
    text, index = render(lang, kind, rng, **fields)
    return text, (material_lang if is_bare(lang, kind, index) else lang), index


def has_kind(lang: str, kind: str) -> bool:
    """Whether `lang` has templates for `kind`."""
    return lang in TEMPLATE_LANGUAGES and bool(templates_for(lang).get(kind))
