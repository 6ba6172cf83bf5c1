"""What the coordinator and leaders see at a glance: each indicator's standing for a year and period,
counts, reporting progress per department, trends, and the 年度通报 paragraph. Reads only."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property, lru_cache

from core import freshness
from indicators import rules, selectors
from indicators.models import Category, Figure, Indicator, Period
from indicators.pacing import Pace, pace, required_growth
from plans.models import Plan

# The dashboard's statuses in the order a coordinator acts on them: laggards first.
STANDINGS = ["未达标", "未报送", "力争未达", "待评估", "基本达标", "待审核", "已达标", "未到期"]
STANDING_CLASS = {
    "已达标": "met",
    "基本达标": "nearly_met",
    "未达标": "not_met",
    "力争未达": "strive_not_met",
    "待评估": "pending",
    "待审核": "submitted",
    "未报送": "missing",
    "未到期": "not_due",
}


@dataclass
class DashboardRow:
    row: selectors.FigureRow
    standing: str  # one of STANDINGS
    pace: Pace | None = None

    @property
    def indicator(self) -> Indicator:
        return self.row.indicator

    @cached_property
    def lead(self):
        return self.indicator.lead

    @property
    def standing_class(self) -> str:
        return STANDING_CLASS[self.standing]

    @property
    def reason(self) -> str:
        if self.pace is not None:
            return self.pace.reason
        assessment = self.row.assessment
        return assessment.current.reason if assessment else ""


def standing(row: selectors.FigureRow) -> str:
    """An indicator-period's place on the dashboard: the evaluation once approved, 待审核 while submitted,
    未报送 while due and not handed in (missing, draft or returned), 未到期 before the period ends."""
    figure = row.figure
    if figure is not None and figure.status == Figure.Status.APPROVED:
        if row.assessment is None:  # a year-to-date figure: approved, paced rather than judged
            return "已达标"
        return {
            rules.Status.MET: "已达标",
            rules.Status.NEARLY_MET: "基本达标",
            rules.Status.NOT_MET: "未达标",
            rules.Status.STRIVE_NOT_MET: "力争未达",
        }.get(row.assessment.current.status, "待评估")
    if figure is not None and figure.status == Figure.Status.SUBMITTED:
        return "待审核"
    return "未到期" if row.status == "未到期" else "未报送"


@dataclass
class DepartmentProgress:
    department: object
    expected: int = 0
    submitted: int = 0  # handed in: submitted or approved
    approved: int = 0
    overdue: int = 0
    on_time: int = 0  # handed in by the deadline
    returns: int = 0
    on_track: int = 0  # approved and 已达标 or 基本达标: achievement next to timeliness

    @property
    def missing(self) -> int:
        return self.expected - self.submitted

    @property
    def timeliness(self) -> int | None:
        """Share (%) of handed-in figures that came by the deadline."""
        return round(100 * self.on_time / self.submitted) if self.submitted else None


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


PAGE_SIZE = 100  # rows of the indicator table per page; counts, progress and charts always cover all


@dataclass(frozen=True)
class Standings:
    """Every indicator's standing for one year and period, with what is derived from all of them. Shared
    between requests while the data version holds: read it, never change it."""

    rows: list[DashboardRow]
    counts: dict[str, int]
    progress: list[DepartmentProgress]
    trend: list[dict]
    summary: str
    version: int = 0  # the data version it was built under (core/freshness.py)

    @cached_property
    def categories(self) -> list[Category]:
        """The categories and lead departments the rows have, for the filters."""
        return list({r.indicator.category_id: r.indicator.category for r in self.rows}.values())

    @cached_property
    def departments(self) -> list:
        leads = {r.lead.pk: r.lead for r in self.rows}
        return sorted(leads.values(), key=lambda d: (d.sort_order, d.pk))


def standings_build(*, plan: Plan, year: int, period: str, today: date) -> Standings:
    """The standings of a plan's indicators from the database, in a constant number of queries however many
    indicators exist."""
    indicators = selectors.indicator_facts(plan)
    # One pass over the figures serves the chosen period, the yearly trend and, for a year-to-date period,
    # the earlier years' same period that its pace is judged by.
    slots = {(year, period), *((y, Period.YEAR) for y in plan.years)}
    if period != Period.YEAR:
        slots |= {(y, period) for y in plan.years if y < year}
    every_row = selectors.figure_rows(
        indicators,
        today=today,
        slots=sorted(slots, key=lambda s: selectors.period_key(*s)),
        facts=True,
        plans=[plan],
    )
    history = _pace_history(every_row, year, period)
    rows = [
        DashboardRow(r, standing(r), _pace(r, history, plan.baseline_year))
        for r in every_row
        if (r.year, r.period) == (year, period)
    ]
    counts = Counter(r.standing for r in rows)
    return Standings(
        rows=rows,
        counts={s: counts.get(s, 0) for s in STANDINGS},
        progress=_progress(rows, year, period),
        trend=_trend(every_row, len(indicators), plan.years),
        summary=annual_summary(rows, year, period),
    )


@lru_cache(maxsize=16)
def _standings_cached(plan: Plan, year: int, period: str, today: date, version: int) -> Standings:
    return replace(standings_build(plan=plan, year=year, period=period, today=today), version=version)


def standings_get(*, plan: Plan, year: int, period: str, today: date) -> Standings:
    """The standings, rebuilt only when the data changed (one query to check it)."""
    return _standings_cached(plan, year, period, today, freshness.version())


def standings_forget() -> None:
    """Drop this process's cached standings (the tests do, between databases)."""
    _standings_cached.cache_clear()


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
        if (not department or r.lead.code == department)
        and (not category or r.indicator.category.name == category)
        and (not standing_filter or r.standing == standing_filter)
    ]
    shown.sort(
        key=lambda r: (r.indicator.category.sort_order, STANDINGS.index(r.standing), r.indicator.number)
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
        cache_key=repr(
            (standings.version, today, plan.pk, year, period, department, category, standing_filter, page)
        ),
    )


