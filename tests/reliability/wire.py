"""A strict JSON-RPC peer for the reliability tests: every byte the server writes is checked.

Unlike `fixtures.jsonrpc.JsonRpcClient` (a friendly client), this peer sends
arbitrary bytes, keeps each response whole (result or error) and records any
protocol violation on the server's output: a line that is not a header, a body
that is not a JSON-RPC 2.0 object, non-standard JSON (NaN, Infinity), a response
to an id that was never sent or answered twice. Tests assert `violations == []`.
"""

from __future__ import annotations

import json
import math
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from fixtures.jsonrpc import (
    close_connection,
    frame,
    open_socket,
    read_frame,
    wait_and_close,
)

INITIALIZE_PARAMS: dict[str, Any] = {"processId": None, "rootUri": None, "capabilities": {}}


def encode(message: Any) -> bytes:
    """JSON as a client would send it; lone surrogates become \\ud800 escapes."""
    return json.dumps(message, ensure_ascii=True, allow_nan=True).encode("ascii")


def serve_command(model_dir: Path, *extra: str) -> list[str]:
    """`python -m hydra_router serve --model DIR ...`."""
    return [sys.executable, "-m", "hydra_router", "serve", "--model", str(model_dir), *extra]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _reject_constant(name: str) -> Any:
    raise ValueError(f"non-standard JSON constant {name} on the wire")


