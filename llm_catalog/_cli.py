"""The `llm-catalog` command (also `python -m llm_catalog`): ask the catalog from a
shell. Zero dependencies: argparse and plain text tables that fit 100 columns, or
`--json` for pipes.

Exit codes: 0 on success, 1 when a model or provider is unknown or ambiguous or
nothing meets the criteria, 2 on bad arguments.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from decimal import Decimal, InvalidOperation

TYPE_CHECKING: bool = False
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from llm_catalog._catalog import Catalog
    from llm_catalog._model import Model

__all__ = ["main"]

WIDTH = 100
"""Tables never get wider than this."""

_MODALITIES = ("text", "image", "audio", "video", "pdf")
_STATUSES = ("active", "alpha", "beta", "deprecated", "retired", "maintenance", "disabled")
_KINDS = (
    "chat",
    "embedding",
    "rerank",
    "moderation",
    "image_generation",
    "video_generation",
    "transcription",
    "speech",
)
_SCORES = ("reasoning", "coding", "creative", "summarization")
_SORTS = ("key", "input_cost", "output_cost", "context", "output_limit", "release_date")


class _LookupFailedError(Exception):
    """A lookup that failed: message to stderr, exit code 1."""


class _UsageError(Exception):
    """A bad argument found after parsing: exit code 2."""


def _price(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"not a price in USD per 1M tokens: {text!r}") from None
    if not value.is_finite() or value < 0:
        raise argparse.ArgumentTypeError(f"not a price in USD per 1M tokens: {text!r}")
    return value


def _count(text: str) -> int:
    try:
        value = int(text.replace("_", "").replace(",", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number of tokens: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must not be negative: {text!r}")
    return value


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {text!r}") from None


def _list_of(choices: tuple[str, ...]) -> Callable[[str], list[str]]:
    """Comma-separated values from `choices` (the option may also be repeated)."""

    def parse(text: str) -> list[str]:
        values = [v.strip() for v in text.split(",") if v.strip()]
        for v in values:
            if v not in choices:
                raise argparse.ArgumentTypeError(
                    f"invalid choice {v!r} (choose from {', '.join(choices)})"
                )
        return values

    return parse


def _names(text: str) -> list[str]:
    return [v.strip() for v in text.split(",") if v.strip()]


def _flat(values: list[list[str]] | None) -> list[str] | None:
    return None if values is None else [v for group in values for v in group]


def _score(text: str) -> tuple[str, float]:
    name, sep, value = text.partition("=")
    if not sep or name.strip() not in _SCORES:
        raise argparse.ArgumentTypeError(
            f"expected SCORE=N with SCORE one of {', '.join(_SCORES)}: {text!r}"
        )
    try:
        return name.strip(), float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None


def _milliseconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of milliseconds: {text!r}") from None
    if not value >= 0:
        raise argparse.ArgumentTypeError(f"not a number of milliseconds: {text!r}")
    return value


def _add_catalog(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--catalog",
        metavar="PATH",
        help="ask this snapshot instead of the packaged catalog: a snapshot directory "
        "(manifest.json + catalog.json), a directory of dated snapshots (the newest "
        "is read) or a file written by 'export --format json'",
    )


def _capabilities() -> tuple[str, ...]:
    """Every `Capability` value, read from the enum (so new members need no edit here)."""
    from llm_catalog._data.enums import Capability

    return tuple(c.value for c in Capability)


def _add_criteria(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("criteria (repeat an option or separate values with commas)")
    capabilities = _capabilities()
    caps = _list_of(capabilities)
    mods = _list_of(_MODALITIES)
    g.add_argument(
        "--require",
        type=caps,
        action="append",
        metavar="CAP",
        help="capability the model must have: " + ", ".join(capabilities),
    )
    g.add_argument(
        "--forbid",
        type=caps,
        action="append",
        metavar="CAP",
        help="capability the model must not have",
    )
    g.add_argument(
        "--input",
        type=mods,
        action="append",
        metavar="MODALITY",
        dest="input_modalities",
        help="input modality it must accept: " + ", ".join(_MODALITIES),
    )
    g.add_argument(
        "--output",
        type=mods,
        action="append",
        metavar="MODALITY",
        dest="output_modalities",
        help="output modality it must produce",
    )
    g.add_argument("--min-context", type=_count, metavar="TOKENS")
    g.add_argument("--min-output", type=_count, metavar="TOKENS", help="minimum output limit")
    g.add_argument("--max-input-cost", type=_price, metavar="USD", help="per 1M input tokens")
    g.add_argument("--max-output-cost", type=_price, metavar="USD", help="per 1M output tokens")
    g.add_argument("--max-cache-read-cost", type=_price, metavar="USD", help="per 1M cached tokens")
    g.add_argument(
        "--provider",
        type=_names,
        action="append",
        metavar="ID",
        dest="providers",
        help="only these providers",
    )
    g.add_argument(
        "--exclude-provider", type=_names, action="append", metavar="ID", dest="exclude_providers"
    )
    g.add_argument("--family", type=_names, action="append", metavar="NAME", dest="families")
    g.add_argument(
        "--status",
        type=_list_of(_STATUSES),
        action="append",
        dest="statuses",
        help="only these statuses (default: all but deprecated, retired, maintenance, disabled)",
    )
    g.add_argument("--include-deprecated", action="store_true")
    g.add_argument(
        "--include-retired",
        action="store_true",
        help="include models past their retirement date at the data date",
    )
    g.add_argument(
        "--include-unavailable",
        action="store_true",
        help="include models in maintenance or disabled (operational status)",
    )
    g.add_argument(
        "--min-quality",
        type=_score,
        action="append",
        metavar="SCORE=N",
        help="quality score of at least N (0-100): " + ", ".join(_SCORES),
    )
    g.add_argument("--max-latency-p50-ms", type=_milliseconds, metavar="MS")
    g.add_argument("--max-latency-p99-ms", type=_milliseconds, metavar="MS")
    weights = g.add_mutually_exclusive_group()
    weights.add_argument("--open-weights", action="store_const", const=True, dest="open_weights")
    weights.add_argument("--closed-weights", action="store_const", const=False, dest="open_weights")
    g.add_argument("--released-after", type=_day, metavar="DATE", help="on or after YYYY-MM-DD")
    g.add_argument("--released-before", type=_day, metavar="DATE", help="on or before YYYY-MM-DD")
    g.add_argument("--quality", choices=("best", "balanced", "cheap"))
    g.add_argument(
        "--kind",
        type=_list_of((*_KINDS, "any")),
        action="append",
        metavar="KIND",
        dest="kinds",
        help="what the model is for (default chat; 'any' for every kind): " + ", ".join(_KINDS),
    )
    g.add_argument(
        "--allow",
        action="append",
        default=[],
        metavar="GLOB",
        help="only keys matching (provider:model)",
    )
    g.add_argument(
        "--deny",
        action="append",
        default=[],
        metavar="GLOB",
        help="never keys matching (wins over --allow)",
    )


def _add_workload(p: argparse.ArgumentParser, defaults: tuple[int, int]) -> None:
    g = p.add_argument_group("workload (token counts)")
    g.add_argument(
        "--input-tokens",
        type=_count,
        default=defaults[0],
        metavar="N",
        help=f"prompt tokens (default {defaults[0]:,})",
    )
    g.add_argument(
        "--output-tokens",
        type=_count,
        default=defaults[1],
        metavar="N",
        help=f"completion tokens (default {defaults[1]:,})",
    )
    g.add_argument("--cache-read-tokens", type=_count, default=0, metavar="N")
    g.add_argument("--cache-write-tokens", type=_count, default=0, metavar="N")
    g.add_argument("--reasoning-tokens", type=_count, default=0, metavar="N")
    g.add_argument("--input-audio-tokens", type=_count, default=0, metavar="N")
    g.add_argument("--output-audio-tokens", type=_count, default=0, metavar="N")
    g.add_argument(
        "--exclusive",
        action="store_true",
        help="the counts are disjoint (Anthropic style); by default input and output "
        "tokens include the cached, audio and reasoning ones",
    )


def _add_units(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("beyond tokens (see Model.cost_of)")
    for name, what in (
        ("seconds", "seconds of audio (transcription, speech)"),
        ("characters", "characters of input text (speech)"),
        ("images", "images made"),
        ("input-images", "images in the prompt"),
        ("queries", "rerank queries or web searches"),
    ):
        g.add_argument(f"--{name}", type=_count, default=0, metavar="N", help=what)
    g.add_argument("--search-context", choices=("low", "medium", "high"))
    g.add_argument(
        "--image-size",
        metavar="WxH",
        help='size of the images made, as the Images API spells it ("1024x1024")',
    )
    g.add_argument(
        "--image-quality",
        choices=("standard", "hd", "low", "medium", "high"),
        help="quality of the images made (the Images API's quality)",
    )
    g.add_argument("--service-tier", choices=("batch", "flex", "priority"))
    g.add_argument("--cache-write-ttl", choices=("5m", "1h"))


def _parser() -> argparse.ArgumentParser:
    from llm_catalog._data.version import DATA_DATE, __version__

    parser = argparse.ArgumentParser(
        prog="llm-catalog",
        description=f"Ask the LLM catalog (data of {DATA_DATE}): models, limits, prices, capabilities.",
        epilog="Prices are USD per 1M tokens. Every command takes --help, and all but "
        "export take --json; export writes --format json, jsonl, csv, sqlite, postgres "
        "or json-schema.",
    )
    parser.add_argument("--version", action="version", version=f"llm-catalog {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(name: str, help: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help)
        p.add_argument("--json", action="store_true", help="print JSON instead of a table")
        return p

    p = command("list", "List models of every kind, provider by provider.")
    _add_catalog(p)
    p.add_argument("--provider", type=_names, action="append", metavar="ID", dest="providers")
    p.add_argument("--include-deprecated", action="store_true")
    p.add_argument(
        "--include-retired",
        action="store_true",
        help="include models past their retirement date at the data date",
    )
    p.add_argument("--limit", type=_count, metavar="N")

    p = command("show", "Everything about one model.")
    _add_catalog(p)
    p.add_argument("name", help="provider:model, provider/model, a model id or an alias")
    p.add_argument("--provider", metavar="ID", help="look the name up at this provider")

    p = command("find", "Models that meet every criterion.")
    _add_catalog(p)
    _add_criteria(p)
    p.add_argument("--sort", choices=_SORTS, default="key", dest="sort_by")
    p.add_argument("--reverse", action="store_true", help="descending (missing values stay last)")
    p.add_argument("--limit", type=_count, metavar="N")

    p = command("select", "The cheapest model for a workload among those that meet the criteria.")
    _add_catalog(p)
    _add_criteria(p)
    p.add_argument(
        "--prefer",
        type=_names,
        action="append",
        metavar="ID",
        help="providers that win ties, most preferred first",
    )
    _add_workload(p, (4_000, 1_000))  # select's TYPICAL_CALL

    p = command("compare", "Models side by side.")
    _add_catalog(p)
    p.add_argument("names", nargs="+", metavar="NAME")

    p = command("cost", "What a call costs on one model, part by part.")
    p.description = (
        "What a call costs on one model, part by part: give NAME and token counts, or "
        "--response FILE ('-' for stdin) holding a reply of OpenAI (Chat Completions or "
        "Responses), Anthropic Messages, Gemini generateContent, an OpenAI-compatible API "
        "or OpenTelemetry GenAI attributes, as JSON or a server-sent-event stream."
    )
    _add_catalog(p)
    p.add_argument("name", metavar="NAME", nargs="?", help="the model (not with --response)")
    p.add_argument("--provider", metavar="ID", help="look the name up at this provider")
    p.add_argument(
        "--response",
        metavar="FILE",
        help="price this response body instead ('-': read it from stdin)",
    )
    _add_workload(p, (0, 0))
    _add_units(p)

    p = command("providers", "Every provider, with its model count and default model.")
    _add_catalog(p)
    p = command("stats", "Counts by provider, capability, modality and status.")
    _add_catalog(p)

    p = command("hosts", "Who serves a model, and at what price: the maker's model and its copies.")
    p.add_argument(
        "key", metavar="KEY", help="provider:model of the origin or of any copy (xai:grok-4)"
    )
    p.add_argument(
        "--include-retired", action="store_true", help="list retired copies too (with status)"
    )

    p = command("diff", "What changed between two releases of the catalog.")
    p.description = (
        "Material changes between two releases (dates such as 2026-03-01 or versions "
        "such as 2026.3.1): models added, removed and renamed, price, status, "
        "capability, limit and modality changes. Markdown, or JSON with --json."
    )
    p.add_argument("old", metavar="OLD", help="the older release (date or version)")
    p.add_argument("new", metavar="NEW", help="the newer release (date or version)")

    # `export` has its own parser (llm_catalog/_export.py); listed here for --help.
    sub.add_parser(
        "export",
        help="Write the catalog as JSON, JSON Lines, CSV, SQLite, PostgreSQL or its JSON Schema.",
        add_help=False,
    )
    return parser


# --- output ---------------------------------------------------------------


def _text(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _json_value(value: object) -> object:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, frozenset | set):
        return sorted(str(v) for v in value)
    return value


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 3, 1)] + "..."


def _table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], right: set[int], *, wrap: bool = False
) -> str:
    """An aligned table no wider than `WIDTH`: the widest columns are cut first.
    With `wrap`, the first column (model keys) is never cut: a key too long for
    it gets a line of its own, and its values go on the next line."""
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers)]
    gap = 2
    if wrap:
        rest = sum(widths[1:]) + gap * (len(widths) - 1)
        widths[0] = max(min(widths[0], WIDTH - rest), len(headers[0]))
    while sum(widths) + gap * (len(widths) - 1) > WIDTH:
        cuttable = [i for i, w in enumerate(widths) if w > 6 and not (wrap and i == 0)]
        if not cuttable:
            break
        widths[max(cuttable, key=lambda i: widths[i])] -= 1

    def line(cells: Sequence[str]) -> str:
        if wrap and len(cells[0]) > widths[0]:
            return cells[0] + "\n" + line(["", *cells[1:]])
        parts = []
        for i, cell in enumerate(cells):
            shown = _fit(cell, widths[i])
            parts.append(shown.rjust(widths[i]) if i in right else shown.ljust(widths[i]))
        return (" " * gap).join(parts).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *map(line, rows)])


def _model_json(m: Model, catalog: Catalog | None = None) -> dict[str, object]:
    from llm_catalog._lifecycle_fields import lifecycle_values
    from llm_catalog._model import PRICE_FIELDS
    from llm_catalog._query import quality_tier

    cost: dict[str, object] = {p: _json_value(getattr(m.cost, p)) for p in PRICE_FIELDS}
    cost["tiers"] = [
        {"above": t.above, **{p: _json_value(getattr(t, p)) for p in PRICE_FIELDS}}
        for t in m.cost.tiers
    ]
    return {
        "key": m.key,
        "id": m.id,
        "provider": m.provider.value,
        "name": m.name,
        "kind": m.kind.value,
        "family": m.family,
        "status": m.status.value,
        "quality": quality_tier(m, catalog=catalog),
        "limits": {"context": m.limits.context, "input": m.limits.input, "output": m.limits.output},
        "cost": cost,
        "modalities": {
            "input": sorted(x.value for x in m.modalities.input),
            "output": sorted(x.value for x in m.modalities.output),
        },
        "capabilities": sorted(c.value for c in m.capabilities),
        "open_weights": m.open_weights,
        "knowledge": _json_value(m.knowledge),
        "release_date": _json_value(m.release_date),
        "last_updated": _json_value(m.last_updated),
        **lifecycle_values(m),
    }


def _models_table(models: Sequence[Model]) -> str:
    headers = ["MODEL", "CONTEXT", "MAX OUT", "IN $/1M", "OUT $/1M", "RELEASED"]
    rows = [
        [
            m.key,
            _text(m.limits.context),
            _text(m.limits.output),
            _text(m.cost.input),
            _text(m.cost.output),
            _text(m.release_date),
        ]
        for m in models
    ]
    # Keys are printed whole (a long one on a line of its own), never cut.
    return _table(headers, rows, right={1, 2, 3, 4}, wrap=True)


def _emit(args: argparse.Namespace, data: object, text: str) -> None:
    if args.json:
        json.dump(data, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(text + "\n")


# --- commands ---------------------------------------------------------------


def _criteria(args: argparse.Namespace) -> dict[str, object]:
    return {
        "require": _flat(args.require) or (),
        "forbid": _flat(args.forbid) or (),
        "input_modalities": _flat(args.input_modalities) or (),
        "output_modalities": _flat(args.output_modalities) or (),
        "min_context": args.min_context,
        "min_output": args.min_output,
        "max_input_cost": args.max_input_cost,
        "max_output_cost": args.max_output_cost,
        "max_cache_read_cost": args.max_cache_read_cost,
        "providers": _flat(args.providers),
        "exclude_providers": _flat(args.exclude_providers) or (),
        "families": _flat(args.families),
        "statuses": _flat(args.statuses),
        "include_deprecated": args.include_deprecated,
        "include_retired": args.include_retired,
        "include_unavailable": args.include_unavailable,
        "min_quality": dict(args.min_quality) if args.min_quality else None,
        "max_latency_p50_ms": args.max_latency_p50_ms,
        "max_latency_p99_ms": args.max_latency_p99_ms,
        "open_weights": args.open_weights,
        "released_after": args.released_after,
        "released_before": args.released_before,
        "quality": args.quality,
        "kind": _kind_criterion(_flat(args.kinds)),
        "allow": args.allow,
        "deny": args.deny,
    }


def _kind_criterion(kinds: list[str] | None) -> object:
    """`--kind` as `find`'s `kind`: chat when not given, `None` for `any`."""
    if not kinds:
        return "chat"
    return None if "any" in kinds else set(kinds)


