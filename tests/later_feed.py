"""A plausible next-week models.dev feed, built from the recorded 2026-07-02 one.

What a nightly run meets in a week, one of each: a price change, a new dated model,
a removed model, a case-only rename, a new provider and a new long-context tier.
The recorded feed is read at run time (never copied into the repository); the
changes are applied to it in code, so the result is the real feed plus exactly the
edits listed in `CHANGES`. The values are a fixture's, not facts about any provider.

    python -m tests.later_feed OUT.json      # writes the feed, prints what changed

`tests/nightly_simulation.py` applies it to a copy of the repository and runs the
whole suite there: every nightly pull request looks like that.
"""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path
from typing import Any

from tests.conftest import FEED

DATE = "2026-07-09"
"""The later feed's date: a week after the newest recorded release."""

PRICE_CHANGE = ("openai", "gpt-4o", {"input": 2.0, "output": 8.0})
NEW_DATED_MODEL = ("anthropic", "claude-sonnet-4-5-20260708", "claude-sonnet-4-5-20250929")
"""(provider, new id, the model it is a later snapshot of)."""
REMOVED_MODEL = ("openai", "gpt-4o-mini")
CASE_RENAME = ("nebius", "NousResearch/Hermes-4-405B", "nousresearch/hermes-4-405b")
NEW_PROVIDER = "northwind-ai"
NEW_TIER = ("anthropic", "claude-sonnet-4-5")
"""Gains a tier above 200,000 tokens (and a 1,000,000-token context to use it)."""

CHANGES = (
    f"price change: {PRICE_CHANGE[0]}:{PRICE_CHANGE[1]} {PRICE_CHANGE[2]}",
    f"new dated model: {NEW_DATED_MODEL[0]}:{NEW_DATED_MODEL[1]}",
    f"removed model: {REMOVED_MODEL[0]}:{REMOVED_MODEL[1]}",
    f"case-only rename: {CASE_RENAME[0]}:{CASE_RENAME[1]} -> {CASE_RENAME[2]}",
    f"new provider: {NEW_PROVIDER} (2 models)",
    f"new long-context tier: {NEW_TIER[0]}:{NEW_TIER[1]} above 200,000 tokens",
)


def build(recorded: Path = FEED) -> dict[str, Any]:
    """The recorded feed with the changes in `CHANGES` applied."""
    feed: dict[str, Any] = json.loads(recorded.read_bytes())

    pid, mid, prices = PRICE_CHANGE
    feed[pid]["models"][mid]["cost"].update(prices)
    feed[pid]["models"][mid]["last_updated"] = "2026-07-08"

    pid, new_id, like = NEW_DATED_MODEL
    models = feed[pid]["models"]
    dated = copy.deepcopy(models[like])
    dated.update(id=new_id, release_date="2026-07-08", last_updated="2026-07-08")
    models[new_id] = dated

    pid, mid = REMOVED_MODEL
    del feed[pid]["models"][mid]

    pid, old_id, new_id = CASE_RENAME
    models = feed[pid]["models"]
    # Keep the provider's order: a rename is the same entry under a new key.
    feed[pid]["models"] = {
        (new_id if key == old_id else key): ({**value, "id": new_id} if key == old_id else value)
        for key, value in models.items()
    }

    template = feed["deepseek"]["models"]
    feed[NEW_PROVIDER] = {
        "id": NEW_PROVIDER,
        "name": "Northwind AI",
        "env": ["NORTHWIND_API_KEY"],
        "npm": "@ai-sdk/openai-compatible",
        "api": "https://api.northwind.example/v1",
        "doc": "https://northwind.example/docs/models",
        "models": {
            new_id: {
                **copy.deepcopy(template[like]),
                "id": new_id,
                "name": name,
                "release_date": "2026-07-07",
                "last_updated": "2026-07-07",
            }
            for new_id, name, like in (
                ("northwind-chat-1", "Northwind Chat 1", "deepseek-chat"),
                ("northwind-reasoner-1", "Northwind Reasoner 1", "deepseek-reasoner"),
            )
        },
    }

    pid, mid = NEW_TIER
    model = feed[pid]["models"][mid]
    model["limit"]["context"] = 1_000_000
    base = model["cost"]
    model["cost"]["tiers"] = [
        {
            **{side: base[side] * 2 for side in ("input", "cache_read", "cache_write")},
            "output": base["output"] * 1.5,
            "tier": {"type": "context", "size": 200_000},
        }
    ]
    return feed


def write(dest: Path, recorded: Path = FEED) -> Path:
    """Write the later feed to `dest` as models.dev serves it (compact JSON)."""
    dest.write_text(json.dumps(build(recorded), separators=(",", ":")), "utf-8")
    return dest


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m tests.later_feed OUT.json", file=sys.stderr)
        return 2
    write(Path(argv[0]))
    print(f"{argv[0]}: the feed of 2026-07-02 as of {DATE}, with")
    for change in CHANGES:
        print(f"  {change}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
