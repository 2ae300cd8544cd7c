"""Group-aware splits and held-out languages."""

from __future__ import annotations

from collections import Counter

from hydra_router.training.dataset.labels import Targets
from hydra_router.training.dataset.rows import LabelledRow
from hydra_router.training.dataset.splits import SPLITS, assign_splits, pinned_groups, split_of


def _row(group: str, lang: str = "en") -> LabelledRow:
    return LabelledRow(
        text=f"{group}-{lang}", lang=lang, source="s", group=group, targets=Targets(), kind="k"
    )


def test_split_of_is_stable_and_seeded() -> None:
    assert split_of("g1", 13) == split_of("g1", 13)
    groups = [f"g{i}" for i in range(2000)]
    assert [split_of(g, 13) for g in groups] != [split_of(g, 14) for g in groups]
    shares = Counter(split_of(g, 13) for g in groups)
    assert set(shares) == set(SPLITS)
    assert 0.75 < shares["train"] / 2000 < 0.85


def test_no_group_spans_two_splits() -> None:
    rows = [_row(f"g{i % 300}", lang) for i in range(900) for lang in ("en", "de")]
    seen: dict[str, set[str]] = {}
    for row, split in assign_splits(rows, seed=5, held_out=()):
        seen.setdefault(row.group, set()).add(split)
    assert all(len(s) == 1 for s in seen.values())


def test_held_out_languages_only_in_test_and_only_test_groups() -> None:
    rows = [_row(f"g{i}", lang) for i in range(400) for lang in ("en", "bn")]
    pairs = list(assign_splits(rows, seed=5, held_out=("bn",)))
    held = [(r, s) for r, s in pairs if r.lang == "bn"]
    assert held and all(s == "test" for _, s in held)
    # every kept bn row's group is a test group for its English copy too
    english = {r.group: s for r, s in pairs if r.lang == "en"}
    assert all(english[r.group] == "test" for r, _ in held)
    assert len([1 for _, s in pairs if s == "test"]) == 2 * len(held)


def test_parallel_sources_send_a_larger_share_to_test() -> None:
    mgsm = Counter(split_of(f"mgsm-{i}", 13) for i in range(4000))
    other = Counter(split_of(f"gsm8k-train-{i}", 13) for i in range(4000))
    assert 0.2 < mgsm["test"] / 4000 < 0.3
    assert 0.07 < other["test"] / 4000 < 0.13
    assert 0.07 < mgsm["valid"] / 4000 < 0.13


def test_outcome_labelled_groups_are_pinned_to_test_except_mgsm_and_half_of_bfcl() -> None:
    rows = [
        LabelledRow(
            "a", "en", "gsm8k", "gsm8k-test-400", Targets(), "math", outcome_id="routellm_gsm8k:400"
        ),
        LabelledRow("b", "de", "mgsm", "mgsm-3", Targets(), "math", outcome_id="routellm_gsm8k:3"),
        LabelledRow("c", "en", "bfcl", "bfcl-x", Targets(), "tool_request"),
    ]
    pinned = pinned_groups(rows, seed=1)
    assert pinned == {"gsm8k-test-400"}
    splits = {row.group: split for row, split in assign_splits(rows, seed=1, pinned=pinned)}
    assert splits["gsm8k-test-400"] == "test"
    assert splits["mgsm-3"] == split_of("mgsm-3", 1)

    matched = [
        LabelledRow(
            "d", "en", "bfcl", f"bfcl-{n}", Targets(), "tool", outcome_id=f"bfcl:simple_{n}"
        )
        for n in range(2000)
    ]
    pinned = pinned_groups(matched, seed=1)
    assert 0.45 < len(pinned) / 2000 < 0.55
    assert pinned == pinned_groups(matched, seed=1) != pinned_groups(matched, seed=2)
    splits = {row.group: split for row, split in assign_splits(matched, seed=1, pinned=pinned)}
    others = [splits[g] for g in splits if g not in pinned]
    assert 0.75 < others.count("train") / len(others) < 0.85