def _catalog(args: argparse.Namespace) -> Catalog | None:
    """The catalog `--catalog` names, or `None` for the packaged one."""
    path = getattr(args, "catalog", None)
    if path is None:
        return None
    from llm_catalog._catalog import Catalog

    try:
        return Catalog.load(path)
    except OSError as error:
        raise _UsageError(f"--catalog {path}: {error.strerror or error}") from None


def _workload(args: argparse.Namespace) -> object:
    from llm_catalog._costing import Workload

    return Workload(
        input_tokens=args.input_tokens,
        output_tokens=args.output_tokens,
        cache_read_tokens=args.cache_read_tokens,
        cache_write_tokens=args.cache_write_tokens,
        reasoning_tokens=args.reasoning_tokens,
        input_audio_tokens=args.input_audio_tokens,
        output_audio_tokens=args.output_audio_tokens,
        inclusive=not args.exclusive,
    )


def _cmd_list(args: argparse.Namespace) -> int:
    from llm_catalog._query import find

    catalog = _catalog(args)
    models = find(
        providers=_flat(args.providers),
        include_deprecated=args.include_deprecated,
        include_retired=args.include_retired,
        kind=None,  # a listing, not a search: every kind
        limit=args.limit,
        catalog=catalog,
    )
    _emit(args, [_model_json(m, catalog) for m in models], _models_table(models))
    return 0


