"""`python -m generator`: one entry point, one subcommand per job."""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from generator import (
    changelog,
    disagreements,
    fetch,
    history,
    multisource,
    pipeline,
    publish,
    snapshot,
)
from generator.report import FeedError, GeneratorError, Report, escape_unprintable, printable


def _date(value: str) -> str:
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {value!r}") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description="Build the llm-catalog snapshot and package from upstream metadata.",
    )
    parser.add_argument(
        "--root",
        type=Path,
        default=publish.ROOT,
        help="repository to work in (default: the one holding this generator)",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    update = sub.add_parser(
        "update",
        help="pull a feed, write a dated snapshot, render the package",
        description="Pull models.dev api.json (a URL or a local file), validate and "
        "normalize it, write snapshots/DATE/, then render llm_catalog/. "
        "On any error nothing is changed.",
    )
    update.add_argument(
        "--source",
        default=fetch.DEFAULT_URL,
        help=f"URL or path of the models.dev api.json (default: {fetch.DEFAULT_URL})",
    )
    update.add_argument(
        "--source-url",
        help="URL to record in the manifest when --source is a local recording of it",
    )
    update.add_argument(
        "--date",
        type=_date,
        default=None,
        help="date of the data, YYYY-MM-DD (default: today, UTC)",
    )
    update.add_argument("-q", "--quiet", action="store_true", help="print only errors")
    secondary = update.add_argument_group(
        "other sources",
        "OpenRouter and LiteLLM are pulled only when named or with --live; otherwise "
        "the newest snapshot's stored entries are reused (offline). See README, Sources.",
    )
    for spec in multisource.SECONDARIES:
        secondary.add_argument(
            f"--{spec.name}",
            metavar="PATH_OR_URL",
            help=f"pull {spec.name} from here (live: {spec.url})",
        )
        secondary.add_argument(
            f"--{spec.name}-url",
            metavar="URL",
            help=f"URL to record in the manifest when --{spec.name} is a local recording",
        )
    secondary.add_argument(
        "--live", action="store_true", help="pull every source not named from its live URL"
    )
    secondary.add_argument(
        "--primary-only",
        action="store_true",
        help="use models.dev and the overrides only (no OpenRouter, no LiteLLM)",
    )
    secondary.add_argument(
        "--overrides",
        type=Path,
        metavar="DIR",
        help="directory of override TOML files (default: overrides/ in the repository)",
    )
    update.add_argument(
        "--keep-documents",
        type=Path,
        metavar="DIR",
        help="after a release is written, save the upstream documents this run pulled "
        "to DIR (NAME.json each, and SHA256SUMS), as the nightly job uploads them",
    )
    update.add_argument(
        "--max-loss",
        type=float,
        default=history.DEFAULT_MAX_LOSS,
        help="shrink guard: refuse a feed that lost more than this share of the previous "
        f"release's models or providers (default: {history.DEFAULT_MAX_LOSS}); a pulled "
        "OpenRouter or LiteLLM document that lost more of its entries is not used (the "
        "previous release's are kept)",
    )
    update.add_argument(
        "--force",
        action="store_true",
        help="accept a feed the shrink guard refuses, or that renames published constants",
    )
    log = sub.add_parser(
        "changelog",
        help="what changed between two releases (Markdown or JSON)",
        description="Compare two releases by date or version. Default: the newest release "
        "against the one before it.",
    )
    log.add_argument("old", nargs="?", metavar="OLD", help="older release (date or version)")
    log.add_argument("new", nargs="?", metavar="NEW", help="newer release (default: newest)")
    log.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    log.add_argument(
        "--limit",
        type=int,
        default=None,
        help="truncate the Markdown to this many characters (GitHub's PR body limit is "
        f"{changelog.GITHUB_BODY_LIMIT})",
    )
    sub.add_parser(
        "render",
        help="regenerate llm_catalog/ from the newest committed snapshot (offline)",
    )
    sub.add_parser(
        "check",
        help="fail, naming the files, if llm_catalog/ is not what render would write",
    )
    view = sub.add_parser(
        "disagreements",
        help="where the sources disagree, from the newest snapshot's disagreements.json",
    )
    view.add_argument("--model", help="only this model key (provider:model_id) or a prefix")
    view.add_argument("--field", help="only this field path (cost.input, limits.context, ...)")
    view.add_argument("--kind", choices=("price", "limit", "capability"), help="only this kind")
    view.add_argument("--limit", type=int, default=50, help="rows to print (default 50; 0: all)")
    return parser


def _summarize(report: Report, quiet: bool) -> None:
    findings = report.sorted()
    warnings = [f for f in findings if f.severity == "warning"]
    if not quiet:
        for finding in warnings:
            print(finding.line(), file=sys.stderr)
        infos = Counter(f.message.split(" ")[0] for f in findings if f.severity == "info")
        if infos:
            print(
                f"{sum(infos.values())} repairs and notes recorded in report.json",
                file=sys.stderr,
            )


def _update(args: argparse.Namespace, ws: publish.Workspace) -> int:
    date = args.date or dt.datetime.now(dt.UTC).date().isoformat()
    fetched = fetch.fetch(args.source)
    report = Report()
    catalog = pipeline.build_catalog(fetched, date, report, url=args.source_url)
    overrides_dir = (args.overrides or ws.root / "overrides").resolve()
    merged = multisource.build(
        catalog,
        root=ws.root,
        snapshots=ws.snapshots,
        locations={s.name: getattr(args, s.name) for s in multisource.SECONDARIES},
        urls={s.name: getattr(args, f"{s.name}_url") for s in multisource.SECONDARIES},
        live=args.live,
        primary_only=args.primary_only,
        overrides_dir=overrides_dir,
        report=report,
        max_loss=args.max_loss,
        force=args.force,
    )
    if not args.quiet:
        for fallback in merged.fallbacks:
            print(f"warning: {fallback}", file=sys.stderr)
    catalog = merged.catalog
    before = history.load(ws.snapshots) if snapshot.dated_dirs(ws.snapshots) else None
    newest = before.latest if before is not None else None
    if (
        newest is not None
        and date > newest.manifest.date
        and newest.dump_providers() == catalog.dump_providers()
    ):
        # A nightly run on an unchanged feed makes no release (and so no pull request).
        if not args.quiet:
            print(
                f"no change since {newest.manifest.date} ({newest.manifest.version}); nothing written"
            )
        return 0
    after = history.insert(
        before,
        catalog,
        max_loss=args.max_loss,
        force=args.force,
        replacements=history.read_replacements(ws.snapshots),
    )
    catalog = after.at(date)  # its version may have gained a `.N`
    tree = {
        f"{date}/{name}": text
        for name, text in {
            **snapshot.snapshot_files(catalog, report.sorted()),
            **merged.files,
        }.items()
        if name != history.CATALOG  # stored by the history: full or as a delta
    }
    tree.update(history.files(after))
    publish.publish(ws, after.latest, history=after, snapshot_tree=tree)
    if args.keep_documents is not None:
        try:
            keep_documents(args.keep_documents, {"models.dev": fetched.data, **merged.documents})
        except OSError as exc:
            # The release is written by now: say what is missing, do not claim otherwise.
            print(
                f"error: the release was written, but the documents could not be kept in "
                f"{printable(str(args.keep_documents))}: {exc.strerror or exc}",
                file=sys.stderr,
            )
            return 1
    _summarize(report, args.quiet)
    if not args.quiet:
        for note in merged.notes:
            print(note, file=sys.stderr)
    if not args.quiet:
        m = catalog.manifest
        print(
            f"snapshots/{m.date}: {m.providers} providers, {m.models} models, "
            f"version {m.version}, sha256 {m.sources[0].sha256[:12]}"
        )
    return 0


def keep_documents(directory: Path, documents: dict[str, bytes]) -> None:
    """Write each pulled document as `NAME.json` and their digests as `SHA256SUMS`
    (the format `sha256sum --check` reads). The manifest records the same digests,
    so a kept document can be matched to the release it made."""
    directory.mkdir(parents=True, exist_ok=True)
    sums = []
    for name, data in sorted(documents.items()):
        (directory / f"{name}.json").write_bytes(data)
        sums.append(f"{hashlib.sha256(data).hexdigest()}  {name}.json\n")
    (directory / "SHA256SUMS").write_text("".join(sums), "utf-8")


def _changelog(args: argparse.Namespace, hist: history.History) -> int:
    new = hist.find(args.new) if args.new else hist.latest
    if args.old:
        old = hist.find(args.old)
    else:
        earlier = [c for c in hist.catalogs if c.manifest.date < new.manifest.date]
        if not earlier:
            m = new.manifest
            sys.stdout.write(
                f"## {m.version} ({m.date})\n\nFirst release: {m.models} models from "
                f"{m.providers} providers.\n"
            )
            return 0
        old = earlier[-1]
    log = changelog.diff(old, new)
    if args.json:
        sys.stdout.write(snapshot.dumps(log.as_json()))
        return 0
    text = changelog.markdown(log)
    if args.limit is not None:
        text = changelog.truncate(
            text, args.limit, "The full changelog is in the workflow run's summary."
        )
    sys.stdout.write(text)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    ws = publish.Workspace(args.root.resolve())
    try:
        if args.command == "update":
            return _update(args, ws)
        if args.command == "disagreements":
            return disagreements.view(
                snapshot.latest(ws.snapshots),
                model=args.model,
                field=args.field,
                kind=args.kind,
                limit=args.limit,
            )
        hist = history.load(ws.snapshots)
        catalog = hist.latest
        if args.command == "changelog":
            return _changelog(args, hist)
        published = history.read_names(ws.snapshots)
        renamed = history.renamed(published, hist.names) if published else []
        if renamed:
            raise GeneratorError(
                "snapshots/names.json disagrees with the history: " + "; ".join(renamed[:5])
            )
        if args.command == "render":
            publish.publish(ws, catalog, history=hist)
            print(f"llm_catalog/ rendered from snapshots/{catalog.manifest.date}")
            return 0
        stale = publish.stale_files(ws, catalog, hist)
        if stale:
            print(
                f"llm_catalog/ is out of date with snapshots/{catalog.manifest.date}; "
                "run `python -m generator render`. Differing files:",
                file=sys.stderr,
            )
            for name in stale:
                print(f"  {printable(name)}", file=sys.stderr)
            return 1
        print(f"llm_catalog/ matches snapshots/{catalog.manifest.date}")
        return 0
    except GeneratorError as exc:
        # Messages can quote upstream text (an HTTP reason, a field name): escape
        # anything a terminal or a CI log could interpret. Feed errors already
        # start each line with their severity.
        prefix = "" if isinstance(exc, FeedError) else "error: "
        print(f"{prefix}{escape_unprintable(str(exc))}", file=sys.stderr)
        print("nothing was changed", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted; nothing was changed", file=sys.stderr)
        return 130
