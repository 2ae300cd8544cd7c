"""The routing server: pygls handlers that translate JSON-RPC and delegate.

Requests: `hydra/route`, `hydra/catalog`, `hydra/setHealth`.
Notification from the editor: `hydra/feedback` (what became of an answer; a failure
moves the conversation's next request one step up).
Notification to the editor: `hydra/catalogChanged` after every reload attempt.
Diagnostics: `profiles*.yaml` / `profiles*.yml` documents (and the live catalog
file) are validated after didOpen/didChange, debounced and in a worker thread
(`diagnostics.py`), and their errors published.

Inference runs on the predictor's worker thread (`ScoringWorker`), never on the
event loop; every decision is made by `routing.route`.
"""

from __future__ import annotations

import asyncio
import fnmatch
import hmac
import logging
import math
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

import msgspec
from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidParams, JsonRpcServerNotInitialized
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.uris import from_fs_path, to_fs_path

from hydra_router import __version__, protocol
from hydra_router.diagnostics import CatalogDiagnostics, Draft
from hydra_router.predictor import Predictor, ScoringWorker
from hydra_router.profiles import (
    Catalog,
    CatalogLoadError,
    CatalogSnapshot,
    Origin,
    bundled_profiles_path,
    load_catalog,
    validate_text,
)
from hydra_router.protocol import (
    CatalogChanged,
    CatalogError,
    CatalogModel,
    CatalogResult,
    FeedbackParams,
    GuaranteeInfo,
    InitializationOptions,
    Price,
    RouteParams,
    SetHealthParams,
    SetHealthResult,
)
from hydra_router.routing import ParamsError, RoutingMemory, record_feedback, route, unscored
from hydra_router.watch import reload_snapshot, watch_file

log = logging.getLogger(__name__)

#: Documents validated as catalogs when the editor opens them.
PROFILE_PATTERNS = ("profiles*.yaml", "profiles*.yml")

T = TypeVar("T")


@dataclass
class Sidecar:
    """What the process shares: the warm predictor, its batch scorer, the command line.

    Everything an editor chooses lives in its `Connection`, so clients sharing a
    TCP sidecar never see each other's catalog, regime or prompt logging.
    """

    predictor: Predictor
    scorer: ScoringWorker
    #: The catalog a connection starts with (--profiles, else the bundled one).
    snapshot: CatalogSnapshot
    cli_profiles: Path | None = None
    #: --log-prompts: prompts of every connection are logged.
    log_prompts: bool = False
    shutdown_requested: bool = False
    #: The shared secret clients must send as initializationOptions.token (--token-file).
    token: str | None = None
    #: TCP mode: the open connections (None on stdio).
    connections: list[Connection] | None = None


@dataclass
class Connection:
    """What one editor connection chose: auth, regime, prompt logging, its catalog and the
    watcher on it, its conversations and health reports."""

    snapshot: CatalogSnapshot
    authorized: bool
    log_prompts: bool
    watched: tuple[Path, Origin] | None = None
    regime: protocol.Regime | None = None
    memory: RoutingMemory = field(default_factory=RoutingMemory)
    stop_watch: asyncio.Event | None = None
    watch_task: asyncio.Task[None] | None = None
    #: Diagnostics of the catalog documents its editor has open.
    diagnostics: CatalogDiagnostics | None = None

    @classmethod
    def open(cls, sidecar: Sidecar) -> Connection:
        """A new connection's state: the command line's catalog, not yet authorized."""
        return cls(
            snapshot=sidecar.snapshot,
            authorized=sidecar.token is None,
            log_prompts=sidecar.log_prompts,
            watched=(sidecar.cli_profiles, "cli") if sidecar.cli_profiles else None,
        )

    def close(self) -> None:
        """Stop watching the catalog file and validating documents."""
        if self.stop_watch is not None:
            self.stop_watch.set()
        if self.diagnostics is not None:
            self.diagnostics.close()


