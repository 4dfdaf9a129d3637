"""One model, many hosts: link each hosted copy to the model it serves.

Most providers of the catalog resell models made by others: `poe:xai/grok-4`,
`zenmux:x-ai/grok-4` and OpenRouter's `x-ai/grok-4` are all xAI's Grok 4
(`xai:grok-4`), `abacus:grok-4-0709` its dated id (`xai:grok-4-0709`, which xAI's
override file declares retired). This module links such *copies* to their
*origin*, the maker's model, by rules that read ids only, and writes what it
linked, by which rule, and what it left unlinked and why, to the snapshot's
`hosts.json`. No guess is shipped as a fact: a copy no rule links unambiguously
stays unlinked.

**Makers** are the providers of the catalog that serve only their own models
(`generator.makers.MAKERS`, each with the author names other ids use for it: xAI is `x-ai` at
OpenRouter and `xai` at Poe). An **origin** is a maker's model: a model of the
maker's provider in the catalog (`anthropic:claude-sonnet-4-5`), one the maker's
override file declares retired and its provider's feed no longer lists (a
`[[retired]]` entry citing the maker's page: `xai:grok-4-fast-reasoning`, see
`overrides/README.md`), or one that OpenRouter lists under the maker's name and
the maker's provider does not (`xai:grok-4` on 2026-07-02, from OpenRouter's
`x-ai/grok-4`). A declared origin is the maker's own id, as a catalog model's is:
an OpenRouter slug that spells it names it, not a new origin. Ids are compared
*normalized*: lower case, with `.` and `@` read as `-` (`claude-sonnet-4.5`,
`claude-sonnet-4-5@20250929`); a normalized id two origins of one maker share
links nothing.

An origin answers to its id, and to OpenRouter's `canonical_slug` for it (also
with a trailing `-MM-DD` written `-MMDD`: `x-ai/grok-4-07-09` is xAI's
`grok-4-0709`) and its `hugging_face_id`. A model of any other provider is a
copy of the origin the first of these rules finds:

1. `author/id`: the id ends in `AUTHOR/NAME` (`poe:xai/grok-4`,
   `cloudflare-ai-gateway:workers-ai/@cf/mistral/mistral-7b-instruct-v0.1`) with
   AUTHOR a maker's author name, and NAME one of that maker's origins;
2. `author.id`: Bedrock's form, `[REGION.]AUTHOR.NAME[-vN][:N]`
   (`us.anthropic.claude-sonnet-4-5-20250929-v1:0`);
3. `hugging face id`: the id is the Hugging Face id OpenRouter gives an
   origin, or ends in `/` and that id
   (`togetherai:mistralai/Mistral-7B-Instruct-v0.1`);
   for an origin of the maker's own provider, only weights that spell its id
   count (OpenRouter's `deepseek/deepseek-chat` is DeepSeek-V3, which DeepSeek's
   `deepseek-chat` no longer serves);
4. `bare id`: an id without `/` that is an origin of exactly one maker
   (`azure:gpt-4o`, `abacus:grok-4-0709`, `google-vertex:gemini-2.5-pro`).

A copy and an origin in the catalog whose families are both known and
unrelated (neither starts with the other's first word: `claude` and `gpt`) are
not linked. A maker's provider's own models are never copies, and no rule reads
display names.

**Retirement follows the link.** An origin retires on its maker's
`deprecation_date` (its provider's, or the one its `[[retired]]` entry declares),
or, when the maker states none, on OpenRouter's `expiration_date` for it. Once
that date is reached (on or before the data date), the origin (in the catalog)
and each copy that states no date of its own inherit it (provenance `origin`). A
copy with its own date keeps it (the host states otherwise), and so does a copy
at a cloud that runs its own deployments
on its own schedule (`OWN_SCHEDULES`: "Partner-operated platforms (Amazon
Bedrock and Vertex AI) set their own retirement schedules",
https://platform.claude.com/docs/en/about-claude/model-deprecations; LiteLLM
dates Azure's deployments apart from OpenAI's API). A retirement still ahead is
*not* carried: hosts announce their own schedules (LiteLLM dates OpenAI's
`gpt-4.1-nano` 2026-10-23 and Azure's 2027-04-14), and a guess is not shipped
as a fact. `generator.lifecycle` then derives the statuses from the dates. The
links ship as `llm_catalog._data.host_links`, read by `llm_catalog.hosts()`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from generator import schema
from generator.makers import AUTHORS, MAKERS
from generator.sources import Entry
from generator.sources.overrides import RetiredOrigin

OWN_SCHEDULES = frozenset(
    {
        "amazon-bedrock",
        "azure",
        "azure-cognitive-services",
        "google-vertex",
        "google-vertex-anthropic",
    }
)
"""Clouds that retire the models they deploy on their own schedule: their copies
are linked, but do not inherit the origin's retirement date."""

