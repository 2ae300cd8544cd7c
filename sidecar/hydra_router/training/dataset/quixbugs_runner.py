"""Run QuixBugs programs (buggy and fixed) on test inputs to observe real failures.

Each program runs in a separate `python -I` subprocess in an empty temporary
folder, with a per-call alarm and an overall timeout; the programs are pure
algorithms and open no files or sockets. The first input where the buggy
program crashes, hangs or returns something else than the fixed one is the
observed failure; its traceback (frames of the program only) or its wrong
value is what the debugging request quotes.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass

from hydra_router.training.dataset.quixbugs_inputs import QUIXBUGS_CASES

CALL_TIMEOUT_S = 1
# Object reprs carry memory addresses, which change from run to run.
_ADDRESS = re.compile(r" at 0x[0-9a-f]+")

_HARNESS = r"""
import json, linecache, signal, sys, traceback
class Node:
    def __init__(self, value=None, successor=None, successors=None, predecessors=None,
                 incoming_nodes=None, outgoing_nodes=None):
        self.value = value
        self.successor = successor
        self.successors = successors or []
        self.predecessors = predecessors or []
        self.incoming_nodes = incoming_nodes or []
        self.outgoing_nodes = outgoing_nodes or []
def values(node):
    out = []
    while node is not None and len(out) < 50:
        out.append(node.value); node = node.successor
    return out
def values_of(nodes):
    return [n.value for n in nodes]
class Timeout(Exception):
    pass
def on_alarm(signum, frame):
    raise Timeout()
job = json.load(sys.stdin)
name = job["program"] + ".py"
lines = job["code"].splitlines(True)
linecache.cache[name] = (len(job["code"]), None, lines, name)
sys.setrecursionlimit(400)
signal.signal(signal.SIGALRM, on_alarm)
results = []
for setup, call in job["cases"]:
    ns = {"Node": Node, "values": values, "values_of": values_of, "__name__": "quixbug"}
    try:
        exec(compile(job["code"], name, "exec"), ns)
        exec(setup, ns)
        signal.alarm(job["timeout"])
        value = eval(call, ns)
        signal.alarm(0)
        results.append({"status": "ok", "value": repr(value)})
    except Timeout:
        results.append({"status": "hang"})
    except BaseException as exc:
        signal.alarm(0)
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == name]
        text = "Traceback (most recent call last):\n"
        shown = frames[-4:]
        if len(frames) > len(shown):
            text += "  [... %d earlier calls ...]\n" % (len(frames) - len(shown))
        text += "".join(traceback.format_list(shown))
        text += "".join(traceback.format_exception_only(type(exc), exc))
        results.append({"status": "crash", "error": text.rstrip()})
print(json.dumps(results))
"""


@dataclass(frozen=True)
class ObservedFailure:
    """What running the buggy program showed on one input."""

    program: str
    kind: str  # "crash" | "wrong_output" | "hang" | "unobserved"
    call: str = ""
    expected: str = ""
    actual: str = ""
    traceback: str = ""


def run_program(program: str, code: str, cases: list[tuple[str, str]]) -> list[dict[str, str]]:
    """Run `code` on every case in a subprocess; one result dict per case."""
    job = json.dumps({"program": program, "code": code, "cases": cases, "timeout": CALL_TIMEOUT_S})
    with tempfile.TemporaryDirectory(prefix="hydra-quixbugs-") as workdir:
        try:
            done = subprocess.run(
                [sys.executable, "-I", "-c", _HARNESS],
                input=job,
                capture_output=True,
                text=True,
                cwd=workdir,
                env={"PATH": "/usr/bin:/bin", "PYTHONHASHSEED": "0"},
                timeout=CALL_TIMEOUT_S * len(cases) + 20,
            )
        except subprocess.TimeoutExpired:
            return [{"status": "hang"} for _ in cases]
    try:
        results = json.loads(_ADDRESS.sub("", done.stdout.strip().splitlines()[-1]))
    except (IndexError, json.JSONDecodeError):
        # The program killed the interpreter (e.g. recursion in C code): treat as a crash
        # without a usable traceback.
        return [{"status": "crash", "error": done.stderr.strip()[-400:]} for _ in cases]
    return list(results)


def observe_failure(
    program: str, buggy: str, fixed: str, cases: list[tuple[str, str]] | None = None
) -> ObservedFailure:
    """Compare buggy and fixed on the program's inputs (default: QUIXBUGS_CASES); return the
    first difference."""
    if cases is None:
        cases = QUIXBUGS_CASES.get(program, [])
    if not cases:
        return ObservedFailure(program=program, kind="unobserved")
    bad = run_program(program, buggy, cases)
    good = run_program(program, fixed, cases)
    for (_setup, call), b, g in zip(cases, bad, good, strict=False):
        expected = g.get("value", "")
        if b["status"] == "crash":
            return ObservedFailure(program, "crash", call, expected, "", b.get("error", ""))
        if b["status"] == "hang":
            return ObservedFailure(program, "hang", call, expected)
        if g["status"] == "ok" and b.get("value") != expected:
            return ObservedFailure(program, "wrong_output", call, expected, b.get("value", ""))
    return ObservedFailure(program=program, kind="unobserved")
