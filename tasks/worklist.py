"""待办: what a unit has to hand in — its indicators' figures and its task progress reports, the latter one item
per period (the 批量填报 page files them together) — what needs action first whatever its year, then what is handed
in or not yet due by year; and who has not reported a period. Reads only; the forms stay where they are.

Task reports have no deadline of their own: the coordinator's 截止日期 of the same year and period applies when set,
otherwise the documented default; whether something is 逾期 or 即将到期 is core.due's one rule (docs/due.md). Which
periods a unit owes at all is tasks/owed.py's.
"""

from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from itertools import groupby

from django.core.cache import cache
from django.urls import reverse

from core import due, freshness, lights
from indicators import selectors as figure_selectors
from indicators import standings
from indicators.models import PERIOD_ORDER, Figure, Period, ReportingDeadline
from tasks import lights as task_lights
from tasks import owed, permissions, selectors
from tasks.models import ProgressReport, period_end

Status = ProgressReport.Status

TODO = ("未报送", "草稿", "已退回")
COUNT_TTL = 600  # an unused count leaves the cache after this


@dataclass(frozen=True)
class WorkItem:
    """One thing to hand in for one year and period: an indicator's figure, or a unit's task progress reports
    (all its tasks of one plan, filed together on the batch page)."""

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
    slot: object = None  # a period's task reports: its selectors.Slot
    value: Decimal | None = None  # a figure's value, with `unit`
    unit: str = ""
    due_state: str = due.NOT_DUE  # core.due's 未到期 / 待报 / 逾期 of the period
    count: int = 0  # a period's task reports: how many tasks, and how many have a report saved
    filled: int = 0
    light: object = None  # 红黄绿 (core.lights.Light); a period's task reports: the worst of them

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
        """What needs action first, whatever its year: returned, overdue, due soon, due, then what is begun for
        a period not yet ended; what is handed in or not yet due last."""
        if self.status == "已退回":
            return 0
        if self.is_todo:
            if self.due_state == due.OVERDUE:
                return 1
            if self.due_state == due.DUE:
                return 2 if self.due_soon else 3
            return 4
        return {"未到期": 5, "已报送": 6}.get(self.status, 7)

    def sort_key(self):
        return (self.urgency, self.year, PERIOD_ORDER.index(self.period), self.kind != "指标", self.title)


@dataclass
class YearGroup:
    year: int
    items: list[WorkItem]  # handed in, or not yet due


def arrange(items: list[WorkItem]) -> tuple[list[WorkItem], list[YearGroup]]:
    """What is to do, most urgent first across the years; and what is handed in or not yet due, newest year
    first."""
    todo = sorted((i for i in items if i.is_todo), key=WorkItem.sort_key)
    done = sorted((i for i in items if not i.is_todo), key=lambda i: -i.year)
    return todo, [
        YearGroup(year, sorted(in_year, key=WorkItem.sort_key))
        for year, in_year in groupby(done, key=lambda i: i.year)
    ]


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
                due_state=_figure_state(row, today),
                url=row.indicator.entry_url(row.year, row.period),
                note=row.figure.review_note if returned else "",
                reopened=returned and row.figure.reopened,
                value=row.figure.value if row.figure is not None else None,
                unit=row.indicator.unit,
                light=paced.light,
            )
        )
    return items


def _figure_state(row, today: date) -> str:
    if row.overdue:
        return due.OVERDUE
    return due.NOT_DUE if today <= period_end(row.year, row.period) else due.DUE


def task_items(user, *, today: date, deadlines: dict | None = None) -> list[WorkItem]:
    """The progress reports of the tasks the user's unit reports on (a township through its collective), one
    item per period (tasks/owed.py says which are owed): every owed period that has ended, and one begun early."""
    department = permissions.reporting_department(user)
    if department is None:
        return []
    return department_task_items(department, today=today, deadlines=deadlines)


