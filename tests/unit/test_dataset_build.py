"""The whole build on a tiny synthetic source tree: contract, determinism, splits, errors."""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
from pathlib import Path

import pytest

from hydra_router.training import data_cli
from hydra_router.training.dataset import compose_requests as compose_requests_mod
from hydra_router.training.dataset.build import BuildOptions, build_dataset, subsample
from hydra_router.training.dataset.compose_code import (
    brief_length,
    brief_task,
    sentences,
    without_examples,
)
from hydra_router.training.dataset.compose_requests import (
    REQUEST_KINDS,
    compose_pasted_solutions,
    compose_requests,
    frame_request,
    read_requests,
)
from hydra_router.training.dataset.labels import HEADS, Targets
from hydra_router.training.dataset.plots import language_order
from hydra_router.training.dataset.rows import LabelledRow
from hydra_router.training.dataset.sources import QueryItem, SourceError, read_queries
from hydra_router.training.dataset.templates import (
    TEMPLATE_LANGUAGES,
    handwritten_for,
    is_bare,
    placeholders,
    templates_for,
)
from hydra_router.training.dataset.writer import OUTPUT_KEYS

STRONG, WEAK = "gpt-4-1106-preview", "mistralai/Mixtral-8x7B-Instruct-v0.1"
# every request around a HumanEval-XL stub names its form and programming language
STUB_VARIANT = re.compile(
    r"(stub|complete|code_tests|code_explain|algo_then_code)/(python|java|javascript|go)"
)
GCD_BUGGY = (
    "def gcd(a, b):\n    if b == 0:\n        return a\n    else:\n        return gcd(a % b, b)\n"
)
GCD_FIXED = (
    "def gcd(a, b):\n    if b == 0:\n        return a\n    else:\n        return gcd(b, a % b)\n"
)
TOOL_TEXT = "Find the area of a triangle with base 10 and height 5."


def _q(source: str, id_: str, lang: str, text: str, group: str, **meta) -> dict:
    return {
        "id": f"{source}:{id_}",
        "source": source,
        "lang": lang,
        "text": text,
        "group": group,
        "meta": meta,
    }


def _write(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )


