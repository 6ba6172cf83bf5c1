"""What the public pages may show: the published years of each plan and, for one of them, every indicator's
approved annual figure with its status against the plan's own target. Everything else of the standings (drafts,
submitted and returned figures, explanations, adjusted targets, people) stays out. Built on the cached standings
(indicators/standings.py) and kept per data version (core/freshness.py)."""

from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from django.http import Http404

from core import freshness
from indicators import selectors
from indicators.charts import indicator_series
from indicators.evaluation import Assessment
from indicators.models import Figure, Indicator, Period
from indicators.standings import STANDING_CLASS, DashboardRow, standing, standings_get
from plans.models import Plan
from plans.selectors import plan_list
from public.models import Publication

APPROVED = Figure.Status.APPROVED
UNPUBLISHED = "暂无数据"  # an indicator whose figure of the year is not approved: no value, no status
# The public statuses in the order of the counts.
PUBLIC_STANDINGS = ["已达标", "基本达标", "未达标", "力争未达", "待评估", UNPUBLISHED]


def published_years(plan: Plan) -> tuple[int, ...]:
    """The plan's years now open to the public, oldest first."""

    def read():
        return tuple(
            sorted(Publication.objects.filter(plan=plan, withdrawn_at=None).values_list("year", flat=True))
        )

    return freshness.memo(("public-years", plan.pk), read)


def published_plans() -> list[tuple[Plan, tuple[int, ...]]]:
    """Every plan with at least one published year, newest first, with those years."""

    def read():
        years: dict[int, list[int]] = {}
        for plan_id, year in Publication.objects.filter(withdrawn_at=None).values_list("plan_id", "year"):
            years.setdefault(plan_id, []).append(year)
        return tuple((p, tuple(sorted(years[p.pk]))) for p in plan_list() if p.pk in years)

    return list(freshness.memo("public-plans", read))


def public_plan(code: str) -> tuple[Plan, tuple[int, ...]]:
    """The published plan of this code and its published years; 404 for any other (unknown or unpublished)."""
    found = next(((p, years) for p, years in published_plans() if p.code == code), None)
    if found is None:
        raise Http404("没有已公开的这个规划")
    return found


def public_year(years: tuple[int, ...], asked: str | None) -> int:
    """The year asked for (?year=) if it is published, else 404; none asked: the latest published."""
    if not asked:
        return years[-1]
    if asked.isascii() and asked.isdigit() and len(asked) == 4 and int(asked) in years:
        return int(asked)
    raise Http404("该年度的数据尚未公开")


@dataclass(frozen=True)
class PublicRow:
    indicator: (
        Indicator  # read for its published facts only: number, name, unit, mark, 属性, category, baseline
    )
    year: int
    target_text: str  # the plan's target as written (an adjusted target is not published)
    value: Decimal | None  # the approved annual figure, else None
    rank: int | None
    standing: str  # one of PUBLIC_STANDINGS
    reason: str  # the evaluation against the plan's target, for an approved figure

    @property
    def standing_class(self) -> str:
        return STANDING_CLASS.get(self.standing, "missing")

    @property
    def lead_name(self) -> str:
        links = self.indicator.responsible_links
        return links[0].department.name if links else ""


@dataclass(frozen=True)
class PublicTable:
    plan: Plan
    year: int
    rows: list[PublicRow]
    counts: list[tuple[str, str, int]]  # (status, css class, count) in PUBLIC_STANDINGS order
    version: int | str  # core.freshness.cache_version

    @property
    def categories(self) -> list[tuple[object, list[PublicRow]]]:
        groups: dict[int, tuple[object, list[PublicRow]]] = {}
        for r in self.rows:
            groups.setdefault(r.indicator.category_id, (r.indicator.category, []))[1].append(r)
        return list(groups.values())


def public_row(r: DashboardRow, approved_references: set[int]) -> PublicRow:
    """One standings row as the public sees it. A status is shown for an approved figure only, and judged
    against the plan's own target; one judged against a companion series needs that series' figure approved
    too, or it is 待评估."""
    row, figure, target = r.row, r.row.figure, r.row.target
    base = {"indicator": r.indicator, "year": row.year, "target_text": target.source_text if target else ""}
    if figure is None or figure.status != APPROVED:
        return PublicRow(**base, value=None, rank=None, standing=UNPUBLISHED, reason="")
    shown = {"value": figure.value, "rank": figure.rank}
    if target is not None and target.reference_id and target.reference_id not in approved_references:
        return PublicRow(**base, **shown, standing="待评估", reason="")
    assessment = row.assessment
    if assessment is None:  # no target of the year to judge it by
        return PublicRow(**base, **shown, standing="待评估", reason="")
    if assessment.adjusted is not None:
        assessment = Assessment(assessment.original)
        row = replace(row, assessment=assessment)
    return PublicRow(**base, **shown, standing=standing(row), reason=assessment.original.reason)


def _table_build(plan: Plan, year: int, today: date) -> PublicTable:
    standings = standings_get(plan=plan, year=year, period=Period.YEAR, today=today)
    approved = standings.approved_references()
    rows = sorted(
        (public_row(r, approved) for r in standings.rows),
        key=lambda p: (p.indicator.category.sort_order, p.indicator.number),
    )
    counts = Counter(r.standing for r in rows)
    return PublicTable(
        plan=plan,
        year=year,
        rows=rows,
        counts=[(s, STANDING_CLASS.get(s, "missing"), counts[s]) for s in PUBLIC_STANDINGS],
        version=standings.version,
    )


def public_table(plan: Plan, year: int, *, today: date) -> PublicTable:
    """The published year's table; the caller has checked that the year is published."""
    return freshness.memo(("public-table", plan.pk, year, today), lambda: _table_build(plan, year, today))


@dataclass(frozen=True)
class PublicIndicator:
    indicator: Indicator
    rows: list[PublicRow]  # one per published year
    series: dict  # chart data: targets of every year, approved annual figures of the published years


def public_indicator(plan: Plan, years: tuple[int, ...], number: int, *, today: date) -> PublicIndicator:
    """One indicator's page: its facts, a row per published year, the chart's data; kept per data version."""
    return freshness.memo(
        ("public-indicator", plan.pk, years, number, today),
        lambda: _indicator_build(plan, years, number, today),
    )


def _indicator_build(plan: Plan, years: tuple[int, ...], number: int, today: date) -> PublicIndicator:
    try:
        indicator = selectors.indicator_get(plan, number)
    except Indicator.DoesNotExist:
        raise Http404("没有这个序号的指标") from None
    indicator.plan = plan
    rows = [
        r
        for year in years
        for r in public_table(plan, year, today=today).rows
        if r.indicator.pk == indicator.pk
    ]
    figures = list(
        Figure.objects.filter(indicator=indicator, year__in=years, period=Period.YEAR, status=APPROVED)
    )
    return PublicIndicator(indicator, rows, indicator_series(indicator, figures, published=list(years)))
