"""Running buggy programs to observe their failures (subprocess, timeouts)."""

from __future__ import annotations

from hydra_router.training.dataset.quixbugs_runner import observe_failure

FIXED = "def half(n):\n    return n // 2\n"


def test_crash_gives_a_traceback_of_the_program_only() -> None:
    buggy = "def half(n):\n    return n // 0\n"
    failure = observe_failure("half", buggy, FIXED, cases=[("", "half(4)")])
    assert failure.kind == "crash"
    assert 'File "half.py", line 2, in half' in failure.traceback
    assert failure.traceback.strip().endswith(
        "ZeroDivisionError: integer division or modulo by zero"
    )
    assert failure.expected == "2"


def test_wrong_output_quotes_both_values() -> None:
    buggy = "def half(n):\n    return n // 3\n"
    failure = observe_failure("half", buggy, FIXED, cases=[("", "half(1)"), ("", "half(6)")])
    assert (failure.kind, failure.call, failure.expected, failure.actual) == (
        "wrong_output",
        "half(6)",
        "3",
        "2",
    )


def test_hang_is_cut_by_the_alarm() -> None:
    buggy = "def half(n):\n    while True:\n        pass\n"
    failure = observe_failure("half", buggy, FIXED, cases=[("", "half(4)")])
    assert failure.kind == "hang" and failure.call == "half(4)"


def test_no_difference_is_unobserved() -> None:
    assert observe_failure("half", FIXED, FIXED, cases=[("", "half(4)")]).kind == "unobserved"
    assert observe_failure("no_inputs_for_this", FIXED, FIXED).kind == "unobserved"


def test_setup_and_graph_nodes_are_available() -> None:
    code = "def first(node):\n    return node.successor.value\n"
    failure = observe_failure(
        "first", code, code, cases=[("a = Node('a'); a.successor = Node('b')", "first(a)")]
    )
    assert failure.kind == "unobserved"


def test_crash_line_takes_the_innermost_frame_and_the_exception() -> None:
    from hydra_router.training.dataset.compose_debug import crash_line

    trace = (
        "Traceback (most recent call last):\n"
        '  File "detect_cycle.py", line 5, in detect_cycle\n'
        "    if hare.successor is None:\n"
        "       ^^^^^^^^^^^^^^\n"
        "AttributeError: 'NoneType' object has no attribute 'successor'\n"
    )
    assert crash_line(trace) == (
        "if hare.successor is None:",
        "AttributeError: 'NoneType' object has no attribute 'successor'",
    )
    assert crash_line("RecursionError: maximum recursion depth exceeded") is None
    assert crash_line("") is None
