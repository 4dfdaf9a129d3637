"""The catalog over time: dated snapshots stored compactly, names kept stable, tombstones.

Storage (under `snapshots/`):

- the newest date holds the full `catalog.json`;
- every older date holds `delta.json` instead: a *reverse* delta that turns the
  next newer date's catalog into this one (per provider and per model, the
  top-level fields to set and to unset, or `null` where the entry did not exist);
- every date keeps its `manifest.json` and `report.json` (and whatever other
  files the pipeline writes there), untouched once written;
- `names.json` records the Python name given to every provider and model ever
  seen, so that a name is never given to a different id in a later release; the
  names it holds are fixed points of every rebuild (`replay_names(fixed=...)`).

The stored catalogs and deltas are a pure function of the ordered list of full
catalogs, so a feed whose date falls between two stored ones is inserted by
rebuilding every catalog, slotting the new one in, and re-encoding: the releases
are byte-identical to having run the feeds in date order. Names are not: the
published ones stay, and the late feed names only ids never named before.

Everything here works on the JSON form of `schema.Catalog` (`dump_providers()`),
so fields added to the schema later are carried without changes here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from generator import naming, schema, snapshot
from generator.report import GeneratorError, printable

DELTA = "delta.json"
CATALOG = "catalog.json"
MANIFEST = "manifest.json"
NAMES = "names.json"
PROVENANCE = "provenance.json"
REPLACEMENTS = "replacements.json"
"""Hand-kept `{"provider:old-id": "provider:new-id"}`: replacements that cannot be inferred."""

DEFAULT_MAX_LOSS = 0.3
"""The shrink guard's default: refuse a feed that lost more than this share of the
models or providers of the release before it. (The recorded feeds, four to six
months apart, lost 22% and 25% of their models.)"""

DEFAULT_MIN_MODELS = 500
DEFAULT_MIN_PROVIDERS = 20
"""The size guard's defaults: a release needs at least this many models from this
many providers (providers with at least one model). The live models.dev feed had
5,276 models from 147 providers on 2026-07-02, and the smallest recorded feed
(2025-09-01) 633 from 42; a feed far below that is a broken pull (`{}` from a CDN,
a truncated body that still parses), not a catalog. Small private feeds and test
fixtures set `--min-models` / `--min-providers`; `--force` does not lower them."""

JSON = dict[str, Any]


# --- reverse deltas ------------------------------------------------------------


def _patch(base: Mapping[str, Any] | None, target: Mapping[str, Any] | None) -> JSON | None:
    """What turns `base` into `target` at the top level; `None` means "absent"."""
    if target is None:
        return None
    base = base or {}
    out: JSON = {}
    changed = {k: v for k, v in target.items() if base.get(k, _MISSING) != v}
    if changed:
        out["set"] = changed
    dropped = sorted(k for k in base if k not in target)
    if dropped:
        out["unset"] = dropped
    return out


_MISSING = object()


def _apply(base: Mapping[str, Any] | None, patch: Mapping[str, Any] | None) -> JSON | None:
    if patch is None:
        return None
    out = dict(base or {})
    for key in patch.get("unset", ()):
        out.pop(key, None)
    out.update(patch.get("set", {}))
    return out


def encode_delta(newer: Mapping[str, JSON], older: Mapping[str, JSON]) -> JSON:
    """The reverse delta that turns `newer` (providers JSON) into `older`."""
    providers: JSON = {}
    models: JSON = {}
    for pid in sorted(set(newer) | set(older)):
        new_p, old_p = newer.get(pid), older.get(pid)
        new_meta = {k: v for k, v in (new_p or {}).items() if k != "models"}
        old_meta = None if old_p is None else {k: v for k, v in old_p.items() if k != "models"}
        if old_p is None or new_p is None or new_meta != old_meta:
            providers[pid] = _patch(new_meta if new_p is not None else None, old_meta)
        new_models = (new_p or {}).get("models", {})
        old_models = (old_p or {}).get("models", {})
        changes: JSON = {}
        for mid in sorted(set(new_models) | set(old_models)):
            before, after = new_models.get(mid), old_models.get(mid)
            if before != after:
                changes[mid] = _patch(before, after)
        if changes:
            models[pid] = changes
    return {"providers": providers, "models": models}


def apply_delta(newer: Mapping[str, JSON], delta: Mapping[str, Any]) -> JSON:
    """Rebuild the older providers JSON from `newer` and its reverse delta."""
    out: JSON = {}
    for pid in sorted(set(newer) | set(delta["providers"]) | set(delta["models"])):
        base = newer.get(pid)
        if pid in delta["providers"]:
            meta = _apply(
                None if base is None else {k: v for k, v in base.items() if k != "models"},
                delta["providers"][pid],
            )
            if meta is None:
                continue
        else:
            meta = {k: v for k, v in (base or {}).items() if k != "models"}
        models = dict((base or {}).get("models", {}))
        for mid, patch in delta["models"].get(pid, {}).items():
            rebuilt = _apply(models.get(mid), patch)
            if rebuilt is None:
                models.pop(mid, None)
            else:
                models[mid] = rebuilt
        out[pid] = {**meta, "models": dict(sorted(models.items()))}
    return out


# --- the history -----------------------------------------------------------------


@dataclass(frozen=True)
class Names:
    """Every Python name the package uses, for every id ever seen."""

    modules: dict[str, str] = field(default_factory=dict)
    members: dict[str, str] = field(default_factory=dict)
    constants: dict[str, dict[str, str]] = field(default_factory=dict)

    def as_json(self) -> JSON:
        return {"constants": self.constants, "members": self.members, "modules": self.modules}


@dataclass(frozen=True)
class History:
    """Every release, oldest first, and what follows from their order."""

    catalogs: tuple[schema.Catalog, ...]
    names: Names
    tombstones: dict[str, dict[str, schema.Model]]
    """Models no longer listed, by provider and id: last known data, status `removed`."""
    removed_providers: dict[str, schema.Provider]
    """Providers no longer listed: last known metadata (their models are tombstones)."""

    @property
    def latest(self) -> schema.Catalog:
        return self.catalogs[-1]

    def at(self, date: str) -> schema.Catalog:
        for catalog in self.catalogs:
            if catalog.manifest.date == date:
                return catalog
        known = ", ".join(c.manifest.date for c in self.catalogs)
        raise GeneratorError(f"no release dated {date}; releases: {known}")

    def find(self, ref: str) -> schema.Catalog:
        """A release by date (`2026-07-02`) or version (`2026.7.2`)."""
        for catalog in self.catalogs:
            if ref in (catalog.manifest.date, catalog.manifest.version):
                return catalog
        known = ", ".join(c.manifest.version for c in self.catalogs)
        raise GeneratorError(f"no release {ref!r}; releases: {known}")


def replay_names(catalogs: tuple[schema.Catalog, ...], fixed: Names | None = None) -> Names:
    """Names decided release by release, each release keeping the names before it.

    Every id ever seen keeps taking part (as a tombstone), so its name is never
    handed to another id, case renames included. `fixed` are names already
    published (`snapshots/names.json`): they take part from the first release on,
    so every id named there keeps its name whatever the order the releases are
    replayed in (a late feed, dated between two releases, only names ids never
    named before)."""
    names = Names()
    seen_models: dict[str, set[str]] = {}
    if fixed is not None:
        names.modules.update(fixed.modules)
        names.members.update(fixed.members)
        for pid in {*fixed.modules, *fixed.constants}:
            names.constants[pid] = dict(fixed.constants.get(pid, {}))
            seen_models[pid] = set(names.constants[pid])
    for catalog, added in ((c, _added(c)) for c in catalogs):
        # models.dev's models are named before the models a secondary source added
        # (generator/additions.py): an added model never takes the name a models.dev
        # model had before secondary sources added models, replayed or not.
        for phase in (False, True):
            for pid, provider in catalog.providers.items():
                seen_models.setdefault(pid, set()).update(
                    mid for mid in provider.models if phase or (pid, mid) not in added
                )
            pids = sorted(seen_models)
            names.modules.update(naming.module_names(pids, previous=names.modules))
            names.members.update(
                naming.assign(
                    pids, {p: naming.enum_member(p) for p in pids}, previous=names.members
                )
            )
            for pid in pids:
                names.constants[pid] = naming.constant_names(
                    seen_models[pid], previous=names.constants.get(pid)
                )
    return Names(
        modules=dict(sorted(names.modules.items())),
        members=dict(sorted(names.members.items())),
        constants={p: dict(sorted(c.items())) for p, c in sorted(names.constants.items())},
    )


def _added(catalog: schema.Catalog) -> frozenset[tuple[str, str]]:
    """The models of `catalog` that a secondary source added (`generator.additions`)."""
    keys = [key.partition(":") for key, fields in catalog.provenance.items() if "model" in fields]
    return frozenset((pid, mid) for pid, _, mid in keys)


def _tombstones(
    catalogs: tuple[schema.Catalog, ...], given: Mapping[str, str]
) -> tuple[dict[str, dict[str, schema.Model]], dict[str, schema.Provider]]:
    latest = catalogs[-1]
    last_seen: dict[tuple[str, str], int] = {}
    provider_seen: dict[str, int] = {}
    for index, catalog in enumerate(catalogs):
        for pid, provider in catalog.providers.items():
            provider_seen[pid] = index
            for mid in provider.models:
                last_seen[(pid, mid)] = index
    final = len(catalogs) - 1
    current_by_lower: dict[tuple[str, str], list[str]] = {}
    for pid, provider in latest.providers.items():
        for mid in provider.models:
            current_by_lower.setdefault((pid, mid.lower()), []).append(mid)
    tombstones: dict[str, dict[str, schema.Model]] = {}
    for (pid, mid), index in sorted(last_seen.items()):
        if index == final:
            continue
        model = catalogs[index].providers[pid].models[mid]
        replacement = given.get(f"{pid}:{mid}")
        if replacement is None:
            # A case-only rename: the same id, spelled differently, in the same provider.
            same = current_by_lower.get((pid, mid.lower()), [])
            if len(same) == 1:
                replacement = f"{pid}:{same[0]}"
        tombstones.setdefault(pid, {})[mid] = model.model_copy(
            update={
                "status": "removed",
                "removed_on": catalogs[index + 1].manifest.date,
                "replacement": replacement,
            }
        )
    removed_providers = {
        pid: catalogs[index].providers[pid].model_copy(update={"models": {}})
        for pid, index in sorted(provider_seen.items())
        if index != final
    }
    return tombstones, removed_providers


def build(
    catalogs: list[schema.Catalog],
    replacements: Mapping[str, str] | None = None,
    fixed: Names | None = None,
) -> History:
    """The history of these releases (any order; one per date), keeping the `fixed`
    (published) names."""
    ordered = tuple(sorted(catalogs, key=lambda c: c.manifest.date))
    dates = [c.manifest.date for c in ordered]
    if len(set(dates)) != len(dates):
        raise GeneratorError(f"two releases with the same date in {dates}")
    if not ordered:
        raise GeneratorError("no release to build a history from")
    tombstones, removed_providers = _tombstones(ordered, replacements or {})
    return History(ordered, replay_names(ordered, fixed), tombstones, removed_providers)


def load(root: Path) -> History:
    """Read every dated snapshot under `root` (newest full, older as reverse deltas)."""
    dirs = snapshot.dated_dirs(root)
    if not dirs:
        raise GeneratorError(f"no snapshot under {root}: run `python -m generator update` first")
    newest = snapshot.load(dirs[-1])
    catalogs = [newest]
    providers = newest.dump_providers()
    for directory in reversed(dirs[:-1]):
        try:
            manifest = json.loads((directory / MANIFEST).read_text("utf-8"))
            if (directory / DELTA).exists():
                providers = apply_delta(
                    providers, json.loads((directory / DELTA).read_text("utf-8"))
                )
            else:  # a full copy (an older layout): read, and re-encoded by the next update
                providers = json.loads((directory / CATALOG).read_text("utf-8"))
        except (OSError, json.JSONDecodeError, KeyError, AttributeError) as exc:
            raise GeneratorError(f"cannot read snapshot {directory}: {exc!r}") from None
        try:
            provenance_file = directory / PROVENANCE
            provenance = (
                json.loads(provenance_file.read_text("utf-8")) if provenance_file.exists() else {}
            )
            primary = snapshot.read_primary(directory)
        except (OSError, json.JSONDecodeError) as exc:
            raise GeneratorError(f"cannot read snapshot {directory}: {exc!r}") from None
        try:
            catalogs.append(
                schema.Catalog.model_validate(
                    {
                        "manifest": manifest,
                        "providers": providers,
                        "provenance": provenance,
                        "primary": primary,
                    }
                )
            )
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise GeneratorError(
                f"snapshot {directory} is invalid at {where}: {first['msg']}"
            ) from None
    return build(catalogs, read_replacements(root), read_names(root))


def read_replacements(root: Path) -> dict[str, str]:
    path = root / REPLACEMENTS
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise GeneratorError(f"cannot read {path}: {exc}") from None
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and ":" in k and ":" in v for k, v in data.items()
    ):
        raise GeneratorError(f'{path} must map "provider:old-id" to "provider:new-id"')
    return dict(data)


def read_names(root: Path) -> Names | None:
    path = root / NAMES
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text("utf-8"))
        names = Names(data["modules"], data["members"], data["constants"])
        wrong = underived(names)
    except (OSError, json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
        raise GeneratorError(f"cannot read {path}: {exc}") from None
    if wrong:
        # The published names are kept as they are (fixed points), so a hand edit
        # would be kept too: every name must be one `naming` can give its id.
        raise GeneratorError(
            "snapshots/names.json disagrees with the history: " + "; ".join(wrong[:5])
        )
    return names


def _derived(name: object, base: str, fold: bool = False) -> bool:
    if not isinstance(name, str):
        return False
    if fold:
        name, base = name.lower(), base.lower()
    return name == base or re.fullmatch(re.escape(base) + r"_[0-9]+", name) is not None


def underived(names: Names) -> list[str]:
    """Names that `naming` could not have given their id (its base name, or the base
    with `_N`): a names.json edited by hand or damaged."""
    wrong: list[str] = []
    for pid, name in names.modules.items():
        if not _derived(name, naming.module_base(pid), fold=True):
            wrong.append(f"module of provider {pid!r}: {name} -> {naming.module_base(pid)}")
    for pid, name in names.members.items():
        if not _derived(name, naming.enum_member(pid)):
            wrong.append(f"Provider member of {pid!r}: {name} -> {naming.enum_member(pid)}")
    for pid, constants in names.constants.items():
        for mid, name in constants.items():
            if not _derived(name, naming.constant_base(mid)):
                wrong.append(f"constant of {pid}:{mid}: {name} -> {naming.constant_base(mid)}")
    return wrong


def renamed(published: Names, replayed: Names) -> list[str]:
    """Published names that the replayed history would change (it must not)."""
    changes: list[str] = []
    for kind, old, new in (
        ("module", published.modules, replayed.modules),
        ("Provider member", published.members, replayed.members),
    ):
        for pid, name in old.items():
            if new.get(pid, name) != name:
                changes.append(f"{kind} of provider {pid!r}: {name} -> {new[pid]}")
    for pid, constants in published.constants.items():
        for mid, name in constants.items():
            now = replayed.constants.get(pid, {}).get(mid, name)
            if now != name:
                changes.append(f"constant of {pid}:{mid}: {name} -> {now}")
    return changes


def files(history: History) -> dict[str, str]:
    """The history's own files under `snapshots/`: catalogs, deltas, manifests, names.

    Paths are relative to `snapshots/`. Other files of the dated directories
    (reports and the like) are not touched here."""
    out: dict[str, str] = {NAMES: snapshot.dumps(history.names.as_json())}
    dumped = [c.dump_providers() for c in history.catalogs]
    for index, catalog in enumerate(history.catalogs):
        date = catalog.manifest.date
        out[f"{date}/{MANIFEST}"] = snapshot.dumps(catalog.manifest.as_json())
        if index == len(dumped) - 1:
            out[f"{date}/{CATALOG}"] = snapshot.dumps(dumped[index])
        else:
            out[f"{date}/{DELTA}"] = snapshot.dumps(encode_delta(dumped[index + 1], dumped[index]))
    return out


def stale(root: Path, history: History) -> list[str]:
    """Files under `root` (snapshots/) that differ from what `history` encodes to."""
    differ: list[str] = []
    expected = files(history)
    for name, text in sorted(expected.items()):
        path = root / name
        if not path.exists() or path.read_text("utf-8") != text:
            differ.append(f"snapshots/{name}")
    for directory in snapshot.dated_dirs(root):
        for name in (CATALOG, DELTA):
            rel = f"{directory.name}/{name}"
            if (directory / name).exists() and rel not in expected:
                differ.append(f"snapshots/{rel}")
    return differ


# --- corrections ---------------------------------------------------------------------

PRICE_KINDS = (*schema.PRICE_FIELDS, "tiers", "extra")
"""Every kind of price a correction can be about (`tiers`: the long-context schedule;
`extra`: the service tiers, 1-hour cache write and unit prices, one value)."""


def price_source(catalog: schema.Catalog, key: str, kind: str) -> str | None:
    """Which source gave a model's price of `kind` in `catalog` (`None`: no price)."""
    value = _price(catalog, key, kind)
    if value is None:
        return None
    return catalog.provenance.get(key, {}).get(f"cost.{kind}", "models.dev")


