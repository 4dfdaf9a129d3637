"""The release's catalog as one JSON document (`python -m generator bundle`).

A long-running service can pick up a newer catalog without a redeploy by calling
`llm_catalog.Catalog.fetch(url, sha256=...)` on this document, published as a
release asset next to its digest:

- `llm-catalog-VERSION.json`: `{"format": "llm-catalog-bundle", "schema_version":
  N, "date": ..., "version": ..., "manifest": {...}, "providers": {...}}`, where
  `manifest` is the newest snapshot's `manifest.json` and `providers` its
  `catalog.json` (what `Catalog.load` reads from the snapshot directory);
- `llm-catalog-VERSION.json.sha256`: its digest in the format `sha256sum --check`
  reads.

The bytes are deterministic (sorted keys, no insignificant whitespace, UTF-8 kept,
a final newline): the same snapshot always gives the same document and digest.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator import schema, snapshot

FORMAT = "llm-catalog-bundle"
"""The document's `format`: `Catalog.fetch` refuses any other."""


@dataclass(frozen=True)
class Bundle:
    name: str
    """`llm-catalog-VERSION.json`."""
    data: bytes
    sha256: str

    @property
    def checksum_line(self) -> str:
        """`HEX  NAME\\n`: one line of a `sha256sum` file."""
        return f"{self.sha256}  {self.name}\n"


def document(catalog: schema.Catalog) -> dict[str, Any]:
    """One snapshot as the bundle's JSON data."""
    manifest = catalog.manifest.as_json()
    return {
        "format": FORMAT,
        "schema_version": manifest["schema_version"],
        "date": manifest["date"],
        "version": manifest["version"],
        "manifest": manifest,
        "providers": catalog.dump_providers(),
    }


def encode(data: dict[str, Any]) -> bytes:
    """Deterministic compact JSON: the bundle's bytes."""
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return (text + "\n").encode("utf-8")


def build(snapshots: Path) -> Bundle:
    """The bundle of the newest snapshot under `snapshots` (validated on reading)."""
    catalog = snapshot.load(snapshot.latest(snapshots))
    data = encode(document(catalog))
    return Bundle(
        name=f"llm-catalog-{catalog.manifest.version}.json",
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def write(bundle: Bundle, out: Path) -> tuple[Path, Path]:
    """Write the document and its `.sha256` into directory `out`; their paths."""
    out.mkdir(parents=True, exist_ok=True)
    document_path = out / bundle.name
    digest_path = out / f"{bundle.name}.sha256"
    document_path.write_bytes(bundle.data)
    digest_path.write_text(bundle.checksum_line, "utf-8")
    return document_path, digest_path
