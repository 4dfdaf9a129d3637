"""The catalog over time: price and capability history, release diffs.

(Removed models' tombstones are `_lookup`'s: they are `Model`s, and `Model.price_at`
reads this module, which therefore builds only prices, from `_record`.)

Hand-written. The data is `llm_catalog._data.history` (generated): the material
state (prices, limits, capabilities, modalities, status) of every model ever
listed, per release. It is parsed on the first call here, never at import of
the package or of a provider module.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from llm_catalog._data.enums import Capability
from llm_catalog._record import PRICE_FIELDS, Cost, CostTier

TYPE_CHECKING: bool = False
if TYPE_CHECKING:
    from typing import Any

__all__ = [
    "CapabilityPoint",
    "PricePoint",
    "Release",
    "capability_history",
    "diff",
    "diff_markdown",
    "price_at",
    "price_history",
    "releases",
]


@dataclass(frozen=True, slots=True)
class Release:
    """One release of the catalog: the data's date and the package version."""

    date: date
    version: str


@dataclass(frozen=True, slots=True)
class PricePoint:
    """The prices in force from release `since` on (until the next point)."""

    since: Release
    cost: Cost | None
    """`None`: the model was not listed from this release on."""
    correction: bool = False
    """Every price that differs from the point before differs only because another
    source gives it (a source was added, or a precedence rule changed): a
    correction of the data, not a price change dated `since`."""
    corrected: frozenset[str] = frozenset()
    """The price kinds (`input`, ..., `tiers`) whose difference from the point
    before is such a correction."""


@dataclass(frozen=True, slots=True)
class CapabilityPoint:
    """The capabilities in force from release `since` on (until the next point)."""

    since: Release
    capabilities: frozenset[Capability] | None
    """`None`: the model was not listed from this release on."""


class _History:
    """The parsed history data; built once."""

    def __init__(self) -> None:
        import json

        from llm_catalog._data.history import DATA

        data = json.loads(DATA)
        self.releases = tuple(
            Release(date.fromisoformat(d), version) for d, version in data["releases"]
        )
        self.costs: list[list[Any]] = data["costs"]
        self.states: list[list[Any]] = data["states"]
        self.timelines: dict[str, list[list[Any]]] = data["timelines"]
        self._cost_objects: dict[int, Cost] = {}

    def cost(self, index: int) -> Cost:
        found = self._cost_objects.get(index)
        if found is None:
            record = self.costs[index]
            prices, tiers = record[: len(PRICE_FIELDS)], record[len(PRICE_FIELDS)]
            extra = None
            if len(record) > len(PRICE_FIELDS) + 1:  # only costs with rarer prices have it
                from llm_catalog._extra import extra_from_data

                extra = extra_from_data(record[len(PRICE_FIELDS) + 1])
            found = Cost(
                **_prices(prices),
                tiers=tuple(CostTier(above=t[0], **_prices(t[1:])) for t in tiers),
                extra=extra,
            )
            self._cost_objects[index] = found
        return found

    def key(self, key: str) -> str:
        if key in self.timelines:
            return key
        provider, sep, model_id = key.partition("/")
        if sep and f"{provider}:{model_id}" in self.timelines:
            return f"{provider}:{model_id}"
        import difflib

        from llm_catalog._errors import UnknownModelError

        raise UnknownModelError(key, difflib.get_close_matches(key, self.timelines, n=3))

    def release_index(self, ref: str | date) -> int:
        for index, release in enumerate(self.releases):
            if ref in (release.date, release.version) or ref == release.date.isoformat():
                return index
        known = ", ".join(r.version for r in self.releases)
        raise KeyError(f"no release {ref!r} in llm-catalog's history; releases: {known}")

    def state_at(self, key: str, release: int) -> list[Any] | None:
        """The model's state in release number `release`, `None` if not listed."""
        found = -1
        for index, state, *_ in self.timelines[key]:
            if index > release:
                break
            found = state
        return None if found == -1 else self.states[found]

    def only_corrected(self, key: str, first: int, last: int, kind: str) -> bool:
        """Whether every change of `kind` of `key` in releases `first` < r <= `last`
        was a correction (and there was one)."""
        if key not in self.timelines:
            return False
        previous: Cost | None = None
        seen = False
        for index, state, *rest in self.timelines[key]:
            cost = None if state == -1 else self.cost(self.states[state][0])
            if (
                first < index <= last
                and previous is not None
                and cost is not None
                and getattr(previous, kind) != getattr(cost, kind)
            ):
                if not rest or kind not in rest[0].split():
                    return False
                seen = True
            previous = cost
        return seen

    def snapshot(self, release: int) -> dict[str, list[Any]]:
        out = {}
        for key in self.timelines:
            state = self.state_at(key, release)
            if state is not None:
                out[key] = state
        return out


