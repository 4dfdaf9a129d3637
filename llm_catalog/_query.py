"""Finding models by what they can do: `find`, `select`, `quality_tier`, `default_model`.

Queries read the generator's precomputed indexes (`llm_catalog._data.search`): each
criterion is a bitset over model ordinals (key order), criteria are intersected
with `&`, and only the surviving models are looked at. Ordered criteria (context,
prices, release date) become cumulative bitsets the first time a query uses them.

Every query takes `catalog=`: `None` (the default) is the packaged catalog and its
precomputed indexes; any other `Catalog` (extended, overridden, loaded) gets the
same index structures built from its models on its first query
(`llm_catalog._catalog_index`, same rules via `llm_catalog._rules`), kept on it.
"""

from __future__ import annotations

import importlib
from bisect import bisect_left, bisect_right
from datetime import date
from decimal import Decimal
from fnmatch import fnmatchcase
from itertools import compress

from llm_catalog._costing import Workload, workload_total

TYPE_CHECKING: bool = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Sequence
    from typing import Any

    from llm_catalog._catalog import Catalog
    from llm_catalog._model import Model

__all__ = [
    "QUALITY_SCORES",
    "QUALITY_TIERS",
    "SORT_KEYS",
    "TYPICAL_CALL",
    "default_model",
    "find",
    "quality_tier",
    "select",
]

_ZERO = Decimal(0)
TYPICAL_CALL = Workload(input_tokens=4_000, output_tokens=1_000)
"""`select`'s default workload: one typical chat call, a 4,000-token prompt
(instructions, some history or context) and a 1,000-token answer. It only sets
how input and output prices are weighed; pass a `Workload` for your own calls."""
QUALITY_TIERS = ("best", "balanced", "cheap")
"""Quality tiers, from the output-price percentile within a provider (docs/querying.md);
the same tuple as `llm_catalog._rules.QUALITY_TIERS` (not imported: plain queries
on the packaged catalog never need the rules)."""

QUALITY_SCORES = ("reasoning", "coding", "creative", "summarization")
"""What `min_quality` can name: the fields of `Quality`."""
_UNAVAILABLE = ("disabled", "maintenance")
"""Operational statuses that `find` and `select` leave out unless asked."""
_BINARY_DIGITS = bytes.maketrans(b"01", b"\x00\x01")


class _State:
    """What queries on one catalog need: its index tables (`s`, the `_data.search`
    module or a `CatalogIndex`), its models by ordinal, and caches."""

    __slots__ = ("family_bits", "loaded", "models", "owners", "s", "starts", "steps", "unavailable")

    def __init__(self, tables: Any, models: list[Model | None], loaded: int) -> None:
        self.s = tables
        self.models = models
        self.loaded = loaded
        """Bitset of the ordinals whose model is in `models` (the packaged catalog
        loads provider modules on demand)."""
        self.steps: dict[str, _Steps] = {}
        self.family_bits: dict[str, int] = {}
        self.starts: list[int] = []
        self.owners: list[str] = []
        self.unavailable = 0
        for name in _UNAVAILABLE:
            self.unavailable |= tables.STATUSES.get(name, 0)


_packaged: list[_State] = []


def _state(catalog: Catalog | None) -> _State:
    """The query state of `catalog` (`None`: the packaged catalog)."""
    if catalog is None:
        if not _packaged:
            from llm_catalog._data import search as _search

            _packaged.append(_State(_search, [None] * _search.COUNT, 0))
        return _packaged[0]
    from llm_catalog._catalog_index import index_of

    index = index_of(catalog)
    found = index.query_state
    if found is None:
        found = index.query_state = _State(index, list(index.models), (1 << index.COUNT) - 1)
    assert isinstance(found, _State)
    return found


class _Steps:
    """An ordered field: sorted distinct values with cumulative bitsets."""

    __slots__ = ("_by_ordinal", "at_least", "at_most", "count", "members", "values")

    def __init__(self, groups: Iterable[tuple[object, tuple[int, ...]]], count: int) -> None:
        self.count = count
        self.values: list[Decimal] = []
        self._by_ordinal: list[Decimal | None] | None = None
        self.members: list[int] = []
        for value, ordinals in groups:
            bits = 0
            for o in ordinals:
                bits |= 1 << o
            self.values.append(Decimal(value))  # type: ignore[arg-type]  # exact: ints, decimal strings
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
            table: list[Decimal | None] = [None] * self.count
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