RULES: dict[str, str] = {
    "author/id": "the id ends in AUTHOR/NAME: a maker's author name and one of its origins",
    "author.id": "Bedrock's [REGION.]AUTHOR.NAME[-vN][:N] names one of the maker's origins",
    "hugging face id": "the id is, or ends in, the Hugging Face id OpenRouter gives an origin",
    "bare id": "the id, without a '/', is an origin of exactly one maker",
}
"""The linking rules, in the order they are tried (see the module doc)."""

_BEDROCK = re.compile(r"(?:(?:us|eu|apac|au|jp|ca|global|us-gov)\.)?([a-z0-9-]+)\.(.+)")
_VERSION_SUFFIX = re.compile(r"-v\d+$")
_SHORT_DATE = re.compile(r"(?<![0-9]{4})-([0-9]{2})-([0-9]{2})$")
ORIGIN_SOURCE = "origin"
"""The provenance of a retirement date carried over a link."""


def normalized(model_id: str) -> str:
    """An id as compared: lower case, `.` and `@` read as `-`, `@default` dropped."""
    text = model_id.lower()
    text = text.removesuffix("@default")
    return text.replace(".", "-").replace("@", "-")


MAKER_DATES = ("maker", "override")
"""`retires_by` values that are the maker's own word (never replaced by OpenRouter's)."""


@dataclass(slots=True)
class Origin:
    key: str
    in_catalog: bool
    retires: str | None = None
    retires_by: str | None = None
    """`maker` (the maker's provider's date), `override` (a `[[retired]]` entry of
    the maker's override file) or `openrouter` (its `expiration_date`)."""
    declared: RetiredOrigin | None = None
    """The `[[retired]]` entry that made this origin (its replacement and evidence)."""


@dataclass(slots=True)
class Links:
    """What `link` found: links, the rule of each, and the unlinked with reasons."""

    origins: dict[str, str] = field(default_factory=dict)
    """Copy key -> origin key."""
    rules: dict[str, str] = field(default_factory=dict)
    unlinked: dict[str, str] = field(default_factory=dict)
    known: dict[str, Origin] = field(default_factory=dict)
    carried: dict[str, str] = field(default_factory=dict)
    """Model key -> the retirement date it inherited from its origin."""

    def as_json(self) -> dict[str, Any]:
        hosted = Counter(self.origins.values())
        reasons = Counter(r.split(":")[0] for r in self.unlinked.values())
        return {
            "summary": {
                "copies_linked": len(self.origins),
                "copies_unlinked": len(self.unlinked),
                "linked_by_rule": dict(sorted(Counter(self.rules.values()).items())),
                "unlinked_by_reason": dict(sorted(reasons.items())),
                "origins_with_copies": len(hosted),
                "origins_not_in_catalog": sum(1 for k in hosted if not self.known[k].in_catalog),
                "origins_declared_retired": sum(1 for o in self.known.values() if o.declared),
                "retirement_dates_carried": len(self.carried),
            },
            "rules": RULES,
            "makers": {m: list(a) for m, a in MAKERS.items()},
            "linked": {
                key: {"origin": origin, "rule": self.rules[key]}
                for key, origin in sorted(self.origins.items())
            },
            "unlinked": dict(sorted(self.unlinked.items())),
            "origins": {
                key: {
                    "in_catalog": o.in_catalog,
                    "copies": hosted[key],
                    **({"retires": o.retires, "retires_by": o.retires_by} if o.retires else {}),
                    **(
                        {
                            "replacement": o.declared.replacement,
                            "evidence": o.declared.evidence.as_json(),
                        }
                        if o.declared
                        else {}
                    ),
                }
                for key, o in sorted(self.known.items())
                if hosted[key] or o.retires
            },
            "carried": {
                key: {"deprecation_date": day, "from": self.origins.get(key, key)}
                for key, day in sorted(self.carried.items())
            },
        }


