"""Finding models by what they can do: `find`, `select`, `quality_tier`, `default_model`.

Queries read the generator's precomputed indexes (`llm_catalog._search`): each
criterion is a bitset over model ordinals (key order), criteria are intersected
with `&`, and only the surviving models are looked at. Ordered criteria (context,
prices, release date) become cumulative bitsets the first time a query uses them.
"""

from __future__ import annotations

import importlib
from bisect import bisect_left, bisect_right
from datetime import date
from decimal import Decimal
from fnmatch import fnmatchcase
from itertools import compress

from llm_catalog._costing import Workload, workload_total

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    from llm_catalog._model import Model

__all__ = ["QUALITY_TIERS", "SORT_KEYS", "default_model", "find", "quality_tier", "select"]

_ZERO = Decimal(0)
QUALITY_TIERS = ("best", "balanced", "cheap")
"""Quality tiers, from the output-price percentile within a provider (see README)."""

_models: list[Model | None] = []
_steps: dict[str, _Steps] = {}
_family_bits: dict[str, int] = {}
_starts: list[int] = []
_owners: list[str] = []
_loaded = 0
"""Bitset of the ordinals whose provider module is loaded into `_models`."""
_BINARY_DIGITS = bytes.maketrans(b"01", b"\x00\x01")


class _Steps:
    """An ordered field: sorted distinct values with cumulative bitsets."""

    __slots__ = ("_by_ordinal", "at_least", "at_most", "members", "values")

    def __init__(self, groups: Iterable[tuple[int | str, tuple[int, ...]]]) -> None:
        self.values: list[Decimal] = []
        self._by_ordinal: list[Decimal | None] | None = None
        self.members: list[int] = []
        for value, ordinals in groups:
            bits = 0
            for o in ordinals:
                bits |= 1 << o
            self.values.append(Decimal(value))  # exact for ints and decimal strings
            self.members.append(bits)
        self.at_most: list[int] = []
        acc = 0
        for bits in self.members:
            acc |= bits
            self.at_most.append(acc)
        self.at_least: list[int] = [0] * len(self.members)
        acc = 0
        for i in range(len(self.members) - 1, -1, -1):
            acc |= self.members[i]
            self.at_least[i] = acc

    def by_ordinal(self) -> list[Decimal | None]:
        """The value of every model, by ordinal (`None` where it has none)."""
        if self._by_ordinal is None:
            from llm_catalog._search import COUNT

            table: list[Decimal | None] = [None] * COUNT
            for value, bits in zip(self.values, self.members, strict=True):
                for o in _ordinals(bits):
                    table[o] = value
            self._by_ordinal = table
        return self._by_ordinal

    def ge(self, value: Decimal | int) -> int:
        """Models whose value is at least `value`."""
        i = bisect_left(self.values, Decimal(value))
        return self.at_least[i] if i < len(self.values) else 0

    def le(self, value: Decimal | int) -> int:
        """Models whose value is at most `value`."""
        i = bisect_right(self.values, Decimal(value))
        return self.at_most[i - 1] if i else 0


def _step(field: str) -> _Steps:
    found = _steps.get(field)
    if found is None:
        from llm_catalog import _search

        found = _steps[field] = _Steps(getattr(_search, field))
    return found


def _load(bits: int) -> None:
    """Load the provider modules of the models in `bits` that are not loaded yet."""
    global _loaded  # noqa: PLW0603
    from llm_catalog import _search
    from llm_catalog._providers import PROVIDER_MODULES

    if not _models:
        _models.extend([None] * _search.COUNT)
    for pid, (start, stop) in _search.PROVIDER_RANGES.items():
        span = ((1 << stop) - 1) ^ ((1 << start) - 1)
        if bits & span & ~_loaded:
            module = importlib.import_module(f"llm_catalog.{PROVIDER_MODULES[pid]}")
            _models[start:stop] = module.MODELS.values()
            _loaded |= span


