"""Request templates: complete per language, valid placeholders, no class-giving word."""

from __future__ import annotations

import random
import re

import pytest

from hydra_router.training.dataset.templates import (
    KIND_FIELDS,
    TEMPLATE_LANGUAGES,
    is_bare,
    placeholders,
    render_lang,
    templates_for,
)

FAMILIES = {
    "debugging": (
        "debug_crash",
        "debug_crash_line",
        "debug_wrong",
        "debug_hang",
        "debug_expect",
        "debug_vague",
        "debug_problem",
    ),
    "code": ("code_complete", "code_tests", "code_explain", "code_instruction"),
    "tools": ("tool_request",),
    "math": ("math",),
}


def test_at_least_ten_languages() -> None:
    assert len(TEMPLATE_LANGUAGES) >= 10


@pytest.mark.parametrize("lang", TEMPLATE_LANGUAGES)
def test_every_kind_has_several_styles_with_valid_fields(lang: str) -> None:
    table = templates_for(lang)
    assert set(table) == set(KIND_FIELDS)
    for kind, styles in table.items():
        assert len(styles) >= 2, (lang, kind)
        assert len(set(styles)) == len(styles), (lang, kind)
        for template in styles:
            assert placeholders(template) <= KIND_FIELDS[kind], (lang, kind, template)


def test_unknown_language_is_an_error() -> None:
    with pytest.raises(KeyError, match="no templates"):
        templates_for("xx")


def _words(template: str) -> set[str]:
    literal = re.sub(r"\{[a-z]+\}", " ", template.lower())
    return set(re.findall(r"[^\W\d_]{4,}", literal))


@pytest.mark.parametrize("lang", ["en", "de", "fr", "es", "ru", "pt", "ar", "hi"])
def test_no_word_marks_a_family(lang: str) -> None:
    """No word is in every worded template of one family and in no other family's templates
    (checked for the languages written with spaces between words)."""
    table = templates_for(lang)
    words = {
        family: [_words(t) for kind in kinds for t in table[kind] if _words(t)]
        for family, kinds in FAMILIES.items()
    }
    for family, sets in words.items():
        if not sets:
            continue
        common = set.intersection(*sets)
        others = set().union(*(w for f, ws in words.items() if f != family for w in ws))
        assert not (common - others), (family, common - others)


def test_bare_templates_keep_the_material_language() -> None:
    rng = random.Random(0)
    bare_index = templates_for("zh")["code_complete"].index("{code}")
    assert is_bare("zh", "code_complete", bare_index)
    assert not is_bare("zh", "code_complete", 1)
    langs = {
        render_lang("zh", "en", "debug_crash", rng, code="x", error="E", call="f()")[1]
        for _ in range(40)
    }
    assert langs == {"zh", "en"}