def _cmd_find(args: argparse.Namespace) -> int:
    from llm_catalog._query import find

    catalog = _catalog(args)
    models = find(
        **_criteria(args),  # type: ignore[arg-type]
        sort_by=args.sort_by,
        reverse=args.reverse,
        limit=args.limit,
        catalog=catalog,
    )
    text = _models_table(models) + f"\n{len(models)} models"
    _emit(args, [_model_json(m, catalog) for m in models], text)
    return 0


def _cmd_select(args: argparse.Namespace) -> int:
    from llm_catalog._costing import price_workload
    from llm_catalog._query import select

    catalog = _catalog(args)
    workload = _workload(args)
    model = select(
        **_criteria(args),  # type: ignore[arg-type]
        prefer=_flat(args.prefer) or (),
        workload=workload,  # type: ignore[arg-type]
        catalog=catalog,
    )
    if model is None:
        if args.json:
            _emit(args, None, "")
        raise _LookupFailedError("no model meets the criteria with a fully priced workload")
    breakdown = price_workload(model, workload)  # type: ignore[arg-type]
    data = {"model": _model_json(model, catalog), "cost": _breakdown_json(breakdown)}
    _emit(args, data, f"{model.key}\n\n{_breakdown_table(breakdown)}")
    return 0


def _cmd_show(args: argparse.Namespace) -> int:
    from llm_catalog._compare import compare
    from llm_catalog._lifecycle_fields import lifecycle_values
    from llm_catalog._resolve import resolve

    catalog = _catalog(args)
    model = resolve(args.name, provider=args.provider, catalog=catalog)
    table = compare([model], catalog=catalog)
    rows = [[name, _text(values[0])] for name, values in table.rows]
    for name, value in lifecycle_values(model).items():
        rows.append([name, ", ".join(value) or "-" if isinstance(value, list) else _text(value)])
    _emit(
        args,
        _model_json(model, catalog),
        model.key + "\n\n" + _table(["FIELD", "VALUE"], rows, set()),
    )
    return 0


