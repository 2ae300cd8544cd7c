"""Rewrite tests/golden/scores.json from the shipped model (after a deliberate re-export).

python tests/golden/regenerate.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from prompts import all_prompts  # noqa: E402


def main() -> int:
    from hydra_router.predictor import Predictor, default_model_dir
    from hydra_router.protocol import DIMENSIONS

    predictor = Predictor.load(default_model_dir())
    prompts = all_prompts()
    scores = predictor.score([text for _, _, text in prompts])
    out = {
        "model": predictor.manifest.name,
        "version": predictor.manifest.version,
        "created": predictor.manifest.created,
        "scores": [
            {
                "kind": kind,
                "lang": lang,
                **{h: round(float(v), 4) for h, v in zip(DIMENSIONS, row, strict=True)},
            }
            for (kind, lang, _), row in zip(prompts, scores, strict=True)
        ],
    }
    (HERE / "scores.json").write_text(
        json.dumps(out, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(f"wrote {HERE / 'scores.json'} ({len(prompts)} prompts)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