def make_source_tree(root: Path) -> Path:
    """A few rows of every source file, shaped like the shared data."""
    q = root / "queries"
    problems = {
        0: "Ann has 3 apples and buys 4 more. How many?",
        1: "A train goes 60 km/h for 2 h. How far?",
    }
    _write(
        q / "mgsm.jsonl",
        [
            _q(
                "mgsm",
                f"{lang}:{i}",
                lang,
                f"[{lang}] {text}",
                f"mgsm-{i}",
                answer="7",
                gsm8k_test_index=i,
            )
            for i, text in problems.items()
            for lang in ("en", "de", "bn")
        ],
    )
    gsm = [
        _q("gsm8k", f"test-{i}", "en", text, f"mgsm-{i}", split="test", answer="7", num_steps=2 + i)
        for i, text in problems.items()
    ]
    gsm += [
        _q(
            "gsm8k",
            f"train-{i}",
            "en",
            f"Train problem {i}: {i} + {i}?",
            f"gsm8k-train-{i}",
            split="train",
            answer=str(2 * i),
            num_steps=1 + i,
        )
        for i in range(12)
    ]
    _write(q / "gsm8k.jsonl", gsm)
    he = []
    for pl, stub in (
        ("python", 'def add(a, b):\n    """{d}"""\n'),
        ("java", "class Add {{ /** {d} */ }}\n"),
    ):
        for lang, desc in (
            ("en", "Add two numbers a and b and return their sum. Both are ints."),
            ("de", "Addiere zwei Zahlen a und b und gib ihre Summe zurück. Beide sind ints."),
            ("af", "Tel twee getalle a en b op en gee die som terug. Albei is ints."),
        ):
            he.append(
                _q(
                    "humaneval_xl",
                    f"{lang}:{pl}/0",
                    lang,
                    stub.format(d=desc),
                    f"humaneval_xl-{pl}/0",
                    task_id=f"{pl}/0",
                    programming_language=pl,
                    natural_language=lang,
                    entry_point="add",
                    description=desc,
                )
            )
    _write(q / "humaneval_xl.jsonl", he)
    _write(
        q / "bfcl_queries.jsonl",
        [
            _q(
                "bfcl",
                "simple_python_0",
                "en",
                TOOL_TEXT,
                "bfcl-simple_python_0",
                category="simple_python",
                functions_offered=True,
                function_names=["calculate_triangle_area"],
                tool_call_expected=True,
            ),
            _q(
                "bfcl",
                "irrelevance_0",
                "en",
                "How many sides does a hexagon have?",
                "bfcl-irrelevance_0",
                category="irrelevance",
                functions_offered=True,
                function_names=["get_weather"],
                tool_call_expected=False,
            ),
            _q(
                "bfcl",
                "live_irrelevance_0",
                "en",
                "write a python script to rename files",
                "bfcl-live_irrelevance_0",
                category="live_irrelevance",
                functions_offered=True,
                function_names=["get_weather"],
                tool_call_expected=False,
            ),
            _q(
                "bfcl",
                "chatable_0",
                "en",
                "Tell me a fun fact.",
                "bfcl-chatable_0",
                category="chatable",
                functions_offered=False,
                function_names=[],
                tool_call_expected=False,
            ),
            _q(
                "bfcl",
                "multi_turn_base_0",
                "en",
                "Move report.pdf to temp.",
                "bfcl-multi_turn_base_0",
                category="multi_turn_base",
                functions_offered=True,
                function_names=[],
                involved_classes=["GorillaFileSystem"],
                scenario="multi_turn_0",
                tool_call_expected=True,
                turns=["Move report.pdf to temp.", "", "Now sort it by line."],
            ),
        ],
    )
    _write(
        q / "quixbugs.jsonl",
        [
            _q(
                "quixbugs",
                f"{pl}/gcd",
                "en",
                "",
                "quixbugs-gcd",
                program="gcd",
                programming_language=pl,
                code=GCD_BUGGY if pl == "python" else "class GCD { /* buggy */ }",
                fixed_code=GCD_FIXED if pl == "python" else "class GCD { /* fixed */ }",
                path="p",
                fixed_path="f",
            )
            for pl in ("python", "java")
        ],
    )
    _write(
        q / "debugbench.jsonl",
        [
            _q(
                "debugbench",
                f"python3/condition-error/{i}",
                "en",
                "",
                f"debugbench-x{i}",
                slug="two-sum",
                programming_language="python3",
                bug_subtype="condition error",
                bug_category="logic error",
                level=level,
                problem="Return indices of two numbers adding to target.",
                examples=["Input: nums = [2,7], target = 9\nOutput: [0,1]"],
                code=f"class Solution:\n    def twoSum(self, nums, t):\n        return [{i}]",
            )
            for i, level in enumerate(("easy", "hard"))
        ],
    )
    _write(
        q / "xquad.jsonl",
        [
            _q(
                "xquad",
                f"{lang}:1",
                lang,
                text,
                "xquad-1",
                title="T",
                paragraph_index=0,
                answers=["x"],
            )
            for lang, text in (("en", "Who wrote the poem?"), ("zh", "谁写了这首诗？"))
        ],
    )
    _write(
        q / "codealpaca.jsonl",
        [
            _q(
                "codealpaca",
                "new-0",
                "en",
                "Write a function that reverses a string.",
                "codealpaca-new-0",
                file="f",
                index=0,
                instruction="i",
                input="",
            )
        ],
    )
    o = root / "outcomes"
    _write(
        o / "routellm_gsm8k.jsonl",
        [
            {
                "id": f"routellm_gsm8k:{i}",
                "source": "routellm_gsm8k",
                "lang": "en",
                "category": "math",
                "prompt": text,
                "outcomes": {STRONG: 1, WEAK: i % 2},
            }
            for i, text in problems.items()
        ],
    )
    _write(
        o / "routellm_mtbench.jsonl",
        [
            {
                "id": "routellm_mtbench:120",
                "category": "coding",
                "prompt": "Write a C++ program to find the nth Fibonacci number.",
                "outcomes": {STRONG: 0.9, WEAK: 0.6},
            },
        ],
    )
    tool = {
        "name": "calculate_triangle_area",
        "description": "Area.",
        "parameters": {
            "type": "dict",
            "properties": {"base": {"type": "integer"}, "height": {"type": "integer"}},
            "required": ["base", "height"],
        },
    }
    _write(
        o / "bfcl.jsonl",
        [
            {
                "id": "bfcl:simple_0",
                "category": "simple",
                "prompt": TOOL_TEXT,
                "tools": [tool],
                "outcomes": {"m1": 1, "m2": 0, "m3": 1},
            }
        ],
    )
    for folder in ("queries", "outcomes"):
        (root / folder / "LICENSES").mkdir(parents=True, exist_ok=True)
        (root / folder / "LICENSES" / f"{folder}_MIT.txt").write_text("MIT License\n")
    make_requests(root / "requests")
    return root


