"""`python -m generator`: one entry point, one subcommand per job."""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from generator import (
    bundle,
    changelog,
    disagreements,
    fetch,
    history,
    invariants,
    multisource,
    pipeline,
    publish,
    quarantine,
    schema,
    snapshot,
)
from generator.progress import Progress
from generator.report import (
    FeedError,
    Finding,
    GeneratorError,
    Report,
    escape_unprintable,
    printable,
)


def _date(value: str) -> str:
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {value!r}") from None


def _share(value: str) -> float:
    try:
        share = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 0 <= share <= 1:
        raise argparse.ArgumentTypeError(f"a share is between 0 and 1, not {value}")
    return share


def _at_least_one(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError("an empty release is never published: use 1 or more")
    return number


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
        "the newest snapshot's stored entries are reused (offline). See docs/sources.md.",
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
        help="accept a feed the shrink guard refuses, or that renames published constants "
        "(never a feed below --min-models / --min-providers)",
    )
    update.add_argument(
        "--max-quarantine",
        type=_share,
        default=quarantine.DEFAULT_MAX_SHARE,
        metavar="SHARE",
        help="refuse the feed when more than this share of its model entries fail "
        "validation; below it they are quarantined (kept at the previous release's "
        f"values, or left out) and named (default: {quarantine.DEFAULT_MAX_SHARE})",
    )
    update.add_argument(
        "--min-models",
        type=_at_least_one,
        default=history.DEFAULT_MIN_MODELS,
        metavar="N",
        help="size guard: refuse a release with fewer models, even with --force "
        f"(default: {history.DEFAULT_MIN_MODELS}; lower it for small private feeds)",
    )
    update.add_argument(
        "--min-providers",
        type=_at_least_one,
        default=history.DEFAULT_MIN_PROVIDERS,
        metavar="N",
        help="size guard: refuse a release with fewer providers that have models, even "
        f"with --force (default: {history.DEFAULT_MIN_PROVIDERS})",
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
    pack = sub.add_parser(
        "bundle",
        help="write the newest snapshot as one JSON document and its .sha256 (a release "
        "asset that Catalog.fetch reads)",
        description="Write llm-catalog-VERSION.json (the newest snapshot's manifest and "
        "catalog, with the format, schema version, date and version) and "
        "llm-catalog-VERSION.json.sha256 into DIR. The bytes are deterministic.",
    )
    pack.add_argument("--out", type=Path, required=True, metavar="DIR", help="directory to write")
    view = sub.add_parser(
        "disagreements",
        help="where the sources disagree, from the newest snapshot's disagreements.json",
    )
    view.add_argument("--model", help="only this model key (provider:model_id) or a prefix")
    view.add_argument("--field", help="only this field path (cost.input, limits.context, ...)")
    view.add_argument("--kind", choices=disagreements.KINDS, help="only this kind")
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


def _emptied_providers(after: history.History, catalog: schema.Catalog) -> list[str]:
    """Warnings naming each provider that lost all its models since the release
    before. For the run's output only: `report.json` holds what the feed itself
    says, so a snapshot's files never depend on which releases were stored first."""
    earlier = [c for c in after.catalogs if c.manifest.date < catalog.manifest.date]
    if not earlier:
        return []
    previous = earlier[-1]
    listed = history.primary_keys(previous)  # models.dev's, as the guard counts them
    return [
        Finding(
            pid,
            "",
            "models",
            f"lost all its {sum(1 for p, _ in listed if p == pid)} models since "
            f"{previous.manifest.date}",
        ).line()
        for pid in history.loss(previous, catalog).emptied
    ]


def _update(args: argparse.Namespace, ws: publish.Workspace) -> int:
    date = args.date or dt.datetime.now(dt.UTC).date().isoformat()
    progress = Progress(quiet=args.quiet)
    with progress.stage("pull"):
        fetched = fetch.fetch(args.source)
    report = Report()
    built = pipeline.build(fetched, date, report, url=args.source_url, progress=progress)
    catalog = built.catalog
    overrides_dir = (args.overrides or ws.root / "overrides").resolve()
    merged = progress.timed(
        "merge",
        multisource.build,
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
        withheld=quarantine.withheld(built.screened),
    )
    if not args.quiet:
        for fallback in merged.fallbacks:
            print(f"warning: {fallback}", file=sys.stderr)
    before = history.load(ws.snapshots) if snapshot.dated_dirs(ws.snapshots) else None
    earlier = [c for c in (before.catalogs if before else ()) if c.manifest.date < date]
    quarantined = quarantine.apply(
        merged.catalog,
        built.screened,
        earlier[-1] if earlier else None,
        report,
        max_share=args.max_quarantine,
    )
    catalog = quarantined.catalog
    history.check_size(catalog, min_models=args.min_models, min_providers=args.min_providers)
    newest = before.latest if before is not None else None
    if (
        newest is not None
        and date > newest.manifest.date
        and newest.dump_providers() == catalog.dump_providers()
    ):
        # A nightly run on an unchanged feed makes no release (and so no pull request);
        # what it quarantined (kept at the same values) is still said.
        _summarize(report, args.quiet)
        if not args.quiet:
            for note in quarantined.notes:
                print(note, file=sys.stderr)
            print(
                f"no change since {newest.manifest.date} ({newest.manifest.version}); nothing written"
            )
        return 0
    after = progress.timed(
        "history",
        history.insert,
        before,
        catalog,
        max_loss=args.max_loss,
        force=args.force,
        replacements=history.read_replacements(ws.snapshots),
    )
    catalog = after.at(date)  # its version may have gained a `.N`
    emptied = _emptied_providers(after, catalog)
    tree = {
        f"{date}/{name}": text
        for name, text in {
            **snapshot.snapshot_files(catalog, report.sorted()),
            **merged.files,
            **quarantined.files,
        }.items()
        if name != history.CATALOG  # stored by the history: full or as a delta
    }
    tree.update(history.files(after))
    publish.publish(ws, after.latest, history=after, snapshot_tree=tree, progress=progress)
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
        for note in [*emptied, *merged.notes, *quarantined.notes]:
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


def _changelog(args: argparse.Namespace, hist: history.History, ws: publish.Workspace) -> int:
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
    held = ws.snapshots / new.manifest.date / quarantine.FILE
    if held.exists():
        # Reviewers see what was left out or kept back first: after the summary, so
        # that cutting the body to GitHub's limit keeps it.
        head, _, rest = text.partition("\n\n")
        summary, _, rest = rest.partition("\n\n")
        section = quarantine.markdown(json.loads(held.read_text("utf-8")))
        text = f"{head}\n\n{summary}\n\n{section}" + (f"\n{rest}" if rest else "")
    if args.limit is not None:
        text = changelog.truncate(
            text, args.limit, "The full changelog is in the workflow run's summary."
        )
    sys.stdout.write(text)
    return 0


def _bundle(out: Path, ws: publish.Workspace) -> int:
    made = bundle.build(ws.snapshots)
    try:
        document_path, digest_path = bundle.write(made, out)
    except OSError as exc:
        raise GeneratorError(
            f"cannot write the bundle into {printable(str(out))}: {exc.strerror or exc}"
        ) from None
    print(f"{printable(str(document_path))}: {len(made.data)} bytes, sha256 {made.sha256}")
    print(printable(str(digest_path)))
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
        if args.command == "bundle":
            return _bundle(args.out, ws)
        hist = history.load(ws.snapshots)
        catalog = hist.latest
        if args.command == "changelog":
            return _changelog(args, hist, ws)
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
        newest = snapshot.latest(ws.snapshots)
        broken = invariants.stale_report(newest, catalog)
        if broken:
            print(
                f"snapshots/{newest.name}/report.json is stale: its invariant findings are "
                "not what the catalog shows (rerun `python -m generator update`):",
                file=sys.stderr,
            )
            for line in broken[:20]:
                print(f"  {escape_unprintable(line)}", file=sys.stderr)
            if len(broken) > 20:
                print(f"  ... and {len(broken) - 20} more", file=sys.stderr)
            return 1
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
