"""The lifecycle and date-precision fields of a model, as every output shows them
(`llm-catalog show`, `show --json`, and the CSV, JSON Lines, SQLite and
PostgreSQL exports): one list, so that no output forgets one."""

from __future__ import annotations

TYPE_CHECKING: bool = False
if TYPE_CHECKING:
    from llm_catalog._model import Model

__all__ = ["LIFECYCLE_FIELDS", "lifecycle_values"]

LIFECYCLE_FIELDS = (
    "deprecation_date",
    "replacement",
    "removed_on",
    "aliases",
    "knowledge_precision",
    "release_date_precision",
    "last_updated_precision",
)
"""Field names, in output order (status is shown with the model's other basics)."""


def lifecycle_values(m: Model) -> dict[str, object]:
    """Those fields of `m` as plain values: dates as ISO strings, precisions as
    their names (`day`, `month`, `year`), aliases as a list."""
    return {
        "deprecation_date": None if m.deprecation_date is None else m.deprecation_date.isoformat(),
        "replacement": m.replacement,
        "removed_on": None if m.removed_on is None else m.removed_on.isoformat(),
        "aliases": list(m.aliases),
        "knowledge_precision": m.knowledge_precision.value,
        "release_date_precision": m.release_date_precision.value,
        "last_updated_precision": m.last_updated_precision.value,
    }
