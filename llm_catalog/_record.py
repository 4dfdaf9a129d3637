"""Frozen, slotted, keyword-only dataclasses that do not import `dataclasses`, and
the catalog's value records made with them: `Limits`, `Cost`, `CostTier`,
`ExtraPrices`, `Modalities` (at the end of the module; `Model` is in `_model`).

Hand-written. `import dataclasses` imports `inspect`, and with it `ast`, `dis`,
`tokenize` and `re`: 2.1 MiB and about 10 ms on a VM where bare python takes 8.6 ms,
far more than a provider's whole data, on the path of every `from llm_catalog.openai
import GPT_4O` and of every priced call. So `_model.py`, `_costing.py` and this module
(its value records) declare their classes with the real `@dataclass(...)` for type
checkers and with `dataclass` below at runtime. It builds the class the real decorator builds for the one set of options the
catalog uses: `__slots__`, a frozen `__setattr__` and `__delattr__` that raise
`dataclasses.FrozenInstanceError`, `__getstate__` and `__setstate__` for pickle and
`copy`, an empty `__match_args__` (all fields are keyword-only), `__replace__` on
3.13+, and `__eq__`, `__hash__` and `__repr__` from `Record`.

The `dataclasses` metadata, `__dataclass_fields__` and `__dataclass_params__`, is made
on first access, by the real decorator applied to the class's own annotations and
defaults: `dataclasses.is_dataclass`, `fields`, `replace` and `asdict` then work as
usual, and load `dataclasses` only when a program uses them. `tests/test_record.py`
holds every class against the one the real decorator makes from the same source.
"""

from __future__ import annotations

import sys
from operator import attrgetter

TYPE_CHECKING: bool = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, ClassVar, NoReturn, TypeVar

    T = TypeVar("T", bound=type[Any])

__all__ = ["Record", "dataclass", "slot_setters"]

OPTIONS = {
    "frozen": True,
    "slots": True,
    "kw_only": True,
    "init": False,
    "repr": False,
    "eq": False,
}
"""The one set of `dataclass` options this module implements; the classes write their
own `__init__` and inherit equality, hash and repr from `Record`."""

_METADATA = ("__dataclass_fields__", "__dataclass_params__")


class Record:
    """Equality, hash, repr and pickling over the fields, as `dataclass` writes them
    (compared with it in `tests/test_record.py`), written once instead of compiled
    per class. `dataclass` below fills in the two class attributes."""

    __slots__ = ()
    _names: ClassVar[tuple[str, ...]]
    _values: ClassVar[attrgetter[tuple[object, ...]]]

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._values(self) == self._values(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._values(self))

    def __repr__(self) -> str:
        values = ", ".join(
            f"{name}={value!r}" for name, value in zip(self._names, self._values(self), strict=True)
        )
        return f"{type(self).__qualname__}({values})"

    def __getstate__(self) -> list[object]:
        return list(self._values(self))

    def __setstate__(self, state: list[object]) -> None:
        for name, value in zip(self._names, state, strict=True):
            object.__setattr__(self, name, value)

    if sys.version_info >= (3, 13):
        # `copy.replace` (3.13+), which `dataclass` supports from 3.13 on.
        def __replace__(self, /, **changes: object) -> Record:
            values = dict(zip(self._names, self._values(self), strict=True))
            return self.__class__(**(values | changes))


def dataclass(**options: bool) -> Callable[[T], T]:
    """`dataclasses.dataclass(**OPTIONS)`, without importing `dataclasses`."""
    if options != OPTIONS:
        raise TypeError(f"llm_catalog._record.dataclass implements {OPTIONS}, not {options}")
    return _build  # type: ignore[return-value]


