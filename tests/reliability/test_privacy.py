"""Privacy and exposure: prompts stay out of logs, no network but the requested listener,
loopback by default, an optional shared token, a model folder that is only read."""

from __future__ import annotations

import hashlib
import os
import socket
import subprocess
from pathlib import Path
from typing import Any

import pytest

from reliability.conftest import Spawn
from reliability.wire import StrictPeer, frame, free_port, serve_command

pytestmark = pytest.mark.e2e

SECRET = "pelican-quasar-7731"


def secret_prompts() -> list[dict[str, Any]]:
    """Route params carrying SECRET through every path: valid, rejected, huge, broken."""
    prompt = f"Refactor {SECRET} so the payroll service stops leaking"
    return [
        {"prompt": prompt},
        {"prompt": prompt, "conversationId": "c1"},
        {"prompt": prompt, "conversationId": "c1", "reset": True},
        {"prompt": prompt, "tau": -1},
        {"prompt": prompt, "pin": "no-such-model"},
        {"prompt": prompt, "regime": "turbo"},
        {"prompt": prompt, "exclude": "all"},
        {"prompt": prompt, "contextTokens": 10**9, "hasImages": True},
        {"prompt": prompt + " \ud800"},
        {"prompt": (prompt + " ") * 20_000},
        {"prompt": [prompt]},
        {"prompt": {"text": prompt}},
        {"prompt": prompt, SECRET: SECRET},
    ]


def exercise(peer: StrictPeer) -> None:
    """Send SECRET every way a client might, including ways the server must reject."""
    peer.notify("$/setTrace", {"value": "verbose"})
    for params in secret_prompts():
        peer.call("hydra/route", params)
    peer.call("hydra/setHealth", {"model": "gpt-5.4", "healthy": False, "reason": "ok"})
    peer.call("hydra/setHealth", {"model": "gpt-5.4", "healthy": True})
    peer.notify(
        "hydra/feedback",
        {"conversationId": "c", "model": "gpt-5.4", "outcome": "error", "detail": SECRET},
    )
    peer.notify("hydra/feedback", {"conversationId": SECRET, "model": SECRET, "outcome": SECRET})
    peer.call("hydra/unknownMethod", {"prompt": SECRET})
    peer.send_bytes(
        frame(
            b'{"jsonrpc": "2.0", "id": 9, "method": "hydra/route", "params": {"prompt": "'
            + SECRET.encode()
            + b'"'
        )
    )  # invalid JSON: logged as an error
    assert "result" in peer.call("hydra/route", {"prompt": "write a function"})


def test_prompts_never_logged_by_default(spawn: Spawn, tmp_path: Path) -> None:
    peer = spawn("--log-level", "debug")
    peer.initialize()
    exercise(peer)
    stdout_text = repr(peer.notifications)
    assert peer.shutdown() == 0
    log = (tmp_path / "server.log").read_text(encoding="utf-8", errors="replace")
    assert "route" in log.lower() or "catalog" in log  # the log is not simply empty
    assert SECRET not in log
    assert SECRET not in stdout_text, "notifications (showMessage, logTrace) must not carry prompts"


def test_error_responses_do_not_echo_prompts(server: StrictPeer) -> None:
    for params in secret_prompts():
        message = server.call("hydra/route", params)
        assert SECRET not in repr(message.get("error", {})), message["error"]
        assert SECRET not in repr(message.get("result", {}))


def test_log_prompts_opt_in_does_log_them(spawn: Spawn, tmp_path: Path) -> None:
    """The positive control: with --log-prompts the same grep finds the prompt."""
    peer = spawn("--log-prompts", stderr="opt-in.log")
    peer.initialize()
    assert "result" in peer.call("hydra/route", {"prompt": f"Refactor {SECRET}"})
    assert peer.shutdown() == 0
    assert SECRET in (tmp_path / "opt-in.log").read_text(encoding="utf-8")


# ---- sockets ---------------------------------------------------------------------------


def socket_inodes(pid: int) -> set[str]:
    inodes = set()
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[len("socket:[") : -1])
    return inodes


def inet_sockets(pid: int) -> list[tuple[str, str, str]]:
    """(table, local address, remote address) of each IP socket the process holds."""
    mine = socket_inodes(pid)
    found = []
    for table in ("tcp", "tcp6", "udp", "udp6", "raw", "raw6"):
        try:
            lines = Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if fields[9] in mine:
                found.append((table, _address(fields[1]), _address(fields[2])))
    return found


def unix_socket_paths(pid: int) -> list[str]:
    """Paths of named unix sockets the process holds (socketpairs have none)."""
    mine = socket_inodes(pid)
    paths = []
    for line in Path(f"/proc/{pid}/net/unix").read_text().splitlines()[1:]:
        fields = line.split()
        if len(fields) >= 8 and fields[6] in mine:
            paths.append(fields[7])
    return paths


