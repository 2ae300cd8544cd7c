"""Deterministic calibration/evaluation split by item id.

The split depends only on the id string (SHA-256), never on file order, run
or machine, so an item always lands on the same side.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class SplitSpec:
    """Relative sizes of the calibration and evaluation parts, e.g. 50:50."""

    calibrate: float
    evaluate: float

    @property
    def calibrate_fraction(self) -> float:
        return self.calibrate / (self.calibrate + self.evaluate)


def parse_split(text: str) -> SplitSpec:
    """Parse "CAL:EVAL" (e.g. "50:50", "30:70"); ValueError with the fix otherwise."""
    parts = text.split(":")
    try:
        cal, ev = (float(p) for p in parts)
    except ValueError:
        raise ValueError(f"--split {text!r}: expected two numbers CAL:EVAL such as 50:50") from None
    if cal <= 0 or ev <= 0:
        raise ValueError(f"--split {text!r}: both parts must be positive, e.g. 50:50")
    return SplitSpec(calibrate=cal, evaluate=ev)


def id_fraction(item_id: str) -> float:
    """A stable number in [0, 1) for an id (first 8 bytes of its SHA-256)."""
    digest = hashlib.sha256(item_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2.0**64


def is_calibration(item_id: str, spec: SplitSpec) -> bool:
    """Whether this id belongs to the calibration part."""
    return id_fraction(item_id) < spec.calibrate_fraction


def split_items(items: Sequence[T], spec: SplitSpec, key: str = "id") -> tuple[list[T], list[T]]:
    """(calibration part, evaluation part), each in the input order."""
    cal: list[T] = []
    ev: list[T] = []
    for item in items:
        (cal if is_calibration(getattr(item, key), spec) else ev).append(item)
    return cal, ev
