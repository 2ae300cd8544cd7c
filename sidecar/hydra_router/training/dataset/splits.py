"""Group-aware splits and the held-out languages of the language-transfer test."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator

from hydra_router.training.dataset.rows import LabelledRow

SPLITS = ("train", "valid", "test")
# Fractions of groups: train 80 %, valid 10 % (also the predictor's calibration split), test 10 %.
VALID_FROM = 0.8
TEST_FROM = 0.9
# Languages seen only in test: two MGSM languages, three HumanEval-XL languages.
# None of them occurs in any other source's training rows.
HELD_OUT_LANGUAGES = ("bn", "te", "fa", "hu", "ms")


# The parallel sources that carry the held-out languages send a larger share of their
# groups to test, so the language-transfer test has enough rows per held-out language.
LARGER_TEST_SHARE = {"mgsm-": 0.25, "humaneval_xl-": 0.25}


def _unit(key: str) -> float:
    """A stable number in [0, 1) for `key`."""
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big") / 2**64


def _by_prefix(table: dict[str, float], group: str, default: float) -> float:
    """The value of the first prefix in `table` that `group` starts with, else `default`."""
    return next((v for k, v in table.items() if group.startswith(k)), default)


def keep_group(group: str, share: float, seed: int) -> bool:
    """Whether a group is in a stable `share` of all groups (independent of its split)."""
    return _unit(f"{seed}:keep:{group}") < share


def split_of(group: str, seed: int) -> str:
    """Split of a group: a stable hash of (seed, group), so every row of a group lands together."""
    u = _unit(f"{seed}:{group}")
    test_share = _by_prefix(LARGER_TEST_SHARE, group, 1 - TEST_FROM)
    if u >= 1 - test_share:
        return "test"
    return "valid" if u >= 1 - test_share - (TEST_FROM - VALID_FROM) else "train"


# Groups whose level comes from an outcome row go to test (see pinned_groups), all
# of them or, for the sources named here, the share given; the others split like any
# group and evaluation leaves their outcome ids out. MGSM groups carry the
# multilingual math. BFCL's outcome items are most of its curated single, multiple
# and parallel calls: with all of them in test the tool head never trains on that
# form (test recall of tool use 0.47 against 0.95 on valid, model 0.7.0).
PINNED_SHARE = {"mgsm-": 0.0, "bfcl-": 0.5}


def pinned_groups(rows: Iterable[LabelledRow], seed: int) -> set[str]:
    """Groups to keep out of training: those labelled from a per-item outcome row.

    The evaluation routes the outcome files' prompts; a predictor trained on
    those prompts with labels drawn from their own results would be scored on
    what it was taught. Sources in PINNED_SHARE keep only that share of their
    outcome groups in test (their outcome ids in train/valid are listed in
    meta.json so evaluation can leave them out).
    """
    matched = {row.group for row in rows if row.outcome_id}
    return {
        group
        for group in matched
        if _unit(f"{seed}:pin:{group}") < _by_prefix(PINNED_SHARE, group, 1.0)
    }


def assign_splits(
    rows: Iterable[LabelledRow],
    seed: int,
    held_out: tuple[str, ...] = HELD_OUT_LANGUAGES,
    pinned: set[str] | frozenset[str] = frozenset(),
) -> Iterator[tuple[LabelledRow, str]]:
    """Pair each row with its group's split (`pinned` groups: always test).

    Rows in a held-out language are kept only when their group is in test:
    the language never reaches training, and no translation of those items
    is trained on either.
    """
    for row in rows:
        split = "test" if row.group in pinned else split_of(row.group, seed)
        if row.lang in held_out and split != "test":
            continue
        yield row, split
