"""The update pipeline: pulled bytes -> validated feed -> normalized catalog."""

from __future__ import annotations

from generator import normalize, schema, snapshot, upstream
from generator.fetch import Fetched
from generator.progress import SILENT, Progress
from generator.report import Report


def build_catalog(
    fetched: Fetched,
    date: str,
    report: Report,
    url: str | None = None,
    progress: Progress = SILENT,
) -> schema.Catalog:
    """Parse, validate and normalize one models.dev document (raises `FeedError`)."""
    with progress.stage("validate"):
        document = upstream.parse_json(fetched.data, url or fetched.url)
        feed = upstream.validate_feed(document)
    with progress.stage("normalize"):
        providers = normalize.normalize(feed, report)
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
    return schema.Catalog(manifest=manifest, providers=providers)
