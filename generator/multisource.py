"""One `update` with every source: pull or reuse the secondaries, match, merge, report.

Secondary sources (OpenRouter, LiteLLM) come from, in this order:

1. an explicit `--openrouter` / `--litellm` (a URL pulled with httpx, or a file);
2. `--live`: their live URLs;
3. otherwise the newest snapshot's stored entries (`sources/NAME.json`), matched
   again against the new feed, with the URL and sha256 the manifest recorded for
   them: an offline `update --source FILE --date DATE` gives the same catalog as
   the run that pulled them. With no earlier snapshot, the source is not used.

A source that is pulled (1 or 2) and fails -- the fetch gives up after its retries
or deadline, the document is refused, or it lost more than `--max-loss` of the
entries the newest snapshot stores for it (the shrink guard, per source; `--force`
accepts the loss) -- does not fail the run: the newest snapshot's stored entries
are kept, as in 3, and the manifest records it (`kept_from`, `failure`), so the
run's output and the release's changelog (the nightly pull request's body) say
which source fell back and why. models.dev failing fails the run.

`--primary-only` uses models.dev and the overrides only. Overrides always come
from `overrides/` (or `--overrides DIR`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import additions, disagreements, fetch, hosts, kinds, lifecycle, schema, snapshot
from generator.merge import Merged, merge
from generator.report import Finding, GeneratorError, Report, escape_unprintable
from generator.sources import (
    Entry,
    Matching,
    dump_entries,
    litellm,
    load_entries,
    openrouter,
    overrides,
)

FAILURE_CHARS = 500
"""The longest failure message a manifest and a changelog carry."""

Parser = Callable[[bytes, str, Report], list[Entry]]
Matcher = Callable[[list[Entry], dict[str, schema.Provider], frozenset[tuple[str, str]]], Matching]
Adder = Callable[[list[Entry], dict[str, schema.Provider]], dict[str, set[str]]]


@dataclass(frozen=True, slots=True)
class Secondary:
    name: str
    url: str
    parse: Parser
    match: Matcher
    additions: Adder
    """The model ids the source lists that models.dev does not (`generator.additions`)."""


SECONDARIES = (
    Secondary(litellm.NAME, litellm.URL, litellm.parse, litellm.match, litellm.additions),
    Secondary(
        openrouter.NAME, openrouter.URL, openrouter.parse, openrouter.match, openrouter.additions
    ),
)


@dataclass(slots=True)
class Loaded:
    """A secondary source's entries and where they came from."""

    source: schema.Source
    entries: list[Entry]
    findings: list[Finding]
    """What parsing the document reported: stored with the entries and replayed
    on reuse, so that a reusing run writes the same `report.json`."""
    how: str
    """`pulled` or `reused from snapshots/DATE`, for the run's summary."""
    document: bytes | None = None
    """The raw document, when it was pulled (for `update --keep-documents`)."""
    stored_by: str | None = None
    """The date of the snapshot that stored these entries, when they were reused."""


@dataclass(slots=True)
class Result:
    catalog: schema.Catalog
    files: dict[str, str]
    """Extra snapshot files, by relative path."""
    notes: list[str] = field(default_factory=list)
    fallbacks: list[str] = field(default_factory=list)
    """One line per source whose pull failed: what failed and what was kept."""
    documents: dict[str, bytes] = field(default_factory=dict)
    """The raw documents pulled, by source name."""