BASH_TEXT = "Find all *.log files under the current directory and delete them"
SHARE_ALIKE_TEXT = "How many singers are there in the share-alike set?"
# source -> [(text, meta)]: a few requests of every file compose_requests reads
REQUESTS: dict[str, list[tuple[str, dict]]] = {
    "nl2bash": [
        (BASH_TEXT, {"gold_cmd": "find . -name '*.log' -delete"}),
        ("Count the lines of every Python file in src", {"gold_cmd": "wc -l src/*.py"}),
    ],
    "intercode_bash": [
        ("Print the size of /testbed in megabytes", {"gold_cmd": "du -sm /testbed"})
    ],
    "intercode_ctf": [("Can you find the flag hidden in the image?", {})],
    "mbpp": [("Write a function to reverse the words in a sentence.", {})],
    "wikisql_dev": [
        ("who won in 1999? (Use table t1)", {"gold_sql": "SELECT Winner FROM t1 WHERE Year = 1999"})
    ],
    "bigcodebench_instruct": [
        (
            "Count the words in a text file.\nThe function should output with:\n    int\n"
            "You should write self-contained code starting with:\n```\ndef task_func(path):\n```",
            {},
        )
    ],
    "coding_challenges": [("Implement a stack with push, pop and min in O(1).", {})],
    "codesearchnet_queries": [("convert int to string", {})],
    "cs1qa_questions": [
        ("I keep getting an error in task 2 when I call move()", {}),
        ("Please explain how you implemented task 3.", {}),
    ],
    "gitbugs_reports": [
        ("Upload fails with NullPointerException\n\nat Foo.bar(Foo.java:12)", {}),
        ("Upgrade the logging library to 2.x", {}),
    ],
    "toolbench_stable": [("Can you get me the latest exchange rate from USD to EUR?", {})],
    "toolalpaca": [("Is today a public holiday in Germany?", {})],
    "gorilla_apibench": [
        (
            "Suggest an API to classify dog breeds from a photo.",
            {"api_call": "pipeline('image-classification', model='dog-breeds')"},
        )
    ],
    "agentbench_os": [("How many hidden files are in /home?", {})],
    "agentbench_db": [("Insert a new row into the 'Scores' table with Name 'Ann'.", {})],
    "super_benchmark": [("Train a model with the repo's train.py and report the accuracy.", {})],
    "metatool": [("Show me the latest HackerNews stories.", {})],
    "tau_bench": [
        (
            "Your name is Ann Lee and your zip code is 12345. You are patient. "
            "You want to return order #W1 because your mug is broken.",
            {},
        )
    ],
    "spider_dev": [(SHARE_ALIKE_TEXT, {})],
}