def _cmd_compare(args: argparse.Namespace) -> int:
    from llm_catalog._compare import compare

    table = compare(args.names, catalog=_catalog(args))
    rows = [[name, *(_text(v) for v in values)] for name, values in table.rows]
    _emit(args, table.as_dict(), _table(["FIELD", *table.keys], rows, set()))
    return 0


def _breakdown_json(b: object) -> dict[str, object]:
    from llm_catalog._costing import CostBreakdown

    assert isinstance(b, CostBreakdown)
    return {
        "model": b.model,
        "total_usd": format(b.total, "f"),
        "complete": b.complete,
        "unpriced": list(b.unpriced),
        "prompt_tokens": b.prompt_tokens,
        "tier_above": None if b.tier is None else b.tier.above,
        "exceeds_context": b.exceeds_context,
        "warnings": list(b.warnings),
        "service_tier": b.service_tier,
        "components": [
            {
                "part": c.part,
                "tokens": c.tokens,
                "price_per_1m": format(c.price, "f"),
                "unit": c.unit,
                "usd": format(c.usd, "f"),
                "billed_as": c.billed_as,
                "note": c.note,
            }
            for c in b.components
        ],
    }


def _breakdown_table(b: object) -> str:
    from llm_catalog._costing import CostBreakdown

    assert isinstance(b, CostBreakdown)
    rows = [
        [c.part, f"{c.tokens:,}", format(c.price, "f"), format(c.usd, "f")] for c in b.components
    ]
    rows.append(["total", f"{b.prompt_tokens:,} in", "", format(b.total, "f")])
    lines = [_table(["PART", "TOKENS", "$/1M", "USD"], rows, right={1, 2, 3})]
    if b.tier is not None:
        lines.append(f"long-context prices apply: prompt of more than {b.tier.above:,} tokens")
    if b.unpriced:
        lines.append("NOT PRICED (no price in the data): " + ", ".join(b.unpriced))
    lines.extend(f"{c.part}: {c.note}" for c in b.components if c.note)
    lines.extend(
        f"{c.part}: ${c.price} per {c.unit}, not per 1M tokens ({c.tokens:,} {c.unit}s)"
        for c in b.components
        if c.unit != "1M tokens"
    )
    if b.service_tier is not None:
        lines.append(f"{b.service_tier} service tier prices")
    lines.extend(f"WARNING: {w}" for w in b.warnings)
    return "\n".join(lines)


