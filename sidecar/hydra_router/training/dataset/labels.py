"""Every target rule in one place: pure functions from evidence to four targets.

Scale (all heads): 0 = the request does not need the capability; ~0.2 = it
touches it in passing; 0.5 = clearly needed, an average model manages; 0.8+
= only the strongest models manage reliably. Two kinds of evidence feed
these rules: *what* the request asks (its source and structure: the `kind`
arguments) and *how hard* it is (`difficulty` in [0,1], from real outcomes
where they exist, see `grounding`).
"""

from __future__ import annotations

from dataclasses import dataclass

HEADS = ("reasoning", "code_generation", "debugging", "tool_use")


@dataclass(frozen=True)
class Targets:
    """Four requirement targets in HEADS order, each rounded into [0, 1]."""

    reasoning: float = 0.0
    code_generation: float = 0.0
    debugging: float = 0.0
    tool_use: float = 0.0

    def __post_init__(self) -> None:
        for head in HEADS:
            value = round(min(1.0, max(0.0, float(getattr(self, head)))), 3)
            object.__setattr__(self, head, value)

    def as_dict(self) -> dict[str, float]:
        """The targets keyed by head name."""
        return {head: getattr(self, head) for head in HEADS}


def _level(low: float, high: float, difficulty: float) -> float:
    """Map difficulty in [0,1] linearly onto [low, high]."""
    d = min(1.0, max(0.0, difficulty))
    return low + (high - low) * d


# --- math word problems (GSM8K, MGSM) -------------------------------------


def math_problem(difficulty: float) -> Targets:
    """A word problem to solve: reasoning only, 0.5 (easy) .. 0.9 (GPT-4 fails too)."""
    return Targets(reasoning=_level(0.5, 0.9, difficulty))


def math_program(difficulty: float) -> Targets:
    """Mixed: write a program that solves a word problem (reasoning + code)."""
    return Targets(
        reasoning=_level(0.45, 0.85, difficulty), code_generation=_level(0.5, 0.65, difficulty)
    )


# --- short factual questions (XQuAD) --------------------------------------


def factual_question(words: int) -> Targets:
    """A short factual question: little reasoning; longer questions a bit more."""
    return Targets(reasoning=0.05 if words < 8 else 0.1 if words < 16 else 0.15)


# --- open chat (MT-Bench) -------------------------------------------------

_CHAT_CATEGORY = {
    # category: (reasoning, code_generation)
    "writing": (0.15, 0.0),
    "roleplay": (0.15, 0.0),
    "extraction": (0.25, 0.0),
    "humanities": (0.3, 0.0),
    "stem": (0.45, 0.0),
    "reasoning": (0.65, 0.0),
    "math": (0.65, 0.0),
    "coding": (0.35, 0.6),
}


def chat_request(category: str, strong_minus_weak: float) -> Targets:
    """MT-Bench prompt by category; a clear gap between GPT-4 and Mixtral raises the level."""
    reasoning, code = _CHAT_CATEGORY.get(category, (0.2, 0.0))
    bump = 0.15 if strong_minus_weak >= 0.15 else 0.05 if strong_minus_weak >= 0.05 else 0.0
    if code > 0:
        return Targets(reasoning=reasoning, code_generation=code + bump)
    return Targets(reasoning=reasoning + (bump if reasoning >= 0.3 else 0.0))


# --- code requests (HumanEval-XL, CodeAlpaca) -----------------------------

CODE_KINDS = ("code_complete", "code_tests", "code_explain", "algo_then_code", "code_instruction")


def code_request(kind: str, difficulty: float) -> Targets:
    """A request about a function to write.

    complete/instruction: write it; tests: write tests for it (code too, less
    reasoning);
    explain: say what it should do (reasoning, little code); algo_then_code:
    reason about the algorithm first, then write it (mixed).
    """
    if kind in ("code_complete", "code_instruction"):
        return Targets(
            reasoning=_level(0.15, 0.4, difficulty), code_generation=_level(0.5, 0.85, difficulty)
        )
    if kind == "code_tests":
        return Targets(
            reasoning=_level(0.15, 0.3, difficulty), code_generation=_level(0.5, 0.7, difficulty)
        )
    if kind == "code_explain":
        return Targets(reasoning=_level(0.3, 0.5, difficulty), code_generation=0.1)
    if kind == "algo_then_code":
        return Targets(
            reasoning=_level(0.5, 0.75, difficulty), code_generation=_level(0.5, 0.85, difficulty)
        )
    raise ValueError(f"unknown code request kind {kind!r}; expected one of {CODE_KINDS}")


# --- debugging (QuixBugs, DebugBench) -------------------------------------

FAILURES = ("crash", "wrong_output", "hang", "unobserved")


def quixbugs_debug(failure: str) -> Targets:
    """A one-line bug in a classic algorithm, phrased with the failure we observed.

    A crash with its traceback points at the line (easier); a wrong value or
    a hang must be traced through the algorithm; with no observed failure the
    user only says "something is wrong", the hardest case.
    """
    debugging = {"crash": 0.55, "wrong_output": 0.7, "hang": 0.7, "unobserved": 0.8}
    if failure not in debugging:
        raise ValueError(f"unknown failure kind {failure!r}; expected one of {FAILURES}")
    return Targets(reasoning=0.35, code_generation=0.2, debugging=debugging[failure])


