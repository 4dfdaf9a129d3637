"""`python -m generator`: one entry point, one subcommand per job."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from generator import fetch, pipeline, publish, snapshot
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
    sub.add_parser(
        "render",
        help="regenerate llm_catalog/ from the newest committed snapshot (offline)",
    )
    sub.add_parser(
        "check",
        help="fail, naming the files, if llm_catalog/ is not what render would write",
    )
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
    publish.publish(ws, catalog, snapshot.snapshot_files(catalog, report.sorted()))
    _summarize(report, args.quiet)
    if not args.quiet:
        m = catalog.manifest
        print(
            f"snapshots/{m.date}: {m.providers} providers, {m.models} models, "
            f"version {m.version}, sha256 {m.sources[0].sha256[:12]}"
        )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    ws = publish.Workspace(args.root.resolve())
    try:
        if args.command == "update":
            return _update(args, ws)
        catalog = snapshot.load(snapshot.latest(ws.snapshots))
        if args.command == "render":
            publish.publish(ws, catalog)
            print(f"llm_catalog/ rendered from snapshots/{catalog.manifest.date}")
            return 0
        stale = publish.stale_files(ws, catalog)
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