class _Table:
    """Normalized names -> origin keys, per maker, plus Hugging Face ids."""

    def __init__(self) -> None:
        self.by_maker: dict[str, dict[str, set[str]]] = {m: {} for m in MAKERS}
        self.hugging_face: dict[str, set[str]] = {}

    def add(self, maker: str, name: str, origin: str) -> None:
        self.by_maker[maker].setdefault(normalized(name), set()).add(origin)

    def at(self, maker: str, name: str) -> set[str]:
        return self.by_maker[maker].get(normalized(name), set())

    def anywhere(self, name: str) -> set[str]:
        found: set[str] = set()
        for names in self.by_maker.values():
            found |= names.get(normalized(name), set())
        return found


def _split_author(slug: str) -> tuple[str, str] | None:
    author, sep, name = slug.partition("/")
    if not sep or author.lower() not in AUTHORS or not name or "/" in name or ":" in name:
        return None
    return AUTHORS[author.lower()], name


def _origins(
    providers: Mapping[str, schema.Provider],
    entries: Iterable[Entry],
    declared: Iterable[RetiredOrigin] = (),
) -> tuple[_Table, dict[str, Origin]]:
    table = _Table()
    known: dict[str, Origin] = {}
    for maker in MAKERS:
        if maker not in providers:
            continue
        for mid, model in providers[maker].models.items():
            key = f"{maker}:{mid}"
            known[key] = Origin(
                key, True, model.deprecation_date, "maker" if model.deprecation_date else None
            )
            table.add(maker, mid, key)
    # The maker's retired models its feed no longer lists: its own ids too.
    for retired in sorted(declared, key=lambda r: r.key):
        maker, _, mid = retired.key.partition(":")
        if maker not in MAKERS or maker not in providers or retired.key in known:
            continue
        known[retired.key] = Origin(
            retired.key, False, retired.deprecation_date, "override", declared=retired
        )
        table.add(maker, mid, retired.key)
    # Ambiguous names of a maker's own ids (two origins) stay ambiguous below.
    for entry in sorted(entries, key=lambda e: e.key):
        split = _split_author(entry.key)
        if split is None:
            continue
        maker, name = split
        if maker not in providers:
            continue
        same = table.at(maker, name)
        if len(same) > 1:
            continue
        key = next(iter(same)) if same else f"{maker}:{name}"
        origin = known.setdefault(key, Origin(key, False))
        if not same:
            table.add(maker, name, key)
        expires = entry.values.get("deprecation_date")
        sooner = origin.retires is None or (isinstance(expires, str) and expires < origin.retires)
        if isinstance(expires, str) and origin.retires_by not in MAKER_DATES and sooner:
            origin.retires, origin.retires_by = expires, "openrouter"
        slug = entry.ids.get("canonical_slug")
        split_slug = _split_author(slug) if slug else None
        if split_slug is not None and split_slug[0] == maker:
            compact = _SHORT_DATE.sub(r"-\1\2", split_slug[1])
            for name in {split_slug[1], compact}:
                if not table.at(maker, name):  # a model's own id wins over another's slug
                    table.add(maker, name, key)
        hugging_face = entry.ids.get("hugging_face_id")
        # A maker's API id can be an alias that moved on (DeepSeek's `deepseek-chat`
        # is no longer the DeepSeek-V3 weights OpenRouter's entry names): weights
        # name a catalog origin only when they spell its id.
        if hugging_face and (
            not same
            or normalized(hugging_face.rpartition("/")[2]) == normalized(key.partition(":")[2])
        ):
            table.hugging_face.setdefault(hugging_face.lower(), set()).add(key)
    return table, known


