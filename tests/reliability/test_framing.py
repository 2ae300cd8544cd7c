"""Malformed framing on stdio: logged, survived where the protocol allows, clean exit on EOF.

Every wait is bounded: a hang fails the test instead of stalling CI.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reliability.conftest import Spawn
from reliability.wire import StrictPeer, encode, frame, free_port

pytestmark = pytest.mark.e2e

ROUTE = {"prompt": "write a function"}

#: Broken input after which the next well-framed message must still be understood.
RECOVERABLE = {
    "invalid-json": frame(b'{"jsonrpc": "2.0", "id": 1, "method": '),
    "not-utf8": frame(b'{"jsonrpc": "2.0", "method": "x", "params": "\xff\xfe"}'),
    "json-array": frame(b"[1, 2, 3]"),
    "json-scalar": frame(b"42"),
    "no-jsonrpc-member": frame(b'{"id": 5, "method": "hydra/route"}'),
    "response-nobody-asked-for": frame(b'{"jsonrpc": "2.0", "id": 777, "result": 1}'),
    "header-without-length": b"X-Nothing: 1\r\n\r\n",
    "non-numeric-length": b"Content-Length: abc\r\n\r\n",
    "blank-lines": b"\r\n\r\n\r\n",
}


def _route_after(peer: StrictPeer, garbage: bytes) -> dict:
    peer.send_bytes(garbage)
    return peer.call("hydra/route", ROUTE, timeout=20)


def test_recovers_after_each_malformed_message(spawn: Spawn, tmp_path: Path) -> None:
    """The breakages back to back, each followed by a real route that must be answered;
    the broken bodies are logged to stderr, never echoed on the JSON-RPC channel."""
    server = spawn()
    assert "result" in server.initialize()
    for name, garbage in RECOVERABLE.items():
        answer = _route_after(server, garbage)
        assert "result" in answer, (name, answer)
        assert server.violations == [], name
    assert server.process is not None and server.process.poll() is None
    assert server.shutdown() == 0
    log = (tmp_path / "server.log").read_text(encoding="utf-8", errors="replace")
    assert "ERROR" in log


@pytest.mark.parametrize(
    "tail",
    [
        b'Content-Length: 100000\r\n\r\n{"jsonrpc"',  # body cut short
        b"Content-Length: 40\r\n",  # headers cut short
        b"Content-Len",  # header line cut short
        b"",  # plain EOF
    ],
    ids=["truncated-body", "truncated-headers", "truncated-line", "eof"],
)
def test_exits_on_eof_without_hanging(spawn: Spawn, tmp_path: Path, tail: bytes) -> None:
    """EOF ends the server promptly; exit code 1 because no `shutdown` came (LSP rule)."""
    peer = spawn()
    assert "result" in peer.initialize()
    assert "result" in peer.call("hydra/route", ROUTE)
    peer.send_bytes(tail)
    assert peer.process is not None and peer.process.stdin is not None
    peer.process.stdin.close()
    assert peer.process.wait(timeout=20) in (0, 1)
    assert peer.violations == []
    log = (tmp_path / "server.log").read_text(encoding="utf-8", errors="replace")
    if not tail:  # a truncated message may be logged with its stack; plain EOF is quiet
        assert "Traceback" not in log, log


def test_huge_declared_length_then_eof_does_not_hang(spawn: Spawn) -> None:
    peer = spawn()
    assert "result" in peer.initialize()
    peer.send_bytes(b"Content-Length: 999999999999\r\n\r\n" + encode(ROUTE))
    assert peer.process is not None and peer.process.stdin is not None
    peer.process.stdin.close()
    assert peer.process.wait(timeout=20) in (0, 1)


@pytest.mark.parametrize("transport", ["stdio", "tcp"])
def test_prompt_bytes_that_are_not_utf8_are_routed(
    spawn: Spawn, tmp_path: Path, transport: str
) -> None:
    """A request whose prompt holds Latin-1 bytes is answered (U+FFFD in their place),
    not dropped unanswered; the log carries no traceback."""
    if transport == "tcp":
        port = free_port()
        spawn("--tcp", f"127.0.0.1:{port}")
        peer = StrictPeer.connect("127.0.0.1", port)
    else:
        peer = spawn()
    assert "result" in peer.initialize()
    request_id = peer.new_id()
    peer.expect(request_id)
    body = b'{"jsonrpc": "2.0", "id": %d, "method": "hydra/route", ' % request_id
    peer.send_bytes(frame(body + b'"params": {"prompt": "caf\xe9: why does it hang?"}}'))
    answer = peer.response(request_id, timeout=20)
    assert "result" in answer and answer["result"]["model"], answer
    assert peer.violations == []
    peer.close()
    log = (tmp_path / "server.log").read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in log
