"""The coordinator's review queue and the backlog of late figures per department; the deadlines page's slots."""

from dataclasses import dataclass
from datetime import date

from django.db import models
from django.db.models import Prefetch, QuerySet

from indicators.evaluation import assess
from indicators.models import Figure, Indicator, IndicatorDepartment, ReportingDeadline
from indicators.selectors import (
    DEPARTMENTS,
    STATUS_LABELS,
    TARGETS,
    FigureRow,
    figure_rows,
    open_periods,
    slot_deadline,
)

REVIEW_PREFETCHES = (
    Prefetch("indicator__targets", queryset=TARGETS.queryset, to_attr="plan_targets"),
    Prefetch("indicator__department_links", queryset=DEPARTMENTS.queryset, to_attr="responsible_links"),
)


def lead_departments() -> list:
    """Departments that lead at least one indicator, in their own order."""
    links = (
        IndicatorDepartment.objects.filter(order=0)
        .select_related("department")
        .order_by("department__sort_order", "department_id")
    )
    return list({link.department_id: link.department for link in links}.values())


def figures_for_review(
    *, department: str = "", year: int | None = None, period: str = ""
) -> QuerySet[Figure]:
    """Figures filtered by lead department code, year and period (empty = any)."""
    figures = Figure.objects.select_related("indicator")
    if department:
        figures = figures.filter(
            indicator__department_links__order=0, indicator__department_links__department__code=department
        )
    if year:
        figures = figures.filter(year=year)
    if period:
        figures = figures.filter(period=period)
    return figures


def figure_status_counts(figures: QuerySet[Figure]) -> dict[str, int]:
    """How many of the figures are in each status (status code → count), in one query."""
    counts = figures.order_by().values("status").annotate(n=models.Count("pk"))
    return {row["status"]: row["n"] for row in counts}


def review_rows(figures: QuerySet[Figure], *, today: date) -> list[FigureRow]:
    """The figures as rows with target, evaluation and deadline, in a fixed number of queries."""
    figures = list(figures.prefetch_related(*REVIEW_PREFETCHES))
    years = {f.year for f in figures}
    due = {(d.year, d.period): d.due_date for d in ReportingDeadline.objects.filter(year__in=years)}
    targets = {f.pk: next((t for t in f.indicator.plan_targets if t.year == f.year), None) for f in figures}
    reference_ids = {t.reference_id for t in targets.values() if t and t.reference_id}
    references = {
        (r.indicator_id, r.year, r.period): r.value
        for r in Figure.objects.filter(indicator_id__in=reference_ids, year__in=years)
    }
    rows = []
    for figure in figures:
        year, period, target = figure.year, figure.period, targets[figure.pk]
        reference = references.get((target.reference_id, year, period)) if target else None
        assessment = assess(target, period, figure.value, rank=figure.rank, reference=reference)
        status = STATUS_LABELS[figure.status]
        rows.append(
            FigureRow(
                figure.indicator,
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


@dataclass
class DepartmentBacklog:
    """What one lead department still owes: overdue figures, and outstanding ones not yet overdue."""

    department: object
    overdue: list[FigureRow]
    pending: list[FigureRow]

    @property
    def rows(self) -> list[FigureRow]:
        return self.overdue + self.pending


def backlog_by_department(*, today: date) -> list[DepartmentBacklog]:
    """Every lead department with its outstanding figures (main and companion series), most overdue first."""
    indicators = list(
        Indicator.objects.prefetch_related(TARGETS, DEPARTMENTS).order_by(
            models.F("number").asc(nulls_last=True), "code"
        )
    )
    backlogs: dict[int, DepartmentBacklog] = {}
    for indicator in indicators:
        department = indicator.lead
        if department is not None and department.pk not in backlogs:
            backlogs[department.pk] = DepartmentBacklog(department, [], [])
    for row in figure_rows(indicators, today=today):
        department = row.indicator.lead
        if department is None or not row.is_outstanding:
            continue
        backlog = backlogs[department.pk]
        (backlog.overdue if row.overdue else backlog.pending).append(row)
    return sorted(
        backlogs.values(),
        key=lambda b: (-len(b.overdue), -len(b.pending), b.department.sort_order, b.department.pk),
    )


def deadline_slots(years: list[int]) -> list[tuple[int, str, ReportingDeadline | None]]:
    """Every reporting slot of the years (each annual figure, year-to-date periods with a deadline) and its
    deadline."""
    deadlines = list(ReportingDeadline.objects.filter(year__in=years).select_related("set_by"))
    by_slot = {(d.year, d.period): d for d in deadlines}
    return [(year, period, by_slot.get((year, period))) for year, period in open_periods(deadlines, years)]