_KINDS = (*PRICE_FIELDS, "tiers", "extra")


def _prices(values: list[str | None]) -> dict[str, Decimal | None]:
    return {
        name: Decimal(value)
        for name, value in zip(PRICE_FIELDS, values, strict=True)
        if value is not None
    }


_loaded: list[_History] = []


def _history() -> _History:
    if not _loaded:
        _loaded.append(_History())
    return _loaded[0]


def releases() -> list[Release]:
    """Every release whose data this package holds, oldest first."""
    return list(_history().releases)


def price_history(key: str) -> list[PricePoint]:
    """How a model's prices changed, release by release (`provider:model_id`).

    Removed models are included: their last point has `cost=None`. Raises
    `UnknownModelError` for a key no release ever listed."""
    h = _history()
    points: list[PricePoint] = []
    last: object = object()
    for index, state, *rest in h.timelines[h.key(key)]:
        cost_index = None if state == -1 else h.states[state][0]
        if cost_index != last:
            cost = None if cost_index is None else h.cost(cost_index)
            corrected = frozenset(rest[0].split()) if rest else frozenset()
            before = points[-1].cost if points else None
            changed = (
                {k for k in _KINDS if getattr(before, k) != getattr(cost, k)}
                if before is not None and cost is not None
                else set()
            )
            points.append(
                PricePoint(
                    h.releases[index],
                    cost,
                    correction=bool(changed) and changed <= corrected,
                    corrected=corrected,
                )
            )
            last = cost_index
    return points


def capability_history(key: str) -> list[CapabilityPoint]:
    """How a model's capabilities changed, release by release."""
    h = _history()
    points: list[CapabilityPoint] = []
    last: object = object()
    for index, state, *_ in h.timelines[h.key(key)]:
        caps = None if state == -1 else h.states[state][4]
        if caps != last:
            value = None if caps is None else frozenset(Capability(c) for c in caps.split())
            points.append(CapabilityPoint(h.releases[index], value))
            last = caps
    return points


def price_at(key: str, when: date | str) -> Cost | None:
    """The prices of the newest release dated on or before `when`; `None` if the
    model was not listed in that release or `when` precedes every release."""
    h = _history()
    if isinstance(when, str):
        day = date.fromisoformat(when)
    elif isinstance(when, datetime):  # a datetime is a date, but does not compare with one
        day = when.date()
    else:
        day = when
    canonical = h.key(key)
    release = -1
    for index, r in enumerate(h.releases):
        if r.date <= day:
            release = index
    if release < 0:
        return None
    state = h.state_at(canonical, release)
    return None if state is None else h.cost(state[0])


# --- diff ----------------------------------------------------------------------


def _set(text: str) -> set[str]:
    return set(text.split())