def department_task_items(
    department,
    *,
    today: date,
    deadlines: dict | None = None,
    plans: list | None = None,
    owing: owed.Owing | None = None,
) -> list[WorkItem]:
    """task_items of one reporting unit (not a collective); 催报 and the unit's page read the same list."""
    plans = selectors.task_plans() if plans is None else plans
    if not plans:
        return []
    if deadlines is None:
        deadlines = deadlines_set()
    owing = owed.owing() if owing is None else owing
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
        of_plan = [t for t in tasks if t.chapter.plan_id == plan.pk]
        if not of_plan:
            continue
        query = "" if plan == plans[0] else f"?plan={plan.code}"
        prefix = f"{plan.short_name}·" if len(plans) > 1 else ""
        for slot in selectors.report_slots(plan, today):
            if not owing.owes(department, slot):
                continue
            in_slot = [(t, reports.get((t.pk, slot.year, slot.period))) for t in of_plan]
            if not slot.is_due(today) and not any(report for _, report in in_slot):
                continue
            set_deadline = deadlines.get((slot.year, slot.period))
            item = _period_item(in_slot, slot, set_deadline, today, f"{batch_url(slot)}{query}", prefix)
            light = lights.worst(  # the worst of the period's reports
                task_lights.report_light(
                    task, department, slot, report, set_deadline=set_deadline, returns=returns, today=today
                )
                for task, report in in_slot
            )
            items.append(replace(item, light=light))
    return items


def _period_item(
    in_slot: list, slot, set_deadline: date | None, today: date, url: str, prefix: str
) -> WorkItem:
    """One period's task reports of a unit as one item: 已退回 when any is returned, 已报送 (已采纳) when all
    are handed in, 草稿 while some are begun, else 未报送."""
    filled = [(task, report) for task, report in in_slot if report is not None]
    by_status = Counter(report.status for _, report in filled)
    returned = [(task, report) for task, report in filled if report.status == Status.RETURNED]
    handed = by_status[Status.SUBMITTED] + by_status[Status.ACCEPTED]
    if returned:
        status = "已退回"
    elif handed == len(in_slot):
        status = "已采纳" if by_status[Status.ACCEPTED] == handed else "已报送"
    else:
        status = "草稿" if filled else "未报送"
    title = f"{prefix}任务推进报告：{len(in_slot)} 项任务，已填 {len(filled)} 项"
    if 0 < handed < len(in_slot):
        title += f"（已报送 {handed} 项）"
    deadline = due.deadline(slot.end, set_deadline)
    state = due.state(slot.end, set_deadline, today)
    return WorkItem(
        kind="任务",
        title=title,
        year=slot.year,
        period=slot.period,
        status=status,
        deadline=deadline,
        overdue=status in TODO and state == due.OVERDUE,
        due_soon=status in TODO and due.is_due_soon(deadline, today),
        url=url,
        note="；".join(
            f"{task.number} {report.review_note}" for task, report in returned if report.review_note
        ),
        deadline_default=set_deadline is None,
        reopened=bool(returned) and all(report.reopened for _, report in returned),
        slot=slot,
        due_state=state,
        count=len(in_slot),
        filled=len(filled),
    )


def batch_url(slot) -> str:
    return reverse("task_report_batch", args=[slot.year, slot.period])


def deadlines_set() -> dict:
    return {(d.year, d.period): d.due_date for d in ReportingDeadline.objects.all()}


def work_items(user, *, today: date) -> list[WorkItem]:
    return figure_items(user, today=today) + task_items(user, today=today)


def todo_count(user, *, today: date, items: list[WorkItem] | None = None) -> int:
    """How many things the user's unit has to hand in, cached until the data changes (the version of
    core.freshness, which every figure, deadline, task and report write moves): no query of its own while nothing
    changed. The home page passes the items it lists, so that the other pages find the count ready."""
    key = f"worklist:{user.pk}:{user.department_id}:{today}:{freshness.cache_version()}"
    count = None if items is not None else cache.get(key)
    if count is None:
        items = work_items(user, today=today) if items is None else items
        count = sum(item.is_todo for item in items)
        cache.set(key, count, COUNT_TTL)
    return count


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


def late_units(*, today: date, year: int | None = None, period: str | None = None) -> list[LateSlot]:
    """Per plan with tasks, the units that owe and have not submitted for its latest period that has ended —
    of the year and period asked for, when they are."""
    deadlines = deadlines_set()
    owing = owed.owing()
    result = []
    for plan in selectors.task_plans():
        slots = [
            s
            for s in selectors.report_slots(plan, today)
            if year in (None, s.year) and period in (None, "", s.period)
        ]
        if not slots:
            continue
        slot, units = selectors.late_units_due(
            plan=plan, today=today, slot=selectors.current_slot(slots, today)
        )
        units = [u for u in units if owing.owes(u.department, slot)]
        set_deadline = deadlines.get((slot.year, slot.period))
        state = due.state(slot.end, set_deadline, today)
        result.append(
            LateSlot(slot, units, state, due.deadline(slot.end, set_deadline), set_deadline is None)
        )
    return result