def primary_value(catalog: schema.Catalog, key: str, kind: str) -> Any:
    """models.dev's own value of a model's price of `kind` in `catalog` (JSON form)."""
    own = catalog.primary.get(key, {})
    return own[kind] if kind in own else _price(catalog, key, kind)


def _price(catalog: schema.Catalog, key: str, kind: str) -> Any:
    pid, _, mid = key.partition(":")
    return price_json(catalog.providers[pid].models[mid].cost, kind)


def price_json(cost: schema.Cost, kind: str) -> Any:
    """One price of `cost` in JSON form: a decimal string, a list of tiers, or `None`."""
    value = getattr(cost, kind)
    if kind == "tiers":
        return [t.model_dump(mode="json", exclude_none=True) for t in value] or None
    if kind == "extra":
        return None if value is None else value.model_dump(mode="json", exclude_defaults=True)
    return None if value is None else format(value, "f")


def corrections(
    old: schema.Catalog, old_key: str, new: schema.Catalog, new_key: str | None = None
) -> frozenset[str]:
    """The price kinds of one model that differ between two releases only because
    another source gives them: a correction, not a price change.

    The rule compares the primary source's own value across the two releases
    (`primary.json`, else the shipped value) and the provenance of the shipped
    one: a price is corrected when its shipped value differs, models.dev's own
    value does not, and the value comes from another source than before (a
    source was added or dropped, or a precedence rule now prefers another).
    Anything else is a change: models.dev's own price moved, or the one source
    that gives the price in both releases changed it."""
    new_key = new_key or old_key
    found = set()
    for kind in PRICE_KINDS:
        if _price(old, old_key, kind) == _price(new, new_key, kind):
            continue
        if primary_value(old, old_key, kind) != primary_value(new, new_key, kind):
            continue
        if price_source(old, old_key, kind) != price_source(new, new_key, kind):
            found.add(kind)
    return frozenset(found)


