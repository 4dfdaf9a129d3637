"""The update pipeline: pulled bytes -> validated feed -> normalized catalog."""

from __future__ import annotations

from dataclasses import dataclass

from generator import normalize, schema, snapshot, upstream
from generator.fetch import Fetched
from generator.progress import SILENT, Progress
from generator.report import FeedError, Finding, Report


@dataclass(frozen=True)
class Built:
    """The normalized catalog of a feed's valid entries, and what was left out."""

    catalog: schema.Catalog
    screened: upstream.Screened


def build(
    fetched: Fetched,
    date: str,
    report: Report,
    url: str | None = None,
    progress: Progress = SILENT,
) -> Built:
    """Parse, screen and normalize one models.dev document.

    Raises `FeedError` only when the document as a whole is unusable; entries that
    fail validation are in `screened.quarantined` (see `generator/quarantine.py`)."""
    with progress.stage("validate"):
        document = upstream.parse_json(fetched.data, url or fetched.url)
        screened = upstream.screen_feed(document)
    with progress.stage("normalize"):
        providers = normalize.normalize(screened.feed, report)
    manifest = schema.Manifest(
        date=date,
        version=snapshot.version_for(date),
        sources=(
            schema.Source(
                name="models.dev",
                url=url or fetched.url,
                sha256=fetched.sha256,
                size=fetched.size,
            ),
        ),
        providers=len(providers),
        models=sum(len(p.models) for p in providers.values()),
    )
    return Built(schema.Catalog(manifest=manifest, providers=providers), screened)


def build_catalog(
    fetched: Fetched,
    date: str,
    report: Report,
    url: str | None = None,
    progress: Progress = SILENT,
) -> schema.Catalog:
    """Parse, validate and normalize one models.dev document, all or nothing
    (raises `FeedError` naming every invalid entry, as `upstream.validate_feed`)."""
    built = build(fetched, date, report, url, progress)
    errors = [
        Finding(f.provider, f.model, f.field, f.message, "error") for f in built.screened.skipped
    ] + [f for q in built.screened.quarantined for f in q.findings]
    if errors:
        raise FeedError(errors)
    return built.catalog
