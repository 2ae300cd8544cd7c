"""`hydra-router serve` as a subprocess, driven over real JSON-RPC on stdio.

Uses the tiny fixture model (trigger words steer the heads), so decisions are
predictable: plain text → all requirements 0; "prove prove …" → high reasoning.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from fixtures.catalog_files import atomic_save, save_until_changed
from fixtures.jsonrpc import JsonRpcError

pytestmark = pytest.mark.e2e

HIGH_REASONING = "prove " * 12
LANGUAGES = {
    "en": "Please explain what this function does.",
    "zh": "请解释这个函数的作用。",
    "ja": "この関数が何をするのか説明してください。",
    "ko": "이 함수가 무엇을 하는지 설명해 주세요.",
    "de": "Bitte erkläre, was diese Funktion macht.",
}


def test_routes_in_several_languages(shared) -> None:
    client = shared
    for lang, prompt in LANGUAGES.items():
        result = client.request("hydra/route", {"prompt": prompt})
        assert result["method"] == "hydra", lang
        assert {c["model"] for c in result["candidates"]} >= {"gpt-5.4-mini", "gpt-5.4"}
        assert all(0.0 <= v <= 1.0 for v in result["scores"].values())
        assert set(result["scores"]) == {"reasoning", "codeGeneration", "debugging", "toolUse"}
        assert result["fallbackReason"] is None and result["latencyMs"] >= 0


def test_huge_prompt_is_truncated_not_rejected(shared) -> None:
    prompt = "hello " * 200_000 + "fix bug error traceback " * 20
    result = shared.request("hydra/route", {"prompt": prompt})
    assert result["scores"]["debugging"] > result["scores"]["reasoning"]  # the tail was kept


def test_bad_params_name_the_field_and_the_server_lives_on(shared) -> None:
    client = shared
    cases = {
        "prompt": {},
        "tau": {"prompt": "x", "tau": -0.5},
        "regime": {"prompt": "x", "regime": "cheapest"},
        "contextTokens": {"prompt": "x", "contextTokens": -1},
        "exclude": {"prompt": "x", "exclude": "gpt-5.4"},
        "pin": {"prompt": "x", "pin": "gpt-9"},
    }
    for field, params in cases.items():
        with pytest.raises(JsonRpcError) as info:
            client.request("hydra/route", params)
        assert info.value.code == -32602
        assert f"`{field}`" in info.value.message, info.value.message
    with pytest.raises(JsonRpcError) as info:
        client.request("hydra/route", ["positional"])
    assert info.value.code == -32602
    with pytest.raises(JsonRpcError) as info:
        client.request("hydra/setHealth", {"model": "gpt-9", "healthy": False})
    assert info.value.code == -32602 and "`model`" in info.value.message
    assert client.request("hydra/route", {"prompt": "still alive"})["model"]


def test_unknown_method_and_missing_params(shared) -> None:
    client = shared
    with pytest.raises(JsonRpcError) as info:
        client.request("hydra/teleport", {})
    assert info.value.code == -32601
    # JSON-RPC allows a request without `params`; the server must still answer it.
    client.send_raw(b'{"jsonrpc": "2.0", "id": 999, "method": "hydra/catalog"}')
    assert client.request("hydra/catalog")["version"] >= 1


def test_a_fresh_server_reports_catalog_version_1(spawn, profiles_copy: Path) -> None:
    """As `hydra-router route` does: the first catalog a client gets is version 1."""
    for options in (None, {"profilesPath": str(profiles_copy)}):
        client = spawn(initialization_options=options)
        assert client.request("hydra/catalog")["version"] == 1
        assert client.request("hydra/route", {"prompt": "hello"})["catalogVersion"] == 1


def test_pinned_and_health(spawn, bundled_profiles: Path) -> None:
    from hydra_router.profiles import load_catalog

    bundled = load_catalog(bundled_profiles)
    client = spawn()
    pinned = client.request("hydra/route", {"prompt": "hello", "pin": "claude-sonnet-4-6"})
    assert (pinned["model"], pinned["method"]) == ("claude-sonnet-4-6", "pinned")
    answer = client.request(
        "hydra/setHealth", {"model": "gpt-5.4-mini", "healthy": False, "reason": "429"}
    )
    assert answer == {"model": "gpt-5.4-mini", "healthy": False}
    routed = client.request("hydra/route", {"prompt": "hello"})
    assert routed["model"] == "claude-haiku-4-5"
    mini = next(c for c in routed["candidates"] if c["model"] == "gpt-5.4-mini")
    assert not mini["eligible"] and "unhealthy" in mini["reason"]
    catalog = client.request("hydra/catalog")
    assert not next(m for m in catalog["models"] if m["id"] == "gpt-5.4-mini")["healthy"]
    client.request("hydra/setHealth", {"model": "gpt-5.4-mini", "healthy": True})
    back = client.request("hydra/route", {"prompt": "hello"})
    assert back["model"] == "gpt-5.4-mini"
    # Decided on predicted pass (δ, not τ): on a request without need every model gains
    # the catalog's ease in logit, so the cheapest is within δ of the best.
    assert back["delta"] == bundled.defaults.delta.iso and bundled.ease > 0
    passes = {c["model"]: c["predictedPass"] for c in back["candidates"]}
    assert all(passes[m.id] > (m.reliability or 1.0) for m in bundled.models)
    assert 0 < max(passes.values()) - passes["gpt-5.4-mini"] <= back["delta"]


def test_sticky_escalation_and_reset(spawn) -> None:
    client = spawn()

    def turn(prompt: str, **extra: object) -> dict:
        params = {"prompt": prompt, "conversationId": "chat-1", "tau": 0.0, **extra}
        return client.request("hydra/route", params)

    first = turn("hello")
    assert (first["model"], first["method"]) == ("gpt-5.4-mini", "hydra")
    assert turn("hello again")["method"] == "sticky"
    up = turn(HIGH_REASONING)
    assert up["method"] == "escalated" and up["model"] == "gpt-5.4"
    down = turn("hello")
    assert (down["model"], down["method"]) == ("gpt-5.4", "sticky")
    fresh = turn("hello", reset=True)
    assert (fresh["model"], fresh["method"]) == ("gpt-5.4-mini", "hydra")
    other = client.request("hydra/route", {"prompt": "hello", "conversationId": "chat-2"})
    assert other["method"] == "hydra"


def test_no_eligible_model_falls_back(shared) -> None:
    client = shared
    result = client.request("hydra/route", {"prompt": "hi", "contextTokens": 50_000_000})
    assert result["method"] == "fallback" and result["model"] == "gpt-5.4"
    assert "fallback" in result["fallbackReason"]


def test_hot_reload_by_atomic_rename(spawn, profiles_copy: Path) -> None:
    client = spawn("--profiles", str(profiles_copy))
    before = client.request("hydra/catalog")
    assert (before["origin"], before["source"]) == ("cli", str(profiles_copy))
    text = profiles_copy.read_text()
    disabled = text.replace("enabled: true", "enabled: false", 1)  # gpt-5.4-mini off
    changed = save_until_changed(
        client, profiles_copy, disabled, lambda p: p["version"] > before["version"]
    )
    assert changed["errors"] == [] and changed["source"] == str(profiles_copy)
    after = client.request("hydra/catalog")
    assert after["version"] == changed["version"]
    result = client.request("hydra/route", {"prompt": "hello"})
    assert result["model"] == "claude-haiku-4-5"
    assert result["catalogVersion"] == changed["version"]


def test_invalid_edit_keeps_the_last_good_catalog(spawn, profiles_copy: Path) -> None:
    client = spawn("--profiles", str(profiles_copy))
    version = client.request("hydra/catalog")["version"]
    broken = profiles_copy.read_text().replace("reasoning: 0.72", "reasoning: high")
    changed = save_until_changed(client, profiles_copy, broken, lambda p: bool(p["errors"]))
    assert changed["version"] == version
    (error,) = changed["errors"]
    assert error["key"] == "models[0].capabilities.reasoning" and error["line"] > 1
    diagnostics = client.wait_notification(
        "textDocument/publishDiagnostics",
        where=lambda p: p["uri"] == profiles_copy.as_uri() and p["diagnostics"],
    )
    assert diagnostics["diagnostics"][0]["range"]["start"]["line"] == error["line"] - 1
    catalog = client.request("hydra/catalog")
    assert catalog["version"] == version and catalog["errors"]
    assert client.request("hydra/route", {"prompt": "hello"})["model"] == "gpt-5.4-mini"
    fixed = save_until_changed(
        client,
        profiles_copy,
        broken.replace("reasoning: high", "reasoning: 0.7"),
        lambda p: not p["errors"],
    )
    assert fixed["version"] == version + 1


def test_diagnostics_follow_the_open_document(spawn, tmp_path: Path) -> None:
    client = spawn()
    uri = (tmp_path / "profiles.yaml").as_uri()
    bad = "defaults:\n  tau: {peak: 0, iso: 0, aggressive: 0}\nfallback: x\nmodels: []\n"
    client.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": bad}},
    )
    published = client.wait_notification(
        "textDocument/publishDiagnostics", where=lambda p: p["uri"] == uri
    )
    (diagnostic,) = published["diagnostics"]
    assert diagnostic["range"]["start"]["line"] == 3 and diagnostic["source"] == "hydra-router"
    good = (Path(__file__).resolve().parents[2] / "profiles" / "profiles.yaml").read_text()
    mark = client.notification_count
    client.notify(
        "textDocument/didChange",
        {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": good}]},
    )
    cleared = client.wait_notification(
        "textDocument/publishDiagnostics", where=lambda p: p["uri"] == uri, after=mark
    )
    assert cleared["diagnostics"] == []
    # Other YAML files are not catalogs.
    other = (tmp_path / "docker-compose.yaml").as_uri()
    client.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": other, "languageId": "yaml", "version": 1, "text": "x: ["}},
    )
    client.request("hydra/catalog")
    assert all(p["uri"] != other for p in client.notifications("textDocument/publishDiagnostics"))


def test_catalog_source_precedence(spawn, tmp_path: Path, profiles_copy: Path) -> None:
    workspace = tmp_path / "ws"
    workspace.mkdir()
    (workspace / "profiles.yaml").write_text(profiles_copy.read_text())
    from_workspace = spawn(root=workspace).request("hydra/catalog")
    assert from_workspace["origin"] == "workspace"
    assert from_workspace["source"] == str(workspace / "profiles.yaml")

    from_options = spawn(
        root=workspace, initialization_options={"profilesPath": str(profiles_copy)}
    ).request("hydra/catalog")
    assert (from_options["origin"], from_options["source"]) == (
        "initializationOptions",
        str(profiles_copy),
    )
    from_cli = spawn(
        "--profiles",
        str(profiles_copy),
        root=workspace,
        initialization_options={"profilesPath": str(workspace / "profiles.yaml")},
    ).request("hydra/catalog")
    assert (from_cli["origin"], from_cli["source"]) == ("cli", str(profiles_copy))

    bundled = spawn(root=tmp_path / "empty").request("hydra/catalog")
    assert bundled["origin"] == "bundled" and bundled["errors"] == []


def test_broken_workspace_catalog_serves_bundled_with_errors(spawn, tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    workspace.mkdir()
    (workspace / "profiles.yaml").write_text("models: [\n")
    client = spawn(root=workspace)
    catalog = client.request("hydra/catalog")
    assert catalog["origin"] == "bundled" and catalog["errors"]
    assert catalog["errors"][0]["path"] == str(workspace / "profiles.yaml")
    assert client.request("hydra/route", {"prompt": "hello"})["model"] == "gpt-5.4-mini"


def test_two_hundred_concurrent_routes_none_lost(shared) -> None:
    client = shared
    prompts = [HIGH_REASONING if i % 3 == 0 else f"hello {i}" for i in range(200)]
    futures = [
        client.request_async("hydra/route", {"prompt": p, "conversationId": f"c{i}", "tau": 0.0})
        for i, p in enumerate(prompts)
    ]
    results = [f.result(timeout=60) for f in futures]
    assert len(results) == 200
    for prompt, result in zip(prompts, results, strict=True):
        expected = "gpt-5.4" if prompt == HIGH_REASONING else "gpt-5.4-mini"
        assert result["model"] == expected


def test_clean_shutdown_and_exit(spawn) -> None:
    client = spawn()
    client.request("hydra/route", {"prompt": "hello"})
    assert client.shutdown(timeout=10) == 0


def test_exit_without_shutdown_is_an_error_exit(spawn) -> None:
    client = spawn()
    client.notify("exit")
    assert client.wait(timeout=10) == 1


def test_tcp_transport(spawn, tiny_model_dir: Path) -> None:
    import socket
    import subprocess
    import sys

    from fixtures.jsonrpc import JsonRpcClient

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "hydra_router", "serve", "--model", str(tiny_model_dir),
         "--tcp", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        client = JsonRpcClient.connect("127.0.0.1", port, timeout=30)
        client.initialize()
        assert client.request("hydra/route", {"prompt": "hello"})["model"] == "gpt-5.4-mini"
        client.request("shutdown")
        client.notify("exit")
        assert process.wait(timeout=10) in (0, 1)
        client.close()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_prompts_are_not_logged_unless_asked(spawn, tmp_path: Path) -> None:
    secret = "my secret prompt 7d1f"
    quiet = spawn("--log-level", "debug")
    quiet.request("hydra/route", {"prompt": secret})
    quiet.shutdown()
    loud = spawn("--log-prompts")
    loud.request("hydra/route", {"prompt": secret})
    loud.shutdown()
    logs = sorted(tmp_path.glob("server-*.log"))
    assert secret not in logs[0].read_text()
    assert secret in logs[1].read_text()


def test_atomic_save_helper_replaces_content(tmp_path: Path) -> None:
    target = tmp_path / "profiles.yaml"
    target.write_text("a")
    atomic_save(target, "b")
    assert target.read_text() == "b" and len(list(tmp_path.iterdir())) == 1
