"""Training sees exactly the ids the sidecar's predictor will feed the model."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import numpy as np
from tokenizers import Tokenizer

from hydra_router.training.batches import collate, encode_texts, grouped_plan, length_bucketed_plan


def test_encode_texts_matches_the_predictor(tiny_model_dir: Path) -> None:
    from hydra_router.predictor import Predictor

    predictor = Predictor.load(tiny_model_dir)
    tokenizer = Tokenizer.from_file(str(tiny_model_dir / "tokenizer.json"))
    words = [
        "please",
        "write",
        "a",
        "function",
        "to",
        "fix",
        "this",
        "bug",
        "and",
        "call",
        "the",
        "search",
        "api",
    ]
    rng = random.Random(0)
    texts = [" ".join(rng.choice(words) for _ in range(n)) for n in (1, 5, 61, 62, 63, 200)]
    ids, mask = predictor.encode(texts)
    ours = encode_texts(texts, tokenizer, predictor.manifest.max_length)
    for row, (expected_ids, expected_mask) in zip(ours, zip(ids, mask, strict=True), strict=True):
        assert row == expected_ids[expected_mask == 1].tolist()


def test_collate_pads_right_with_a_mask() -> None:
    ids, mask = collate([[5, 6, 7], [8]], pad_id=1)
    assert ids.tolist() == [[5, 6, 7], [8, 1, 1]]
    assert mask.tolist() == [[1, 1, 1], [1, 0, 0]]


def test_grouped_plan_keeps_translations_together_and_is_seeded() -> None:
    groups = [f"g{i // 4}" for i in range(400)]  # 100 groups of 4 translations
    plan = grouped_plan(groups, batch_size=12, epochs=1.0, max_rows=300, members=3, seed=7)
    assert plan == grouped_plan(groups, 12, 1.0, 300, 3, seed=7)
    assert all(len(b) <= 12 for b in plan)
    assert 300 <= sum(len(b) for b in plan) <= 302
    for batch in plan:
        per_group: dict[str, int] = {}
        for i in batch:
            per_group[groups[i]] = per_group.get(groups[i], 0) + 1
        # Each group appears once per batch, with all its drawn members (3 of 4).
        assert set(per_group.values()) == {3}


def test_length_bucketed_plan_covers_rows_for_the_requested_epochs() -> None:
    lengths = list(np.random.default_rng(0).integers(3, 90, size=256))
    plan = length_bucketed_plan(lengths, batch_size=16, epochs=1.5, seed=0)
    assert len(plan) == 24
    first_epoch = sorted(i for b in plan[:16] for i in b)
    assert first_epoch == list(range(256))


def test_distillation_keeps_test_groups_out_and_opens_unlabelled_languages_on_request() -> None:
    from hydra_router.training.corpus import CorpusRow
    from hydra_router.training.pipeline import distill_rows

    rows = [
        CorpusRow("a", "g1", "en", "mgsm", "g1"),
        CorpusRow("b", "g1", "bn", "mgsm", "g1"),
        CorpusRow("c", "g2", "bn", "mgsm", "g2"),
        CorpusRow("d", "g2", "de", "mgsm", "g2"),
    ]
    strict = distill_rows(rows, {"g1"}, {"en", "de"}, unlabelled_languages=False)
    assert [r.text for r in strict] == ["d"]
    opened = distill_rows(rows, {"g1"}, {"en", "de"}, unlabelled_languages=True)
    assert [r.text for r in opened] == ["c", "d"]
    assert [r.text for r in distill_rows(rows, set(), set(), False)] == ["a", "b", "c", "d"]


def test_grouped_plan_puts_the_anchor_row_in_every_unit_of_its_group() -> None:
    groups = [f"g{i // 5}" for i in range(200)]  # 40 groups: row 0 of each is English
    anchors = [i % 5 == 0 for i in range(200)]
    plan = grouped_plan(groups, 12, 2.0, 120, members=3, seed=1, anchors=anchors)
    units: dict[tuple[int, str], list[int]] = {}
    for b, batch in enumerate(plan):
        for i in batch:
            units.setdefault((b, groups[i]), []).append(i)
    assert len(units) > 40
    for rows in units.values():
        assert len(rows) == 3 and sum(anchors[i] for i in rows) == 1
    # Without anchors the English row is drawn only some of the time.
    plain = grouped_plan(groups, 12, 2.0, 120, members=3, seed=1)
    assert sum(anchors[i] for b in plain for i in b) < sum(anchors[i] for b in plan for i in b)


def test_grouped_plan_with_lengths_batches_similar_lengths_and_keeps_units_whole() -> None:
    rng = random.Random(3)
    groups = [f"g{i // 3}" for i in range(600)]  # 200 groups of 3 translations
    lengths = [n for g in range(200) for n in [rng.randint(5, 128)] * 3]
    plain = grouped_plan(groups, 12, 1.0, 600, 3, seed=2)
    bucketed = grouped_plan(groups, 12, 1.0, 600, 3, seed=2, lengths=lengths)
    assert sorted(i for b in bucketed for i in b) == list(range(600))
    for batch in bucketed:
        assert len(batch) <= 12 and len({groups[i] for i in batch}) * 3 == len(batch)

    def padded(plan: list[list[int]]) -> int:
        return sum(max(lengths[i] for i in b) * len(b) for b in plan)

    assert padded(bucketed) < 0.8 * padded(plain)
    assert bucketed == grouped_plan(groups, 12, 1.0, 600, 3, seed=2, lengths=lengths)


def test_grouped_plan_draws_a_repeated_group_that_many_times_more() -> None:
    groups = [f"g{i // 2}" for i in range(200)]  # 100 groups of two rows
    repeats = [3 if g == "g0" else 1 for g in groups]
    plan = grouped_plan(groups, 8, 5.0, 200, members=2, seed=3, repeats=repeats)
    drawn = Counter(groups[i] for batch in plan for i in batch)
    others = sum(v for g, v in drawn.items() if g != "g0") / (len(drawn) - 1)
    assert drawn["g0"] >= 2.5 * others
    assert grouped_plan(groups, 8, 5.0, 200, 2, seed=3) != plan
