"""Where the shipped model and the default catalog are.

In a checkout (and in the editor extension's bundle) they sit beside the
package, in `models/` and `profiles/`. An installed wheel carries copies inside
the package, in `hydra_router/assets/`, under the same relative paths (see
setup.py).
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
#: Searched in order: the wheel's copies, then the checkout around the package.
ROOTS = (PACKAGE / "assets", PACKAGE.parents[1])


def shipped_path(relative: str) -> Path:
    """The shipped file or folder at `relative` (e.g. `profiles/profiles.yaml`).

    When neither place has it, the checkout's path, so an error names where it belongs.
    """
    for root in ROOTS:
        if (root / relative).exists():
            return root / relative
    return ROOTS[-1] / relative
