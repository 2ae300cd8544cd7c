"""Per-conversation routing memory: sticky model choice, escalate-only drift.

A conversation is routed once, at its first turn; later turns stay on that model
so the provider's prompt cache stays warm. If a later turn needs clearly more
(some normalised requirement rises by more than the catalog's `drift`), the
conversation may move to a dearer model that covers it better, never to a
cheaper one, and never to one that covers a risen requirement worse than the
model it is on. The editor reports what became of each answer (`hydra/feedback`);
a conversation keeps the last outcome per model, so a failure moves its next turn
one step up and no later move goes back to a model that failed in it. Memory is
bounded: the least recently used conversations are forgotten first, and each keeps
the outcomes of at most `MAX_OUTCOMES` models.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from hydra_router.protocol import FAILURES, Outcome

DEFAULT_CAPACITY = 4096
#: Outcomes kept per conversation (one per model, the oldest dropped first); a catalog
#: holds a handful of models, so this bounds memory without forgetting any in practice.
MAX_OUTCOMES = 32
#: Characters of a reported `detail` kept for the escalation's explanation.
MAX_DETAIL = 120

#: How an outcome reads in an explanation ("`m` failed in this conversation (…)").
OUTCOME_WORDS: dict[str, str] = {
    "answered": "answered",
    "helpful": "marked helpful",
    "unhelpful": "marked unhelpful",
    "error": "error",
    "empty": "empty answer",
    "cutoff": "answer cut off",
}


@dataclass(frozen=True)
class LastOutcome:
    """What became of a model's last answer in a conversation, as the editor reported it."""

    outcome: Outcome
    detail: str | None = None

    @property
    def failed(self) -> bool:
        return self.outcome in FAILURES

    def describe(self) -> str:
        """E.g. `empty answer`, or `error: 429 Too Many Requests` with the editor's detail."""
        words = OUTCOME_WORDS[self.outcome]
        detail = " ".join((self.detail or "").split())[:MAX_DETAIL]
        return f"{words}: {detail}" if detail else words


@dataclass
class Conversation:
    """The model a conversation is on, the highest requirements it was routed for, and
    the last outcome the editor reported per model (oldest first)."""

    model: str
    requirements: tuple[float, ...]
    outcomes: dict[str, LastOutcome] = field(default_factory=dict)

    def record(self, model: str, outcome: LastOutcome) -> None:
        """Keep `outcome` as `model`'s last, dropping the oldest model beyond MAX_OUTCOMES."""
        self.outcomes.pop(model, None)
        self.outcomes[model] = outcome
        while len(self.outcomes) > MAX_OUTCOMES:
            del self.outcomes[next(iter(self.outcomes))]

    def failures(self) -> Mapping[str, LastOutcome]:
        """The models whose last answer here failed (see `protocol.FAILURES`)."""
        return {model: last for model, last in self.outcomes.items() if last.failed}


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