def _step(st: _State, field: str) -> _Steps:
    found = st.steps.get(field)
    if found is None:
        found = st.steps[field] = _Steps(getattr(st.s, field), st.s.COUNT)
    return found


def _load(st: _State, bits: int) -> None:
    """Load the provider modules of the packaged models in `bits` not loaded yet."""
    from llm_catalog._data.providers import PROVIDER_MODULES

    for pid, (start, stop) in st.s.PROVIDER_RANGES.items():
        span = ((1 << stop) - 1) ^ ((1 << start) - 1)
        if bits & span & ~st.loaded:
            module = importlib.import_module(f"llm_catalog.{PROVIDER_MODULES[pid]}")
            st.models[start:stop] = module.MODELS.values()
            st.loaded |= span


def _models_at(st: _State, bits: int) -> list[Model]:
    """The models in `bits`, in ordinal (key) order."""
    if bits & ~st.loaded:
        _load(st, bits)
    models = st.models
    if bits.bit_count() < _FEW:
        return [models[o] for o in _ordinals(bits)]  # type: ignore[misc]
    first, digits = _digits(bits)
    return list(compress(models[first : first + len(digits)], digits))  # type: ignore[arg-type]


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


def _provider_starts(st: _State) -> tuple[list[int], list[str]]:
    """First ordinal of each provider, and the provider ids, in ordinal order."""
    if not st.starts:
        for pid, (start, _) in st.s.PROVIDER_RANGES.items():
            st.starts.append(start)
            st.owners.append(pid)
    return st.starts, st.owners


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


def _provider_bits(st: _State, providers: Iterable[object]) -> int:
    ranges = st.s.PROVIDER_RANGES
    bits = 0
    for p in providers:
        span = ranges.get(str(p))
        if span is None:
            if str(p) in getattr(st.s, "known_providers", ()):
                continue  # a provider of this catalog without models
            from llm_catalog._lookup import UnknownProviderError

            raise UnknownProviderError(str(p))
        start, stop = span
        bits |= ((1 << stop) - 1) ^ ((1 << start) - 1)
    return bits


def _family(st: _State, name: str) -> int:
    bits = st.family_bits.get(name)
    if bits is None:
        bits = 0
        for o in st.s.FAMILIES.get(name, ()):
            bits |= 1 << o
        st.family_bits[name] = bits
    return bits


def _operational(
    min_quality: Mapping[str, float] | None,
    max_latency_p50_ms: float | None,
    max_latency_p99_ms: float | None,
    min_rpm: int | None,
    min_tpm: int | None,
) -> Callable[[Model], bool] | None:
    """A test of the operational criteria, or `None` when none is given. A model
    without the data a criterion needs does not pass it."""
    # (operational group, its field, bound, whether the bound is a floor)
    checks: list[tuple[str, str, float, bool]] = []
    for score, floor in (min_quality or {}).items():
        if score not in QUALITY_SCORES:
            raise ValueError(
                f"unknown quality score {score!r}; expected one of: {', '.join(QUALITY_SCORES)}"
            )
        checks.append(("quality", score, floor, True))
    for group, field, bound, floor_bound in (
        ("latency", "p50_ms", max_latency_p50_ms, False),
        ("latency", "p99_ms", max_latency_p99_ms, False),
        ("rate_limits", "rpm", min_rpm, True),
        ("rate_limits", "tpm", min_tpm, True),
    ):
        if bound is not None:
            checks.append((group, field, bound, floor_bound))
    for _, field, bound, _ in checks:
        if isinstance(bound, bool) or not isinstance(bound, int | float):
            raise ValueError(f"the bound on {field} must be a number, not {bound!r}")
    if not checks:
        return None

    def passes(model: Model) -> bool:
        for group, field, bound, floor_bound in checks:
            data = getattr(model, group)
            value = None if data is None else getattr(data, field)
            if value is None or (value < bound if floor_bound else value > bound):
                return False
        return True

    return passes