def resolve_source(
    cli_path: Path | None, init_path: str | None, workspace_root: Path | None
) -> tuple[Path, Origin]:
    """Where the catalog comes from: --profiles, initializationOptions, workspace, bundled."""
    if cli_path is not None:
        return cli_path, "cli"
    if init_path:
        path = Path(init_path).expanduser()
        if not path.is_absolute() and workspace_root is not None:
            path = workspace_root / path
        return path, "initializationOptions"
    if workspace_root is not None and (workspace_root / "profiles.yaml").is_file():
        return workspace_root / "profiles.yaml", "workspace"
    return bundled_profiles_path(), "bundled"


def open_catalog(
    path: Path, origin: Origin, version: int = 1
) -> tuple[CatalogSnapshot, list[CatalogError]]:
    """A snapshot of `path`; when it is invalid, the bundled catalog plus the errors."""
    try:
        return CatalogSnapshot(load_catalog(path), version, str(path), origin), []
    except CatalogLoadError as exc:
        bundled = bundled_profiles_path()
        snapshot = CatalogSnapshot(load_catalog(bundled), version, str(bundled), "bundled")
        return replace(snapshot, errors=tuple(exc.errors)), exc.errors


#: A quoted value in a decoding error (msgspec quotes the offending value).
_QUOTED = re.compile(r"'[^']*'")


def decode_params(raw: Any, kind: type[T]) -> T:
    """pygls params (nested namedtuples) → a wire struct, or −32602 naming the field."""
    plain = _plain(raw)
    if plain is None:
        plain = {}
    if not isinstance(plain, dict):
        raise JsonRpcInvalidParams("params must be an object (named fields, not a list)")
    where = _non_finite(plain)
    if where is not None:
        # JSON has no NaN or Infinity; echoing one back would break the client's parser.
        raise JsonRpcInvalidParams(f"invalid params: `{where}`: must be a finite number")
    try:
        return msgspec.convert(plain, kind)
    except msgspec.ValidationError as exc:
        raise JsonRpcInvalidParams(f"invalid params: {_name_field(str(exc))}") from None


def repair_utf8(body: bytes) -> bytes:
    """A message body as valid UTF-8: bytes that are not UTF-8 become U+FFFD.

    JSON-RPC bodies are UTF-8, but a client that pastes Latin-1 text sends such
    bytes anyway; repaired, the request is answered instead of dropped unanswered.
    """
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("utf-8", errors="replace").encode("utf-8")
    return body


class RepairingStdin:
    """stdin for pygls' reader: header lines as they come, bodies through `repair_utf8`."""

    def __init__(self, stream: BinaryIO):
        self._stream = stream

    def readline(self) -> bytes:
        return self._stream.readline()

    def read(self, size: int) -> bytes:
        return repair_utf8(self._stream.read(size))


class RepairingStream:
    """An asyncio reader for pygls: header lines as they come, bodies through `repair_utf8`."""

    def __init__(self, reader: asyncio.StreamReader):
        self._reader = reader

    async def readline(self) -> bytes:
        return await self._reader.readline()

    async def readexactly(self, size: int) -> bytes:
        return repair_utf8(await self._reader.readexactly(size))


class HydraProtocol(LanguageServerProtocol):
    """pygls' protocol, accepting requests that omit `params` (JSON-RPC allows it).

    pygls 2.1 fails to decode such a request and never answers it; the editor
    would wait forever on e.g. `{"method": "hydra/catalog", "id": 3}`.
    """

    def structure_message(self, data: dict[str, Any]) -> Any:
        if "jsonrpc" in data and "method" in data and "params" not in data:
            data = {**data, "params": None}
        return super().structure_message(data)


