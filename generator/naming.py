"""Python names for upstream ids: module names for providers, constants for models.

Upstream ids are arbitrary text. A name is derived from an id by folding it to ASCII
(NFKD, accents dropped), turning every run of other characters into `_`, and
trimming `_` at both ends, so a name is never a dunder. Then:

- a name that starts with a digit gets a prefix (`provider_302ai`, `M_3_5_SONNET`);
- a name that would shadow something (keywords, builtins, stdlib modules, names
  the package itself uses, Windows device names for files) gets a trailing `_`;
- an empty name becomes a stable hash of the id;
- a name longer than 64 characters keeps its first 55 and ends in `_` and 8 hex
  digits of the id's sha256, so file names stay far below the file system's limit
  (255 bytes) and the shortened name is the same on every run;
- ids that fold to the same name are told apart deterministically: names given in
  an earlier release are kept (`previous`); then the remaining ids take the plain
  name if it is free and `NAME_2`, `NAME_3`... otherwise, in this order: lower-case
  ids first, then ids with fewer characters other than letters, digits and `-`,
  then code-point order (so `chat-1` is `CHAT_1`, `chat.1` is `CHAT_1_2`, and
  `Chat-1` is `CHAT_1_3`).

So the same ids always get the same names, and a name never silently covers two ids.
"""

from __future__ import annotations

import ast
import builtins
import hashlib
import keyword
import re
import sys
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path


# Names the runtime package uses itself: its public API (read from the
# hand-written `llm_catalog/__init__.py`, so new names are reserved the day they
# are added) and a few more. A provider module of such a name would replace the
# package attribute when imported, so such providers get a trailing `_`.
def _public_names() -> frozenset[str]:
    init = Path(__file__).resolve().parent.parent / "llm_catalog" / "__init__.py"
    names: set[str] = set()
    for node in ast.parse(init.read_text("utf-8")).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id in ("__all__", "_LAZY") for t in node.targets
        ):
            names.update(ast.literal_eval(node.value))
    return frozenset(names)


PACKAGE_NAMES = _public_names() | {"typing", "annotations"}
# Module-level names in every generated provider module.
MODULE_CONSTANTS = frozenset({"PROVIDER", "MODELS", "TYPE_CHECKING", "ModelId"})
_WINDOWS_DEVICES = frozenset(
    {"con", "prn", "aux", "nul"} | {f"com{i}" for i in range(10)} | {f"lpt{i}" for i in range(10)}
)
_RESERVED_MODULES = (
    frozenset(keyword.kwlist)
    | frozenset(keyword.softkwlist)
    | frozenset(dir(builtins))
    | frozenset(sys.stdlib_module_names)
    | {name.lower() for name in PACKAGE_NAMES}
    | _WINDOWS_DEVICES
    | {"llm_catalog", "test", "tests", "conftest", "setup"}
)
_NON_WORD = re.compile(r"[^A-Za-z0-9]+")


def _fold(text: str) -> str:
    ascii_text = (
        unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text))
        .encode("ascii", "ignore")
        .decode("ascii")
    )
    return _NON_WORD.sub("_", ascii_text).strip("_")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]


MAX_NAME = 64
"""Longest name derived from an id (before a `_N` to tell ids apart); the longest
the recorded feeds need is 61."""


def _bounded(name: str, ident: str) -> str:
    """`name`, or its stable shortened form when it is longer than `MAX_NAME`."""
    if len(name) <= MAX_NAME:
        return name
    return f"{name[: MAX_NAME - 9].rstrip('_')}_{_digest(ident)}"


def is_internal_module(name: str) -> bool:
    """Whether `name` is a private module of the package (`_model`, `_index`, ...)."""
    return name.startswith("_")


def module_base(provider_id: str) -> str:
    name = _fold(provider_id).lower()
    if not name:
        return f"provider_{_digest(provider_id)}"
    if name[0].isdigit():
        name = f"provider_{name}"
    if name in _RESERVED_MODULES:
        name = f"{name}_"
    return _bounded(name, provider_id)


def constant_base(model_id: str) -> str:
    name = _fold(model_id).upper()
    if not name:
        return f"M_{_digest(model_id).upper()}"
    if name[0].isdigit():
        name = f"M_{name}"
    if name in MODULE_CONSTANTS or keyword.iskeyword(name):
        name = f"{name}_"
    return _bounded(name, model_id).upper()


def _preference(ident: str) -> tuple[bool, int, str]:
    odd = sum(1 for ch in ident if not (ch.isascii() and (ch.isalnum() or ch == "-")))
    return (ident != ident.lower(), odd, ident)


def assign(
    ids: Iterable[str],
    base: Mapping[str, str] | None = None,
    *,
    derive: str = "constant",
    previous: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Give every id a distinct name; see the module docstring for the rules."""
    make = constant_base if derive == "constant" else module_base
    ordered = sorted(set(ids), key=_preference)
    bases = dict(base) if base is not None else {i: make(i) for i in ordered}
    names: dict[str, str] = {}
    taken: set[str] = set()
    fold = str.lower if derive == "module" else (lambda s: s)  # files: case-insensitive
    for ident in ordered:  # names from earlier releases stay put
        old = (previous or {}).get(ident)
        if old is not None and fold(old) not in taken:
            names[ident] = old
            taken.add(fold(old))
    for ident in ordered:  # then each plain name goes to the first id that wants it
        if ident not in names and fold(bases[ident]) not in taken:
            names[ident] = bases[ident]
            taken.add(fold(bases[ident]))
    # The rest are numbered: the smallest free `_N`, N >= 2. Names are only ever
    # added to `taken`, so the next free N of a base never goes down; remembering
    # where each base got to keeps thousands of ids that fold alike linear.
    next_free: dict[str, int] = {}
    for ident in ordered:
        if ident in names:
            continue
        n = next_free.get(bases[ident], 2)
        while fold(f"{bases[ident]}_{n}") in taken:
            n += 1
        next_free[bases[ident]] = n + 1
        names[ident] = f"{bases[ident]}_{n}"
        taken.add(fold(names[ident]))
    return names


def module_names(
    provider_ids: Iterable[str], previous: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Module name per provider id."""
    return assign(provider_ids, derive="module", previous=previous)


def constant_names(
    model_ids: Iterable[str], previous: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Constant name per model id, unique within one provider module."""
    return assign(model_ids, derive="constant", previous=previous)


def enum_member(provider_id: str) -> str:
    """Base `Provider` enum member name for a provider id (uniqueness: `assign`)."""
    name = _fold(provider_id).upper()
    if not name:
        return f"P_{_digest(provider_id).upper()}"
    if name[0].isdigit():
        name = f"P_{name}"
    # Enum reserves `_sunder_` and `__dunder__` names and `mro`; ours never start
    # with `_` and are upper case, so only keywords are left to dodge.
    if keyword.iskeyword(name):
        name = f"{name}_"
    return _bounded(name, provider_id).upper()
