"""Developer requests as typed into an editor chat (requests/*.jsonl.gz), plus hand-written ones.

Each source request is framed the way a user types it (terse, polite, with typos,
a file name, "can you run …", a follow-up) in a template language; the request
text itself stays in its source language. Its targets come from the source AND
the framing (`labels.editor_request`): the same NL2Bash description asked as "give
me a one-liner" needs code generation, asked as "do this in this repo for me" it
needs tool use. Pasted code with no defect asked about ("what does this do", "add
docstrings") is labelled debugging 0, so a code fence alone does not imply
debugging. The CC BY-SA sources (spider_dev, bird_dev, conala, mconala) are left
out: share-alike would bind the whole derived file.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from hydra_router.training.dataset import labels
from hydra_router.training.dataset.rows import LabelledRow, clip_text, item_rng, pick_language
from hydra_router.training.dataset.sources import QueryItem, SourceError, iter_jsonl
from hydra_router.training.dataset.templates import (
    HANDWRITTEN_KINDS,
    TEMPLATE_LANGUAGES,
    handwritten_for,
    is_bare,
    placeholders,
    render,
    render_lang,
    templates_for,
)

REQUESTS_DIR = "requests"
# Share-alike (CC BY-SA 4.0) request files: not read, see the module doc.
SHARE_ALIKE = ("spider_dev", "bird_dev", "conala", "mconala")


@dataclass(frozen=True)
class Plan:
    """How one request file becomes rows: at most `cap` items (seeded sample), each
    framed as (template kind, need) pairs; with `alt_share` one of the `alts` sets of
    pairs (drawn evenly) is used instead."""

    cap: int
    framings: tuple[tuple[str, str], ...]
    alts: tuple[tuple[tuple[str, str], ...], ...] = ()
    alt_share: float = 0.0
    clip: int = 700

    def asks(self) -> list[tuple[str, str]]:
        """Every (kind, need) pair the plan can use, in order, once each."""
        pairs = list(self.framings) + [pair for alt in self.alts for pair in alt]
        return list(dict.fromkeys(pairs))


# Files read, in build order. The caps keep the new rows near 20k (heads-stage budget).
PLANS: dict[str, Plan] = {
    # one description, two framings: a one-liner to paste vs. doing it in the workspace
    "nl2bash": Plan(2500, (("ask_snippet", "snippet"), ("ask_run", "act"))),
    "intercode_bash": Plan(300, (("ask_run", "act"), ("ask_snippet", "snippet"))),
    "intercode_ctf": Plan(100, (("ask_run", "act_reason"),)),
    # some asks come as a follow-up, some ask to reason about the approach first
    "mbpp": Plan(
        1000,
        (("ask_code", "code"),),
        ((("followup", "code"),), (("ask_code_think", "code_think"),)),
        0.35,
    ),
    "wikisql_dev": Plan(200, (("ask_sql", "sql"),)),
    "bigcodebench_instruct": Plan(
        1200, (("ask_code", "code"),), ((("ask_code_think", "code_think"),),), 0.15, clip=600
    ),
    "coding_challenges": Plan(
        200, (("ask_code_think", "code_think"), ("ask_code_think", "code_think"))
    ),
    "codesearchnet_queries": Plan(100, (("ask_code", "code"), ("ask_code", "code"))),
    "cs1qa_questions": Plan(400, (("ask_debug", "debug_question"),)),
    "gitbugs_reports": Plan(2500, (("ask_debug", "debug_report"),), clip=800),
    "toolbench_stable": Plan(800, (("ask_tool", "service"),)),
    "toolalpaca": Plan(300, (("ask_tool", "service"), ("ask_tool", "service"))),
    "gorilla_apibench": Plan(1000, (("ask_code", "api_code"),)),
    "agentbench_os": Plan(200, (("ask_run", "act"),), clip=900),
    "agentbench_db": Plan(400, (("ask_db", "db"),)),
    "super_benchmark": Plan(200, (("ask_run", "act_repo"),), clip=900),
    # generic consumer assistant queries: a capped sample
    "metatool": Plan(1200, (("ask_tool", "service_light"),)),
    "tau_bench": Plan(400, (("ask_tool", "service"),)),
}
# Pasted material with no defect asked about: (source, meta key of the code, share of items).
PASTED = {
    "nl2bash": ("gold_cmd", 0.2),
    "intercode_bash": ("gold_cmd", 0.5),
    "wikisql_dev": ("gold_sql", 0.6),
    "gorilla_apibench": ("api_call", 0.3),
}
# every template kind this module frames requests with
REQUEST_KINDS = (
    "ask_code",
    "ask_code_think",
    "ask_snippet",
    "ask_run",
    "ask_sql",
    "ask_db",
    "ask_tool",
    "ask_debug",
    "paste_explain",
    "paste_edit",
    "followup",
    "concept_diff",
)
PASTE_KINDS = (("paste_explain", "explain_code"), ("paste_edit", "edit_code"))
# Share of English request texts typed with a typo or two, and typed in lower case.
TYPO_SHARE = 0.2
LOWER_SHARE = 0.25
# File names a "in <file>: …" framing may name, by source; sources not listed (bug
# reports about Java services or web pages, API searches) never get one.
_PY_FILES = ("utils.py", "main.py", "app/models.py", "scripts/run.py")
FILES = {
    "mbpp": _PY_FILES,
    "bigcodebench_instruct": _PY_FILES,
    "cs1qa_questions": ("task1.py", "task2.py", "hw3.py", "main.py"),
}
# A CS1QA question is a debugging request only when its text says something fails.
_FAILS = re.compile(
    r"\b(error|errors|wrong|doesn'?t work|does not work|not working|isn'?t working|"
    r"traceback|crash(es|ed)?|fails?|failed)\b",
    re.I,
)
# A GitBugs report is used only when it reports a failure (the file also holds
# improvements and upgrades).
_REPORTS_FAILURE = re.compile(
    r"\b(error|exception|fails?|failed|failing|failure|crash(es|ed)?|hangs?|broken|wrong|"
    r"incorrect|not work(ing)?|doesn'?t work|does not work|NPE|NullPointerException|"
    r"regression)\b",
    re.I,
)
_BCB_TAIL = re.compile(r"\s*(The function should|You should write self-contained code).*", re.S)


def request_path(root: Path, name: str) -> Path:
    """Where a request file lives under the shared data folder."""
    return root / REQUESTS_DIR / f"{name}.jsonl.gz"


def read_requests(root: Path, name: str) -> list[QueryItem]:
    """All requests of one file (`{id, source, lang, text, meta}` per line)."""
    if name in SHARE_ALIKE:
        raise SourceError(f"{name}: CC BY-SA (share-alike) request file; not used in the build.")
    path = request_path(root, name)
    items = []
    for obj in iter_jsonl(path, ("id", "source", "lang", "text", "meta")):
        if not isinstance(obj["meta"], dict) or not isinstance(obj["text"], str):
            raise SourceError(
                f"{path}: row {obj['id']!r}: `meta` must be an object, `text` a string."
            )
        group = f"{name}-" + hashlib.sha1(str(obj["id"]).encode("utf-8")).hexdigest()[:16]
        items.append(
            QueryItem(str(obj["id"]), name, str(obj["lang"]), obj["text"], group, obj["meta"])
        )
    return items


def sample(items: list[QueryItem], cap: int, seed: int) -> list[QueryItem]:
    """At most `cap` items, chosen by a stable hash of (seed, id): independent of file order."""
    if len(items) <= cap:
        return items
    ranked = sorted(items, key=lambda i: hashlib.sha256(f"{seed}:{i.id}".encode()).digest())
    return sorted(ranked[:cap], key=lambda i: i.id)


def typed(text: str, lang: str, rng) -> str:
    """The request as a user types it: some English texts in lower case, some with typos."""
    if lang != "en":
        return text
    if rng.random() < LOWER_SHARE:
        text = text[:1].lower() + text[1:]
        text = text.rstrip(".")
    if rng.random() < TYPO_SHARE:
        text = add_typo(text, rng)
    return text


def add_typo(text: str, rng) -> str:
    """Swap two neighbouring letters inside one longer word (deterministic for the rng)."""
    words = [m for m in re.finditer(r"[A-Za-z]{5,}", text)]
    if not words:
        return text
    word = rng.choice(words)
    at = word.start() + rng.randrange(1, len(word.group()) - 2)
    return text[:at] + text[at + 1] + text[at] + text[at + 2 :]


def request_text(item: QueryItem) -> str:
    """The words a user would type for a source request (benchmark scaffolding removed)."""
    text = item.text.strip()
    if item.source == "bigcodebench_instruct":
        text = _BCB_TAIL.sub("", text).strip()
    if item.source == "tau_bench":
        text = first_person(text)
    return text


def first_person(text: str) -> str:
    """A tau-bench user-simulator instruction ("You are …, you want …") as the user's words."""
    sentences = re.split(r"(?<=[.!?])\s+", text)
    kept = [s for s in sentences if not re.match(r"(You are|Your name is|You're)\b", s)]
    out = " ".join(kept) or text
    for pattern, repl in (
        (r"\byou'd\b", "I'd"),
        (r"\bYou'd\b", "I'd"),
        (r"\byour\b", "my"),
        (r"\bYour\b", "My"),
        (r"\byou\b", "I"),
        (r"\bYou\b", "I"),
        (r"\byourself\b", "myself"),
    ):
        out = re.sub(pattern, repl, out)
    return out