def _build(cls: type[Any]) -> type[Any]:
    own = cls.__dict__
    names = tuple(cls.__annotations__)
    if not names or not issubclass(cls, Record):
        raise TypeError(f"{cls.__qualname__}: a record subclasses Record and has fields")
    defaults = {name: own[name] for name in names if name in own}
    # Slots cannot be added to a class that exists, so, like `dataclass(slots=True)`,
    # make the class again from its namespace, with the defaults (which would clash
    # with the slots) taken out: the hand-written `__init__` has them.
    namespace = {
        k: v for k, v in own.items() if k not in defaults and k not in ("__dict__", "__weakref__")
    }
    namespace["__slots__"] = names
    namespace["__match_args__"] = ()
    made: type[Any] = type(cls.__name__, cls.__bases__, namespace)
    made._names = names
    # Every class has two fields or more, so the getter always returns a tuple.
    made._values = attrgetter(*names)
    fields = frozenset(names)

    # What `dataclass(frozen=True)` adds: instances of the class itself refuse every
    # assignment, those of a subclass only to fields.
    def frozen_setattr(self: object, name: str, value: object) -> None:
        if type(self) is made or name in fields:
            _refuse(f"cannot assign to field {name!r}")
        super(made, self).__setattr__(name, value)

    def frozen_delattr(self: object, name: str) -> None:
        if type(self) is made or name in fields:
            _refuse(f"cannot delete field {name!r}")
        super(made, self).__delattr__(name)

    for dunder, method in (("__setattr__", frozen_setattr), ("__delattr__", frozen_delattr)):
        method.__name__ = dunder
        method.__qualname__ = f"{made.__qualname__}.{dunder}"
        setattr(made, dunder, method)
    for name in _METADATA:
        setattr(made, name, _Metadata(made, defaults, name))
    return made


def _refuse(message: str) -> NoReturn:
    from dataclasses import FrozenInstanceError

    raise FrozenInstanceError(message)


class _Metadata:
    """Stands for `__dataclass_fields__` or `__dataclass_params__` until either is read,
    then replaces both with what the real decorator makes of the same class."""

    __slots__ = ("cls", "defaults", "name")

    def __init__(self, cls: type[Any], defaults: dict[str, object], name: str) -> None:
        self.cls = cls
        self.defaults = defaults
        self.name = name

    def __get__(self, instance: object, owner: type[Any] | None = None) -> object:
        import dataclasses

        cls = self.cls
        twin: type[Any] = dataclasses.dataclass(**OPTIONS)(
            type(
                cls.__name__,
                (),
                {
                    "__module__": cls.__module__,
                    "__qualname__": cls.__qualname__,
                    "__annotations__": dict(cls.__annotations__),
                    **self.defaults,
                },
            )
        )
        for name in _METADATA:
            setattr(cls, name, getattr(twin, name))
        # The class's own value, also when asked for through a subclass.
        return getattr(cls, self.name)


def slot_setters(cls: type[Any]) -> tuple[Callable[[object, object], None], ...]:
    """Each field's slot setter, in field order: how the hand-written `__init__`s fill
    a frozen instance (the slot descriptor bypasses the frozen `__setattr__`), about
    40% faster than the `object.__setattr__` calls `dataclass` generates."""
    return tuple(cls.__dict__[name].__set__ for name in cls._names)


# --- The catalog's value records --------------------------------------------------
# Limits, prices and modalities: the values a `Model` (in `_model`) is made of. They
# live here, below `_model`, so that the modules that build prices at run time
# (`_history`, `_extra`) and the ones that price calls (`_costing`, `_units`) need not
# import `_model`, whose `Model` methods call on them: the dependency goes one way.
# Here rather than in a module of their own because a provider's import loads this
# module anyway, and one more module would cost every `from llm_catalog.openai import
# GPT_4O` its import. `_model` re-exports them: generated modules import them there.

if TYPE_CHECKING:
    from dataclasses import dataclass as record
    from decimal import Decimal

    from llm_catalog._data.enums import Modality
else:
    record = dataclass  # the real one for type checkers, this module's at run time

_NO_MODALITIES: frozenset[Modality] = frozenset()

PRICE_FIELDS = (
    "input",
    "output",
    "cache_read",
    "cache_write",
    "reasoning",
    "input_audio",
    "output_audio",
)
"""The kinds of price a `Cost` holds, in field order (mirrors generator/schema.py)."""


