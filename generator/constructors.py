"""The source of a `Model(...)` call, argument by argument.

Shared by the provider modules (`generator.render`) and the tombstones of removed
models (`generator.release`), which write the same constructor calls; built on the
literals of `generator.code`.
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from generator import schema
from generator.code import Code, identifier, literal, parse_partial_date
from generator.report import GeneratorError

if TYPE_CHECKING:
    from collections import Counter

ENUM_CLASSES = {
    "capability": "Capability",
    "modality": "Modality",
    "status": "Status",
    "kind": "Kind",
    "date_precision": "DatePrecision",
}


EXTRA_CLASS = "ExtraPrices"
"""`Cost.extra`'s class (in `llm_catalog._model`): the rarer prices."""

TEXT_FIELDS = frozenset({"id", "name", "family", "aliases", "replacement"})
"""`Model` arguments that hold upstream text. Only the others, which this module
builds from numbers, dates, enum members and its own names, are searched for what a
module must import (`constructed`, `scalar_names`): a string may spell `Cost(` or
`date(`. A test keeps this in step with the `Model` fields."""


def constructed(text: str) -> set[str]:
    """What a piece of generated source names and its module must import: the
    classes it calls (`Cost(`, not `_COST_...`) and the enums whose members it uses.
    Never given upstream text (see `TEXT_FIELDS`)."""
    found = set(_constructor_calls().findall(text))
    return found | {c for c in ENUM_CLASSES.values() if f"{c}." in text}


@functools.cache
def _constructor_calls() -> re.Pattern[str]:
    # One pattern for every class, not one search per class: `constructed` runs for
    # every field of every model (about 68,000 calls a release), and ten searches a
    # call were a tenth of an update's time.
    classes = (
        "Cost",
        "CostTier",
        "Decimal",
        "Limits",
        "Modalities",
        "date",
        *OPERATIONAL_CLASSES,
        EXTRA_CLASS,
    )
    return re.compile(rf"(?<![A-Za-z])({'|'.join(map(re.escape, classes))})\(")


def _enum_ref(kind: str, value: str) -> Code:
    return Code(f"{ENUM_CLASSES[kind]}.{identifier(value.upper())}")


def _enum_set(kind: str, values: Iterable[str], order: tuple[tuple[str, str, str], ...]) -> Code:
    rank = {v: i for i, (_, v, _) in enumerate(order)}
    members = ", ".join(_enum_ref(kind, v) for v in sorted(values, key=rank.__getitem__))
    return Code(f"frozenset({{{members}}})")


_DATE_FIELDS = ("knowledge", "release_date", "last_updated", "deprecation_date", "removed_on")
NO_SCALARS: Mapping[str, str] = {}
_SCALAR_NAME = re.compile(r"\b_(?:USD|DATE)_[0-9A-Z_]+\b")


def scalar_name(value: Decimal | date) -> str:
    if isinstance(value, Decimal):
        return f"_USD_{_number_name(value)}"
    return f"_DATE_{value.year:04d}_{value.month:02d}_{value.day:02d}"


def _scalar(value: Decimal | date, scalars: Mapping[str, str]) -> Code:
    """A price or a date: the name `_data/shared.py` gives it, if it has one (`scalars` maps
    literals to names), or else its literal."""
    code = literal(value)
    name = scalars.get(code)
    return code if name is None else identifier(name)


def scalar_names(code: str) -> set[str]:
    """The shared prices and dates that generated limits, costs or dates refer to.
    Those never hold upstream text (only numbers, enum members and these names), so
    a pattern cannot mistake a string's contents for a name."""
    return set(_SCALAR_NAME.findall(code))


def scalars_of(model: schema.Model) -> Iterator[Decimal | date]:
    for obj in (model.cost, *model.cost.tiers):
        for name in schema.PRICE_FIELDS:
            price = getattr(obj, name)
            if price is not None:
                yield price
    for name in _DATE_FIELDS:
        raw = getattr(model, name)
        if raw is not None:
            yield parse_partial_date(raw)[0]


def _prices(obj: schema.CostTier | schema.Cost, scalars: Mapping[str, str]) -> list[str]:
    return [
        f"{name}={_scalar(getattr(obj, name), scalars)}"
        for name in schema.PRICE_FIELDS
        if getattr(obj, name) is not None
    ]


