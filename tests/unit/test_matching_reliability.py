"""Matching on predicted pass: the rule, the catalog keys, the wire fields, and the old path."""

from __future__ import annotations

import math
import random
import re
from pathlib import Path

import pytest

from fixtures.catalog_text import strip_reliability, with_reliability
from hydra_router import matching
from hydra_router.cli import main
from hydra_router.matching import MatchModel
from hydra_router.profiles import CatalogLoadError, CatalogSnapshot, load_catalog, parse_catalog
from hydra_router.protocol import RouteParams
from hydra_router.routing import RoutingMemory, route

EQUAL = (0.25, 0.25, 0.25, 0.25)
BANDS = ((0.0, 1.0),) * 4


def test_predicted_pass_is_the_logistic_of_reliability_and_shortfall() -> None:
    assert matching.predicted_pass(0.8, 3.0, 0.0) == pytest.approx(0.8)
    expected = 1 / (1 + math.exp(-(math.log(0.8 / 0.2) - 3.0 * 0.5)))
    assert matching.predicted_pass(0.8, 3.0, 0.5) == pytest.approx(expected)
    assert matching.predicted_pass(0.8, 0.0, 0.9) == pytest.approx(0.8)


def test_choose_by_pass_takes_the_cheapest_within_delta_of_the_best() -> None:
    models = [
        MatchModel("weak", (0.2,) * 4, 1.0, reliability=0.70),
        MatchModel("mid", (0.6,) * 4, 2.0, reliability=0.85),
        MatchModel("strong", (0.9,) * 4, 5.0, reliability=0.95),
    ]
    easy = (0.1,) * 4  # nobody falls short: q̂ = reliability
    assert matching.choose_by_pass(easy, models, EQUAL, 4.0, 0.0).index == 2
    assert matching.choose_by_pass(easy, models, EQUAL, 4.0, 0.10).index == 1
    assert matching.choose_by_pass(easy, models, EQUAL, 4.0, 0.30).index == 0
    hard = (0.8,) * 4
    choice = matching.choose_by_pass(hard, models, EQUAL, 4.0, 0.0)
    assert choice.index == 2 and choice.predicted_pass is not None
    assert choice.predicted_pass[0] < 0.70 * 0.5  # shortfall 0.6 lowers the weak model's q̂
    # Eligibility: the best among the eligible sets the bar.
    assert matching.choose_by_pass(easy, models, EQUAL, 4.0, 0.0, [True, True, False]).index == 1
    none = matching.choose_by_pass(easy, models, EQUAL, 4.0, 0.0, [False] * 3)
    assert none.index == -1


def test_without_signal_predicted_pass_ranks_by_reliability() -> None:
    models = [
        MatchModel("a", (1.0,) * 4, 1.0, reliability=0.6),
        MatchModel("b", (1.0,) * 4, 2.0, reliability=0.9),
    ]
    for r in ((0.0,) * 4, (0.5,) * 4, (1.0,) * 4):
        assert matching.choose_by_pass(r, models, EQUAL, 5.0, 0.0).index == 1


def test_catalog_without_the_new_keys_routes_exactly_as_choose(bundled_profiles: Path) -> None:
    """Every regime, 300 random score vectors: the same model as the shortfall rule."""
    catalog = parse_catalog(strip_reliability(bundled_profiles.read_text()), "profiles.yaml")
    assert not catalog.predicts_pass and catalog.slope is None
    snapshot = CatalogSnapshot(catalog, 1, "profiles.yaml", "cli")
    models = matching.match_models(catalog)
    assert all(m.reliability is None for m in models)
    weights = matching.band_weights(catalog.defaults.weights.vector(), BANDS)
    rng = random.Random(7)
    for _ in range(300):
        scores = [rng.random() ** rng.choice((0.5, 1, 3)) for _ in range(4)]
        for regime in ("peak", "iso", "aggressive"):
            result = route(
                RouteParams(prompt="p", regime=regime), snapshot, scores, BANDS, RoutingMemory()
            )
            tau = catalog.defaults.tau.of(regime)
            expected = matching.choose(matching.normalize(scores, BANDS), models, weights, tau)
            assert result.model == models[expected.index].id
            assert result.predicted_pass is None and result.delta is None
            assert all(c.predicted_pass is None for c in result.candidates)


