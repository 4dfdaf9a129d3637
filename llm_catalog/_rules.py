"""The catalog's derivation rules, as pure functions on plain values.

Quality tiers, default models, aliases and long-context discounts are computed
twice: by the generator, which renders them into `_data/search.py` and `_data/aliases.py`
for the packaged catalog, and at runtime (`llm_catalog._catalog_index`) for any
other `Catalog`. Both call these functions, so both follow the same rules. The
rules themselves are documented in `generator/indexes.py` and
`generator/aliases.py` (and docs/querying.md, "Asking questions").

Hand-written, no imports beyond the standard library; the generator may import
it, never the other way round.
"""

from __future__ import annotations

import re
from datetime import date

TYPE_CHECKING: bool = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence
    from decimal import Decimal

__all__ = [
    "QUALITY_TIERS",
    "AliasConflictError",
    "DefaultCandidate",
    "choose_default",
    "provider_aliases",
    "quality_tiers",
    "status_on",
    "tier_discount",
]

QUALITY_TIERS = ("best", "balanced", "cheap")


def quality_tiers(priced: Mapping[str, Decimal]) -> dict[str, str]:
    """Model id -> quality tier, from the output prices of one provider's priced
    text models (`priced`: model id -> output price). A model's percentile is the
    share of the others that are strictly cheaper: at or above 2/3 `best`, below
    1/3 `cheap`, otherwise `balanced` (a lone priced model is `balanced`)."""
    tiers: dict[str, str] = {}
    others = len(priced) - 1
    for mid, price in priced.items():
        if others == 0:
            tiers[mid] = "balanced"
            continue
        cheaper = sum(1 for p in priced.values() if p < price)
        # share = cheaper / others, compared with 2/3 and 1/3 in exact integers
        if cheaper * 3 >= others * 2:
            tiers[mid] = "best"
        elif cheaper * 3 < others:
            tiers[mid] = "cheap"
        else:
            tiers[mid] = "balanced"
    return tiers


KEPT_STATUSES = frozenset({"maintenance", "disabled", "removed"})
"""Statuses a retirement date does not change: operational ones, and tombstones."""


def status_on(status: str, retires: date | None, when: date) -> str:
    """A model's lifecycle status on the day `when`, from its status at the data
    date and its retirement date (`deprecation_date`): from the retirement date on,
    `retired`; before it, `deprecated` (the retirement is announced). Without a
    date, and for the operational statuses and `removed`, the status is kept.
    `Model.status_at` applies the same rule (inlined there: it imports nothing)."""
    if retires is None or status in KEPT_STATUSES:
        return status
    return "retired" if when >= retires else "deprecated"


DefaultCandidate = tuple[str, bool, bool, bool, int]
"""`(model id, active, reads and writes text, calls tools, release date ordinal or 0)`."""


def choose_default(candidates: Sequence[DefaultCandidate], tiers: Mapping[str, str]) -> str | None:
    """The default model id of a provider with no explicit choice: the newest of
    its active text models with tool calling, preferring the `balanced` tier, then
    shorter ids, then id order; requirements are dropped one at a time (tools,
    then text, then active) when nothing meets them. `None` without models."""
    if not candidates:
        return None
    rules = ((1, 2, 3), (1, 2), (1,), ())
    chosen: list[DefaultCandidate] = []
    for rule in rules:
        chosen = [c for c in candidates if all(c[i] for i in rule)]
        if chosen:
            break
    balanced = [c for c in chosen if tiers.get(c[0]) == "balanced"]
    pool = balanced or chosen
    return min(pool, key=lambda c: (-c[4], len(c[0]), c[0]))[0]


def tier_discount(
    base_input: Decimal | None,
    base_output: Decimal | None,
    tiers: Iterable[tuple[Decimal | None, Decimal | None]],
) -> bool:
    """Whether a long-context tier (`(input, output)` prices) makes input or output
    cheaper than the base price, or prices it where the base price is missing."""
    for tier_input, tier_output in tiers:
        for base, tiered in ((base_input, tier_input), (base_output, tier_output)):
            if tiered is not None and (base is None or tiered < base):
                return True
    return False


class AliasConflictError(ValueError):
    """Two models of one provider claim the same alias in their data."""

    def __init__(self, alias: str, first: str, second: str) -> None:
        super().__init__(
            f"alias {alias!r} (field aliases) is claimed by models {first!r} and {second!r}"
        )
        self.alias = alias
        self.first = first
        self.second = second


_DATED = re.compile(r"^(?P<base>.+?)(?:-(?P<iso>\d{4}-\d{2}-\d{2})|[-@](?P<compact>20\d{6}))$")


def snapshot_date(model_id: str) -> tuple[str, date] | None:
    """`(base, day)` for an id ending in a real calendar date (`-YYYY-MM-DD`,
    `-YYYYMMDD` or `@YYYYMMDD`), else `None`."""
    match = _DATED.match(model_id)
    if match is None:
        return None
    text = match["iso"] or match["compact"]
    digits = text.replace("-", "")
    try:
        day = date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None
    return match["base"], day


def provider_aliases(models: Iterable[tuple[str, Sequence[str]]]) -> dict[str, str]:
    """Alias -> model id for one provider's models (`(id, aliases from the data)`
    in catalog order), sorted by alias. Rules: a real id always wins; data aliases
    first (two models claiming one raises `AliasConflictError`); `X-latest` makes
    `X` an alias; a dated snapshot makes its base an alias of the newest snapshot;
    an id with capitals is also known in lower case when that is unique."""
    listed = list(models)
    ids = {mid for mid, _ in listed}
    aliases: dict[str, str] = {}
    for mid, given in listed:
        for alias in given:
            if alias in ids:
                continue
            if aliases.setdefault(alias, mid) != mid:
                raise AliasConflictError(alias, aliases[alias], mid)
    for mid, _ in listed:
        if mid.endswith("-latest"):
            base = mid.removesuffix("-latest")
            if base and base not in ids:
                aliases.setdefault(base, mid)
    newest: dict[str, tuple[date, str]] = {}
    for mid, _ in listed:
        found = snapshot_date(mid)
        if found is None:
            continue
        base, day = found
        if base in ids or base in aliases:
            continue
        if base not in newest or (day, mid) > newest[base]:
            newest[base] = (day, mid)
    for base, (_, mid) in newest.items():
        aliases[base] = mid
    folded: dict[str, list[str]] = {}
    for mid, _ in listed:
        folded.setdefault(mid.lower(), []).append(mid)
    for lower, owners in folded.items():
        if len(owners) == 1 and lower not in ids and lower not in aliases:
            aliases[lower] = owners[0]
    return dict(sorted(aliases.items()))
