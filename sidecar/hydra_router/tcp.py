"""TCP mode: one LSP server per connection, all sharing one warm predictor.

pygls' own `start_tcp` gives every connection the same protocol object, so the
replies to one client go to whichever connected last, and the first client to
hang up stops the server. Here each connection gets its own `LanguageServer`
(built by `build_server`) and its own `Connection` state (auth, regime, prompt
logging, catalog and its watcher, conversations); only the predictor and its
batch scorer are shared.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hydra_router.server import Sidecar

log = logging.getLogger(__name__)

#: Hosts that keep the router on this machine; anything else needs --allow-remote.
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})


def is_loopback(host: str) -> bool:
    """True for addresses only this machine can reach (127.0.0.0/8, ::1, localhost)."""
    return host in LOOPBACK_HOSTS or host.startswith("127.")


def serve_tcp(sidecar: Sidecar, host: str, port: int) -> None:
    """Accept connections on host:port until an `exit` notification or an interrupt."""
    from pygls.io_ import run_async

    from hydra_router.server import Connection, RepairingStream, build_server

    sidecar.connections = []

    async def serve_connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        connection = Connection.open(sidecar)
        server = build_server(sidecar, connection)
        server.protocol.set_writer(writer)  # type: ignore[arg-type]
        assert sidecar.connections is not None
        sidecar.connections.append(connection)
        log.info("client connected (%d open)", len(sidecar.connections))
        try:
            await run_async(
                stop_event=threading.Event(),
                reader=RepairingStream(reader),
                protocol=server.protocol,
                logger=log,
                error_handler=server.report_server_error,
            )
        except (asyncio.IncompleteReadError, ConnectionError):
            pass  # the client went away mid-message; the others carry on
        finally:
            connection.close()
            sidecar.connections.remove(connection)
            writer.close()
            log.info("client disconnected (%d open)", len(sidecar.connections))

    async def listen() -> None:
        listener = await asyncio.start_server(serve_connection, host, port)
        async with listener:
            await listener.serve_forever()

    asyncio.run(listen())
