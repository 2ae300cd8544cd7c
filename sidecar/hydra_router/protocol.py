"""The wire contract between the editor and the sidecar.

Every request and notification the sidecar speaks is a msgspec Struct here,
camelCase on the wire as LSP is. `extension/src/protocol.ts` mirrors these
shapes; `hydra-router schema --wire` prints the JSON schema a test compares
against it.
"""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

Regime = Literal["peak", "iso", "aggressive", "guarantee"]
Method = Literal["hydra", "sticky", "escalated", "pinned", "fallback"]
#: What became of an answer: `answered` (it streamed to the end) and `helpful` are
#: successes; `unhelpful` (the user's thumbs down), `error`, `empty` and `cutoff`
#: (the stream broke off after part of the answer) are failures.
Outcome = Literal["answered", "helpful", "unhelpful", "error", "empty", "cutoff"]
FAILURES: frozenset[str] = frozenset({"unhelpful", "error", "empty", "cutoff"})

#: The four requirement dimensions, in the order of the predictor's output heads.
DIMENSIONS: tuple[str, ...] = ("reasoning", "code_generation", "debugging", "tool_use")

ROUTE = "hydra/route"
CATALOG = "hydra/catalog"
SET_HEALTH = "hydra/setHealth"
FEEDBACK = "hydra/feedback"
CATALOG_CHANGED = "hydra/catalogChanged"

NonNegative = Annotated[float, msgspec.Meta(ge=0)]
NonNegativeInt = Annotated[int, msgspec.Meta(ge=0)]
Prompt = Annotated[str, msgspec.Meta(min_length=1)]


class Wire(msgspec.Struct, rename="camel", forbid_unknown_fields=False, omit_defaults=True):
    """Base of every wire message: camelCase keys, unset optionals left out."""


class RouteParams(Wire, kw_only=True):
    """Params of `hydra/route`."""

    prompt: Prompt
    conversation_id: str | None = None
    reset: bool = False
    regime: Regime | None = None
    tau: NonNegative | None = None
    delta: Annotated[float, msgspec.Meta(ge=0, le=1)] | None = None
    pin: str | None = None
    has_images: bool = False
    needs_tools: bool = False
    context_tokens: NonNegativeInt = 0
    exclude: list[str] = msgspec.field(default_factory=list)


class Scores(Wire, kw_only=True):
    """Raw sigmoid outputs of the predictor's four heads, each in [0, 1]."""

    reasoning: float
    code_generation: float
    debugging: float
    tool_use: float

    def as_tuple(self) -> tuple[float, float, float, float]:
        return (self.reasoning, self.code_generation, self.debugging, self.tool_use)

    @classmethod
    def from_sequence(cls, values: tuple[float, ...] | list[float]) -> Scores:
        r, c, d, t = (float(v) for v in values)
        return cls(reasoning=r, code_generation=c, debugging=d, tool_use=t)


class Price(Wire, kw_only=True):
    """USD per one million tokens."""

    input: float
    output: float


class Candidate(Wire, kw_only=True):
    """One catalog model as the matcher saw it for this request.

    `blendedPrice` is the USD per 1M tokens routing orders models by
    (input share × input + the rest × output); `reason` says why this model was
    not chosen, whatever the method, and is left out for the chosen model.
    """

    model: str
    shortfall: float
    price: Price
    blended_price: float
    eligible: bool
    reason: str | None = None
    #: σ(logit(reliability) − slope·shortfall); absent when the catalog has no reliabilities.
    predicted_pass: float | None = None


