"""`hydra-router bench`: spawn the real server and measure it over JSON-RPC.

Figures: ready time (spawn → `initialize` answered, model loaded and warm),
route latency percentiles one request at a time, routes/s with several requests
in flight, reload time (atomic rename-save → `hydra/catalogChanged`), and the
server's peak RSS. Every number is measured on the client side of stdio.
"""

from __future__ import annotations

import argparse
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
from typing import Any

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
    from tqdm import tqdm

    from hydra_router.jsonrpc import JsonRpcClient
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
            started = time.perf_counter()
            client = JsonRpcClient.spawn(command, stderr=stderr)
            try:
                client.initialize(timeout=120)
            except Exception:
                client.close()
                log = stderr_path.read_text(errors="replace")
                print(f"hydra-router bench: the server did not start:\n{log}", file=sys.stderr)
                return 1
            ready_s = time.perf_counter() - started
            try:
                figures = _measure(client, profiles, args, tqdm)
            finally:
                figures_rss = _peak_rss_mb(client.process.pid if client.process else None)
                client.shutdown()
    figures = {
        "readyS": round(ready_s, 3),
        **figures,
        "peakRssMb": figures_rss,
        "model": str(model_dir),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.python_version()}",
        "date": time.strftime("%Y-%m-%d", time.gmtime()),
    }
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print(_table(figures))
    return 0


def _measure(client: Any, profiles: Path, args: argparse.Namespace, tqdm: Any) -> dict[str, Any]:
    for prompt in PROMPTS:  # first touches of each shape are not the steady state
        client.request("hydra/route", {"prompt": prompt})
    latencies = []
    for i in tqdm(range(args.requests), desc="latency", file=sys.stderr, leave=False):
        begin = time.perf_counter()
        client.request("hydra/route", {"prompt": PROMPTS[i % len(PROMPTS)]})
        latencies.append((time.perf_counter() - begin) * 1000)
    routes_per_s = _throughput(client, args.requests, args.concurrency, tqdm)
    reloads = _reloads(client, profiles, args.reloads, tqdm)
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


def _throughput(client: Any, total: int, concurrency: int, tqdm: Any) -> float:
    counter = iter(range(total))
    lock = threading.Lock()
    bar = tqdm(total=total, desc="routes/s", file=sys.stderr, leave=False)

    def worker() -> None:
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            client.request("hydra/route", {"prompt": PROMPTS[i % len(PROMPTS)]})
            bar.update(1)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    begin = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - begin
    bar.close()
    return total / elapsed


def _reloads(client: Any, profiles: Path, count: int, tqdm: Any) -> list[float]:
    original = profiles.read_text(encoding="utf-8")
    times = []
    version = client.request("hydra/catalog")["version"]
    time.sleep(0.5)  # let the watcher settle before the first save
    for i in tqdm(range(count), desc="reload", file=sys.stderr, leave=False):
        mark = client.notification_count
        temporary = profiles.with_name(f".profiles.yaml.{i}.tmp")
        temporary.write_text(original + f"\n# bench save {i}\n", encoding="utf-8")
        begin = time.perf_counter()
        os.replace(temporary, profiles)  # how editors save
        changed = client.wait_notification(
            "hydra/catalogChanged",
            timeout=10,
            after=mark,
            where=lambda p, seen=version: p["version"] > seen,
        )
        times.append((time.perf_counter() - begin) * 1000)
        version = changed["version"]
        time.sleep(0.3)  # separate saves, as a person typing would
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