def _cost_of_response(args: argparse.Namespace) -> int:
    from llm_catalog._response import ResponseError, cost_of_response

    if args.name is not None:
        raise _UsageError("give either NAME or --response, not both")
    try:
        if args.response == "-":
            body = sys.stdin.buffer.read()
        else:
            with open(args.response, "rb") as file:
                body = file.read()
    except OSError as error:
        raise _UsageError(f"--response {args.response}: {error.strerror or error}") from None
    try:
        breakdown = cost_of_response(body, args.provider, catalog=_catalog(args))
    except ResponseError as error:
        raise _LookupFailedError(f"cannot price the response: {error}") from None
    _emit(args, _breakdown_json(breakdown), f"{breakdown.model}\n\n{_breakdown_table(breakdown)}")
    return 0


def _cmd_cost(args: argparse.Namespace) -> int:
    from llm_catalog._costing import price_workload
    from llm_catalog._resolve import resolve

    if args.response is not None:
        return _cost_of_response(args)
    if args.name is None:
        raise _UsageError("give the model NAME, or --response FILE")
    model = resolve(args.name, provider=args.provider, catalog=_catalog(args))
    units = {
        "seconds": args.seconds,
        "characters": args.characters,
        "images": args.images,
        "input_images": args.input_images,
        "queries": args.queries,
    }
    try:
        images_by_size = args.image_size is not None or args.image_quality is not None
        if any(units.values()) or args.service_tier or args.cache_write_ttl or images_by_size:
            from llm_catalog._units import price_with_extras

            breakdown = price_with_extras(
                model,
                _workload(args),  # type: ignore[arg-type]
                units=units,
                search_context=args.search_context,
                service_tier=args.service_tier,
                cache_write_ttl=args.cache_write_ttl,
                image_size=args.image_size,
                image_quality=args.image_quality,
            )
        else:
            breakdown = price_workload(model, _workload(args))  # type: ignore[arg-type]
    except ValueError as error:
        raise _UsageError(str(error)) from None
    _emit(args, _breakdown_json(breakdown), f"{model.key}\n\n{_breakdown_table(breakdown)}")
    return 0


