"""A small JSON-RPC 2.0 client with LSP framing (Content-Length headers).

Talks to `hydra-router serve` over a child process's stdio or a TCP socket.
Used by `hydra-router bench` and the end-to-end tests. One reader thread
matches responses to futures by id and queues notifications; requests from
the server (e.g. capability registration) are answered with `null`.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import IO, Any


def frame(body: bytes) -> bytes:
    """LSP framing around one body: a Content-Length header, a blank line, the body."""
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def read_frame(reader: IO[bytes], strict: bool = False) -> bytes | None:
    """The body of the next framed message; None at a clean end of the stream.

    Lenient by default (headers stripped of any whitespace, a short body counts as
    the end). `strict` turns every deviation into a ValueError: a header line
    without CRLF, a line that is not `name: value`, a truncated body.
    """
    length = None
    while True:
        line = reader.readline()
        if not line:
            return None
        if strict:
            if line == b"\r\n":
                break
            if not line.endswith(b"\r\n"):
                raise ValueError(f"header line without CRLF: {line[:80]!r}")
            name, sep, value = line[:-2].decode("ascii").partition(":")
            if not sep:
                raise ValueError(f"not a header: {line[:80]!r}")
        else:
            line = line.strip()
            if not line:
                break
            name, _, value = line.decode("ascii").partition(":")
        if name.strip().lower() == "content-length":
            length = int(value.strip())
    if length is None:
        raise ValueError("frame without Content-Length")
    body = b""
    while len(body) < length:
        chunk = reader.read(length - len(body))
        if not chunk:
            if strict:
                raise ValueError("truncated body")
            return None
        body += chunk
    return body


def open_socket(host: str, port: int, timeout: float) -> tuple[socket.socket, IO[bytes]]:
    """A TCP connection and its unbuffered byte stream, retrying until the server
    listens or `timeout` passes."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            sock = socket.create_connection((host, port), timeout=timeout)
            break
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    sock.settimeout(None)
    return sock, sock.makefile("rwb", buffering=0)  # type: ignore[return-value]


def close_connection(
    process: subprocess.Popen[bytes] | None,
    streams: Sequence[IO[bytes]],
    sock: socket.socket | None,
) -> None:
    """Close the streams and the socket; kill the child if it is still running."""
    if process is not None and process.poll() is None:
        process.kill()
        process.wait(timeout=10)
    for stream in streams:
        with contextlib.suppress(OSError):
            stream.close()
    if sock is not None:
        sock.close()


def wait_and_close(
    process: subprocess.Popen[bytes] | None, timeout: float, close: Callable[[], None]
) -> int | None:
    """Wait for the child to end, then `close`; its exit code (None when not a child)."""
    if process is None:
        close()
        return None
    try:
        return process.wait(timeout=timeout)
    finally:
        close()


class JsonRpcError(Exception):
    """An error response: `code` and `message` as the server sent them."""

    def __init__(self, code: int, message: str, data: Any = None):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.data = data