def wanted(item: QueryItem) -> bool:
    """Whether a request is used at all (CS1QA: only questions that say something fails)."""
    if not item.text.strip():
        return False
    if item.source == "cs1qa_questions":
        return bool(_FAILS.search(item.text))
    if item.source == "gitbugs_reports":
        return bool(_REPORTS_FAILURE.search(item.text[:800]))
    return True


def compose_requests(root: Path, seed: int) -> Iterator[LabelledRow]:
    """Every request file in PLANS, framed, then the pasted-code and hand-written rows."""
    for name, plan in PLANS.items():
        items = sample([i for i in read_requests(root, name) if wanted(i)], plan.cap, seed)
        yield from compose_file(items, plan, seed)
    yield from compose_handwritten()
    yield from compose_concept_pairs(seed)


def compose_file(items: list[QueryItem], plan: Plan, seed: int) -> Iterator[LabelledRow]:
    """The rows of one request file: each item under its plan's framings, plus pasted code."""
    for item in items:
        rng = item_rng(seed, item.id)
        framings = plan.framings
        if plan.alts and rng.random() < plan.alt_share:
            framings = rng.choice(plan.alts)
        task = clip_text(request_text(item), plan.clip)
        used: list[str] = []
        for kind, need in framings:
            lang = pick_language(rng, exclude=tuple(used))
            used.append(lang)
            text, text_lang, style = frame_request(
                lang, item, kind, rng, typed(task, item.lang, rng)
            )
            yield _row(
                item,
                item.group,
                (text, text_lang, kind, style),
                labels.editor_request(need),
                f"{item.source} asked as {kind}: {need}",
            )
        yield from pasted(item, rng)


