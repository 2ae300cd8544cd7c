"""Hostile params never kill the router: each request gets a result or −32602 with a message.

One server per module (spawning per example would dominate the time); after
every example a normal route must still work, and the server's stdout must
stay pure JSON-RPC (the strict peer records any violation).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hydra_router.protocol import CatalogResult, RouteResult, SetHealthResult
from reliability import strategies
from reliability.wire import StrictPeer, finite_json, frame, serve_command

pytestmark = pytest.mark.e2e

FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,
    database=None,
)
RESULT_TYPES: dict[str, type[msgspec.Struct]] = {
    "hydra/route": RouteResult,
    "hydra/catalog": CatalogResult,
    "hydra/setHealth": SetHealthResult,
}


@pytest.fixture(scope="module")
def peer(tmp_path_factory: pytest.TempPathFactory, tiny_model_dir: Path) -> Iterator[StrictPeer]:
    log = tmp_path_factory.mktemp("fuzz") / "server.log"
    peer = StrictPeer.spawn(serve_command(tiny_model_dir), log)
    assert "result" in peer.initialize()
    yield peer
    assert peer.shutdown() == 0
    assert peer.violations == []


def assert_answer(method: str, message: dict[str, Any]) -> None:
    """A well-typed, finite result, or −32602 with a message."""
    if "error" in message:
        error = message["error"]
        assert error["code"] == -32602, message
        assert isinstance(error["message"], str) and error["message"].strip(), message
        assert "Traceback" not in error["message"]
        return
    assert finite_json(message["result"]), message
    msgspec.convert(message["result"], RESULT_TYPES[method])


def exchange(peer: StrictPeer, method: str, params: Any) -> None:
    """Send the hostile request, then a normal route; both must be answered properly."""
    hostile = peer.send(method, params)
    normal = peer.send("hydra/route", {"prompt": "write a function"})
    assert_answer(method, peer.response(hostile, timeout=30))
    answer = peer.response(normal, timeout=30)
    assert "result" in answer, answer
    assert peer.violations == []


@FUZZ
@given(params=strategies.route_params())
def test_route_params(peer: StrictPeer, params: Any) -> None:
    exchange(peer, "hydra/route", params)


@settings(FUZZ, max_examples=60)
@given(params=strategies.set_health_params)
def test_set_health_params(peer: StrictPeer, params: Any) -> None:
    exchange(peer, "hydra/setHealth", params)
    # Keep later examples routing normally: make every model healthy again.
    for model in strategies.MODEL_IDS:
        peer.result("hydra/setHealth", {"model": model, "healthy": True})


@settings(FUZZ, max_examples=40)
@given(params=strategies.catalog_params)
def test_catalog_params(peer: StrictPeer, params: Any) -> None:
    exchange(peer, "hydra/catalog", params)


@settings(FUZZ, max_examples=80)
@given(params=strategies.feedback_params)
def test_feedback_params(peer: StrictPeer, params: Any) -> None:
    """A notification has no answer: hostile feedback is dropped and routing goes on."""
    peer.notify("hydra/feedback", params)
    answer = peer.call("hydra/route", {"prompt": "write a function", "conversationId": "c"})
    assert "result" in answer, answer
    assert peer.violations == []


@settings(FUZZ, max_examples=40)
@given(method=st.sampled_from(["hydra/route", "hydra/catalog", "hydra/setHealth"]))
def test_params_left_out(peer: StrictPeer, method: str) -> None:
    request = peer.send(method, omit_params=True)
    assert_answer(method, peer.response(request))


@pytest.mark.parametrize(
    "prompt",
    [
        "x" * 1_000_000,
        "修复这个错误 " * 150_000,
        "\ud800\udc00\udfff lone surrogates \ud83d",
        "".join(map(chr, range(32))),
        " \t\r\n" * 1000,
    ],
    ids=["1MB-ascii", "2MB-cjk", "surrogates", "controls", "whitespace"],
)
def test_extreme_prompts_route(peer: StrictPeer, prompt: str) -> None:
    """Huge, broken or blank-looking prompts are routed: a prompt is text, any text."""
    message = peer.call("hydra/route", {"prompt": prompt}, timeout=60)
    assert "result" in message, message
    assert_answer("hydra/route", message)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf"), 1e400])
def test_non_finite_tau_is_rejected_not_echoed(peer: StrictPeer, value: float) -> None:
    """JSON has no NaN/Infinity: a result echoing one would break the editor's JSON.parse."""
    message = peer.call("hydra/route", {"prompt": "write code", "tau": value})
    assert message.get("error", {}).get("code") == -32602, message
    assert "tau" in message["error"]["message"]


def test_unknown_method_is_method_not_found(peer: StrictPeer) -> None:
    message = peer.call("hydra/doesNotExist", {"prompt": "x"})
    assert message["error"]["code"] == -32601


def test_deeply_nested_params_do_not_kill_the_server(peer: StrictPeer) -> None:
    """Nesting beyond the JSON parser's recursion limit: at worst no answer, never a crash."""
    peer.expect("deep")
    peer.send_bytes(frame(_deep_request(50_000)))
    answer = peer.call("hydra/route", {"prompt": "write a function"})
    assert "result" in answer, answer
    assert peer.process is not None and peer.process.poll() is None


def _deep_request(depth: int) -> bytes:
    return (
        b'{"jsonrpc":"2.0","id":"deep","method":"hydra/route","params":{"prompt":'
        + b"[" * depth
        + b"]" * depth
        + b"}}"
    )
