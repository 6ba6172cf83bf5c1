"""What the 考核 counts of each responsible unit for a plan and year, gathered from the existing reads: figures
(indicators.selectors.figure_rows, their statuses and deadlines), task reports (tasks.selectors.task_rows), the
workflow history rows for 退回, and — a separate input — the supervision app's 督办单 counts.

Whether an item is due, handed in on time or 逾期 is core.due's rule; a task's progress is tasks/progress.py's;
an indicator's standing is indicators/standings.py's. Nothing here decides those again.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.apps import apps
from django.utils import timezone

from core import due
from departments.models import Department
from indicators import selectors as figure_selectors
from indicators import services as figure_services
from indicators.models import Figure, Period, ReportingDeadline
from indicators.standings import standing
from plans.models import Plan
from scores import scoring
from tasks import owed as task_owed
from tasks import selectors as task_selectors
from tasks import services as task_services
from tasks.models import ProgressReport
from tasks.progress import TaskStatus

HANDED_IN = {Figure.Status.SUBMITTED, Figure.Status.APPROVED}
MET = ("已达标", "基本达标")
NOT_JUDGED = (
    "力争未达",
    "待评估",
    "待审核",
)  # left out of 指标完成率: no failure, or not the unit's to judge yet
ON_PACE = (TaskStatus.ON_TRACK, TaskStatus.DONE)


@dataclass
class Counts:
    """A unit's counts as they are gathered; scores.scoring.Facts once complete (facts())."""

    department: Department
    due: int = 0
    on_time: int = 0
    late: int = 0
    owed: int = 0
    overdue: int = 0
    returns: int = 0
    quality_confirmed: int = 0
    quality_unconfirmed: int = 0
    indicators_due: int = 0
    indicators_met: int = 0
    tasks_on_pace: int = 0
    tasks_behind: int = 0
    notices: tuple[int, int] | None = None  # (应答复, 按时答复); None without the supervision app

    def facts(self) -> scoring.Facts:
        names = [f for f in scoring.Facts.__dataclass_fields__ if not f.startswith("notices")]
        notices = self.notices or (None, None)
        return scoring.Facts(
            **{name: getattr(self, name) for name in names},
            notices_due=notices[0],
            notices_on_time=notices[1],
        )

    def item(self, *, handed_in: bool, submitted_at, applies: date, overdue: bool) -> None:
        """One figure or report whose period has ended: 按时 / 迟报 by its submission, else 未报 (逾期 or not)."""
        self.due += 1
        if handed_in:
            if submitted_at is not None and due.in_time(timezone.localtime(submitted_at).date(), applies):
                self.on_time += 1
            else:
                self.late += 1
        else:
            self.owed += 1
            self.overdue += overdue


class Units(dict):
    """Department id → its Counts, created on first mention."""

    def of(self, department: Department) -> Counts:
        if department.pk not in self:
            self[department.pk] = Counts(department)
        return self[department.pk]


def _ended(year: int, period: str, today: date) -> bool:
    """Whether the period is over (core.due: no longer 未到期); the deadline plays no part in that."""
    return due.state(figure_selectors.period_end(year, period), None, today) != due.NOT_DUE


def figure_counts(units: Units, *, plan: Plan, year: int, today: date) -> None:
    """The figures of the indicators each unit leads: every open period of the year (全年, and the year-to-date
    periods the coordinator opened with a deadline), their returns and 数据质量提示, and the annual standing."""
    indicators = figure_selectors.indicator_facts(plan)
    rows = figure_selectors.figure_rows(indicators, today=today, years=[year], facts=True, plans=[plan])
    lead_of = {i.pk: i.lead for i in indicators}
    flagged = {}
    for row in rows:
        lead = lead_of[row.indicator.pk]
        if lead is None:  # 待分配: no unit to count it against
            continue
        counts = units.of(lead)
        if not _ended(row.year, row.period, today):
            continue
        figure = row.figure
        counts.item(
            handed_in=figure is not None and figure.status in HANDED_IN,
            submitted_at=figure.submitted_at if figure is not None else None,
            applies=row.deadline,
            overdue=row.overdue,
        )
        if figure is not None and figure.quality_findings:
            flagged[figure.pk] = counts
        if row.period == Period.YEAR and (judged := standing(row)) not in NOT_JUDGED:
            counts.indicators_due += 1
            counts.indicators_met += judged in MET
    confirmed = set(
        Figure.objects.filter(pk__in=flagged, quality_confirmed_at__isnull=False).values_list("pk", flat=True)
    )
    for pk, counts in flagged.items():
        if pk in confirmed:
            counts.quality_confirmed += 1
        else:
            counts.quality_unconfirmed += 1
    returned = Figure.history.filter(
        indicator_id__in=lead_of,
        year=year,
        history_change_reason__startswith=figure_services.RETURN.history,
    ).values_list("indicator_id", flat=True)
    for indicator_id, n in Counter(returned).items():
        if lead_of[indicator_id] is not None:
            units.of(lead_of[indicator_id]).returns += n


