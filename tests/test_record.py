"""`_record.dataclass` must make the classes the real `dataclasses.dataclass` makes.

Each record class is held against its twin: the very same class source from
`llm_catalog/_model.py` (or `_record.py`, or `_costing.py`), compiled again with the
real decorator. Instances are the catalog's own values (or its prices of real calls).
"""

from __future__ import annotations

import copy
import dataclasses
import inspect
import pickle
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

import llm_catalog
from llm_catalog import _costing, _model, _record
from tests.records import RECORD_CLASSES, real_instances

REPO = Path(__file__).resolve().parent.parent


FIELD_ATTRIBUTES = (
    "name",
    "type",
    "default",
    "default_factory",
    "init",
    "repr",
    "hash",
    "compare",
    "metadata",
    "kw_only",
    "_field_type",
)


def _twin(cls: type) -> type:
    """`cls` as the real `dataclasses.dataclass` makes it from the same source."""
    source = textwrap.dedent(inspect.getsource(cls))
    # `_model.py` and `_costing.py` spell the decorator `dataclass`; `_record.py`,
    # which defines that name itself, `record` (for its value records).
    assert source.startswith(
        ("@dataclass(frozen=True, slots=True, kw_only=True", "@record(frozen=True, slots=True")
    )
    home = sys.modules[cls.__module__]
    assert home in (_model, _record, _costing)
    namespace = dict(vars(home), dataclass=dataclasses.dataclass, record=dataclasses.dataclass)
    # Annotations stay strings, as in `_model.py`, `_record.py` and `_costing.py`.
    source = f"from __future__ import annotations\n{source}"
    exec(compile(source, str(home.__file__), "exec", dont_inherit=True), namespace)
    twin: type = namespace[cls.__name__]
    assert twin is not cls
    return twin


def _as_twin(value: Any, twin: Any) -> Any:
    """The same values in an instance of the twin (its hand-written `__init__` fills
    the slots of the original class, so it cannot be called on the twin)."""
    made = object.__new__(twin)
    for name in twin.__slots__:
        object.__setattr__(made, name, getattr(value, name))
    return made


@pytest.mark.parametrize("cls", RECORD_CLASSES, ids=lambda c: c.__name__)
def test_the_class_is_the_one_dataclass_makes(cls: type) -> None:
    twin = _twin(cls)
    assert cls.__slots__ == twin.__slots__  # type: ignore[attr-defined]
    assert cls.__match_args__ == twin.__match_args__ == ()  # type: ignore[attr-defined]
    assert repr(cls.__dataclass_params__) == repr(twin.__dataclass_params__)  # type: ignore[attr-defined]
    ours, theirs = dataclasses.fields(cls), dataclasses.fields(twin)
    assert [f.name for f in ours] == [f.name for f in theirs]
    for mine, real in zip(ours, theirs, strict=True):
        for attribute in FIELD_ATTRIBUTES:
            assert getattr(mine, attribute) == getattr(real, attribute), (mine.name, attribute)
    # The same attributes, except the two `Record` fills in for eq, hash and repr.
    assert set(dir(cls)) - {"_names", "_values"} == set(dir(twin))
    assert not hasattr(cls, "__dict__") or "__dict__" not in cls.__dict__
    assert cls.__doc__ == twin.__doc__
    assert cls.__qualname__ == twin.__qualname__ and cls.__module__ == twin.__module__


@pytest.mark.parametrize("cls", RECORD_CLASSES, ids=lambda c: c.__name__)
def test_instances_behave_as_dataclass_instances(cls: type) -> None:
    twin = _twin(cls)
    fields = cls.__slots__  # type: ignore[attr-defined]
    for value in real_instances(cls, 50):
        other = _as_twin(value, twin)
        assert value.__getstate__() == other.__getstate__()
        for candidate in (
            pickle.loads(pickle.dumps(value)),
            copy.copy(value),
            copy.deepcopy(value),
        ):
            assert type(candidate) is cls and candidate == value
        assert dataclasses.replace(value) == value
        if sys.version_info >= (3, 13):
            assert copy.replace(value) == value
            first = fields[0]
            assert getattr(copy.replace(value, **{first: None}), first) is None
        assert dataclasses.asdict(value) == dataclasses.asdict(other)
        assert dataclasses.astuple(value) == dataclasses.astuple(other)
        # Python 3.11's own frozen `__setattr__` for a slotted class refers to the class
        # before slots were added, and fails with a TypeError on names that are not
        # fields; for those, ours raises what `dataclass` means to raise.
        for target, names in ((value, (fields[0], "not_a_field")), (other, (fields[0],))):
            for name in names:
                with pytest.raises(dataclasses.FrozenInstanceError) as refused:
                    setattr(target, name, 1)
                assert str(refused.value) == f"cannot assign to field {name!r}"
                with pytest.raises(dataclasses.FrozenInstanceError) as refused:
                    delattr(target, name)
                assert str(refused.value) == f"cannot delete field {name!r}"


@pytest.mark.parametrize("cls", RECORD_CLASSES, ids=lambda c: c.__name__)
def test_subclasses_freeze_fields_only(cls: type) -> None:
    """As with `dataclass`: a plain subclass has a `__dict__` for its own attributes."""
    value = real_instances(cls, 50)[0]

    class Sub(cls):  # type: ignore[misc]
        pass

    sub = object.__new__(Sub)
    sub.of_my_own = "mine"  # no record has a field of that name
    assert sub.of_my_own == "mine"
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(sub, cls.__slots__[0], getattr(value, cls.__slots__[0]))  # type: ignore[attr-defined]
    assert dataclasses.fields(Sub) == dataclasses.fields(cls)


def test_a_provider_import_loads_no_dataclasses_until_asked() -> None:
    code = textwrap.dedent(
        """
        import sys
        from llm_catalog.openai import GPT_4O
        from llm_catalog import Model
        print("dataclasses" in sys.modules, "inspect" in sys.modules)
        print(type(Model.__dict__["__dataclass_fields__"]).__name__)
        import dataclasses
        print(dataclasses.is_dataclass(GPT_4O), dataclasses.fields(GPT_4O)[0].name)
        print(type(Model.__dict__["__dataclass_fields__"]).__name__)
        print(dataclasses.replace(GPT_4O, name="renamed").name, GPT_4O.name)
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out == ["False False", "_Metadata", "True id", "dict", "renamed GPT-4o"]


def test_only_the_catalog_options_are_implemented() -> None:
    with pytest.raises(TypeError, match="implements"):
        _record.dataclass(frozen=True, slots=True)
    with pytest.raises(TypeError, match="subclasses Record"):
        _record.dataclass(**_record.OPTIONS)(type("Plain", (), {"__annotations__": {"x": "int"}}))


def test_a_real_dataclass_can_extend_a_record() -> None:
    """`dataclass` reads the base's fields and parameters through the lazy metadata."""
    from llm_catalog.openai import GPT_4O

    @dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
    class Annotated(llm_catalog.Model):
        note: str = ""

    values = {f.name: getattr(GPT_4O, f.name) for f in dataclasses.fields(llm_catalog.Model)}
    mine = Annotated(**values, note="ours")
    assert [f.name for f in dataclasses.fields(mine)] == [*values, "note"]
    assert (mine.id, mine.cost, mine.note) == (GPT_4O.id, GPT_4O.cost, "ours")
    assert dataclasses.replace(mine, note="theirs").note == "theirs"
    with pytest.raises(dataclasses.FrozenInstanceError):
        mine.id = "other"  # type: ignore[misc]