def _reuse(snapshots: Path, name: str, date: str) -> Loaded | None:
    dirs = snapshot.dated_dirs(snapshots)
    if not dirs:
        return None
    newest = dirs[-1]
    if date < newest.name:
        # A feed slotted in before the newest release: the stored recording is
        # newer than the feed, so using it would date its values wrongly.
        return None
    stored = newest / "sources" / f"{name}.json"
    if not stored.is_file():
        return None
    where = f"snapshots/{newest.name}/sources/{name}.json"
    try:
        manifest = json.loads((newest / "manifest.json").read_text("utf-8"))
        data = json.loads(stored.read_text("utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise GeneratorError(f"cannot read {where}: {exc}") from None
    recorded = [s for s in manifest.get("sources", ()) if s.get("name") == name]
    if not recorded:
        raise GeneratorError(f"{where} has no entry in its manifest's sources")
    if not isinstance(data, dict) or "entries" not in data:
        raise GeneratorError(f"{where}: expected an object with 'entries' and 'findings'")
    try:
        findings = [Finding(**f) for f in data.get("findings", [])]
    except TypeError as exc:
        raise GeneratorError(f"{where}: unreadable findings: {exc}") from None
    # A source the stored release had to keep from an earlier one is reused as the
    # document it is; that night's failure is not this run's.
    source = schema.Source.model_validate(recorded[0])
    return Loaded(
        source=source.model_copy(update={"kept_from": None, "failure": None}),
        entries=load_entries(data["entries"], where),
        findings=findings,
        how=f"reused from snapshots/{newest.name}",
        stored_by=newest.name,
    )


def _pull(spec: Secondary, location: str, url: str | None) -> Loaded:
    fetched = fetch.fetch(location)
    shown = url or fetched.url
    own = Report()
    entries = spec.parse(fetched.data, shown, own)
    return Loaded(
        source=schema.Source(name=spec.name, url=shown, sha256=fetched.sha256, size=fetched.size),
        entries=entries,
        findings=own.sorted(),
        how=f"pulled from {location}",
        document=fetched.data,
    )


def _guard_shrink(name: str, pulled: Loaded, stored: Loaded | None, max_loss: float) -> None:
    """Refuse a pulled document that lost too many of the entries stored last time."""
    if stored is None or not stored.entries:
        return
    before = {e.key for e in stored.entries}
    lost = len(before - {e.key for e in pulled.entries})
    if lost / len(before) > max_loss:
        raise GeneratorError(
            f"shrink guard: {name} lost {lost} of the {len(before)} entries of "
            f"snapshots/{stored.stored_by} ({lost / len(before):.0%}, more than "
            f"the allowed {max_loss:.0%}); --force accepts it"
        )


def _pull_or_keep(
    spec: Secondary,
    location: str,
    url: str | None,
    *,
    snapshots: Path,
    date: str,
    max_loss: float,
    force: bool,
) -> tuple[Loaded | None, str | None]:
    """The pulled source, or (when the pull fails) the newest snapshot's stored
    entries marked as kept, and a line saying what failed."""
    stored = _reuse(snapshots, spec.name, date)
    try:
        pulled = _pull(spec, location, url)
        if not force:
            _guard_shrink(spec.name, pulled, stored, max_loss)
    except GeneratorError as exc:
        # One printable line of bounded length: the failure goes to the manifest and
        # the changelog (a refused document can list fifty findings).
        failure = " / ".join(escape_unprintable(str(exc)).splitlines())
        if len(failure) > FAILURE_CHARS:
            failure = failure[: FAILURE_CHARS - 3] + "..."
        if stored is None:
            return None, (
                f"{spec.name}: the pull failed ({failure}); no earlier release stores "
                f"its entries, so this release does not use {spec.name}"
            )
        kept_from = stored.stored_by
        stored.source = stored.source.model_copy(
            update={"kept_from": kept_from, "failure": failure}
        )
        stored.how = f"kept from snapshots/{kept_from}: the pull failed"
        return stored, (
            f"{spec.name}: the pull failed ({failure}); kept the {len(stored.entries)} "
            f"entries of the release of {kept_from}"
        )
    return pulled, None


def _overrides_source(directory: Path) -> schema.Source | None:
    files = sorted(directory.rglob("*.toml")) if directory.is_dir() else []
    if not files:
        return None
    digest = hashlib.sha256()
    size = 0
    for path in files:
        data = path.read_bytes()
        digest.update(path.relative_to(directory).as_posix().encode() + b"\0" + data + b"\0")
        size += len(data)
    return schema.Source(
        name=overrides.NAME, url="overrides/", sha256=digest.hexdigest(), size=size
    )


def build(
    base: schema.Catalog,
    *,
    root: Path,
    snapshots: Path,
    locations: dict[str, str | None],
    urls: dict[str, str | None],
    live: bool,
    primary_only: bool,
    overrides_dir: Path,
    report: Report,
    max_loss: float = 1.0,
    force: bool = False,
    withheld: Collection[tuple[str, str]] = frozenset(),
) -> Result:
    """Add the secondary sources and overrides to `base` (normalized models.dev).

    `max_loss` and `force` are the shrink guard's, applied to each pulled source;
    `withheld` are the models models.dev lists that this run quarantined (no
    secondary source adds them, see `generator.additions.choose`)."""
    notes: list[str] = []
    fallbacks: list[str] = []
    loaded: dict[str, Loaded] = {}
    for spec in SECONDARIES:
        location = locations.get(spec.name) or (spec.url if live else None)
        if location is not None:
            got, fallback = _pull_or_keep(
                spec,
                location,
                urls.get(spec.name),
                snapshots=snapshots,
                date=base.manifest.date,
                max_loss=max_loss,
                force=force,
            )
            if got is not None:
                loaded[spec.name] = got
            if fallback is not None:
                fallbacks.append(fallback)
        elif not primary_only:
            reused = _reuse(snapshots, spec.name, base.manifest.date)
            if reused is not None:
                loaded[spec.name] = reused
        if spec.name in loaded:
            got = loaded[spec.name]
            report.findings.extend(got.findings)
            notes.append(f"{spec.name}: {len(got.entries)} entries {got.how}")
        else:
            notes.append(
                f"{spec.name}: not used (no --{spec.name}, and no snapshot up to this date holds it)"
            )
    # Models only a secondary source lists join the catalog first (as skeletons whose
    # values the merge then fills from that source), so that matching, merge,
    # invariants, kinds, hosts and lifecycle treat them as every other model.
    used = [spec for spec in SECONDARIES if spec.name in loaded]
    added = additions.choose(
        {spec.name: spec.additions(loaded[spec.name].entries, base.providers) for spec in used},
        base.providers,
        report,
        withheld,
    )
    skeletons = additions.extend(base.providers, added)
    matchings: list[Matching] = [
        spec.match(loaded[spec.name].entries, skeletons, frozenset(added)) for spec in used
    ]
    grown = additions.extend(base.providers, added, matchings)
    loaded_overrides = overrides.load(
        overrides_dir, root if overrides_dir.is_relative_to(root) else None
    )
    override_entries = loaded_overrides.entries
    override_source = _overrides_source(overrides_dir)
    evidence: dict[str, Any] = {}
    declared = overrides.origins_to_declare(loaded_overrides.retired, grown)
    if override_entries:
        matching = overrides.match(override_entries, grown, frozenset(r.key for r in declared))
        for miss in matching.unmatched:
            report.add(overrides.NAME, miss.key, "", miss.reason)
        matchings.append(matching)
        evidence = overrides.evidence_json(loaded_overrides.evidence, matching)
        notes.append(
            f"overrides: {len(matching.matched)} models from {overrides_dir.name}/, "
            f"{len(declared)} retired models the feed lacks declared as origins"
        )
    merged: Merged = merge(grown, matchings, frozenset(added))
    for (pid, mid), source in added.items():
        merged.provenance.setdefault(f"{pid}:{mid}", {})[additions.ADDED_BY] = source
        # models.dev has no price of its own for the model: nothing for primary.json.
        merged.primary.pop(f"{pid}:{mid}", None)
    merged.provenance = {k: dict(sorted(v.items())) for k, v in sorted(merged.provenance.items())}
    report.findings.extend(merged.findings)
    _check_replacements(merged, report)
    kinded = kinds.assign(merged.providers, merged.provenance, report)
    # Copies of a retired origin inherit its retirement date, then every status is derived
    # at the data date (generator/hosts.py, generator/lifecycle.py).
    links = hosts.link(
        kinded, loaded[openrouter.NAME].entries if openrouter.NAME in loaded else (), declared
    )
    _check_declared_replacements(declared, kinded, report)
    providers, provenance = hosts.carry_dates(kinded, merged.provenance, links, base.manifest.date)
    providers, status_changes = lifecycle.derive(providers, base.manifest.date)
    sources = [
        *base.manifest.sources,
        *(loaded[s.name].source for s in SECONDARIES if s.name in loaded),
        *([override_source] if override_source and override_entries else []),
    ]
    manifest = base.manifest.model_copy(
        update={
            "sources": tuple(sources),
            "models": sum(len(p.models) for p in providers.values()),
        }
    )
    catalog = schema.Catalog.model_validate(
        {
            "manifest": manifest,
            "providers": providers,
            "provenance": provenance,
            "overrides": evidence,
            "origins": links.origins,
            "primary": merged.primary,
        }
    )
    report_data = disagreements.as_json(merged)
    files: dict[str, str] = {
        f"sources/{name}.json": snapshot.dumps(
            {
                "entries": dump_entries(got.entries),
                "findings": [f.as_json() for f in got.findings],
            }
        )
        for name, got in sorted(loaded.items())
    }
    files["matching.json"] = snapshot.dumps(_matching_json(matchings))
    files[snapshot.HOSTS] = snapshot.dumps(links.as_json())
    if litellm.NAME in loaded:
        from generator.aliases import litellm_names

        matching_of = {m.source: m for m in matchings}
        files["litellm-names.json"] = snapshot.dumps(
            litellm_names(catalog, loaded[litellm.NAME].entries, matching_of[litellm.NAME])
        )
    files["disagreements.json"] = snapshot.dumps(report_data)
    files["disagreements.md"] = disagreements.markdown(report_data, manifest.date)
    by_source = {s: sum(1 for v in added.values() if v == s) for s in sorted(set(added.values()))}
    notes.append(
        "models only a secondary source lists: "
        + (", ".join(f"{n} added from {s}" for s, n in by_source.items()) or "none")
    )
    notes.append(
        f"hosts: {len(links.origins)} copies linked to their origin, {len(links.unlinked)} "
        f"unlinked, {len(links.carried)} retirement dates carried "
        f"(snapshots/{manifest.date}/hosts.json)"
    )
    if status_changes:
        notes.append(
            "lifecycle at the data date: "
            + ", ".join(f"{n} {change}" for change, n in sorted(status_changes.items()))
        )
    count = report_data["summary"]
    notes.append(
        f"{count['models_in_more_than_one_source']} models in more than one source, "
        f"{count['disagreements']} disagreements (snapshots/{manifest.date}/disagreements.md)"
    )
    documents = {
        name: got.document for name, got in sorted(loaded.items()) if got.document is not None
    }
    return Result(
        catalog=catalog, files=files, notes=notes, fallbacks=fallbacks, documents=documents
    )


def _check_replacements(merged: Merged, report: Report) -> None:
    """A replacement should be a model of this release; say so when it is not."""
    for key, fields in merged.provenance.items():
        if "replacement" not in fields:
            continue
        pid, _, mid = key.partition(":")
        target = merged.providers[pid].models[mid].replacement or ""
        tpid, _, tmid = target.partition(":")
        if tpid not in merged.providers or tmid not in merged.providers[tpid].models:
            report.add(pid, mid, "replacement", f"names {target!r}, not a model of this release")


def _check_declared_replacements(
    declared: list[overrides.RetiredOrigin], providers: dict[str, schema.Provider], report: Report
) -> None:
    """A retired origin's replacement should be a model of this release, too."""
    for origin in declared:
        target = origin.replacement or ""
        tpid, _, tmid = target.partition(":")
        if target and (tpid not in providers or tmid not in providers[tpid].models):
            pid, _, mid = origin.key.partition(":")
            report.add(pid, mid, "replacement", f"names {target!r}, not a model of this release")


def _matching_json(matchings: list[Matching]) -> dict[str, Any]:
    return {m.source: m.as_json() for m in matchings}