def test_wire_result_carries_predicted_pass_for_every_candidate(bundled_profiles: Path) -> None:
    catalog = load_catalog(bundled_profiles)
    assert catalog.predicts_pass
    snapshot = CatalogSnapshot(catalog, 1, str(bundled_profiles), "bundled")
    for scores in ([0.1, 0.1, 0.1, 0.1], [0.9, 0.7, 0.95, 0.2]):
        result = route(RouteParams(prompt="p"), snapshot, scores, BANDS, RoutingMemory())
        assert result.delta == catalog.defaults.delta.iso
        passes = [c.predicted_pass for c in result.candidates]
        assert len(passes) == len(catalog.models)
        assert all(p is not None and 0 < p < 1 for p in passes)
        chosen = next(c for c in result.candidates if c.model == result.model)
        assert result.predicted_pass == chosen.predicted_pass
        best = max(p for p in passes if p is not None)
        assert chosen.predicted_pass is not None
        assert chosen.predicted_pass >= best - result.delta - 1e-12
    # An explicit τ matches on shortfall but still reports predicted pass.
    explicit = route(RouteParams(prompt="p", tau=0.0), snapshot, [0.5] * 4, BANDS, RoutingMemory())
    assert explicit.delta is None
    assert all(c.predicted_pass is not None for c in explicit.candidates)


def test_catalog_with_the_new_keys_validates(bundled_profiles: Path) -> None:
    text = with_reliability(bundled_profiles.read_text(), [0.6, 0.65, 0.7, 0.75, 0.8], 2.5)
    catalog = parse_catalog(text, "p.yaml")
    assert catalog.predicts_pass and catalog.slope == 2.5
    assert [m.reliability for m in catalog.models] == [0.6, 0.65, 0.7, 0.75, 0.8]


RELIABLE = [0.6, 0.65, 0.7, 0.75, 0.8]


@pytest.mark.parametrize(
    ("text_of", "key", "fix"),
    [
        (lambda t: with_reliability(t, [1.2, *RELIABLE[1:]], 2.5), "models[0].reliability",
         "strictly between 0"),
        (lambda t: with_reliability(t, [0.6, 0.65, 0.0, 0.75, 0.8], 2.5), "models[2].reliability",
         "strictly between 0"),
        (lambda t: with_reliability(t, RELIABLE, -1.0), "slope", "0 or more"),
        (lambda t: with_reliability(t, RELIABLE, 2.5, -0.5), "ease", "0 or more"),
        (lambda t: strip_reliability(t).replace("format: 1\n", "format: 1\nease: 0.9\n"),
         "ease", "no effect without `slope`"),
    ],
)  # fmt: skip
def test_bad_values_give_file_line_errors_from_check(
    bundled_profiles: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    text_of,  # noqa: ANN001
    key: str,
    fix: str,
) -> None:
    text = text_of(bundled_profiles.read_text())
    bad = tmp_path / "profiles.yaml"
    bad.write_text(text)
    assert main(["check", str(bad)]) == 1
    out = capsys.readouterr().out
    match = re.search(rf"{re.escape(str(bad))}:(\d+):\d+: {re.escape(key)}: .*{fix}", out)
    assert match, out
    line = text.splitlines()[int(match.group(1)) - 1]
    assert key.rsplit(".", 1)[-1] in line


def test_reliability_on_some_models_only_or_without_slope_is_an_error(
    bundled_profiles: Path,
) -> None:
    base = strip_reliability(bundled_profiles.read_text())
    partial = base.replace("    enabled: true", "    enabled: true\n    reliability: 0.7", 1)
    with pytest.raises(CatalogLoadError) as info:
        parse_catalog(partial.replace("fallback: gpt-5.4\n", "fallback: gpt-5.4\nslope: 2\n"), "p")
    messages = [e.message for e in info.value.errors]
    assert len(messages) == 4 and all("no `reliability` while others do" in m for m in messages)
    with pytest.raises(CatalogLoadError, match="needs the catalog's `slope:`"):
        parse_catalog(partial, "p")
    with pytest.raises(CatalogLoadError, match="no effect without"):
        parse_catalog(base.replace("fallback: gpt-5.4\n", "fallback: gpt-5.4\nslope: 2\n"), "p")


def test_route_table_shows_predicted_pass(
    tiny_model_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["route", "hello", "--model", str(tiny_model_dir)]) == 0
    out = capsys.readouterr().out
    assert "δ=" in out and "pass" in out and "within δ of the best" in out


def test_conversation_escalates_on_predicted_pass_and_never_downgrades(
    bundled_profiles: Path,
) -> None:
    catalog = parse_catalog(
        with_reliability(bundled_profiles.read_text(), [0.9, 0.9, 0.9, 0.9, 0.9], 8.0), "p"
    )
    snapshot = CatalogSnapshot(catalog, 1, "p", "cli")
    state = RoutingMemory()

    def ask(scores: tuple[float, ...]):  # noqa: ANN202
        params = RouteParams(prompt="p", conversation_id="c", regime="iso")
        return route(params, snapshot, list(scores), BANDS, state)

    first = ask((0.1,) * 4)  # equal reliabilities, nobody short: the cheapest
    assert (first.model, first.method) == ("gpt-5.4-mini", "hydra")
    up = ask((0.99,) * 4)
    assert up.method == "escalated" and up.model != "gpt-5.4-mini"
    assert up.predicted_pass is not None
    down = ask((0.1,) * 4)
    assert (down.model, down.method) == (up.model, "sticky")