def task_counts(units: Units, *, plan: Plan, year: int, today: date) -> None:
    """The task reports of each reporting unit (a township through its collective) for the year's periods that
    have ended, their returns, and each task's progress at the latest of those periods (tasks/progress.py)."""
    slots = [s for s in task_selectors.report_slots(plan, today) if s.year == year]
    if not slots:
        return
    tasks = [t for chapter in task_selectors.chapter_tree(plan) for t in chapter.tasks.all()]
    reports = list(ProgressReport.objects.filter(task__in=[t.pk for t in tasks], year=year))
    members = task_selectors.collective_members()
    deadlines = {
        (d.year, d.period): d.due_date for d in ReportingDeadline.objects.filter(year=year).order_by()
    }
    ended = [s for s in slots if s.is_due(today)]
    owing = (
        task_owed.owing()
    )  # periods before a unit's first account, or waived, are not owed (tasks/owed.py)
    for slot in slots:
        rows = task_selectors.task_rows(tasks, slot=slot, today=today, reports=reports, members=members)
        set_deadline = deadlines.get((slot.year, slot.period))
        for row in rows:
            for unit in row.reporting_units:
                if not owing.owes(unit.department, slot):
                    continue
                counts = units.of(unit.department)
                if slot not in ended:
                    continue
                counts.item(
                    handed_in=unit.reported,
                    submitted_at=unit.report.submitted_at if unit.report is not None else None,
                    applies=due.deadline(slot.end, set_deadline),
                    overdue=not unit.reported and due.is_overdue(slot.end, set_deadline, today),
                )
                if slot == ended[-1]:
                    counts.tasks_on_pace += unit.status in ON_PACE
                    counts.tasks_behind += unit.status == TaskStatus.BEHIND
    returned = ProgressReport.history.filter(
        task_id__in=[t.pk for t in tasks],
        year=year,
        history_change_reason__startswith=task_services.RETURN.history,
    ).values_list("department_id", flat=True)
    by_department = Counter(returned)
    if by_department:
        for department in Department.objects.filter(pk__in=by_department):
            units.of(department).returns += by_department[department.pk]


def supervision_installed() -> bool:
    return apps.is_installed("supervision")


def supervision_counts(units: Units, *, plan: Plan, year: int) -> bool:
    """督办单 issued with a reply deadline that has passed, and those answered by it, per unit, from the
    supervision app (`supervision.selectors.notice_counts`). Without that app the component is absent: it is
    shown as “—” and carries no weight. Returns whether the input was there."""
    if not supervision_installed():
        return False
    from supervision.selectors import notice_counts  # an optional app: imported only when installed

    found = notice_counts(year=year, plan=plan)
    if found:
        for department in Department.objects.filter(pk__in=found):
            units.of(department)
    for pk, counts in units.items():
        counts.notices = tuple(found.get(pk, (0, 0)))
    return True


def unit_counts(*, plan: Plan, year: int, today: date) -> tuple[list[Counts], bool]:
    """Every unit with anything to report for the plan in the year (figures it leads, task reports, 督办单),
    with its counts, in the units' order; and whether the 督办单 input is present."""
    units = Units()
    figure_counts(units, plan=plan, year=year, today=today)
    task_counts(units, plan=plan, year=year, today=today)
    present = supervision_counts(units, plan=plan, year=year)
    ordered = sorted(units.values(), key=lambda c: (c.department.sort_order, c.department.pk))
    return ordered, present
