"""Catalog diagnostics while the user types: debounced, parsed off the event loop.

Each keystroke in a `profiles.yaml` is a didChange. Parsing on the event loop
would hold every route behind it (a large catalog takes a good part of a
second), so a change only records the document's latest text; after a short
quiet spell a worker thread validates that text and the result is published.
Changes that arrive during a validation are folded into one more, so a burst
of N keystrokes costs at most two parses.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from hydra_router.protocol import CatalogError

log = logging.getLogger(__name__)

#: Quiet time after the last change before a document is validated.
DEBOUNCE_S = 0.15

Validate = Callable[[str, str], list[CatalogError]]
Publish = Callable[["Draft", list[CatalogError]], None]


@dataclass(frozen=True)
class Draft:
    """One version of an open catalog document."""

    uri: str
    path: str
    text: str
    version: int | None


class CatalogDiagnostics:
    """Validates open catalog documents in a worker thread, the latest text of each only.

    `validate(text, path)` runs off the loop; `publish(draft, errors)` runs on it.
    """

    def __init__(self, validate: Validate, publish: Publish, delay: float = DEBOUNCE_S):
        self._validate = validate
        self._publish = publish
        self._delay = delay
        self._latest: dict[str, Draft] = {}
        self._changed_at: dict[str, float] = {}
        self._tasks: dict[str, asyncio.Task[None]] = {}
        #: How many validations have run (for logs and tests).
        self.parses = 0

    def changed(self, draft: Draft) -> None:
        """Note a document's new text; call on the event loop."""
        self._latest[draft.uri] = draft
        self._changed_at[draft.uri] = time.monotonic()
        task = self._tasks.get(draft.uri)
        if task is None or task.done():
            self._tasks[draft.uri] = asyncio.get_running_loop().create_task(self._run(draft.uri))

    def closed(self, uri: str) -> None:
        """Forget a closed document; a validation under way is not published."""
        self._latest.pop(uri, None)
        self._changed_at.pop(uri, None)
        task = self._tasks.pop(uri, None)
        if task is not None:
            task.cancel()

    def close(self) -> None:
        """Forget every document (the connection ends)."""
        for uri in list(self._tasks):
            self.closed(uri)

    async def _run(self, uri: str) -> None:
        loop = asyncio.get_running_loop()
        while uri in self._latest:
            quiet = self._changed_at[uri] + self._delay - time.monotonic()
            if quiet > 0:
                await asyncio.sleep(quiet)
                continue
            draft = self._latest.pop(uri)
            errors = await loop.run_in_executor(None, self._validate, draft.text, draft.path)
            self.parses += 1
            log.debug("validated %s (version %s): %d errors", uri, draft.version, len(errors))
            if uri not in self._latest:  # else a newer text is due: publish that one
                self._publish(draft, errors)