# --- adding a release --------------------------------------------------------------


def check_size(catalog: schema.Catalog, *, min_models: int, min_providers: int) -> None:
    """Refuse a release with fewer models or providers than the minimum.

    Not overridden by `--force`: forcing a legitimate large shrink must not publish
    an empty catalog on the night the CDN answers `{}`."""
    if min_models < 1 or min_providers < 1:
        raise GeneratorError("the minimum release size is at least 1 model from 1 provider")
    # The guard is about models.dev's feed: the models a secondary source adds for a
    # provider (generator/additions.py) do not make a cut feed look whole.
    primary = primary_keys(catalog)
    models = len(primary)
    providers = len({pid for pid, _ in primary})
    if models >= min_models and providers >= min_providers:
        return
    what = "is empty" if models == 0 else "is too small"

    def count(n: int, noun: str) -> str:
        return f"{n} {noun}" + ("" if n == 1 else "s")

    raise GeneratorError(
        f"size guard: the feed for {catalog.manifest.date} {what}: {count(models, 'model')} "
        f"from {count(providers, 'provider')}, below the minimum of {min_models} models from "
        f"{min_providers} providers for a release. Check the feed (an empty or cut "
        "response?); for a small private feed or a test fixture lower the minimum with "
        "--min-models / --min-providers. --force does not override this."
    )


