"""`hydra-router bench`: spawn the real server and measure it over JSON-RPC.

Figures: ready time (spawn → `initialize` answered, model loaded and warm),
route latency percentiles one request at a time, routes/s with several requests
in flight, reload time (atomic rename-save → `hydra/catalogChanged`), and the
server's peak RSS. Every number is measured on the client side of stdio, by
pygls' own JSON-RPC client.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import IO, Any

#: A mix of short and long requests in several languages, like an editor's chat.
PROMPTS = (
    "Rename this variable to something clearer.",
    "Why does this recursive function overflow the stack for large inputs?",
    "Implement an LRU cache in Python with O(1) get and put, with unit tests.",
    "このPython関数のバグを直してください: IndexError: list index out of range",
    "请帮我写一个函数，把 JSON 数组按日期字段排序。",
    "이 코드에서 메모리 누수가 발생하는 이유를 설명해 주세요.",
    "Schreibe eine SQL-Abfrage, die die zehn größten Kunden nach Umsatz liefert.",
    "Search the repository for every call to deprecated_api() and update them.",
    "Prove that the sum of the first n odd numbers is n squared.",
    "Traceback (most recent call last):\n  File 'app.py', line 12, in <module>\n"
    "    main()\nKeyError: 'user_id'\nWhat is wrong?",
    "def parse(s):\n    return [int(x) for x in s.split(',')]\n" * 40
    + "Make this robust to empty fields and whitespace.",
    "Explique la différence entre un mutex et un sémaphore, avec un exemple en C.",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", type=Path, metavar="DIR", help="model folder (default: shipped)")
    parser.add_argument(
        "--profiles",
        type=Path,
        metavar="PATH",
        help="catalog to copy for the run (default: bundled)",
    )
    parser.add_argument("--requests", type=int, default=500, help="routes per phase (default 500)")
    parser.add_argument(
        "--concurrency", type=int, default=8, help="requests in flight for routes/s (default 8)"
    )
    parser.add_argument("--reloads", type=int, default=5, help="catalog saves timed (default 5)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")


def run(args: argparse.Namespace) -> int:
    from hydra_router.predictor import default_model_dir
    from hydra_router.profiles import CatalogLoadError, bundled_profiles_path, load_catalog

    if args.requests < 1 or args.concurrency < 1 or args.reloads < 0:
        print("hydra-router bench: --requests and --concurrency must be ≥ 1", file=sys.stderr)
        return 2
    model_dir = (args.model or default_model_dir()).resolve()
    source = (args.profiles or bundled_profiles_path()).resolve()
    try:
        load_catalog(source)
    except CatalogLoadError as exc:
        print(f"hydra-router bench: invalid catalog\n{exc}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="hydra-bench-") as tmp:
        profiles = Path(tmp) / "profiles.yaml"
        shutil.copyfile(source, profiles)
        command = [
            sys.executable, "-m", "hydra_router", "serve",
            "--model", str(model_dir), "--profiles", str(profiles), "--log-level", "warning",
        ]  # fmt: skip
        stderr_path = Path(tmp) / "server.log"
        with stderr_path.open("wb") as stderr:
            try:
                figures = asyncio.run(_bench(command, stderr, profiles, args))
            except ServerDidNotStart:
                log = stderr_path.read_text(errors="replace")
                print(f"hydra-router bench: the server did not start:\n{log}", file=sys.stderr)
                return 1
    figures = {
        **figures,
        "model": str(model_dir),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.python_version()}",
        "date": time.strftime("%Y-%m-%d", time.gmtime()),
    }
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print(_table(figures))
    return 0


class ServerDidNotStart(Exception):
    """The server exited or failed to answer `initialize`."""


async def _bench(
    command: list[str], stderr: IO[bytes], profiles: Path, args: argparse.Namespace
) -> dict[str, Any]:
    """Spawn the server, talk to it with pygls' own client over stdio, measure it."""
    from lsprotocol import types
    from pygls.io_ import run_async
    from pygls.lsp.client import LanguageClient

    from hydra_router import __version__

    client = LanguageClient("hydra-router-bench", __version__)
    versions: asyncio.Queue[int] = asyncio.Queue()

    @client.feature("hydra/catalogChanged")
    def on_catalog_changed(ls: LanguageClient, params: Any) -> None:
        versions.put_nowait(int(params.version))

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_diagnostics(ls: LanguageClient, params: Any) -> None:
        """The catalog's diagnostics after each reload: not part of the figures."""

    started = time.perf_counter()
    process = await asyncio.create_subprocess_exec(
        *command, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=stderr
    )
    assert process.stdin is not None and process.stdout is not None
    client.protocol.set_writer(process.stdin)  # type: ignore[arg-type]
    stop = threading.Event()
    reading = asyncio.create_task(
        run_async(stop_event=stop, reader=process.stdout, protocol=client.protocol)
    )
    try:
        try:
            await asyncio.wait_for(
                client.initialize_async(
                    types.InitializeParams(
                        capabilities=types.ClientCapabilities(), process_id=os.getpid()
                    )
                ),
                timeout=120,
            )
        except Exception as exc:
            raise ServerDidNotStart from exc
        client.initialized(types.InitializedParams())
        ready_s = time.perf_counter() - started
        try:
            figures = await _measure(client, profiles, args, versions)
        finally:
            peak_rss = _peak_rss_mb(process.pid)
        await asyncio.wait_for(client.shutdown_async(None), timeout=10)
        client.exit(None)
        await asyncio.wait_for(process.wait(), timeout=10)
    finally:
        stop.set()
        if process.returncode is None:
            process.kill()
            await process.wait()
        reading.cancel()
    return {"readyS": round(ready_s, 3), **figures, "peakRssMb": peak_rss}