@record(frozen=True, slots=True, kw_only=True, init=False, repr=False, eq=False)
class Limits(Record):
    """Token limits. `None` means the source does not say (never "unlimited")."""

    context: int | None = None
    """Context window: input and output tokens together."""
    input: int | None = None
    """Largest prompt, where the provider caps it below the context window."""
    output: int | None = None
    """Largest completion."""

    # Written out, like every `__init__` here: the catalog builds thousands of these at
    # import, and setting slots through their descriptors is about 40% faster than the
    # `object.__setattr__` calls `dataclass` generates. tests/test_runtime.py checks
    # each signature against the fields.
    def __init__(
        self, *, context: int | None = None, input: int | None = None, output: int | None = None
    ) -> None:
        _limits_context(self, context)
        _limits_input(self, input)
        _limits_output(self, output)


_limits_context, _limits_input, _limits_output = slot_setters(Limits)


@record(frozen=True, slots=True, kw_only=True, init=False, repr=False, eq=False)
class CostTier(Record):
    """Prices that replace the base prices once a prompt is longer than `above` tokens."""

    above: int
    """The tier applies to prompts of more than this many input tokens."""
    input: Decimal | None = None
    output: Decimal | None = None
    cache_read: Decimal | None = None
    cache_write: Decimal | None = None
    reasoning: Decimal | None = None
    input_audio: Decimal | None = None
    output_audio: Decimal | None = None

    def __init__(
        self,
        *,
        above: int,
        input: Decimal | None = None,
        output: Decimal | None = None,
        cache_read: Decimal | None = None,
        cache_write: Decimal | None = None,
        reasoning: Decimal | None = None,
        input_audio: Decimal | None = None,
        output_audio: Decimal | None = None,
    ) -> None:
        _tier_above(self, above)
        _tier_input(self, input)
        _tier_output(self, output)
        _tier_cache_read(self, cache_read)
        _tier_cache_write(self, cache_write)
        _tier_reasoning(self, reasoning)
        _tier_input_audio(self, input_audio)
        _tier_output_audio(self, output_audio)


(
    _tier_above,
    _tier_input,
    _tier_output,
    _tier_cache_read,
    _tier_cache_write,
    _tier_reasoning,
    _tier_input_audio,
    _tier_output_audio,
) = slot_setters(CostTier)


@record(frozen=True, slots=True, kw_only=True, init=False, repr=False, eq=False)
class ExtraPrices(Record):
    """Prices beyond the standard per-token ones (`Cost.extra`); `None` means "not
    known". Few models have any: see `llm_catalog._extra` for the vocabularies."""

    batch: Cost | None = None
    """The batch API's prices: a whole price sheet (long-context tiers included)."""
    flex: Cost | None = None
    """The flex service tier's prices."""
    priority: Cost | None = None
    """The priority service tier's prices."""
    cache_write_1h: Decimal | None = None
    """USD per million tokens written to a cache kept one hour; `Cost.cache_write`
    is the default five-minute write where a source tells the two apart."""
    input_per_second: Decimal | None = None
    """USD per second of input audio (transcription)."""
    output_per_second: Decimal | None = None
    """USD per second of output audio or video (speech, video generation)."""
    input_per_character: Decimal | None = None
    """USD per character of input text (speech)."""
    input_per_image: Decimal | None = None
    """USD per image in the prompt."""
    output_per_image: Decimal | None = None
    """USD per image made (image generation)."""
    per_query: Decimal | None = None
    """USD per query (rerank: one query scored against its documents)."""
    web_search: tuple[tuple[str, Decimal], ...] = ()
    """USD per web search by search context size, `(("low", price), ...)` in the
    order of `_extra.SEARCH_CONTEXTS` (low, medium, high); empty when not known."""
    image_prices: tuple[tuple[str | None, str, Decimal], ...] = ()
    """USD per image made by quality and size, `((quality, size, price), ...)`:
    `("hd", "1024x1792", Decimal("0.12"))`, quality `None` where the source prices
    the size alone (`_extra.IMAGE_QUALITIES` in order, then by area); empty when
    not known. `cost_of(images=, image_size=, image_quality=)` prices with a row."""

    def __init__(
        self,
        *,
        batch: Cost | None = None,
        flex: Cost | None = None,
        priority: Cost | None = None,
        cache_write_1h: Decimal | None = None,
        input_per_second: Decimal | None = None,
        output_per_second: Decimal | None = None,
        input_per_character: Decimal | None = None,
        input_per_image: Decimal | None = None,
        output_per_image: Decimal | None = None,
        per_query: Decimal | None = None,
        web_search: tuple[tuple[str, Decimal], ...] = (),
        image_prices: tuple[tuple[str | None, str, Decimal], ...] = (),
    ) -> None:
        _batch(self, batch)
        _flex(self, flex)
        _priority(self, priority)
        _cache_write_1h(self, cache_write_1h)
        _input_per_second(self, input_per_second)
        _output_per_second(self, output_per_second)
        _input_per_character(self, input_per_character)
        _input_per_image(self, input_per_image)
        _output_per_image(self, output_per_image)
        _per_query(self, per_query)
        _web_search(self, web_search)
        _image_prices(self, image_prices)

    def service_tier(self, name: str) -> Cost | None:
        """The prices of service tier `name` (`batch`, `flex`, `priority`), if known."""
        if name not in ("batch", "flex", "priority"):  # `_extra.SERVICE_TIERS`
            raise ValueError(f"unknown service tier {name!r}; one of batch, flex, priority")
        tier: Cost | None = getattr(self, name)
        return tier