class JsonRpcClient:
    """Requests, notifications and received notifications over one framed stream."""

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
        self._ids = itertools.count(1)
        self._pending: dict[int, Future[Any]] = {}
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._notifications: list[tuple[str, Any]] = []
        self._notified = threading.Condition()
        self.closed = threading.Event()
        self._thread = threading.Thread(target=self._read_loop, name="jsonrpc-reader", daemon=True)
        self._thread.start()

    # ---- construction --------------------------------------------------------------

    @classmethod
    def spawn(
        cls,
        command: Sequence[str],
        cwd: Path | None = None,
        env: dict[str, str] | None = None,
        stderr: IO[bytes] | int | None = None,
    ) -> JsonRpcClient:
        """Start `command` as a child process and talk to it over its stdin/stdout."""
        process = subprocess.Popen(
            list(command),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=stderr,
            cwd=cwd,
            env={**os.environ, **(env or {})},
        )
        assert process.stdin is not None and process.stdout is not None
        return cls(process.stdout, process.stdin, process=process)

    @classmethod
    def connect(cls, host: str, port: int, timeout: float = 10.0) -> JsonRpcClient:
        """Connect to a server listening on TCP, retrying until `timeout`."""
        sock, stream = open_socket(host, port, timeout)
        return cls(stream, stream, sock=sock)

    # ---- sending -------------------------------------------------------------------

    def request_async(self, method: str, params: Any = None) -> Future[Any]:
        """Send a request; the future resolves to its result or raises JsonRpcError."""
        request_id = next(self._ids)
        future: Future[Any] = Future()
        with self._lock:
            self._pending[request_id] = future
        message: dict[str, Any] = {"jsonrpc": "2.0", "id": request_id, "method": method}
        if params is not None:
            message["params"] = params
        self._send(message)
        return future

    def request(self, method: str, params: Any = None, timeout: float = 30.0) -> Any:
        """Send a request and wait for its result."""
        return self.request_async(method, params).result(timeout=timeout)

    def notify(self, method: str, params: Any = None) -> None:
        """Send a notification."""
        message: dict[str, Any] = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            message["params"] = params
        self._send(message)

    def send_raw(self, body: bytes) -> None:
        """Send one framed body as is (for malformed-message tests)."""
        with self._write_lock:
            self._writer.write(frame(body))
            self._writer.flush()

    def _send(self, message: dict[str, Any]) -> None:
        self.send_raw(json.dumps(message, ensure_ascii=False).encode("utf-8"))

    # ---- LSP lifecycle -------------------------------------------------------------

    def initialize(
        self,
        root: Path | None = None,
        initialization_options: dict[str, Any] | None = None,
        timeout: float = 60.0,
    ) -> Any:
        """`initialize` + `initialized`; returns the initialize result."""
        params: dict[str, Any] = {
            "processId": os.getpid(),
            "rootUri": root.resolve().as_uri() if root else None,
            "capabilities": {},
        }
        if initialization_options is not None:
            params["initializationOptions"] = initialization_options
        result = self.request("initialize", params, timeout=timeout)
        self.notify("initialized", {})
        return result

    def shutdown(self, timeout: float = 10.0) -> int | None:
        """`shutdown` + `exit`; waits for the process and returns its exit code."""
        try:
            self.request("shutdown", None, timeout=timeout)
            self.notify("exit")
        except (OSError, JsonRpcError, TimeoutError):
            pass
        return self.wait(timeout)

    def wait(self, timeout: float = 10.0) -> int | None:
        """Wait for the child process to end; its exit code (None when not a child)."""
        return wait_and_close(self.process, timeout, self.close)

    def close(self) -> None:
        """Close the streams; kill the child if it is still running."""
        close_connection(self.process, (self._writer, self._reader), self._socket)

    # ---- receiving -----------------------------------------------------------------

    def wait_notification(
        self,
        method: str,
        timeout: float = 10.0,
        where: Callable[[Any], bool] | None = None,
        after: int = 0,
    ) -> Any:
        """Params of the first notification `method` (received at index ≥ `after`)
        that satisfies `where`; TimeoutError when none comes in time."""
        deadline = time.monotonic() + timeout
        with self._notified:
            while True:
                for name, params in self._notifications[after:]:
                    if name == method and (where is None or where(params)):
                        return params
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"no {method} notification within {timeout} s")
                self._notified.wait(left)

    @property
    def notification_count(self) -> int:
        """How many notifications have arrived (a mark for `wait_notification(after=)`)."""
        with self._notified:
            return len(self._notifications)

    def notifications(self, method: str) -> list[Any]:
        """Params of every `method` notification received so far."""
        with self._notified:
            return [p for name, p in self._notifications if name == method]

    def _read_loop(self) -> None:
        try:
            while True:
                message = self._read_message()
                if message is None:
                    break
                self._dispatch(message)
        except (OSError, ValueError):
            pass
        finally:
            self.closed.set()
            with self._lock:
                pending, self._pending = self._pending, {}
            for future in pending.values():
                if not future.done():
                    future.set_exception(ConnectionError("server closed the connection"))
            with self._notified:
                self._notified.notify_all()

    def _read_message(self) -> dict[str, Any] | None:
        body = read_frame(self._reader)
        return None if body is None else json.loads(body)

    def _dispatch(self, message: dict[str, Any]) -> None:
        if "method" in message and "id" in message:
            # A request from the server (e.g. client/registerCapability): accept it.
            self._send({"jsonrpc": "2.0", "id": message["id"], "result": None})
            return
        if "method" in message:
            with self._notified:
                self._notifications.append((message["method"], message.get("params")))
                self._notified.notify_all()
            return
        with self._lock:
            future = self._pending.pop(message.get("id"), None)  # type: ignore[arg-type]
        if future is None:
            return
        if "error" in message and message["error"] is not None:
            error = message["error"]
            future.set_exception(
                JsonRpcError(error.get("code", 0), error.get("message", ""), error.get("data"))
            )
        else:
            future.set_result(message.get("result"))