_DEBUG_LEVEL = {"easy": 0.0, "medium": 0.4, "hard": 0.8}
_BUG_CATEGORY = {
    "syntax error": -0.1,
    "reference error": -0.05,
    "logic error": 0.05,
    "multiple error": 0.1,
}


def debugbench_debug(level: str, bug_category: str, explain: bool = False) -> Targets:
    """A buggy LeetCode solution: level of the problem and kind of bug set the debugging level.

    With `explain` the user also asks why it fails and for the complexity
    (mixed debugging + reasoning).
    """
    d = _DEBUG_LEVEL.get(level, 0.4)
    debugging = _level(0.55, 0.8, d) + _BUG_CATEGORY.get(bug_category, 0.0)
    reasoning = _level(0.2, 0.45, d) + (0.25 if explain else 0.0)
    return Targets(reasoning=reasoning, code_generation=0.25, debugging=debugging)


# --- tool use (BFCL) ------------------------------------------------------


def tool_request(
    call_expected: bool, functions_offered: bool, difficulty: float, asks_for_code: bool = False
) -> Targets:
    """A request sent with tools.

    A tool answers it: tool use 0.5 .. 0.95 by difficulty. Tools offered but
    none applies (BFCL irrelevance): the model must only decline to call, 0.1.
    No tools at all: 0. A request no tool answers that asks for code (real
    users do, in BFCL's live irrelevance set) needs code generation instead.
    """
    code = 0.5 if asks_for_code and not call_expected else 0.0
    if not functions_offered:
        return Targets(reasoning=0.15, code_generation=code)
    if not call_expected:
        return Targets(reasoning=0.15, code_generation=code, tool_use=0.1)
    return Targets(reasoning=_level(0.1, 0.4, difficulty), tool_use=_level(0.5, 0.95, difficulty))


def tool_code(difficulty: float) -> Targets:
    """Mixed: write code that calls the offered API to do the task."""
    return Targets(
        reasoning=_level(0.15, 0.35, difficulty),
        code_generation=_level(0.5, 0.7, difficulty),
        tool_use=_level(0.5, 0.85, difficulty),
    )


def tool_fix_call(difficulty: float) -> Targets:
    """Mixed: a tool call failed (missing argument); find out why and redo the call."""
    return Targets(
        reasoning=0.25,
        code_generation=0.1,
        debugging=_level(0.45, 0.6, difficulty),
        tool_use=_level(0.55, 0.9, difficulty),
    )


def code_in_tool_call(language_code: bool) -> float:
    """Extra code-generation need when the call's arguments are written in Java/JS syntax."""
    return 0.25 if language_code else 0.0


# --- editor-chat requests (requests/*, hand-written) ------------------------

# need: (reasoning, code_generation, debugging, tool_use). The need comes from the
# source AND the framing: one NL2Bash description asked as "give me a one-liner" is
# `snippet`, asked as "do this in this repo for me" is `act`.
_REQUEST_NEED = {
    "code": (0.2, 0.6, 0.0, 0.0),  # write code (MBPP, BigCodeBench, CodeSearchNet)
    "code_think": (0.6, 0.65, 0.0, 0.0),  # reason about the algorithm, then code it
    "snippet": (0.1, 0.55, 0.0, 0.0),  # a shell one-liner to paste
    "sql": (0.2, 0.55, 0.0, 0.0),  # a query to write
    "api_code": (0.2, 0.55, 0.0, 0.2),  # code that calls a named ML API
    "act": (0.15, 0.3, 0.0, 0.65),  # act in the workspace: run, look, change
    "act_reason": (0.55, 0.2, 0.0, 0.65),  # act, and work out a puzzle (CTF)
    "act_repo": (0.3, 0.3, 0.3, 0.7),  # set up and run a research repository
    "db": (0.2, 0.5, 0.0, 0.6),  # query or change a live database
    "service": (0.15, 0.0, 0.0, 0.6),  # look up / do via an external service
    "service_light": (0.1, 0.0, 0.0, 0.55),  # generic assistant tool pick (MetaTool)
    "debug_report": (0.35, 0.2, 0.6, 0.0),  # a bug report: find the cause
    "debug_question": (0.25, 0.15, 0.55, 0.0),  # a student's own code fails
    "explain_code": (0.3, 0.1, 0.0, 0.0),  # pasted code, no defect asked about
    "edit_code": (0.1, 0.3, 0.0, 0.0),  # pasted code: docstrings, names, formatting
    "chat": (0.0, 0.0, 0.0, 0.0),  # thanks, greetings
    "concept": (0.2, 0.0, 0.0, 0.0),  # a conceptual question
    "reason": (0.65, 0.0, 0.0, 0.0),  # a genuine reasoning ask
}
REQUEST_NEEDS = tuple(_REQUEST_NEED)


def editor_request(need: str) -> Targets:
    """A request as typed into an editor chat: the need its source and framing imply."""
    if need not in _REQUEST_NEED:
        raise ValueError(f"unknown request need {need!r}; expected one of {REQUEST_NEEDS}")
    return Targets(*_REQUEST_NEED[need])