def diff(old: str | date, new: str | date) -> dict[str, Any]:
    """The material changes between two releases (dates or versions), as JSON-ready data.

    Added, removed and renamed (same provider, id differs only in case) models;
    price, status, capability, limit and modality changes. A price entry whose
    `correction` is true differs only because another source gives it (counted
    under `corrections`, not `price_changes`). Metadata-only changes
    (names, dates) are not in the runtime history: see CHANGELOG.md."""
    h = _history()
    i, j = h.release_index(old), h.release_index(new)
    before, after = h.snapshot(i), h.snapshot(j)
    gone = sorted(set(before) - set(after))
    came = sorted(set(after) - set(before))
    gone_fold: dict[str, list[str]] = {}
    came_fold: dict[str, list[str]] = {}
    for key in gone:
        gone_fold.setdefault(_fold(key), []).append(key)
    for key in came:
        came_fold.setdefault(_fold(key), []).append(key)
    renamed = sorted(
        (olds[0], came_fold[f][0])
        for f, olds in gone_fold.items()
        if len(olds) == 1 and len(came_fold.get(f, [])) == 1
    )
    renamed_old = {a for a, _ in renamed}
    renamed_new = {b for _, b in renamed}
    changes: dict[str, list[dict[str, Any]]] = {
        "prices": [],
        "status": [],
        "capabilities": [],
        "limits": [],
        "modalities": [],
    }
    pairs = [(k, k) for k in sorted(set(before) & set(after))] + renamed
    for old_key, new_key in pairs:
        a, b = before[old_key], after[new_key]
        if a == b:
            continue
        if a[0] != b[0]:
            ca, cb = h.cost(a[0]), h.cost(b[0])
            for name in PRICE_FIELDS:
                x, y = getattr(ca, name), getattr(cb, name)
                if x != y:
                    percent = (
                        None
                        if x is None or y is None or x == 0
                        else format(((y - x) / x * 100).quantize(Decimal("0.1")), "f")
                    )
                    changes["prices"].append(
                        {
                            "key": new_key,
                            "field": name,
                            "old": None if x is None else format(x, "f"),
                            "new": None if y is None else format(y, "f"),
                            "percent": percent,
                            "correction": h.only_corrected(new_key, i, j, name),
                        }
                    )
            if ca.tiers != cb.tiers:
                changes["prices"].append(
                    {
                        "key": new_key,
                        "field": "tiers",
                        "old": None,
                        "new": None,
                        "percent": None,
                        "correction": h.only_corrected(new_key, i, j, "tiers"),
                    }
                )
            if ca.extra != cb.extra:  # service tiers, 1-hour cache write, unit prices
                changes["prices"].append(
                    {
                        "key": new_key,
                        "field": "extra",
                        "old": None,
                        "new": None,
                        "percent": None,
                        "correction": h.only_corrected(new_key, i, j, "extra"),
                    }
                )
        if a[7] != b[7]:
            changes["status"].append({"key": new_key, "old": a[7], "new": b[7]})
        if a[4] != b[4]:
            changes["capabilities"].append(
                {
                    "key": new_key,
                    "gained": sorted(_set(b[4]) - _set(a[4])),
                    "lost": sorted(_set(a[4]) - _set(b[4])),
                }
            )
        for position, name in ((1, "context"), (2, "input"), (3, "output")):
            if a[position] != b[position]:
                changes["limits"].append(
                    {"key": new_key, "field": name, "old": a[position], "new": b[position]}
                )
        for position, side in ((5, "input"), (6, "output")):
            if a[position] != b[position]:
                changes["modalities"].append(
                    {
                        "key": new_key,
                        "field": side,
                        "gained": sorted(_set(b[position]) - _set(a[position])),
                        "lost": sorted(_set(a[position]) - _set(b[position])),
                    }
                )
    for found in changes.values():
        found.sort(key=lambda change: str(change["key"]))
    removed = [k for k in gone if k not in renamed_old]
    added = [k for k in came if k not in renamed_new]
    providers_before = {k.partition(":")[0] for k in before}
    providers_after = {k.partition(":")[0] for k in after}
    counts = {
        "providers_added": len(providers_after - providers_before),
        "providers_removed": len(providers_before - providers_after),
        "added": len(added),
        "removed": len(removed),
        "renamed": len(renamed),
        "price_changes": len({c["key"] for c in changes["prices"] if not c["correction"]}),
        "corrections": len({c["key"] for c in changes["prices"] if c["correction"]}),
        "status_changes": len({c["key"] for c in changes["status"]}),
        "capability_changes": len({c["key"] for c in changes["capabilities"]}),
        "limit_changes": len({c["key"] for c in changes["limits"]}),
        "modality_changes": len({c["key"] for c in changes["modalities"]}),
    }
    return {
        "old": {"date": h.releases[i].date.isoformat(), "version": h.releases[i].version},
        "new": {"date": h.releases[j].date.isoformat(), "version": h.releases[j].version},
        "models_before": len(before),
        "models_after": len(after),
        "counts": counts,
        "providers_added": sorted(providers_after - providers_before),
        "providers_removed": sorted(providers_before - providers_after),
        "added": added,
        "removed": removed,
        "renamed": [{"old": a, "new": b} for a, b in renamed],
        **changes,
    }


