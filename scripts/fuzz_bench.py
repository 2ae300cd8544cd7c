"""Fuzz benchmark of `hydra-router serve`: many hostile requests, figures printed.

Runs the strategies of tests/reliability/strategies.py (the CI fuzz tests run a
few hundred of the same) against one live server: every request must get a
well-typed result or −32602 with a message, a normal route must work after
each, and stdout must stay pure JSON-RPC. Prints counts per outcome, the
slowest answer and whether the server survived; exits 1 on any failure.

    python scripts/fuzz_bench.py --tiny                 # 10,000 cases on the test model
    python scripts/fuzz_bench.py --cases 20000 --model models/hydra-modernbert-small
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

#: Share of the cases per method.
MIX = (("hydra/route", 0.7), ("hydra/setHealth", 0.15), ("hydra/catalog", 0.15))


def case_of(method: str, check: Any) -> Any:
    """A one-argument test body for hypothesis (`@given` refuses default arguments)."""

    def case(params: Any) -> None:
        check(method, params)

    return case


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000, help="hostile requests in all")
    parser.add_argument("--model", type=Path, help="model folder (default: the shipped model)")
    parser.add_argument("--tiny", action="store_true", help="use the test fixture model")
    parser.add_argument("--seed", type=int, default=0, help="hypothesis seed")
    args = parser.parse_args()

    import msgspec
    from hypothesis import HealthCheck, given, seed, settings

    from hydra_router.protocol import CatalogResult, RouteResult, SetHealthResult
    from reliability import strategies
    from reliability.wire import StrictPeer, finite_json, serve_command

    kinds = {"hydra/route": RouteResult, "hydra/catalog": CatalogResult}
    kinds["hydra/setHealth"] = SetHealthResult
    sources = {
        "hydra/route": strategies.route_params(),
        "hydra/setHealth": strategies.set_health_params,
        "hydra/catalog": strategies.catalog_params,
    }
    outcomes: Counter[str] = Counter()
    failures: list[str] = []
    slowest = [0.0]

    with tempfile.TemporaryDirectory(prefix="hydra-fuzz-") as tmp:
        if args.tiny:
            from fixtures.tiny_model import build_tiny_model

            model = build_tiny_model(Path(tmp) / "tiny-model")
        else:
            from hydra_router.predictor import default_model_dir

            model = (args.model or default_model_dir()).resolve()
        peer = StrictPeer.spawn(serve_command(model, "--log-level", "warning"), Path(tmp) / "log")
        peer.initialize()
        started = time.perf_counter()

        def check(method: str, params: Any) -> None:
            t0 = time.perf_counter()
            hostile = peer.send(method, params)
            normal = peer.send("hydra/route", {"prompt": "write a function"})
            message = peer.response(hostile, timeout=60)
            slowest[0] = max(slowest[0], time.perf_counter() - t0)
            if "error" in message:
                error = message["error"]
                outcomes[f"{method} error {error['code']}"] += 1
                if error["code"] != -32602 or not str(error.get("message", "")).strip():
                    failures.append(f"{method} {params!r:.200}: {error!r:.300}")
            else:
                outcomes[f"{method} result"] += 1
                try:
                    assert finite_json(message["result"])
                    msgspec.convert(message["result"], kinds[method])
                except (AssertionError, msgspec.ValidationError) as exc:
                    failures.append(f"{method} bad result {exc}: {message!r:.300}")
            if "result" not in peer.response(normal, timeout=60):
                failures.append(f"normal route failed after {method} {params!r:.200}")
            if method == "hydra/setHealth":
                for model_id in strategies.MODEL_IDS:
                    peer.call("hydra/setHealth", {"model": model_id, "healthy": True})

        for method, share in MIX:
            count = max(1, round(args.cases * share))

            options = settings(
                max_examples=count,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            seed(args.seed)(options(given(params=sources[method])(case_of(method, check))))()
        seconds = time.perf_counter() - started
        alive = peer.process is not None and peer.process.poll() is None
        exit_code = peer.shutdown()
        report = {
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "machine": f"{platform.machine()}, {os.cpu_count()} cores",
            "model": "tiny test fixture" if args.tiny else str(model),
            "cases": sum(outcomes.values()),
            "outcomes": dict(sorted(outcomes.items())),
            "failures": len(failures),
            "stdout_violations": len(peer.violations),
            "server_alive_at_end": alive,
            "exit_code_after_shutdown": exit_code,
            "seconds": round(seconds, 1),
            "slowest_answer_ms": round(slowest[0] * 1000, 1),
        }
    print(json.dumps(report, indent=2))
    for failure in failures[:20]:
        print("FAILURE", failure, file=sys.stderr)
    ok = not failures and not peer.violations and alive and exit_code == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
