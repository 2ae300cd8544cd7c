"""Signature stubs of LeetCode solutions: the problem in a comment, the method without its body.

A DebugBench item is a problem statement plus a buggy solution: asked
together they are a debugging request. The statement with only the
solution's signature is the other request people make with the same
English prose: "here is the stub, write it". Without that form every English
LeetCode-like statement next to code reads as a bug report.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass

# The method LeetCode calls, as each language declares it inside `class Solution`.
_PYTHON_DEF = re.compile(r"^(?P<indent>[ \t]+)def (?P<name>\w+)\(self\b[^)]*\)[^:]*:", re.MULTILINE)
_JAVA_METHOD = re.compile(
    r"^(?P<indent>[ \t]*)public\s+(?!class\b)[\w<>\[\],.? ]+?\s(?P<name>\w+)\s*\([^)]*\)"
    r"(?:\s*throws\s+[\w., ]+)?\s*\{",
    re.MULTILINE,
)
_CPP_METHOD = re.compile(
    r"^(?P<indent>[ \t]*)(?!(?:if|for|while|switch|return|else|do)\b)"
    r"[\w:<>,*& ]+?[\s*&](?P<name>\w+)\s*\([^;{)]*\)\s*(?:const\s*)?\{",
    re.MULTILINE,
)
_METHODS = {"python3": _PYTHON_DEF, "java": _JAVA_METHOD, "cpp": _CPP_METHOD}
_CONTROL = {"if", "for", "while", "switch", "return", "else", "do", "catch"}
WIDTH = 76


@dataclass(frozen=True)
class Signature:
    """The entry method's declaration line (without `{`/`:` body) and its language."""

    language: str
    declaration: str


def _solution_body(code: str) -> str:
    """The code from `class Solution` on ("" when it has none)."""
    match = re.search(r"^\s*class Solution\b", code, re.MULTILINE)
    return code[match.start() :] if match else ""


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Z]?[a-z]+|[0-9]+", text)}


def entry_signature(code: str, language: str, slug: str) -> Signature | None:
    """The declaration of the method LeetCode calls in a solution, or None if none is found.

    Among the methods of `class Solution` it is the one named after the slug
    (`knight-dialer` → `knightDialer`), else the one sharing most words with
    it, else the last (helpers come first in most solutions).
    """
    pattern = _METHODS.get(language)
    body = _solution_body(code)
    if pattern is None or not body:
        return None
    found = [m for m in pattern.finditer(body) if m.group("name") not in _CONTROL]
    if not found:
        return None
    slug_words = set(slug.lower().split("-"))
    compact = slug.replace("-", "").lower()

    def rank(item: tuple[int, re.Match[str]]) -> tuple[bool, int, int]:
        index, match = item
        name = match.group("name")
        return name.lower() == compact, len(_words(name) & slug_words), index

    best = max(enumerate(found), key=rank)[1]
    declaration = best.group(0).strip()
    return Signature(language, declaration.rstrip("{").rstrip().rstrip(":").rstrip())


def _wrapped(text: str, width: int) -> list[str]:
    """Paragraphs of `text` hard-wrapped as a docstring or comment block is."""
    lines: list[str] = []
    for paragraph in re.split(r"\n\s*\n|\n", text.strip()):
        if lines:
            lines.append("")
        lines.extend(textwrap.wrap(" ".join(paragraph.split()), width) or [""])
    while lines and not lines[-1]:
        lines.pop()
    return lines


def stub(signature: Signature, problem: str) -> str:
    """The problem as the method's docstring or comment, the method's body left to write."""
    if signature.language == "python3":
        doc = "\n".join(("        " + line).rstrip() for line in _wrapped(problem, WIDTH - 8))
        return f'class Solution:\n    {signature.declaration}:\n        """\n{doc}\n        """\n'
    if signature.language == "java":
        doc = "\n".join(("     * " + line).rstrip() for line in _wrapped(problem, WIDTH - 7))
        return (
            "class Solution {\n    /**\n"
            f"{doc}\n     */\n    {signature.declaration} {{\n\n    }}\n}}\n"
        )
    doc = "\n".join(("    // " + line).rstrip() for line in _wrapped(problem, WIDTH - 7))
    return f"class Solution {{\npublic:\n{doc}\n    {signature.declaration} {{\n\n    }}\n}};\n"
