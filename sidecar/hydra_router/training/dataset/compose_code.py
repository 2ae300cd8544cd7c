"""Code requests: HumanEval-XL prompts (many natural languages) and, opt-in, CodeAlpaca."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import partial

from hydra_router.training.dataset import labels
from hydra_router.training.dataset.rows import LabelledRow, clip_text, item_rng
from hydra_router.training.dataset.sources import QueryItem
from hydra_router.training.dataset.templates import has_kind, is_bare, render

# Variant kinds besides "complete it", with their shares.
_SECOND_KINDS = ("code_tests", "code_explain", "algo_then_code")
_SECOND_WEIGHTS = (0.4, 0.25, 0.35)
THIRD_SHARE = 0.6
# Go and Java stubs need more boilerplate and types than Python/JS ones.
_PL_BUMP = {"python": 0.0, "javascript": 0.0, "java": 0.1, "go": 0.1}
# A sentence ends at . ! ? before a space, at 。！？, or at a blank line; a docstring's
# examples (">>>") end the prose. Single line breaks are only wrapping.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|[。！？]|\n\s*\n")
_EXAMPLES = re.compile(r"\n\s*>>>")
# An English opening shorter than this says too little to be a request.
_BRIEF_MIN_CHARS = 40
# ...and one without a task verb sets the scene ("Given the lengths of the three sides
# of a triangle.", "You are given a rectangular grid of wells."): the brief goes on
# to the sentence that asks for something.
_TASK_VERB = re.compile(
    r"\b(returns?|write|create|implement|compute|calculate|find|check|count|"
    r"determine|convert|sort|decide|obtain|simplify|reverse|delete|remove|encrypt|"
    r"encode|decode|concatenate|filter|insert|replace|round|tell|how many)\b",
    re.IGNORECASE,
)


def sentences(text: str) -> list[str]:
    """The prose of `text` (up to its examples) cut after each sentence end."""
    text = _EXAMPLES.split(text, maxsplit=1)[0]
    pieces, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        pieces.append(text[start : match.end()])
        start = match.end()
    pieces.append(text[start:])
    return [" ".join(piece.split()) for piece in pieces if piece.strip()]


# "Example:", "For example", "Examples 1:", "[input/output] samples:" on a line of their own.
_EXAMPLE_INTRO = re.compile(
    r"^\s*(?:for |\[input/output\]\s*)?(?:examples?|samples?)(?:\s*\d+)?\s*:?\s*$",
    re.IGNORECASE,
)
# A worked example on a line of its own: "f(3, 4) == 7", "for f(1) ==> 2",
# "is_ok('[]') ➞ True", "g(15)   # returns 3", "f(x) should return False.",
# "For lst = [1, 2] the output should be 3", "get_row([".
_EXAMPLE_LINE = re.compile(
    r"^\s*(?:for\s+)?[A-Za-z_]\w*\(.*(?:==>|==|=>|➞|->|=|#\s*returns?|should return)"
    r"|^\s*for\s+\w+\s*=.*\b(?:should be|output)\b"
    r"|^\s*[A-Za-z_]\w*\([\[({]*\s*$",  # a call whose arguments follow on the next lines
    re.IGNORECASE,
)
# A line without any letter: example data ("[1, 2, 3],", "30 = 2 * 3 * 5") or blank.
_NO_LETTER = re.compile(r"^[\W\d_]*$")


def _is_example_tail(line: str) -> bool:
    return bool(_NO_LETTER.match(line) or _EXAMPLE_INTRO.match(line) or _EXAMPLE_LINE.match(line))


def without_examples(description: str) -> str:
    """The description without the examples it ends with.

    It ends before its first `>>>` line, and trailing worked calls
    (`f(3) == 7`) with their heading ("Example:", "[input/output] samples:")
    go too. HumanEval-XL's English descriptions often end in examples, its
    translations mostly do not: cut, the English bare description asks what
    its translations ask. Calls inside the prose (a recurrence defined line
    by line, then the task) stay.
    """
    lines = description.splitlines()
    end = next((i for i, line in enumerate(lines) if line.lstrip().startswith(">>>")), len(lines))
    while end > 0 and _is_example_tail(lines[end - 1]):
        end -= 1
    return "\n".join(lines[:end]).strip()


def brief_length(english_description: str) -> int:
    """How many opening sentences make the short request of a task, 0 when none is shorter.

    Enough sentences for 40 characters and a task verb (English patterns).
    Counted on the English description and applied to every translation, so
    the short requests of one problem say the same thing.
    """
    parts = sentences(english_description.strip())
    for n in range(1, len(parts)):
        head = " ".join(parts[:n])
        if len(head) >= _BRIEF_MIN_CHARS and _TASK_VERB.search(head):
            return n
    return 0


def brief_task(description: str, n: int) -> str:
    """The first `n` sentences of a task description; "" when that is all of it.

    "Return the sum of the squares of the list. Round each element up first."
    with n=1 gives "Return the sum of the squares of the list.": the short
    request a user types in a chat, in the description's language.
    """
    parts = sentences(description.strip())
    if n < 1 or n >= len(parts):
        return ""
    return " ".join(parts[:n])


def humaneval_group(item: QueryItem) -> str:
    """One group per problem across programming languages (python/0 and java/0 are one problem)."""
    task_id = str(item.meta.get("task_id", item.group))
    return "humaneval_xl-problem-" + task_id.split("/")[-1]


def humaneval_difficulty(items: Iterable[QueryItem]) -> dict[str, float]:
    """Per group: a length proxy from the English description (no outcomes exist for these).

    Longer specifications describe more cases to handle: 150 chars -> 0, 850+ -> 1.
    """
    result: dict[str, float] = {}
    for item in items:
        if item.lang != "en":
            continue
        length = len(str(item.meta.get("description", "")))
        d = min(1.0, max(0.0, (length - 150) / 700))
        pl = str(item.meta.get("programming_language", "python"))
        result[item.group] = min(1.0, d + _PL_BUMP.get(pl, 0.05))
    return result


def _code_row(
    item: QueryItem,
    group: str,
    d: float,
    text: str,
    kind: str,
    kind_label: str,
    variant: str = "",
) -> LabelledRow:
    return LabelledRow(
        text,
        item.lang,
        item.source,
        group,
        labels.code_request(kind, d),
        kind_label,
        f"spec-length difficulty {d:.2f}",
        variant=variant,
    )


def humaneval_brief_lengths(items: Iterable[QueryItem]) -> dict[str, int]:
    """Per group: `brief_length` of the English description (python prompts carry it)."""
    return {
        item.group: brief_length(without_examples(str(item.meta.get("description", ""))))
        for item in items
        if item.lang == "en" and item.meta.get("programming_language", "python") == "python"
    }


def compose_humaneval(items: Iterable[QueryItem], seed: int) -> Iterator[LabelledRow]:
    """Each prompt as "complete this" (raw or framed in its language), plus variants.

    Variant: in a language with templates, a tests / explain / algorithm-first
    request around the same stub, and the description as an instruction
    ("task"); elsewhere the bare description as an instruction in that
    language. English also gets the bare stub and the bare description, so
    every bare request has its English counterpart of the same form
    (`variant`). Every language also asks the description's opening sentences
    as a short instruction ("brief": as many as the English one needs,
    `brief_length`), framed where templates exist. These rows draw from their
    own random stream: the rows above stay as they were.
    """
    items = list(items)
    difficulty = humaneval_difficulty(items)
    brief_lengths = humaneval_brief_lengths(items)
    for item in items:
        rng = item_rng(seed, item.id)
        d = difficulty.get(item.group, 0.3)
        group = humaneval_group(item)
        code = item.text.strip("\n")
        pl = str(item.meta.get("programming_language", "python"))
        # The description is the same in all four programming languages: use it once.
        description = clip_text(without_examples(str(item.meta.get("description", ""))), 1500)
        description = description if pl == "python" else ""

        row = partial(_code_row, item, group, d)
        # One problem's stubs in two programming languages share labels: every request
        # around a stub names its programming language (`variant`), so a translation
        # pairs with the English request about the same program, not another one's.
        framed = has_kind(item.lang, "code_complete")
        if framed:
            text, style = render(item.lang, "code_complete", rng, code=code)
            form = "stub" if is_bare(item.lang, "code_complete", style) else "complete"
            yield row(text, "code_complete", f"code_complete/{style}", f"{form}/{pl}")
        if not framed or item.lang == "en":
            yield row(code, "code_complete", "code_complete/bare", f"stub/{pl}")
        if description and (not framed or item.lang == "en"):
            yield row(description, "code_instruction", "code_instruction/bare", "description")
        brief = brief_task(description, brief_lengths.get(item.group, 0))
        yield from _instruction_rows(item, row, description, brief, seed)
        if not has_kind(item.lang, "code_tests"):
            continue
        kind = rng.choices(_SECOND_KINDS, weights=_SECOND_WEIGHTS, k=1)[0]
        text, style = render(item.lang, kind, rng, code=code)
        yield row(text, kind, f"{kind}/{style}", f"{kind}/{pl}")
        if rng.random() < THIRD_SHARE:
            # A third request about the same stub, of another kind.
            other = rng.choice([k for k in _SECOND_KINDS if k != kind])
            text, style = render(item.lang, other, rng, code=code)
            yield row(text, other, f"{other}/{style}", f"{other}/{pl}")


def _instruction_rows(
    item: QueryItem, row: partial[LabelledRow], description: str, brief: str, seed: int
) -> Iterator[LabelledRow]:
    """The description (framed, "task") and its opening sentence ("brief") as instructions."""
    if not description:
        return
    rng = item_rng(seed, item.id + "/instruction")
    framed = has_kind(item.lang, "code_instruction")
    if framed:
        text, style = render(item.lang, "code_instruction", rng, task=description)
        if not is_bare(item.lang, "code_instruction", style):
            yield row(text, "code_instruction", f"code_instruction/{style}", "task")
        elif item.lang != "en":  # English has its bare description already
            yield row(text, "code_instruction", "code_instruction/bare", "description")
    if not brief:
        return
    if framed:
        text, style = render(item.lang, "code_instruction", rng, task=brief)
        yield row(text, "code_instruction", f"code_instruction/{style}", "brief")
    else:
        yield row(brief, "code_instruction", "code_instruction/bare", "brief")


def compose_codealpaca(items: Iterable[QueryItem], seed: int) -> Iterator[LabelledRow]:
    """CodeAlpaca instructions (CC BY-NC 4.0, only with --include-noncommercial)."""
    for item in items:
        rng = item_rng(seed, item.id)
        d = min(1.0, max(0.0, (len(item.text) - 60) / 400))
        text, style = render("en", "code_instruction", rng, task=item.text)
        yield LabelledRow(
            text,
            "en",
            item.source,
            item.group,
            labels.code_request("code_instruction", d),
            f"code_instruction/{style}",
            f"length difficulty {d:.2f}",
        )