def test_demand_is_the_strongest_weighted_requirement() -> None:
    assert matching.demand((0.2, 0.9, 0.1, 0.0), EQUAL) == 0.9
    assert matching.demand((0.2, 0.9, 0.1, 0.0), (0.5, 0.0, 0.5, 0.0)) == 0.2  # unweighted head
    assert matching.demand((0.0,) * 4, EQUAL) == 0.0


def test_ease_adds_the_same_logit_to_every_model_as_demand_falls() -> None:
    full = matching.predicted_pass(0.8, 3.0, 0.2)
    assert matching.predicted_pass(0.8, 3.0, 0.2, 1.0, ease=3.0) == pytest.approx(full)
    assert matching.predicted_pass(0.8, 3.0, 0.2, 0.3) == pytest.approx(full)  # ease 0
    z = math.log(0.8 / 0.2) + 3.0 * 0.6 - 3.0 * 0.1
    assert matching.predicted_pass(0.8, 3.0, 0.1, 0.4, ease=3.0) == pytest.approx(
        1 / (1 + math.exp(-z))
    )
    # The example in profiles.yaml: ease 3 at demand 0.
    assert matching.predicted_pass(0.665, 2.69, 0.0, 0.0, ease=3.0) == pytest.approx(
        0.976, abs=5e-4
    )
    assert matching.predicted_pass(0.773, 2.69, 0.0, 0.0, ease=3.0) == pytest.approx(
        0.986, abs=5e-4
    )
    models = [
        MatchModel("weak", (0.2,) * 4, 1.0, reliability=0.66),
        MatchModel("strong", (0.9,) * 4, 5.0, reliability=0.78),
    ]
    idle = (0.0,) * 4
    weak, strong = matching.choose_by_pass(idle, models, EQUAL, 3.0, 0.0, ease=3.0).predicted_pass
    assert 0 < strong - weak < 0.02  # narrowed, not erased: peak (δ 0) keeps the stronger
    assert matching.choose_by_pass(idle, models, EQUAL, 3.0, 0.0, ease=3.0).index == 1
    assert matching.choose_by_pass(idle, models, EQUAL, 3.0, 0.03, ease=3.0).index == 0
    # ... while without ease the benchmark gap (0.12) decides every δ below it.
    for delta in (0.0, 0.03, 0.1):
        assert matching.choose_by_pass(idle, models, EQUAL, 3.0, delta).index == 1
    # A demanding request keeps nearly the whole gap.
    debugging = (0.2, 0.2, 0.95, 0.2)
    assert matching.choose_by_pass(debugging, models, EQUAL, 3.0, 0.03, ease=3.0).index == 1


def test_bundled_catalog_sends_requests_without_need_to_the_cheapest(
    bundled_profiles: Path,
) -> None:
    """'hello' scores near 0 on every head: the cheapest model in iso and aggressive, the
    most reliable in peak (quality first); a debugging request does not go to the cheapest;
    with the catalog's `ease` removed (ease 0) the SWE-bench gap sends 'hello' to the most
    reliable in iso too."""
    text = bundled_profiles.read_text()
    catalog = parse_catalog(text, "profiles.yaml")
    assert catalog.ease > 0 and catalog.predicts_pass
    flat = parse_catalog(re.sub(r"(?m)^ease:.*\n", "", text), "profiles.yaml")
    assert flat.ease == 0.0
    cheapest = min(catalog.models, key=catalog.cost).id
    most_reliable = max(catalog.models, key=lambda m: m.reliability or 0.0).id
    assert cheapest != most_reliable
    idle, debugging = [0.0] * 4, [0.19, 0.17, 0.98, 0.0]
    snap = CatalogSnapshot(catalog, 1, "p", "cli")
    for regime, idle_model in (
        ("peak", most_reliable),
        ("iso", cheapest),
        ("aggressive", cheapest),
    ):
        params = RouteParams(prompt="p", regime=regime)
        assert route(params, snap, idle, BANDS, RoutingMemory()).model == idle_model
    iso = RouteParams(prompt="p", regime="iso")
    assert route(iso, snap, debugging, BANDS, RoutingMemory()).model not in (
        cheapest,
        "claude-haiku-4-5",
    )
    old = route(
        RouteParams(prompt="p"), CatalogSnapshot(flat, 1, "p", "cli"), idle, BANDS, RoutingMemory()
    )
    assert old.model == most_reliable
