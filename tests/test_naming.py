"""Identifier rules for upstream ids."""

from __future__ import annotations

import keyword
import re

import pytest

from generator import history, naming


@pytest.mark.parametrize(
    ("provider_id", "module"),
    [
        ("openai", "openai"),
        ("302ai", "provider_302ai"),
        ("wafer.ai", "wafer_ai"),
        ("cloudflare-ai-gateway", "cloudflare_ai_gateway"),
        ("class", "class_"),
        ("match", "match_"),
        ("json", "json_"),
        ("get_model", "get_model_"),
        ("CON", "con_"),
        ("../../etc/passwd", "etc_passwd"),
        ("__init__", "init"),
        ("ünï", "uni"),
    ],
)
def test_module_names(provider_id: str, module: str) -> None:
    assert naming.module_base(provider_id) == module


def test_every_name_is_a_safe_identifier() -> None:
    ids = [
        "",
        "___",
        "日本語",
        "a-b",
        "a.b",
        "A-B",
        "a b",
        "1",
        "None",
        "PROVIDER",
        "\u202e",
        "x\x00y",
    ]
    names = naming.constant_names(ids)
    assert len(set(names.values())) == len(ids)
    for name in names.values():
        assert name.isidentifier() and name.isascii() and not keyword.iskeyword(name)
        assert not name.startswith("_")
    modules = naming.module_names(ids)
    assert len({m.lower() for m in modules.values()}) == len(ids)


def test_collisions_are_resolved_by_preference_not_input_order() -> None:
    ids = ["chat.1", "Chat-1", "chat-1"]
    for order in (ids, ids[::-1]):
        assert naming.constant_names(order) == {
            "chat-1": "CHAT_1",
            "chat.1": "CHAT_1_2",
            "Chat-1": "CHAT_1_3",
        }


def test_previous_names_are_kept() -> None:
    assert naming.constant_names(["chat-1", "chat.1"], previous={"chat.1": "CHAT_1"}) == {
        "chat.1": "CHAT_1",
        "chat-1": "CHAT_1_2",
    }


def test_numbered_names_skip_taken_ones() -> None:
    names = naming.constant_names(["foo-2", "foo.", "foo"])
    assert names == {"foo": "FOO", "foo-2": "FOO_2", "foo.": "FOO_3"}


def test_long_ids_get_short_stable_names_with_a_hash() -> None:
    long_model = "vendor/" + "very-long-model-name-" * 12
    constant = naming.constant_base(long_model)
    assert len(constant) == naming.MAX_NAME
    assert constant.startswith("VENDOR_VERY_LONG_MODEL_NAME_")
    assert re.fullmatch(r"[A-Z0-9_]+_[0-9A-F]{8}", constant)
    assert naming.constant_base(long_model) == constant  # stable
    other = naming.constant_base(long_model + "x")  # same first 55 characters
    assert other != constant and other[:55] == constant[:55]
    module = naming.module_base("p" * 300)
    assert len(module) == naming.MAX_NAME and module == module.lower()
    assert len(naming.enum_member("p" * 300)) == naming.MAX_NAME
    # names that short fit the rules names.json is checked against
    names = history.Names(
        modules={"p" * 300: module},
        members={"p" * 300: naming.enum_member("p" * 300)},
        constants={"p" * 300: naming.constant_names([long_model, long_model + "x"])},
    )
    assert history.underived(names) == []
    assert naming.constant_base("gpt-4o") == "GPT_4O"  # short names unchanged