def _criteria(
    st: _State,
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
    include_retired: bool = False,
    include_unavailable: bool = False,
    open_weights: bool | None = None,
    released_after: date | None = None,
    released_before: date | None = None,
    quality: str | None = None,
    kind: object = "chat",
) -> int:
    """The bitset of models that meet every criterion."""
    s = st.s
    bits: int = (1 << s.COUNT) - 1
    if kind is not None:
        kinds = [kind] if isinstance(kind, str) else kind
        wanted = 0
        for name in _names("kind", s.KINDS, kinds):  # type: ignore[arg-type]
            wanted |= s.KINDS[name]
        bits &= wanted
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
    else:
        if not include_deprecated:
            bits &= ~s.STATUSES["deprecated"]
        if not include_retired:
            bits &= ~s.STATUSES["retired"]
        if not include_unavailable:
            bits &= ~st.unavailable
    if providers is not None:
        bits &= _provider_bits(st, providers)
    exclude = list(exclude_providers)
    if exclude:
        bits &= ~_provider_bits(st, exclude)
    if families is not None:
        wanted = 0
        for family in families:
            wanted |= _family(st, family)
        bits &= wanted
    if open_weights is not None:
        bits &= s.OPEN_WEIGHTS if open_weights else s.CLOSED_WEIGHTS
    if quality is not None:
        _names("quality tier", s.QUALITY, [quality])
        bits &= s.QUALITY[quality]
    if min_context is not None:
        bits &= _step(st, "CONTEXT").ge(min_context)
    if min_output is not None:
        bits &= _step(st, "OUTPUT_LIMIT").ge(min_output)
    for field, ceiling, name in (
        ("INPUT_PRICE", max_input_cost, "max_input_cost"),
        ("OUTPUT_PRICE", max_output_cost, "max_output_cost"),
        ("CACHE_READ_PRICE", max_cache_read_cost, "max_cache_read_cost"),
    ):
        if ceiling is not None:
            bits &= _step(st, field).le(_price(ceiling, name))
    if released_after is not None:
        bits &= _step(st, "RELEASE_DATE").ge(released_after.toordinal())
    if released_before is not None:
        bits &= _step(st, "RELEASE_DATE").le(released_before.toordinal())
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
    include_retired: bool = False,
    include_unavailable: bool = False,
    open_weights: bool | None = None,
    released_after: date | None = None,
    released_before: date | None = None,
    quality: str | None = None,
    kind: object = "chat",
    min_quality: Mapping[str, float] | None = None,
    max_latency_p50_ms: float | None = None,
    max_latency_p99_ms: float | None = None,
    min_rpm: int | None = None,
    min_tpm: int | None = None,
    allow: Sequence[str] = (),
    deny: Sequence[str] = (),
    sort_by: str = "key",
    reverse: bool = False,
    limit: int | None = None,
    catalog: Catalog | None = None,
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
      models, whose retirement is announced, are left out), `include_retired`
      (default: models past their retirement date at the data date, and hosted
      copies of a retired model, are left out) and `include_unavailable`
      (default: models whose operational status is `disabled` or `maintenance`
      are left out);
      `open_weights` (`True`/`False`; unknown fails both);
    - `released_after` / `released_before`: inclusive bounds on the release date;
    - `quality`: `best`, `balanced` or `cheap` (see `quality_tier`);
    - `kind`: what the model is for (`Model.kind`): a `Kind` or its value, or a
      set of them; default `"chat"`, so embedding, image, speech and other
      non-chat models are only returned when asked for; `None` for every kind;
    - operational metadata (set with `Catalog.override` or an overrides file):
      `min_quality` (`{"coding": 70}`: each named score of `Model.quality` at
      least this, 0-100; names in `QUALITY_SCORES`), `max_latency_p50_ms`,
      `max_latency_p99_ms` (`Model.latency`), `min_rpm`, `min_tpm`
      (`Model.rate_limits`); a model without the data fails the criterion;
    - `allow` / `deny`: `fnmatch` globs on `provider:model` keys; deny wins;
    - `sort_by`: one of `SORT_KEYS`; models without the value come last;
    - `catalog`: the `Catalog` to search (default: the packaged one).
    """
    if sort_by not in SORT_KEYS:
        raise ValueError(f"unknown sort key {sort_by!r}; expected one of: {', '.join(SORT_KEYS)}")
    st = _state(catalog)
    bits = _criteria(
        st,
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
        include_retired=include_retired,
        include_unavailable=include_unavailable,
        open_weights=open_weights,
        released_after=released_after,
        released_before=released_before,
        quality=quality,
        kind=kind,
    )
    models = _globbed(_models_at(st, bits), allow, deny)
    passes = _operational(min_quality, max_latency_p50_ms, max_latency_p99_ms, min_rpm, min_tpm)
    if passes is not None:
        models = [m for m in models if passes(m)]
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
    include_retired: bool = False,
    include_unavailable: bool = False,
    open_weights: bool | None = None,
    released_after: date | None = None,
    released_before: date | None = None,
    quality: str | None = None,
    kind: object = "chat",
    min_quality: Mapping[str, float] | None = None,
    max_latency_p50_ms: float | None = None,
    max_latency_p99_ms: float | None = None,
    min_rpm: int | None = None,
    min_tpm: int | None = None,
    allow: Sequence[str] = (),
    deny: Sequence[str] = (),
    catalog: Catalog | None = None,
) -> Model | None:
    """The cheapest model for `workload` among those `find` would return, or `None`.

    `workload` is one call (or a batch priced as one call); it defaults to
    `TYPICAL_CALL`, a 4,000-token prompt and a 1,000-token answer. Only models that
    can take the call are chosen: its context window (which must be known) holds
    prompt plus output, and the prompt and output are within `limits.input` and
    `limits.output` where the data gives them. Like `find`, `select` chooses among
    chat models unless `kind` says otherwise. Models whose cost for the workload
    cannot be fully priced are skipped (cached tokens on a model without a cache
    price are priced at its input price, as in `cost_of`). Ties are broken
    by `prefer` (providers, most preferred first), then by catalog order (provider
    id, then model id). Models that are `disabled` or under `maintenance` are never
    chosen unless `include_unavailable` (or `statuses`) asks for them, retired ones
    never unless `include_retired` (or `statuses`) does; the
    operational criteria (`min_quality`, `max_latency_p99_ms`, ...) work as in
    `find`. `catalog`: the `Catalog` to choose from (default: the packaged one).
    """
    work = workload or TYPICAL_CALL
    prompt_tokens, parts = work.parts()
    priced_parts = tuple((part, tokens) for part, tokens in parts.items() if tokens)
    output_tokens = parts["output"] + parts["reasoning"] + parts["output_audio"]
    st = _state(catalog)
    bits = _criteria(
        st,
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
        include_retired=include_retired,
        include_unavailable=include_unavailable,
        open_weights=open_weights,
        released_after=released_after,
        released_before=released_before,
        quality=quality,
        kind=kind,
    )
    bits &= _fitting(st, prompt_tokens, output_tokens)
    passes = _operational(min_quality, max_latency_p50_ms, max_latency_p99_ms, min_rpm, min_tpm)
    rank = {str(p): i for i, p in reversed(list(enumerate(prefer)))}
    _provider_bits(st, rank)  # unknown preferred providers are an error, not a no-op
    # Totals are compared in USD x 1M (no division per model).
    best: tuple[Decimal, int, int] | None = None
    chosen: Model | None = None
    text_in, text_out = parts["input"], parts["output"]
    in_prices = _step(st, "INPUT_PRICE").by_ordinal()
    out_prices = _step(st, "OUTPUT_PRICE").by_ordinal()
    starts, owners = _provider_starts(st)
    models = st.models
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
        if not st.loaded >> ordinal & 1:
            _load(st, 1 << ordinal)
        model = models[ordinal]
        assert model is not None
        if model.limits.input is not None and prompt_tokens > model.limits.input:
            return
        total = workload_total(model, prompt_tokens, priced_parts)
        if total is None or (best is not None and total > best[0]):
            return
        if (allow or deny) and not _globbed([model], allow, deny):
            return
        if passes is not None and not passes(model):
            return
        candidate = (total, rank_of(ordinal), ordinal)
        if best is None or candidate < best:
            best, chosen = candidate, model

    # Branch and bound: walk the candidates by increasing base price of the part
    # with the most tokens, and stop once that part alone costs more than the best
    # total. The few models whose long-context tier lowers a price escape both
    # bounds, so they are all priced in full.
    discounted = bits & st.s.TIER_DISCOUNTS
    for o in _ordinals(discounted):
        consider(o, bounded=False)
    rest = bits & ~discounted
    field, tokens = max((("INPUT_PRICE", text_in), ("OUTPUT_PRICE", text_out)), key=lambda f: f[1])
    if tokens == 0:
        for o in _ordinals(rest):
            consider(o, bounded=True)
        return chosen
    steps = _step(st, field)
    for price, members in zip(steps.values, steps.members, strict=True):
        if best is not None and tokens * price > best[0]:
            break
        hit = rest & members
        if hit:
            for o in _ordinals(hit):
                consider(o, bounded=True)
    return chosen


def _fitting(st: _State, prompt_tokens: int, output_tokens: int) -> int:
    """Models whose context window (known) holds the call and whose output limit,
    where known, holds its output; `limits.input` is checked per model."""
    bits = _step(st, "CONTEXT").ge(max(prompt_tokens + output_tokens, 1))
    if output_tokens:
        bits &= ~_step(st, "OUTPUT_LIMIT").le(output_tokens - 1)
    return bits


def quality_tier(model: Model, *, catalog: Catalog | None = None) -> str | None:
    """`best`, `balanced` or `cheap`: the model's output-price percentile among its
    provider's priced text models (top third, middle, bottom third); `None` when
    the model has no output price or no text output, or is a removed model. With `catalog`, among that
    catalog's models (the model is looked up there by key)."""
    if catalog is not None:
        from llm_catalog._catalog_index import index_of

        catalog.get(model.key)  # unknown keys are an error, not "no tier"
        return index_of(catalog).tier_of.get(model.key)
    from llm_catalog._data import search as s
    from llm_catalog._data.providers import PROVIDER_MODULES

    pid = model.provider.value
    module = importlib.import_module(f"llm_catalog.{PROVIDER_MODULES[pid]}")
    if model.id not in module.MODELS or pid not in s.PROVIDER_RANGES:
        return None  # a removed model (a tombstone) is ranked among no live models
    # Ordinal = the provider's first ordinal + the model's position in its MODELS.
    ordinal = s.PROVIDER_RANGES[pid][0] + list(module.MODELS).index(model.id)
    for tier in QUALITY_TIERS:
        if s.QUALITY[tier] >> ordinal & 1:
            return tier
    return None


def default_model(provider: object, *, catalog: Catalog | None = None) -> Model:
    """The provider's default model: the one our data or overrides name, else the
    newest active text model with tool calling, preferring the `balanced` tier
    (rule in `generator/indexes.py`, code in `llm_catalog._rules`). With `catalog`,
    chosen by the same rule among that catalog's models."""
    from llm_catalog._lookup import UnknownProviderError

    pid = str(provider)
    if catalog is not None:
        from llm_catalog._catalog_index import index_of

        if pid not in catalog.providers:
            raise UnknownProviderError(pid)
        chosen = index_of(catalog).DEFAULTS.get(pid)
        if chosen is None:
            raise LookupError(f"provider {pid!r} has no models in this catalog")
        return catalog.by_key[f"{pid}:{chosen}"]
    from llm_catalog._data.search import DEFAULTS, PROVIDER_RANGES
    from llm_catalog._resolve import resolve

    if pid not in PROVIDER_RANGES:
        raise UnknownProviderError(pid)
    model_id = DEFAULTS.get(pid)
    if model_id is None:
        raise LookupError(f"provider {pid!r} has no models in this release")
    return resolve(f"{pid}:{model_id}")
