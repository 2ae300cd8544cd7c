"""Load: many routes in flight over stdio and over TCP, none lost, none doubled, each answer
matched to its own request; a catalog rewritten every 50 ms never shows half-swapped."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from reliability.conftest import Spawn
from reliability.strategies import MODEL_IDS
from reliability.wire import StrictPeer

pytestmark = pytest.mark.e2e

STDIO_ROUTES = 2_000
TCP_CLIENTS = 8
ROUTES_PER_CLIENT = 250
#: Prompts whose scores differ (the tiny model's trigger words), so a misrouted answer shows.
PROMPTS = ("write a function", "fix this bug", "prove why", "call the search api", "hello")


def request_for(i: int) -> dict[str, Any]:
    """Request number i: a prompt from PROMPTS and, every other time, a pinned model."""
    params: dict[str, Any] = {"prompt": PROMPTS[i % len(PROMPTS)]}
    if i % 2:
        params["pin"] = MODEL_IDS[(i // 2) % len(MODEL_IDS)]
    return params


def reference_scores(peer: StrictPeer) -> dict[str, dict[str, float]]:
    return {p: peer.result("hydra/route", {"prompt": p})["scores"] for p in PROMPTS}


def pipeline(peer: StrictPeer, numbers: range) -> dict[int, dict[str, Any]]:
    """Send every request before reading any answer; answers by request number."""
    sent = {peer.send("hydra/route", request_for(i)): i for i in numbers}
    return {i: peer.response(request_id, timeout=120) for request_id, i in sent.items()}


def assert_matched(
    answers: dict[int, dict[str, Any]], reference: dict[str, dict[str, float]]
) -> None:
    for i, message in answers.items():
        assert "result" in message, (i, message)
        result, params = message["result"], request_for(i)
        assert result["scores"] == reference[params["prompt"]], (i, result["scores"])
        if "pin" in params:
            assert result["model"] == params["pin"] and result["method"] == "pinned", (i, result)


def test_stdio_pipelined_routes(server: StrictPeer) -> None:
    reference = reference_scores(server)
    answers = pipeline(server, range(STDIO_ROUTES))
    assert len(answers) == STDIO_ROUTES
    assert_matched(answers, reference)
    assert server.duplicates == [] and server.violations == []
    assert server.shutdown() == 0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_concurrent_tcp_clients(spawn: Spawn) -> None:
    port = free_port()
    owner = spawn("--tcp", f"127.0.0.1:{port}")
    first = StrictPeer.connect("127.0.0.1", port)
    assert "result" in first.initialize()
    reference = reference_scores(first)
    results: dict[int, dict[int, dict[str, Any]]] = {}
    failures: list[BaseException] = []
    clients: list[StrictPeer] = []
    start = threading.Barrier(TCP_CLIENTS)

    def client(n: int) -> None:
        try:
            peer = StrictPeer.connect("127.0.0.1", port)
            clients.append(peer)
            assert "result" in peer.initialize()
            start.wait(timeout=60)
            numbers = range(n * ROUTES_PER_CLIENT, (n + 1) * ROUTES_PER_CLIENT)
            results[n] = pipeline(peer, numbers)
        except BaseException as exc:  # reported below, with the others
            failures.append(exc)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(TCP_CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    try:
        assert failures == []
        assert sorted(results) == list(range(TCP_CLIENTS))
        for n, answers in results.items():
            assert len(answers) == ROUTES_PER_CLIENT, n
            assert_matched(answers, reference)
        for peer in [first, *clients]:
            assert peer.duplicates == [] and peer.violations == []
        # A client hanging up does not stop the server for the others.
        clients[0].close()
        assert "result" in first.call("hydra/route", {"prompt": "write a function"})
        assert owner.process is not None and owner.process.poll() is None
    finally:
        for peer in [first, *clients]:
            peer.close()


# ---- catalog edits during load ------------------------------------------------------------


def variant(base: dict[str, Any], k: int) -> str:
    """The catalog with every input price raised by k/1000 and iso τ by k/100000."""
    data = yaml.safe_load(yaml.safe_dump(base))
    for model in data["models"]:
        model["price"]["input"] = round(model["price"]["input"] + k / 1000, 6)
    data["defaults"]["tau"]["iso"] = round(data["defaults"]["tau"]["iso"] + k / 100_000, 8)
    return yaml.safe_dump(data, sort_keys=False)


def variant_of(result: dict[str, Any], base: dict[str, Any]) -> set[int]:
    """Which variant(s) an answer's candidate prices and τ come from; one if consistent."""
    prices = {m["id"]: m["price"]["input"] for m in base["models"]}
    found = {round((c["price"]["input"] - prices[c["model"]]) * 1000) for c in result["candidates"]}
    found.add(round((result["tau"] - base["defaults"]["tau"]["iso"]) * 100_000))
    return found


@pytest.fixture
def editor(catalog_copy: Path) -> Iterator[threading.Event]:
    """Rewrites the catalog (atomic rename, as editors save) every 50 ms until set."""
    base = yaml.safe_load(catalog_copy.read_text(encoding="utf-8"))
    stop = threading.Event()

    def edit() -> None:
        k = 0
        while not stop.is_set():
            k = k % 999 + 1
            temporary = catalog_copy.with_name(f".profiles.{k}.tmp")
            temporary.write_text(variant(base, k), encoding="utf-8")
            os.replace(temporary, catalog_copy)
            time.sleep(0.05)

    thread = threading.Thread(target=edit, daemon=True)
    thread.start()
    yield stop
    stop.set()
    thread.join(timeout=10)


def test_catalog_edits_during_load_never_mix(
    spawn: Spawn, catalog_copy: Path, editor: threading.Event
) -> None:
    base = yaml.safe_load(catalog_copy.read_text(encoding="utf-8"))
    peer = spawn("--profiles", str(catalog_copy))
    assert "result" in peer.initialize()
    version_variant: dict[int, int] = {}
    seen_versions: set[int] = set()
    deadline = time.monotonic() + 8
    while time.monotonic() < deadline:
        answers = pipeline(peer, range(100))
        for i, message in answers.items():
            result = message["result"]
            found = variant_of(result, base)
            assert len(found) == 1, (i, result["catalogVersion"], found)
            k = found.pop()
            previous = version_variant.setdefault(result["catalogVersion"], k)
            assert previous == k, ("one version, two catalogs", result["catalogVersion"])
            seen_versions.add(result["catalogVersion"])
    editor.set()
    assert len(seen_versions) >= 3, "the catalog must really have changed during the load"
    assert peer.violations == [] and peer.duplicates == []
    changed = [n["params"] for n in peer.notifications if n["method"] == "hydra/catalogChanged"]
    assert changed and all(c["errors"] == [] for c in changed), [c for c in changed if c["errors"]]
