"""The runtime package: public names, laziness, immutability, lookups, errors."""

from __future__ import annotations

import dataclasses
import datetime
import json
import subprocess
import sys
from decimal import Decimal

import pytest

import llm_catalog
from llm_catalog import UnknownModelError, _model, get_model
from tests.conftest import REPO, current_manifest
from tests.records import RECORD_CLASSES, real_instances

EXPORTED = [
    "DATA_DATE",
    "SCHEMA_VERSION",
    "SOURCE_SHA256",
    "SOURCE_URL",
    "TYPICAL_CALL",
    "AmbiguousModelError",
    "Capability",
    "CapabilityPoint",
    "Catalog",
    "CatalogDataError",
    "CatalogFetchError",
    "CatalogStats",
    "Comparison",
    "Cost",
    "CostBreakdown",
    "CostComponent",
    "CostTier",
    "CustomProvider",
    "DatePrecision",
    "ExtraPrices",
    "IncompatibleSnapshotError",
    "Kind",
    "Latency",
    "Limits",
    "Modalities",
    "Modality",
    "Model",
    "PricePoint",
    "Provider",
    "ProviderInfo",
    "Quality",
    "RateLimits",
    "Release",
    "ResponseError",
    "Status",
    "UnknownModelError",
    "UnknownProviderError",
    "Workload",
    "__version__",
    "all_models",
    "capability_history",
    "compare",
    "cost_of_response",
    "default_model",
    "find",
    "get_model",
    "hosts",
    "price_history",
    "provider_info",
    "providers",
    "quality_tier",
    "releases",
    "removed_models",
    "resolve",
    "select",
    "stats",
]


def _run(code: str) -> str:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout


def test_exported_names_are_guarded() -> None:
    assert llm_catalog.__all__ == EXPORTED
    for name in EXPORTED:
        assert getattr(llm_catalog, name) is not None
    assert set(EXPORTED) <= set(dir(llm_catalog))
    assert "openai" in dir(llm_catalog)
    with pytest.raises(AttributeError):
        _ = llm_catalog.not_a_thing  # type: ignore[attr-defined]  # so do type checkers


def test_version_is_the_data_date() -> None:
    manifest = json.loads(
        (REPO / "snapshots" / llm_catalog.DATA_DATE / "manifest.json").read_text()
    )
    assert llm_catalog.__version__ == manifest["version"]
    assert manifest["date"] == llm_catalog.DATA_DATE
    # the recorded release stays in the history under its version
    assert ("2026.7.2", datetime.date(2026, 7, 2)) in {
        (r.version, r.date) for r in llm_catalog.releases()
    }
    assert llm_catalog.SOURCE_URL == "https://models.dev/api.json"
    assert manifest["sources"][0]["sha256"] == llm_catalog.SOURCE_SHA256
    year, month, day = (int(p) for p in llm_catalog.DATA_DATE.split("-"))
    assert llm_catalog.__version__ == f"{year}.{month}.{day}"


def test_importing_the_package_loads_nothing_else() -> None:
    out = _run(
        "import sys, llm_catalog; print(sorted(m for m in sys.modules if m.startswith('llm_catalog')));"
        "print('dataclasses' in sys.modules, 'typing' in sys.modules)"
    )
    assert out.splitlines() == [
        "['llm_catalog', 'llm_catalog._data', 'llm_catalog._data.version']",
        "False False",
    ]


def test_one_provider_loads_only_itself() -> None:
    out = _run(
        "import sys; from llm_catalog.openai import GPT_4O;"
        "print(sorted(m for m in sys.modules if m.startswith('llm_catalog')));"
        "print(sorted({'typing', 'datetime', 'decimal', 'dataclasses', 'inspect'} & set(sys.modules)))"
    )
    modules, stdlib_loaded = out.splitlines()
    assert modules == str(
        [
            "llm_catalog",
            "llm_catalog._data",
            "llm_catalog._data.enums",
            "llm_catalog._data.shared",
            "llm_catalog._data.version",
            "llm_catalog._model",
            "llm_catalog._record",
            "llm_catalog.openai",
        ]
    )
    # `date` and `Decimal` come from the C modules, without the Python wrappers
    # (`datetime` alone is 1.3 ms); `typing` is for type checkers only; the records
    # are dataclasses without `dataclasses` and `inspect` (`_record.py`).
    assert stdlib_loaded == "[]"


