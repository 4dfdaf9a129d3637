"""Our own corrections: TOML files in `overrides/`, the highest-precedence source.

Each file holds one table per model, named by its catalog key, with dotted keys
for the fields it sets (see `overrides/README.md`), and the evidence for them:

    ["openai:gpt-4o"]
    source = "https://developers.openai.com/api/docs/pricing"
    checked = 2026-12-01
    note = "price cut on 2026-06-30, not yet in models.dev"
    cost.input = "2.25"
    capabilities.web_search = true

Every entry cites the provider's own page (`source`, an https URL) and the day
someone read it there (`checked`): an override is a claim against every upstream
source, so it must say where it comes from. The evidence is kept in the snapshot
(`overrides.json`) and shipped in the lazily loaded provenance data.

A maker's file may also declare models the maker has retired and its provider's
feed no longer lists, as `[[retired]]` tables (the maker is the file's name:
`overrides/xai.toml` declares xAI's models), with the same evidence:

    [[retired]]
    id = "grok-4-0709"
    deprecation_date = 2026-05-15
    replacement = "xai:grok-4.3"
    source = "https://docs.x.ai/developers/migration/may-15-retirement"
    checked = 2026-12-01

Where the feed lists the model, such an entry is an ordinary override of its
`deprecation_date` and `replacement`; where it does not, it is a *retired origin*
(`RetiredOrigin`): `generator.hosts` links the copies other hosts still list to it,
and its retirement carries to them.

A file that is not valid TOML, a field we do not know, a value of the wrong type
or an entry without its evidence refuses the whole run, with file, line, model and
field. An override for a model the feed does not have (any more) is reported as a
warning and skipped, so that an update from an older or newer feed still runs.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from generator import schema
from generator.makers import MAKERS
from generator.report import GeneratorError
from generator.sources import LIMIT_FIELDS, PRICE_FIELDS, Entry, Matching, Unmatched, Value

NAME = "override"
_KEY = re.compile(r"^[^:\s]+:\S+$")
_HEADER = re.compile(r"^\s*\[[^\[].*\]\s*(#.*)?$")
_RETIRED_HEADER = re.compile(r"^\s*\[\[\s*retired\s*\]\]\s*(#.*)?$")
_MODEL_ID = re.compile(r"^[^:\s]+$")

RETIRED = "retired"
"""The array of tables that declares a maker's retired models its feed no longer lists."""
RETIRED_FIELDS = ("id", "deprecation_date")
"""Fields every `[[retired]]` table must have (besides the evidence)."""
RETIRED_OPTIONAL = ("replacement", "note")


EVIDENCE_FIELDS = ("source", "checked")
"""Fields every entry must have: where the values come from, and when that was read."""


class OverrideError(GeneratorError):
    """An override file is unusable; the message names file, line and field."""


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where one override entry's values come from."""

    key: str
    """The catalog key the entry overrides."""
    file: str
    """The override file, relative to the repository (`overrides/anthropic.toml`)."""
    source: str
    """The provider's own page that states the values (an https URL)."""
    checked: str
    """YYYY-MM-DD: the day the values were checked against `source`."""
    fields: tuple[str, ...]
    """The field paths the entry sets, sorted."""

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "source": self.source,
            "checked": self.checked,
            "fields": list(self.fields),
        }


@dataclass(frozen=True, slots=True)
class RetiredOrigin:
    """A maker's model declared retired in its override file (`[[retired]]`)."""

    key: str
    """`maker:model_id` (`xai:grok-4-0709`)."""
    deprecation_date: str
    """YYYY-MM-DD: the day the maker stopped serving it."""
    replacement: str | None
    """The `provider:model` key the maker's page names, if any."""
    evidence: Evidence

    def as_json(self) -> dict[str, Any]:
        return {
            "deprecation_date": self.deprecation_date,
            **({"replacement": self.replacement} if self.replacement else {}),
            "evidence": self.evidence.as_json(),
        }


