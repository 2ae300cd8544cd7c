"""Faults: a broken model stops the start with the file and the fix; a failing predictor
falls back with a reason; a vanished or broken catalog keeps the last good one."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from reliability.conftest import Spawn
from reliability.wire import StrictPeer, serve_command

pytestmark = pytest.mark.e2e

START_TIMEOUT_S = 60


def copy_model(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target


def start_fails(model_dir: Path) -> str:
    """Run `serve` as a process on a broken model folder; it must exit 1; its stderr."""
    done = subprocess.run(
        serve_command(model_dir),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=START_TIMEOUT_S,
    )
    assert done.returncode == 1, (done.returncode, done.stderr[-2000:])
    assert done.stdout == "", "nothing may reach the JSON-RPC channel"
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    return done.stderr


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _manifest(model: Path, **changes: Any) -> None:
    path = model / "manifest.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data.update(changes)
    path.write_text(json.dumps(data), encoding="utf-8")


BREAKAGES: dict[str, tuple[Callable[[Path], None], str, str]] = {
    # name: (break the folder, file the message must name, words of the fix)
    "onnx-missing": (lambda m: (m / "model.onnx").unlink(), "model.onnx", "hydra-router export"),
    "onnx-truncated": (lambda m: _truncate(m / "model.onnx"), "model.onnx", "hydra-router export"),
    "onnx-garbage": (
        lambda m: (m / "model.onnx").write_bytes(b"not a model"),
        "model.onnx",
        "hydra-router export",
    ),
    "tokenizer-missing": (
        lambda m: (m / "tokenizer.json").unlink(),
        "tokenizer.json",
        "hydra-router export",
    ),
    "tokenizer-truncated": (
        lambda m: _truncate(m / "tokenizer.json"),
        "tokenizer.json",
        "hydra-router export",
    ),
    "manifest-missing": (lambda m: (m / "manifest.json").unlink(), "manifest.json", "--model"),
    "manifest-truncated": (
        lambda m: _truncate(m / "manifest.json"),
        "manifest.json",
        "manifest.json",
    ),
    "manifest-other-version": (
        lambda m: _manifest(m, format=2),
        "manifest.json",
        "hydra-router export",
    ),
    "manifest-other-heads": (
        lambda m: _manifest(m, heads=["reasoning", "code_generation", "debugging"]),
        "manifest.json",
        "heads",
    ),
    "folder-missing": (lambda m: shutil.rmtree(m), "model", "--model"),
}


@pytest.mark.parametrize("name", BREAKAGES.keys())
def test_broken_model_fails_start_with_file_and_fix(
    tmp_path: Path, tiny_model_dir: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`serve` in-process (the start path is the same; a process per case is slow)."""
    from hydra_router.cli import main

    model = copy_model(tiny_model_dir, tmp_path / "model")
    breakage, file_name, fix = BREAKAGES[name]
    breakage(model)
    assert main(["serve", "--model", str(model)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert str(model) in captured.err and file_name in captured.err, captured.err
    assert fix in captured.err, captured.err


def test_broken_model_process_exits_1_with_quiet_stdout(
    tmp_path: Path, tiny_model_dir: Path
) -> None:
    model = copy_model(tiny_model_dir, tmp_path / "model")
    _truncate(model / "model.onnx")
    stderr = start_fails(model)
    assert str(model / "model.onnx") in stderr and "hydra-router export" in stderr


# ---- inference errors at run time --------------------------------------------------------

POISON = "detonate"


@pytest.fixture
def poisoned_model(tmp_path: Path, tiny_model_dir: Path) -> Path:
    """The tiny model with one word whose token id lies outside the embedding table:
    onnxruntime fails on any prompt containing it, and only on those."""
    model = copy_model(tiny_model_dir, tmp_path / "poisoned")
    path = model / "tokenizer.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["model"]["vocab"][POISON] = 10_000
    path.write_text(json.dumps(data), encoding="utf-8")
    return model


def test_inference_error_gives_fallback_with_reason(
    spawn: Spawn, poisoned_model: Path, tmp_path: Path
) -> None:
    peer = spawn(model=poisoned_model)
    assert "result" in peer.initialize()
    catalog = peer.result("hydra/catalog")
    secret = f"{POISON} the quarterly zebra-cipher for Ms Okonkwo"
    routed = peer.result("hydra/route", {"prompt": secret})
    assert routed["method"] == "fallback"
    assert routed["model"] == catalog["fallback"]
    reason = routed["fallbackReason"]
    assert reason and "predict" in reason.lower(), reason
    assert "zebra-cipher" not in json.dumps(routed)
    normal = peer.result("hydra/route", {"prompt": "write a function"})
    assert normal["method"] == "hydra"
    assert peer.shutdown() == 0
    assert "zebra-cipher" not in (tmp_path / "server.log").read_text(encoding="utf-8")


def test_one_failing_prompt_does_not_fail_its_batch(spawn: Spawn, poisoned_model: Path) -> None:
    """Requests scored in the same batch as a failing one still get real decisions."""
    peer = spawn(model=poisoned_model)
    assert "result" in peer.initialize()
    ids = [peer.send("hydra/route", {"prompt": f"write a function {i}"}) for i in range(6)]
    bad = peer.send("hydra/route", {"prompt": POISON})
    ids += [peer.send("hydra/route", {"prompt": f"fix the bug {i}"}) for i in range(6)]
    assert peer.response(bad)["result"]["method"] == "fallback"
    for request_id in ids:
        answer = peer.response(request_id)
        assert answer["result"]["method"] == "hydra", answer
    assert peer.violations == []


# ---- the catalog file vanishes or breaks ---------------------------------------------------


def wait_changed(peer: StrictPeer, mark: int, timeout: float = 20.0) -> dict[str, Any]:
    return peer.wait_notification("hydra/catalogChanged", timeout=timeout, after=mark)


def settled(peer: StrictPeer, mark: int, timeout: float = 20.0) -> dict[str, Any]:
    """The latest catalogChanged after `mark` once one without errors came (or the timeout)."""
    deadline = time.monotonic() + timeout
    latest: dict[str, Any] = {}
    while time.monotonic() < deadline:
        changes = [
            n["params"]
            for n in peer.notifications[mark:]
            if n.get("method") == "hydra/catalogChanged"
        ]
        if changes:
            latest = changes[-1]
            if not latest["errors"]:
                return latest
        time.sleep(0.05)
    return latest


def diagnostics_for(peer: StrictPeer, path: Path, after: int) -> list[dict[str, Any]]:
    uri = path.absolute().as_uri()
    found = [
        n["params"]
        for n in peer.notifications[after:]
        if n.get("method") == "textDocument/publishDiagnostics" and n["params"]["uri"] == uri
    ]
    return found[-1]["diagnostics"] if found else []


def _remove(path: Path) -> None:
    path.unlink()


def _rename(path: Path) -> None:
    path.rename(path.with_name("profiles.renamed.yaml"))


def _directory(path: Path) -> None:
    path.unlink()
    path.mkdir()


def _symlink_loop(path: Path) -> None:
    path.unlink()
    path.symlink_to(path.name)  # points at itself: open() fails with ELOOP


def _unreadable(path: Path) -> None:
    path.chmod(0)


def _restore(path: Path, text: str) -> None:
    if os.path.isdir(path) and not path.is_symlink():
        path.rmdir()
    elif os.path.lexists(path):
        path.unlink()
    path.write_text(text, encoding="utf-8")


CATALOG_FAULTS: dict[str, tuple[Callable[[Path], None], str]] = {
    "deleted": (_remove, "not found"),
    "renamed": (_rename, "not found"),
    "replaced-by-directory": (_directory, "cannot read"),
    "symlink-loop": (_symlink_loop, "cannot read"),
    "unreadable": (_unreadable, "cannot read"),
}


@pytest.mark.parametrize("fault", CATALOG_FAULTS.keys())
def test_catalog_fault_keeps_last_good_and_recovers(
    spawn: Spawn, catalog_copy: Path, fault: str
) -> None:
    if fault == "unreadable" and os.geteuid() == 0:
        pytest.skip("root reads a mode-000 file; the symlink-loop case covers unreadable")
    original = catalog_copy.read_text(encoding="utf-8")
    peer = spawn("--profiles", str(catalog_copy))
    assert "result" in peer.initialize()
    version = peer.result("hydra/catalog")["version"]

    breakage, words = CATALOG_FAULTS[fault]
    mark = len(peer.notifications)
    breakage(catalog_copy)
    changed = wait_changed(peer, mark)
    assert changed["version"] == version
    assert changed["errors"] and words in changed["errors"][0]["message"], changed
    time.sleep(0.2)  # diagnostics follow the notification
    assert any(words in d["message"] for d in diagnostics_for(peer, catalog_copy, mark))
    routed = peer.result("hydra/route", {"prompt": "write a function"})
    assert routed["catalogVersion"] == version and routed["method"] == "hydra"
    assert peer.result("hydra/catalog")["errors"], "hydra/catalog must show the problem too"

    # The file comes back (with a visible edit): watching resumes, errors clear.
    mark = len(peer.notifications)
    if fault == "unreadable":
        catalog_copy.chmod(0o644)
    _restore(catalog_copy, original.replace("drift: 0.15", "drift: 0.2"))
    recovered = settled(peer, mark)
    assert recovered["errors"] == [] and recovered["version"] > version, recovered
    assert peer.result("hydra/route", {"prompt": "hi"})["catalogVersion"] == recovered["version"]
    assert peer.violations == []
    assert peer.shutdown() == 0