def make_requests(folder: Path) -> None:
    """requests/<name>.jsonl.gz, shaped like the shared data (no group field)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, items in REQUESTS.items():
        rows = [
            {"id": f"{name}:{i}", "source": name, "lang": "en", "text": text, "meta": meta}
            for i, (text, meta) in enumerate(items)
        ]
        data = "".join(json.dumps(r) + "\n" for r in rows).encode("utf-8")
        (folder / f"{name}.jsonl.gz").write_bytes(gzip.compress(data, mtime=0))


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_source_tree(tmp_path_factory.mktemp("shared"))


@pytest.fixture(scope="module")
def built(source: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict]]:
    out = tmp_path_factory.mktemp("out")
    build_dataset(
        BuildOptions(source=source, out=out, seed=7, progress=False, subsample={}, command="test")
    )
    with gzip.open(out / "requirements/rows.jsonl.gz", "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    return out, rows


def test_rows_follow_the_output_contract(built: tuple[Path, list[dict]]) -> None:
    _, rows = built
    assert rows
    for row in rows:
        assert tuple(row) == OUTPUT_KEYS
        assert row["split"] in ("train", "valid", "test")
        for head in HEADS:
            assert isinstance(row[head], float) and 0.0 <= row[head] <= 1.0
        assert row["text"].strip()
        assert row["variant"] in (
            "",
            "stub",
            "description",
            "task",
            "brief",
            "line/0",
            "line/1",
        ) or (STUB_VARIANT.fullmatch(row["variant"]))


def test_two_builds_are_byte_identical(
    source: Path, built: tuple[Path, list[dict]], tmp_path: Path
) -> None:
    first, _ = built
    build_dataset(
        BuildOptions(
            source=source,
            out=tmp_path,
            seed=7,
            progress=False,
            subsample={},
            command="test",
            extras=False,
        )
    )
    a = (first / "requirements/rows.jsonl.gz").read_bytes()
    b = (tmp_path / "requirements/rows.jsonl.gz").read_bytes()
    assert a == b
    meta = json.loads((tmp_path / "requirements/meta.json").read_text())
    assert meta["rows_sha256"] == hashlib.sha256(b).hexdigest()
    assert meta["seed"] == 7 and meta["held_out_languages"]


def test_groups_never_span_splits_and_held_out_languages_are_test_only(
    built: tuple[Path, list[dict]],
) -> None:
    _, rows = built
    splits: dict[str, set[str]] = {}
    for row in rows:
        splits.setdefault(row["group"], set()).add(row["split"])
    assert all(len(s) == 1 for s in splits.values())
    assert all(
        row["split"] == "test" for row in rows if row["lang"] in ("bn", "fa", "hu", "ms", "te")
    )


def test_rows_labelled_from_outcomes_stay_out_of_training(built: tuple[Path, list[dict]]) -> None:
    """Evaluation routes the outcome prompts: rows levelled by their own results are test
    rows, or (MGSM, half of BFCL) their outcome ids are listed for evaluation to leave out."""
    out, rows = built
    assert all(r["split"] == "test" for r in rows if r["source"] == "mtbench")
    meta = json.loads((out / "requirements/meta.json").read_text())
    trained = {r["group"] for r in rows if r["split"] != "test" and r["group"].startswith("mgsm-")}
    expected = {f"routellm_gsm8k:{g.split('-')[1]}" for g in trained}
    assert expected  # seed 7 puts mgsm-1 in train
    tool_splits = {r["split"] for r in rows if TOOL_TEXT in r["text"]}
    assert tool_splits == {"valid"}  # seed 7 leaves bfcl-simple_python_0 unpinned, in valid
    assert set(meta["outcome_ids_in_train_or_valid"]) == expected | {"bfcl:simple_0"}


def test_label_rules_reach_the_rows(source: Path, built: tuple[Path, list[dict]]) -> None:
    _, rows = built
    # solutions pasted with an ask that names no defect are checked on their own below
    pasted = {
        r.text
        for r in compose_pasted_solutions(
            read_queries(source, "debugbench"), read_queries(source, "quixbugs"), 7
        )
    }
    by_source: dict[str, list[dict]] = {}
    for row in rows:
        if row["text"] not in pasted:
            by_source.setdefault(row["source"], []).append(row)
    assert all(r["reasoning"] >= 0.45 for r in by_source["gsm8k"] + by_source["mgsm"])
    # a DebugBench problem is asked with its buggy solution (debugging) and alone (write it)
    # and with the signature only (write it)
    solve = [r for r in by_source["debugbench"] if "return [" not in r["text"]]
    buggy = [r for r in by_source["debugbench"] if "return [" in r["text"]]
    assert buggy and all(r["debugging"] >= 0.5 for r in by_source["quixbugs"] + buggy)
    bare = [r for r in solve if r["variant"] == "description"]
    assert len(bare) == 1 and bare[0]["lang"] == "en"
    assert bare[0]["text"].startswith("Return indices of two numbers")
    stubs = [r for r in solve if "def twoSum(self, nums, t):" in r["text"]]
    assert [r["lang"] for r in stubs if r["variant"] == "stub"] == ["en"]
    assert len(stubs) >= 2 and all("Return indices" in r["text"] for r in stubs)
    assert all(r["code_generation"] >= 0.5 and r["debugging"] == 0 for r in solve)
    assert any("RecursionError" in r["text"] for r in by_source["quixbugs"])
    # a crash asked in one line: the exception and the line the traceback points at
    one_line = [r for r in by_source["quixbugs"] if r["variant"].startswith("line/")]
    assert {r["lang"] for r in one_line} == {r["lang"] for r in by_source["quixbugs"]}
    assert all(r["debugging"] >= 0.5 and "def gcd" not in r["text"] for r in one_line)
    assert any("return gcd(a % b, b)" in r["text"] for r in one_line)
    assert all(
        r["code_generation"] >= 0.45 or r["reasoning"] >= 0.3 for r in by_source["humaneval_xl"]
    )
    assert all(r["reasoning"] <= 0.15 and r["tool_use"] == 0 for r in by_source["xquad"])
    tools = {r["text"]: r for r in by_source["bfcl"]}
    called = [r for t, r in tools.items() if TOOL_TEXT in t and "calculate_triangle_area" in t]
    assert called and all(r["tool_use"] >= 0.5 for r in called)
    hexagon = [r for t, r in tools.items() if "hexagon" in t]
    assert hexagon and all(r["tool_use"] == 0.1 for r in hexagon)
    assert all(r["code_generation"] == 0.5 for t, r in tools.items() if "rename files" in t)
    assert [r["tool_use"] for t, r in tools.items() if t == "Tell me a fun fact."] == [0.0]
    assert any("sort it by line" in t for t in tools)  # later multi-turn turns become rows
    assert not any(r["source"] == "codealpaca" for r in rows)
    mixed = [r for r in rows if sum(r[h] >= 0.45 for h in HEADS) >= 2]
    assert mixed


def test_every_bare_code_request_has_an_english_counterpart_of_its_form(
    built: tuple[Path, list[dict]],
) -> None:
    """A bare Afrikaans stub translates the bare English stub, not "Complete this: <stub>"."""
    _, rows = built
    code = [r for r in rows if r["source"] == "humaneval_xl"]
    forms = {(r["lang"], r["variant"]) for r in code}
    assert {
        ("af", "stub/python"),
        ("af", "stub/java"),
        ("af", "description"),
        ("en", "stub/python"),
        ("en", "stub/java"),
        ("en", "description"),
    } <= forms
    # German frames its stubs: "stub/…" only where the template adds no words of its own
    german = [r for r in code if r["lang"] == "de" and STUB_VARIANT.fullmatch(r["variant"])]
    assert any(r["variant"].startswith("complete/") for r in german)
    english = {(r["group"], r["variant"], r["text"]) for r in code if r["lang"] == "en"}
    english_texts = {text for _, _, text in english}
    assert all(r["text"] in english_texts for r in german if r["variant"].startswith("stub/"))
    described_en = "Add two numbers a and b and return their sum. Both are ints."
    assert ("humaneval_xl-problem-0", "description", described_en) in english
    assert (
        "humaneval_xl-problem-0",
        "stub/python",
        f'def add(a, b):\n    """{described_en}"""',
    ) in english
    described = [r for r in code if r["variant"] == "description"]
    assert described and all("def add" not in r["text"] for r in described)
    # the bare stub's variant names its programming language: the Afrikaans Java stub
    # pairs with the English Java stub, not with the Python one
    stubs = {(r["lang"], r["variant"]): r["text"] for r in code if r["variant"].startswith("stub")}
    assert stubs[("af", "stub/java")].startswith("class Add")
    assert stubs[("en", "stub/java")].startswith("class Add")
    # so does every request around a stub: German "complete this" about the Java stub
    # pairs with English "complete this" about the Java stub
    for lang in ("de", "en"):
        framed = [r for r in code if r["lang"] == lang and r["variant"] == "complete/java"]
        assert framed and all("class Add" in r["text"] for r in framed)


def test_descriptions_are_also_asked_as_instructions_and_in_brief(
    built: tuple[Path, list[dict]],
) -> None:
    """German (templates) frames the description; every language asks its first sentence."""
    _, rows = built
    code = [r for r in rows if r["source"] == "humaneval_xl"]
    by_form = {(r["lang"], r["variant"]): r for r in code}
    assert "Addiere zwei Zahlen a und b und gib ihre Summe zurück." in by_form["de", "task"]["text"]
    assert by_form["af", "brief"]["text"] == "Tel twee getalle a en b op en gee die som terug."
    assert "Add two numbers a and b and return their sum." in by_form["en", "brief"]["text"]
    assert "Beide" not in by_form["de", "brief"]["text"]
    assert ("af", "task") not in by_form  # no templates: its bare description is there already
    # one request in three languages: same targets, so the pairs are compared and pulled
    briefs = {tuple(r[h] for h in HEADS) for r in code if r["variant"] == "brief"}
    assert len(briefs) == 1 and next(iter(briefs))[1] >= 0.5


def test_sentences_cut_prose_at_sentence_ends_not_at_wrapped_lines() -> None:
    text = "Return the sum of the\nsquares. Round up first!\n\nExample\n>>> f([1])\n1"
    assert sentences(text) == ["Return the sum of the squares.", "Round up first!", "Example"]
    assert sentences("整数のリストが与えられます。合計を返します。") == [
        "整数のリストが与えられます。",
        "合計を返します。",
    ]


def test_brief_takes_the_sentences_the_english_opening_needs() -> None:
    english = "You are given a list. Return the largest prime in it, or -1. Use ints."
    n = brief_length(english)
    assert n == 2  # "You are given a list." alone sets the scene without the task
    assert brief_task(english, n) == "You are given a list. Return the largest prime in it, or -1."
    assert brief_task("Du erhältst eine Liste. Gib die größte Primzahl zurück.", n) == ""
    assert brief_length("Add two numbers.") == 0  # nothing shorter than the whole
    assert brief_task("Eins. Zwei. Drei.", 0) == ""


def test_translations_of_an_item_share_their_targets(built: tuple[Path, list[dict]]) -> None:
    """Labels must not depend on the user's language: MGSM and HumanEval-XL copies agree."""
    _, rows = built
    targets: dict[str, set[tuple[float, ...]]] = {}
    for row in rows:
        if row["source"] == "mgsm" and row["code_generation"] == 0.0:  # the plain problems
            targets.setdefault(row["group"], set()).add(tuple(row[h] for h in HEADS))
    assert targets and all(len(t) == 1 for t in targets.values())


