"""Frozen, slotted, keyword-only dataclasses that do not import `dataclasses`.

Hand-written. `import dataclasses` imports `inspect`, and with it `ast`, `dis`,
`tokenize` and `re`: 2.1 MiB and about 10 ms on a VM where bare python takes 8.6 ms,
far more than a provider's whole data, on the path of every `from llm_catalog.openai
import GPT_4O` and of every priced call. So `_model.py` and `_costing.py` declare their
classes with the real `@dataclass(...)` for type checkers and with `dataclass` below at
runtime. It builds the class the real decorator builds for the one set of options the
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
