"""Spawn `hydra-router serve` as a real subprocess and talk JSON-RPC to it over stdio."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from fixtures.jsonrpc import JsonRpcClient

Spawn = Callable[..., JsonRpcClient]


def serve_command(model_dir: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "hydra_router", "serve", "--model", str(model_dir), *extra]


@pytest.fixture
def spawn(tmp_path: Path, tiny_model_dir: Path) -> Iterator[Spawn]:
    """Start a server (tiny model unless `model_dir` is given), initialize it, stop it after."""
    clients: list[JsonRpcClient] = []

    def start(
        *extra: str,
        model_dir: Path | None = None,
        root: Path | None = None,
        initialization_options: dict[str, Any] | None = None,
        cwd: Path | None = None,
        initialize: bool = True,
    ) -> JsonRpcClient:
        log = (tmp_path / f"server-{len(clients)}.log").open("wb")
        client = JsonRpcClient.spawn(
            serve_command(model_dir or tiny_model_dir, *extra),
            cwd=cwd or tmp_path,
            stderr=log,
            env={"PYTHONUNBUFFERED": "1"},
        )
        clients.append(client)
        if initialize:
            client.initialize(root=root, initialization_options=initialization_options)
        return client

    yield start
    for client in clients:
        if client.process is not None and client.process.poll() is None:
            client.shutdown(timeout=5)


@pytest.fixture(scope="module")
def shared(
    tmp_path_factory: pytest.TempPathFactory, tiny_model_dir: Path
) -> Iterator[JsonRpcClient]:
    """One server for tests that leave no state behind (saves a start-up per test)."""
    folder = tmp_path_factory.mktemp("shared-server")
    log = (folder / "server.log").open("wb")
    client = JsonRpcClient.spawn(serve_command(tiny_model_dir), cwd=folder, stderr=log)
    client.initialize()
    yield client
    client.shutdown(timeout=5)