def _pace_history(rows: list[selectors.FigureRow], year: int, period: str) -> dict:
    """Per indicator: the earlier years' values of the period and of the whole year, by (year, period)."""
    if period == Period.YEAR:
        return {}
    values = defaultdict(dict)
    for r in rows:
        if r.year < year and r.period in (period, Period.YEAR) and r.figure and r.figure.value is not None:
            values[r.indicator.pk][(r.year, r.period)] = r.figure.value
    return values


def _pace(row: selectors.FigureRow, history: dict, baseline_year: int) -> Pace | None:
    figure, target = row.figure, row.target
    if (
        row.period == Period.YEAR
        or figure is None
        or figure.value is None
        or target is None
        or target.value is None
    ):
        return None
    known = history.get(row.indicator.pk, {})
    start = known.get((row.year - 1, Period.YEAR))
    if start is None and row.year - 1 == baseline_year:
        start = row.indicator.baseline
    pairs = [
        (ytd, known[(y, Period.YEAR)])
        for (y, p), ytd in known.items()
        if p == row.period and (y, Period.YEAR) in known
    ]
    return pace(
        mode=row.indicator.ytd_mode,
        period=row.period,
        value=figure.value,
        target=target.adjusted_value if target.adjusted_value is not None else target.value,
        start=start,
        history=pairs,
        unit=row.indicator.unit,
    )


def _progress(rows: list[DashboardRow], year: int, period: str) -> list[DepartmentProgress]:
    """报送进度 per lead department: expected, handed in, approved, overdue, on time, returns."""
    returns = Counter(
        Figure.history.filter(year=year, period=period, history_change_reason__startswith="退回").values_list(
            "indicator_id", flat=True
        )
    )
    progress: dict[int, DepartmentProgress] = {}
    for r in rows:
        if r.standing == "未到期":
            continue
        p = progress.setdefault(r.lead.pk, DepartmentProgress(r.lead))
        figure = r.row.figure
        p.expected += 1
        p.overdue += r.row.overdue
        p.returns += returns.get(r.indicator.pk, 0)
        p.on_track += r.standing in ("已达标", "基本达标")
        if figure is not None and figure.status in (Figure.Status.SUBMITTED, Figure.Status.APPROVED):
            p.submitted += 1
            p.approved += figure.status == Figure.Status.APPROVED
            deadline = r.row.deadline
            p.on_time += deadline is None or (
                figure.submitted_at is not None and figure.submitted_at.date() <= deadline
            )
    return sorted(progress.values(), key=lambda p: (-p.overdue, -p.missing, p.department.sort_order))


def _trend(rows: list[selectors.FigureRow], total: int, years: list[int]) -> list[dict]:
    """Per plan year: how many of the indicators are on track (已达标 or 基本达标) among approved figures."""
    rows = [r for r in rows if r.period == Period.YEAR]
    trend = []
    for year in years:
        standings = Counter(standing(r) for r in rows if r.year == year)
        # A year without one approved figure has no count: null is a gap in the chart, 0 would read as a collapse.
        evaluated = any(standings[s] for s in ("已达标", "基本达标", "未达标", "力争未达", "待评估"))
        on_track = standings["已达标"] + standings["基本达标"] if evaluated else None
        trend.append({"year": year, "on_track": on_track, "total": total, "counts": dict(standings)})
    return trend


def by_category(dashboard: Dashboard) -> dict:
    """Chart data: standings per category (all indicators, not only the filtered ones)."""
    return _stacked(dashboard, key=lambda r: r.indicator.category.name)


def by_department(dashboard: Dashboard) -> dict:
    return _stacked(dashboard, key=lambda r: r.lead.short_name)