class RouteResult(Wire, kw_only=True, omit_defaults=False):
    """Result of `hydra/route`.

    `vendor`, `family` and `name` are the chosen model's, from the catalog this
    decision used, so the editor can select its chat model without a catalog of its own.
    """

    model: str
    vendor: str
    family: str
    name: str
    method: Method
    scores: Scores
    shortfall: float
    regime: Regime
    tau: float
    candidates: list[Candidate]
    catalog_version: int
    latency_ms: float
    fallback_reason: str | None = None
    #: The chosen model's predicted pass, and the regime's margin δ below the best
    #: eligible model's; both None when the catalog has no reliabilities (matching on τ).
    predicted_pass: float | None = None
    delta: float | None = None
    #: Why the conversation moved up (method `escalated`): a model failed here, or
    #: its requirements rose. None for every other method.
    escalation_reason: str | None = None


class CatalogParams(Wire, kw_only=True):
    """Params of `hydra/catalog` (none needed)."""


class CatalogError(Wire, kw_only=True):
    """A problem in a profiles file, with where it is and how to fix it.

    `line` and `column` are 1-based (as editors show them; LSP diagnostics
    subtract 1). `key` is the path inside the file, e.g. `models[1].price.input`.
    """

    message: str
    path: str
    line: int | None = None
    column: int | None = None
    key: str | None = None


class CatalogModel(Wire, kw_only=True):
    id: str
    name: str
    vendor: str
    family: str
    enabled: bool
    healthy: bool
    price: Price


class GuaranteeInfo(Wire, kw_only=True, omit_defaults=False):
    """The catalog's `guarantee` regime, as `hydra-router calibrate --guarantee` certified it.

    With probability at least 1 − `alpha` (over the `n` calibration requests), the
    mean quality lost against `reference` is at most `epsilon`. `delta` is the
    certified margin on predicted pass; None when none was certified, and then
    every request goes to `reference`.
    """

    epsilon: float
    alpha: float
    delta: float | None
    reference: str
    n: int


class CatalogResult(Wire, kw_only=True, omit_defaults=False):
    """Result of `hydra/catalog`: which catalog is live and where it came from."""

    version: int
    source: str
    origin: Literal["cli", "initializationOptions", "workspace", "bundled"]
    regime: Regime
    tau: dict[str, float]
    fallback: str
    models: list[CatalogModel]
    errors: list[CatalogError]
    #: The catalog's guarantee regime; None when it has none (the regime is then refused).
    guarantee: GuaranteeInfo | None = None


class SetHealthParams(Wire, kw_only=True):
    """Params of `hydra/setHealth`: the editor found a model (un)available."""

    model: str
    healthy: bool
    reason: str | None = None


class SetHealthResult(Wire, kw_only=True, omit_defaults=False):
    model: str
    healthy: bool


class FeedbackParams(Wire, kw_only=True):
    """Notification `hydra/feedback`: what became of the answer `model` gave in a conversation.

    A failure (see `FAILURES`) makes the conversation's next request go one step up
    by predicted pass; `detail` is a short reason (an error message), never the prompt.
    """

    conversation_id: Annotated[str, msgspec.Meta(min_length=1)]
    model: Annotated[str, msgspec.Meta(min_length=1)]
    outcome: Outcome
    detail: str | None = None


class CatalogChanged(Wire, kw_only=True, omit_defaults=False):
    """Notification `hydra/catalogChanged`, sent after every reload attempt."""

    version: int
    source: str
    errors: list[CatalogError]


class InitializationOptions(Wire, kw_only=True):
    """What the editor may pass in `initialize`'s `initializationOptions`."""

    profiles_path: str | None = None
    regime: Regime | None = None
    log_prompts: bool = False


WIRE_TYPES: dict[str, type[msgspec.Struct]] = {
    "RouteParams": RouteParams,
    "RouteResult": RouteResult,
    "CatalogResult": CatalogResult,
    "SetHealthParams": SetHealthParams,
    "SetHealthResult": SetHealthResult,
    "FeedbackParams": FeedbackParams,
    "CatalogChanged": CatalogChanged,
    "InitializationOptions": InitializationOptions,
}


def wire_schema() -> dict[str, object]:
    """JSON schema of every wire type, for the extension's contract test."""
    _, components = msgspec.json.schema_components(list(WIRE_TYPES.values()))
    return {"$defs": components}