async def _route(client: Any, prompt: str) -> Any:
    return await client.protocol.send_request_async("hydra/route", {"prompt": prompt})


async def _measure(
    client: Any, profiles: Path, args: argparse.Namespace, versions: asyncio.Queue[int]
) -> dict[str, Any]:
    for prompt in PROMPTS:  # first touches of each shape are not the steady state
        await _route(client, prompt)
    print("latency ...", file=sys.stderr)
    latencies = []
    for i in range(args.requests):
        begin = time.perf_counter()
        await _route(client, PROMPTS[i % len(PROMPTS)])
        latencies.append((time.perf_counter() - begin) * 1000)
    print("routes/s ...", file=sys.stderr)
    routes_per_s = await _throughput(client, args.requests, args.concurrency)
    print("reloads ...", file=sys.stderr)
    reloads = await _reloads(client, profiles, args.reloads, versions)
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return {
        "routeP50Ms": round(cuts[49], 2),
        "routeP95Ms": round(cuts[94], 2),
        "routeP99Ms": round(cuts[98], 2),
        "routesPerS": round(routes_per_s, 1),
        "concurrency": args.concurrency,
        "requests": args.requests,
        "reloadMedianMs": round(statistics.median(reloads), 1) if reloads else None,
        "reloadMaxMs": round(max(reloads), 1) if reloads else None,
    }


async def _throughput(client: Any, total: int, concurrency: int) -> float:
    counter = iter(range(total))

    async def worker() -> None:
        for i in counter:  # the workers share one counter: `total` routes in all
            await _route(client, PROMPTS[i % len(PROMPTS)])

    begin = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return total / (time.perf_counter() - begin)


async def _reloads(
    client: Any, profiles: Path, count: int, versions: asyncio.Queue[int]
) -> list[float]:
    original = profiles.read_text(encoding="utf-8")
    times = []
    catalog = await client.protocol.send_request_async("hydra/catalog", None)
    version = int(catalog.version)  # pygls hands results over as namedtuples
    await asyncio.sleep(0.5)  # let the watcher settle before the first save
    for i in range(count):
        temporary = profiles.with_name(f".profiles.yaml.{i}.tmp")
        temporary.write_text(original + f"\n# bench save {i}\n", encoding="utf-8")
        begin = time.perf_counter()
        os.replace(temporary, profiles)  # how editors save
        seen = version
        while version <= seen:
            version = await asyncio.wait_for(versions.get(), timeout=10)
        times.append((time.perf_counter() - begin) * 1000)
        await asyncio.sleep(0.3)  # separate saves, as a person typing would
    return times


def _peak_rss_mb(pid: int | None) -> float | None:
    if pid is None:
        return None
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return None


def _table(figures: dict[str, Any]) -> str:
    rows = [
        ("ready", f"{figures['readyS']} s"),
        ("route p50", f"{figures['routeP50Ms']} ms"),
        ("route p95", f"{figures['routeP95Ms']} ms"),
        ("route p99", f"{figures['routeP99Ms']} ms"),
        (f"routes/s ({figures['concurrency']} in flight)", f"{figures['routesPerS']}"),
        ("reload median / max", f"{figures['reloadMedianMs']} / {figures['reloadMaxMs']} ms"),
        ("peak RSS", f"{figures['peakRssMb']} MB"),
        ("model", figures["model"]),
        ("machine", f"{figures['machine']}, {figures['date']}"),
    ]
    width = max(len(name) for name, _ in rows)
    return "\n".join(f"{name:<{width}}  {value}" for name, value in rows)