def _models_at(bits: int) -> list[Model]:
    """The models in `bits`, in ordinal (key) order."""
    if bits & ~_loaded:
        _load(bits)
    if bits.bit_count() < _FEW:
        return [_models[o] for o in _ordinals(bits)]  # type: ignore[misc]
    first, digits = _digits(bits)
    return list(compress(_models[first : first + len(digits)], digits))  # type: ignore[arg-type]


_FEW = 32
"""Below this many members, peeling off the lowest bit beats the C-level walk."""


def _digits(bits: int) -> tuple[int, bytes]:
    """The lowest set bit of `bits` and, from there up, one 0/1 byte per bit."""
    first = (bits & -bits).bit_length() - 1
    # All in C: binary digits, lowest first, turned into 0/1 selector bytes.
    return first, bin(bits >> first)[:1:-1].encode("ascii").translate(_BINARY_DIGITS)


def _ordinals(bits: int) -> list[int]:
    """Set bits of `bits`, in increasing order."""
    if bits.bit_count() < _FEW:
        out = []
        while bits:
            low = bits & -bits
            out.append(low.bit_length() - 1)
            bits ^= low
        return out
    first, digits = _digits(bits)
    return list(compress(range(first, first + len(digits)), digits))


def _provider_starts() -> tuple[list[int], list[str]]:
    """First ordinal of each provider, and the provider ids, in ordinal order."""
    if not _starts:
        from llm_catalog._search import PROVIDER_RANGES

        for pid, (start, _) in PROVIDER_RANGES.items():
            _starts.append(start)
            _owners.append(pid)
    return _starts, _owners


def _names(kind: str, table: object, values: Iterable[object]) -> list[str]:
    names = [str(v) for v in values]
    for name in names:
        if name not in table:  # type: ignore[operator]
            valid = ", ".join(sorted(table))  # type: ignore[call-overload]
            raise ValueError(f"unknown {kind} {name!r}; expected one of: {valid}")
    return names


def _price(value: Decimal | int | float | str, name: str) -> Decimal:
    try:
        price = value if isinstance(value, Decimal) else Decimal(str(value))
    except ArithmeticError:
        raise ValueError(f"{name} must be a number of USD per 1M tokens, not {value!r}") from None
    if not price.is_finite():
        raise ValueError(f"{name} must be finite, not {value!r}")
    return price


def _provider_bits(providers: Iterable[object]) -> int:
    from llm_catalog._search import PROVIDER_RANGES

    bits = 0
    for p in providers:
        span = PROVIDER_RANGES.get(str(p))
        if span is None:
            from llm_catalog._lookup import UnknownProviderError

            raise UnknownProviderError(str(p))
        start, stop = span
        bits |= ((1 << stop) - 1) ^ ((1 << start) - 1)
    return bits


def _family(name: str) -> int:
    bits = _family_bits.get(name)
    if bits is None:
        bits = 0
        from llm_catalog._search import FAMILIES

        for o in FAMILIES.get(name, ()):
            bits |= 1 << o
        _family_bits[name] = bits
    return bits