def _cmd_providers(args: argparse.Namespace) -> int:
    catalog = _catalog(args)
    if catalog is None:
        from llm_catalog._data.search import DEFAULTS, PROVIDER_RANGES
        from llm_catalog._lookup import providers

        infos, ranges, defaults = providers(), PROVIDER_RANGES, DEFAULTS
    else:
        from llm_catalog._catalog_index import index_of

        index = index_of(catalog)
        infos = list(catalog.providers.values())
        ranges, defaults = index.PROVIDER_RANGES, index.DEFAULTS
    data = []
    for p in infos:
        start, stop = ranges.get(p.id.value, (0, 0))  # a provider may have no models
        data.append(
            {
                "id": p.id.value,
                "name": p.name,
                "models": stop - start,
                "default_model": defaults.get(p.id.value),
                "env": list(p.env),
                "doc": p.doc,
            }
        )
    rows = [
        [str(d["id"]), str(d["name"]), _text(d["models"]), _text(d["default_model"])] for d in data
    ]
    _emit(args, data, _table(["PROVIDER", "NAME", "MODELS", "DEFAULT MODEL"], rows, right={2}))
    return 0


def _cmd_stats(args: argparse.Namespace) -> int:
    from llm_catalog._stats import stats

    s = stats(catalog=_catalog(args))
    sections = [
        f"{s.models:,} models from {s.providers} providers "
        f"(and {s.removed:,} removed models, kept as tombstones)",
        "",
        _table(["STATUS", "MODELS"], [[k, f"{v:,}"] for k, v in s.by_status.items()], {1}),
        "",
        _table(["CAPABILITY", "MODELS"], [[k, f"{v:,}"] for k, v in s.by_capability.items()], {1}),
        "",
        _table(
            ["MODALITY", "INPUT", "OUTPUT"],
            [[k, f"{v:,}", f"{s.by_output_modality[k]:,}"] for k, v in s.by_input_modality.items()],
            {1, 2},
        ),
        "",
        _table(["QUALITY", "MODELS"], [[k, f"{v:,}"] for k, v in s.by_quality.items()], {1}),
        "",
        f"open weights: {s.open_weights:,}, closed: {s.closed_weights:,}",
        "",
        _table(
            ["PROVIDER", "MODELS"],
            [
                [k, f"{v:,}"]
                for k, v in sorted(s.by_provider.items(), key=lambda kv: (-kv[1], kv[0]))
            ][:15],
            {1},
        ),
        "(top 15 providers; --json for all)",
    ]
    _emit(args, s.as_dict(), "\n".join(sections))
    return 0