def _added_constant() -> str:
    """A constant of `llm_catalog.openai` whose model a secondary source added
    (whisper-1 while models.dev does not list it)."""
    from llm_catalog import openai

    return "WHISPER_1" if "WHISPER_1" in openai._ADDED else min(openai._ADDED)


def test_added_models_are_built_on_first_access() -> None:
    """A provider's models that only LiteLLM or OpenRouter list (issue 15) are built
    from `_data/added_<module>.py` when first accessed, not when the provider is
    imported (issue 15 item 5); then they are the same objects every lookup returns,
    and `MODELS` holds them all."""
    from llm_catalog import openai

    name = _added_constant()
    out = _run(
        "import sys\n"
        "from llm_catalog.openai import GPT_4O\n"
        "import llm_catalog.openai as openai\n"
        "print('llm_catalog._data.added_openai' in sys.modules)\n"
        f"print({name!r} in vars(openai), 'MODELS' in vars(openai), {name!r} in dir(openai))\n"
        f"from llm_catalog.openai import {name}\n"
        "print('llm_catalog._data.added_openai' in sys.modules)\n"
        f"print({name!r} in vars(openai), 'MODELS' in vars(openai))\n"
        "from llm_catalog import get_model\n"
        f"print({name} is get_model('openai:' + {name}.id), {name} is openai.MODELS[{name}.id])\n"
        f"print({name}.sources['model'], 'MODELS' in vars(openai))\n"
    )
    assert out.splitlines() == [
        "False",
        "False False True",
        "True",
        "True False",
        "True True",
        f"{get_model('openai:' + getattr(openai, name).id).sources['model']} True",
    ]
    assert getattr(openai, name).sources["model"] in {"litellm", "openrouter"}


def test_the_lazily_built_models_are_exactly_the_added_ones() -> None:
    """In every provider module, the constants built on first access (`_ADDED`) are
    the models a secondary source added (`sources["model"]`), and `MODELS` lists the
    provider's models in the order of the package's index, added ones included."""
    import importlib

    from llm_catalog._data.index import MODEL_INDEX
    from llm_catalog._data.providers import PROVIDER_MODULES

    for pid, module_name in PROVIDER_MODULES.items():
        module = importlib.import_module(f"llm_catalog.{module_name}")
        added = {
            name
            for name in module.__all__
            if name not in ("MODELS", "PROVIDER") and "model" in getattr(module, name).sources
        }
        assert set(getattr(module, "_ADDED", ())) == added, module_name
        indexed = [key.partition(":")[2] for key in MODEL_INDEX if key.startswith(f"{pid}:")]
        assert list(module.MODELS) == indexed, module_name