def _criteria(
    *,
    require: Iterable[object] = (),
    forbid: Iterable[object] = (),
    input_modalities: Iterable[object] = (),
    output_modalities: Iterable[object] = (),
    min_context: int | None = None,
    min_output: int | None = None,
    max_input_cost: Decimal | int | float | str | None = None,
    max_output_cost: Decimal | int | float | str | None = None,
    max_cache_read_cost: Decimal | int | float | str | None = None,
    providers: Iterable[object] | None = None,
    exclude_providers: Iterable[object] = (),
    families: Iterable[str] | None = None,
    statuses: Iterable[object] | None = None,
    include_deprecated: bool = False,
    open_weights: bool | None = None,
    released_after: date | None = None,
    released_before: date | None = None,
    quality: str | None = None,
) -> int:
    """The bitset of models that meet every criterion."""
    from llm_catalog import _search as s

    bits = (1 << s.COUNT) - 1
    for name in _names("capability", s.CAPABILITIES, require):
        bits &= s.CAPABILITIES[name]
    for name in _names("capability", s.CAPABILITIES, forbid):
        bits &= ~s.CAPABILITIES[name]
    for name in _names("modality", s.INPUT_MODALITIES, input_modalities):
        bits &= s.INPUT_MODALITIES[name]
    for name in _names("modality", s.OUTPUT_MODALITIES, output_modalities):
        bits &= s.OUTPUT_MODALITIES[name]
    if statuses is not None:
        wanted = 0
        for name in _names("status", s.STATUSES, statuses):
            wanted |= s.STATUSES[name]
        bits &= wanted
    elif not include_deprecated:
        bits &= ~s.STATUSES["deprecated"]
    if providers is not None:
        bits &= _provider_bits(providers)
    exclude = list(exclude_providers)
    if exclude:
        bits &= ~_provider_bits(exclude)
    if families is not None:
        wanted = 0
        for family in families:
            wanted |= _family(family)
        bits &= wanted
    if open_weights is not None:
        bits &= s.OPEN_WEIGHTS if open_weights else s.CLOSED_WEIGHTS
    if quality is not None:
        _names("quality tier", s.QUALITY, [quality])
        bits &= s.QUALITY[quality]
    if min_context is not None:
        bits &= _step("CONTEXT").ge(min_context)
    if min_output is not None:
        bits &= _step("OUTPUT_LIMIT").ge(min_output)
    for field, ceiling, name in (
        ("INPUT_PRICE", max_input_cost, "max_input_cost"),
        ("OUTPUT_PRICE", max_output_cost, "max_output_cost"),
        ("CACHE_READ_PRICE", max_cache_read_cost, "max_cache_read_cost"),
    ):
        if ceiling is not None:
            bits &= _step(field).le(_price(ceiling, name))
    if released_after is not None:
        bits &= _step("RELEASE_DATE").ge(released_after.toordinal())
    if released_before is not None:
        bits &= _step("RELEASE_DATE").le(released_before.toordinal())
    return bits


def _globbed(models: list[Model], allow: Sequence[str], deny: Sequence[str]) -> list[Model]:
    if allow:
        models = [m for m in models if any(fnmatchcase(m.key, p) for p in allow)]
    if deny:
        models = [m for m in models if not any(fnmatchcase(m.key, p) for p in deny)]
    return models


def _missing_last(value: object, reverse: bool) -> tuple[bool, object]:
    # `None` sorts last in both directions.
    return (value is None) != reverse, value


SORT_KEYS: dict[str, Callable[[Model], object]] = {
    "key": lambda m: None,
    "input_cost": lambda m: m.cost.input,
    "output_cost": lambda m: m.cost.output,
    "context": lambda m: m.limits.context,
    "output_limit": lambda m: m.limits.output,
    "release_date": lambda m: m.release_date,
}
"""What `find(sort_by=...)` can sort on; ties (and `key`) keep key order."""


