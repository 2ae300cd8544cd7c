"""Hypothesis strategies for hostile `hydra/*` params; shared with scripts/fuzz_bench.py.

Each strategy mixes valid values with wrong types, huge and odd strings (lone
UTF-16 surrogates, control characters, whitespace only), NaN/±inf, huge
integers, deep nesting and unknown fields, so both the happy path and every
rejection path of the decoders are hit.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

MODEL_IDS = ("gpt-5.4-mini", "claude-haiku-4-5", "gpt-5.3-codex", "claude-sonnet-4-6", "gpt-5.4")
FIELDS = (
    "prompt",
    "conversationId",
    "reset",
    "regime",
    "tau",
    "pin",
    "hasImages",
    "needsTools",
    "contextTokens",
    "exclude",
)

surrogates = st.lists(st.integers(0xD800, 0xDFFF), min_size=1, max_size=4).map(
    lambda cps: "".join(map(chr, cps))
)
controls = st.lists(st.integers(0, 0x1F), min_size=1, max_size=8).map(
    lambda cps: "".join(map(chr, cps))
)
odd_strings = st.one_of(
    st.sampled_from(["", " ", "\t\n  \r\n", "\u200b", "\ufeff", "\x00", "null", "write code"]),
    surrogates,
    controls,
    st.tuples(st.text(max_size=20), surrogates, st.text(max_size=20)).map("".join),
    st.text(max_size=200),
    st.integers(1_000, 200_000).map(lambda n: "why " * n),
)
odd_floats = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([float("nan"), float("inf"), float("-inf"), -0.0, 1e308, 5e-324]),
)
odd_ints = st.one_of(st.integers(-(2**70), 2**70), st.sampled_from([0, -1, 2**63, 2**64]))
scalars = st.one_of(st.none(), st.booleans(), odd_ints, odd_floats, odd_strings)


def nested(depth: int, leaf: Any = 0) -> Any:
    """`depth` levels of alternating lists and objects around `leaf`."""
    value = leaf
    for level in range(depth):
        value = [value] if level % 2 else {"a": value}
    return value


deep = st.integers(1, 400).map(nested)
values = st.one_of(
    scalars,
    deep,
    st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4),
            st.dictionaries(st.text(max_size=8), inner, max_size=4),
        ),
        max_leaves=12,
    ),
)

valid_route_fields: dict[str, st.SearchStrategy[Any]] = {
    "prompt": st.sampled_from(["write a function", "fix this bug", "why?", "hello"]),
    "conversationId": st.text(min_size=1, max_size=12),
    "reset": st.booleans(),
    "regime": st.sampled_from(["peak", "iso", "aggressive"]),
    "tau": st.floats(0, 1),
    "pin": st.sampled_from(MODEL_IDS),
    "hasImages": st.booleans(),
    "needsTools": st.booleans(),
    "contextTokens": st.integers(0, 500_000),
    "exclude": st.lists(st.sampled_from(MODEL_IDS), max_size=3),
}


@st.composite
def route_params(draw: st.DrawFn) -> Any:
    """Route params: mostly objects whose fields are each valid, wild or missing."""
    if draw(st.integers(0, 9)) == 0:
        return draw(values)  # not even an object
    params: dict[str, Any] = {}
    for name in FIELDS:
        choice = draw(st.integers(0, 5))
        if choice <= 2:
            params[name] = draw(valid_route_fields[name])
        elif choice == 3:
            params[name] = draw(values)
        # else: left out
    if draw(st.booleans()):
        params["prompt"] = draw(odd_strings)
    params.update(draw(st.dictionaries(st.text(max_size=10), values, max_size=3)))
    return params


set_health_params = st.one_of(
    values,
    st.fixed_dictionaries(
        {
            "model": st.one_of(st.sampled_from(MODEL_IDS), values),
            "healthy": st.one_of(st.booleans(), values),
        },
        optional={"reason": values, "extra": values},
    ),
)
catalog_params = st.one_of(st.none(), values)
feedback_params = st.one_of(
    values,
    st.fixed_dictionaries(
        {
            "conversationId": st.one_of(odd_strings, values),
            "model": st.one_of(st.sampled_from(MODEL_IDS), values),
            "outcome": st.one_of(
                st.sampled_from(["answered", "helpful", "unhelpful", "error", "empty", "cutoff"]),
                values,
            ),
        },
        optional={"detail": values, "extra": values},
    ),
)
