"""Fixtures for the reliability layer: real `hydra-router serve` processes on a tiny model."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from reliability.wire import StrictPeer, serve_command

Spawn = Callable[..., StrictPeer]


@pytest.fixture
def catalog_copy(profiles_copy: Path) -> Path:
    """A private copy of the bundled catalog that a test may edit, delete or break."""
    return profiles_copy


@pytest.fixture
def spawn(tmp_path: Path, tiny_model_dir: Path) -> Iterator[Spawn]:
    """Start servers on the tiny model: `spawn(*args, stderr=name)`; all killed at the end."""
    peers: list[StrictPeer] = []

    def start(*extra: str, stderr: str = "server.log", model: Path | None = None) -> StrictPeer:
        peer = StrictPeer.spawn(serve_command(model or tiny_model_dir, *extra), tmp_path / stderr)
        peers.append(peer)
        return peer

    yield start
    for peer in peers:
        peer.close()


@pytest.fixture
def server(spawn: Spawn) -> StrictPeer:
    """An initialized stdio server on the bundled catalog."""
    peer = spawn()
    response = peer.initialize()
    assert "result" in response, response
    return peer