def _cmd_diff(args: argparse.Namespace) -> int:
    try:
        text = cmd_diff(args.old, args.new, as_json=args.json)
    except KeyError as error:  # an unknown release: the message lists the known ones
        raise _UsageError(str(error.args[0] if error.args else error)) from None
    sys.stdout.write(text)
    return 0


def cmd_diff(old: str, new: str, as_json: bool = False) -> str:
    """The text `llm-catalog diff OLD NEW` prints."""
    from llm_catalog._history import diff, diff_markdown

    data = diff(old, new)
    if as_json:
        return json.dumps(data, indent=1, sort_keys=True) + "\n"
    return diff_markdown(data)


def _cmd_hosts(args: argparse.Namespace) -> int:
    from llm_catalog._hosts import hosts, origin_of

    models = hosts(args.key, include_retired=args.include_retired)
    origin = origin_of(args.key) or args.key
    rows = [
        [
            m.key,
            "origin" if m.key == origin else "copy",
            m.status.value,
            _text(m.cost.input),
            _text(m.cost.output),
            _text(m.limits.context),
        ]
        for m in models
    ]
    headers = ["MODEL", "ROLE", "STATUS", "IN $/1M", "OUT $/1M", "CONTEXT"]
    text = f"{origin}: served by {len(models)} models, cheapest first\n\n" + _table(
        headers, rows, right={3, 4, 5}
    )
    data = {"origin": origin, "hosts": [_model_json(m) for m in models]}
    _emit(args, data, text)
    return 0