@dataclass(frozen=True)
class Loss:
    models: int
    models_before: int
    providers: int
    providers_before: int
    emptied: tuple[str, ...] = ()
    """Providers that had models before and have none now (gone, or listed empty)."""

    def too_much(self, max_share: float) -> bool:
        return (self.models_before > 0 and self.models / self.models_before > max_share) or (
            self.providers_before > 0 and self.providers / self.providers_before > max_share
        )

    def describe(self) -> str:
        def pct(n: int, of: int) -> str:
            return f"{n} of {of} ({n / of:.0%})" if of else "0"

        text = (
            f"lost {pct(self.models, self.models_before)} models and "
            f"{pct(self.providers, self.providers_before)} providers"
        )
        if self.emptied:
            shown = ", ".join(printable(p, 60) for p in self.emptied[:20])
            more = len(self.emptied) - 20
            text += f" (providers left with no model: {shown}" + (
                f" and {more} more)" if more > 0 else ")"
            )
        return text


def primary_keys(catalog: schema.Catalog) -> set[tuple[str, str]]:
    """The models of `catalog` models.dev lists (not added by a secondary source)."""
    added = _added(catalog)
    return {
        (pid, mid)
        for pid, p in catalog.providers.items()
        for mid in p.models
        if (pid, mid) not in added
    }