def _stacked(dashboard: Dashboard, key) -> dict:
    counts: dict[str, Counter] = defaultdict(Counter)
    for r in dashboard.rows:
        counts[key(r)][r.standing] += 1
    labels = list(counts)
    return {
        "labels": labels,
        "series": [
            {"name": s, "data": [counts[label][s] for label in labels]}
            for s in STANDINGS
            if any(counts[label][s] for label in labels)
        ],
    }


def annual_summary(rows: list[DashboardRow], year: int, period: str) -> str:
    """年度通报 draft: one paragraph, ready to paste."""
    counts = Counter(r.standing for r in rows)
    slot = f"{year}年" + ("" if period == Period.YEAR else Period(period).label)
    parts = [
        f"{s}{counts[s]}项"
        for s in ["已达标", "基本达标", "力争未达", "未达标", "待评估", "待审核"]
        if counts[s]
    ]
    text = f"{slot}，{len(rows)}项主要指标中" + ("、".join(parts) if parts else "尚无审核通过的数据")
    missing = counts["未报送"]
    if missing:
        text += f"，尚有{missing}项未报送"
    text += "。"
    misses = [r for r in rows if r.standing == "未达标"]
    if misses:
        items = "；".join(f"{_name(r)}（责任部门：{r.lead.name}）" for r in misses)
        text += f"未达标的有：{items}。"
    late = [r for r in rows if r.standing == "未报送"]
    if late:
        text += "未报送的有：" + "；".join(f"{_name(r)}（{r.lead.name}）" for r in late) + "。"
    return text


def _name(row: DashboardRow) -> str:
    return f"{row.indicator.number}.{row.indicator.name}"


def indicator_series(indicator: Indicator, figures: list[Figure]) -> dict:
    """Chart data for one indicator: its plan's baseline, the yearly targets, annual actuals and year-to-date
    points."""
    plan = indicator.plan
    targets = {t.year: t for t in indicator.plan_targets}
    figures = [f for f in figures if f.value is not None]
    actual = {f.year: f.value for f in figures if f.period == Period.YEAR}
    ytd = sorted(
        ((f.year, f.period, f.value) for f in figures if f.period != Period.YEAR),
        key=lambda item: selectors.period_key(item[0], item[1]),
    )
    years = [plan.baseline_year, *plan.years]
    return {
        "name": indicator.name,
        "unit": indicator.unit,
        "years": [f"{y}年" for y in years],
        "targets": [None] + [_num(targets[y].value) if y in targets else None for y in plan.years],
        "actuals": [_num(indicator.baseline)] + [_num(actual.get(y)) for y in plan.years],
        "ytd": [{"label": f"{y}年{Period(p).label}", "value": _num(v)} for y, p, v in ytd],
        "reference": _reference_series(indicator),
    }


def _reference_series(indicator: Indicator) -> dict | None:
    """The companion series a relative target is judged against (indicator 5: 规上工业增加值增速), year by year."""
    reference = next((t.reference for t in indicator.plan_targets if t.reference_id), None)
    if reference is None:
        return None
    years = indicator.plan.years
    values = dict(
        Figure.objects.filter(indicator=reference, period=Period.YEAR, year__in=years)
        .exclude(value=None)
        .values_list("year", "value")
    )
    return {
        "name": reference.name,
        "values": [_num(reference.baseline)] + [_num(values.get(y)) for y in years],
    }


def _num(value) -> float | None:
    return None if value is None else float(value)  # chart coordinates only; stored figures stay Decimal


def indicator_rows(
    indicator: Indicator, rows: list[selectors.FigureRow], figures: list[Figure]
) -> list[DashboardRow]:
    """One indicator's rows with standings and, for year-to-date figures, their pace."""
    history: dict = defaultdict(dict)
    for f in figures:
        if f.value is not None:
            history[indicator.pk][(f.year, f.period)] = f.value
    result = []
    for r in rows:
        earlier = {key: v for key, v in history[indicator.pk].items() if key[0] < r.year}
        result.append(
            DashboardRow(r, standing(r), _pace(r, {indicator.pk: earlier}, indicator.plan.baseline_year))
        )
    return result


def indicator_outlook(indicator: Indicator, figures: list[Figure]) -> dict:
    """The required growth from the latest annual actual (or the plan's baseline) to the final target."""
    final = next((t for t in reversed(indicator.plan_targets) if t.value is not None), None)
    annual = max(
        (f for f in figures if f.period == Period.YEAR and f.value is not None),
        key=lambda f: f.year,
        default=None,
    )
    latest_year, latest = (
        (annual.year, annual.value) if annual else (indicator.plan.baseline_year, indicator.baseline)
    )
    growth = None
    if final is not None and latest is not None:
        growth = required_growth(
            latest=latest,
            latest_year=latest_year,
            target=final.value,
            target_year=final.year,
            unit=indicator.unit,
        )
    return {"required_growth": growth}