def _cost(cost: schema.Cost, scalars: Mapping[str, str] = NO_SCALARS) -> Code | None:
    args = _prices(cost, scalars)
    if cost.tiers:
        tiers = [
            f"CostTier({', '.join([f'above={literal(t.above)}', *_prices(t, scalars)])})"
            for t in cost.tiers
        ]
        args.append(f"tiers=({', '.join(tiers)},)")
    if cost.extra is not None:
        args.append(f"extra={_extra(cost.extra, scalars)}")
    return Code(f"Cost({', '.join(args)})") if args else None


def _extra(extra: schema.ExtraPrices, scalars: Mapping[str, str]) -> str:
    """`ExtraPrices(...)`: service tiers as `Cost(...)`, the other prices as numbers."""
    args = []
    for name in schema.SERVICE_TIERS:
        sheet = getattr(extra, name)
        if sheet is not None:
            args.append(f"{name}={_cost(sheet, scalars) or 'Cost()'}")
    for name in ("cache_write_1h", *schema.UNIT_PRICES):
        price = getattr(extra, name)
        if price is not None:
            args.append(f"{name}={_scalar(price, scalars)}")
    if extra.web_search:
        pairs = [
            f"({literal(size)}, {_scalar(p, scalars)})" for size, p in extra.web_search.items()
        ]
        args.append(f"web_search=({', '.join(pairs)},)")
    if extra.image_prices:
        rows = [
            f"({literal(r.quality)}, {literal(r.size)}, {_scalar(r.price, scalars)})"
            for r in extra.image_prices
        ]
        args.append(f"image_prices=({', '.join(rows)},)")
    return f"ExtraPrices({', '.join(args)})"


def _limits(limits: schema.Limits) -> Code | None:
    args = [
        f"{name}={literal(getattr(limits, name))}"
        for name in ("context", "input", "output")
        if getattr(limits, name) is not None
    ]
    return Code(f"Limits({', '.join(args)})") if args else None


def _shared_name(prefix: str, parts: Iterable[str]) -> str:
    return "_" + prefix + "_".join(p.upper() for p in parts)


def _modalities_of(model: schema.Model) -> tuple[str, Code] | None:
    """The model's modalities as a shared module constant: (name, expression)."""
    mods = model.modalities
    if not (mods.input or mods.output):
        return None
    args = [
        f"{side}={_enum_set('modality', getattr(mods, side), schema.MODALITIES)}"
        for side in ("input", "output")
        if getattr(mods, side)
    ]
    rank = {v: i for i, (_, v, _) in enumerate(schema.MODALITIES)}
    name = "_{}_TO_{}".format(
        "_".join(v.upper() for v in sorted(mods.input, key=rank.__getitem__)) or "NOTHING",
        "_".join(v.upper() for v in sorted(mods.output, key=rank.__getitem__)) or "NOTHING",
    )
    return name, Code(f"Modalities({', '.join(args)})")


def _capabilities_of(model: schema.Model) -> tuple[str, Code] | None:
    if not model.capabilities:
        return None
    rank = {v: i for i, (_, v, _) in enumerate(schema.CAPABILITIES)}
    ordered = sorted(model.capabilities, key=rank.__getitem__)
    return _shared_name("CAN_", ordered), _enum_set("capability", ordered, schema.CAPABILITIES)


def _number_name(value: Decimal | int) -> str:
    return format(value, "f").replace(".", "P")


def _limits_of(model: schema.Model) -> tuple[str, Code] | None:
    code = _limits(model.limits)
    if code is None:
        return None
    parts = [
        f"{name.upper()}_{getattr(model.limits, name)}"
        for name in ("context", "input", "output")
        if getattr(model.limits, name) is not None
    ]
    return "_LIMITS_" + "_".join(parts), code


def _cost_of(model: schema.Model, scalars: Mapping[str, str]) -> tuple[str, Code] | None:
    code = _cost(model.cost, scalars)
    if code is None:
        return None
    parts = [
        f"{name.upper()}_{_number_name(getattr(model.cost, name))}"
        for name in schema.PRICE_FIELDS
        if getattr(model.cost, name) is not None
    ]
    if model.cost.tiers:
        digest = hashlib.sha256(code.encode()).hexdigest()[:8].upper()
        parts.append(f"TIERED_{digest}")
    if model.cost.extra is not None:
        digest = hashlib.sha256(code.encode()).hexdigest()[:8].upper()
        parts.append(f"EXTRA_{digest}")
    return "_COST_" + "_".join(parts), code


