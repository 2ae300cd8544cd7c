"""Catalog diagnostics: debounced, validated off the event loop, bursts coalesced."""

from __future__ import annotations

import asyncio
import threading

from hydra_router.diagnostics import CatalogDiagnostics, Draft
from hydra_router.protocol import CatalogError


def draft(version: int) -> Draft:
    return Draft("file:///p/profiles.yaml", "/p/profiles.yaml", f"text {version}", version)


def test_a_burst_of_changes_is_validated_once_with_the_latest_text() -> None:
    seen: list[str] = []
    published: list[int | None] = []

    async def scenario() -> None:
        diagnostics = CatalogDiagnostics(
            lambda text, path: seen.append(text) or [],
            lambda d, errors: published.append(d.version),
            delay=0.05,
        )
        for version in range(1, 11):
            diagnostics.changed(draft(version))
        while not published:
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.1)

    asyncio.run(scenario())
    assert seen == ["text 10"] and published == [10]


def test_the_loop_keeps_serving_while_a_validation_runs() -> None:
    """A validation that blocks does not block the loop; the changes made meanwhile
    become one more validation: N changes, at most two parses."""
    started, release = threading.Event(), threading.Event()
    seen: list[str] = []
    published: list[tuple[int | None, int]] = []
    error = CatalogError(message="m", path="/p/profiles.yaml", line=1, column=1)

    def validate(text: str, path: str) -> list[CatalogError]:
        seen.append(text)
        started.set()
        assert release.wait(10)
        return [error]

    async def scenario() -> list[str]:
        diagnostics = CatalogDiagnostics(
            validate, lambda d, errors: published.append((d.version, len(errors))), delay=0.01
        )
        diagnostics.changed(draft(1))
        await asyncio.get_running_loop().run_in_executor(None, started.wait, 10)
        served = []
        for version in range(2, 12):  # the loop runs while the first parse is blocked
            diagnostics.changed(draft(version))
            await asyncio.sleep(0)
            served.append(f"route {version}")
        release.set()
        while len(published) < 1 or published[-1][0] != 11:
            await asyncio.sleep(0.01)
        assert diagnostics.parses == 2
        return served

    served = asyncio.run(scenario())
    assert len(served) == 10
    assert seen == ["text 1", "text 11"]
    assert published == [(11, 1)]  # the stale result of version 1 is not published


def test_a_closed_document_is_not_published() -> None:
    published: list[int | None] = []

    async def scenario() -> None:
        diagnostics = CatalogDiagnostics(
            lambda text, path: [], lambda d, errors: published.append(d.version), delay=0.05
        )
        diagnostics.changed(draft(1))
        diagnostics.closed(draft(1).uri)
        await asyncio.sleep(0.15)

    asyncio.run(scenario())
    assert published == []
