from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db import models
from django.db.models import Prefetch, QuerySet

from core import due as core_due
from departments.models import Department
from indicators.evaluation import Assessment, assess
from indicators.misses import latest_earlier
from indicators.models import (
    PERIOD_END,
    PERIOD_ORDER,
    Figure,
    Indicator,
    IndicatorDepartment,
    Period,
    ReportingDeadline,
    Target,
)
from indicators.permissions import indicators_editable_by
from plans.models import Plan
from plans.selectors import plan_list, years_all

# get_status_display() rebuilds the choices on every call; rows are built by the thousand.
STATUS_LABELS = dict(Figure.Status.choices)

# Irregular targets that span years are one merged cell in the appendix (indicator 5, 9's 2024–2025, 15).
MERGEABLE_KINDS = {Target.Kind.RELATIVE, Target.Kind.LEADING, Target.Kind.STRIVE}


TARGETS = Prefetch(
    "targets", queryset=Target.objects.select_related("reference").order_by("year"), to_attr="plan_targets"
)
# Lists need only the reference's id (to find its figures), not the companion indicator itself.
LIST_TARGETS = Prefetch("targets", queryset=Target.objects.order_by("year"), to_attr="plan_targets")
DEPARTMENTS = Prefetch(
    "department_links",
    queryset=IndicatorDepartment.objects.select_related("department").order_by("order"),
    to_attr="responsible_links",
)


def indicator_list(plan: Plan, *, headings: bool = False) -> QuerySet[Indicator]:
    """The plan's appendix indicators with category, targets and ordered departments, in four queries; the
    headings of sub-indicators (nothing to enter) only when asked for, each sub-indicator with its parent."""
    return (
        Indicator.objects.main(headings=headings)
        .filter(plan=plan)
        .select_related("plan", "parent", "shared_with__plan")
        .prefetch_related("category", LIST_TARGETS, DEPARTMENTS)  # 7 categories, not one per indicator
        .order_by("category__sort_order", "number", "sub")
    )


@dataclass(frozen=True, slots=True)
class TargetFacts:
    """A target as the dashboard and the report read it, loaded as values. Judged and shown by the model's
    own code: Target.rule and Target.is_plain_number read nothing but these fields."""

    pk: int
    indicator: Indicator
    year: int
    kind: str
    value: Decimal | None
    tolerance: Decimal | None
    adjusted_value: Decimal | None
    reference_id: int | None
    source_text: str
    upper_value: Decimal | None
    change_mode: str
    margin: Decimal | None
    direction: str
    parts: list
    assigned_value: Decimal | None
    judgement: str
    judgement_reason: str
    reference_name: str  # "" without a reference

    rule = Target.rule
    is_plain_number = Target.is_plain_number


@dataclass(frozen=True, slots=True)
class LinkFacts:
    """A responsible department of an indicator, in the plan's order."""

    department: Department
    order: int


TARGET_FACTS = (
    *("pk", "year", "kind", "value", "tolerance", "adjusted_value", "reference_id", "source_text"),
    *("upper_value", "change_mode", "margin", "direction", "parts", "assigned_value", "judgement"),
    *("judgement_reason", "reference__name"),
)
DEPARTMENT_FIELDS = ("id", "code", "name", "short_name", "kind", "parent_id", "sort_order")


def indicator_facts(plan: Plan) -> list[Indicator]:
    """indicator_list() for the dashboard and the report: the same indicators and categories, with targets and
    department links as read-only values, as building model instances through prefetch is costly on a large plan.
    Four queries."""
    indicators = list(indicator_list(plan).prefetch_related(None).prefetch_related("category"))
    by_id = {i.pk: i for i in indicators}
    for indicator in indicators:
        indicator.plan_targets, indicator.responsible_links = [], []
    targets = Target.objects.filter(indicator_id__in=by_id).order_by("indicator_id", "year")
    for indicator_id, *values in targets.values_list("indicator_id", *TARGET_FACTS):
        indicator = by_id[indicator_id]
        pk, *rest = values
        indicator.plan_targets.append(TargetFacts(pk, indicator, *rest))
    links = IndicatorDepartment.objects.filter(indicator_id__in=by_id).order_by("indicator_id", "order")
    departments = {}
    for indicator_id, order, *fields in links.values_list(
        "indicator_id", "order", *(f"department__{name}" for name in DEPARTMENT_FIELDS)
    ):
        department = departments.get(fields[0]) or Department(
            **dict(zip(DEPARTMENT_FIELDS, fields, strict=True))
        )
        departments[department.pk] = department
        by_id[indicator_id].responsible_links.append(LinkFacts(department, order))
    return indicators