@dataclass(frozen=True, slots=True)
class Loaded:
    """Every override entry, and the evidence for each (in the same order)."""

    entries: list[Entry]
    evidence: list[Evidence]
    retired: list[RetiredOrigin]
    """The `[[retired]]` declarations (also in `entries`, as overrides of the
    model's `deprecation_date` and `replacement` where the feed lists it)."""


def _source(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected an https URL string, got {type(value).__name__}")
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.netloc or any(c.isspace() for c in value):
        raise ValueError(f"expected an https:// URL of the provider's page, got {value!r:.80}")
    return value


def _date(value: Any) -> str:
    """A TOML date or a `YYYY-MM-DD` string, as `YYYY-MM-DD`; ValueError otherwise."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"not a calendar date: {value!r}") from None
        return value
    raise ValueError(f"expected a YYYY-MM-DD date, got {value!r:.40}")


def _price(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise ValueError("expected a price, got a boolean")
    if isinstance(value, int | Decimal):
        price = Decimal(value)
    elif isinstance(value, str):
        try:
            price = Decimal(value)
        except InvalidOperation:
            raise ValueError(f"not a decimal number: {value!r:.40}") from None
    else:
        raise ValueError(f"expected a price, got {type(value).__name__}")
    if not price.is_finite() or price < 0:
        raise ValueError(f"not a usable price: {value}")
    from generator.normalize import canonical_price

    return canonical_price(price)


def _check(path: str, value: Any) -> Value | None:
    """The statement for one overridden field (None for `note`); ValueError if bad."""
    group, _, name = path.partition(".")
    if path == "note":
        if not isinstance(value, str):
            raise ValueError("expected a string")
        return None
    if group == "cost" and name in PRICE_FIELDS:
        return _price(value)
    if group == "limits" and name in LIMIT_FIELDS:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"expected a positive integer, got {value!r:.40}")
        return value
    if group == "capabilities" and name in schema.CAPABILITY_VALUES:
        if not isinstance(value, bool):
            raise ValueError(f"expected true or false, got {value!r:.40}")
        return value
    if path == "deprecation_date":
        return _date(value)
    if path == "replacement":
        if not isinstance(value, str) or not _KEY.match(value):
            raise ValueError(f"expected a 'provider:model' key, got {value!r:.40}")
        return value
    if path == "aliases":
        if not isinstance(value, list) or not all(isinstance(a, str) and a for a in value):
            raise ValueError("expected a list of non-empty strings")
        return tuple(sorted(set(value)))
    raise ValueError("unknown field (see overrides/README.md for the fields an override sets)")


def _flatten(table: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in table.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{path}."))
        else:
            flat[path] = value
    return flat


def _lines(text: str) -> dict[str, int]:
    """`model key` and `model key|field path` -> the line that defines it (1-based);
    the Nth `[[retired]]` table (from 0) is `retired#N`.

    Each line is parsed on its own: headers and `dotted.key = value` lines parse
    as TOML by themselves; lines that do not (inside multi-line arrays) are skipped,
    and their fields fall back to the table's header line."""
    where: dict[str, int] = {}
    table = ""
    retired = 0
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if _RETIRED_HEADER.match(line):  # the Nth `[[retired]]` table is `retired#N`
            table = f"{RETIRED}#{retired}"
            where[table] = number
            retired += 1
            continue
        try:
            parsed = tomllib.loads(line)
        except tomllib.TOMLDecodeError:
            continue
        flat = _flatten(parsed)
        if _HEADER.match(line):
            table = next(iter(parsed), table)
            where.setdefault(table, number)
            continue
        for path in flat:
            where.setdefault(f"{table}|{path}", number)
    return where


def load_file(path: Path, shown: str) -> Loaded:
    """One override file's entries and their evidence (raises `OverrideError`
    naming file, line, model and field)."""
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise OverrideError(f"{shown}: cannot read: {exc}") from None
    try:
        document = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        # Python < 3.14 has the position only in the message: "... (at line 3, column 15)".
        found = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        at = f":{found[1]}" if found else ""
        raise OverrideError(f"{shown}{at}: not valid TOML: {exc}") from None
    lines = _lines(text)
    problems: list[str] = []
    loaded = Loaded(entries=[], evidence=[], retired=[])
    for key, table in document.items():
        header = lines.get(key, 1)
        if key == RETIRED:
            _load_retired(
                table,
                maker=Path(shown).stem,
                shown=shown,
                lines=lines,
                loaded=loaded,
                problems=problems,
            )
            continue
        if not _KEY.match(key) or not isinstance(table, dict):
            problems.append(
                f"{shown}:{header}: {key!r:.60}: expected a table named 'provider:model'"
            )
            continue
        values: dict[str, Value] = {}
        cited: dict[str, str] = {}
        flat = _flatten(table)
        known = len(problems)
        for field in EVIDENCE_FIELDS:
            if field not in flat:
                problems.append(
                    f"{shown}:{header}: model {key}, field {field}: missing; every override "
                    'cites the provider\'s page (source = "https://...") and the day it '
                    "was checked (checked = YYYY-MM-DD)"
                )
        for field, raw in flat.items():
            line = lines.get(f"{key}|{field}", header)
            try:
                if field == "source":
                    cited[field] = _source(raw)
                elif field == "checked":
                    cited[field] = _date(raw)
                else:
                    value = _check(field, raw)
                    if value is not None:
                        values[field] = value
            except ValueError as exc:
                problems.append(f"{shown}:{line}: model {key}, field {field}: {exc}")
        if not values and len(problems) == known:
            problems.append(f"{shown}:{header}: model {key}: sets no field")
        if len(cited) == len(EVIDENCE_FIELDS):
            loaded.entries.append(Entry(key=key, route=shown, values=values))
            loaded.evidence.append(
                Evidence(
                    key=key,
                    file=shown,
                    source=cited["source"],
                    checked=cited["checked"],
                    fields=tuple(sorted(values)),
                )
            )
    tables = {key for key in document if key != RETIRED}
    declared: set[str] = set()
    for retired in loaded.retired:
        if retired.key in tables or retired.key in declared:
            problems.append(
                f"{shown}: retired model {retired.key}: declared twice in this file "
                "(as a table or another [[retired]] entry)"
            )
        declared.add(retired.key)
    if problems:
        raise OverrideError("\n".join(problems))
    return loaded


def _load_retired(
    tables: Any,
    *,
    maker: str,
    shown: str,
    lines: dict[str, int],
    loaded: Loaded,
    problems: list[str],
) -> None:
    """The `[[retired]]` tables of the file of `maker`: each becomes an override
    entry (`deprecation_date`, `replacement`) and a `RetiredOrigin`."""
    header = lines.get(f"{RETIRED}#0", 1)
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        problems.append(f"{shown}:{header}: {RETIRED!r}: expected [[retired]] tables")
        return
    if maker not in MAKERS:
        problems.append(
            f"{shown}:{header}: [[retired]]: declared in the maker's own file, and "
            f"{maker!r} is not a maker of this catalog (generator/makers.py MAKERS: "
            f"{', '.join(MAKERS)})"
        )
        return
    allowed = {*RETIRED_FIELDS, *RETIRED_OPTIONAL, *EVIDENCE_FIELDS}
    for number, table in enumerate(tables):
        where = f"{RETIRED}#{number}"
        at = lines.get(where, header)
        raw_id = table.get("id")
        valid_id = isinstance(raw_id, str) and bool(_MODEL_ID.match(raw_id))
        key = f"{maker}:{raw_id}" if valid_id else f"{maker}:[[retired]] #{number + 1}"
        known = len(problems)
        for name in (*RETIRED_FIELDS, *EVIDENCE_FIELDS):
            if name not in table:
                problems.append(
                    f"{shown}:{at}: retired model {key}, field {name}: missing; every "
                    "[[retired]] entry names the model (id), the day it was retired "
                    '(deprecation_date), the provider\'s page (source = "https://...") '
                    "and the day it was checked (checked = YYYY-MM-DD)"
                )
        cited: dict[str, str] = {}
        values: dict[str, Value] = {}
        for name, raw in _flatten(table).items():
            line = lines.get(f"{where}|{name}", at)
            try:
                if name not in allowed:
                    raise ValueError(
                        f"unknown field (a [[retired]] entry sets {', '.join(sorted(allowed))})"
                    )
                if name == "id":
                    if not valid_id:
                        raise ValueError(f"expected the maker's model id, got {raw!r:.40}")
                elif name in EVIDENCE_FIELDS:
                    cited[name] = _source(raw) if name == "source" else _date(raw)
                else:
                    value = _check(name, raw)
                    if value is not None:
                        values[name] = value
            except ValueError as exc:
                problems.append(f"{shown}:{line}: retired model {key}, field {name}: {exc}")
        if len(problems) != known:
            continue
        evidence = Evidence(
            key=key,
            file=shown,
            source=cited["source"],
            checked=cited["checked"],
            fields=tuple(sorted(values)),
        )
        replacement = values.get("replacement")
        loaded.entries.append(Entry(key=key, route=shown, values=values))
        loaded.evidence.append(evidence)
        loaded.retired.append(
            RetiredOrigin(
                key=key,
                deprecation_date=str(values["deprecation_date"]),
                replacement=replacement if isinstance(replacement, str) else None,
                evidence=evidence,
            )
        )


def load(directory: Path, root: Path | None = None) -> Loaded:
    """Every `*.toml` under `directory`, in name order; a key set twice is an error."""
    result = Loaded(entries=[], evidence=[], retired=[])
    if not directory.is_dir():
        return result
    seen: dict[str, str] = {}
    for path in sorted(directory.rglob("*.toml")):
        shown = path.relative_to(root).as_posix() if root else path.as_posix()
        loaded = load_file(path, shown)
        for entry in loaded.entries:
            for field in entry.values:
                first = seen.setdefault(f"{entry.key}|{field}", shown)
                if first != shown:
                    raise OverrideError(
                        f"{shown}: model {entry.key}, field {field}: also set in {first}"
                    )
        result.entries.extend(loaded.entries)
        result.evidence.extend(loaded.evidence)
        result.retired.extend(loaded.retired)
    return result


def origins_to_declare(
    retired: list[RetiredOrigin], providers: dict[str, schema.Provider]
) -> list[RetiredOrigin]:
    """The `[[retired]]` declarations whose model the feed does not list: origins
    for `generator.hosts` (the others applied as ordinary overrides)."""
    declared = []
    for origin in retired:
        pid, _, mid = origin.key.partition(":")
        if pid not in providers or mid not in providers[pid].models:
            declared.append(origin)
    return declared


def evidence_json(evidence: list[Evidence], matching: Matching) -> dict[str, list[dict[str, Any]]]:
    """The evidence of the entries that applied, by catalog key: the snapshot's
    `overrides.json` (entries for models the feed lacks are left out)."""
    applied = {f"{pid}:{mid}" for pid, mid in matching.matched}
    out: dict[str, list[dict[str, Any]]] = {}
    for item in sorted(evidence, key=lambda e: (e.key, e.file)):
        if item.key in applied:
            out.setdefault(item.key, []).append(item.as_json())
    return out


def match(
    entries: list[Entry],
    providers: dict[str, schema.Provider],
    origins: frozenset[str] = frozenset(),
) -> Matching:
    """Overrides name catalog keys; one for a model the feed lacks is reported,
    unless it is a `[[retired]]` declaration (its key in `origins`): that one is
    an origin for `generator.hosts`, not a miss."""
    result = Matching(NAME)
    for entry in entries:
        pid, _, mid = entry.key.partition(":")
        target = (pid, mid)
        if pid in providers and mid in providers[pid].models:
            combined = entry
            if target in result.matched:  # two files, different fields: combine
                merged = {**result.matched[target].values, **entry.values}
                combined = Entry(key=entry.key, route=entry.route, values=merged)
            result.matched[target] = combined
            result.how[target] = f"key in {entry.route}"
        elif entry.key not in origins:
            result.unmatched.append(
                Unmatched(entry.key, f"not in the feed: {entry.route} names a model it lacks")
            )
    return result
