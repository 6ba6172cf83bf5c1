"""What the coordinator and leaders see at a glance: the cached standings (indicators/standings.py) of a year
and period, filtered, sorted and paged, with counts, reporting progress, trend and the 年度通报 paragraph."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from indicators.models import Category, Figure, Period
from indicators.standings import STANDING_CLASS, STANDINGS, DashboardRow, DepartmentProgress, standings_get
from plans.models import Plan


@dataclass
class Dashboard:
    plan: Plan
    year: int
    period: str
    rows: list[DashboardRow]  # every row that passes the filters (the table shows one page of them)
    page: int
    pages: int
    counts: dict[str, int]
    categories: list[tuple[Category, list[DashboardRow]]]
    progress: list[DepartmentProgress]
    trend: list[dict] = field(default_factory=list)
    summary: str = ""
    filter_categories: list[Category] = field(default_factory=list)
    filter_departments: list = field(default_factory=list)
    lights: dict[str, int] = field(
        default_factory=dict
    )  # 红 / 黄 / 绿 → how many indicators (core/lights.py)
    quality_open: int = 0  # figures of the year and period with 数据质量 warnings, not yet approved
    cache_key: str = ""  # names this exact page (data version, day, filters): its rendered HTML can be reused

    @property
    def period_label(self) -> str:
        return Period(self.period).label

    @property
    def count_items(self) -> list[tuple[str, str, int]]:
        """(standing, css class, count) in STANDINGS order."""
        return [(s, STANDING_CLASS[s], self.counts[s]) for s in STANDINGS]


def default_year(plan: Plan, *, today: date) -> int:
    """The plan's latest year with a figure, else the current year within the plan's years."""
    latest = (
        Figure.objects.filter(indicator__plan=plan, year__in=plan.years)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    return latest or min(max(today.year, plan.first_year), plan.last_year)


def quality_open(rows: list[DashboardRow]) -> int:
    """Counted from the standings' own figures: no query of its own."""
    figures = [r.row.figure for r in rows if r.row.figure is not None]
    return sum(
        1 for f in figures if getattr(f, "quality_findings", "") and f.status != Figure.Status.APPROVED
    )


PAGE_SIZE = 100  # rows of the indicator table per page; counts, progress and charts always cover all


def dashboard_build(
    *,
    plan: Plan,
    year: int,
    period: str,
    today: date,
    department: str = "",
    category: str = "",
    standing_filter: str = "",
    page: int = 1,
) -> Dashboard:
    """The dashboard for the filters and page: the cached standings, filtered, sorted and paged."""
    standings = standings_get(plan=plan, year=year, period=period, today=today)
    shown = [
        r
        for r in standings.rows
        if (not department or (r.lead and r.lead.code == department))
        and (not category or r.indicator.category.name == category)
        and (not standing_filter or r.standing == standing_filter)
    ]
    # Lagging first, a parent's sub-indicators kept together under it (ranked by the group's worst).
    worst: dict[int, int] = {}
    for r in shown:
        worst[r.indicator.number] = min(worst.get(r.indicator.number, 99), STANDINGS.index(r.standing))
    shown.sort(
        key=lambda r: (
            r.indicator.category.sort_order,
            worst[r.indicator.number],
            r.indicator.number,
            r.indicator.sub,
        )
    )
    pages = max(1, -(-len(shown) // PAGE_SIZE))
    page = min(max(page, 1), pages)
    grouped: dict[int, list[DashboardRow]] = defaultdict(list)
    for r in shown[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]:
        grouped[r.indicator.category_id].append(r)
    return Dashboard(
        plan=plan,
        year=year,
        period=period,
        rows=shown,
        page=page,
        pages=pages,
        counts=standings.counts,
        categories=[(r[0].indicator.category, r) for r in grouped.values()],
        progress=standings.progress,
        trend=standings.trend,
        summary=standings.summary,
        filter_categories=standings.categories,
        filter_departments=standings.departments,
        lights=standings.lights,
        quality_open=quality_open(standings.rows),
        cache_key=repr(
            (standings.version, today, plan.pk, year, period, department, category, standing_filter, page)
        ),
    )