def test_card_audit_plots_and_licenses_are_written(built: tuple[Path, list[dict]]) -> None:
    out, rows = built
    card = (out / "DATASET_CARD.md").read_text()
    assert f"**{len(rows):,} rows**" in card and "## How each target is derived" in card
    audit = (out / "requirements/AUDIT.md").read_text()
    # 300 random rows, then 100 more of the editor-chat requests alone
    assert audit.count("\n## ") == min(300, len(rows)) + 100
    requests_part = audit.split("\n# Editor-chat requests\n")[1]
    assert requests_part.count("\n## ") == 100 and ". handwritten · hand_" in audit
    for name in ("targets", "by_source", "by_language"):
        assert (out / "plots" / f"{name}.png").stat().st_size > 1000
    assert (out / "LICENSES" / "queries-queries_MIT.txt").is_file()
    licenses = (out / "LICENSES" / "requests-sources.md").read_text()
    assert "| nl2bash |" in licenses and "CC BY 4.0" in licenses
    assert "| spider_dev |" not in licenses
    assert "### Editor-chat requests" in card and "| gitbugs_reports |" in card


def test_noncommercial_source_is_opt_in(source: Path, tmp_path: Path) -> None:
    result = build_dataset(
        BuildOptions(
            source=source,
            out=tmp_path,
            seed=7,
            progress=False,
            subsample={},
            include_noncommercial=True,
            extras=False,
        )
    )
    assert result.meta["by_source"].get("codealpaca") == 1
    assert result.meta["noncommercial_included"] is True


