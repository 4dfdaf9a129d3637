"""Catalog values: the packaged catalog, your own models and overrides, snapshots
loaded at runtime.

A `Catalog` is an immutable value. `Catalog.packaged()` is the catalog this release
ships; `extend` and `override` return new catalogs and never touch the packaged
constants; `Catalog.load` reads a snapshot written by the generator (or by
`llm-catalog export --format json`) and `Catalog.fetch` downloads the one JSON
document a release publishes (only when called: see `llm_catalog._fetch`), so
that a long-running service can pick up new data without a redeploy.

User data (snapshot JSON, mappings passed to `extend` and `override`) is validated
here without pydantic: every bad field is collected and reported at once, each
naming provider, model and field.

Loaded lazily: nothing imports this module until a catalog is asked for.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from types import MappingProxyType

from llm_catalog._data.enums import Capability, DatePrecision, Kind, Modality, Provider, Status
from llm_catalog._data.version import (
    DATA_DATE,
    SCHEMA_VERSION,
    SOURCE_SHA256,
    SOURCE_URL,
    __version__,
)
from llm_catalog._errors import CatalogFetchError, IncompatibleSnapshotError, check_schema_version
from llm_catalog._extra import extra_data
from llm_catalog._model import (
    PRICE_FIELDS,
    Cost,
    CostTier,
    ExtraPrices,
    Limits,
    Modalities,
    Model,
    ProviderInfo,
)
from llm_catalog._operational import Latency, Quality, RateLimits

TYPE_CHECKING: bool = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping
    from os import PathLike
    from typing import Any

__all__ = [
    "Catalog",
    "CatalogDataError",
    "CatalogFetchError",
    "CustomProvider",
    "IncompatibleSnapshotError",
    "Problem",
    "model_data",
    "provider_data",
]

"""The price kinds of `Cost` and `CostTier`, in field order."""
_DATE_FIELDS = ("knowledge", "release_date", "last_updated")
_MODEL_FIELDS = tuple(f.name for f in fields(Model))
_OPERATIONAL: dict[str, tuple[type, tuple[str, ...], float | None]] = {
    # field -> (class, its fields, upper bound of each value)
    "rate_limits": (RateLimits, ("rpm", "tpm"), None),
    "latency": (Latency, ("p50_ms", "p99_ms"), None),
    "quality": (Quality, ("reasoning", "coding", "creative", "summarization"), 100.0),
}
_MODEL_KEYS = frozenset(
    {
        "id",
        "name",
        "limits",
        "cost",
        "modalities",
        "capabilities",
        "kind",
        "family",
        "status",
        "open_weights",
        *_DATE_FIELDS,
        "aliases",
        "deprecation_date",
        "replacement",
        *_OPERATIONAL,
    }
)
_PROVIDER_KEYS = frozenset({"id", "name", "env", "doc", "api", "npm", "models"})


class CustomProvider(str):
    """The provider of a model outside this release's `Provider` enum (your own
    deployment, a provider added upstream after this release).

    A `str` with the enum member's interface (`.value`, `.name`), so code written
    for `Provider` members (`model.provider.value`, `model.key`, comparisons with
    strings) works unchanged; `Model.provider` is annotated `Provider` and holds
    one of these only in catalogs you extend or load.
    """

    __slots__ = ()

    @property
    def value(self) -> str:
        return str(self)

    @property
    def name(self) -> str:
        return "".join(c if c.isalnum() else "_" for c in self.upper())

    def __repr__(self) -> str:
        return f"CustomProvider({str(self)!r})"


def _provider_id(pid: str) -> Provider:
    """The enum member for a known provider id, a `CustomProvider` otherwise."""
    try:
        return Provider(pid)
    except ValueError:
        custom: Provider = CustomProvider(pid)  # type: ignore[assignment]
        return custom


@dataclass(frozen=True, slots=True)
class Problem:
    """One bad field in user data."""

    provider: str | None
    model: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.provider is not None:
            where.append(f"provider {self.provider!r}")
        if self.model is not None:
            where.append(f"model {self.model!r}")
        if self.field is not None:
            where.append(f"field {self.field!r}")
        return f"{', '.join(where) or 'catalog'}: {self.message}"


class CatalogDataError(ValueError):
    """User data that does not describe valid models; `problems` lists every bad
    field (provider, model, field, what was wrong)."""

    def __init__(self, source: str, problems: Iterable[Problem]) -> None:
        self.source = source
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        count = len(self.problems)
        lines = [f"{source_line(self.source)}: {count} problem{'s' if count != 1 else ''}"]
        lines.extend(f"  {p}" for p in self.problems)
        return "\n".join(lines)


def source_line(source: str) -> str:
    return f"invalid catalog data in {source}"


# -- reading user data -------------------------------------------------------------


class _Reader:
    """Turns JSON-shaped data into model objects, collecting every problem."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.provider: str | None = None
        self.model: str | None = None

    def bad(self, field: str | None, message: str) -> None:
        self.problems.append(Problem(self.provider, self.model, field, message))

    def string(self, value: object, field: str, *, optional: bool = False) -> str | None:
        if value is None and optional:
            return None
        if not isinstance(value, str) or (not value.strip() and not optional):
            self.bad(field, f"must be a non-empty string, got {value!r:.60}")
            return None
        return value

    def integer(self, value: object, field: str) -> int | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.bad(field, f"must be a whole number of at least 1, got {value!r:.60}")
            return None
        return value

    def number(self, value: object, field: str, upper: float | None) -> float | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.bad(field, f"must be a number, got {value!r:.60}")
            return None
        number = float(value)
        if not number >= 0 or number == float("inf") or (upper is not None and number > upper):
            bounds = f"from 0 to {upper:g}" if upper is not None else "finite and at least 0"
            self.bad(field, f"must be {bounds}, got {value!r:.60}")
            return None
        return number

    def price(self, value: object, field: str) -> Decimal | None:
        if value is None:
            return None
        price: Decimal | None = None
        if isinstance(value, Decimal):
            price = value
        elif isinstance(value, str):
            try:
                price = Decimal(value.strip())
            except InvalidOperation:
                price = None
        elif isinstance(value, int | float) and not isinstance(value, bool):
            price = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if price is None or not price.is_finite() or price < 0:
            self.bad(
                field,
                f"must be a price in USD per 1M tokens (a decimal string or number, at "
                f"least 0), got {value!r:.60}",
            )
            return None
        return price

    def mapping(self, value: object, field: str, allowed: Iterable[str]) -> Mapping[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict | MappingProxyType):
            self.bad(field, f"must be an object, got {type(value).__name__}")
            return {}
        for key in value:
            if key not in allowed:
                self.bad(f"{field}.{key}" if field else str(key), "unknown field")
        return value

    def enum_set(self, value: object, field: str, enum: type[Any]) -> frozenset[Any]:
        if value is None:
            return frozenset()
        if isinstance(value, str) or not isinstance(value, list | tuple | set | frozenset):
            self.bad(field, f"must be a list, got {value!r:.60}")
            return frozenset()
        members = set()
        for item in value:
            try:
                members.add(enum(item))
            except ValueError:
                known = ", ".join(m.value for m in enum)
                self.bad(field, f"unknown value {item!r:.60} (known: {known})")
        return frozenset(members)

    def partial_date(self, value: object, field: str) -> tuple[date | None, DatePrecision]:
        if value is None:
            return None, DatePrecision.DAY
        if isinstance(value, date):
            return value, DatePrecision.DAY
        if isinstance(value, str):
            parts = value.split("-")
            shapes = (4, 2, 2)
            if 1 <= len(parts) <= 3 and all(
                p.isascii() and p.isdigit() and len(p) == n
                for p, n in zip(parts, shapes, strict=False)
            ):
                numbers = [int(p) for p in parts]
                year, month, day = [*numbers, 1, 1][:3]
                try:
                    day_date = date(year, month, day)
                except ValueError:
                    pass
                else:
                    precision = (DatePrecision.YEAR, DatePrecision.MONTH, DatePrecision.DAY)
                    return day_date, precision[len(parts) - 1]
        self.bad(field, f"must be a YYYY, YYYY-MM or YYYY-MM-DD date, got {value!r:.60}")
        return None, DatePrecision.DAY

    def prices(self, data: Mapping[str, Any], prefix: str) -> dict[str, Decimal | None]:
        return {name: self.price(data.get(name), f"{prefix}.{name}") for name in PRICE_FIELDS}

    def cost(self, value: object, at: str = "cost") -> Cost:
        if isinstance(value, Cost):
            return value
        allowed = {*PRICE_FIELDS, "tiers"} | ({"extra"} if at == "cost" else set())
        data = self.mapping(value, at, allowed)
        tiers: list[CostTier] = []
        raw_tiers = data.get("tiers") or ()
        if not isinstance(raw_tiers, list | tuple):
            self.bad(f"{at}.tiers", "must be a list")
            raw_tiers = ()
        for index, raw in enumerate(raw_tiers):
            if isinstance(raw, CostTier):
                tiers.append(raw)
                continue
            where = f"{at}.tiers[{index}]"
            tier = self.mapping(raw, where, {*PRICE_FIELDS, "above"})
            above = self.integer(tier.get("above"), f"{where}.above")
            if above is None and "above" not in tier:
                self.bad(f"{where}.above", "is required")
            prices = self.prices(tier, where)
            if above is not None:
                tiers.append(CostTier(above=above, **prices))
        thresholds = [t.above for t in tiers]
        if thresholds != sorted(set(thresholds)):
            self.bad(f"{at}.tiers", "thresholds must be distinct and in increasing order")
        extra = self.extra(data.get("extra")) if data.get("extra") is not None else None
        return Cost(**self.prices(data, at), tiers=tuple(tiers), extra=extra)

    def extra(self, value: object) -> ExtraPrices:
        """`cost.extra`: service tiers, the 1-hour cache write, unit prices."""
        from llm_catalog._extra import SEARCH_CONTEXTS, SERVICE_TIERS, UNIT_PRICES

        if isinstance(value, ExtraPrices):
            return value
        units = ("cache_write_1h", *UNIT_PRICES)
        data = self.mapping(
            value, "cost.extra", {*SERVICE_TIERS, *units, "web_search", "image_prices"}
        )
        sheets: dict[str, Any] = {
            name: self.cost(data[name], f"cost.extra.{name}")
            for name in SERVICE_TIERS
            if data.get(name) is not None
        }
        prices: dict[str, Any] = {
            name: self.price(data.get(name), f"cost.extra.{name}") for name in units
        }
        search = self.mapping(data.get("web_search"), "cost.extra.web_search", SEARCH_CONTEXTS)
        found = (
            (size, self.price(search.get(size), f"cost.extra.web_search.{size}"))
            for size in SEARCH_CONTEXTS
        )
        web_search = tuple((size, price) for size, price in found if price is not None)
        images = self.image_prices(data.get("image_prices"))
        return ExtraPrices(**sheets, **prices, web_search=web_search, image_prices=images)

    def image_prices(self, value: object) -> tuple[tuple[str | None, str, Decimal], ...]:
        """`cost.extra.image_prices`: rows `{"quality", "size", "price"}`, one per
        quality and size."""
        import re

        from llm_catalog._extra import IMAGE_QUALITIES

        at = "cost.extra.image_prices"
        if value is None:
            return ()
        if not isinstance(value, list | tuple):
            self.bad(at, "must be a list")
            return ()
        rows: list[tuple[str | None, str, Decimal]] = []
        for index, item in enumerate(value):
            where = f"{at}[{index}]"
            raw = item
            if isinstance(item, tuple) and len(item) == 3:  # an `ExtraPrices` row
                raw = {"quality": item[0], "size": item[1], "price": item[2]}
            row = self.mapping(raw, where, ("quality", "size", "price"))
            quality, size = row.get("quality"), row.get("size")
            if quality is not None and quality not in IMAGE_QUALITIES:
                self.bad(f"{where}.quality", f"must be one of {', '.join(IMAGE_QUALITIES)}")
                continue
            if not isinstance(size, str) or not re.fullmatch(r"[1-9][0-9]*x[1-9][0-9]*", size):
                self.bad(f"{where}.size", f"must be WIDTHxHEIGHT in pixels, got {size!r:.40}")
                continue
            price = self.price(row.get("price"), f"{where}.price")
            if price is None:
                if "price" not in row:
                    self.bad(f"{where}.price", "is required")
                continue
            if any((q, s) == (quality, size) for q, s, _ in rows):
                self.bad(where, f"a second price for quality {quality} and size {size}")
                continue
            rows.append((quality, size, price))
        return tuple(rows)

    def limits(self, value: object) -> Limits:
        if isinstance(value, Limits):
            return value
        data = self.mapping(value, "limits", ("context", "input", "output"))
        return Limits(
            context=self.integer(data.get("context"), "limits.context"),
            input=self.integer(data.get("input"), "limits.input"),
            output=self.integer(data.get("output"), "limits.output"),
        )

    def modalities(self, value: object) -> Modalities:
        if isinstance(value, Modalities):
            return value
        data = self.mapping(value, "modalities", ("input", "output"))
        return Modalities(
            input=self.enum_set(data.get("input"), "modalities.input", Modality),
            output=self.enum_set(data.get("output"), "modalities.output", Modality),
        )

    def operational(self, name: str, value: object) -> object:
        cls, names, upper = _OPERATIONAL[name]
        if value is None or isinstance(value, cls):
            return value
        data = self.mapping(value, name, names)
        values: dict[str, object] = {}
        for key in names:
            if name == "rate_limits":
                values[key] = self.integer(data.get(key), f"{name}.{key}")
            else:
                values[key] = self.number(data.get(key), f"{name}.{key}", upper)
        return cls(**values)

    def read_model(self, provider: Provider, mid: object, raw: object) -> Model | None:
        """One model from snapshot-shaped data (`model_data` is the inverse)."""
        self.model = str(mid)
        before = len(self.problems)
        data = self.mapping(raw, "", _MODEL_KEYS)
        if not isinstance(raw, dict | MappingProxyType):
            return None
        model_id = self.string(data.get("id", mid), "id")
        if model_id is not None and model_id != mid:
            self.bad("id", f"differs from its key {mid!r:.60}")
        name = self.string(data.get("name", model_id), "name")
        # read in field order, so that problems are listed in that order
        limits = self.limits(data.get("limits"))
        cost = self.cost(data.get("cost"))
        modalities = self.modalities(data.get("modalities"))
        capabilities = self.enum_set(data.get("capabilities"), "capabilities", Capability)
        kind_raw = data.get("kind", "chat")
        kind = Kind.CHAT
        try:
            kind = Kind(kind_raw)
        except ValueError:
            known_kinds = ", ".join(k.value for k in Kind)
            self.bad("kind", f"unknown kind {kind_raw!r:.60} (known: {known_kinds})")
        family = self.string(data.get("family"), "family", optional=True)
        status_raw = data.get("status", "active")
        status = Status.ACTIVE
        try:
            status = Status(status_raw)
        except ValueError:
            known = ", ".join(s.value for s in Status)
            self.bad("status", f"unknown status {status_raw!r:.60} (known: {known})")
        open_weights = data.get("open_weights")
        if open_weights is not None and not isinstance(open_weights, bool):
            self.bad("open_weights", f"must be true, false or null, got {open_weights!r:.60}")
        dates = {name: self.partial_date(data.get(name), name) for name in _DATE_FIELDS}
        aliases = data.get("aliases", ())
        if not isinstance(aliases, list | tuple) or not all(isinstance(a, str) for a in aliases):
            self.bad("aliases", f"must be a list of model ids, got {aliases!r:.60}")
            aliases = ()
        deprecation_date, _ = self.partial_date(data.get("deprecation_date"), "deprecation_date")
        replacement = self.string(data.get("replacement"), "replacement", optional=True)
        built = Model(
            id=model_id or "",
            provider=provider,
            name=name or "",
            limits=limits,
            cost=cost,
            modalities=modalities,
            capabilities=capabilities,
            kind=kind,
            family=family,
            status=status,
            open_weights=open_weights if isinstance(open_weights, bool) else None,
            knowledge=dates["knowledge"][0],
            release_date=dates["release_date"][0],
            last_updated=dates["last_updated"][0],
            knowledge_precision=dates["knowledge"][1],
            release_date_precision=dates["release_date"][1],
            last_updated_precision=dates["last_updated"][1],
            aliases=tuple(aliases),
            deprecation_date=deprecation_date,
            replacement=replacement,
            rate_limits=self.operational("rate_limits", data.get("rate_limits")),  # type: ignore[arg-type]
            latency=self.operational("latency", data.get("latency")),  # type: ignore[arg-type]
            quality=self.operational("quality", data.get("quality")),  # type: ignore[arg-type]
        )
        return built if len(self.problems) == before else None

    def read_provider(self, pid: object, raw: object) -> tuple[ProviderInfo, list[Model]] | None:
        self.provider, self.model = str(pid), None
        data = self.mapping(raw, "", _PROVIDER_KEYS)
        if not isinstance(raw, dict | MappingProxyType):
            return None
        before = len(self.problems)
        provider_id = self.string(data.get("id", pid), "id")
        if provider_id is not None and provider_id != pid:
            self.bad("id", f"differs from its key {pid!r:.60}")
        env = data.get("env", ())
        if not isinstance(env, list | tuple) or not all(isinstance(v, str) for v in env):
            self.bad("env", f"must be a list of variable names, got {env!r:.60}")
            env = ()
        info = ProviderInfo(
            id=_provider_id(str(pid)),
            name=self.string(data.get("name", pid), "name") or "",
            module=_module_of(str(pid)),
            env=tuple(env),
            doc=self.string(data.get("doc"), "doc", optional=True),
            api=self.string(data.get("api"), "api", optional=True),
            npm=self.string(data.get("npm"), "npm", optional=True),
        )
        models_raw = data.get("models", {})
        if not isinstance(models_raw, dict):
            self.bad("models", "must be an object of models by id")
            models_raw = {}
        models = []
        for mid, raw_model in models_raw.items():
            model = self.read_model(info.id, mid, raw_model)
            if model is not None:
                models.append(model)
        self.model = None
        return (info, models) if len(self.problems) == before else None

    def fail_if_any(self, source: str) -> None:
        if self.problems:
            raise CatalogDataError(source, self.problems)