def _row(
    item: QueryItem,
    group: str,
    framed: tuple[str, str, str, int],
    targets: labels.Targets,
    evidence: str,
) -> LabelledRow:
    """A row of `item` from its framed text: (text, language, template kind, style)."""
    text, lang, kind, style = framed
    return LabelledRow(text, lang, item.source, group, targets, f"{kind}/{style}", evidence)


def frame_request(lang: str, item: QueryItem, kind: str, rng, task: str) -> tuple[str, str, int]:
    """A template of `kind` around the task: (text, language, style). Templates that name a
    file only for sources in FILES."""
    choices = templates_for(lang)[kind]
    files = FILES.get(item.source, ())
    indices = [i for i, t in enumerate(choices) if files or "file" not in placeholders(t)]
    index = rng.choice(indices)
    file = rng.choice(files) if files else ""
    text = choices[index].format(task=task, file=file)
    return text, (item.lang if is_bare(lang, kind, index) else lang), index


def pasted(item: QueryItem, rng) -> Iterator[LabelledRow]:
    """The item's gold code pasted with an explain/edit ask: no defect, so debugging 0."""
    key, share = PASTED.get(item.source, ("", 0.0))
    code = str(item.meta.get(key, "") or "").strip() if key else ""
    if not code or rng.random() >= share:
        return
    kind, need = rng.choice(PASTE_KINDS)
    lang = pick_language(rng)
    text, text_lang, style = render_lang(lang, "en", kind, rng, code=clip_text(code, 1200))
    yield _row(
        item,
        item.group,
        (text, text_lang, kind, style),
        labels.editor_request(need),
        f"{item.source} {key} pasted, no defect asked: {need}",
    )


# hand-written kind -> need
HANDWRITTEN_NEED = {"chat": "chat", "concept": "concept", "reason": "reason", "act": "act"}


