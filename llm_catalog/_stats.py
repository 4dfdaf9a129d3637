"""Counts over the whole catalog: `stats()`. Read from the query indexes, so no
provider module is loaded (for another `Catalog`, from the indexes built for it)."""

from __future__ import annotations

from dataclasses import dataclass

TYPE_CHECKING: bool = False
if TYPE_CHECKING:
    from collections.abc import Mapping

    from llm_catalog._catalog import Catalog

__all__ = ["CatalogStats", "stats"]


@dataclass(frozen=True, slots=True, kw_only=True)
class CatalogStats:
    """How many models the catalog holds, by provider, capability, modality, status, kind."""

    models: int
    providers: int
    by_provider: dict[str, int]
    by_capability: dict[str, int]
    by_input_modality: dict[str, int]
    by_output_modality: dict[str, int]
    by_status: dict[str, int]
    by_kind: dict[str, int]
    by_quality: dict[str, int]
    open_weights: int
    closed_weights: int
    removed: int
    """Models no longer listed upstream, kept as tombstones (`removed_models()`);
    not among `models`. Also `by_status["removed"]`."""

    def as_dict(self) -> dict[str, object]:
        """JSON-ready."""
        return {name: getattr(self, name) for name in self.__slots__}


def stats(*, catalog: Catalog | None = None) -> CatalogStats:
    """Counts over every model of this release, or of `catalog` (deprecated ones
    included); removed models are counted apart (`removed`, `by_status["removed"]`):
    this release's tombstones, for the packaged catalog and any catalog of its data
    date (derived with `extend`/`override`, or its snapshot loaded)."""
    if catalog is None:
        from llm_catalog._data import search as s
    else:
        from llm_catalog._catalog_index import index_of

        s = index_of(catalog)  # type: ignore[assignment]

    def counts(table: Mapping[str, int]) -> dict[str, int]:
        return {name: bits.bit_count() for name, bits in table.items()}

    by_status = counts(s.STATUSES)
    from llm_catalog._data.version import DATA_DATE

    if catalog is None or catalog.data_date == DATA_DATE:
        # This release (and catalogs derived from it, as the export's price history
        # reads them) keeps its removed models apart, as tombstones.
        from llm_catalog._data.tombstones import REMOVED

        by_status["removed"] = by_status.get("removed", 0) + len(REMOVED)
    return CatalogStats(
        models=s.COUNT,
        providers=len(s.PROVIDER_RANGES if catalog is None else catalog.providers),
        by_provider={pid: stop - start for pid, (start, stop) in s.PROVIDER_RANGES.items()},
        by_capability=counts(s.CAPABILITIES),
        by_input_modality=counts(s.INPUT_MODALITIES),
        by_output_modality=counts(s.OUTPUT_MODALITIES),
        by_status=by_status,
        by_kind=counts(s.KINDS),
        by_quality=counts(s.QUALITY),
        open_weights=s.OPEN_WEIGHTS.bit_count(),
        closed_weights=s.CLOSED_WEIGHTS.bit_count(),
        removed=by_status.get("removed", 0),
    )