def test_pricing_a_call_loads_only_the_costing_module() -> None:
    """Pricing one call, plainly and with cached tokens, from a fresh interpreter: the
    one module it adds to the single-provider import is `_costing` (issue 16). Its
    records are made by `_record` and its `Decimal` is `_decimal`'s, so no
    `dataclasses` (which imports `inspect`, `ast`, `dis`, `tokenize`, `re`), no
    `typing` and no `decimal` wrapper."""
    out = _run(
        "import sys\n"
        "from llm_catalog.openai import GPT_4O\n"
        "imported = set(sys.modules)\n"
        "plain = GPT_4O.cost_of(input_tokens=1000, output_tokens=100)\n"
        "cached = GPT_4O.cost_of(input_tokens=1000, output_tokens=100, cache_read_tokens=600)\n"
        "print(sorted(set(sys.modules) - imported))\n"
        "print(sorted(m for m in sys.modules if m.startswith('llm_catalog')))\n"
        "print(sorted({'dataclasses', 'inspect', 'typing', 're', 'decimal'} & set(sys.modules)))\n"
        "print([c.part for c in plain.components], [c.part for c in cached.components])\n"
        "print(plain.total, cached.total)\n"
    )
    added, modules, forbidden, parts, totals = out.splitlines()
    assert added == "['llm_catalog._costing']"
    assert modules == str(
        [
            "llm_catalog",
            "llm_catalog._costing",
            "llm_catalog._data",
            "llm_catalog._data.enums",
            "llm_catalog._data.shared",
            "llm_catalog._data.version",
            "llm_catalog._model",
            "llm_catalog._record",
            "llm_catalog.openai",
        ]
    )
    assert forbidden == "[]"
    # Both calls were priced in full (input, cached and output at their own prices).
    assert parts == "['input', 'output'] ['input', 'cache_read', 'output']"
    from llm_catalog.openai import GPT_4O

    assert totals == (
        f"{GPT_4O.cost_of(input_tokens=1000, output_tokens=100).total} "
        f"{GPT_4O.cost_of(input_tokens=1000, output_tokens=100, cache_read_tokens=600).total}"
    )


def test_get_model_returns_the_constant_in_both_spellings() -> None:
    from llm_catalog.anthropic import CLAUDE_SONNET_4_5_20250929
    from llm_catalog.openai import GPT_4O

    assert get_model("openai:gpt-4o") is GPT_4O
    assert get_model("openai/gpt-4o") is GPT_4O
    assert get_model("anthropic:claude-sonnet-4-5-20250929") is CLAUDE_SONNET_4_5_20250929
    # model ids with "/" and ":" keep them
    gw = get_model("cloudflare-ai-gateway/anthropic/claude-3.5-haiku")
    assert gw.id == "anthropic/claude-3.5-haiku"
    assert get_model(gw.key) is gw


@pytest.mark.parametrize(
    ("key", "suggestion"),
    [
        ("openai:gpt-4oo", "openai:gpt-4o"),
        ("anthropic:claude-sonet-4-5", "anthropic:claude-sonnet-4-5"),
    ],
)
def test_unknown_keys_suggest_close_matches(key: str, suggestion: str) -> None:
    with pytest.raises(UnknownModelError) as info:
        get_model(key)
    assert isinstance(info.value, KeyError)
    assert suggestion in info.value.suggestions
    assert repr(suggestion) in str(info.value)


def test_unknown_provider() -> None:
    with pytest.raises(KeyError, match=r"no provider 'opneai'.*'openai'"):
        llm_catalog.provider_info("opneai")


def test_models_are_frozen_and_tables_read_only() -> None:
    from llm_catalog import openai

    with pytest.raises(dataclasses.FrozenInstanceError):
        openai.GPT_4O.name = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        openai.MODELS["x"] = openai.GPT_4O  # type: ignore[index]
    assert not hasattr(openai.GPT_4O, "__dict__")  # slotted
    with pytest.raises(TypeError):
        llm_catalog.Model(id="x")  # type: ignore[call-arg]  # keyword-only, required fields


def test_provider_metadata() -> None:
    from llm_catalog.openai import PROVIDER

    assert PROVIDER.id is llm_catalog.Provider.OPENAI
    assert PROVIDER.env == ("OPENAI_API_KEY",)
    assert PROVIDER.npm == "@ai-sdk/openai"
    assert PROVIDER.doc == "https://platform.openai.com/docs/models"
    assert llm_catalog.provider_info("openai") is PROVIDER
    listed = {p.id.value for p in llm_catalog.providers()}
    assert len(listed) == current_manifest()["providers"]
    # The enum keeps providers no longer listed upstream (their modules stay importable):
    # firmware was gone by 2026-07-02.
    gone = {m.provider.value for m in llm_catalog.removed_models()} - listed
    assert "firmware" in gone
    assert {p.value for p in llm_catalog.Provider} == listed | gone
    assert llm_catalog.Provider("firmware").name == "FIRMWARE"


