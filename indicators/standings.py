"""Each indicator's standing for a year and period (the evaluation once approved, 待审核, 未报送, 未到期), with
what is derived from all of them: counts, reporting progress per department, the yearly trend. Reads only;
cached per data version."""

from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property, lru_cache

from django.utils import timezone

from core import due, freshness
from core import lights as light_rules
from indicators import rules, selectors
from indicators.lights import figure_light, returns_count
from indicators.models import Category, Figure, Indicator, Period
from indicators.pacing import Pace, goal_level, pace
from indicators.summary import annual_summary
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
    light: light_rules.Light | None = None  # 红黄绿 (core/lights.py), set by standings_build and paced_rows

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


@dataclass(frozen=True)
class Standings:
    """Every indicator's standing for one year and period, with what is derived from all of them. Shared
    between requests while the data version holds: read it, never change it."""

    rows: list[DashboardRow]
    counts: dict[str, int]
    progress: list[DepartmentProgress]
    trend: list[dict]
    summary: str
    version: int | str = 0  # the data version it was built under (core.freshness.cache_version)

    @cached_property
    def categories(self) -> list[Category]:
        """The categories and lead departments the rows have, for the filters."""
        return list({r.indicator.category_id: r.indicator.category for r in self.rows}.values())

    @cached_property
    def departments(self) -> list:
        leads = {r.lead.pk: r.lead for r in self.rows if r.lead}  # 待分配 rows have none
        return sorted(leads.values(), key=lambda d: (d.sort_order, d.pk))

    def approved_references(self) -> set[int]:
        """The series some row's target is judged against (a companion series, 规上工业增加值增速 …) whose figure
        of the rows' year and period is approved: a reader of approved figures only (a token, the public page)
        may see a verdict built from such a comparison, and no other."""
        references = {
            r.row.target.reference_id for r in self.rows if r.row.target and r.row.target.reference_id
        }
        if not references:
            return set()
        year, period = self.rows[0].row.year, self.rows[0].row.period
        return set(
            Figure.objects.filter(
                indicator_id__in=references, year=year, period=period, status=Figure.Status.APPROVED
            )
            .exclude(value=None)
            .values_list("indicator_id", flat=True)
        )

    @cached_property
    def lights(self) -> dict[str, int]:
        """红 / 黄 / 绿: how many indicators have each light."""
        return light_rules.tally(r.light for r in self.rows)


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
    returns = returns_count(year=year, period=period)
    for r in rows:
        r.light = figure_light(r, returns=returns, today=today)
    counts = Counter(r.standing for r in rows)
    return Standings(
        rows=rows,
        counts={s: counts.get(s, 0) for s in STANDINGS},
        progress=_progress(rows, year, period, returns),
        trend=_trend(every_row, len(indicators), plan.years),
        summary=annual_summary(rows, year, period),
    )


@lru_cache(maxsize=16)
def _standings_cached(plan: Plan, year: int, period: str, today: date, version: int | str) -> Standings:
    return replace(standings_build(plan=plan, year=year, period=period, today=today), version=version)


def standings_get(*, plan: Plan, year: int, period: str, today: date) -> Standings:
    """The standings, rebuilt only when the data changed (one query to check it)."""
    return _standings_cached(plan, year, period, today, freshness.cache_version())


def standings_forget() -> None:
    """Drop this process's cached standings (the tests do, between databases)."""
    _standings_cached.cache_clear()


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
    if row.period == Period.YEAR or figure is None or figure.value is None or target is None:
        return None
    goal = (
        goal_level(  # 上级下达 numbers and changes against the baseline are paced toward the level they mean
            kind=target.kind,
            value=target.value,
            assigned=target.assigned_value,
            adjusted=target.adjusted_value,
            mode=target.change_mode,
            direction=target.direction,
            baseline=row.indicator.baseline,
        )
    )
    if goal is None:
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
        target=goal[0],
        start=start,
        history=pairs,
        unit=row.indicator.unit,
        lower_is_better=goal[1],
    )


def _progress(rows: list[DashboardRow], year: int, period: str, returns: Counter) -> list[DepartmentProgress]:
    """报送进度 per lead department: expected, handed in, approved, overdue, on time, returns."""
    progress: dict[int, DepartmentProgress] = {}
    for r in rows:
        if r.standing == "未到期" or r.lead is None:  # 待分配: no department to count it against
            continue
        p = progress.setdefault(r.lead.pk, DepartmentProgress(r.lead))
        figure = r.row.figure
        p.expected += 1
        p.overdue += r.row.overdue
        p.returns += returns.get((r.indicator.pk, year, period), 0)
        p.on_track += r.standing in ("已达标", "基本达标")
        if figure is not None and figure.status in (Figure.Status.SUBMITTED, Figure.Status.APPROVED):
            p.submitted += 1
            p.approved += figure.status == Figure.Status.APPROVED
            p.on_time += figure.submitted_at is not None and due.in_time(
                timezone.localtime(figure.submitted_at).date(), r.row.deadline
            )
    return sorted(progress.values(), key=lambda p: (-p.overdue, -p.missing, p.department.sort_order))


def _trend(rows: list[selectors.FigureRow], total: int, years: list[int]) -> list[dict]:
    """Per plan year: how many of the indicators are on track (已达标 or 基本达标) among approved figures, how many
    missed, are 待审核 or 未报送, and every standing's count (the chart stacks them)."""
    rows = [r for r in rows if r.period == Period.YEAR]
    trend = []
    for year in years:
        standings = Counter(standing(r) for r in rows if r.year == year)
        # A year without one approved figure has no count: null is a gap in the chart, 0 would read as a collapse.
        evaluated = any(standings[s] for s in ("已达标", "基本达标", "未达标", "力争未达", "待评估"))
        on_track = standings["已达标"] + standings["基本达标"] if evaluated else None
        trend.append(
            {
                "year": year,
                "on_track": on_track,
                "missed": standings["未达标"] + standings["力争未达"],
                "pending": standings["待审核"],  # handed in, not yet reviewed: drawn apart, never as a miss
                "missing": standings["未报送"],
                "total": total,
                "counts": dict(standings),
            }
        )
    return trend


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


def paced_rows(rows: list[selectors.FigureRow], *, today: date) -> list[DashboardRow]:
    """Figure rows of any indicators, years and periods (我的待办, a unit's page) as dashboard rows: each with its
    standing, its pace judged by the earlier figures among the rows, and its light. One query (the returns)."""
    history: dict = defaultdict(dict)
    for r in rows:
        if r.figure is not None and r.figure.value is not None:
            history[r.indicator.pk][(r.year, r.period)] = r.figure.value
    returns = returns_count(indicator_id__in={r.indicator.pk for r in rows}) if rows else Counter()
    result = []
    for r in rows:
        earlier = {key: v for key, v in history[r.indicator.pk].items() if key[0] < r.year}
        row = DashboardRow(
            r, standing(r), _pace(r, {r.indicator.pk: earlier}, r.indicator.plan.baseline_year)
        )
        row.light = figure_light(row, returns=returns, today=today)
        result.append(row)
    return result
