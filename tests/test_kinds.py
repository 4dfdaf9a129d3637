"""Model kinds: decided by `generator/kinds.py` from the recorded sources, shipped as
`Model.kind`, queried with `find(kind=...)`, exported.

Facts of the recorded release are pinned to its snapshot (2026-07-02); the
package is checked against the snapshot it was rendered from."""

from __future__ import annotations

import io
import json
from collections import Counter
from typing import Any

import pytest

import llm_catalog
from generator import kinds, schema
from generator.report import Report
from generator.sources import litellm
from llm_catalog import Catalog, CatalogDataError, Kind, find
from llm_catalog._export import CSV_COLUMNS, json_schema, table_rows, write_csv
from tests.conftest import REPO, UPSTREAM, recorded_release

RECORDED = REPO / "snapshots" / "2026-07-02"
LITELLM = UPSTREAM / "litellm-model-prices-1.106.2.json"


def _json(path: Any) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def recorded() -> dict[str, Any]:
    return {
        # Read through the history: a later release stores this catalog as a delta.
        "catalog": recorded_release(RECORDED.name).dump_providers(),
        "provenance": _json(RECORDED / "provenance.json"),
        "matching": _json(RECORDED / "matching.json"),
        "report": _json(RECORDED / "report.json"),
    }


def _models(catalog: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f"{pid}:{mid}": m for pid, p in catalog.items() for mid, m in p["models"].items()}


# (key, kind, the rule that decided), each kind shown by every rule that gives it
# on the 2026-07-02 data.
STATED, NAMED, MODALITIES, CHAT = kinds.RULES
EXAMPLES = [
    ("openai:gpt-4o", "chat", CHAT),
    ("anthropic:claude-sonnet-4-5", "chat", CHAT),
    # writes images and text: a chat model that can draw (no source says otherwise)
    ("openrouter:google/gemini-2.5-flash-image", "chat", CHAT),
    ("openrouter:openai/gpt-audio", "chat", CHAT),
    # stored text-in/text-out with $0 output; LiteLLM's mode says embedding
    ("openai:text-embedding-3-small", "embedding", STATED),
    # LiteLLM's gateway entry says "chat": the id wins over a chat mode
    ("vercel:mistral/mistral-embed", "embedding", NAMED),
    ("digitalocean:bge-m3", "embedding", NAMED),
    ("tinfoil:nomic-embed-text", "embedding", NAMED),
    ("vercel:voyage/voyage-3-large", "embedding", NAMED),
    ("vercel:cohere/rerank-v3.5", "rerank", NAMED),
    ("digitalocean:bge-reranker-v2-m3", "rerank", NAMED),
    ("openrouter:meta-llama/llama-guard-4-12b", "moderation", NAMED),
    ("groq:meta-llama/llama-prompt-guard-2-22m", "moderation", NAMED),
    ("nvidia:nvidia/nemotron-3-content-safety", "moderation", NAMED),
    ("openai:gpt-image-1", "image_generation", STATED),
    ("google:gemini-2.5-flash-image", "image_generation", STATED),
    ("vercel:bfl/flux-pro-1.1", "image_generation", MODALITIES),
    ("xai:grok-imagine-video", "video_generation", STATED),
    ("poe:openai/sora-2", "video_generation", MODALITIES),
    ("groq:whisper-large-v3", "transcription", STATED),
    ("vercel:openai/gpt-4o-transcribe", "transcription", NAMED),
    ("alibaba:qwen3-asr-flash", "transcription", NAMED),
    ("google:gemini-2.5-flash-preview-tts", "speech", STATED),
    ("vercel:openai/tts-1", "speech", NAMED),
    ("poe:elevenlabs/elevenlabs-v3", "speech", MODALITIES),
]


def test_every_kind_has_examples() -> None:
    assert {kind for _, kind, _ in EXAMPLES} == {v for _, v, _ in schema.KINDS}


@pytest.mark.parametrize(("key", "kind", "rule"), EXAMPLES)
def test_kinds_of_the_recorded_release(
    recorded: dict[str, Any], key: str, kind: str, rule: str
) -> None:
    raw = _models(recorded["catalog"])[key]
    assert raw.get("kind", "chat") == kind
    stated = recorded["provenance"].get(key, {}).get("kind")
    assert kinds.decide(schema.Model.model_validate(raw), stated) == (kind, rule)


def test_a_snapshot_with_an_unknown_kind_is_refused(recorded: dict[str, Any]) -> None:
    import pydantic

    raw = dict(_models(recorded["catalog"])["openai:gpt-4o"], kind="vector")
    with pytest.raises(pydantic.ValidationError, match=r"kind\n.*unknown kind 'vector'"):
        schema.Model.model_validate(raw)


def test_litellm_states_only_its_non_chat_modes() -> None:
    entries = {e.key: e for e in litellm.parse(LITELLM.read_bytes(), str(LITELLM), Report())}
    assert entries["text-embedding-3-small"].values["kind"] == "embedding"
    assert entries["whisper-1"].values["kind"] == "transcription"
    assert entries["tts-1"].values["kind"] == "speech"
    assert "kind" not in entries["gpt-4o"].values  # mode chat: no statement
    raw = _json(LITELLM)
    stated = Counter(e.values["kind"] for e in entries.values() if "kind" in e.values)
    # An image price key (`low/1024-x-1024/gpt-image-1`) states its price only: its
    # model's own entry states the kind.
    images = {k for k in entries if isinstance(litellm.image_key(k), litellm.ImageKey)}
    assert images and all(set(entries[k].values) <= {"cost.extra"} for k in images)
    expected = Counter(
        litellm.MODES[r["mode"]]
        for k, r in raw.items()
        if isinstance(r, dict)
        and r.get("mode") in litellm.MODES
        and k in entries
        and k not in images
    )
    assert stated == expected and stated["embedding"] > 100