def _module_of(pid: str) -> str:
    """The `llm_catalog` module of a packaged provider; `""` for any other."""
    from llm_catalog._data.providers import PROVIDER_MODULES

    return PROVIDER_MODULES.get(pid, "")


# -- writing ------------------------------------------------------------------------


def _price_text(value: Decimal) -> str:
    return format(value, "f")


def _date_text(value: date, precision: DatePrecision) -> str:
    if precision is DatePrecision.YEAR:
        return f"{value.year:04d}"
    if precision is DatePrecision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def _prices_data(obj: Cost | CostTier) -> dict[str, str]:
    return {
        name: _price_text(getattr(obj, name))
        for name in PRICE_FIELDS
        if getattr(obj, name) is not None
    }


def model_data(model: Model) -> dict[str, Any]:
    """A model in the snapshot's JSON shape: defaults left out, prices as exact
    decimal strings, sets as sorted lists, partial dates as `YYYY[-MM[-DD]]`."""
    data: dict[str, Any] = {"id": model.id, "name": model.name}
    limits = {k: v for k in ("context", "input", "output") if (v := getattr(model.limits, k))}
    if limits:
        data["limits"] = limits
    cost: dict[str, Any] = _prices_data(model.cost)
    if model.cost.tiers:
        cost["tiers"] = [{"above": t.above, **_prices_data(t)} for t in model.cost.tiers]
    if model.cost.extra is not None:
        cost["extra"] = extra_data(model.cost.extra)
    if cost:
        data["cost"] = cost
    modalities = {
        side: sorted(m.value for m in getattr(model.modalities, side))
        for side in ("input", "output")
        if getattr(model.modalities, side)
    }
    if modalities:
        data["modalities"] = modalities
    if model.capabilities:
        data["capabilities"] = sorted(c.value for c in model.capabilities)
    if model.kind is not Kind.CHAT:
        data["kind"] = model.kind.value
    if model.family is not None:
        data["family"] = model.family
    if model.status is not Status.ACTIVE:
        data["status"] = model.status.value
    if model.open_weights is not None:
        data["open_weights"] = model.open_weights
    for name in _DATE_FIELDS:
        value = getattr(model, name)
        if value is not None:
            data[name] = _date_text(value, getattr(model, f"{name}_precision"))
    if model.aliases:
        data["aliases"] = list(model.aliases)
    if model.deprecation_date is not None:
        data["deprecation_date"] = model.deprecation_date.isoformat()
    if model.replacement is not None:
        data["replacement"] = model.replacement
    for name, (_, names, _) in _OPERATIONAL.items():
        value = getattr(model, name)
        if value is not None:
            data[name] = {k: v for k in names if (v := getattr(value, k)) is not None}
    return data


