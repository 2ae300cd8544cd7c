"""Catalog hot reload: watch the catalog's folder, swap the catalog whole.

Editors save by writing a temporary file and renaming it over the old one, which
drops a watch placed on the file itself; watching the parent folder with a name
filter survives that. A valid change gives a new snapshot (version + 1); an
invalid one keeps the last good catalog and carries the errors.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace
from pathlib import Path

from hydra_router.profiles import CatalogLoadError, CatalogSnapshot, Origin, load_catalog

log = logging.getLogger(__name__)

#: watchfiles yields once no event came for STEP_MS, at most DEBOUNCE_MS after the first.
STEP_MS = 20
DEBOUNCE_MS = 150


def reload_snapshot(current: CatalogSnapshot, path: Path, origin: Origin) -> CatalogSnapshot:
    """Load `path`: a new snapshot when valid, else `current` with the new errors."""
    try:
        catalog = load_catalog(path)
    except CatalogLoadError as exc:
        return replace(current, errors=tuple(exc.errors))
    return CatalogSnapshot(
        catalog=catalog, version=current.version + 1, source=str(path), origin=origin
    )


async def watch_file(
    path: Path,
    on_change: Callable[[], Awaitable[None]],
    stop: asyncio.Event,
    ready: asyncio.Event | None = None,
) -> None:
    """Call `on_change` after each debounced burst of changes to `path`.

    Deletion and renaming away count too: the reload then fails with "file not
    found", which keeps the last good catalog and tells the editor why; a later
    creation reloads it. Returns when `stop`
    is set; a missing parent folder is logged and ends the watch.
    """
    import watchfiles

    folder = path.parent
    if not folder.is_dir():
        log.warning("not watching %s: folder %s does not exist", path, folder)
        return
    name = path.name

    def wanted(change: watchfiles.Change, changed: str) -> bool:
        return Path(changed).name == name

    if ready is not None:
        ready.set()
    async for _changes in watchfiles.awatch(
        folder,
        watch_filter=wanted,
        debounce=DEBOUNCE_MS,
        step=STEP_MS,
        stop_event=stop,
        recursive=False,
    ):
        try:
            await on_change()
        except Exception:  # a failed reload must not end the watch
            log.exception("catalog reload failed")
