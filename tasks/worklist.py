"""待办: what a unit has to hand in — its indicators' figures and its task progress reports — as one list, most
urgent first and grouped by year; and what waits for the coordinator. Reads only; the forms stay where they are.

Task reports have no deadline of their own: the coordinator's 截止日期 of the same year and period applies when set,
otherwise the documented default; whether something is 逾期 or 即将到期 is core.due's one rule (docs/due.md).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import groupby

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, QuerySet, Value
from django.urls import reverse

from core import due, freshness, lights
from indicators import selectors as figure_selectors
from indicators import standings
from indicators.models import PERIOD_ORDER, Figure, Period, ReportingDeadline
from tasks import lights as task_lights
from tasks import permissions, selectors
from tasks.models import ProgressReport

TODO = ("未报送", "草稿", "已退回")
COUNT_TTL = 600  # an unused count leaves the cache after this


@dataclass(frozen=True)
class WorkItem:
    """One thing to hand in: an indicator's figure or a task's progress report, for one year and period."""

    kind: str  # "指标" or "任务"
    title: str
    year: int
    period: str
    status: str  # 未报送 / 草稿 / 已退回 / 已报送 / 已审核 / 已采纳 / 未到期
    deadline: date  # the one that applies: set, or core.due's default
    overdue: bool
    due_soon: bool
    url: str
    note: str = ""  # the coordinator's reason when returned or reopened
    deadline_default: bool = False
    reopened: bool = False  # returned by the coordinator's 重新打开 of an approved (accepted) record
    task: object = None  # a task report's task and Slot (selectors.Slot)
    slot: object = None
    value: Decimal | None = None  # a figure's value, with `unit`
    unit: str = ""
    light: object = None  # 红黄绿 (core.lights.Light)

    @property
    def period_label(self) -> str:
        return Period(self.period).label

    @property
    def badge(self) -> str:
        """The status badge's class (static/css/app.css)."""
        return "rs-accepted" if self.status == "已采纳" else f"st-{self.status}"

    @property
    def status_label(self) -> str:
        return "重新打开" if self.reopened and self.status == "已退回" else self.status

    @property
    def is_todo(self) -> bool:
        return self.status in TODO

    @property
    def urgency(self) -> int:
        """Returned first, then overdue, due soon, due, drafts; what is handed in or not yet due last."""
        if self.status == "已退回":
            return 0
        if self.is_todo and self.overdue:
            return 1
        if self.is_todo and self.due_soon:
            return 2
        return {"未报送": 3, "草稿": 4, "未到期": 5, "已报送": 6}.get(self.status, 7)

    def sort_key(self):
        return (self.urgency, PERIOD_ORDER.index(self.period), self.kind != "指标", self.title)


@dataclass
class YearGroup:
    year: int
    todo: list[WorkItem]
    done: list[WorkItem]  # handed in, or not yet due


def figure_items(user, *, today: date) -> list[WorkItem]:
    """The figures of the indicators the user's department leads."""
    items = []
    for paced in standings.paced_rows(figure_selectors.my_figure_rows(user, today=today), today=today):
        row = paced.row
        number = f"{row.indicator.number}. " if row.indicator.number else ""
        returned = row.figure is not None and row.figure.status == Figure.Status.RETURNED
        items.append(
            WorkItem(
                kind="指标",
                title=f"{number}{row.indicator.name_with_unit}",
                year=row.year,
                period=row.period,
                status=row.status,
                deadline=row.deadline,
                overdue=row.overdue,
                due_soon=row.status in TODO and due.is_due_soon(row.deadline, today),
                deadline_default=row.deadline_default,
                url=row.indicator.entry_url(row.year, row.period),
                note=row.figure.review_note if returned else "",
                reopened=returned and row.figure.reopened,
                value=row.figure.value if row.figure is not None else None,
                unit=row.indicator.unit,
                light=paced.light,
            )
        )
    return items


def task_items(user, *, today: date, deadlines: dict | None = None) -> list[WorkItem]:
    """The progress reports of the tasks the user's unit reports on (a township through its collective): every
    period that has ended, and drafts begun early."""
    department = permissions.reporting_department(user)
    if department is None:
        return []
    return department_task_items(department, today=today, deadlines=deadlines)


def department_task_items(
    department, *, today: date, deadlines: dict | None = None, plans: list | None = None
) -> list[WorkItem]:
    """task_items of one reporting unit (not a collective); 催报 and the unit's page read the same list."""
    plans = selectors.task_plans() if plans is None else plans
    if not plans:
        return []
    if deadlines is None:
        deadlines = deadlines_set()
    tasks = list(
        permissions.tasks_of_unit(department)
        .filter(chapter__plan__in=plans)
        .select_related("chapter")
        .order_by("chapter__number", "seq")
    )
    reports = {
        (r.task_id, r.year, r.period): r
        for r in ProgressReport.objects.filter(department=department, task__in=[t.pk for t in tasks])
    }
    returns = task_lights.report_returns(department=department, task__in=[t.pk for t in tasks])
    items = []
    for plan in plans:
        slots = selectors.report_slots(plan, today)
        query = "" if plan == plans[0] else f"?plan={plan.code}"
        for task in (t for t in tasks if t.chapter.plan_id == plan.pk):
            for slot in slots:
                report = reports.get((task.pk, slot.year, slot.period))
                if report is None and not slot.is_due(today):
                    continue
                status = report.get_status_display() if report else "未报送"
                set_deadline = deadlines.get((slot.year, slot.period))
                deadline = due.deadline(slot.end, set_deadline)
                items.append(
                    WorkItem(
                        kind="任务",
                        title=f"{task.number} {task.title}",
                        year=slot.year,
                        period=slot.period,
                        status=status,
                        deadline=deadline,
                        overdue=status in TODO and due.is_overdue(slot.end, set_deadline, today),
                        due_soon=status in TODO and due.is_due_soon(deadline, today),
                        deadline_default=set_deadline is None,
                        url=f"{_report_url(task, slot)}{query}",
                        note=report.review_note if report and report.status == "returned" else "",
                        reopened=bool(report and report.status == "returned" and report.reopened),
                        task=task,
                        slot=slot,
                        light=_report_light(report, task, slot, department, set_deadline, returns, today),
                    )
                )
    return items