def build_server(sidecar: Sidecar, connection: Connection | None = None) -> LanguageServer:
    """A LanguageServer for one connection, with the hydra/* methods and catalog
    diagnostics registered; `connection` holds what its editor chooses."""
    server = LanguageServer("hydra-router", __version__, protocol_cls=HydraProtocol)
    client = connection if connection is not None else Connection.open(sidecar)

    def publish(draft: Draft, errors: list[CatalogError]) -> None:
        lines = draft.text.splitlines()
        server.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=draft.uri,
                version=draft.version,
                diagnostics=[_diagnostic(e, lines) for e in errors],
            )
        )

    client.diagnostics = CatalogDiagnostics(validate_text, publish)

    def require_authorized() -> None:
        if not client.authorized:
            raise JsonRpcServerNotInitialized(
                "not initialized with the shared token: send initializationOptions.token"
            )

    @server.feature(types.INITIALIZE)
    def on_initialize(ls: LanguageServer, params: types.InitializeParams) -> None:
        if sidecar.token is not None:
            raw = _plain(params.initialization_options)
            offered = raw.get("token") if isinstance(raw, dict) else None
            if not isinstance(offered, str) or not hmac.compare_digest(
                offered.encode("utf-8"), sidecar.token.encode("utf-8")
            ):
                log.warning("initialize refused: missing or wrong token")
                raise JsonRpcInvalidParams(
                    "initializationOptions.token: missing or wrong; "
                    "send the contents of the server's --token-file"
                )
            client.authorized = True
        options = _initialization_options(params.initialization_options)
        client.log_prompts = sidecar.log_prompts or options.log_prompts
        client.regime = options.regime
        if sidecar.cli_profiles is not None:
            return
        root = _workspace_root(params)
        path, origin = resolve_source(None, options.profiles_path, root)
        snapshot, errors = open_catalog(path, origin)
        client.snapshot = snapshot
        client.watched = (path, origin)
        log.info("catalog: %s (%s)%s", path, origin, " with errors" if errors else "")
        for error in errors:
            log.warning("%s", error.message)

    @server.feature(types.INITIALIZED)
    def on_initialized(ls: LanguageServer, params: types.InitializedParams) -> None:
        if not client.authorized:
            return
        if client.watched is not None and client.watch_task is None:
            _start_watch(ls, client)
        if client.snapshot.errors and client.watched is not None:
            _publish_file_errors(ls, client.watched[0], list(client.snapshot.errors))

    @server.feature(protocol.ROUTE)
    async def on_route(ls: LanguageServer, raw: Any) -> dict[str, Any]:
        started = time.perf_counter()
        require_authorized()
        params = decode_params(raw, RouteParams)
        if params.regime is None and client.regime is not None:
            params = msgspec.structs.replace(params, regime=client.regime)
        if client.log_prompts:
            log.info("route prompt: %r", params.prompt)
        snapshot = client.snapshot  # one catalog version for the whole decision
        try:
            scores = await asyncio.wrap_future(sidecar.scorer.submit(params.prompt))
        except Exception as exc:  # the predictor failed on this prompt: route without it
            scores = None
            problem = f"requirement predictor failed ({type(exc).__name__})"
        try:
            if scores is None:
                return msgspec.to_builtins(unscored(params, snapshot, problem, started=started))
            result = route(
                params,
                snapshot,
                [float(s) for s in scores],
                sidecar.predictor.bands,
                client.memory,
                started=started,
            )
        except ParamsError as exc:
            raise JsonRpcInvalidParams(f"invalid params: {exc}") from None
        log.debug("routed to %s (%s) in %.1f ms", result.model, result.method, result.latency_ms)
        return msgspec.to_builtins(result)

    @server.feature(protocol.CATALOG)
    def on_catalog(ls: LanguageServer, raw: Any) -> dict[str, Any]:
        require_authorized()
        return msgspec.to_builtins(catalog_result(client))

    @server.feature(protocol.SET_HEALTH)
    def on_set_health(ls: LanguageServer, raw: Any) -> dict[str, Any]:
        require_authorized()
        params = decode_params(raw, SetHealthParams)
        if client.snapshot.catalog.model(params.model) is None:
            known = ", ".join(m.id for m in client.snapshot.catalog.models)
            raise JsonRpcInvalidParams(
                f"invalid params: `model`: no model `{params.model}` in the catalog ({known})"
            )
        if params.healthy:
            client.memory.unhealthy.pop(params.model, None)
        else:
            client.memory.unhealthy[params.model] = params.reason or "reported by the editor"
        log.info("model %s marked %s", params.model, "healthy" if params.healthy else "unhealthy")
        return msgspec.to_builtins(SetHealthResult(model=params.model, healthy=params.healthy))

    @server.feature(protocol.FEEDBACK)
    def on_feedback(ls: LanguageServer, raw: Any) -> None:
        # A notification has no reply: what cannot be used is logged and dropped.
        if not client.authorized:
            log.warning("hydra/feedback ignored: not initialized with the shared token")
            return
        try:
            params = decode_params(raw, FeedbackParams)
        except JsonRpcInvalidParams as exc:
            # The values are the editor's, not ours to keep in a log: the field says enough.
            log.warning("hydra/feedback ignored: %s", _QUOTED.sub("'…'", exc.message))
            return
        if client.snapshot.catalog.model(params.model) is None:
            log.warning("hydra/feedback ignored: no model %r in the catalog", params.model[:80])
            return
        record_feedback(params, client.memory)
        log.info("feedback on %s: %s", params.model, params.outcome)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def on_did_open(ls: LanguageServer, params: types.DidOpenTextDocumentParams) -> None:
        _validate_document(ls, client, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def on_did_change(ls: LanguageServer, params: types.DidChangeTextDocumentParams) -> None:
        _validate_document(ls, client, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def on_did_close(ls: LanguageServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        if client.diagnostics is not None:
            client.diagnostics.closed(uri)
        if _is_catalog_document(client, uri):
            ls.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
            )

    @server.feature(types.SHUTDOWN)
    def on_shutdown(ls: LanguageServer, params: Any) -> None:
        sidecar.shutdown_requested = True
        client.close()
        if sidecar.connections is None:  # TCP: other clients may still be connected
            sidecar.scorer.close()

    return server


def guarantee_info(catalog: Catalog) -> GuaranteeInfo | None:
    """The catalog's guarantee regime on the wire, None without one."""
    block = catalog.defaults.guarantee
    if block is None or not catalog.predicts_pass:
        return None
    return GuaranteeInfo(
        epsilon=block.epsilon,
        alpha=block.alpha,
        delta=block.delta,
        reference=block.reference,
        n=block.n,
    )


def catalog_result(client: Connection) -> CatalogResult:
    """The `hydra/catalog` answer for a connection's live snapshot."""
    snapshot = client.snapshot
    catalog = snapshot.catalog
    tau = catalog.defaults.tau
    return CatalogResult(
        version=snapshot.version,
        source=snapshot.source,
        origin=snapshot.origin,
        regime=client.regime or catalog.defaults.regime,
        tau={"peak": tau.peak, "iso": tau.iso, "aggressive": tau.aggressive},
        guarantee=guarantee_info(catalog),
        fallback=catalog.fallback,
        models=[
            CatalogModel(
                id=m.id,
                name=m.name,
                vendor=m.vendor,
                family=m.family,
                enabled=m.enabled,
                healthy=m.id not in client.memory.unhealthy,
                price=Price(input=m.price.input, output=m.price.output),
            )
            for m in catalog.models
        ],
        errors=list(snapshot.errors),
    )


def _start_watch(ls: LanguageServer, client: Connection) -> None:
    assert client.watched is not None
    path, origin = client.watched
    client.stop_watch = asyncio.Event()

    async def reload() -> None:
        started = time.perf_counter()
        # Parsing runs in a worker thread: routes keep being answered meanwhile.
        client.snapshot = await asyncio.to_thread(reload_snapshot, client.snapshot, path, origin)
        errors = list(client.snapshot.errors)
        changed = msgspec.to_builtins(
            CatalogChanged(version=client.snapshot.version, source=str(path), errors=errors)
        )
        ls.protocol.notify(protocol.CATALOG_CHANGED, changed)
        _publish_file_errors(ls, path, errors)
        log.info(
            "catalog reload %s: version %d in %.1f ms",
            "failed, last good kept" if errors else "ok",
            client.snapshot.version,
            (time.perf_counter() - started) * 1000,
        )

    client.watch_task = asyncio.get_running_loop().create_task(
        watch_file(path, reload, client.stop_watch)
    )


def _validate_document(ls: LanguageServer, client: Connection, uri: str) -> None:
    if not _is_catalog_document(client, uri):
        return
    document = ls.workspace.get_text_document(uri)
    draft = Draft(uri, to_fs_path(uri) or uri, document.source, document.version)
    assert client.diagnostics is not None
    client.diagnostics.changed(draft)


def _publish_file_errors(ls: LanguageServer, path: Path, errors: list[CatalogError]) -> None:
    uri = from_fs_path(str(path))
    if uri is None:
        return
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        lines = []
    ls.text_document_publish_diagnostics(
        types.PublishDiagnosticsParams(uri=uri, diagnostics=[_diagnostic(e, lines) for e in errors])
    )


def _is_catalog_document(client: Connection, uri: str) -> bool:
    path = to_fs_path(uri)
    if path is None:
        return False
    if client.watched is not None and Path(path) == client.watched[0]:
        return True
    return any(fnmatch.fnmatch(Path(path).name, pattern) for pattern in PROFILE_PATTERNS)


def _diagnostic(error: CatalogError, lines: Sequence[str]) -> types.Diagnostic:
    line = max((error.line or 1) - 1, 0)
    column = max((error.column or 1) - 1, 0)
    end = len(lines[line].rstrip("\r\n")) if line < len(lines) else column + 1
    return types.Diagnostic(
        range=types.Range(
            start=types.Position(line=line, character=column),
            end=types.Position(line=line, character=max(end, column + 1)),
        ),
        message=error.message,
        severity=types.DiagnosticSeverity.Error,
        source="hydra-router",
        code=error.key,
    )


def _initialization_options(raw: Any) -> InitializationOptions:
    plain = _plain(raw)
    if not isinstance(plain, dict):
        return InitializationOptions()
    try:
        return msgspec.convert(plain, InitializationOptions)
    except msgspec.ValidationError as exc:
        log.warning("ignoring initializationOptions: %s", exc)
        return InitializationOptions()


def _workspace_root(params: types.InitializeParams) -> Path | None:
    uri = params.workspace_folders[0].uri if params.workspace_folders else params.root_uri
    if uri:
        path = to_fs_path(uri)
        return Path(path) if path else None
    return Path(params.root_path) if params.root_path else None


def _plain(value: Any) -> Any:
    """Nested namedtuples (how pygls hands over custom params) → dicts and lists.

    Strings lose lone UTF-16 surrogates (JSON allows `"\\ud800"`, UTF-8 does not):
    each becomes U+FFFD, so the tokenizer and error messages can encode them.
    Iterative, so nesting deeper than Python's recursion limit is no crash.
    """
    if isinstance(value, str):
        return _clean(value)
    if not (hasattr(value, "_asdict") or isinstance(value, dict | list | tuple)):
        return value
    root: list[Any] = [None]
    stack: list[tuple[Any, Any, Any]] = [(value, root, 0)]
    while stack:
        item, parent, key = stack.pop()
        if hasattr(item, "_asdict"):
            item = item._asdict()
        if isinstance(item, dict):
            keys = [_clean(k) if isinstance(k, str) else k for k in item]
            out: Any = dict.fromkeys(keys)  # keys in the client's order, values filled below
            stack.extend(zip(item.values(), [out] * len(keys), keys, strict=True))
        elif isinstance(item, list | tuple):
            out = [None] * len(item)
            stack.extend((v, out, i) for i, v in enumerate(item))
        else:
            out = _clean(item) if isinstance(item, str) else item
        parent[key] = out
    return root[0]


def _clean(text: str) -> str:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return text


def _non_finite(value: Any, path: str = "") -> str | None:
    """The dotted path of the first NaN or infinite number in `value`, else None."""
    stack: list[tuple[Any, str]] = [(value, path)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, float) and not math.isfinite(item):
            return where or "params"
        if isinstance(item, dict):
            stack.extend((v, f"{where}.{k}" if where else str(k)) for k, v in item.items())
        elif isinstance(item, list):
            stack.extend((v, f"{where}[{i}]") for i, v in enumerate(item))
    return None


def _name_field(message: str) -> str:
    """msgspec's 'Expected … - at `$.prompt`' → '`prompt`: Expected …'."""
    if " - at `$." in message:
        text, _, where = message.rpartition(" - at `$.")
        return f"`{where.rstrip('`')}`: {text}"
    if "field `" in message:
        name = message.split("field `", 1)[1].split("`", 1)[0]
        return f"`{name}`: {message}"
    return message