def _broken_copy(source: Path, tmp_path: Path) -> Path:
    import shutil

    copy = tmp_path / "shared"
    shutil.copytree(source, copy)
    return copy


def test_missing_source_file_names_the_file(source: Path, tmp_path: Path) -> None:
    copy = _broken_copy(source, tmp_path)
    (copy / "queries" / "xquad.jsonl").unlink()
    with pytest.raises(SourceError, match=r"xquad\.jsonl: file not found.*--source"):
        build_dataset(
            BuildOptions(
                source=copy, out=tmp_path / "out", progress=False, subsample={}, extras=False
            )
        )


def test_malformed_line_names_file_and_line(source: Path, tmp_path: Path) -> None:
    copy = _broken_copy(source, tmp_path)
    path = copy / "outcomes" / "bfcl.jsonl"
    path.write_text(path.read_text() + "{not json\n")
    with pytest.raises(SourceError, match=r"bfcl\.jsonl:2: not valid JSON"):
        build_dataset(
            BuildOptions(
                source=copy, out=tmp_path / "out", progress=False, subsample={}, extras=False
            )
        )


def test_missing_key_is_reported(source: Path, tmp_path: Path) -> None:
    copy = _broken_copy(source, tmp_path)
    _write(
        copy / "queries" / "mgsm.jsonl",
        [{"id": "mgsm:x", "lang": "de", "text": "t", "group": "g", "meta": {}}],
    )
    with pytest.raises(SourceError, match=r"mgsm\.jsonl:1: missing key\(s\) source"):
        build_dataset(
            BuildOptions(
                source=copy, out=tmp_path / "out", progress=False, subsample={}, extras=False
            )
        )


def test_cli_reports_errors_with_exit_codes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    parser = argparse.ArgumentParser()
    data_cli.add_arguments(parser)
    args = parser.parse_args(
        ["build", "--source", str(tmp_path / "nowhere"), "--out", str(tmp_path), "--quiet"]
    )
    assert data_cli.run(args) == 1
    assert "not a folder" in capsys.readouterr().err
    assert data_cli.run(parser.parse_args([])) == 2


def test_descriptions_lose_their_doctest_examples() -> None:
    text = "Add two numbers.\nBoth are ints.\nFor example:\n>>> add(1, 2)\n3\n>>> add(0, 0)\n0"
    assert without_examples(text) == "Add two numbers.\nBoth are ints."
    assert without_examples("Sort the list.\n\n>>> f([2, 1])\n[1, 2]") == "Sort the list."
    assert without_examples("Return x >>> 1, shifted.") == "Return x >>> 1, shifted."


