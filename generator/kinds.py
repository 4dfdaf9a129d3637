"""What each model is for (`Model.kind`), from the sources' own signals.

No source has one field for it, so the kind is decided here, once per model, by
the first rule that applies (the order is the order of trust):

1. **A source states it.** LiteLLM's `mode` (`embedding`, `image_generation`,
   `audio_transcription`, ...; see `generator/sources/litellm.py`) or an override,
   shipped by the merge like any other value (provenance `kind`). LiteLLM's
   `chat`, `completion`, `responses` and `realtime` modes are not statements:
   LiteLLM writes `chat` for gateway copies of embedding models too
   (`vercel_ai_gateway/mistral/mistral-embed`), so "chat" never overrules the
   rules below.
2. **The model's id or family names its kind**: `rerank`; `guard`, `moderation`,
   `content-safety` (Llama Guard, gpt-oss-safeguard, Qwen3Guard, Nemotron Content
   Safety); `embed`, `bge`, `e5`, `gte`, `voyage` (embedding models, which
   models.dev stores as text-in/text-out; Voyage AI's models are embeddings apart
   from its rerankers, e.g. https://vercel.com/ai-gateway/models/voyage-3-large
   "Type: embedding"); `whisper`, `transcribe`, `asr`, `stt` (transcription);
   `tts` (speech). These are needed because models.dev has no modality for a
   vector or a score.
3. **The modalities**: a model that writes no text makes video, images or audio
   (`video_generation`, `image_generation`, `speech`, in that order when it makes
   several); a model that reads only audio and writes only text transcribes.
4. Otherwise **chat** (OpenRouter lists only chat-completion models, so its
   models end here unless a rule above says otherwise). A model that writes
   images or audio *and* text (`openrouter:google/gemini-2.5-flash-image`,
   `gpt-audio`) is a chat model unless a source states otherwise.

Not a rule: "$0 output beside a paid input". `openai:text-embedding-3-small` is
stored that way, but it is already decided by rules 1 and 2; on the 2026-07-02
data the price rule decided only three models, all wrongly (`azure:model-router`,
a router, and a sentiment classifier), so it is left out.

`assign` returns the catalog with every model's kind and reports, in
`report.json`, how many models each rule decided (`field` `kind`, severity info).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping

from generator import schema
from generator.report import Report

CHAT = "chat"

# (kind, pattern over the lowercased id and family): first match wins.
_NAMED: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("rerank", re.compile(r"rerank")),
    ("moderation", re.compile(r"guard|moderation|content-safety")),
    ("embedding", re.compile(r"embed|(?<![a-z0-9])(?:bge|e5|gte|voyage)(?![a-z0-9])")),
    ("transcription", re.compile(r"whisper|transcri|(?<![a-z0-9])(?:asr|stt)(?![a-z0-9])")),
    ("speech", re.compile(r"tts(?![a-z])")),
)
# A model that writes no text makes the first of these it writes.
_MADE = (("video", "video_generation"), ("image", "image_generation"), ("audio", "speech"))

RULES = (
    "stated by a source",
    "named in the id or family",
    "modalities",
    "chat: no sign of another kind",
)
"""The rules in the order they are tried (the keys of the report's counts)."""


def decide(model: schema.Model, stated: str | None) -> tuple[str, str]:
    """`(kind, rule)` for one model; `stated` is the source that gave `kind`, if any."""
    if stated is not None:
        return model.kind, RULES[0]
    names = f"{model.id.lower()} {(model.family or '').lower()}"
    for kind, pattern in _NAMED:
        if pattern.search(names):
            return kind, RULES[1]
    reads, writes = set(model.modalities.input), set(model.modalities.output)
    if writes and "text" not in writes:
        for modality, kind in _MADE:
            if modality in writes:
                return kind, RULES[2]
    if reads == {"audio"} and writes == {"text"}:
        return "transcription", RULES[2]
    return CHAT, RULES[3]


def assign(
    providers: Mapping[str, schema.Provider],
    provenance: Mapping[str, Mapping[str, str]],
    report: Report,
) -> dict[str, schema.Provider]:
    """`providers` with every model's kind decided (see the module docstring)."""
    counts: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    out: dict[str, schema.Provider] = {}
    for pid, provider in providers.items():
        changed: dict[str, schema.Model] = {}
        for mid, model in provider.models.items():
            kind, rule = decide(model, provenance.get(f"{pid}:{mid}", {}).get("kind"))
            counts[rule] += 1
            kinds[kind] += 1
            if kind != model.kind:
                changed[mid] = model.model_copy(update={"kind": kind})
        out[pid] = (
            provider.model_copy(update={"models": {**provider.models, **changed}})
            if changed
            else provider
        )
    for rule in RULES:
        if counts[rule]:
            report.add(
                "", "", "kind", f"decided by rule '{rule}' for {counts[rule]} models", "info"
            )
    for kind, count in sorted(kinds.items()):
        report.add("", "", "kind", f"{count} models of kind {kind}", "info")
    return out
