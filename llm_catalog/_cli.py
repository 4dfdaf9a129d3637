"""`llm-catalog`: the command line. (`diff` only on this branch; more commands join it.)"""

from __future__ import annotations

import argparse
import json
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="llm-catalog", description="Query the offline LLM catalog."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    diff = sub.add_parser(
        "diff",
        help="what changed between two releases",
        description="Material changes between two releases of the catalog (dates such as "
        "2026-03-01 or versions such as 2026.3.1): models added, removed and renamed, "
        "price, status, capability, limit and modality changes.",
    )
    diff.add_argument("old", metavar="OLD", help="the older release (date or version)")
    diff.add_argument("new", metavar="NEW", help="the newer release (date or version)")
    diff.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    return parser


def cmd_diff(old: str, new: str, as_json: bool = False) -> str:
    """The text `llm-catalog diff OLD NEW` prints."""
    from llm_catalog._history import diff, diff_markdown

    data = diff(old, new)
    if as_json:
        return json.dumps(data, indent=1, sort_keys=True) + "\n"
    return diff_markdown(data)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "diff":
            sys.stdout.write(cmd_diff(args.old, args.new, args.json))
            return 0
    except KeyError as exc:
        print(f"llm-catalog: {exc.args[0] if exc.args else exc}", file=sys.stderr)
        return 2
    return 2  # pragma: no cover - argparse rejects unknown commands


if __name__ == "__main__":
    sys.exit(main())
