"""Every label rule of the dataset build (pure functions, no I/O)."""

from __future__ import annotations

import pytest

from hydra_router.training.dataset import labels
from hydra_router.training.dataset.labels import HEADS, Targets


def test_targets_clamp_and_round() -> None:
    t = Targets(reasoning=1.7, code_generation=-0.2, debugging=0.12345, tool_use=0.5)
    assert t.as_dict() == {
        "reasoning": 1.0,
        "code_generation": 0.0,
        "debugging": 0.123,
        "tool_use": 0.5,
    }
    assert tuple(t.as_dict()) == HEADS


def test_math_problem_is_reasoning_only_and_grows_with_difficulty() -> None:
    easy, hard = labels.math_problem(0.0), labels.math_problem(1.0)
    assert (easy.reasoning, hard.reasoning) == (0.5, 0.9)
    assert easy.code_generation == easy.debugging == easy.tool_use == 0.0
    assert labels.math_problem(0.5).reasoning == pytest.approx(0.7)


def test_math_program_is_mixed() -> None:
    t = labels.math_program(0.0)
    assert t.reasoning > 0.4 and t.code_generation >= 0.5 and t.tool_use == 0.0


def test_factual_question_stays_low_and_grows_with_length() -> None:
    short, medium, long = (labels.factual_question(w).reasoning for w in (5, 10, 30))
    assert short < medium < long < 0.5


def test_chat_request_category_and_gap() -> None:
    assert labels.chat_request("writing", 0.0).reasoning < 0.5
    coding = labels.chat_request("coding", 0.0)
    assert coding.code_generation >= 0.5
    assert labels.chat_request("coding", 0.2).code_generation > coding.code_generation
    assert labels.chat_request("math", 0.2).reasoning > labels.chat_request("math", 0.0).reasoning
    # a gap does not make writing prompts need reasoning
    assert (
        labels.chat_request("writing", 0.3).reasoning
        == labels.chat_request("writing", 0.0).reasoning
    )


@pytest.mark.parametrize(
    "kind", ["code_complete", "code_instruction", "code_tests", "algo_then_code"]
)
def test_code_requests_need_code(kind: str) -> None:
    assert labels.code_request(kind, 0.0).code_generation >= 0.45
    assert (
        labels.code_request(kind, 1.0).code_generation
        > labels.code_request(kind, 0.0).code_generation
    )


def test_code_explain_and_algorithm_first() -> None:
    explain = labels.code_request("code_explain", 0.5)
    assert explain.code_generation < 0.5 <= explain.reasoning + 0.1
    mixed = labels.code_request("algo_then_code", 0.0)
    assert mixed.reasoning >= 0.5 and mixed.code_generation >= 0.5


def test_unknown_code_kind_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown code request kind"):
        labels.code_request("poem", 0.5)


def test_quixbugs_failure_kinds_order() -> None:
    crash, wrong, hang, none = (labels.quixbugs_debug(k).debugging for k in labels.FAILURES)
    assert 0.5 <= crash < wrong <= hang < none
    with pytest.raises(ValueError):
        labels.quixbugs_debug("flaky")


def test_debugbench_levels_categories_and_explain() -> None:
    easy = labels.debugbench_debug("easy", "logic error")
    hard = labels.debugbench_debug("hard", "logic error")
    assert 0.5 <= easy.debugging < hard.debugging
    assert (
        labels.debugbench_debug("medium", "syntax error").debugging
        < labels.debugbench_debug("medium", "multiple error").debugging
    )
    explained = labels.debugbench_debug("easy", "logic error", explain=True)
    assert explained.reasoning >= 0.45 and explained.debugging == easy.debugging


def test_tool_request_rules() -> None:
    called = labels.tool_request(call_expected=True, functions_offered=True, difficulty=0.0)
    assert called.tool_use == 0.5
    assert labels.tool_request(True, True, 1.0).tool_use == 0.95
    irrelevant = labels.tool_request(call_expected=False, functions_offered=True, difficulty=0.9)
    assert irrelevant.tool_use == 0.1 and irrelevant.code_generation == 0.0
    assert (
        labels.tool_request(call_expected=False, functions_offered=False, difficulty=0.9).tool_use
        == 0.0
    )
    asks = labels.tool_request(False, True, 0.0, asks_for_code=True)
    assert asks.code_generation == 0.5 and asks.tool_use == 0.1
    # the code signal only applies when no tool answers the request
    assert labels.tool_request(True, True, 0.0, asks_for_code=True).code_generation == 0.0


def test_tool_mixes_have_several_heads() -> None:
    code = labels.tool_code(0.3)
    assert code.tool_use >= 0.5 and code.code_generation >= 0.5
    fix = labels.tool_fix_call(0.3)
    assert fix.tool_use >= 0.5 and fix.debugging >= 0.45