def provider_data(info: ProviderInfo) -> dict[str, Any]:
    """A provider's metadata in the snapshot's JSON shape (without its models)."""
    data: dict[str, Any] = {"id": info.id.value, "name": info.name}
    if info.env:
        data["env"] = list(info.env)
    for name in ("doc", "api", "npm"):
        if getattr(info, name) is not None:
            data[name] = getattr(info, name)
    return data


# -- the catalog --------------------------------------------------------------------


def _sort_key(model: Model) -> tuple[str, str]:
    return (model.provider.value, model.id)


_packaged: Catalog | None = None


class Catalog:
    """An immutable set of providers and models.

    `models` is a tuple in catalog order (provider id, then model id: the order of
    `all_models()`), `by_key` maps `provider:model_id` keys to models, `providers`
    maps provider ids to `ProviderInfo`. Query functions take a catalog through
    these three attributes.
    """

    __slots__ = ("_index", "by_key", "data_date", "models", "origin", "providers", "version")

    models: tuple[Model, ...]
    by_key: Mapping[str, Model]
    providers: Mapping[str, ProviderInfo]
    data_date: str | None
    """The data date of the snapshot the catalog started from (`YYYY-MM-DD`)."""
    version: str | None
    """The release or snapshot version the catalog started from."""
    origin: str
    """Where the catalog came from: `"packaged"`, a file path, or how it was derived."""

    def __init__(
        self,
        models: Iterable[Model],
        providers: Iterable[ProviderInfo],
        *,
        data_date: str | None = None,
        version: str | None = None,
        origin: str = "custom",
    ) -> None:
        ordered = tuple(sorted(models, key=_sort_key))
        by_key: dict[str, Model] = {}
        duplicates = []
        for model in ordered:
            if by_key.setdefault(model.key, model) is not model:
                duplicates.append(model.key)
        if duplicates:
            raise CatalogDataError(
                origin,
                [
                    Problem(k.split(":")[0], k.partition(":")[2], None, "duplicate key")
                    for k in duplicates
                ],
            )
        infos = {p.id.value: p for p in providers}
        for model in ordered:  # every model's provider is described
            pid = model.provider.value
            if pid not in infos:
                infos[pid] = ProviderInfo(id=model.provider, name=pid, module=_module_of(pid))
        setter = object.__setattr__
        setter(self, "models", ordered)
        setter(self, "by_key", MappingProxyType(by_key))
        setter(self, "providers", MappingProxyType(dict(sorted(infos.items()))))
        setter(self, "data_date", data_date)
        setter(self, "version", version)
        setter(self, "origin", origin)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Catalog is immutable; use extend() or override() ({name})")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"Catalog is immutable ({name})")

    # -- construction --------------------------------------------------------------

    @classmethod
    def packaged(cls) -> Catalog:
        """The catalog this release ships: every model of `all_models()`, the very
        same constants. Built on first use (it imports every provider module), then
        shared."""
        global _packaged  # noqa: PLW0603  (built once, on demand)
        if _packaged is None:
            from llm_catalog._lookup import all_models, providers

            _packaged = cls(
                all_models(),
                providers(),
                data_date=DATA_DATE,
                version=__version__,
                origin="packaged",
            )
        return _packaged

    @classmethod
    def from_data(cls, data: Mapping[str, Any], *, origin: str = "data") -> Catalog:
        """A catalog from snapshot-shaped data: `{"manifest": {...}, "providers":
        {provider_id: {..., "models": {model_id: {...}}}}}` (the format of
        `llm-catalog export --format json`). Raises `IncompatibleSnapshotError` for
        another schema version and `CatalogDataError` listing every bad field."""
        if not isinstance(data, dict) or not isinstance(data.get("manifest"), dict):
            raise CatalogDataError(origin, [Problem(None, None, "manifest", "is missing")])
        manifest = data["manifest"]
        check_schema_version(manifest.get("schema_version"), origin)
        reader = _Reader()
        providers_raw = data.get("providers")
        if not isinstance(providers_raw, dict):
            raise CatalogDataError(origin, [Problem(None, None, "providers", "is missing")])
        infos, models = [], []
        for pid, raw in providers_raw.items():
            found = reader.read_provider(pid, raw)
            if found is not None:
                infos.append(found[0])
                models.extend(found[1])
        reader.fail_if_any(origin)
        data_date = manifest.get("date")
        version = manifest.get("version")
        return cls(
            models,
            infos,
            data_date=data_date if isinstance(data_date, str) else None,
            version=version if isinstance(version, str) else None,
            origin=origin,
        )

    @classmethod
    def fetch(
        cls,
        url: str,
        *,
        sha256: str | None = None,
        timeout: float = 30.0,
        max_bytes: int = 64 * 1024 * 1024,
        allow_http: bool = False,
    ) -> Catalog:
        """Download the catalog document a release publishes
        (`llm-catalog-VERSION.json`, written by `python -m generator bundle`) and
        read it like `load` does. Only this call touches the network.

        `url` is `https://` (or `http://` on a loopback host; other `http://` URLs
        need `allow_http=True` and a `sha256`). `sha256` (hex, from the release's
        `.sha256` asset) is checked when given. `timeout` bounds the whole
        download, redirects included; reading stops past `max_bytes`.

        Raises `CatalogFetchError` (naming the URL and what was wrong) for a refused
        URL or redirect, a timeout, an HTTP error, a body too large or cut short, a
        sha256 mismatch, or a document that is not an llm-catalog bundle;
        `IncompatibleSnapshotError` for another schema version; `CatalogDataError`
        listing every bad field of the catalog in it.
        """
        if not isinstance(url, str):
            raise TypeError(f"url must be a str, got {type(url).__name__}")
        if (
            isinstance(timeout, bool)
            or not isinstance(timeout, int | float)
            or not 0 < timeout < float("inf")
        ):
            raise ValueError(f"timeout must be a positive number of seconds, got {timeout!r}")
        if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 1:
            raise ValueError(f"max_bytes must be a whole number of at least 1, got {max_bytes!r}")
        pinned = None
        if sha256 is not None:
            pinned = sha256.strip().lower() if isinstance(sha256, str) else ""
            if len(pinned) != 64 or any(c not in "0123456789abcdef" for c in pinned):
                raise ValueError(f"sha256 must be 64 hexadecimal digits, got {sha256!r:.80}")
        from llm_catalog import _fetch

        body, content_type = _fetch.download(
            url, sha256=pinned, timeout=float(timeout), max_bytes=max_bytes, allow_http=allow_http
        )
        data = _fetch.decode(url, body, content_type)
        return cls.from_data(data, origin=_fetch.shown(url))

    @classmethod
    def load(cls, path: str | PathLike[str]) -> Catalog:
        """Read a catalog from disk: a snapshot directory (`manifest.json` and
        `catalog.json`, as the generator writes them), a directory of dated
        snapshots (the newest is read), or one JSON file written by
        `llm-catalog export --format json`. URLs are for `fetch`."""
        if isinstance(path, str) and path.lower().startswith(("https://", "http://")):
            raise ValueError(f"Catalog.load reads files; use Catalog.fetch({path!r:.100})")
        where = Path(path)
        if where.is_dir() and not (where / "manifest.json").exists():
            dated = sorted(
                p for p in where.iterdir() if p.is_dir() and (p / "manifest.json").exists()
            )
            if not dated:
                raise FileNotFoundError(f"no snapshot (manifest.json) in {where}")
            where = dated[-1]
        try:
            if where.is_dir():
                data = {
                    "manifest": json.loads((where / "manifest.json").read_text("utf-8")),
                    "providers": json.loads((where / "catalog.json").read_text("utf-8")),
                }
            else:
                data = json.loads(where.read_text("utf-8"))
        except json.JSONDecodeError as exc:
            raise CatalogDataError(
                str(where), [Problem(None, None, None, f"not JSON: {exc}")]
            ) from None
        return cls.from_data(data, origin=str(where))

    # -- derivation ----------------------------------------------------------------

    def extend(
        self,
        models: Iterable[Model | Mapping[str, Any]],
        providers: Iterable[ProviderInfo | Mapping[str, Any]] = (),
    ) -> Catalog:
        """A new catalog with `models` added. Each is a `Model` or a mapping in the
        snapshot's model shape plus a `"provider"` id (`{"provider": "my-lab",
        "id": "llama-ft", "name": ..., "limits": {"context": 8192}, ...}`).
        Providers not in the catalog are added (with `providers` metadata when
        given). Keys already in the catalog are refused: use `override`."""
        reader = _Reader()
        infos = dict(self.providers)
        for index, raw in enumerate(providers):
            if isinstance(raw, ProviderInfo):
                infos[raw.id.value] = raw
                continue
            pid = raw.get("id") if isinstance(raw, dict) else None
            found = reader.read_provider(
                pid if isinstance(pid, str) else f"#{index}", {**raw, "models": {}}
            )
            if found is not None:
                infos[found[0].id.value] = found[0]
        added: list[Model] = []
        for index, item in enumerate(models):
            if isinstance(item, Model):
                added.append(item)
                continue
            reader.provider, reader.model = None, None
            if not isinstance(item, dict | MappingProxyType):
                reader.bad(None, f"model #{index} must be a Model or a mapping")
                continue
            pid = item.get("provider")
            if not isinstance(pid, str) or not pid:
                reader.model = str(item.get("id", f"#{index}"))
                reader.bad("provider", "is required (a provider id)")
                continue
            reader.provider = pid
            data = {k: v for k, v in item.items() if k != "provider"}
            model = reader.read_model(_provider_id(pid), data.get("id"), data)
            if model is not None:
                added.append(model)
        for model in added:
            if model.key in self.by_key:
                reader.provider, reader.model = model.provider.value, model.id
                reader.bad(None, "already in the catalog; use override() to change it")
        reader.fail_if_any("extend()")
        return Catalog(
            (*self.models, *added),
            infos.values(),
            data_date=self.data_date,
            version=self.version,
            origin=f"{self.origin} + extend",
        )

    def override(self, key: str, /, **changes: Any) -> Catalog:
        """A new catalog where model `key` has `changes` applied (the packaged
        constant is never modified; the new model is a `dataclasses.replace` copy).

        Values may be the runtime types (`Cost(...)`, `Status.DISABLED`,
        `frozenset({Capability.TOOL_CALL})`, `date(...)`) or their JSON forms
        (`"disabled"`, `["tool_call"]`, `"2025-03"`). A mapping given for a nested
        value (`cost`, `limits`, `modalities`, `rate_limits`, `latency`, `quality`)
        changes only the keys it names: `override(k, cost={"input": "0.4"})`
        keeps the other prices. `id` and `provider` cannot be changed.
        """
        model = self.get(key)
        reader = _Reader()
        reader.provider, reader.model = model.provider.value, model.id
        current = model_data(model)
        merged = dict(current)
        for name, value in changes.items():
            if name not in _MODEL_KEYS or name == "id":
                reader.bad(
                    name, "unknown field" if name not in _MODEL_FIELDS else "cannot be overridden"
                )
                continue
            if isinstance(value, dict) and isinstance(current.get(name, {}), dict):
                merged[name] = {**current.get(name, {}), **value}
                merged[name] = {k: v for k, v in merged[name].items() if v is not None}
            else:
                merged[name] = value
        parsed = reader.read_model(model.provider, model.id, merged)
        reader.fail_if_any(f"override({key!r})")
        assert parsed is not None
        replaced: dict[str, Any] = {}
        for name in changes:
            replaced[name] = getattr(parsed, name)
            if name in _DATE_FIELDS:
                replaced[f"{name}_precision"] = getattr(parsed, f"{name}_precision")
        new_model = replace(model, **replaced)
        # Same keys, same order: swap one entry instead of sorting and checking again.
        index = next(i for i, m in enumerate(self.models) if m is model)
        derived = object.__new__(Catalog)
        by_key = dict(self.by_key)
        by_key[model.key] = new_model
        setter = object.__setattr__
        setter(derived, "models", (*self.models[:index], new_model, *self.models[index + 1 :]))
        setter(derived, "by_key", MappingProxyType(by_key))
        setter(derived, "providers", self.providers)
        setter(derived, "data_date", self.data_date)
        setter(derived, "version", self.version)
        setter(derived, "origin", f"{self.origin} + override")
        return derived

    # -- reading -------------------------------------------------------------------

    def get(self, key: str) -> Model:
        """The model with key `provider:model_id` (or `provider/model_id`); raises
        `UnknownModelError` (a `KeyError`) with close matches."""
        found = self.by_key.get(key)
        if found is not None:
            return found
        provider, sep, model_id = key.partition("/") if isinstance(key, str) else ("", "", "")
        if sep and provider in self.providers:
            found = self.by_key.get(f"{provider}:{model_id}")
            if found is not None:
                return found
        import difflib

        from llm_catalog._lookup import UnknownModelError

        raise UnknownModelError(key, difflib.get_close_matches(str(key), self.by_key, n=3))

    def __iter__(self) -> Iterator[Model]:
        return iter(self.models)

    def __len__(self) -> int:
        return len(self.models)

    def __contains__(self, key: object) -> bool:
        return key in self.by_key

    def __repr__(self) -> str:
        return (
            f"<Catalog {self.origin!r}: {len(self.models)} models, "
            f"{len(self.providers)} providers, data {self.data_date}>"
        )

    def to_data(self) -> dict[str, Any]:
        """The catalog as snapshot-shaped data (what `from_data` reads back)."""
        by_provider: dict[str, dict[str, Any]] = {
            pid: {**provider_data(info), "models": {}} for pid, info in self.providers.items()
        }
        for model in self.models:
            by_provider[model.provider.value]["models"][model.id] = model_data(model)
        manifest: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "date": self.data_date,
            "version": self.version,
            "providers": len(self.providers),
            "models": len(self.models),
        }
        if self.origin == "packaged":
            manifest["sources"] = [
                {"name": "models.dev", "url": SOURCE_URL, "sha256": SOURCE_SHA256}
            ]
        return {"manifest": manifest, "providers": by_provider}
