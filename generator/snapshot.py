"""Read and write dated snapshots under `snapshots/`.

A snapshot is a directory named by its data date holding:

- `manifest.json`: schema version, date, version, sources (URL, sha256, size), counts;
- `catalog.json`: every provider and model in our schema, keys sorted, one value
  per line, defaults left out, so that a data change is a small, readable diff;
- `report.json`: what the generator repaired or skipped while normalizing;
- `provenance.json`: which source gave each value not from models.dev;
- `overrides.json`: for each overridden model, the provider page that states the
  overridden values and the day it was checked;
- `primary.json`: models.dev's own value of each price the catalog ships
  differently (tells corrections from price changes, `generator.history`);
- `sources/NAME.json`, `matching.json`, `disagreements.{json,md}`: the secondary
  sources' entries, how they matched, and where the sources disagree
  (see `generator/multisource.py`);
- `hosts.json`: which hosted copy serves which maker's model, by which rule, and
  why the others stay unlinked (see `generator/hosts.py`); its `linked` part is
  the catalog's `origins`.
- `litellm-names.json`: how `resolve()` reads every key of LiteLLM's map: the share that
  resolves, and the reason for each key that does not (`generator.aliases.litellm_names`).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from generator import schema
from generator.report import Finding, GeneratorError

HOSTS = "hosts.json"
_DATE_DIR = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def dumps(data: Any) -> str:
    """Deterministic JSON: sorted keys, one-space indent, UTF-8 kept, final newline."""
    return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def version_for(date: str, release: int = 0) -> str:
    """Unpadded CalVer for a data date: `2026-07-02` -> `2026.7.2` (`.N` for reruns)."""
    year, month, day = (int(part) for part in date.split("-"))
    base = f"{year}.{month}.{day}"
    return f"{base}.{release}" if release else base


def snapshot_files(catalog: schema.Catalog, findings: list[Finding]) -> dict[str, str]:
    """The files of one snapshot directory, by name."""
    files = {
        "manifest.json": dumps(catalog.manifest.as_json()),
        "catalog.json": dumps(catalog.dump_providers()),
        "report.json": dumps([f.as_json() for f in findings]),
    }
    if catalog.provenance:
        files["provenance.json"] = dumps(catalog.provenance)
    if catalog.overrides:
        files["overrides.json"] = dumps(
            {
                key: [item.model_dump(mode="json") for item in items]
                for key, items in catalog.overrides.items()
            }
        )
    if catalog.primary:
        files["primary.json"] = dumps(catalog.primary)
    return files


def dated_dirs(root: Path) -> list[Path]:
    """Snapshot directories under `root`, oldest first."""
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and _DATE_DIR.match(p.name))


def latest(root: Path) -> Path:
    dirs = dated_dirs(root)
    if not dirs:
        raise GeneratorError(f"no snapshot under {root}: run `python -m generator update` first")
    return dirs[-1]


def read_primary(directory: Path) -> dict[str, Any]:
    """A snapshot's `primary.json` (raises `OSError` / `JSONDecodeError`); `{}` if absent."""
    path = directory / "primary.json"
    data: dict[str, Any] = json.loads(path.read_text("utf-8")) if path.exists() else {}
    return data


def load(directory: Path) -> schema.Catalog:
    """Load and validate one snapshot directory."""
    try:
        manifest = json.loads((directory / "manifest.json").read_text("utf-8"))
        providers = json.loads((directory / "catalog.json").read_text("utf-8"))
        provenance_file = directory / "provenance.json"
        provenance = (
            json.loads(provenance_file.read_text("utf-8")) if provenance_file.exists() else {}
        )
        overrides_file = directory / "overrides.json"
        overrides = json.loads(overrides_file.read_text("utf-8")) if overrides_file.exists() else {}
        hosts_file = directory / HOSTS
        linked = json.loads(hosts_file.read_text("utf-8"))["linked"] if hosts_file.exists() else {}
        origins = {key: link["origin"] for key, link in linked.items()}
        primary = read_primary(directory)
    except (OSError, json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
        raise GeneratorError(f"cannot read snapshot {directory}: {exc!r}") from None
    if manifest.get("schema_version") != schema.SCHEMA_VERSION:
        raise GeneratorError(
            f"snapshot {directory} has schema version {manifest.get('schema_version')!r}; "
            f"this generator reads version {schema.SCHEMA_VERSION}"
        )
    try:
        return schema.Catalog.model_validate(
            {
                "manifest": manifest,
                "providers": providers,
                "provenance": provenance,
                "overrides": overrides,
                "origins": origins,
                "primary": primary,
            }
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise GeneratorError(
            f"snapshot {directory} is invalid at {where}: {first['msg']}"
        ) from None
