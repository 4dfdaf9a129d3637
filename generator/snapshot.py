"""Read and write dated snapshots under `snapshots/`.

A snapshot is a directory named by its data date holding:

- `manifest.json`: schema version, date, version, sources (URL, sha256, size), counts;
- `catalog.json`: every provider and model in our schema, keys sorted, one value
  per line, defaults left out, so that a data change is a small, readable diff;
- `report.json`: what the generator repaired or skipped while normalizing;
- `provenance.json`: which source gave each value not from models.dev;
- `sources/NAME.json`, `matching.json`, `disagreements.{json,md}`: the secondary
  sources' entries, how they matched, and where the sources disagree
  (see `generator/multisource.py`);
- `names.json`: how `resolve()` reads every key of LiteLLM's map: the share that
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
        "manifest.json": dumps(catalog.manifest.model_dump(mode="json")),
        "catalog.json": dumps(catalog.dump_providers()),
        "report.json": dumps([f.as_json() for f in findings]),
    }
    if catalog.provenance:
        files["provenance.json"] = dumps(catalog.provenance)
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


def load(directory: Path) -> schema.Catalog:
    """Load and validate one snapshot directory."""
    try:
        manifest = json.loads((directory / "manifest.json").read_text("utf-8"))
        providers = json.loads((directory / "catalog.json").read_text("utf-8"))
        provenance_file = directory / "provenance.json"
        provenance = (
            json.loads(provenance_file.read_text("utf-8")) if provenance_file.exists() else {}
        )
    except (OSError, json.JSONDecodeError) as exc:
        raise GeneratorError(f"cannot read snapshot {directory}: {exc}") from None
    if manifest.get("schema_version") != schema.SCHEMA_VERSION:
        raise GeneratorError(
            f"snapshot {directory} has schema version {manifest.get('schema_version')!r}; "
            f"this generator reads version {schema.SCHEMA_VERSION}"
        )
    try:
        return schema.Catalog.model_validate(
            {"manifest": manifest, "providers": providers, "provenance": provenance}
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise GeneratorError(
            f"snapshot {directory} is invalid at {where}: {first['msg']}"
        ) from None
