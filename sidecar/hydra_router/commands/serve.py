"""`hydra-router serve`: the routing server over stdio (default) or TCP."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

LOG_LEVELS = ("debug", "info", "warning", "error")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--tcp",
        metavar="[HOST:]PORT",
        help="listen on TCP instead of stdio; HOST defaults to 127.0.0.1 (e.g. 2087)",
    )
    parser.add_argument(
        "--allow-remote",
        action="store_true",
        help="allow --tcp on an address other machines can reach (prints a warning)",
    )
    parser.add_argument(
        "--token-file",
        type=Path,
        metavar="PATH",
        help="shared secret: clients must send its contents as initializationOptions.token",
    )
    parser.add_argument(
        "--model",
        type=Path,
        metavar="DIR",
        help="model folder (model.onnx, tokenizer.json, manifest.json); "
        "default: the shipped models/hydra-modernbert-small",
    )
    parser.add_argument(
        "--profiles",
        type=Path,
        metavar="PATH",
        help="catalog file; overrides initializationOptions.profilesPath, the workspace's "
        "profiles.yaml and the bundled default",
    )
    parser.add_argument(
        "--log-prompts",
        action="store_true",
        help="log each prompt to stderr (off by default: prompts are private)",
    )
    parser.add_argument("--log-level", choices=LOG_LEVELS, default="info", help="stderr log level")
    parser.add_argument(
        "--threads", type=int, default=2, help="inference threads (default 2, one per core)"
    )


def configure_logging(level: str, log_prompts: bool) -> None:
    """Logs to stderr only: stdout is the JSON-RPC channel."""
    logging.basicConfig(
        stream=sys.stderr,
        level=level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # pygls logs whole messages at info/debug, and requests carry prompts.
    pygls_level = logging.DEBUG if (level == "debug" and log_prompts) else logging.WARNING
    logging.getLogger("pygls").setLevel(pygls_level)
    for handler in logging.getLogger().handlers:
        handler.addFilter(_quiet_client_errors)


def _quiet_client_errors(record: logging.LogRecord) -> bool:
    """Bad params are the client's mistake, answered with −32602: one line, no traceback."""
    from pygls.exceptions import JsonRpcInvalidParams

    if record.exc_info and isinstance(record.exc_info[1], JsonRpcInvalidParams):
        record.msg = f"request rejected: {record.exc_info[1]}"
        record.args = ()
        record.exc_info = None
        record.exc_text = None
        record.levelno, record.levelname = logging.INFO, "INFO"
    return True


def parse_hostport(value: str) -> tuple[str, int]:
    """'HOST:PORT' or 'PORT' (on 127.0.0.1) → (host, port); ValueError with the expected form."""
    host, sep, port = value.rpartition(":")
    if not sep and value.isdigit():
        host, port = "127.0.0.1", value
    elif not sep or not host:
        port = ""
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(
            f"--tcp {value!r}: expected PORT or HOST:PORT, e.g. 2087 or 127.0.0.1:2087"
        )
    return host.strip("[]"), int(port)


def read_token(path: Path) -> str:
    """The shared secret in `path` (surrounding whitespace dropped); ValueError saying why not."""
    try:
        token = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(
            f"--token-file {path}: cannot read it ({exc.__class__.__name__})"
        ) from None
    if not token:
        raise ValueError(f"--token-file {path}: the file is empty; put a random secret in it")
    return token


def run(args: argparse.Namespace) -> int:
    configure_logging(args.log_level, args.log_prompts)
    log = logging.getLogger("hydra_router.serve")

    import importlib
    import threading

    # Importing pygls/lsprotocol takes about as long as loading the model; the ONNX
    # session build releases the GIL, so the two overlap and the server is ready sooner.
    preload = threading.Thread(
        target=importlib.import_module, args=("hydra_router.server",), daemon=True
    )
    preload.start()

    from hydra_router.predictor import Predictor, ScoringWorker, default_model_dir
    from hydra_router.profiles import (
        CatalogLoadError,
        CatalogSnapshot,
        bundled_profiles_path,
        load_catalog,
    )
    from hydra_router.tcp import is_loopback

    try:
        address = parse_hostport(args.tcp) if args.tcp else None
        token = read_token(args.token_file) if args.token_file else None
    except ValueError as exc:
        print(f"hydra-router serve: {exc}", file=sys.stderr)
        return 2
    if address is not None and not is_loopback(address[0]):
        if not args.allow_remote:
            print(
                f"hydra-router serve: --tcp {args.tcp} would let other machines reach the "
                "router (and the prompts sent to it); use 127.0.0.1, or pass --allow-remote "
                "to do so on purpose",
                file=sys.stderr,
            )
            return 2
        log.warning(
            "listening on %s, reachable from other machines (--allow-remote)%s",
            address[0],
            "" if token else "; consider --token-file",
        )
    profiles = args.profiles.resolve() if args.profiles else None
    try:
        catalog_path = profiles or bundled_profiles_path()
        catalog = load_catalog(catalog_path)
    except CatalogLoadError as exc:
        print(f"hydra-router serve: invalid catalog\n{exc}", file=sys.stderr)
        return 1
    model_dir = args.model or default_model_dir()
    try:
        predictor = Predictor.load(model_dir, threads=args.threads)
    except ValueError as exc:
        print(f"hydra-router serve: {exc}", file=sys.stderr)
        return 1
    preload.join()
    from hydra_router.server import Sidecar, build_server

    snapshot = CatalogSnapshot(catalog, 1, str(catalog_path), "cli" if profiles else "bundled")
    sidecar = Sidecar(
        predictor=predictor,
        scorer=ScoringWorker(predictor),
        snapshot=snapshot,
        cli_profiles=profiles,
        log_prompts=args.log_prompts,
        token=token,
    )
    log.info("model %s (%s), catalog %s", predictor.manifest.name, model_dir, catalog_path)
    if address is not None:
        from hydra_router.tcp import serve_tcp

        log.info("listening on %s:%d", *address)
        serve_tcp(sidecar, *address)
    else:
        from hydra_router.server import RepairingStdin

        build_server(sidecar).start_io(stdin=RepairingStdin(sys.stdin.buffer))  # type: ignore[arg-type]
    sidecar.scorer.close()
    return 0 if sidecar.shutdown_requested else 1
