"""Where generated files go in the runtime package: the one fact `render` (which
writes them), `release` (tombstones and history) and `publish` (which swaps them
in) share. Imports nothing of the generator, so every renderer can import it."""

from __future__ import annotations

__all__ = ["DATA_PACKAGE", "data_file"]

DATA_PACKAGE = "_data"
"""The subpackage of `llm_catalog` that holds the generated internal modules (enums,
shared values, indexes, tombstones, history...). The generator owns it whole: `render`
deletes and rebuilds it, and a file without the generated header has no place there.
The other generated files are the provider modules, beside the hand-written modules
where users import them (`llm_catalog.openai`)."""


def data_file(name: str) -> str:
    """The path in the package of the generated internal module `name`: `_data/name.py`."""
    return f"{DATA_PACKAGE}/{name}.py"
