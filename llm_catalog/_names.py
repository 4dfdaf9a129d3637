"""The spellings of model names that `resolve()` understands beyond exact ids.

Pure string rules, no catalog data: `llm_catalog._resolve` applies them, in the
order its module doc gives, to the names of whichever catalog it searches, and the
generator applies them to the recorded LiteLLM keys for the snapshot's
`litellm-names.json` report. Loaded only when an exact lookup misses.

- `loose(name)`: case and punctuation folded (`GPT-4o` -> `gpt-4o`,
  `claude-3.5-sonnet` -> `claude-3-5-sonnet`): lower case, and `.`, `_`, spaces
  read as `-`. Two names that fold alike are the same name unless one provider
  has both (then the loose form names neither).
- `undated(name)`: a dated snapshot's base (`gpt-4o-mini-2024-07-18` ->
  `gpt-4o-mini`, `claude-3-5-haiku-20241022` -> `claude-3-5-haiku`,
  `claude-sonnet-4-5@20250929` -> `claude-sonnet-4-5`), the form providers
  return in responses; used only when the dated id itself is not a model.
- `unprefixed_region(name)`: a Bedrock cross-region inference profile
  (`us.anthropic.claude-...`, `eu.`, `apac.`, `au.`, `jp.`, `global.`) without its
  geography, used only when the profile itself is not a model.
- `routes(name)`: a LiteLLM-style route prefix (`gemini/`, `vertex_ai/`,
  `bedrock/`, `bedrock/converse/`, `azure/`, `azure_ai/`, `openrouter/`, ...) ->
  the catalog providers it sends to and the model id after it; Gemini's and
  Vertex AI's resource names (`models/gemini-2.5-flash`,
  `publishers/google/models/...`) -> the bare id.
"""

from __future__ import annotations

import re

__all__ = ["LITELLM_ROUTES", "REGION_SEGMENT", "loose", "routes", "undated", "unprefixed_region"]

LITELLM_ROUTES: dict[str, tuple[str, ...]] = {
    "gemini": ("google",),
    "vertex_ai": ("google-vertex", "google-vertex-anthropic"),
    "vertex_ai_beta": ("google-vertex", "google-vertex-anthropic"),
    "bedrock": ("amazon-bedrock",),
    "bedrock/converse": ("amazon-bedrock",),
    "bedrock/invoke": ("amazon-bedrock",),
    "azure": ("azure",),
    "azure_ai": ("azure", "azure-cognitive-services"),
    "openrouter": ("openrouter",),
    "together_ai": ("togetherai",),
    "fireworks_ai": ("fireworks-ai",),
    "friendliai": ("friendli",),
    "novita": ("novita-ai",),
    "nvidia_nim": ("nvidia",),
    "dashscope": ("alibaba",),
    "moonshot": ("moonshotai",),
    "meta_llama": ("llama",),
    "cloudflare": ("cloudflare-workers-ai",),
    "snowflake": ("snowflake-cortex",),
    "vercel_ai_gateway": ("vercel",),
    "gmi": ("gmicloud",),
    "xiaomi_mimo": ("xiaomi",),
    "cohere_chat": ("cohere",),
    "text-completion-openai": ("openai",),
}
"""LiteLLM route prefixes whose name is not the catalog's provider id (a prefix that
is a provider id, like `groq/` or `mistral/`, or is one with `_` read as `-`, like
`github_copilot/`, needs no entry) -> the providers it sends to, preferred first. The same correspondence as the generator's `sources.litellm.PROVIDERS`,
which is keyed by LiteLLM's `litellm_provider` values instead of key prefixes."""

REGION_SEGMENT = re.compile(
    r"^(?:[a-z]{2}(?:-gov)?-[a-z]+-\d|eu|us|global|[0-9]+-months?-commitment)$"
)
"""A path segment naming a cloud region, data zone or commitment term
(`us-east-1`, `eu`, `1-month-commitment`): a deployment of a model, priced
differently, not a model of its own, so such names do not resolve."""

_DATED = re.compile(r"^(?P<base>.+?)(?:-\d{4}-\d{2}-\d{2}|-\d{8}|@\d{8})$")
_BEDROCK_GEO = re.compile(r"^(?:us|eu|apac|au|jp|ca|us-gov|global)\.(?P<rest>[a-z0-9-]+\..+)$")
_RESOURCE = re.compile(r"^(?:projects/[^/]+/locations/[^/]+/)?(?:publishers/[^/]+/)?models/(.+)$")
_FOLD = str.maketrans({".": "-", "_": "-", " ": "-"})


def loose(name: str) -> str:
    """`name` with case and punctuation folded (see the module doc)."""
    return name.casefold().translate(_FOLD)


def undated(name: str) -> str | None:
    """The base of a dated snapshot id whose date is a real calendar date, else None."""
    import datetime

    found = _DATED.match(name)
    if found is None:
        return None
    digits = "".join(ch for ch in name[len(found["base"]) :] if ch.isdigit())
    try:
        datetime.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None
    return found["base"]


def unprefixed_region(name: str) -> str | None:
    """A Bedrock cross-region inference profile id without its geography, else None."""
    found = _BEDROCK_GEO.match(name)
    return None if found is None else found["rest"]


def routes(name: str, providers: object) -> tuple[tuple[str, ...], str] | None:
    """`(providers, model id)` for a routed or resource name, else None.

    `providers` is the container of provider ids of the catalog searched (a route
    that is itself a provider id sends to that provider). A route followed by a
    region or commitment segment (`bedrock/us-east-1/...`, `azure/eu/...`) is a
    regional deployment and gives None."""
    resource = _RESOURCE.match(name)
    if resource is not None:
        return ((), resource[1])
    head, sep, rest = name.partition("/")
    if not sep or not rest:
        return None
    second, sep2, rest2 = rest.partition("/")
    if sep2 and f"{head}/{second}" in LITELLM_ROUTES:
        head, rest = f"{head}/{second}", rest2
    targets = LITELLM_ROUTES.get(head)
    if targets is None:
        dashed = head.replace("_", "-")
        if dashed not in providers:  # type: ignore[operator]
            return None
        targets = (dashed,)
    if REGION_SEGMENT.match(rest.partition("/")[0]) and "/" in rest:
        return None
    return (targets, rest)
