"""Lifecycle at the data date: which models are announced for retirement, which are retired.

Run on the merged catalog (after `generator.hosts` has carried retirement dates
to hosted copies). Every source's dates count, because the merge has already
put the winning one in `deprecation_date`: LiteLLM's `deprecation_date`,
OpenRouter's `expiration_date`, an override's `deprecation_date`, and a date
inherited from the model a copy serves. models.dev's own `status` is the
starting point.

The rule (`llm_catalog._rules.status_on`, which `Model.status_at` mirrors at
runtime), on the snapshot's date:

- a model whose `deprecation_date` is on or before the data date is `retired`:
  a source still lists it, but the provider no longer serves it;
- a model whose `deprecation_date` is after the data date is `deprecated`: still
  served, its retirement announced (an `active`, `alpha` or `beta` model with a
  date ahead becomes `deprecated`);
- a model with no date keeps its status (models.dev's `deprecated` without a
  date stays `deprecated`: nobody says it is gone);
- `maintenance`, `disabled` (operational) and `removed` (tombstones) are kept.

Statuses are facts of the release: they stay true in the shipped package, and a
later day is asked with `Model.status_at(day)`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping

from generator import schema
from llm_catalog._rules import status_on


def _day(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def derive(
    providers: Mapping[str, schema.Provider], date: str
) -> tuple[dict[str, schema.Provider], Counter[str]]:
    """`providers` with every status derived at the data date `date` (YYYY-MM-DD),
    and a count of the changes by `before -> after`."""
    when = _day(date)
    changes: Counter[str] = Counter()
    result: dict[str, schema.Provider] = {}
    for pid, provider in providers.items():
        changed: dict[str, schema.Model] = {}
        for mid, model in provider.models.items():
            retires = _day(model.deprecation_date) if model.deprecation_date else None
            status = status_on(model.status, retires, when)
            if status != model.status:
                changes[f"{model.status} -> {status}"] += 1
                changed[mid] = model.model_copy(update={"status": status})
        result[pid] = (
            provider.model_copy(update={"models": {**provider.models, **changed}})
            if changed
            else provider
        )
    return result, changes
