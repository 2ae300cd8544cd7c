"""The shipped model (models/hydra-modernbert-small) as the sidecar loads it.

Golden scores pin the exported artefact: a re-export that changes them must
regenerate `scores.json` on purpose (`python tests/golden/regenerate.py`).
Behavioural checks state what the router relies on: each kind of request
raises its own head, and a request's decisions do not depend on its language.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from prompts import KIND_HEAD, PROMPT_SETS, all_prompts  # noqa: E402

from hydra_router.protocol import DIMENSIONS  # noqa: E402

# int8 kernels differ slightly between CPUs (AVX2 / AVX-512 / VNNI).
TOLERANCE = 0.02


@pytest.fixture(scope="module")
def predictor():  # type: ignore[no-untyped-def]
    from hydra_router.predictor import Predictor, default_model_dir

    folder = default_model_dir()
    if not (folder / "model.onnx").exists():
        pytest.fail(f"{folder}: shipped model missing; run `hydra-router export`")
    return Predictor.load(folder)


@pytest.fixture(scope="module")
def scored(predictor) -> dict[tuple[str, str], np.ndarray]:  # type: ignore[no-untyped-def]
    prompts = all_prompts()
    scores = predictor.score([text for _, _, text in prompts])
    return {(kind, lang): row for (kind, lang, _), row in zip(prompts, scores, strict=True)}


def test_shipped_folder_is_small_and_complete(predictor) -> None:  # type: ignore[no-untyped-def]
    folder = predictor.model_dir
    for name in ("model.onnx", "tokenizer.json", "manifest.json", "MODEL_CARD.md"):
        assert (folder / name).is_file(), name
    total = sum(p.stat().st_size for p in folder.iterdir() if p.is_file())
    assert total <= 40 * 1024 * 1024
    assert predictor.manifest.heads == list(DIMENSIONS)


def test_scores_match_the_golden_file(scored) -> None:  # type: ignore[no-untyped-def]
    golden = json.loads((HERE / "scores.json").read_text(encoding="utf-8"))
    assert len(golden["scores"]) == len(scored)
    for row in golden["scores"]:
        got = scored[(row["kind"], row["lang"])]
        want = np.array([row[h] for h in DIMENSIONS])
        assert np.abs(got - want).max() <= TOLERANCE, (row["kind"], row["lang"], got, want)


def test_scores_are_deterministic_and_batch_independent(predictor) -> None:  # type: ignore[no-untyped-def]
    texts = [text for _, _, text in all_prompts()]
    batch = predictor.score(texts)
    one_by_one = np.concatenate([predictor.score([t]) for t in texts])
    assert np.array_equal(batch, predictor.score(texts))
    # Dynamic int8 quantises activations per tensor, padding included, so a batch
    # moves scores a little; it must stay well inside the golden tolerance.
    assert np.abs(batch - one_by_one).max() <= TOLERANCE


@pytest.mark.parametrize("kind", list(KIND_HEAD))
def test_each_request_kind_raises_its_own_head_in_english(scored, kind: str) -> None:  # type: ignore[no-untyped-def]
    head = DIMENSIONS.index(KIND_HEAD[kind])
    own = scored[(kind, "en")][head]
    others = [
        scored[(k, "en")][head] for k in PROMPT_SETS if k != kind and (kind, k) != ("code", "debug")
    ]
    assert own > max(others), (kind, own, others)


def test_a_factual_question_needs_little(scored) -> None:  # type: ignore[no-untyped-def]
    assert scored[("fact", "en")].max() < 0.5


# Known misses of the shipped model (see MODEL_CARD.md, language invariance): prompt
# set -> the head whose score crosses 0.5 in some languages only. Model 0.10.0: the short
# tool request scores tool use 0.71 in English, 0.22 in Portuguese, 0.39 in Korean. The
# debugging request's reasoning (0.25 in English, 0.67 in Spanish with 0.9.0; 0.9.0, 0.8.1,
# 0.8.0 and 0.7.0 missed both) is now 0.22-0.49 everywhere, Spanish the highest. 0.6.0
# missed tool use only; 0.5.0 had none; 0.4.0 missed math in Bengali and tool use in
# Korean. strict: a miss listed here that a better model fixes turns red so the mark gets
# removed. Model 0.11.0 keeps every decision of every set across languages.
KNOWN_LANGUAGE_MISSES: dict[str, str] = {}


@pytest.mark.parametrize(
    "kind",
    [
        pytest.param(
            k,
            marks=pytest.mark.xfail(
                strict=True, reason=f"{KNOWN_LANGUAGE_MISSES[k]} flips across languages"
            ),
        )
        if k in KNOWN_LANGUAGE_MISSES
        else k
        for k in PROMPT_SETS
    ],
)
def test_translations_keep_the_english_decisions(scored, kind: str) -> None:  # type: ignore[no-untyped-def]
    english = scored[(kind, "en")] >= 0.5
    for lang in PROMPT_SETS[kind]:
        decisions = scored[(kind, lang)] >= 0.5
        assert (decisions == english).all(), (
            kind,
            lang,
            scored[(kind, lang)],
            scored[(kind, "en")],
        )


def test_eval_scores_each_prompt_as_the_sidecar_scores_a_lone_request(predictor) -> None:  # type: ignore[no-untyped-def]
    from hydra_router.eval.scores import PredictorScorer

    texts = [text for _, _, text in all_prompts()]
    scorer = PredictorScorer(predictor=predictor, model_dir=predictor.model_dir)
    alone = np.concatenate([predictor.score([t]) for t in texts])
    assert np.array_equal(scorer.score(texts), alone)
    assert np.array_equal(scorer.score(texts[::-1]), alone[::-1])
