"""Reads of 督办: which items are red today (and so may get a 督办单), the notices a user may see, those waiting
for a unit or escalated to a leader, and notice_counts for the 考核 scores."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from core.lights import Light
from departments import roles
from departments.models import Department
from indicators import selectors as figure_selectors
from indicators.models import Indicator, Period
from indicators.standings import paced_rows
from plans.models import Plan
from supervision.models import Notice, UnitLeader
from tasks import lights as task_lights
from tasks import selectors as task_selectors
from tasks import worklist
from tasks.models import ProgressReport


@dataclass(frozen=True)
class Item:
    """Something red that a 督办单 may be issued for: an indicator's figure for a year and period (to its lead
    department), or a unit's part of a task for a period (to that unit)."""

    kind: str  # Notice.Kind
    plan: Plan
    department: Department
    year: int
    period: str
    title: str  # "7. 规上工业企业研发投入强度（%） 2025年上半年"
    light: Light
    indicator: Indicator | None = None
    task: object = None

    @property
    def key(self) -> str:
        """Names the item in a URL (?item=): figure-<indicator>-<year>-<period>, task-<task>-<unit>-<year>-<period>."""
        if self.kind == Notice.Kind.FIGURE:
            return f"figure-{self.indicator.pk}-{self.year}-{self.period}"
        return f"task-{self.task.pk}-{self.department.pk}-{self.year}-{self.period}"

    @property
    def slot_label(self) -> str:
        return f"{self.year}年{Period(self.period).label}"


def red_items(*, today: date) -> list[Item]:
    """Every red item of the running plans: figures of every open period, task units of every period that has
    ended. A fixed number of queries per plan, however many figures and reports there are."""
    return _red_figures(today) + _red_task_units(today)


def _red_figures(today: date) -> list[Item]:
    indicators = (
        Indicator.objects.main()
        .exclude(plan__status=Plan.Status.CLOSED)
        .select_related("plan")
        .prefetch_related(figure_selectors.TARGETS, figure_selectors.DEPARTMENTS)
        .order_by("plan_id", "number")
    )
    items = []
    for row in paced_rows(figure_selectors.figure_rows(indicators, today=today), today=today):
        if row.light.is_red and row.lead is not None:
            indicator = row.indicator
            items.append(
                Item(
                    kind=Notice.Kind.FIGURE,
                    plan=indicator.plan,
                    department=row.lead,
                    year=row.row.year,
                    period=row.row.period,
                    title=f"{indicator.number}. {indicator.name_with_unit} {row.row.year}年{row.row.period_label}",
                    light=row.light,
                    indicator=indicator,
                )
            )
    return items


def _red_task_units(today: date) -> list[Item]:
    deadlines, members, items = worklist.deadlines_set(), task_selectors.collective_members(), []
    for plan in task_selectors.task_plans():
        if plan.status == Plan.Status.CLOSED:
            continue
        tasks = [t for c in task_selectors.chapter_tree(plan) for t in c.tasks.all()]
        reports = list(ProgressReport.objects.filter(task__chapter__plan=plan))
        returns = task_lights.report_returns(task__chapter__plan=plan)
        for slot in task_selectors.report_slots(plan, today):
            if not slot.is_due(today):
                continue
            rows = task_selectors.task_rows(tasks, slot=slot, today=today, reports=reports, members=members)
            task_lights.light_rows(rows, slot, deadlines=deadlines, returns=returns, today=today)
            for row in rows:
                for unit in row.reporting_units:
                    if unit.light.is_red:
                        items.append(
                            Item(
                                kind=Notice.Kind.TASK,
                                plan=plan,
                                department=unit.department,
                                year=slot.year,
                                period=slot.period,
                                title=f"{row.task.number} {row.task.title}（{unit.department.name}）{slot.label}",
                                light=unit.light,
                                task=row.task,
                            )
                        )
    return items


def item_get(key: str, *, today: date) -> Item | None:
    """The red item named by its key, judged today; None when it is not (or no longer) red."""
    return next((item for item in red_items(today=today) if item.key == key), None)


def notice_key(notice: Notice) -> str:
    if notice.kind == Notice.Kind.FIGURE:
        return f"figure-{notice.indicator_id}-{notice.item_year}-{notice.item_period}"
    return f"task-{notice.task_id}-{notice.department_id}-{notice.item_year}-{notice.item_period}"


def open_notices_by_key() -> dict[str, Notice]:
    """The notices not yet 办结, by their item's key: an item has at most one open notice."""
    return {notice_key(n): n for n in Notice.objects.exclude(status=Notice.Status.ACCEPTED)}


def notices_visible(user) -> QuerySet[Notice]:
    """The coordinator and leaders see every notice; a unit's reporters its own; anyone else none."""
    notices = Notice.objects.select_related("department", "plan")
    if roles.is_coordinator(user) or roles.is_leader(user):
        return notices
    if roles.is_reporter(user) and user.department_id is not None:
        return notices.filter(department_id=user.department_id)
    return notices.none()


def answer_department(user) -> int | None:
    """The unit whose notices the user answers: a reporter's own."""
    return user.department_id if roles.is_reporter(user) else None


def notices_of_department(user, department: Department) -> list[Notice]:
    """A unit's page: its notices, as far as the user may see them."""
    return list(notices_visible(user).filter(department=department))


def notices_to_answer(user) -> list[Notice]:
    """我的待办's first section: the user's unit's notices not yet 办结, waiting for an answer first."""
    if not roles.is_reporter(user) or user.department_id is None:
        return []
    notices = (
        Notice.objects.select_related("department")
        .filter(department_id=user.department_id)
        .exclude(status=Notice.Status.ACCEPTED)
    )
    return sorted(notices, key=lambda n: (not n.awaits_answer, n.reply_by, n.pk))


def escalated_for(user) -> list[Notice]:
    """A leader's home page: the escalated notices still unanswered of the units they follow (of every unit,
    when they follow none)."""
    if not roles.is_leader(user):
        return []
    notices = Notice.objects.select_related("department").filter(
        escalated_at__isnull=False, status__in=[Notice.Status.ISSUED, Notice.Status.RETURNED]
    )
    followed = list(UnitLeader.objects.filter(leader=user).values_list("department_id", flat=True))
    if followed:
        notices = notices.filter(department_id__in=followed)
    return list(notices.order_by("reply_by", "pk"))


def notice_counts(
    *, year: int, plan: Plan | None = None, today: date | None = None
) -> dict[int, tuple[int, int]]:
    """督办单 of a year (the year of its number, 〔YYYY〕) per unit, for the 考核 scores:
    department id → (issued and due: notices whose reply deadline has passed or that were answered,
    answered on time: of those, the ones first answered on or before the reply deadline).

    A notice answered late, or not at all after its deadline, counts in the first number only; a notice still
    within its deadline and unanswered counts in neither. `plan` keeps the notices of that plan's items; `today`
    defaults to the local date. One query."""
    today = today or timezone.localdate()
    notices = Notice.objects.filter(year=year)
    if plan is not None:
        notices = notices.filter(plan=plan)
    due = Q(reply_by__lt=today) | Q(first_answered_at__isnull=False)
    rows = (
        notices.filter(due)
        .values("department_id")
        .annotate(
            due=Count("id"),
            on_time=Count("id", filter=Q(first_answered_at__date__lte=F("reply_by"))),
        )
        .order_by()
    )
    return {r["department_id"]: (r["due"], r["on_time"]) for r in rows}