def test_litellm_mode_ships_for_every_matched_model(recorded: dict[str, Any]) -> None:
    """An independent reading of the raw LiteLLM file: every catalog model matched
    to an entry whose `mode` names a non-chat kind has that kind, from LiteLLM."""
    raw = _json(LITELLM)
    models = _models(recorded["catalog"])
    checked: Counter[str] = Counter()
    for key, match in recorded["matching"]["litellm"]["matched"].items():
        mode = raw[match["entry"]].get("mode")
        if mode in litellm.MODES:
            assert models[key].get("kind") == litellm.MODES[mode], key
            assert recorded["provenance"][key]["kind"] == "litellm"
            checked[recorded["provenance"][key].get("model", "models.dev")] += 1
    # models.dev's models, and the models LiteLLM added (generator/additions.py).
    assert checked == {"models.dev": 37, "litellm": 302}


def test_report_counts_each_rule(recorded: dict[str, Any]) -> None:
    models = _models(recorded["catalog"])
    recount: Counter[str] = Counter()
    for key, raw in models.items():
        stated = recorded["provenance"].get(key, {}).get("kind")
        recount[kinds.decide(schema.Model.model_validate(raw), stated)[1]] += 1
    reported = {f["message"]: f["severity"] for f in recorded["report"] if f["field"] == "kind"}
    for rule, count in recount.items():
        assert reported[f"decided by rule '{rule}' for {count} models"] == "info"
    assert sum(recount.values()) == len(models)
    by_kind = Counter(raw.get("kind", "chat") for raw in models.values())
    for kind, count in by_kind.items():
        assert f"{count} models of kind {kind}" in reported


def test_package_kinds_equal_its_snapshot() -> None:
    shipped = _models(_json(REPO / "snapshots" / llm_catalog.DATA_DATE / "catalog.json"))
    models = list(llm_catalog.all_models())
    assert len(models) == len(shipped)
    for model in models:
        assert model.kind == Kind(shipped[model.key].get("kind", "chat")), model.key


def test_find_defaults_to_chat_and_asks_for_other_kinds() -> None:
    openai = {m.key for m in find(providers=["openai"])}
    assert "openai:gpt-4o" in openai and "openai:text-embedding-3-small" not in openai
    every = find(providers=["openai"], kind=None)
    assert "openai:text-embedding-3-small" in {m.key for m in every}
    embeddings = find(kind=Kind.EMBEDDING)
    assert embeddings == find(kind="embedding") and embeddings
    assert all(m.kind is Kind.EMBEDDING for m in embeddings)
    audio = find(kind={"transcription", Kind.SPEECH})
    assert {m.kind for m in audio} == {Kind.TRANSCRIPTION, Kind.SPEECH}
    assert all(m.kind is Kind.CHAT for m in find())
    with pytest.raises(ValueError, match="unknown kind 'vector'"):
        find(kind="vector")


def test_catalog_data_reads_and_writes_kind() -> None:
    packaged = Catalog.packaged()
    data = packaged.to_data()
    assert data["providers"]["openai"]["models"]["text-embedding-3-small"]["kind"] == "embedding"
    assert "kind" not in data["providers"]["openai"]["models"]["gpt-4o"]  # chat: default
    changed = packaged.override("openai:gpt-4o", kind="speech")
    assert changed.get("openai:gpt-4o").kind is Kind.SPEECH
    with pytest.raises(CatalogDataError, match=r"field 'kind': unknown kind 'vector'"):
        packaged.override("openai:gpt-4o", kind="vector")


def test_exports_carry_kind() -> None:
    packaged = Catalog.packaged()
    rows = table_rows(packaged)["models"]
    kind_at = CSV_COLUMNS.index("kind")
    by_key = {row[0]: row[kind_at] for row in rows}
    assert by_key["openai:text-embedding-3-small"] == "embedding"
    assert by_key["openai:gpt-4o"] == "chat"
    out = io.StringIO()
    write_csv(packaged, out)
    header, *lines = out.getvalue().splitlines()
    assert header.split(",")[kind_at] == "kind" and len(lines) == len(rows)
    model_schema = json_schema()["$defs"]["model"]["properties"]["kind"]
    assert model_schema == {"enum": [k.value for k in Kind]}


def test_cli_kind_option() -> None:
    import subprocess
    import sys

    def run(*args: str) -> Any:
        out = subprocess.run(
            [sys.executable, "-m", "llm_catalog", *args, "--json"],
            capture_output=True,
            text=True,
            check=True,
            cwd=REPO,
        )
        return json.loads(out.stdout)

    chat = {m["key"]: m["kind"] for m in run("find", "--provider", "openai")}
    assert set(chat.values()) == {"chat"} and "openai:gpt-4o" in chat
    embedding = run("find", "--provider", "openai", "--kind", "embedding")
    assert {m["key"] for m in embedding} == {
        m.key for m in find(providers=["openai"], kind="embedding")
    }
    assert {m["kind"] for m in embedding} == {"embedding"}
    every = run("find", "--provider", "openai", "--kind", "any")
    assert len(every) == len(find(providers=["openai"], kind=None)) > len(chat)
    chosen = run("select", "--provider", "openai", "--kind", "embedding,rerank")
    assert chosen["model"]["kind"] == "embedding"