def test_descriptions_lose_the_worked_examples_they_end_with() -> None:
    prose = "Return x if n is prime,\nelse y."
    for tail in (
        "Examples:\nfor x_or_y(7, 34, 12) == 34\nfor x_or_y(15, 8, 5) == 5",
        "Example:\nf(30) == True\n30 = 2 * 3 * 5",
        '[input/output] samples:\nf((1, 2), (2, 3)) ==> "NO"',
        "f('[[]]') ➞ True\nf('[]') ➞ False",
        'For example:\nf(15)   # returns "db1111db"',
        'f({"a": 1}) should return True.',
        "For lst = [1,2,3] the output should be 14",
        "Examples:\nget_row([\n[1,2,3],\n[1,2,1]\n], 1) == [(0, 0)]",
    ):
        assert without_examples(f"{prose}\n{tail}") == prose, tail
    # A recurrence written as calls, then the task: all of it is the task.
    recurrence = "fib4(0) -> 0\nfib4(n) -> fib4(n-1) + fib4(n-2).\nCompute fib4(n) fast."
    assert without_examples(recurrence) == recurrence
    # Examples followed by more prose stay: the translations keep those.
    middle = "Sum the odd squares.\nf([1, 3]) == 10\nIf the list is empty, return 0."
    assert without_examples(middle) == middle
    assert without_examples("Verilen bir liste için toplamı döndürün.") == (
        "Verilen bir liste için toplamı döndürün."
    )


def test_languages_with_equal_counts_plot_in_name_order() -> None:
    counts = {"fa": 3, "et": 5, "bg": 5, "af": 5, "en": 9}
    assert language_order(counts) == ["en", "af", "bg", "et", "fa"]
    assert language_order(dict(reversed(list(counts.items())))) == ["en", "af", "bg", "et", "fa"]


# --- editor-chat requests (compose_requests) --------------------------------


def _requests(source: Path) -> list:
    return list(compose_requests(source, 7))


def _heads(row) -> dict[str, float]:
    return row.targets.as_dict()


def test_one_description_is_a_snippet_or_a_workspace_action_by_its_framing(
    source: Path,
) -> None:
    """NL2Bash: "give me a one-liner" needs code, "do this in this repo for me" needs tools."""
    rows = [r for r in _requests(source) if r.source == "nl2bash" and "*.log" in r.text]
    snippet = [r for r in rows if r.kind.startswith("ask_snippet/")]
    run = [r for r in rows if r.kind.startswith("ask_run/")]
    assert snippet and run and len({r.group for r in rows}) == 1
    assert all(r.targets.code_generation >= 0.5 and r.targets.tool_use == 0 for r in snippet)
    assert all(r.targets.tool_use >= 0.5 and r.targets.code_generation < 0.5 for r in run)


def test_request_sources_set_their_needs(source: Path) -> None:
    by_source: dict[str, list] = {}
    for row in _requests(source):
        by_source.setdefault(row.source, []).append(row)
    for name in ("mbpp", "bigcodebench_instruct", "codesearchnet_queries", "wikisql_dev"):
        asks = [r for r in by_source[name] if not r.kind.startswith("paste_")]
        assert asks and all(r.targets.code_generation >= 0.5 for r in asks), name
    assert all(
        r.targets.reasoning >= 0.5 and r.targets.code_generation >= 0.5
        for r in by_source["coding_challenges"]
    )
    for name in ("gitbugs_reports", "cs1qa_questions"):
        assert by_source[name] and all(r.targets.debugging >= 0.5 for r in by_source[name])
    for name in (
        "toolbench_stable",
        "toolalpaca",
        "tau_bench",
        "agentbench_os",
        "agentbench_db",
        "intercode_ctf",
        "super_benchmark",
        "metatool",
    ):
        assert by_source[name] and all(r.targets.tool_use >= 0.5 for r in by_source[name]), name
    texts = "\n".join(r.text for rows in by_source.values() for r in rows)
    # cs1qa/gitbugs rows that report no failure are left out; so are share-alike files
    assert "explain how you implemented" not in texts and "logging library" not in texts
    assert SHARE_ALIKE_TEXT not in texts and "spider_dev" not in by_source
    # benchmark scaffolding and the simulator's second person are not what a user types
    assert "self-contained code" not in texts and "Your name is" not in texts
    assert "return order #W1" in texts and "my mug" in texts


def test_share_alike_request_files_are_refused(source: Path) -> None:
    with pytest.raises(SourceError, match="share-alike"):
        read_requests(source, "spider_dev")