def test_enums_are_str_enums() -> None:
    from llm_catalog import Capability, Modality, Provider, Status

    assert isinstance(Provider.OPENAI, str)
    assert str(Provider.OPENAI) == "openai"
    assert Provider("302ai").name == "P_302AI"
    assert Capability("tool_call") is Capability.TOOL_CALL
    assert f"{Modality.PDF}" == "pdf"
    assert Status("deprecated") is Status.DEPRECATED


def test_free_and_unknown_prices_differ() -> None:
    unknown = [m for m in llm_catalog.all_models() if not m.cost.known]
    free = [m for m in llm_catalog.all_models() if m.cost.input == 0]
    assert unknown and free
    assert all(m.cost.input is None for m in unknown)
    assert all(m.cost.input == Decimal(0) for m in free)


@pytest.mark.parametrize("cls", RECORD_CLASSES)
def test_hand_written_inits_match_the_fields(cls: type) -> None:
    """The data classes spell out `__init__` for speed; it must be the dataclass one."""
    import inspect

    params = list(inspect.signature(cls.__dict__["__init__"]).parameters.values())[1:]
    fields = dataclasses.fields(cls)
    assert [p.name for p in params] == [f.name for f in fields]
    for param, field in zip(params, fields, strict=True):
        assert param.kind is inspect.Parameter.KEYWORD_ONLY
        assert param.default == (
            inspect.Parameter.empty if field.default is dataclasses.MISSING else field.default
        )
    kwargs = {f.name: object() for f in fields}
    built = cls(**kwargs)
    assert all(getattr(built, name) is value for name, value in kwargs.items())
    assert built == cls(**kwargs)
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(built, fields[0].name, 1)


def _as_dataclass_writes_it(cls: type) -> type:
    """A plain `@dataclass(frozen=True, slots=True, kw_only=True)` with `cls`'s fields:
    what `dataclass` itself generates, to hold the hand-written methods against."""
    fields = dataclasses.fields(cls)
    made = dataclasses.make_dataclass(
        cls.__name__,
        [(f.name, f.type, dataclasses.field(default=f.default)) for f in fields],
        frozen=True,
        slots=True,
        kw_only=True,
    )
    made.__qualname__ = cls.__qualname__
    return made


@pytest.mark.parametrize("cls", RECORD_CLASSES)
def test_hand_written_eq_hash_repr_are_what_dataclass_generates(cls: type) -> None:
    """`_record.Record` writes `__eq__`, `__hash__` and `__repr__` once instead of letting
    `dataclass` compile them per class; on real catalog values they must give exactly
    what the generated ones give."""
    reference = _as_dataclass_writes_it(cls)
    for value in real_instances(cls, 400):
        kwargs = {f.name: getattr(value, f.name) for f in dataclasses.fields(cls)}
        twin = reference(**kwargs)
        assert repr(value) == repr(twin)
        assert hash(value) == hash(twin)
        assert value == cls(**kwargs)
        assert value != twin  # like dataclass: another class never compares equal
        first = dataclasses.fields(cls)[0].name
        assert value != dataclasses.replace(value, **{first: object()})
    params = cls.__dataclass_params__  # type: ignore[attr-defined]
    assert params.frozen


def test_date_and_decimal_are_the_standard_classes() -> None:
    import datetime
    import decimal

    from llm_catalog import _model

    assert _model.date is datetime.date
    assert _model.Decimal is decimal.Decimal
    from llm_catalog.openai import GPT_4O

    assert type(GPT_4O.release_date) is datetime.date
    assert type(GPT_4O.cost.input) is decimal.Decimal


def test_enum_members_are_plain_class_attributes() -> None:
    """The enums are built by `enum._simple_enum`; members must still be what the
    metaclass makes: real members, stored on the class (fast `Provider.OPENAI`)."""
    import enum

    from llm_catalog import Capability, DatePrecision, Modality, Provider, Status

    for cls in (Provider, Capability, Modality, Status, DatePrecision):
        assert issubclass(cls, enum.StrEnum)
        assert cls.__module__ == "llm_catalog._data.enums"
        assert cls.__doc__
        for name, member in cls.__members__.items():
            assert vars(cls)[name] is member
            assert cls(member.value) is member
            assert cls[name] is member
    assert repr(Provider.OPENAI) == "<Provider.OPENAI: 'openai'>"
    import pickle

    assert pickle.loads(pickle.dumps(Capability.VISION)) is Capability.VISION
    with pytest.raises(ValueError, match="is not a valid Provider"):
        Provider("no-such-provider")


