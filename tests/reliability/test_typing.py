"""Typing in a large profiles.yaml never holds a route back: diagnostics are debounced and
parsed off the event loop."""

from __future__ import annotations

from pathlib import Path

import pytest

from reliability.conftest import Spawn

pytestmark = pytest.mark.e2e

MODEL = """\
  - id: m{i}
    name: Model {i}
    vendor: test
    family: m{i}
    capabilities: {{reasoning: 0.5, code_generation: 0.5, debugging: 0.5, tool_use: 0.5}}
    price: {{input: 1.0, output: 2.0}}
    context_window: 100000
    reliability: 0.7
"""


def large_catalog(bundled: str, size: int = 240_000) -> str:
    """The bundled catalog grown with models to just under the size limit (256 KiB); each
    carries a reliability, as the bundled models do (a catalog sets it on all or none)."""
    parts = [bundled]
    i = 0
    while sum(map(len, parts)) < size:
        parts.append(MODEL.format(i=i))
        i += 1
    return "".join(parts)


def test_a_route_during_diagnostics_is_answered_first(
    spawn: Spawn, tmp_path: Path, bundled_profiles: Path
) -> None:
    server = spawn("--log-level", "debug")
    assert "result" in server.initialize()
    uri = (tmp_path / "profiles.yaml").as_uri()
    text = large_catalog(bundled_profiles.read_text(encoding="utf-8"))
    server.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}},
    )
    changes = 6
    for version in range(2, changes + 2):  # keystrokes, each a whole new text
        server.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"text": text + f"# edit {version}\n"}],
            },
        )
    answer = server.call("hydra/route", {"prompt": "write a function"}, timeout=15)
    assert "result" in answer, answer

    def published() -> list[dict]:
        return [
            n["params"]
            for n in server.notifications
            if n["method"] == "textDocument/publishDiagnostics" and n["params"]["uri"] == uri
        ]

    # The reader handles messages in order: diagnostics written before the route's reply
    # would already be here.
    assert published() == []
    last = server.wait_notification("textDocument/publishDiagnostics", timeout=30)
    assert last["uri"] == uri and last["version"] == changes + 1 and last["diagnostics"] == []
    assert [p["version"] for p in published()] == [changes + 1]
    assert server.shutdown() == 0
    log = (tmp_path / "server.log").read_text(encoding="utf-8", errors="replace")
    parses = log.count(f"validated {uri}")
    assert 1 <= parses <= 2, parses  # open + 6 changes coalesced
