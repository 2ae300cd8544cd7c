"""Two editors on one TCP sidecar: each keeps its own catalog, regime, prompt logging and
catalog watcher; they share only the warm predictor."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from fixtures.catalog_files import atomic_save
from reliability.conftest import Spawn
from reliability.wire import INITIALIZE_PARAMS, StrictPeer, free_port

pytestmark = pytest.mark.e2e

OTHER_CATALOG = """\
format: 1
defaults: {regime: peak, tau: {peak: 0.02, iso: 0.06, aggressive: 0.15}}
fallback: only-b
models:
  - {id: only-b, name: Only B, vendor: test, family: only-b, price: {input: 1, output: 2},
     capabilities: {reasoning: 0.5, code_generation: 0.5, debugging: 0.5, tool_use: 0.5},
     context_window: 100000}
"""


def _initialize(peer: StrictPeer, options: dict[str, Any]) -> None:
    assert "result" in peer.initialize({**INITIALIZE_PARAMS, "initializationOptions": options})


def test_clients_keep_their_own_catalog_regime_and_prompt_logging(
    spawn: Spawn, catalog_copy: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other" / "profiles.yaml"
    other.parent.mkdir()
    other.write_text(OTHER_CATALOG, encoding="utf-8")
    port = free_port()
    spawn("--tcp", f"127.0.0.1:{port}", stderr="tcp.log")
    first = StrictPeer.connect("127.0.0.1", port)
    second = StrictPeer.connect("127.0.0.1", port)
    try:
        _initialize(first, {"profilesPath": str(catalog_copy)})
        _initialize(
            second, {"profilesPath": str(other), "regime": "aggressive", "logPrompts": True}
        )

        routed = first.result("hydra/route", {"prompt": "first-client-secret why"})
        bundled_ids = {c["model"] for c in routed["candidates"]}
        assert "only-b" not in bundled_ids and routed["model"] in bundled_ids
        assert routed["regime"] == "iso" and routed["catalogVersion"] == 1
        catalog = first.result("hydra/catalog")
        assert (catalog["source"], catalog["regime"], catalog["version"]) == (
            str(catalog_copy),
            "iso",
            1,
        )

        other_routed = second.result("hydra/route", {"prompt": "second-client-text why"})
        assert (other_routed["model"], other_routed["regime"]) == ("only-b", "aggressive")

        # A save of the second client's catalog reloads it for that client alone.
        for attempt in range(5):  # the watcher starts after `initialized`: retry a save
            atomic_save(other, OTHER_CATALOG + f"# save {attempt}\n")
            try:
                changed = second.wait_notification("hydra/catalogChanged", timeout=3)
                break
            except TimeoutError:
                continue
        else:
            raise AssertionError("the second client's catalog save was never announced")
        assert changed["source"] == str(other) and changed["version"] == 2
        assert first.result("hydra/catalog")["version"] == 1  # answered after any broadcast
        assert [n for n in first.notifications if n["method"] == "hydra/catalogChanged"] == []
        assert first.violations == [] and second.violations == []
    finally:
        first.close()
        second.close()
    log = (tmp_path / "tcp.log").read_text(encoding="utf-8", errors="replace")
    assert "second-client-text" in log  # the second client asked for prompt logging
    assert "first-client-secret" not in log