def test_enums_without_the_fast_path_are_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """On a Python without `enum._simple_enum`, the generated module falls back to the
    functional API; the enums it builds have the same members, values and docs."""
    import enum
    import types

    from llm_catalog._data import enums as _enums

    monkeypatch.delattr(enum, "_simple_enum")
    source = (REPO / "llm_catalog" / "_data" / "enums.py").read_text()
    fallback = types.ModuleType("llm_catalog._data.enums")
    exec(compile(source, "enums.py", "exec"), fallback.__dict__)
    for name in _enums.__all__:
        ours, theirs = getattr(_enums, name), getattr(fallback, name)
        assert issubclass(theirs, enum.StrEnum)
        assert [(m.name, m.value) for m in theirs] == [(m.name, m.value) for m in ours]
        assert theirs.__doc__ == ours.__doc__
        assert theirs.__qualname__ == ours.__qualname__


def test_values_many_providers_share_are_one_object() -> None:
    """`_data.shared` holds the prices, dates, limits, costs, modalities and capability sets
    that many providers use; every model with such a value holds that very object."""
    from generator.render import SHARED_ACROSS
    from llm_catalog._data import shared as _shared

    shared = {
        name: value
        for name, value in vars(_shared).items()
        if name.startswith("_") and not name.startswith("__")
    }
    assert len(shared) > 300
    kinds = {type(value) for value in shared.values()}
    assert {Decimal, datetime.date, llm_catalog.Cost, llm_catalog.Limits} <= kinds

    # `Decimal("2.5") == Decimal("2.50")`: prices are told apart by their text.
    def key(value: object) -> tuple[type, str] | object:
        return (Decimal, str(value)) if isinstance(value, Decimal) else value

    by_value = {key(value): value for value in shared.values()}
    assert len(by_value) == len(shared)
    providers: dict[int, set[str]] = {id(v): set() for v in shared.values()}
    for model in llm_catalog.all_models():
        cost = model.cost
        prices = [getattr(c, n) for c in (cost, *cost.tiers) for n in _model.PRICE_FIELDS]
        dates = (model.knowledge, model.release_date, model.last_updated, model.deprecation_date)
        composites = (model.limits, cost, model.modalities, model.capabilities)
        for value in (*composites, *prices, *dates):
            twin = by_value.get(key(value))
            if twin is not None:
                assert value is twin, (model.key, value)
                providers[id(twin)].add(model.provider)
    for name, value in shared.items():
        assert len(providers[id(value)]) >= SHARED_ACROSS, name


def test_provider_modules_export_their_live_models() -> None:
    """`__all__` of a generated provider module: PROVIDER, MODELS and each live
    model's constant; a star import gives exactly those, with no removed-model warning."""
    import importlib
    import warnings

    from llm_catalog._data.providers import PROVIDER_MODULES

    for module_name in PROVIDER_MODULES.values():
        module = importlib.import_module(f"llm_catalog.{module_name}")
        # `dir`, not `vars`: models only secondary sources list are not globals until
        # first accessed (the module's `__dir__` lists them).
        constants = {
            name
            for name in dir(module)
            if not name.startswith("_") and isinstance(getattr(module, name), llm_catalog.Model)
        }
        assert set(module.__all__) == {"PROVIDER", "MODELS", *constants}, module_name
        assert len(constants) == len(module.MODELS)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        namespace: dict[str, object] = {}
        exec("from llm_catalog.openai import *", namespace)
    assert namespace["GPT_4O"] is llm_catalog.get_model("openai:gpt-4o")
    assert "O1_PREVIEW" not in namespace  # removed: reachable by name, with its warning
