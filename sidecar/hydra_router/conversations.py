"""Per-conversation routing memory: sticky model choice, escalate-only drift.

A conversation is routed once, at its first turn; later turns stay on that model
so the provider's prompt cache stays warm. If a later turn needs clearly more
(some normalised requirement rises by more than the catalog's `drift`), the
conversation may move to a dearer model that covers it better, never to a
cheaper one, and never to one that covers a risen requirement worse than the
model it is on. Memory is bounded: the least recently used conversations are
forgotten first.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

DEFAULT_CAPACITY = 4096


@dataclass
class Conversation:
    """The model a conversation is on and the highest requirements it was routed for."""

    model: str
    requirements: tuple[float, ...]


class Conversations:
    """An LRU map conversationId → Conversation, at most `capacity` entries."""

    def __init__(self, capacity: int = DEFAULT_CAPACITY):
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self.capacity = capacity
        self._items: OrderedDict[str, Conversation] = OrderedDict()

    def get(self, conversation_id: str) -> Conversation | None:
        """The conversation's state (marks it recently used), or None."""
        item = self._items.get(conversation_id)
        if item is not None:
            self._items.move_to_end(conversation_id)
        return item

    def put(self, conversation_id: str, conversation: Conversation) -> None:
        """Store a conversation's state, evicting the least recently used beyond capacity."""
        self._items[conversation_id] = conversation
        self._items.move_to_end(conversation_id)
        while len(self._items) > self.capacity:
            self._items.popitem(last=False)

    def forget(self, conversation_id: str) -> None:
        """Drop a conversation (e.g. on reset)."""
        self._items.pop(conversation_id, None)

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, conversation_id: object) -> bool:
        return conversation_id in self._items


def risen(routed: Sequence[float], current: Sequence[float], threshold: float) -> tuple[int, ...]:
    """The dimensions whose requirement rose more than `threshold` above what was routed."""
    pairs = zip(routed, current, strict=True)
    return tuple(k for k, (r, c) in enumerate(pairs) if c - r > threshold)


def drifted(routed: Sequence[float], current: Sequence[float], threshold: float) -> bool:
    """True when some requirement rose more than `threshold` above what was routed."""
    return bool(risen(routed, current, threshold))


def covers_rise(
    candidate: Sequence[float],
    current: Sequence[float],
    requirements: Sequence[float],
    dimensions: Sequence[int],
) -> bool:
    """True when a candidate's capabilities fall short of each risen requirement by no
    more than the current model's do: an escalation must not trade the very need that
    rose for gains elsewhere."""
    return all(
        max(0.0, requirements[k] - candidate[k]) <= max(0.0, requirements[k] - current[k])
        for k in dimensions
    )


def merged(routed: Sequence[float], current: Sequence[float]) -> tuple[float, ...]:
    """Element-wise maximum: a conversation's requirements only ever go up."""
    return tuple(max(r, c) for r, c in zip(routed, current, strict=True))
