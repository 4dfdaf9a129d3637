"""Upstream text through the runtime's exports: SQLite (placeholders) and the
PostgreSQL script (`COPY ... FROM stdin` text format), where a value holding a tab,
a newline, a backslash or the end-of-data marker `\\.` must stay one field."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.adversarial.harness import empty_repo, feed, model, provider, update

HOSTILE = [
    "\\.",
    "a\tb",
    "line\nbreak\r\n\\.\n",
    "back\\slash\\N",
    "'); DROP TABLE models; --",
    '"; COMMIT; DROP TABLE providers; --',
    "\\N",
    "\u2028\x85\x0b",
]

# Runs in the generated repository: export, parse the COPY blocks back, and
# read the SQLite file back; print what came out.
PROBE = r"""
import json, sqlite3, sys, tempfile, io, os
from llm_catalog import Catalog
from llm_catalog._export import TABLES, table_rows, write_postgres, write_sqlite

catalog = Catalog.packaged()
buf = io.StringIO()
write_postgres(catalog, buf)
lines = buf.getvalue().split("\n")
columns = {t.name: len(t.columns) for t in TABLES}
unescape = {"\\\\": "\\", "\\t": "\t", "\\n": "\n", "\\r": "\r"}
def field(text):
    if text == "\\N":
        return None
    out, i = [], 0
    while i < len(text):
        pair = text[i:i + 2]
        if pair in unescape:
            out.append(unescape[pair]); i += 2
        else:
            out.append(text[i]); i += 1
    return "".join(out)
copied, i = {}, 0
while i < len(lines):
    if lines[i].startswith("COPY "):
        name = lines[i].split()[1]
        rows = []
        i += 1
        while lines[i] != "\\.":
            cells = lines[i].split("\t")
            assert len(cells) == columns[name], (name, lines[i])
            rows.append([field(c) for c in cells])
            i += 1
        copied[name] = rows
    i += 1
db = os.path.join(tempfile.mkdtemp(), "c.db")
write_sqlite(catalog, db)
con = sqlite3.connect(db)
names = sorted(r[0] for r in con.execute("SELECT name FROM models"))
print(json.dumps({"copied_models": len(copied["models"]), "expected_models": len(table_rows(catalog)["models"]),
    "models_rows": copied["models"], "sqlite_names": names,
    "provider_rows": copied["providers"]}))
"""


def test_hostile_text_stays_one_field_in_every_export(tmp_path: Path, capsys: Any) -> None:
    document = feed(
        provider(
            "acme",
            *(model(f"m{i}", name=text, family=text) for i, text in enumerate(HOSTILE)),
            doc=HOSTILE[2],
            env=HOSTILE[:3],
        )
    )
    root = empty_repo(tmp_path)
    code, _, err = update(root, document, capsys)
    assert code == 0, err
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=root, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["copied_models"] == out["expected_models"] == len(HOSTILE)
    names = {text.strip() or f"m{i}" for i, text in enumerate(HOSTILE)}  # empty: the id
    # Every hostile name comes back exactly, from the COPY data and from SQLite.
    assert {cell for row in out["models_rows"] for cell in row if cell in names} == names
    assert set(out["sqlite_names"]) == names
    provider_row = out["provider_rows"][0]
    assert json.dumps(HOSTILE[:3]) in provider_row
    assert HOSTILE[2] in provider_row