def _address(hex_address: str) -> str:
    host, port = hex_address.split(":")
    if len(host) == 8:
        ip = socket.inet_ntop(socket.AF_INET, bytes.fromhex(host)[::-1])
    else:
        raw = bytes.fromhex(host)
        ip = socket.inet_ntop(
            socket.AF_INET6, b"".join(raw[i : i + 4][::-1] for i in range(0, 16, 4))
        )
    return f"{ip}:{int(port, 16)}"


def test_stdio_server_opens_no_network_socket(server: StrictPeer) -> None:
    exercise(server)
    assert server.process is not None
    assert inet_sockets(server.process.pid) == []
    assert unix_socket_paths(server.process.pid) == []


def test_tcp_server_holds_only_its_listener(spawn: Spawn) -> None:
    port = free_port()
    owner = spawn("--tcp", f"127.0.0.1:{port}")
    client = StrictPeer.connect("127.0.0.1", port)
    try:
        client.initialize()
        exercise(client)
        assert owner.process is not None
        sockets = inet_sockets(owner.process.pid)
        assert sockets, "the listener itself must show up"
        for table, local, _remote in sockets:
            assert table.startswith("tcp") and local == f"127.0.0.1:{port}", sockets
        assert unix_socket_paths(owner.process.pid) == []
    finally:
        client.close()


def test_tcp_port_alone_binds_loopback(spawn: Spawn) -> None:
    port = free_port()
    owner = spawn("--tcp", str(port))
    client = StrictPeer.connect("127.0.0.1", port)
    try:
        assert "result" in client.initialize()
        assert owner.process is not None
        listeners = [s for s in inet_sockets(owner.process.pid) if s[2].endswith(":0")]
        assert listeners and all(s[1] == f"127.0.0.1:{port}" for s in listeners), listeners
    finally:
        client.close()


def test_non_loopback_bind_needs_explicit_flag(tiny_model_dir: Path) -> None:
    port = free_port()
    done = subprocess.run(
        serve_command(tiny_model_dir, "--tcp", f"0.0.0.0:{port}"),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2, done.stderr
    assert "--allow-remote" in done.stderr


def test_non_loopback_bind_with_flag_warns(spawn: Spawn, tmp_path: Path) -> None:
    port = free_port()
    owner = spawn("--tcp", f"0.0.0.0:{port}", "--allow-remote", stderr="remote.log")
    client = StrictPeer.connect("127.0.0.1", port)
    try:
        assert "result" in client.initialize()
    finally:
        client.close()
    owner.close()
    log = (tmp_path / "remote.log").read_text(encoding="utf-8")
    assert "WARNING" in log and "0.0.0.0" in log


# ---- shared token ------------------------------------------------------------------------


def test_token_file_is_checked_on_initialize(spawn: Spawn, tmp_path: Path) -> None:
    token_file = tmp_path / "token"
    token_file.write_text("s3cr3t-token\n", encoding="utf-8")
    port = free_port()
    spawn("--tcp", f"127.0.0.1:{port}", "--token-file", str(token_file), stderr="token.log")

    for options in (None, {"token": "wrong"}, {"token": ""}, {"token": 5}):
        intruder = StrictPeer.connect("127.0.0.1", port)
        try:
            params: dict[str, Any] = {"processId": None, "rootUri": None, "capabilities": {}}
            if options is not None:
                params["initializationOptions"] = options
            answer = intruder.call("initialize", params)
            assert "error" in answer, (options, answer)
            assert "token" in answer["error"]["message"]
            # Nothing else is served on that connection.
            try:
                refused = intruder.call("hydra/route", {"prompt": "write code"}, timeout=10)
                assert "error" in refused, refused
            except (TimeoutError, OSError):
                pass  # the server closed the connection: also refused
        finally:
            intruder.close()

    friend = StrictPeer.connect("127.0.0.1", port)
    try:
        params = {"processId": None, "rootUri": None, "capabilities": {},
                  "initializationOptions": {"token": "s3cr3t-token"}}  # fmt: skip
        assert "result" in friend.call("initialize", params)
        assert "result" in friend.call("hydra/route", {"prompt": "write code"})
    finally:
        friend.close()
    assert "s3cr3t-token" not in (tmp_path / "token.log").read_text(encoding="utf-8")


def test_unreadable_token_file_fails_start(tiny_model_dir: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        serve_command(tiny_model_dir, "--tcp", "127.0.0.1:1", "--token-file", str(tmp_path / "no")),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and "--token-file" in done.stderr, done.stderr


# ---- the model folder is only read -----------------------------------------------------


def fingerprint(folder: Path) -> dict[str, tuple[str, float]]:
    return {
        str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_model_folder_is_never_written(spawn: Spawn, tiny_model_dir: Path, tmp_path: Path) -> None:
    model = tmp_path / "model"
    model.mkdir()
    for item in tiny_model_dir.iterdir():
        (model / item.name).write_bytes(item.read_bytes())
    before = fingerprint(model)
    folder_mtime = model.stat().st_mtime
    peer = spawn(model=model)
    peer.initialize()
    exercise(peer)
    assert peer.shutdown() == 0
    assert fingerprint(model) == before
    assert model.stat().st_mtime == folder_mtime, "no file was created or removed there"