def shareable(
    model: schema.Model, scalars: Mapping[str, str] = NO_SCALARS
) -> list[tuple[str, tuple[str, Code] | None]]:
    """The constructor arguments that are worth building once per module."""
    return [
        ("limits", _limits_of(model)),
        ("cost", _cost_of(model, scalars)),
        ("modalities", _modalities_of(model)),
        ("capabilities", _capabilities_of(model)),
    ]


def model_fields(
    model: schema.Model,
    member: str,
    shared: dict[str, Code],
    uses: Counter[str],
    shares: list[tuple[str, tuple[str, Code] | None]] | None = None,
    *,
    common: Mapping[str, Code] | None = None,
    imported: set[str] | None = None,
    scalars: Mapping[str, str] = NO_SCALARS,
) -> list[dict[str, Code]]:
    """Keyword arguments of the model's constructor. A limits, cost, modalities or
    capability value used by several models of the module becomes a module
    constant in `shared` (built once: faster import, less memory); one that many
    providers use is imported from `_data.shared` (`common`; its names go to `imported`).
    Prices and dates that many providers use are `_data.shared` names too (`scalars`,
    literal -> name), inside costs as well: `scalar_names` finds them for imports."""
    fields: list[tuple[str, Code | None]] = [
        ("id", literal(model.id)),
        ("provider", Code(f"Provider.{identifier(member)}")),
        ("name", literal(model.name)),
    ]
    for field_name, found in shareable(model, scalars) if shares is None else shares:
        if found is None:
            continue
        name, expression = found
        if common is not None and name in common:
            if imported is not None:
                imported.add(name)
            fields.append((field_name, identifier(name)))
            continue
        if uses[name] < 2:
            fields.append((field_name, expression))
            continue
        if shared.setdefault(name, expression) != expression:
            raise GeneratorError(f"two different values named {name}")
        fields.append((field_name, identifier(name)))
    if model.kind != "chat":
        fields.append(("kind", _enum_ref("kind", model.kind)))
    if model.family is not None:
        fields.append(("family", literal(model.family)))
    if model.status != "active":
        fields.append(("status", _enum_ref("status", model.status)))
    if model.open_weights is not None:
        fields.append(("open_weights", literal(model.open_weights)))
    precisions: list[tuple[str, Code | None]] = []
    for name in ("knowledge", "release_date", "last_updated"):
        raw = getattr(model, name)
        if raw is None:
            continue
        day, precision = parse_partial_date(raw)
        fields.append((name, _scalar(day, scalars)))
        if precision != "day":
            precisions.append((f"{name}_precision", _enum_ref("date_precision", precision)))
    fields.extend(precisions)
    # Operational metadata (only ever set by overrides): left out when unset.
    for name, cls in _OPERATIONAL:
        value = getattr(model, name)
        if value is not None:
            fields.append((name, _operational(cls, value)))
    if model.aliases:
        fields.append(("aliases", literal(model.aliases)))
    for name in ("deprecation_date", "removed_on"):
        raw = getattr(model, name)
        if raw is not None:
            fields.append((name, _scalar(parse_partial_date(raw)[0], scalars)))
    if model.replacement is not None:
        fields.append(("replacement", literal(model.replacement)))
    return [{"name": Code(k), "value": v} for k, v in fields if v is not None]


_OPERATIONAL = (("rate_limits", "RateLimits"), ("latency", "Latency"), ("quality", "Quality"))
OPERATIONAL_CLASSES = tuple(cls for _, cls in _OPERATIONAL)


def _operational(cls: str, value: schema.RateLimits | schema.Latency | schema.Quality) -> Code:
    args = []
    for name, number in value.model_dump(exclude_none=True).items():
        if not math.isfinite(number):  # the schema refuses these too; never emit `inf`
            raise GeneratorError(f"refusing to emit non-finite {name} {number!r}")
        args.append(f"{identifier(name)}={number!r}")
    return Code(f"{identifier(cls)}({', '.join(args)})")
