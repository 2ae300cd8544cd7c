"""Load and soak benchmark of `hydra-router serve`: prints figures, asserts nothing.

Phases (each can be skipped):
  stdio  N routes pipelined over one stdio connection
  tcp    N routes from C concurrent TCP clients on 127.0.0.1
  soak   M minutes of steady routing (fresh conversation ids, catalog edits),
         sampling the server's RSS from /proc; growth is measured from the
         first sample after the warm-up minute to the last

Every answer is checked: none lost, none duplicated, each matched to its id.
Latencies are client-side (send → matching answer) with at most --window
requests in flight per connection, so p99 includes queueing behind them;
--window 0 sends everything before reading anything (a pure throughput test).

    python scripts/soak.py                       # shipped model, 10-minute soak
    python scripts/soak.py --tiny --minutes 1    # test fixture model (server overhead only)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

PROMPTS = (
    "Write a function that parses ISO dates and handles time zones.",
    "Fix this bug: IndexError: list index out of range in the pager.",
    "Why does this recursive descent parser loop forever on left recursion?",
    "Search the repository for every call to the deprecated API and update them.",
    "このPython関数のバグを直してください。",
    "Explique la différence entre un mutex et un sémaphore.",
)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))]


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def run_pipelined(peer: Any, count: int, offset: int = 0, window: int = 0) -> dict[str, Any]:
    """Send `count` routes, at most `window` in flight (0: all before reading any);
    check each answer; latencies in ms."""
    in_flight: dict[int, float] = {}
    latencies: list[float] = []
    lost = 0

    def collect(request_id: int) -> None:
        nonlocal lost
        started = in_flight.pop(request_id)
        try:
            message = peer.response(request_id, timeout=300)
        except TimeoutError:
            lost += 1
            return
        latencies.append((time.perf_counter() - started) * 1000)
        if "result" not in message:
            raise RuntimeError(f"route failed: {message}")

    for i in range(offset, offset + count):
        if window and len(in_flight) >= window:
            collect(next(iter(in_flight)))
        params = {"prompt": PROMPTS[i % len(PROMPTS)], "conversationId": f"c{i}"}
        in_flight[peer.send("hydra/route", params)] = time.perf_counter()
    for request_id in list(in_flight):
        collect(request_id)
    return {"latencies": latencies, "lost": lost, "duplicates": len(peer.duplicates)}


def summary(name: str, runs: list[dict[str, Any]], seconds: float) -> dict[str, Any]:
    latencies = [x for r in runs for x in r["latencies"]]
    figures = {
        "phase": name,
        "answered": len(latencies),
        "lost": sum(r["lost"] for r in runs),
        "duplicated": sum(r["duplicates"] for r in runs),
        "seconds": round(seconds, 2),
        "routes_per_s": round(len(latencies) / seconds, 1),
        "p50_ms": round(percentile(latencies, 50), 2),
        "p99_ms": round(percentile(latencies, 99), 2),
        "max_ms": round(max(latencies), 2),
    }
    print(json.dumps(figures), flush=True)
    return figures


def phase_stdio(command: list[str], count: int, window: int, workdir: Path) -> dict[str, Any]:
    from reliability.wire import StrictPeer

    peer = StrictPeer.spawn(command, workdir / "stdio.log")
    try:
        peer.initialize()
        started = time.perf_counter()
        run = run_pipelined(peer, count, window=window)
        name = f"stdio-window-{window}" if window else "stdio-all-at-once"
        figures = summary(name, [run], time.perf_counter() - started)
        figures["violations"] = len(peer.violations)
        return figures
    finally:
        peer.shutdown()


def phase_tcp(
    command: list[str], count: int, clients: int, window: int, workdir: Path
) -> dict[str, Any]:
    from reliability.wire import StrictPeer

    port = free_port()
    owner = StrictPeer.spawn([*command, "--tcp", f"127.0.0.1:{port}"], workdir / "tcp.log")
    runs: list[dict[str, Any]] = []
    peers = [StrictPeer.connect("127.0.0.1", port, timeout=120) for _ in range(clients)]
    try:
        for peer in peers:
            peer.initialize()
        share = count // clients
        barrier = threading.Barrier(clients + 1)

        def work(n: int) -> None:
            barrier.wait()
            runs.append(run_pipelined(peers[n], share, offset=n * share, window=window))

        threads = [threading.Thread(target=work, args=(n,)) for n in range(clients)]
        for thread in threads:
            thread.start()
        barrier.wait()
        started = time.perf_counter()
        for thread in threads:
            thread.join()
        name = f"tcp-{clients}-clients-window-{window or 'all'}"
        figures = summary(name, runs, time.perf_counter() - started)
        figures["violations"] = sum(len(p.violations) for p in peers)
        return figures
    finally:
        for peer in peers:
            peer.close()
        owner.close()


def phase_soak(command: list[str], minutes: float, workdir: Path) -> dict[str, Any]:
    from reliability.wire import StrictPeer

    catalog = workdir / "profiles.yaml"
    shutil.copyfile(REPO / "profiles" / "profiles.yaml", catalog)
    original = catalog.read_text(encoding="utf-8")
    peer = StrictPeer.spawn([*command, "--profiles", str(catalog)], workdir / "soak.log")
    assert peer.process is not None
    peer.initialize()
    end = time.monotonic() + minutes * 60
    warm_until = time.monotonic() + min(60.0, minutes * 60 / 5)
    samples: list[tuple[float, int]] = []
    routes, edits, offset = 0, 0, 0
    next_sample = next_edit = time.monotonic()
    begun = time.monotonic()
    while time.monotonic() < end:
        run = run_pipelined(peer, 50, offset=offset)
        offset += 50
        routes += len(run["latencies"])
        now = time.monotonic()
        if now >= next_edit:  # a catalog save every 5 s keeps the watcher busy too
            edits += 1
            drift = "0.15" if edits % 2 else "0.16"
            catalog.write_text(original.replace("drift: 0.15", f"drift: {drift}"), "utf-8")
            next_edit = now + 5
        if now >= next_sample:
            samples.append((now - begun, rss_kib(peer.process.pid)))
            next_sample = now + 5
    samples.append((time.monotonic() - begun, rss_kib(peer.process.pid)))
    peer.shutdown()
    after_warmup = [s for s in samples if s[0] >= warm_until - begun] or samples
    first, last = after_warmup[0][1], samples[-1][1]
    figures = {
        "phase": "soak",
        "minutes": minutes,
        "routes": routes,
        "distinct_conversations": offset,
        "catalog_edits": edits,
        "rss_mib_after_warmup": round(first / 1024, 1),
        "rss_mib_end": round(last / 1024, 1),
        "rss_mib_peak": round(max(s[1] for s in samples) / 1024, 1),
        "rss_growth_pct": round((last - first) / first * 100, 2),
        "violations": len(peer.violations),
    }
    print(json.dumps(figures), flush=True)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, help="model folder (default: the shipped model)")
    parser.add_argument(
        "--tiny", action="store_true", help="use the test fixture model (measures the server only)"
    )
    parser.add_argument("--routes", type=int, default=10_000, help="routes per load phase")
    parser.add_argument("--clients", type=int, default=8, help="concurrent TCP clients")
    parser.add_argument(
        "--window",
        type=int,
        default=32,
        help="requests in flight per connection (0: send all before reading; default 32)",
    )
    parser.add_argument("--minutes", type=float, default=10.0, help="soak length (0 skips it)")
    parser.add_argument(
        "--skip", action="append", default=[], choices=("stdio", "tcp"), help="skip a phase"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="hydra-soak-") as tmp:
        workdir = Path(tmp)
        if args.tiny:
            from fixtures.tiny_model import build_tiny_model

            model = build_tiny_model(workdir / "tiny-model")
        else:
            from hydra_router.predictor import default_model_dir

            model = (args.model or default_model_dir()).resolve()
            if not (model / "model.onnx").is_file():
                print(f"soak: no model in {model}; pass --model DIR or --tiny", file=sys.stderr)
                return 2
        command = [sys.executable, "-m", "hydra_router", "serve", "--model", str(model)]
        command += ["--log-level", "warning"]
        print(
            json.dumps(
                {
                    "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                    "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
                    f"{platform.python_implementation()} {platform.python_version()}",
                    "model": "tiny test fixture" if args.tiny else str(model),
                }
            ),
            flush=True,
        )
        if "stdio" not in args.skip:
            phase_stdio(command, args.routes, args.window, workdir)
        if "tcp" not in args.skip:
            phase_tcp(command, args.routes, args.clients, args.window, workdir)
        if args.minutes > 0:
            phase_soak(command, args.minutes, workdir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
