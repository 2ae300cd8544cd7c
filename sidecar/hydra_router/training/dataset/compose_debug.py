"""Debugging requests: QuixBugs with observed failures, DebugBench buggy solutions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping

from hydra_router.training.dataset import labels
from hydra_router.training.dataset.quixbugs_runner import ObservedFailure
from hydra_router.training.dataset.rows import LabelledRow, clip_text, item_rng, pick_language
from hydra_router.training.dataset.sources import QueryItem
from hydra_router.training.dataset.stubs import entry_signature, stub
from hydra_router.training.dataset.templates import (
    TEMPLATE_LANGUAGES,
    render_lang,
    templates_for,
)

EXPLAIN_SHARE = 0.25
CODE_LIMIT = 2500
PROBLEM_LIMIT = 700


def compose_quixbugs(
    items: Iterable[QueryItem], failures: Mapping[str, ObservedFailure], seed: int
) -> Iterator[LabelledRow]:
    """Every QuixBugs program in every template language, phrased around its observed failure.

    Python versions quote what running them showed (traceback, wrong value,
    hang). Java versions share the algorithm and the bug, so they quote the
    input and the value the fixed program gives, without claiming Java's output.
    """
    for item in items:
        program = str(item.meta.get("program", ""))
        failure = failures.get(program, ObservedFailure(program=program, kind="unobserved"))
        code = clip_text(str(item.meta.get("code", "")), CODE_LIMIT)
        is_python = item.meta.get("programming_language") == "python"
        kind, fields, failure_kind = _quixbugs_request(failure, code, is_python)
        targets = labels.quixbugs_debug(failure_kind)
        evidence = f"observed {failure.kind} on {failure.call or '-'}"
        short = crash_line(failure.traceback) if is_python and kind == "debug_crash" else None
        for lang in TEMPLATE_LANGUAGES:
            rng = item_rng(seed, f"{item.id}:{lang}")
            text, text_lang, style = render_lang(lang, "en", kind, rng, **fields)
            yield LabelledRow(
                text, text_lang, item.source, item.group, targets, f"{kind}/{style}", evidence
            )
            if short is None:
                continue
            # The same crash asked about in one line, in every style: the error and the
            # line it points at, as people paste them into chat.
            for style, template in enumerate(templates_for(lang)["debug_crash_line"]):
                yield LabelledRow(
                    template.format(line=short[0], error=short[1]),
                    lang,
                    item.source,
                    item.group,
                    targets,
                    f"debug_crash_line/{style}",
                    evidence,
                    variant=f"line/{style}",
                )


def crash_line(traceback: str) -> tuple[str, str] | None:
    """(source line of the innermost frame, exception line) of a Python traceback, if both show."""
    lines = [line for line in traceback.splitlines() if line.strip()]
    frames = [i for i, line in enumerate(lines) if line.lstrip().startswith('File "')]
    if not frames or frames[-1] + 1 >= len(lines) - 1:
        return None
    source = lines[frames[-1] + 1].strip()
    error = lines[-1].strip()
    if not source or set(source) <= set("^~ ") or ":" not in error:
        return None
    return source, error


# Calls wrapped in Python-only helpers read wrongly next to Java code.
_PYTHON_ONLY = ("sorted(", "list(", "values(", "values_of(", ".items()", "round(")


def _quixbugs_request(
    failure: ObservedFailure, code: str, is_python: bool
) -> tuple[str, dict[str, str], str]:
    java_unquotable = not is_python and (
        not failure.expected or any(p in failure.call for p in _PYTHON_ONLY)
    )
    if failure.kind == "unobserved" or java_unquotable:
        return "debug_vague", {"code": code}, "unobserved"
    if not is_python:
        return (
            "debug_expect",
            {"code": code, "call": failure.call, "expected": failure.expected},
            "wrong_output",
        )
    if failure.kind == "crash":
        return (
            "debug_crash",
            {"code": code, "error": failure.traceback, "call": failure.call},
            "crash",
        )
    if failure.kind == "hang":
        return "debug_hang", {"code": code, "call": failure.call}, "hang"
    fields = {
        "code": code,
        "call": failure.call,
        "expected": failure.expected,
        "actual": failure.actual,
    }
    return "debug_wrong", fields, "wrong_output"


THIRD_VARIANT_SHARE = 0.5


# LeetCode level -> difficulty of writing the solution from scratch.
_SOLVE_DIFFICULTY = {"easy": 0.2, "medium": 0.5, "hard": 0.8}


def _solve_rows(
    item: QueryItem, group: str, level: str, problem: str, example: str, seed: int
) -> Iterator[LabelledRow]:
    """The problem alone, asked to be solved: a code request in English prose.

    The same statement with a buggy solution is a debugging request; without
    one it asks for new code. Asked bare (the form of HumanEval's English
    descriptions) and framed as an instruction in a template language.
    """
    d = _SOLVE_DIFFICULTY.get(level, 0.5)
    targets = labels.code_request("code_instruction", d)
    task = problem + (f"\n\n{example}" if example else "")
    evidence = f"{level} LeetCode problem, no code given"
    yield LabelledRow(
        task,
        "en",
        item.source,
        group,
        targets,
        "code_instruction/bare",
        evidence,
        variant="description",
    )
    rng = item_rng(seed, f"{group}:solve")
    lang = pick_language(rng)
    text, text_lang, style = render_lang(lang, "en", "code_instruction", rng, task=task)
    if text != task:
        yield LabelledRow(
            text, text_lang, item.source, group, targets, f"code_instruction/{style}", evidence
        )


STUB_LANGUAGES = 2


def _stub_rows(items: list[QueryItem], seed: int) -> Iterator[LabelledRow]:
    """Per problem and programming language: the statement with the solution's signature only.

    The signature is the one most of the problem's solutions declare (a bug
    can sit in a single solution's signature), the first of them on a tie. Asked bare in English and
    framed as "complete this" in two template languages; labelled as writing
    the solution, like the statement alone.
    """
    by_problem: dict[tuple[str, str], list[QueryItem]] = {}
    for item in items:
        key = (str(item.meta.get("slug", item.group)), str(item.meta.get("programming_language")))
        by_problem.setdefault(key, []).append(item)
    for (slug, language), members in by_problem.items():
        problem = clip_text(str(members[0].meta.get("problem", "")), PROBLEM_LIMIT)
        signatures = [entry_signature(str(m.meta.get("code", "")), language, slug) for m in members]
        declared = [s for s in signatures if s is not None]
        if not problem or not declared:
            continue
        # most_common keeps first-seen order among ties: the same stub on every run
        signature = Counter(declared).most_common(1)[0][0]
        code = stub(signature, problem)
        level = str(members[0].meta.get("level", "medium"))
        group = "debugbench-" + slug
        targets = labels.code_request("code_complete", _SOLVE_DIFFICULTY.get(level, 0.5))
        evidence = f"{level} LeetCode problem, {language} signature only"
        item = members[0]
        yield LabelledRow(
            code, "en", item.source, group, targets, "code_complete/bare", evidence, variant="stub"
        )
        rng = item_rng(seed, f"{group}:{language}:stub")
        used: tuple[str, ...] = ()
        for _ in range(STUB_LANGUAGES):
            lang = pick_language(rng, exclude=used)
            used += (lang,)
            text, text_lang, style = render_lang(lang, "en", "code_complete", rng, code=code)
            if text == code:
                continue  # the bare row is there already
            yield LabelledRow(
                text, text_lang, item.source, group, targets, f"code_complete/{style}", evidence
            )


def compose_debugbench(items: Iterable[QueryItem], seed: int) -> Iterator[LabelledRow]:
    """Each buggy solution with its problem, in two languages (half of them in three); a share
    also asks to explain. Each problem is also asked once without code, to be solved, and
    with its signature only, to be written (`_stub_rows`, after all the others).

    Grouped by LeetCode slug: the same problem appears in many rows.
    """
    items = list(items)
    solved: set[str] = set()
    for item in items:
        meta = item.meta
        group = "debugbench-" + str(meta.get("slug", item.group))
        level = str(meta.get("level", "medium"))
        category = str(meta.get("bug_category", ""))
        code = clip_text(str(meta.get("code", "")), CODE_LIMIT)
        problem = clip_text(str(meta.get("problem", "")), PROBLEM_LIMIT)
        examples = meta.get("examples") or [""]
        example = clip_text(str(examples[0]), 300)
        if group not in solved and problem:
            solved.add(group)
            yield from _solve_rows(item, group, level, problem, example, seed)
        used: tuple[str, ...] = ()
        variants = 3 if item_rng(seed, item.id).random() < THIRD_VARIANT_SHARE else 2
        for n in range(variants):
            rng = item_rng(seed, f"{item.id}:{n}")
            lang = pick_language(rng, exclude=used)
            used += (lang,)
            explain = rng.random() < EXPLAIN_SHARE
            kind = "debug_explain" if explain else "debug_problem"
            text, text_lang, style = render_lang(
                lang, "en", kind, rng, problem=problem, code=code, example=example
            )
            yield LabelledRow(
                text,
                text_lang,
                item.source,
                group,
                labels.debugbench_debug(level, category, explain=explain),
                f"{kind}/{style}",
                f"{level}, {category}",
            )
    yield from _stub_rows(items, seed)
