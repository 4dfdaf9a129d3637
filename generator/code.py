"""Python source made from values: the only text generated modules are built from.

Safety: templates never see upstream text as text. Every value a template prints
must be a `Code` made here, by `literal()` (which goes through `repr()` or builds
the expression from validated parts) or `identifier()` (which checks the name); the
Jinja environment's `finalize` hook (`generator.render.environment`) refuses
anything else, so a forgotten filter is an error, not an injection. Upstream text is
never put in comments.

The bottom of the renderers: `constructors`, `aliases`, `indexes`, `release` and
`render` all build on it, and it imports none of them.
"""

from __future__ import annotations

import keyword
import re
from datetime import date
from decimal import Decimal

from generator.report import GeneratorError

_IDENT = re.compile(r"^_?[A-Za-z][A-Za-z0-9_]*$")  # private ok, dunder never


class Code(str):
    """Python source text made by this module; the only thing templates may print."""

    __slots__ = ()


def identifier(name: str) -> Code:
    if not _IDENT.match(name) or keyword.iskeyword(name) or not name.isascii():
        raise GeneratorError(f"refusing to emit {name!r} as an identifier")
    return Code(name)


def literal(value: object) -> Code:
    """A Python expression that evaluates to `value`."""
    if value is None or isinstance(value, bool | int):
        return Code(repr(value))
    if isinstance(value, str):
        # `ascii()` is `repr()` with every non-ASCII character escaped: generated
        # source is pure ASCII, so no homoglyph, bidi control or line separator
        # from upstream can change how it reads or parses.
        return Code(ascii(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise GeneratorError(f"refusing to emit non-finite price {value!r}")
        return Code(f"Decimal({format(value, 'f')!r})")
    if isinstance(value, date):
        return Code(f"date({value.year}, {value.month}, {value.day})")
    if isinstance(value, tuple):
        inner = ", ".join(literal(v) for v in value)
        return Code(f"({inner},)" if len(value) == 1 else f"({inner})")
    raise GeneratorError(f"no literal form for {type(value).__name__}")


def parse_partial_date(value: str) -> tuple[date, str]:
    """`YYYY[-MM[-DD]]` -> the first day it covers, and its precision."""
    parts = [int(p) for p in value.split("-")]
    precision = ("year", "month", "day")[len(parts) - 1]
    year, month, day = [*parts, 1, 1][:3]
    return date(year, month, day), precision