def _candidates(table: _Table, mid: str) -> tuple[str, set[str]] | str:
    """(rule, origins) for a copy's id, or the reason no rule applies."""
    segments = mid.split("/")
    if len(segments) >= 2:
        author = segments[-2].lower()
        if author in AUTHORS:
            maker = AUTHORS[author]
            found = table.at(maker, segments[-1])
            if found:
                return "author/id", found
            reason = f"no origin at {maker}: {segments[-1]!r} is not one of its models"
        else:
            reason = f"no maker: author {segments[-2]!r} is not a maker of this catalog"
    else:
        bedrock = _BEDROCK.fullmatch(mid)
        if bedrock and bedrock.group(1) in AUTHORS:
            maker = AUTHORS[bedrock.group(1)]
            name = bedrock.group(2).split(":")[0]
            found = table.at(maker, name) or table.at(maker, _VERSION_SUFFIX.sub("", name))
            if found:
                return "author.id", found
            return f"no origin at {maker}: {name!r} is not one of its models"
        reason = "no maker lists this id"
    lowered = mid.lower()
    # The id itself, then every tail after a `/`: a dict lookup each, not a scan.
    tails = [lowered] + [lowered[i + 1 :] for i, c in enumerate(lowered) if c == "/"]
    for tail in tails:
        if tail in table.hugging_face:
            return "hugging face id", table.hugging_face[tail]
    if len(segments) == 1:
        found = table.anywhere(mid)
        if found:
            return "bare id", found
    return reason


def _related(one: str, other: str) -> bool:
    """Families that may name the same model: one starts with the other's first
    word (`gpt` and `gpt-mini`, `glm` and `glmv`; not `claude` and `gpt`)."""
    return one.startswith(other.split("-", maxsplit=1)[0]) or other.startswith(
        one.split("-", maxsplit=1)[0]
    )


def link(
    providers: Mapping[str, schema.Provider],
    openrouter_entries: Iterable[Entry] = (),
    declared: Iterable[RetiredOrigin] = (),
) -> Links:
    """Link every model of a non-maker provider to its origin, by the module's rules;
    `declared`: the makers' `[[retired]]` models their feeds do not list."""
    table, known = _origins(providers, openrouter_entries, declared)
    links = Links(known=known)
    for pid, provider in providers.items():
        if pid in MAKERS:
            continue
        for mid, model in provider.models.items():
            key = f"{pid}:{mid}"
            found = _candidates(table, mid)
            if isinstance(found, str):
                links.unlinked[key] = found
                continue
            rule, origins = found
            if len(origins) > 1:
                links.unlinked[key] = f"ambiguous: {rule} names {', '.join(sorted(origins))}"
                continue
            origin = next(iter(origins))
            opid, _, omid = origin.partition(":")
            if known[origin].in_catalog:
                theirs = providers[opid].models[omid].family
                if model.family and theirs and not _related(model.family, theirs):
                    links.unlinked[key] = (
                        f"family differs: {rule} names {origin}, family {theirs!r} "
                        f"against {model.family!r}"
                    )
                    continue
            links.origins[key] = origin
            links.rules[key] = rule
    return links


def carry_dates(
    providers: Mapping[str, schema.Provider],
    provenance: Mapping[str, Mapping[str, str]],
    links: Links,
    date: str,
) -> tuple[dict[str, schema.Provider], dict[str, dict[str, str]]]:
    """Providers with the retirement date of each origin retired by `date` (the
    data date) given to the origin and the copies that state none of their own;
    provenance records them as `origin`."""
    members: dict[str, list[str]] = {}
    for copy, origin in links.origins.items():
        members.setdefault(origin, []).append(copy)
    for key, known in links.known.items():
        if known.in_catalog and key in members:
            members[key].append(key)
    changed: dict[str, dict[str, schema.Model]] = {}
    new_provenance = {k: dict(v) for k, v in provenance.items()}
    for origin_key, keys in sorted(members.items()):
        day = links.known[origin_key].retires
        if day is None or day > date:  # ISO dates compare as strings
            continue
        for key in sorted(keys):
            pid, _, mid = key.partition(":")
            model = providers[pid].models[mid]
            if model.deprecation_date is not None or pid in OWN_SCHEDULES:
                continue
            changed.setdefault(pid, {})[mid] = model.model_copy(update={"deprecation_date": day})
            new_provenance.setdefault(key, {})["deprecation_date"] = ORIGIN_SOURCE
            new_provenance[key] = dict(sorted(new_provenance[key].items()))
            links.carried[key] = day
    result = dict(providers)
    for pid, models in changed.items():
        result[pid] = result[pid].model_copy(update={"models": {**result[pid].models, **models}})
    return result, dict(sorted(new_provenance.items()))