def loss(before: schema.Catalog, after: schema.Catalog) -> Loss:
    """What models.dev's feed lost from `before` to `after` (the models a secondary
    source adds do not hide a loss of the primary feed)."""
    old_keys = primary_keys(before)
    new_keys = primary_keys(after)
    had = {pid for pid, _ in old_keys}
    has = {pid for pid, _ in new_keys}
    emptied = tuple(sorted(had - has))
    return Loss(
        models=len(old_keys - new_keys),
        models_before=len(old_keys),
        providers=len(set(before.providers) - set(after.providers)),
        providers_before=len(before.providers),
        emptied=emptied,
    )


def insert(
    history: History | None,
    catalog: schema.Catalog,
    *,
    max_loss: float = DEFAULT_MAX_LOSS,
    force: bool = False,
    replacements: Mapping[str, str] | None = None,
) -> History:
    """The history with `catalog` slotted in at its date.

    A second release of a date that changes the data gets the next `.N` version.
    Refuses (unless `force`) a feed that lost more than `max_loss` of the models or
    providers of the release before it."""
    date = catalog.manifest.date
    others = [c for c in (history.catalogs if history else ()) if c.manifest.date != date]
    same_day = [c for c in (history.catalogs if history else ()) if c.manifest.date == date]
    if same_day:
        old = same_day[0]
        release = _release_number(old.manifest.version)
        unchanged = old.dump_providers() == catalog.dump_providers() and [
            s.sha256 for s in old.manifest.sources
        ] == [s.sha256 for s in catalog.manifest.sources]
        version = snapshot.version_for(date, release if unchanged else release + 1)
        catalog = catalog.model_copy(
            update={"manifest": catalog.manifest.model_copy(update={"version": version})}
        )
    before = [c for c in others if c.manifest.date < date]
    if before and not force:
        lost = loss(before[-1], catalog)
        if lost.too_much(max_loss):
            raise GeneratorError(
                f"shrink guard: the feed for {date} {lost.describe()} since "
                f"{before[-1].manifest.date}, more than the allowed {max_loss:.0%}; "
                "check the feed, then rerun with --force to accept it"
            )
    # The published names are fixed points: a feed slotted in between two releases
    # names only the ids never named before, and moves nobody's name.
    new = build([*others, catalog], replacements, history.names if history else None)
    if history is not None and not force:
        changed = renamed(history.names, new.names)
        if changed:
            raise GeneratorError(
                "this release would rename published constants: "
                + "; ".join(changed[:5])
                + ("" if len(changed) <= 5 else f" and {len(changed) - 5} more")
                + "; rerun with --force to accept it"
            )
    return new


def _release_number(version: str) -> int:
    parts = version.split(".")
    return int(parts[3]) if len(parts) > 3 else 0