def _report_light(report, task, slot, department, set_deadline, returns, today):
    """The light of a report as 我的待办 knows it: its deadline and returns (the task tree adds its progress)."""
    accepted = report is not None and report.status == ProgressReport.Status.ACCEPTED
    facts = lights.Facts(
        period_end=slot.end,
        set_deadline=set_deadline,
        handed_in=report is not None and report.is_locked,
        returns=0 if accepted else returns.get((task.pk, department.pk, slot.year, slot.period), 0),
    )
    return lights.light(facts, today, settings.LIGHTS_WARN_DAYS)


def _report_url(task, slot) -> str:
    return reverse("task_report", args=[task.number, slot.year, slot.period])


def deadlines_set() -> dict:
    return {(d.year, d.period): d.due_date for d in ReportingDeadline.objects.all()}


def work_items(user, *, today: date) -> list[WorkItem]:
    return figure_items(user, today=today) + task_items(user, today=today)


def by_year(items: list[WorkItem]) -> list[YearGroup]:
    """Newest year first; in each year what is to do, most urgent first, then what is done."""
    groups = []
    for year, in_year in groupby(sorted(items, key=lambda i: -i.year), key=lambda i: i.year):
        ordered = sorted(in_year, key=WorkItem.sort_key)
        groups.append(
            YearGroup(year, [i for i in ordered if i.is_todo], [i for i in ordered if not i.is_todo])
        )
    return groups


def _scalars(*querysets) -> list:
    """The single values of several querysets, read in one round trip: SELECT (q1), (q2), …"""
    parts, params = [], []
    for queryset in querysets:
        sql, query_params = queryset.query.sql_with_params()
        parts.append(f"({sql})")
        params += query_params
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        return list(cursor.fetchone())


def _total(queryset, field="id", function=Count):
    """One value over the whole queryset, as a subquery (grouping by a constant groups nothing)."""
    return queryset.order_by().annotate(g=Value(1)).values("g").annotate(n=function(field)).values("n")


def todo_count(user, *, today: date, items: list[WorkItem] | None = None) -> int:
    """How many things the user's unit has to hand in, cached until the data changes (the version of
    core.freshness, which every figure, deadline, task and report write moves): no query of its own while nothing
    changed. The home page passes the items it lists, so that the other pages find the count ready."""
    key = f"worklist:{user.pk}:{user.department_id}:{today}:{freshness.version()}"
    count = None if items is not None else cache.get(key)
    if count is None:
        items = work_items(user, today=today) if items is None else items
        count = sum(item.is_todo for item in items)
        cache.set(key, count, COUNT_TTL)
    return count


def review_counts() -> dict[str, int]:
    """What waits for the coordinator: submitted figures and submitted task reports, in one query, kept until
    the data changes."""
    return freshness.memo("review_counts", _review_counts)


def _review_counts() -> dict[str, int]:
    figures, reports = _scalars(
        _total(Figure.objects.filter(status=Figure.Status.SUBMITTED)),
        _total(ProgressReport.objects.filter(status=ProgressReport.Status.SUBMITTED)),
    )
    return {"figures": figures or 0, "reports": reports or 0}


REVIEW_TABS = [
    ProgressReport.Status.SUBMITTED,
    ProgressReport.Status.RETURNED,
    ProgressReport.Status.ACCEPTED,
    ProgressReport.Status.DRAFT,
]


def reports_for_review(*, department=None, year=None, period=None) -> QuerySet[ProgressReport]:
    """Task reports for the coordinator's queue, oldest submission first, filtered by unit, year and period."""
    reports = ProgressReport.objects.select_related("task__chapter__plan", "department")
    if department:
        reports = reports.filter(department__code=department)
    if year:
        reports = reports.filter(year=year)
    if period:
        reports = reports.filter(period=period)
    return reports.order_by("submitted_at", "task__chapter__number", "task__seq", "department__sort_order")


def report_status_counts(reports: QuerySet[ProgressReport]) -> dict[str, int]:
    return dict(reports.order_by().values_list("status").annotate(n=Count("id")))


@dataclass(frozen=True)
class LateSlot:
    """Of one plan, its latest period that has ended, the units that have not reported for it, and where the
    period stands by core.due (待报 before its deadline, 逾期 after)."""

    slot: selectors.Slot
    units: list[selectors.LateUnit]
    state: str
    deadline: date
    deadline_default: bool

    @property
    def overdue(self) -> bool:
        return self.state == due.OVERDUE


def late_units(*, today: date) -> list[LateSlot]:
    """Per plan with tasks, the units that have not submitted for its latest period that has ended."""
    deadlines = deadlines_set()
    result = []
    for plan in selectors.task_plans():
        slot, units = selectors.late_units_due(plan=plan, today=today)
        set_deadline = deadlines.get((slot.year, slot.period))
        state = due.state(slot.end, set_deadline, today)
        result.append(
            LateSlot(slot, units, state, due.deadline(slot.end, set_deadline), set_deadline is None)
        )
    return result