(
    _batch,
    _flex,
    _priority,
    _cache_write_1h,
    _input_per_second,
    _output_per_second,
    _input_per_character,
    _input_per_image,
    _output_per_image,
    _per_query,
    _web_search,
    _image_prices,
) = slot_setters(ExtraPrices)


@record(frozen=True, slots=True, kw_only=True, init=False, repr=False, eq=False)
class Cost(Record):
    """Prices in US dollars per million tokens.

    `None` means "not known", never "free": a free model has `Decimal(0)`.
    """

    input: Decimal | None = None
    output: Decimal | None = None
    cache_read: Decimal | None = None
    cache_write: Decimal | None = None
    reasoning: Decimal | None = None
    input_audio: Decimal | None = None
    output_audio: Decimal | None = None
    tiers: tuple[CostTier, ...] = ()
    """Long-context tiers, in increasing order of `above`."""
    extra: ExtraPrices | None = None
    """Prices few models have (`ExtraPrices`): batch, flex and
    priority service tiers, the 1-hour cache write, and prices per second,
    character, image, query or web search. `None` when the data gives none."""

    def __init__(
        self,
        *,
        input: Decimal | None = None,
        output: Decimal | None = None,
        cache_read: Decimal | None = None,
        cache_write: Decimal | None = None,
        reasoning: Decimal | None = None,
        input_audio: Decimal | None = None,
        output_audio: Decimal | None = None,
        tiers: tuple[CostTier, ...] = (),
        extra: ExtraPrices | None = None,
    ) -> None:
        _cost_input(self, input)
        _cost_output(self, output)
        _cost_cache_read(self, cache_read)
        _cost_cache_write(self, cache_write)
        _cost_reasoning(self, reasoning)
        _cost_input_audio(self, input_audio)
        _cost_output_audio(self, output_audio)
        _cost_tiers(self, tiers)
        _cost_extra(self, extra)

    @property
    def known(self) -> bool:
        """Whether the data gives an input or output price per token (a model
        priced only per second, character, image or query, in `extra`, is not
        `known` here: see `extra`)."""
        return self.input is not None or self.output is not None


(
    _cost_input,
    _cost_output,
    _cost_cache_read,
    _cost_cache_write,
    _cost_reasoning,
    _cost_input_audio,
    _cost_output_audio,
    _cost_tiers,
    _cost_extra,
) = slot_setters(Cost)


@record(frozen=True, slots=True, kw_only=True, init=False, repr=False, eq=False)
class Modalities(Record):
    """What a model reads and what it writes."""

    input: frozenset[Modality] = _NO_MODALITIES
    output: frozenset[Modality] = _NO_MODALITIES

    def __init__(
        self,
        *,
        input: frozenset[Modality] = _NO_MODALITIES,
        output: frozenset[Modality] = _NO_MODALITIES,
    ) -> None:
        _modalities_input(self, input)
        _modalities_output(self, output)


_modalities_input, _modalities_output = slot_setters(Modalities)