def test_pasted_code_without_a_defect_ask_needs_no_debugging(
    source: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A code fence alone must not imply debugging: explain / edit asks are debugging 0,
    "write tests for this" is code generation."""
    monkeypatch.setitem(compose_requests_mod.PASTED, "nl2bash", ("gold_cmd", 1.0))
    monkeypatch.setattr(compose_requests_mod, "PASTED_SOLUTION_SHARE", 1.0)
    rows = _requests(source) + list(
        compose_pasted_solutions(
            read_queries(source, "debugbench"), read_queries(source, "quixbugs"), 7
        )
    )
    pasted = [r for r in rows if r.kind.split("/")[0] in ("paste_explain", "paste_edit")]
    tests = [r for r in rows if r.kind.startswith("code_tests/")]
    assert any("find . -name '*.log' -delete" in r.text for r in pasted)
    assert any("def twoSum" in r.text for r in pasted + tests)
    assert any("def gcd" in r.text for r in pasted + tests)
    assert pasted and all(_heads(r)["debugging"] == 0 for r in pasted)
    assert all(_heads(r)["code_generation"] >= 0.5 and _heads(r)["debugging"] == 0 for r in tests)


def test_handwritten_requests_in_every_template_language(source: Path) -> None:
    rows = [r for r in _requests(source) if r.source == "handwritten"]
    by_kind: dict[str, list] = {}
    for row in rows:
        by_kind.setdefault(row.kind.split("/")[0], []).append(row)
    for kind in ("hand_chat", "hand_concept", "hand_reason", "hand_act", "concept_diff"):
        assert {r.lang for r in by_kind[kind]} == set(TEMPLATE_LANGUAGES), kind
    assert all(max(_heads(r).values()) == 0 for r in by_kind["hand_chat"])
    for kind in ("hand_concept", "concept_diff"):
        assert all(
            r.targets.reasoning < 0.3 and r.targets.code_generation == 0 for r in by_kind[kind]
        )
    assert all(r.targets.reasoning >= 0.5 for r in by_kind["hand_reason"])
    assert all(r.targets.tool_use >= 0.5 for r in by_kind["hand_act"])
    # the same request in every language shares one group (no translation across splits)
    groups: dict[str, set[str]] = {}
    for row in rows:
        groups.setdefault(row.group, set()).add(row.lang)
    assert all(langs == set(TEMPLATE_LANGUAGES) for langs in groups.values())


def test_every_template_language_has_the_request_framings() -> None:
    english = handwritten_for("en")
    for lang in TEMPLATE_LANGUAGES:
        for kind in REQUEST_KINDS:
            table = templates_for(lang)[kind]
            # at least one template says something in the language (not only the material)
            assert any(not is_bare(lang, kind, i) for i in range(len(table))), (lang, kind)
        hand = handwritten_for(lang)
        assert {k: len(v) for k, v in hand.items()} == {k: len(v) for k, v in english.items()}


def test_request_rows_are_deterministic(source: Path) -> None:
    assert _requests(source) == _requests(source)
    assert _requests(source) != list(compose_requests(source, 8))  # the seed matters


def test_bfcl_requests_that_need_a_tool_in_their_own_words_are_also_sent_bare(
    built: tuple[Path, list[dict]],
) -> None:
    """A multi-turn file request goes as typed, without the tool list, and keeps tool use;
    a simple-category request needs its offered tools to be a tool request, so it is not."""
    _, rows = built
    bare = [r for r in rows if r["text"] in ("Move report.pdf to temp.", "Now sort it by line.")]
    assert len(bare) == 2 and all(r["tool_use"] >= 0.5 and r["lang"] == "en" for r in bare)
    assert not any(r["text"] == TOOL_TEXT for r in rows)
    assert any("Move report.pdf" in r["text"] and "GorillaFileSystem" in r["text"] for r in rows)


def test_subsample_keeps_whole_groups_at_the_share() -> None:
    targets = Targets()
    rows = [
        LabelledRow(f"q{g} {lang}", lang, "xquad", f"xquad-{g}", targets, "question")
        for g in range(400)
        for lang in ("en", "de")
    ] + [LabelledRow("other", "en", "gsm8k", "gsm8k-1", targets, "math")]
    kept = list(subsample(rows, {"xquad-": 0.5}, 7))
    groups = {r.group for r in kept if r.source == "xquad"}
    assert 160 <= len(groups) <= 240
    assert all(sum(r.group == g for r in kept) == 2 for g in groups)
    assert any(r.source == "gsm8k" for r in kept)
    assert kept == list(subsample(rows, {"xquad-": 0.5}, 7))


def test_only_requests_about_a_python_file_name_one() -> None:
    """ "in utils.py: …" fits an MBPP ask, not a bug report about a web page."""
    import random

    def files_named(source: str) -> set[str]:
        item = QueryItem(f"{source}:0", source, "en", "Upload fails", f"{source}-0")
        named = set()
        for n in range(200):
            lang = TEMPLATE_LANGUAGES[n % len(TEMPLATE_LANGUAGES)]
            kind = "ask_code" if source == "mbpp" else "ask_debug"
            text, _, _ = frame_request(lang, item, kind, random.Random(n), "TASK")
            named |= {f for f in compose_requests_mod.FILES["mbpp"] if f in text}
            unnamed = {
                t.format(task="TASK", file="")
                for t in templates_for(lang)[kind]
                if "file" in placeholders(t)
            }
            assert "TASK" in text and text not in unnamed
        return named

    assert files_named("mbpp")
    assert not files_named("gitbugs_reports")