class StrictPeer:
    """One framed byte stream to a server; responses by id, notifications, violations."""

    def __init__(
        self,
        reader: IO[bytes],
        writer: IO[bytes],
        process: subprocess.Popen[bytes] | None = None,
        sock: socket.socket | None = None,
    ):
        self._reader = reader
        self._writer = writer
        self.process = process
        self._socket = sock
        self._next_id = 1
        self._id_lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._sent_ids: set[Any] = set()
        self._responses: dict[Any, dict[str, Any]] = {}
        self._arrived = threading.Condition()
        self.notifications: list[dict[str, Any]] = []
        self.violations: list[str] = []
        self.duplicates: list[Any] = []
        self.eof = threading.Event()
        self._thread = threading.Thread(target=self._read_loop, daemon=True)
        self._thread.start()

    # ---- construction ---------------------------------------------------------------

    @classmethod
    def spawn(
        cls, command: Sequence[str], stderr_path: Path, env: dict[str, str] | None = None
    ) -> StrictPeer:
        """Start the server as a child process; its stderr goes to `stderr_path`."""
        with open(stderr_path, "wb") as stderr:
            process = subprocess.Popen(
                list(command),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=stderr,
                env={**os.environ, **(env or {})},
                start_new_session=True,
            )
        assert process.stdin is not None and process.stdout is not None
        return cls(process.stdout, process.stdin, process=process)

    @classmethod
    def connect(cls, host: str, port: int, timeout: float = 20.0) -> StrictPeer:
        """Connect over TCP, retrying until the server listens or `timeout` passes."""
        sock, stream = open_socket(host, port, timeout)
        return cls(stream, stream, sock=sock)

    # ---- sending --------------------------------------------------------------------

    def new_id(self) -> int:
        with self._id_lock:
            value = self._next_id
            self._next_id += 1
            return value

    def send_bytes(self, data: bytes) -> None:
        """Write raw bytes (framing included or not) as they are."""
        with self._write_lock:
            self._writer.write(data)
            self._writer.flush()

    def send(self, method: str, params: Any = None, *, omit_params: bool = False) -> int:
        """Send a request; returns its id."""
        request_id = self.new_id()
        message: dict[str, Any] = {"jsonrpc": "2.0", "id": request_id, "method": method}
        if not omit_params:
            message["params"] = params
        with self._id_lock:
            self._sent_ids.add(request_id)
        self.send_bytes(frame(encode(message)))
        return request_id

    def expect(self, request_id: Any) -> None:
        """Mark an id sent by `send_bytes` as awaiting its response."""
        with self._id_lock:
            self._sent_ids.add(request_id)

    def notify(self, method: str, params: Any = None) -> None:
        self.send_bytes(frame(encode({"jsonrpc": "2.0", "method": method, "params": params})))

    def response(self, request_id: Any, timeout: float = 30.0) -> dict[str, Any]:
        """The whole response message for `request_id`; TimeoutError if none comes."""
        deadline = time.monotonic() + timeout
        with self._arrived:
            while request_id not in self._responses:
                left = deadline - time.monotonic()
                if left <= 0 or self.eof.is_set():
                    raise TimeoutError(f"no response to request {request_id} within {timeout} s")
                self._arrived.wait(min(left, 0.5))
            return self._responses.pop(request_id)

    def call(self, method: str, params: Any = None, timeout: float = 30.0) -> dict[str, Any]:
        """Send a request and wait for its whole response."""
        return self.response(self.send(method, params), timeout)

    def result(self, method: str, params: Any = None, timeout: float = 30.0) -> Any:
        """Send a request and return its result; AssertionError on an error response."""
        message = self.call(method, params, timeout)
        assert "error" not in message, message
        return message["result"]

    def initialize(self, params: dict[str, Any] | None = None, timeout: float = 60.0) -> Any:
        """`initialize` + `initialized`; returns the whole initialize response."""
        message = self.call("initialize", params or INITIALIZE_PARAMS, timeout)
        self.notify("initialized", {})
        return message

    def shutdown(self, timeout: float = 20.0) -> int | None:
        """`shutdown` + `exit`; the process's exit code (None over TCP)."""
        try:
            self.call("shutdown", None, timeout=timeout)
            self.notify("exit", None)
        except (OSError, TimeoutError):
            pass
        return self.wait(timeout)

    def wait(self, timeout: float = 20.0) -> int | None:
        return wait_and_close(self.process, timeout, self.close)

    def close(self) -> None:
        """Close the streams; kill a child that is still running."""
        close_connection(self.process, (self._writer, self._reader), self._socket)

    def wait_notification(self, method: str, timeout: float = 10.0, after: int = 0) -> Any:
        deadline = time.monotonic() + timeout
        with self._arrived:
            while True:
                for message in self.notifications[after:]:
                    if message.get("method") == method:
                        return message.get("params")
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"no {method} within {timeout} s")
                self._arrived.wait(min(left, 0.5))

    # ---- receiving ------------------------------------------------------------------

    def _read_loop(self) -> None:
        try:
            while True:
                body = self._read_frame()
                if body is None:
                    return
                self._accept(body)
        except (OSError, ValueError) as exc:
            self.violations.append(f"unreadable output: {exc}")
        finally:
            self.eof.set()
            with self._arrived:
                self._arrived.notify_all()

    def _read_frame(self) -> bytes | None:
        # Strict: any header or body deviation on the server's output is a violation.
        return read_frame(self._reader, strict=True)

    def _accept(self, body: bytes) -> None:
        try:
            message = json.loads(body.decode("utf-8"), parse_constant=_reject_constant)
        except ValueError as exc:
            self.violations.append(f"bad body {body[:120]!r}: {exc}")
            return
        if not isinstance(message, dict) or message.get("jsonrpc") != "2.0":
            self.violations.append(f"not JSON-RPC 2.0: {body[:120]!r}")
            return
        if "method" in message and "id" in message:
            # A request from the server (e.g. registerCapability): accept it.
            self.send_bytes(frame(encode({"jsonrpc": "2.0", "id": message["id"], "result": None})))
            return
        with self._arrived:
            if "method" in message:
                self.notifications.append(message)
            else:
                self._accept_response(message)
            self._arrived.notify_all()

    def _accept_response(self, message: dict[str, Any]) -> None:
        if ("result" in message) == ("error" in message):
            self.violations.append(f"response needs exactly one of result/error: {message}")
        request_id = message.get("id")
        if request_id is None:
            # JSON-RPC answers a request it could not parse with id null.
            self._responses.setdefault(None, message)
            return
        with self._id_lock:
            known = request_id in self._sent_ids
            self._sent_ids.discard(request_id)
        if not known:
            if request_id in self._responses:
                self.duplicates.append(request_id)
            else:
                self.violations.append(f"response to an unknown or answered id {request_id!r}")
            return
        self._responses[request_id] = message


def finite_json(value: Any) -> bool:
    """True when no float in `value` is NaN or infinite."""
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(finite_json(v) for v in value.values())
    if isinstance(value, list):
        return all(finite_json(v) for v in value)
    return True