def compose_handwritten() -> Iterator[LabelledRow]:
    """Hand-written requests in every template language; one group per request across
    languages (translations never straddle splits)."""
    for kind in HANDWRITTEN_KINDS:
        need = HANDWRITTEN_NEED[kind]
        targets = labels.editor_request(need)
        for lang in TEMPLATE_LANGUAGES:
            for index, text in enumerate(handwritten_for(lang)[kind]):
                variants = {text, text.lower().rstrip(".!?。！？")}
                for n, variant in enumerate(sorted(variants)):
                    yield LabelledRow(
                        variant,
                        lang,
                        "handwritten",
                        f"handwritten-{kind}-{index}",
                        targets,
                        f"hand_{kind}/{n}",
                        f"hand-written {kind}: {need}",
                    )


# Share of DebugBench solutions also pasted with an explain/edit/tests ask (no defect asked).
PASTED_SOLUTION_SHARE = 0.15
# a pasted-code ask: (template kind, need); "code_tests" is the existing tests kind
SOLUTION_ASKS = (
    ("paste_explain", "explain_code"),
    ("paste_edit", "edit_code"),
    ("code_tests", "tests"),
)


def compose_pasted_solutions(
    debugbench: list[QueryItem], quixbugs: list[QueryItem], seed: int
) -> Iterator[LabelledRow]:
    """Real solutions pasted with an ask that names no defect: what does this do, add
    docstrings, rename, write tests. DebugBench's (buggy, unnoticed) LeetCode solutions and
    QuixBugs' fixed programs; a row shares its item's group with the item's debugging rows,
    so the same code asked both ways lands in one split."""
    for item in debugbench:
        rng = item_rng(seed, f"{item.id}:pasted")
        if rng.random() >= PASTED_SOLUTION_SHARE:
            continue
        group = "debugbench-" + str(item.meta.get("slug", item.group))
        yield from _pasted_ask(item, str(item.meta.get("code", "")), group, rng)
    for item in quixbugs:
        rng = item_rng(seed, f"{item.id}:pasted")
        yield from _pasted_ask(item, str(item.meta.get("fixed_code", "")), item.group, rng)


def _pasted_ask(item: QueryItem, code: str, group: str, rng) -> Iterator[LabelledRow]:
    code = code.strip()
    if not code:
        return
    kind, need = rng.choice(SOLUTION_ASKS)
    lang = pick_language(rng)
    text, text_lang, style = render_lang(lang, "en", kind, rng, code=clip_text(code, 1500))
    targets = (
        labels.code_request("code_tests", 0.5) if need == "tests" else labels.editor_request(need)
    )
    yield _row(
        item,
        group,
        (text, text_lang, kind, style),
        targets,
        f"solution pasted, no defect asked: {need}",
    )


# "What's the difference between A and B?": conceptual, a little reasoning, nothing else.
CONCEPT_PAIRS = (
    ("TCP", "UDP"),
    ("let", "const"),
    ("== ", "==="),
    ("a process", "a thread"),
    ("SQL", "NoSQL"),
    ("git fetch", "git pull"),
    ("an abstract class", "an interface"),
    ("HTTP", "HTTPS"),
    ("a stack", "a queue"),
    ("async", "multithreading"),
    ("Docker", "a virtual machine"),
    ("PUT", "PATCH"),
    ("unit tests", "integration tests"),
    ("a shallow copy", "a deep copy"),
    ("React", "Vue"),
    ("pip", "conda"),
    ("a library", "a framework"),
    ("REST", "GraphQL"),
    ("cookies", "localStorage"),
    ("Python 2", "Python 3"),
)


def compose_concept_pairs(seed: int) -> Iterator[LabelledRow]:
    """Every pair in every template language, one group per pair."""
    targets = labels.editor_request("concept")
    for index, (a, b) in enumerate(CONCEPT_PAIRS):
        group = f"handwritten-difference-{index}"
        for lang in TEMPLATE_LANGUAGES:
            rng = item_rng(seed, f"{group}:{lang}")
            text, style = render(lang, "concept_diff", rng, a=a.strip(), b=b.strip())
            yield LabelledRow(
                text,
                lang,
                "handwritten",
                group,
                targets,
                f"concept_diff/{style}",
                "hand-written difference question: concept",
            )