def indicator_get(plan: Plan, number: int | None, *, code: str = "") -> Indicator:
    """An indicator of the plan by its number (sub-indicators and headings by their code, "10-1")."""
    found = indicator_list(plan).prefetch_related(None).prefetch_related("category", TARGETS, DEPARTMENTS)
    return found.get(code=code) if code else found.get(number=number, sub=0)


@dataclass(frozen=True)
class TargetCell:
    text: str
    colspan: int
    kind: str


def target_cells(indicator: Indicator, years: list[int]) -> list[TargetCell]:
    """The indicator's targets for its plan's target years as the appendix shows them, merging repeated
    irregular cells."""
    by_year = {t.year: t for t in indicator.plan_targets}
    cells: list[TargetCell] = []
    for year in years:
        target = by_year.get(year)
        if target is None:
            cells.append(TargetCell("", 1, ""))
            continue
        last = cells[-1] if cells else None
        if (
            last
            and last.kind in MERGEABLE_KINDS
            and last.kind == target.kind
            and last.text == target.source_text
        ):
            cells[-1] = TargetCell(last.text, last.colspan + 1, last.kind)
        else:
            cells.append(TargetCell(target.source_text, 1, target.kind))
    return cells


def period_end(year: int, period: str) -> date:
    month, day = PERIOD_END[period]
    return date(year, month, day)


def period_key(year: int, period: str) -> tuple[int, int]:
    """Chronological order of (year, period): 2024 一季度 < 2024 上半年 < … < 2024 全年 < 2025 一季度."""
    return year, PERIOD_ORDER.index(period)


def slot_status(figure: Figure | None, year: int, period: str, *, today: date) -> str:
    """The 状态 of one indicator-year-period: the figure's status, else 未到期 / 未报送 by the period's end."""
    if figure is not None:
        return STATUS_LABELS[figure.status]
    return "未到期" if today <= period_end(year, period) else "未报送"


@dataclass
class FigureRow:
    """One indicator × year × period as a reporter or coordinator sees it."""

    indicator: Indicator
    year: int
    period: str
    target: Target | None
    figure: "Figure | FigureFacts | None"
    assessment: Assessment | None
    status: str
    deadline: date  # the one that applies (core.due): set by the coordinator, else the default
    overdue: bool
    deadline_default: bool = False  # no 截止日期 set: the documented default applies

    @property
    def period_label(self) -> str:
        return Period(self.period).label

    @property
    def is_outstanding(self) -> bool:
        """Due and not yet handed in (missing, draft or returned)."""
        return self.status in OUTSTANDING

    @property
    def urgency(self) -> int:
        """Late first, then returned, missing, draft; what is done last."""
        order = {"已退回": 1, "未报送": 2, "草稿": 3, "未到期": 4, "已报送": 5, "已审核": 6}
        return 0 if self.overdue else order[self.status]


OUTSTANDING = ("未报送", "草稿", "已退回")


def slot_deadline(due: dict, year: int, period: str, status: str, today: date) -> tuple[date, bool, bool]:
    """(deadline, overdue, deadline_default) of a row, by the one rule of core.due; `due` maps (year, period) to the
    deadlines set."""
    end, set_deadline = period_end(year, period), due.get((year, period))
    overdue = status in OUTSTANDING and core_due.is_overdue(end, set_deadline, today)
    return core_due.deadline(end, set_deadline), overdue, set_deadline is None


def open_periods(deadlines: list[ReportingDeadline], years) -> list[tuple[int, str]]:
    """Slots to report: every given year's annual figure, plus year-to-date periods the coordinator opened
    by setting a deadline."""
    slots = {(year, Period.YEAR) for year in years}
    slots |= {(d.year, d.period) for d in deadlines if d.year in years}
    return sorted(slots, key=lambda slot: period_key(*slot))


