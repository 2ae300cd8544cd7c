"""Property tests of the selection rule (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from hydra_router import matching
from hydra_router.matching import MatchModel

unit = st.floats(0.0, 1.0, allow_nan=False)
vector = st.tuples(unit, unit, unit, unit)
cost = st.floats(0.01, 100.0, allow_nan=False)
weights = st.tuples(*[st.floats(0.01, 5.0)] * 4).map(lambda w: tuple(x / sum(w) for x in w))
models = st.lists(
    st.builds(MatchModel, id=st.just("m"), capabilities=vector, cost=cost), min_size=1, max_size=7
)
taus = st.floats(0.0, 1.0, allow_nan=False)


@settings(max_examples=300, deadline=None)
@given(vector, models, weights, taus, taus)
def test_raising_tau_never_picks_a_dearer_model(r, ms, w, t1, t2) -> None:
    low, high = sorted((t1, t2))
    a = matching.choose(r, ms, w, low)
    b = matching.choose(r, ms, w, high)
    assert ms[b.index].cost <= ms[a.index].cost


@settings(max_examples=300, deadline=None)
@given(vector, models, weights, taus, st.data())
def test_dominated_model_never_changes_the_decision(r, ms, w, tau, data) -> None:
    base = data.draw(st.integers(0, len(ms) - 1))
    original = ms[base]
    lower = tuple(data.draw(st.floats(0.0, c)) for c in original.capabilities)
    dearer = original.cost + data.draw(st.floats(0.001, 50.0))
    position = data.draw(st.integers(0, len(ms)))
    extended = [*ms[:position], MatchModel("dominated", lower, dearer), *ms[position:]]
    before = matching.choose(r, ms, w, tau)
    after = matching.choose(r, extended, w, tau)
    assert extended[after.index] is ms[before.index]


@settings(max_examples=200, deadline=None)
@given(models, weights, taus, st.data())
def test_zero_requirements_pick_the_cheapest_eligible(ms, w, tau, data) -> None:
    eligible = data.draw(st.lists(st.booleans(), min_size=len(ms), max_size=len(ms)))
    choice = matching.choose((0.0,) * 4, ms, w, tau, eligible)
    if not any(eligible):
        assert choice.index == -1
        return
    cheapest = min(m.cost for m, ok in zip(ms, eligible, strict=True) if ok)
    assert eligible[choice.index] and ms[choice.index].cost == cheapest
    assert choice.within_tau


@settings(max_examples=300, deadline=None)
@given(vector, models, weights, taus, st.data())
def test_choice_is_eligible_and_consistent(r, ms, w, tau, data) -> None:
    eligible = data.draw(st.lists(st.booleans(), min_size=len(ms), max_size=len(ms)))
    choice = matching.choose(r, ms, w, tau, eligible)
    if choice.index < 0:
        assert not any(eligible)
        return
    assert eligible[choice.index]
    assert choice.shortfall == choice.shortfalls[choice.index]
    assert choice.within_tau == (choice.shortfall <= tau)
    if not choice.within_tau:
        assert all(s > tau for s, ok in zip(choice.shortfalls, eligible, strict=True) if ok)
    assert all(0.0 <= s <= 1.0 + 1e-9 for s in choice.shortfalls)


@settings(max_examples=200, deadline=None)
@given(vector, st.lists(st.tuples(unit, unit), min_size=4, max_size=4))
def test_normalised_requirements_stay_in_unit_range(scores, raw_bands) -> None:
    bands = [(min(a, b), max(a, b)) for a, b in raw_bands]
    assert all(0.0 <= x <= 1.0 for x in matching.normalize(scores, bands))