# Where each request file comes from and its license, as stated in requests/README.md.
REQUEST_SOURCES: dict[str, tuple[str, str]] = {
    "nl2bash": (
        "TellinaTool/nl2bash @ 466c5fe873ab : data/bash/all.nl + all.cm",
        'MIT (data/bash/LICENSE: "MIT License / Copyright (c) 2020 NL2Bash dataset"; '
        "repo code is GPL-3.0, not used)",
    ),
    "intercode_bash": (
        "princeton-nlp/intercode @ c3e46d827cfc : data/nl2bash/*.json",
        'MIT (LICENSE.md: "MIT License  Copyright (c) 2023 Princeton Natural Language '
        'Processing"); derived from NL2Bash (MIT)',
    ),
    "intercode_ctf": (
        "princeton-nlp/intercode @ c3e46d827cfc : data/ctf/ic_ctf.json",
        "MIT (InterCode); tasks are picoCTF problems (upstream terms not checked)",
    ),
    "mbpp": (
        "princeton-nlp/intercode @ c3e46d827cfc : data/python/mbpp/ic_mbpp.json",
        "MBPP is CC BY 4.0 (google-research); this copy ships in MIT-licensed InterCode",
    ),
    "wikisql_dev": (
        "princeton-nlp/intercode @ c3e46d827cfc : data/sql/wikisql/ic_wikisql_dev.json",
        "WikiSQL is BSD-3-Clause; copy in MIT InterCode",
    ),
    "bigcodebench_instruct": (
        "bigcode-project/bigcodebench-annotation @ a3b89850db67 : "
        "hf_data/BigCodeBench.jsonl.gz (instruct_prompt)",
        "Apache-2.0 (LICENSE)",
    ),
    "coding_challenges": (
        "donnemartin/interactive-coding-challenges @ 358f2cc60426 : "
        "*/*_challenge.ipynb ('## Problem:' cell)",
        'Apache-2.0 (LICENSE: "Licensed under the Apache License, Version 2.0")',
    ),
    "codesearchnet_queries": (
        "github/CodeSearchNet @ 106e827405c9 : resources/queries.csv",
        "MIT (LICENSE)",
    ),
    "cs1qa_questions": (
        "cyoon47/CS1QA @ 80e2bfc7426a : src/answer_retrieval/q_{train,dev,test}.jsonl",
        'MIT (LICENSE: "MIT License Copyright (c) 2022 cyoon47")',
    ),
    "gitbugs_reports": (
        "av9ash/gitbugs @ eadf2d679499 : hadoop/hadoop_bugs.csv, seamonkey/SeaMonkey_bugs.csv",
        'CC BY 4.0 (README: "released under the Creative Commons Attribution 4.0 '
        'International (CC BY 4.0) license")',
    ),
    "toolbench_stable": (
        "THUNLP-MT/StableToolBench @ aa4ed9f4737a : solvable_queries/test_instruction/G*.json",
        "Apache-2.0 (LICENSE)",
    ),
    "toolalpaca": (
        "tangqiaoyu/ToolAlpaca @ 189069998d64 : data/eval_real.json, data/eval_simulated.json",
        "Apache-2.0 (LICENSE)",
    ),
    "gorilla_apibench": (
        "ShishirPatil/gorilla @ 6ea57973c7a6 : data/apibench/*_eval.json, torchhub_train.json",
        "Apache-2.0 (LICENSE)",
    ),
    "agentbench_os": (
        "THUDM/AgentBench @ 578c5e9f706f : data/os_interaction/data/**/*.json",
        "Apache-2.0 (LICENSE)",
    ),
    "agentbench_db": (
        "THUDM/AgentBench @ 578c5e9f706f : data/dbbench/{dev,standard}.jsonl",
        "Apache-2.0 (LICENSE)",
    ),
    "super_benchmark": (
        "allenai/super-benchmark @ 50cefd4c213f : trajectories/*react-super*/*/history.ipynb",
        "Apache-2.0 (LICENSE.md)",
    ),
    "metatool": (
        "HowieHwong/MetaTool @ 35e81bb75768 : dataset/data/all_clean_data.csv, "
        "multi_tool_query_golden.json",
        "MIT (LICENSE)",
    ),
    "tau_bench": (
        "sierra-research/tau-bench @ 59a200c6d575 : tau_bench/envs/{retail,airline}/tasks*.py",
        "MIT (LICENSE)",
    ),
}


def licenses_text() -> str:
    """LICENSES/requests-sources.md: every request file used, where from, and its license."""
    lines = [
        "# Request sources (requests/*.jsonl.gz) and their licenses",
        "",
        "As stated in the shared data's requests/README.md (which ships no license files).",
        "Not used: " + ", ".join(SHARE_ALIKE) + " (CC BY-SA 4.0, share-alike).",
        "",
        "| file | repository @ commit : path | license |",
        "|---|---|---|",
    ]
    lines += [f"| {name} | {repo} | {lic} |" for name, (repo, lic) in REQUEST_SOURCES.items()]
    return "\n".join(lines) + "\n"
