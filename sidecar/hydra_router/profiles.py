"""The model catalog (`profiles.yaml`): msgspec structs, loading, validation.

A catalog lists the models the router may pick, each with a capability vector
over the four requirement dimensions and a price, plus the defaults the
matcher uses (regime, τ per regime, dimension weights, drift threshold).

Errors never stop at "invalid file": each `CatalogError` names the file, the
1-based line and column, the key path, and says how to fix it. The editor shows
them as diagnostics; `hydra-router check FILE` prints them.
"""

from __future__ import annotations

import difflib
import re
import typing
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

import msgspec

from hydra_router.protocol import CatalogError, Regime

CATALOG_FORMAT = 1
#: Share of input tokens in a typical request when a catalog sets no `input_share`.
DEFAULT_INPUT_SHARE = 0.75

#: Larger files are refused unread: a real catalog is a few KB, and YAML parsing is
#: pure Python (about 10 s per MB here), so a huge file would stall the watcher.
MAX_CATALOG_BYTES = 256 * 1024
#: Deeper nesting is refused before parsing: pyyaml composes recursively and would hit
#: Python's recursion limit; a catalog needs 4 levels.
MAX_NESTING = 32

Unit = Annotated[float, msgspec.Meta(ge=0.0, le=1.0, description="a value in [0, 1]")]
NonNegative = Annotated[float, msgspec.Meta(ge=0.0)]
Probability = Annotated[
    float, msgspec.Meta(gt=0.0, lt=1.0, description="a probability strictly between 0 and 1")
]
ModelId = Annotated[str, msgspec.Meta(min_length=1, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:/-]*$")]
Origin = Literal["cli", "initializationOptions", "workspace", "bundled"]


class Spec(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Base of the catalog structs: snake_case keys, unknown keys are errors (typos)."""


class Capabilities(Spec, kw_only=True):
    """How well a model covers each requirement dimension, in [0, 1]."""

    reasoning: Unit
    code_generation: Unit
    debugging: Unit
    tool_use: Unit

    def vector(self) -> tuple[float, float, float, float]:
        """The capabilities in `DIMENSIONS` order."""
        return (self.reasoning, self.code_generation, self.debugging, self.tool_use)


class ModelPrice(Spec, kw_only=True):
    """List price in USD per one million tokens."""

    input: NonNegative
    output: NonNegative


class ModelProfile(Spec, kw_only=True):
    """One model the router may choose."""

    id: ModelId
    name: Annotated[str, msgspec.Meta(min_length=1)]
    vendor: Annotated[
        str,
        msgspec.Meta(min_length=1, description="vscode.lm selector `vendor`, e.g. `copilot`"),
    ]
    family: Annotated[
        str,
        msgspec.Meta(min_length=1, description="vscode.lm selector `family`, e.g. `gpt-5.4-mini`"),
    ]
    capabilities: Capabilities
    price: ModelPrice
    context_window: Annotated[int, msgspec.Meta(gt=0, description="tokens")]
    reliability: (
        Annotated[
            float,
            msgspec.Meta(
                gt=0.0,
                lt=1.0,
                description="pass probability at zero shortfall, σ(a_m); set it on every "
                "model (with the catalog's `slope`) or on none",
            ),
        ]
        | None
    ) = None
    vision: bool = False
    tools: bool = True
    enabled: bool = True


class Tau(Spec, kw_only=True):
    """Shortfall tolerance τ per regime: `peak` is strictest, `aggressive` loosest."""

    peak: NonNegative
    iso: NonNegative
    aggressive: NonNegative

    def of(self, regime: str) -> float:
        """τ of a regime name (`guarantee` reports peak's: it matches on predicted pass)."""
        return float(getattr(self, "peak" if regime == "guarantee" else regime))


class Delta(Spec, kw_only=True):
    """Pass-probability margin δ per regime (catalogs with reliabilities).

    A regime picks the cheapest eligible model whose predicted pass is within δ
    of the best eligible model's: `peak` is strictest, `aggressive` loosest.
    """

    peak: Annotated[float, msgspec.Meta(ge=0.0, le=1.0)] = 0.0
    iso: Annotated[float, msgspec.Meta(ge=0.0, le=1.0)] = 0.03
    aggressive: Annotated[float, msgspec.Meta(ge=0.0, le=1.0)] = 0.10

    def of(self, regime: str) -> float:
        """δ of a regime name."""
        return float(getattr(self, regime))


class Guarantee(Spec, kw_only=True):
    """The `guarantee` regime, written by `hydra-router calibrate --guarantee EPS --alpha A`.

    On the `n` calibration requests, δ was chosen by split conformal risk control so
    that, with probability at least 1 − alpha, the mean quality lost against
    `reference` (the strongest model there) is at most epsilon. Editing the models
    voids the certificate: calibrate again.
    """

    epsilon: Annotated[
        float, msgspec.Meta(gt=0.0, lt=1.0, description="tolerated mean quality loss")
    ]
    alpha: Annotated[
        float, msgspec.Meta(gt=0.0, lt=1.0, description="chance the certificate may fail")
    ]
    delta: (
        Annotated[
            float,
            msgspec.Meta(
                ge=0.0,
                le=1.0,
                description="certified margin on predicted pass; null: none was certified "
                "and every request goes to `reference`",
            ),
        ]
        | None
    ) = None
    reference: Annotated[
        str, msgspec.Meta(min_length=1, description="model id the loss is measured against")
    ]
    n: Annotated[int, msgspec.Meta(ge=1, description="calibration requests")]


class Weights(Spec, kw_only=True):
    """Relative importance of each dimension before band rescaling."""

    reasoning: NonNegative = 1.0
    code_generation: NonNegative = 1.0
    debugging: NonNegative = 1.0
    tool_use: NonNegative = 1.0

    def vector(self) -> tuple[float, float, float, float]:
        """The weights in `DIMENSIONS` order."""
        return (self.reasoning, self.code_generation, self.debugging, self.tool_use)


class Defaults(Spec, kw_only=True):
    """Matcher settings that requests may override (`regime`, `tau`)."""

    regime: Regime = "iso"
    tau: Tau
    delta: Delta = msgspec.field(default_factory=Delta)
    guarantee: Guarantee | None = None
    weights: Weights = msgspec.field(default_factory=Weights)
    drift: Annotated[
        float,
        msgspec.Meta(
            ge=0.0,
            le=1.0,
            description="rise of a normalised requirement within a conversation that "
            "triggers escalation away from the sticky model",
        ),
    ] = 0.15
    input_share: Annotated[
        float,
        msgspec.Meta(
            ge=0.0,
            le=1.0,
            description="share of input tokens in a typical request; orders models by "
            "blended price input_share*input + (1-input_share)*output",
        ),
    ] = DEFAULT_INPUT_SHARE


class Catalog(Spec, kw_only=True):
    """The whole `profiles.yaml`."""

    format: int = CATALOG_FORMAT
    defaults: Defaults
    fallback: Annotated[
        str, msgspec.Meta(description="model id used when no model passes the gates")
    ]
    models: Annotated[list[ModelProfile], msgspec.Meta(min_length=1)]
    slope: (
        Annotated[
            float,
            msgspec.Meta(
                ge=0.0,
                description="b in predicted pass σ(logit(reliability) − b·shortfall); "
                "needed with the models' `reliability`",
            ),
        ]
        | None
    ) = None
    ease: Annotated[
        float,
        msgspec.Meta(
            ge=0.0,
            description="logit every model gains on a request that needs none of the four "
            "capabilities: predicted pass σ(logit(reliability) + ease·(1 − d) − slope·shortfall), "
            "d = the request's largest normalised requirement. 0 (the default) applies the "
            "reliability gap at every demand. Only with `slope` and the models' `reliability`",
        ),
    ] = 0.0

    @property
    def predicts_pass(self) -> bool:
        """Whether matching runs on predicted pass (every model has a reliability, and a slope)."""
        return self.slope is not None and all(m.reliability is not None for m in self.models)

    def model(self, model_id: str) -> ModelProfile | None:
        """The model with this id, or None."""
        return next((m for m in self.models if m.id == model_id), None)

    def cost(self, model: ModelProfile) -> float:
        """Blended USD per 1M tokens, the order 'cheapest' refers to."""
        share = self.defaults.input_share
        return share * model.price.input + (1.0 - share) * model.price.output


@dataclass(frozen=True)
class CatalogSnapshot:
    """The live catalog with where it came from; swapped whole on reload."""

    catalog: Catalog
    version: int
    source: str
    origin: Origin
    errors: tuple[CatalogError, ...] = field(default=())


class CatalogLoadError(ValueError):
    """A catalog failed to load; `errors` says where and how to fix it."""

    def __init__(self, errors: list[CatalogError]):
        super().__init__("\n".join(format_error(e) for e in errors))
        self.errors = errors


def format_error(error: CatalogError) -> str:
    """`file:line:col: key: message`, the form compilers and editors understand."""
    where = error.path
    if error.line is not None:
        where += f":{error.line}"
        if error.column is not None:
            where += f":{error.column}"
    key = f" {error.key}:" if error.key else ""
    return f"{where}:{key} {error.message}"


def bundled_profiles_path() -> Path:
    """The default catalog shipped with hydra-router (`profiles/profiles.yaml`)."""
    from hydra_router.shipped import shipped_path

    return shipped_path("profiles/profiles.yaml")


def catalog_schema() -> dict[str, Any]:
    """JSON schema of `profiles.yaml`, generated from the structs above."""
    schema = msgspec.json.schema(Catalog)
    schema["$schema"] = "http://json-schema.org/draft-07/schema#"
    schema["title"] = "hydra-router profiles.yaml"
    return schema


def load_catalog(path: Path) -> Catalog:
    """Read and validate a catalog file; raise CatalogLoadError with every problem found."""
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_CATALOG_BYTES + 1)
        if len(data) > MAX_CATALOG_BYTES:
            raise CatalogLoadError([_too_large(str(path))])
        text = data.decode("utf-8")
    except FileNotFoundError:
        raise CatalogLoadError(
            [_error(str(path), "file not found; pass an existing profiles.yaml", None)]
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogLoadError([_error(str(path), f"cannot read: {exc}", None)]) from None
    return parse_catalog(text, str(path))


def validate_text(text: str, path: str) -> list[CatalogError]:
    """Every error in a catalog's text (empty when valid); for editor diagnostics."""
    try:
        parse_catalog(text, path)
    except CatalogLoadError as exc:
        return exc.errors
    return []


def parse_catalog(text: str, path: str) -> Catalog:
    """Decode catalog text; raise CatalogLoadError naming file, line, key and fix."""
    import yaml  # pyyaml: composing keeps each node's line, which msgspec.yaml drops

    if len(text) > MAX_CATALOG_BYTES:
        raise CatalogLoadError([_too_large(path)])
    too_deep = _nesting_error(text, path)
    if too_deep is not None:
        raise CatalogLoadError([too_deep])
    try:
        root, data = _compose(text)
    except RecursionError:  # a backstop: _nesting_error should have caught it
        raise CatalogLoadError([_error(path, "nesting too deep; flatten the file", None)]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = f"YAML syntax error: {exc.problem or exc}; fix the indentation or quoting here"
        raise CatalogLoadError([_error(path, message, mark)]) from None
    except yaml.reader.ReaderError as exc:  # a character YAML forbids, e.g. NUL
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        message = f"character U+{code:04X} is not allowed in YAML; remove it"
        error = CatalogError(message=message, path=path, line=line, column=column)
        raise CatalogLoadError([error]) from None
    except yaml.YAMLError as exc:
        raise CatalogLoadError([_error(path, f"YAML error: {exc}", None)]) from None
    if not isinstance(data, dict):
        raise CatalogLoadError(
            [_error(path, "expected a mapping with `defaults`, `fallback` and `models`", None)]
        )
    version = data.get("format", CATALOG_FORMAT)
    if version != CATALOG_FORMAT:  # another format's keys would read as a list of errors
        message = (
            f"format {version!r} is not supported: this hydra-router reads format "
            f"{CATALOG_FORMAT}; write the catalog in format {CATALOG_FORMAT} "
            "or upgrade hydra-router"
        )
        raise CatalogLoadError([_error(path, message, _mark(_find(root, ["format"])), "format")])
    try:
        catalog = msgspec.convert(data, Catalog)
    except msgspec.ValidationError:
        catalog = None
    errors = [_schema_error(path, root, problem) for problem in _problems(data, Catalog)]
    errors += _semantic_errors(data, path, root)
    if errors or catalog is None:
        raise CatalogLoadError(errors)
    return catalog


def _loader_class(text: str) -> Any:
    """libyaml's safe loader when installed (about 10 times faster), else pyyaml's own.

    libyaml cannot take lone surrogates; pyyaml's reader reports them with a position.
    """
    import yaml

    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return yaml.SafeLoader
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _compose(text: str) -> tuple[Any, Any]:
    """The document's root node (with line marks) and the data built from it, in one parse."""
    import yaml

    loader_class = _loader_class(text)
    loader = loader_class(text)
    try:
        root = loader.get_single_node()
        return root, (loader.construct_document(root) if root is not None else None)
    except yaml.reader.ReaderError as exc:
        if loader_class is not yaml.SafeLoader:  # libyaml counts bytes of the UTF-8 text
            head = text.encode("utf-8")[: exc.position]
            exc.position = len(head.decode("utf-8", errors="ignore"))
        raise
    finally:
        loader.dispose()


def _too_large(path: str) -> CatalogError:
    message = (
        f"file is larger than {MAX_CATALOG_BYTES // 1024} KiB, and a catalog is a few KB: "
        "is this the right file?"
    )
    return CatalogError(message=message, path=path, line=1, column=1)


def _nesting_error(text: str, path: str) -> CatalogError | None:
    """An error at the first token nested deeper than MAX_NESTING, else None.

    The scanner is iterative, so this is safe on any input; syntax errors are left
    to the parser, which reports them with their position.
    """
    import yaml

    opening = (
        yaml.BlockMappingStartToken,
        yaml.BlockSequenceStartToken,
        yaml.FlowMappingStartToken,
        yaml.FlowSequenceStartToken,
    )
    closing = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)
    depth = 0
    try:
        for token in yaml.scan(text, Loader=_loader_class(text)):
            if isinstance(token, opening):
                depth += 1
                if depth > MAX_NESTING:
                    return _error(
                        path,
                        f"nested more than {MAX_NESTING} levels deep; a catalog needs 4: "
                        "close the brackets or fix the indentation here",
                        token.start_mark,
                    )
            elif isinstance(token, closing):
                depth -= 1
    except yaml.YAMLError:
        return None
    return None


# ---- every problem, not only the first ---------------------------------------------


def _problems(value: Any, kind: Any, where: str = "$") -> list[str]:
    """msgspec's message for every problem in `value` read as `kind`, each ending in
    ` - at `$.path``; msgspec itself stops at the first. Empty when `value` converts."""
    try:
        msgspec.convert(value, kind)
    except msgspec.ValidationError as exc:
        first = str(exc)
    else:
        return []
    inner = typing.get_args(kind)[0] if typing.get_origin(kind) is Annotated else kind
    if isinstance(inner, type) and issubclass(inner, msgspec.Struct) and isinstance(value, dict):
        fields = msgspec.structs.fields(inner)
        names = [f.encode_name for f in fields]
        unknown = [key for key in value if key not in names]
        problems = [f"Object contains unknown field `{key}` - at `{where}`" for key in unknown]
        # A misspelt key is one problem: its "did you mean" names the field it leaves missing.
        meant = {m for key in unknown for m in difflib.get_close_matches(str(key), names, n=1)}
        for f in fields:
            if f.encode_name in value:
                problems += _problems(value[f.encode_name], f.type, f"{where}.{f.encode_name}")
            elif f.required and f.encode_name not in meant:
                problems.append(f"Object missing required field `{f.encode_name}` - at `{where}`")
        return problems or [_relocated(first, where)]
    if typing.get_origin(inner) is list and isinstance(value, list) and value:
        (item,) = typing.get_args(inner)
        problems = [p for i, v in enumerate(value) for p in _problems(v, item, f"{where}[{i}]")]
        return problems or [_relocated(first, where)]
    return [_relocated(first, where)]


def _relocated(message: str, where: str) -> str:
    """A message of a nested conversion with its `$` path placed under `where`."""
    text, at, inner = message.partition(" - at `$")
    return f"{text} - at `{where}{inner}" if at else f"{message} - at `{where}`"


# ---- error location -------------------------------------------------------------

_AT = re.compile(r"^(?P<message>.*?)(?: - at `(?P<path>\$[^`]*)`)?$", re.S)
_FIELD = re.compile(r"field `(?P<name>[^`]+)`")

_FIELDS: dict[str, tuple[str, ...]] = {
    "": tuple(Catalog.__struct_fields__),
    "defaults": tuple(Defaults.__struct_fields__),
    "tau": tuple(Tau.__struct_fields__),
    "delta": tuple(Delta.__struct_fields__),
    "guarantee": tuple(Guarantee.__struct_fields__),
    "weights": tuple(Weights.__struct_fields__),
    "models": tuple(ModelProfile.__struct_fields__),
    "capabilities": tuple(Capabilities.__struct_fields__),
    "price": tuple(ModelPrice.__struct_fields__),
}


def _schema_error(path: str, root: Any, raw: str) -> CatalogError:
    """Turn msgspec's 'message - at `$.a[0].b`' into a located error with a fix."""
    match = _AT.match(raw)
    message = match.group("message") if match else raw
    steps = _parse_steps(match.group("path") if match and match.group("path") else "$")
    field_match = _FIELD.search(message)
    node = _find(root, steps)
    key_node = None
    if field_match and "unknown field" in message:
        key_node = _find_key(node, field_match.group("name"))
    parent = _last_name(steps)
    if field_match:
        name = field_match.group("name")
        steps_for_key = [*steps, name]
        if "unknown field" in message:
            known = _FIELDS.get(parent, ())
            close = difflib.get_close_matches(name, known, n=1)
            hint = f"did you mean `{close[0]}`?" if close else f"allowed keys: {', '.join(known)}"
            fix = f"remove or rename `{name}` ({hint})"
        else:
            fix = f"add `{name}:` here"
        return _error(path, f"{message}; {fix}", _mark(key_node or node), _key(steps_for_key))
    return _error(path, f"{message}; {_fix_for(message)}", _mark(node), _key(steps))


def _fix_for(message: str) -> str:
    if "< 1.0" in message or "`float` > 0.0" in message:
        return "use a number strictly between 0 and 1 (a probability)"
    if "<= 1.0" in message or ">= 0.0" in message and "<=" in message:
        return "use a number between 0 and 1"
    if ">= 0" in message:
        return "use a number that is 0 or more"
    if "> 0" in message:
        return "use a number above 0"
    if "Invalid enum value" in message:
        return "use one of peak, iso, aggressive, guarantee"
    if "length >= 1" in message:
        return "give a non-empty value"
    if "match regex" in message:
        return "use letters, digits and . _ : / - only, starting with a letter or digit"
    return "change the value to the expected type"


def _parse_steps(path: str) -> list[str | int]:
    steps: list[str | int] = []
    for name, index in re.findall(r"\.([^.\[]+)|\[(\d+)\]", path[1:]):
        steps.append(int(index) if index else name)
    return steps


def _last_name(steps: list[str | int]) -> str:
    names = [s for s in steps if isinstance(s, str)]
    return names[-1] if names else ""


def _key(steps: list[str | int]) -> str:
    out = ""
    for step in steps:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else step)
    return out


def _find(node: Any, steps: list[str | int]) -> Any:
    """The YAML node at `steps`, or the deepest one that exists."""
    import yaml

    for step in steps:
        child = None
        if isinstance(step, int) and isinstance(node, yaml.SequenceNode):
            child = node.value[step] if step < len(node.value) else None
        elif isinstance(step, str) and isinstance(node, yaml.MappingNode):
            child = next((v for k, v in node.value if getattr(k, "value", None) == step), None)
        if child is None:
            return node
        node = child
    return node


def _find_key(node: Any, name: str) -> Any:
    import yaml

    if isinstance(node, yaml.MappingNode):
        return next((k for k, _ in node.value if getattr(k, "value", None) == name), None)
    return None


def _mark(node: Any) -> Any:
    return getattr(node, "start_mark", None)


def _error(path: str, message: str, mark: Any, key: str | None = None) -> CatalogError:
    line = mark.line + 1 if mark is not None else None
    column = mark.column + 1 if mark is not None else None
    return CatalogError(message=message, path=path, line=line, column=column, key=key)


def _semantic_errors(data: dict[str, Any], path: str, root: Any) -> list[CatalogError]:
    """Checks the types cannot express: unique ids, fallback, τ and δ order, reliability
    with slope (and ease) on all models or none, weights.

    They read the raw mapping, so a file with type errors still gets them all in
    one pass; values of the wrong type are left to the type errors.
    """
    errors: list[CatalogError] = []

    def add(steps: list[str | int], message: str) -> None:
        errors.append(_error(path, message, _mark(_find(root, steps)), _key(steps)))

    raw_models = data.get("models")
    listed = raw_models if isinstance(raw_models, list) else []
    models = [m if isinstance(m, dict) else {} for m in listed]
    seen: dict[str, int] = {}
    for index, model in enumerate(models):
        model_id = model.get("id")
        if not isinstance(model_id, str):
            continue
        if model_id in seen:
            add(
                ["models", index, "id"],
                f"duplicate model id `{model_id}` (also models[{seen[model_id]}]); "
                "give each model a unique id",
            )
        seen.setdefault(model_id, index)
    fallback_id = data.get("fallback")
    if isinstance(fallback_id, str) and models:
        fallback = next((m for m in models if m.get("id") == fallback_id), None)
        if fallback is None:
            add(
                ["fallback"],
                f"fallback `{fallback_id}` is not a model id; use one of: {', '.join(seen)}",
            )
        elif fallback.get("enabled", True) is False:
            add(["fallback"], f"fallback `{fallback_id}` is disabled; pick an enabled model")
    if models and all(m.get("enabled", True) is False for m in models):
        add(["models"], "no model is enabled; set `enabled: true` on at least one")
    defaults = data.get("defaults")
    defaults = defaults if isinstance(defaults, dict) else {}
    for key, symbol, fallback_values, meaning in (
        ("tau", "τ", None, "tolerates more shortfall"),
        ("delta", "δ", Delta(), "accepts a lower predicted pass"),
    ):
        values = _numbers(defaults.get(key), ("peak", "iso", "aggressive"), fallback_values)
        if values is not None and not values[0] <= values[1] <= values[2]:
            add(
                ["defaults", key],
                f"{symbol} must satisfy peak <= iso <= aggressive (got {values[0]}, "
                f"{values[1]}, {values[2]}); a larger {symbol} {meaning}",
            )
    _check_reliability(data, models, add)
    _check_guarantee(data, defaults, seen, add)
    weights = _numbers(defaults.get("weights"), Weights.__struct_fields__, Weights())
    if weights is not None and sum(weights) <= 0:
        add(["defaults", "weights"], "all weights are 0; give at least one dimension a weight")
    return errors


def _check_reliability(data: dict[str, Any], models: list[dict[str, Any]], add: Any) -> None:
    """`reliability` on every model or none, `slope` exactly when they are set, `ease` only then."""
    with_value = [i for i, m in enumerate(models) if m.get("reliability") is not None]
    slope = data.get("slope")
    if with_value and len(with_value) < len(models):
        for index, model in enumerate(models):
            if model.get("reliability") is None:
                add(
                    ["models", index, "id"],
                    f"model `{model.get('id')}` has no `reliability` while others do; set it "
                    "on every model (calibrate fits it) or remove it from all",
                )
    if with_value and slope is None:
        add(
            ["models", with_value[0], "reliability"],
            "`reliability` needs the catalog's `slope:` (top level); add `slope:` "
            "(calibrate fits it)",
        )
    if not with_value and slope is not None:
        add(
            ["slope"],
            "`slope` has no effect without the models' `reliability`; add those or remove it",
        )
    if data.get("ease") is not None and (not with_value or slope is None):
        add(
            ["ease"],
            "`ease` has no effect without `slope` and the models' `reliability`; "
            "add those (calibrate fits all three) or remove it",
        )


def _check_guarantee(
    data: dict[str, Any], defaults: dict[str, Any], ids: dict[str, int], add: Any
) -> None:
    """`guarantee` needs reliabilities and a reference in the catalog; the `guarantee`
    regime needs the block."""
    block = defaults.get("guarantee")
    if defaults.get("regime") == "guarantee" and not isinstance(block, dict):
        add(
            ["defaults", "regime"],
            "regime `guarantee` needs `defaults.guarantee` (hydra-router calibrate "
            "--guarantee EPS --alpha A writes it); pick peak, iso or aggressive",
        )
    if not isinstance(block, dict):
        return
    reference = block.get("reference")
    if isinstance(reference, str) and ids and reference not in ids:
        add(
            ["defaults", "guarantee", "reference"],
            f"reference `{reference}` is not a model id; use one of: {', '.join(ids)}",
        )
    if data.get("slope") is None:
        add(
            ["defaults", "guarantee"],
            "`guarantee` matches on predicted pass: it needs `slope` and the models' "
            "`reliability` (calibrate fits them)",
        )


def _numbers(value: Any, names: Sequence[str], defaults: Any = None) -> tuple[float, ...] | None:
    """The numbers under `names` in a mapping (the attribute of `defaults` for absent
    ones), or None when one is missing or not a number."""
    if not isinstance(value, dict):
        return None
    out = []
    for name in names:
        number = value.get(name, getattr(defaults, name, None))
        if isinstance(number, bool) or not isinstance(number, int | float):
            return None
        out.append(float(number))
    return tuple(out)