_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "list": _cmd_list,
    "show": _cmd_show,
    "find": _cmd_find,
    "select": _cmd_select,
    "compare": _cmd_compare,
    "cost": _cmd_cost,
    "providers": _cmd_providers,
    "stats": _cmd_stats,
    "diff": _cmd_diff,
    "hosts": _cmd_hosts,
}


def _run(args: argparse.Namespace) -> int:
    """Run one command; the catalog's own warnings (a removed model's
    `DeprecationWarning`, which Python hides by default) go to stderr."""
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DeprecationWarning)
        try:
            return _COMMANDS[args.command](args)
        finally:
            for warning in caught:
                if str(warning.message).startswith("llm-catalog:"):
                    text = str(warning.message).removeprefix("llm-catalog: ")
                    print(f"llm-catalog: warning: {text}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    from llm_catalog._lookup import UnknownModelError, UnknownProviderError
    from llm_catalog._resolve import AmbiguousModelError

    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] == ["export"]:
        from llm_catalog._export import main as export

        return export(arguments[1:])
    parser = _parser()
    args = parser.parse_args(arguments)
    try:
        return _run(args)
    except (
        UnknownModelError,
        UnknownProviderError,
        AmbiguousModelError,
        _LookupFailedError,
    ) as error:
        print(f"llm-catalog: error: {error}", file=sys.stderr)
        return 1
    except (_UsageError, ValueError) as error:
        print(f"llm-catalog {args.command}: error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