def find(
    *,
    require: Iterable[object] = (),
    forbid: Iterable[object] = (),
    input_modalities: Iterable[object] = (),
    output_modalities: Iterable[object] = (),
    min_context: int | None = None,
    min_output: int | None = None,
    max_input_cost: Decimal | int | float | str | None = None,
    max_output_cost: Decimal | int | float | str | None = None,
    max_cache_read_cost: Decimal | int | float | str | None = None,
    providers: Iterable[object] | None = None,
    exclude_providers: Iterable[object] = (),
    families: Iterable[str] | None = None,
    statuses: Iterable[object] | None = None,
    include_deprecated: bool = False,
    open_weights: bool | None = None,
    released_after: date | None = None,
    released_before: date | None = None,
    quality: str | None = None,
    allow: Sequence[str] = (),
    deny: Sequence[str] = (),
    sort_by: str = "key",
    reverse: bool = False,
    limit: int | None = None,
) -> list[Model]:
    """Models that meet every criterion, in key order unless `sort_by` says otherwise.

    - `require` / `forbid`: capabilities (`Capability` or its value) the model must
      have / must not have;
    - `input_modalities` / `output_modalities`: modalities it must all accept / produce;
    - `min_context`, `min_output`: token limits (models that do not state one fail);
    - `max_input_cost`, `max_output_cost`, `max_cache_read_cost`: USD per 1M tokens,
      base prices (models with no such price fail: unknown is not cheap);
    - `providers` (only these) and `exclude_providers`; `families`;
    - `statuses` (only these) or else `include_deprecated` (default: deprecated
      models are left out); `open_weights` (`True`/`False`; unknown fails both);
    - `released_after` / `released_before`: inclusive bounds on the release date;
    - `quality`: `best`, `balanced` or `cheap` (see `quality_tier`);
    - `allow` / `deny`: `fnmatch` globs on `provider:model` keys; deny wins;
    - `sort_by`: one of `SORT_KEYS`; models without the value come last.
    """
    if sort_by not in SORT_KEYS:
        raise ValueError(f"unknown sort key {sort_by!r}; expected one of: {', '.join(SORT_KEYS)}")
    bits = _criteria(
        require=require,
        forbid=forbid,
        input_modalities=input_modalities,
        output_modalities=output_modalities,
        min_context=min_context,
        min_output=min_output,
        max_input_cost=max_input_cost,
        max_output_cost=max_output_cost,
        max_cache_read_cost=max_cache_read_cost,
        providers=providers,
        exclude_providers=exclude_providers,
        families=families,
        statuses=statuses,
        include_deprecated=include_deprecated,
        open_weights=open_weights,
        released_after=released_after,
        released_before=released_before,
        quality=quality,
    )
    models = _globbed(_models_at(bits), allow, deny)
    if sort_by != "key":
        value = SORT_KEYS[sort_by]
        models.sort(key=lambda m: _missing_last(value(m), reverse), reverse=reverse)
    return models if limit is None else models[:limit]