@dataclass(frozen=True, slots=True)
class FigureFacts:
    """What the dashboard and the report read of a figure, loaded as plain values: building Figure instances is
    a large share of a big dashboard's work."""

    pk: int
    value: Decimal | None
    rank: int | None
    status: str
    submitted_at: datetime | None
    explanation: str
    quality_findings: str  # 数据质量 warnings, counted on the dashboard


FACT_FIELDS = ("pk", "value", "rank", "status", "submitted_at", "explanation", "quality_findings")


def figure_rows(
    indicators, *, today: date, years=None, slots=None, facts: bool = False, plans: list[Plan] | None = None
) -> list[FigureRow]:
    """Rows for the given indicators (targets prefetched) in a fixed number of queries: plans, deadlines, the
    figures of these indicators, and the companion series they refer to. `slots` ((year, period) pairs)
    defaults to every open period of the years, which default to the years of the indicators' plans; an
    indicator has rows only for the years its plan covers. With `facts`, each row's figure is a read-only
    FigureFacts. `plans`, when the caller has them, saves their query."""
    indicators = list(indicators)
    plans = {plan.pk: plan for plan in plans or plan_list()}
    if slots is not None:
        years = sorted({year for year, _ in slots})
    elif years is None:
        years = years_all([plans[pk] for pk in {i.plan_id for i in indicators}])
    deadlines = list(ReportingDeadline.objects.filter(year__in=years))
    due = {(d.year, d.period): d.due_date for d in deadlines}
    references = {t.reference_id for i in indicators for t in i.plan_targets if t.reference_id}
    # A shared indicator shows the figures of the one it shares in the other plan (entered once).
    found = Figure.objects.filter(
        indicator_id__any_of={i.figures_of for i in indicators} | references, year__in=years
    )
    if facts:
        figures = {
            (indicator_id, year, period): FigureFacts(*values)
            for indicator_id, year, period, *values in found.order_by().values_list(
                "indicator_id", "year", "period", *FACT_FIELDS
            )
        }
    else:
        figures = {(f.indicator_id, f.year, f.period): f for f in found}
    # Each indicator's prefetched targets are read once: `.all()` builds a queryset on every call.
    targets = {(i.pk, t.year): t for i in indicators for t in i.plan_targets}
    rows = []
    for year, period in slots if slots is not None else open_periods(deadlines, years):
        for indicator in indicators:
            if not plans[indicator.plan_id].covers(year):
                continue
            target = targets.get((indicator.pk, year))
            figure = figures.get((indicator.figures_of, year, period))
            reference = (
                figures.get((target.reference_id, year, period)) if target and target.reference_id else None
            )
            assessment = (
                assess(
                    target,
                    period,
                    figure.value,
                    rank=figure.rank,
                    reference=reference.value if reference else None,
                )
                if figure is not None
                else None
            )
            status = slot_status(figure, year, period, today=today)
            rows.append(
                FigureRow(
                    indicator,
                    year,
                    period,
                    target,
                    figure,
                    assessment,
                    status,
                    *slot_deadline(due, year, period, status, today),
                )
            )
    return rows


def reportable_indicators(user) -> QuerySet[Indicator]:
    """What this user's department leads (companion series included), ready for figure_rows."""
    return (
        indicators_editable_by(user)
        .select_related("plan")  # its baseline year paces a year-to-date figure (standings.paced_rows)
        .prefetch_related(TARGETS, DEPARTMENTS)
        .order_by(models.F("number").asc(nulls_last=True), "code")
    )


def my_figure_rows(user, *, today: date) -> list[FigureRow]:
    """我的填报: the user's department's figures, late ones first."""
    rows = figure_rows(reportable_indicators(user), today=today)
    return sorted(
        rows, key=lambda r: (r.urgency, r.year, PERIOD_ORDER.index(r.period), r.indicator.number or 99)
    )


def previous_miss(indicator: Indicator, year: int, period: str) -> Figure | None:
    """The latest earlier figure of this indicator that missed its target and promised to catch up."""
    misses = {
        (f.year, f.period): f
        for f in Figure.objects.filter(indicator=indicator, year__lte=year).exclude(miss_cause="")
    }
    latest = latest_earlier(misses, year, period)
    return misses[latest] if latest else None