def _fold(key: str) -> str:
    provider, _, model_id = key.partition(":")
    return f"{provider}:{model_id.lower()}"


def _code(text: object) -> str:
    cleaned = "".join(
        ch if ch.isprintable() and ch != "`" else ("'" if ch == "`" else "?") for ch in str(text)
    )
    return f"`{cleaned}`"


def diff_markdown(data: dict[str, Any]) -> str:
    """`diff()`'s result as Markdown, material changes first."""
    c = data["counts"]
    lines = [
        f"## {data['new']['version']} ({data['new']['date']}) compared with "
        f"{data['old']['version']} ({data['old']['date']})",
        "",
        f"{data['models_after']} models (+{c['added']} added, -{c['removed']} removed, "
        f"{c['renamed']} renamed); {c['price_changes']} price changes, "
        f"{c['corrections']} price corrections, "
        f"{c['status_changes']} status changes, {c['capability_changes']} capability "
        f"changes, {c['limit_changes']} limit changes, {c['modality_changes']} modality "
        f"changes; providers +{c['providers_added']} -{c['providers_removed']}.",
    ]

    def section(title: str, body: list[str]) -> None:
        if body:
            lines.extend(["", f"### {title} ({len(body)})", "", *body])

    section("Providers removed", [f"- {_code(p)}" for p in data["providers_removed"]])
    section("Removed models", [f"- {_code(k)}" for k in data["removed"]])
    section(
        "Renamed models", [f"- {_code(r['old'])} -> {_code(r['new'])}" for r in data["renamed"]]
    )
    for title, correction in (("Price changes", False), ("Corrections", True)):
        section(
            title,
            [
                f"- {_code(p['key'])} {p['field']}: {p['old'] or 'unknown'} -> "
                f"{p['new'] or 'unknown'}" + ("" if p["percent"] is None else f" ({p['percent']}%)")
                for p in data["prices"]
                if p["correction"] == correction
            ],
        )
    section(
        "Status changes", [f"- {_code(s['key'])}: {s['old']} -> {s['new']}" for s in data["status"]]
    )
    section(
        "Capability changes",
        [
            f"- {_code(s['key'])}: "
            + ", ".join([*(f"+{g}" for g in s["gained"]), *(f"-{g}" for g in s["lost"])])
            for s in data["capabilities"]
        ],
    )
    section(
        "Limit changes",
        [f"- {_code(s['key'])}: {s['field']} {s['old']} -> {s['new']}" for s in data["limits"]],
    )
    section(
        "Modality changes",
        [
            f"- {_code(s['key'])}: {s['field']} "
            + ", ".join([*(f"+{g}" for g in s["gained"]), *(f"-{g}" for g in s["lost"])])
            for s in data["modalities"]
        ],
    )
    section("Providers added", [f"- {_code(p)}" for p in data["providers_added"]])
    section("Added models", [f"- {_code(k)}" for k in data["added"]])
    lines.extend(["", "Metadata-only changes (names, dates) are listed in CHANGELOG.md."])
    return "\n".join(lines) + "\n"
