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


def split_of(group: str, seed: int) -> str:
    """Split of a group: a stable hash of (seed, group), so every row of a group lands together."""
    digest = hashlib.sha256(f"{seed}:{group}".encode()).digest()
    u = int.from_bytes(digest[:8], "big") / 2**64
    test_share = next(
        (v for k, v in LARGER_TEST_SHARE.items() if group.startswith(k)), 1 - TEST_FROM
    )
    if u >= 1 - test_share:
        return "test"
    return "valid" if u >= 1 - test_share - (TEST_FROM - VALID_FROM) else "train"


# Groups whose level comes from an outcome row normally go to test (see pinned_groups);
# MGSM groups are the exception, because they carry the multilingual math.
UNPINNED_PREFIXES = ("mgsm-",)


def pinned_groups(rows: Iterable[LabelledRow]) -> set[str]:
    """Groups to keep out of training: those labelled from a per-item outcome row.

    The evaluation routes the outcome files' prompts; a predictor trained on
    those prompts with labels drawn from their own results would be scored on
    what it was taught. MGSM groups stay in the normal split (their outcome ids
    in train/valid are listed in meta.json so evaluation can leave them out).
    """
    return {
        row.group for row in rows if row.outcome_id and not row.group.startswith(UNPINNED_PREFIXES)
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
