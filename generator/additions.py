"""Models only the secondary sources know: LiteLLM's and OpenRouter's models that
models.dev does not list, for the providers we map.

Which ids become models is each source's rule (`litellm.additions`,
`openrouter.additions`). Here they become catalog models that then go through
everything models.dev's models go through -- matching, the merge by precedence,
the invariants, coherence, kinds, hosts and lifecycle (`generator.multisource`):

- A model starts as a *skeleton*: its id, a name and its modalities, and nothing
  else. Every value it ships (prices, limits, flags, `kind`, `deprecation_date`)
  is then a statement of a source, merged as for any model, with that source's
  provenance. Its provenance also says which source added it (`model`), so
  `Model.sources` gives that source, not models.dev, for what it has.
- **Name**: OpenRouter's `name` without its `Author: ` prefix, as models.dev
  spells OpenRouter's models (`Google: Gemini 3.1 Flash Lite` -> `Gemini 3.1
  Flash Lite`). LiteLLM names no model, so its models are named by the id's
  last path segment, verbatim (`gpt-4o-mini-2024-07-18`;
  `meta-llama/Llama-3-8b` -> `Llama-3-8b`): deterministic, never an invented
  spelling.
- **Modalities** (the catalog's truth for the `vision`, `pdf_input`, `audio_*`
  flags, see `generator.coherence`): what the source states (OpenRouter's
  architecture), else the kind's (`transcription` reads audio, `speech` writes
  audio, `image_generation` writes images, `video_generation` video; others
  text to text) widened by the source's own flags (`supports_vision` -> image
  input, ...).
- An id one source adds and another also lists is one model, added by the
  source of higher precedence (`generator.merge.ORDER`); the other's entry
  matches it like any entry.
- An id that is not printable text without spaces, or longer than models.dev
  allows, is not added (a `report.json` finding names it).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from generator import schema, upstream
from generator.merge import ORDER
from generator.report import Report
from generator.sources import Matching, Value

ADDED_BY = "model"
"""The provenance path that names the source that added a model."""

_KIND_MODALITIES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "transcription": (("audio",), ("text",)),
    "speech": (("text",), ("audio",)),
    "image_generation": (("text",), ("image",)),
    "video_generation": (("text",), ("video",)),
}
_FLAG_MODALITY = {
    "capabilities.vision": ("input", "image"),
    "capabilities.pdf_input": ("input", "pdf"),
    "capabilities.audio_input": ("input", "audio"),
    "capabilities.audio_output": ("output", "audio"),
}


def display_name(mid: str, given: str | None = None) -> str:
    """The name of an added model: the source's own (`given`) without an
    `Author: ` prefix, else the id's last path segment."""
    if given and given.strip():
        author, sep, rest = given.strip().partition(": ")
        return rest if sep and rest and author else given.strip()
    return mid.rsplit("/", 1)[-1] or mid


def modalities(values: Mapping[str, Value]) -> schema.Modalities:
    """A skeleton's modalities from its source's statements (module docstring)."""
    if "modalities.input" in values and "modalities.output" in values:
        return schema.Modalities(
            input=values["modalities.input"],  # type: ignore[arg-type]
            output=values["modalities.output"],  # type: ignore[arg-type]
        )
    kind = values.get("kind")
    reads, writes = _KIND_MODALITIES.get(
        kind if isinstance(kind, str) else "", (("text",), ("text",))
    )
    sides = {"input": set(reads), "output": set(writes)}
    for path, (side, modality) in _FLAG_MODALITY.items():
        if values.get(path) is True:
            sides[side].add(modality)
    return schema.Modalities(input=tuple(sides["input"]), output=tuple(sides["output"]))


def _usable(mid: str) -> str | None:
    """Why `mid` cannot be a model id, or None."""
    if len(mid) > upstream.MAX_ID_LENGTH:
        return f"longer than {upstream.MAX_ID_LENGTH} characters"
    if not mid.isprintable() or any(c.isspace() for c in mid):
        return "not printable text without spaces"
    return None


def choose(
    proposals: Mapping[str, Mapping[str, set[str]]],
    base: Mapping[str, schema.Provider],
    report: Report,
    withheld: Collection[tuple[str, str]] = frozenset(),
) -> dict[tuple[str, str], str]:
    """(provider, model) -> the source that adds it, from each source's proposals
    (source -> provider -> ids); only providers of `base`, only usable ids.

    `withheld`: models models.dev lists but this run quarantined
    (`generator.quarantine` keeps them at their last good values): a quarantined
    entry is still models.dev's model, never one a secondary source adds."""
    added: dict[tuple[str, str], str] = {}
    for source in ORDER:  # lowest precedence first: the higher one overwrites
        for pid, ids in sorted(proposals.get(source, {}).items()):
            if pid not in base:
                continue
            for mid in sorted(ids):
                if mid in base[pid].models or (pid, mid) in withheld:
                    continue
                problem = _usable(mid)
                if problem is not None:
                    report.add(pid, mid, "id", f"listed by {source} only, but {problem}; not added")
                    continue
                added[(pid, mid)] = source
    return dict(sorted(added.items()))


def extend(
    base: Mapping[str, schema.Provider],
    added: Mapping[tuple[str, str], str],
    matchings: Sequence[Matching] = (),
) -> dict[str, schema.Provider]:
    """`base` with a skeleton model for each added id; with `matchings`, each
    skeleton's modalities come from the entry its adding source matched to it."""
    statements: dict[tuple[str, str], Mapping[str, Value]] = {}
    names: dict[tuple[str, str], str] = {}
    for matching in matchings:
        for target, entry in matching.matched.items():
            if added.get(target) == matching.source:
                statements[target] = entry.values
                if "name" in entry.ids:
                    names[target] = entry.ids["name"]
    grown: dict[str, dict[str, schema.Model]] = {}
    for pid, mid in added:
        grown.setdefault(pid, {})[mid] = schema.Model(
            id=mid,
            name=display_name(mid, names.get((pid, mid))),
            modalities=modalities(statements.get((pid, mid), {})),
        )
    providers = dict(base)
    for pid, models in grown.items():
        provider = providers[pid]
        # model_copy does not validate: keep the models sorted as validation would.
        everything = dict(sorted({**provider.models, **models}.items()))
        providers[pid] = provider.model_copy(update={"models": everything})
    return providers
