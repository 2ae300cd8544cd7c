"""Property tests: any well-formed catalog loads; any bad capability is located exactly."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from hydra_router.profiles import CatalogLoadError, parse_catalog
from hydra_router.protocol import DIMENSIONS

unit = st.floats(0.0, 1.0, allow_nan=False)
ids = st.from_regex(r"[a-z][a-z0-9.-]{0,12}", fullmatch=True)


@st.composite
def catalogs(draw) -> dict:
    model_ids = draw(st.lists(ids, min_size=1, max_size=6, unique=True))
    taus = sorted(draw(st.lists(st.floats(0, 1), min_size=3, max_size=3)))
    models = [
        {
            "id": model_id,
            "name": model_id.upper(),
            "vendor": "copilot",
            "family": model_id,
            "capabilities": {d: draw(unit) for d in DIMENSIONS},
            "price": {"input": draw(st.floats(0, 50)), "output": draw(st.floats(0, 100))},
            "context_window": draw(st.integers(1, 2_000_000)),
            "vision": draw(st.booleans()),
            "tools": draw(st.booleans()),
        }
        for model_id in model_ids
    ]
    return {
        "defaults": {"tau": dict(zip(("peak", "iso", "aggressive"), taus, strict=True))},
        "fallback": draw(st.sampled_from(model_ids)),
        "models": models,
    }


@settings(max_examples=60, deadline=None)
@given(catalogs())
def test_well_formed_catalogs_load(data: dict) -> None:
    catalog = parse_catalog(yaml.safe_dump(data, sort_keys=False), "p.yaml")
    assert [m.id for m in catalog.models] == [m["id"] for m in data["models"]]


@settings(max_examples=60, deadline=None)
@given(catalogs(), st.data())
def test_out_of_range_capability_is_located(data: dict, pick: st.DataObject) -> None:
    index = pick.draw(st.integers(0, len(data["models"]) - 1))
    dimension = pick.draw(st.sampled_from(DIMENSIONS))
    data["models"][index]["capabilities"][dimension] = pick.draw(
        st.one_of(st.floats(1.001, 10), st.floats(-10, -0.001))
    )
    text = yaml.safe_dump(data, sort_keys=False)
    try:
        parse_catalog(text, "p.yaml")
    except CatalogLoadError as exc:
        (error,) = exc.errors
    else:
        raise AssertionError("accepted a capability outside [0, 1]")
    assert error.key == f"models[{index}].capabilities.{dimension}"
    line = text.splitlines()[error.line - 1]
    assert line.strip().startswith(f"{dimension}:")