def select(
    *,
    workload: Workload | None = None,
    prefer: Sequence[object] = (),
    require: Iterable[object] = (),
    forbid: Iterable[object] = (),
    input_modalities: Iterable[object] = (),
    output_modalities: Iterable[object] = (),
    min_context: int | None = None,
    min_output: int | None = None,
    max_input_cost: Decimal | int | float | str | None = None,
    max_output_cost: Decimal | int | float | str | None = None,
    max_cache_read_cost: Decimal | int | float | str | None = None,
    providers: Iterable[object] | None = None,
    exclude_providers: Iterable[object] = (),
    families: Iterable[str] | None = None,
    statuses: Iterable[object] | None = None,
    include_deprecated: bool = False,
    open_weights: bool | None = None,
    released_after: date | None = None,
    released_before: date | None = None,
    quality: str | None = None,
    allow: Sequence[str] = (),
    deny: Sequence[str] = (),
) -> Model | None:
    """The cheapest model for `workload` among those `find` would return, or `None`.

    `workload` defaults to one million input and one million output tokens. Models
    whose cost for the workload cannot be fully priced are skipped. Ties are broken
    by `prefer` (providers, most preferred first), then by catalog order (provider
    id, then model id).
    """
    work = workload or Workload(input_tokens=1_000_000, output_tokens=1_000_000)
    prompt_tokens, parts = work.parts()
    priced_parts = tuple((part, tokens) for part, tokens in parts.items() if tokens)
    bits = _criteria(
        require=require,
        forbid=forbid,
        input_modalities=input_modalities,
        output_modalities=output_modalities,
        min_context=min_context,
        min_output=min_output,
        max_input_cost=max_input_cost,
        max_output_cost=max_output_cost,
        max_cache_read_cost=max_cache_read_cost,
        providers=providers,
        exclude_providers=exclude_providers,
        families=families,
        statuses=statuses,
        include_deprecated=include_deprecated,
        open_weights=open_weights,
        released_after=released_after,
        released_before=released_before,
        quality=quality,
    )
    rank = {str(p): i for i, p in reversed(list(enumerate(prefer)))}
    _provider_bits(rank)  # unknown preferred providers are an error, not a no-op
    # Totals are compared in USD x 1M (no division per model).
    best: tuple[Decimal, int, int] | None = None
    chosen: Model | None = None
    text_in, text_out = parts["input"], parts["output"]
    in_prices = _step("INPUT_PRICE").by_ordinal()
    out_prices = _step("OUTPUT_PRICE").by_ordinal()
    starts, owners = _provider_starts()
    no_rank = len(rank)

    def rank_of(ordinal: int) -> int:
        return rank.get(owners[bisect_right(starts, ordinal) - 1], no_rank) if rank else 0

    def consider(ordinal: int, bounded: bool) -> None:
        nonlocal best, chosen
        if bounded and best is not None:
            # Text input and output at base prices: a lower bound of the total,
            # and a missing price there means the workload cannot be priced.
            lower = _ZERO
            if text_in:
                price = in_prices[ordinal]
                if price is None:
                    return
                lower += text_in * price
            if text_out:
                price = out_prices[ordinal]
                if price is None:
                    return
                lower += text_out * price
            if lower > best[0]:
                return
            if lower == best[0] and (rank_of(ordinal), ordinal) > best[1:]:
                return  # at best a tie that loses on preference or order
        if not _loaded >> ordinal & 1:
            _load(1 << ordinal)
        model = _models[ordinal]
        assert model is not None
        total = workload_total(model, prompt_tokens, priced_parts)
        if total is None or (best is not None and total > best[0]):
            return
        if (allow or deny) and not _globbed([model], allow, deny):
            return
        candidate = (total, rank_of(ordinal), ordinal)
        if best is None or candidate < best:
            best, chosen = candidate, model

    # Branch and bound: walk the candidates by increasing base price of the part
    # with the most tokens, and stop once that part alone costs more than the best
    # total. The few models whose long-context tier lowers a price escape both
    # bounds, so they are all priced in full.
    from llm_catalog._search import TIER_DISCOUNTS

    discounted = bits & TIER_DISCOUNTS
    for o in _ordinals(discounted):
        consider(o, bounded=False)
    rest = bits & ~discounted
    field, tokens = max((("INPUT_PRICE", text_in), ("OUTPUT_PRICE", text_out)), key=lambda f: f[1])
    if tokens == 0:
        for o in _ordinals(rest):
            consider(o, bounded=True)
        return chosen
    steps = _step(field)
    for price, members in zip(steps.values, steps.members, strict=True):
        if best is not None and tokens * price > best[0]:
            break
        hit = rest & members
        if hit:
            for o in _ordinals(hit):
                consider(o, bounded=True)
    return chosen


def quality_tier(model: Model) -> str | None:
    """`best`, `balanced` or `cheap`: the model's output-price percentile among its
    provider's priced text models (top third, middle, bottom third); `None` when
    the model has no output price or no text output."""
    from llm_catalog import _search as s
    from llm_catalog._providers import PROVIDER_MODULES

    pid = model.provider.value
    module = importlib.import_module(f"llm_catalog.{PROVIDER_MODULES[pid]}")
    # Ordinal = the provider's first ordinal + the model's position in its MODELS.
    ordinal = s.PROVIDER_RANGES[pid][0] + list(module.MODELS).index(model.id)
    for tier in QUALITY_TIERS:
        if s.QUALITY[tier] >> ordinal & 1:
            return tier
    return None


def default_model(provider: object) -> Model:
    """The provider's default model: the one our data or overrides name, else the
    newest active text model with tool calling, preferring the `balanced` tier
    (rule in `generator/indexes.py`)."""
    from llm_catalog._lookup import UnknownProviderError
    from llm_catalog._resolve import resolve
    from llm_catalog._search import DEFAULTS, PROVIDER_RANGES

    pid = str(provider)
    if pid not in PROVIDER_RANGES:
        raise UnknownProviderError(pid)
    model_id = DEFAULTS.get(pid)
    if model_id is None:
        raise LookupError(f"provider {pid!r} has no models in this release")
    return resolve(f"{pid}:{model_id}")
