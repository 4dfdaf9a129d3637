"""The makers of the catalog: providers that serve only their own models.

A table of its own, below both of its readers: `generator.hosts` links other
hosts' copies to the makers' models, and `generator.sources.overrides` accepts a
`[[retired]]` declaration only in a maker's override file.
"""

from __future__ import annotations

MAKERS: dict[str, tuple[str, ...]] = {
    "anthropic": ("anthropic",),
    "cohere": ("cohere",),
    "deepseek": ("deepseek", "deepseek-ai"),
    "google": ("google",),
    "minimax": ("minimax", "minimaxai"),
    "mistral": ("mistral", "mistralai"),
    "moonshotai": ("moonshotai",),
    "nova": ("amazon",),
    "openai": ("openai",),
    "xai": ("xai", "x-ai"),
    "zai": ("zai", "z-ai", "zai-org"),
}
"""Maker provider -> the author names ids use for it (lower case)."""
AUTHORS: dict[str, str] = {a: maker for maker, names in MAKERS.items() for a in names}
"""Author name (as ids spell it) -> its maker provider."""
