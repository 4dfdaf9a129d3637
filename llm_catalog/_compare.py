"""Models side by side: `compare()`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from llm_catalog._model import PRICE_FIELDS

TYPE_CHECKING: bool = False
if TYPE_CHECKING:
    from collections.abc import Iterable

    from llm_catalog._catalog import Catalog
    from llm_catalog._model import Model

__all__ = ["Comparison", "compare"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Comparison:
    """A table: one column per model, one row per attribute.

    `rows` holds `(attribute, values)` with one typed value per model (`None` where
    the data says nothing): limits are ints, prices `Decimal` USD per 1M tokens,
    capabilities and modalities bools, dates `datetime.date`.
    """

    models: tuple[Model, ...]
    rows: tuple[tuple[str, tuple[object, ...]], ...]

    @property
    def keys(self) -> tuple[str, ...]:
        """The column headers: model keys."""
        return tuple(m.key for m in self.models)

    def row(self, attribute: str) -> tuple[object, ...]:
        """The values of one attribute, in column order."""
        for name, values in self.rows:
            if name == attribute:
                return values
        raise KeyError(attribute)

    def as_dict(self) -> dict[str, object]:
        """JSON-ready: every value as a string, number, bool or null."""
        return {
            "models": list(self.keys),
            "rows": {name: [_json(v) for v in values] for name, values in self.rows},
        }


def _json(value: object) -> object:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    return value


def compare(models: Iterable[Model | str], *, catalog: Catalog | None = None) -> Comparison:
    """Models side by side (each a `Model` or a name `resolve()` accepts); names
    are resolved, and quality tiers computed, in `catalog` (default: the packaged
    one)."""
    from llm_catalog._data.enums import Capability, Modality
    from llm_catalog._query import quality_tier
    from llm_catalog._resolve import resolve

    chosen = tuple(m if not isinstance(m, str) else resolve(m, catalog=catalog) for m in models)
    if not chosen:
        raise ValueError("compare() needs at least one model")

    def tiers(m: Model) -> str | None:
        if not m.cost.tiers:
            return None
        return "; ".join(
            f"above {t.above:,}: in {_json(t.input)} / out {_json(t.output)}" for t in m.cost.tiers
        )

    rows: list[tuple[str, tuple[object, ...]]] = [
        ("name", tuple(m.name for m in chosen)),
        ("provider", tuple(m.provider.value for m in chosen)),
        ("kind", tuple(m.kind.value for m in chosen)),
        ("family", tuple(m.family for m in chosen)),
        ("status", tuple(m.status.value for m in chosen)),
        ("quality", tuple(quality_tier(m, catalog=catalog) for m in chosen)),
        ("context", tuple(m.limits.context for m in chosen)),
        ("max_input", tuple(m.limits.input for m in chosen)),
        ("max_output", tuple(m.limits.output for m in chosen)),
    ]
    rows += [(f"price_{p}", tuple(getattr(m.cost, p) for m in chosen)) for p in PRICE_FIELDS]
    rows.append(("price_tiers", tuple(tiers(m) for m in chosen)))
    rows += [(f"can_{c.value}", tuple(c in m.capabilities for m in chosen)) for c in Capability]
    rows += [(f"in_{x.value}", tuple(x in m.modalities.input for m in chosen)) for x in Modality]
    rows += [(f"out_{x.value}", tuple(x in m.modalities.output for m in chosen)) for x in Modality]
    rows += [
        ("open_weights", tuple(m.open_weights for m in chosen)),
        ("knowledge", tuple(m.knowledge for m in chosen)),
        ("release_date", tuple(m.release_date for m in chosen)),
        ("last_updated", tuple(m.last_updated for m in chosen)),
    ]
    return Comparison(models=chosen, rows=tuple(rows))
