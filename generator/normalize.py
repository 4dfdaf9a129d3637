"""Turn a validated models.dev document into our schema, repairing known oddities.

Every repair is recorded in the report with provider, model and field. The rules:

- names and families: surrounding whitespace stripped; an empty name becomes the id;
- dates: `YYYY`, `YYYY-MM` and `YYYY-MM-DD` keep their precision; a day that does
  not exist in its month (`2025-02-31`) keeps year and month; an impossible month
  (`2025-25-11`) or a placeholder before 2000 (`1970-01-01`) becomes unknown;
- limits: 0 means "not given" upstream (image models), so it becomes unknown;
- prices: exact decimals; float noise (`14.993999999999998`) is rounded to 10
  decimal places, far below a millionth of a cent per million tokens;
- long-context tiers come from `cost.tiers`; the legacy `context_over_200k` is
  only used (as a tier above 200,000 tokens) when a model has no `tiers`;
- unknown modalities, statuses and tier types are dropped with a warning;
- unknown fields are reported, so that schema drift upstream is visible.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from generator import schema
from generator.report import Report
from generator.upstream import NOT_CARRIED, Prices, UpstreamModel, UpstreamProvider

PRICE_PLACES = Decimal("1e-10")
LEGACY_TIER_ABOVE = 200_000
_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2}))?(?:-([0-9]{2}))?")  # ASCII digits only
_STATUS_MAP = {"alpha": "alpha", "beta": "beta", "deprecated": "deprecated", "active": "active"}


def canonical_price(value: Decimal) -> Decimal:
    """Round float noise away and drop trailing zeros, without exponent notation."""
    if value.as_tuple().exponent < -10:  # type: ignore[operator]
        value = value.quantize(PRICE_PLACES, rounding=ROUND_HALF_EVEN)
    if value == value.to_integral_value():
        return Decimal(int(value))
    return value.normalize()


class _Normalizer:
    def __init__(self, report: Report) -> None:
        self.report = report
        self.not_carried: Counter[str] = Counter()

    def text(self, pid: str, mid: str, field: str, value: str) -> str:
        stripped = value.strip()
        if stripped != value:
            self.report.add(pid, mid, field, "surrounding whitespace stripped", "info")
        return stripped

    def partial_date(self, pid: str, mid: str, field: str, value: str | None) -> str | None:
        if value is None:
            return None
        match = _DATE.fullmatch(value.strip())
        if match is None:
            self.report.add(pid, mid, field, f"unreadable date {value!r} dropped")
            return None
        year_s, month_s, day_s = match.groups()
        year = int(year_s)
        if year < 2000:
            self.report.add(pid, mid, field, f"placeholder date {value!r} dropped")
            return None
        if month_s is None:
            return year_s
        month = int(month_s)
        if not 1 <= month <= 12:
            self.report.add(pid, mid, field, f"impossible month in {value!r}; date dropped")
            return None
        if day_s is None:
            return f"{year_s}-{month_s}"
        day = int(day_s)
        if not 1 <= day <= calendar.monthrange(year, month)[1]:
            self.report.add(
                pid, mid, field, f"impossible day in {value!r}; kept {year_s}-{month_s}"
            )
            return f"{year_s}-{month_s}"
        return f"{year_s}-{month_s}-{day_s}"

    def limit(self, pid: str, mid: str, field: str, value: int | None) -> int | None:
        if value is None:
            return None
        if value <= 0:
            self.report.add(pid, mid, field, f"{value} means not given; stored as unknown", "info")
            return None
        return value

    def prices(self, pid: str, mid: str, field: str, prices: Prices) -> dict[str, Decimal]:
        out: dict[str, Decimal] = {}
        for name in schema.PRICE_FIELDS:
            value: Decimal | None = getattr(prices, name)
            if value is None:
                continue
            if value < 0:
                self.report.add(pid, mid, f"{field}.{name}", f"negative price {value} dropped")
                continue
            fixed = canonical_price(value)
            if fixed != value:
                self.report.add(pid, mid, f"{field}.{name}", f"{value} rounded to {fixed}", "info")
            out[name] = fixed
        for extra in prices.unknown_fields():
            if extra not in ("tiers", "context_over_200k", "tier"):
                self.report.add(pid, mid, f"{field}.{extra}", "unknown field ignored")
        return out

    def cost(self, pid: str, mid: str, model: UpstreamModel) -> schema.Cost:
        if model.cost is None:
            return schema.Cost()
        base: dict[str, Any] = self.prices(pid, mid, "cost", model.cost)
        tiers: list[schema.CostTier] = []
        for i, tier in enumerate(model.cost.tiers or ()):
            where = f"cost.tiers[{i}]"
            if tier.tier.type != "context":
                self.report.add(
                    pid, mid, where, f"tier type {tier.tier.type!r} not understood; skipped"
                )
                continue
            if tier.tier.size <= 0:
                self.report.add(
                    pid, mid, where, f"tier size {tier.tier.size} not positive; skipped"
                )
                continue
            tiers.append(
                schema.CostTier(above=tier.tier.size, **self.prices(pid, mid, where, tier))
            )
        legacy = model.cost.context_over_200k
        if legacy is not None and model.cost.tiers is None:
            self.report.add(
                pid,
                mid,
                "cost.context_over_200k",
                f"legacy field used as a tier above {LEGACY_TIER_ABOVE:,} tokens",
                "info",
            )
            tiers.append(
                schema.CostTier(
                    above=LEGACY_TIER_ABOVE,
                    **self.prices(pid, mid, "cost.context_over_200k", legacy),
                )
            )
        by_size: dict[int, schema.CostTier] = {}
        for tier_ in tiers:
            if tier_.above in by_size:
                self.report.add(
                    pid, mid, "cost.tiers", f"two tiers above {tier_.above}; kept the first"
                )
                continue
            by_size[tier_.above] = tier_
        return schema.Cost(tiers=tuple(by_size[k] for k in sorted(by_size)), **base)

    def modalities(self, pid: str, mid: str, model: UpstreamModel) -> schema.Modalities:
        kept: dict[str, list[str]] = {}
        for side in ("input", "output"):
            values = getattr(model.modalities, side)
            for value in values:
                if value not in schema.MODALITY_VALUES:
                    self.report.add(
                        pid, mid, f"modalities.{side}", f"unknown modality {value!r} dropped"
                    )
            kept[side] = [v for v in values if v in schema.MODALITY_VALUES]
        return schema.Modalities(input=tuple(kept["input"]), output=tuple(kept["output"]))

    def model(self, pid: str, model: UpstreamModel) -> schema.Model:
        mid = model.id
        for extra in model.unknown_fields():
            self.report.add(pid, mid, extra, "unknown field ignored")
        for extra in model.limit.unknown_fields():
            self.report.add(pid, mid, f"limit.{extra}", "unknown field ignored")
        for name in NOT_CARRIED:
            if getattr(model, name) is not None:
                self.not_carried[name] += 1
        name = self.text(pid, mid, "name", model.name)
        if not name:
            self.report.add(pid, mid, "name", "empty; the id is used instead")
            name = mid
        family = self.text(pid, mid, "family", model.family) if model.family else None
        caps = [
            cap
            for cap, flag in (
                ("attachment", model.attachment),
                ("reasoning", model.reasoning),
                ("tool_call", model.tool_call),
                ("structured_output", model.structured_output),
                ("temperature", model.temperature),
                ("interleaved_reasoning", bool(model.interleaved)),
            )
            if flag
        ]
        status = "active"
        if model.status is not None:
            if model.status in _STATUS_MAP:
                status = _STATUS_MAP[model.status]
            else:
                self.report.add(
                    pid, mid, "status", f"unknown status {model.status!r}; kept as active"
                )
        limits = schema.Limits(
            context=self.limit(pid, mid, "limit.context", model.limit.context),
            input=self.limit(pid, mid, "limit.input", model.limit.input),
            output=self.limit(pid, mid, "limit.output", model.limit.output),
        )
        return schema.Model(
            id=mid,
            name=name,
            family=family or None,
            limits=limits,
            cost=self.cost(pid, mid, model),
            modalities=self.modalities(pid, mid, model),
            capabilities=tuple(caps),
            status=status,
            open_weights=model.open_weights,
            knowledge=self.partial_date(pid, mid, "knowledge", model.knowledge),
            release_date=self.partial_date(pid, mid, "release_date", model.release_date),
            last_updated=self.partial_date(pid, mid, "last_updated", model.last_updated),
        )

    def provider(
        self, provider: UpstreamProvider, models: dict[str, UpstreamModel]
    ) -> schema.Provider:
        pid = provider.id
        for extra in provider.unknown_fields():
            self.report.add(pid, "", extra, "unknown provider field ignored")
        name = self.text(pid, "", "name", provider.name) or pid
        return schema.Provider(
            id=pid,
            name=name,
            env=tuple(provider.env),
            doc=provider.doc or None,
            api=provider.api or None,
            npm=provider.npm or None,
            models={mid: self.model(pid, m) for mid, m in models.items()},
        )


def normalize(
    feed: dict[str, tuple[UpstreamProvider, dict[str, UpstreamModel]]], report: Report
) -> dict[str, schema.Provider]:
    """Normalize a validated feed; findings go to `report`."""
    norm = _Normalizer(report)
    providers = {pid: norm.provider(p, models) for pid, (p, models) in feed.items()}
    for name, count in sorted(norm.not_carried.items()):
        report.add("", "", name, f"not carried into the catalog ({count} models have it)", "info")
    return dict(sorted(providers.items()))
