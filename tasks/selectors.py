"""Reads of the tasks: the chapter tree, each task's progress per reporting period, who is late, history.

Everything is computed in Python from a fixed number of queries (chapters, tasks, units, commitments, the
collectives' members, the period's reports), so the pages cost the same with 0 or 500 reports. The rules
(progress of a commitment, status of a task or unit) are in tasks/progress.py.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Max, Prefetch, QuerySet

from departments.models import Department
from indicators.models import Period
from plans.models import Plan
from tasks import chapter_goals, progress
from tasks.chapter_goals import GoalRow
from tasks.models import (
    REPORT_PERIODS,
    Chapter,
    Commitment,
    ProgressReport,
    Task,
    TaskUnit,
    period_end,
    report_years,
)
from tasks.readings import Reading, readings

UNITS = Prefetch("unit_links", queryset=TaskUnit.objects.select_related("department"))
# A commitment's goal counts from its plan's first year: the plan comes along in the same query.
COMMITMENTS = Prefetch(
    "commitments", queryset=Commitment.objects.select_related("lead", "task__chapter__plan").order_by("order")
)
GOALS = Prefetch(
    "goal_commitments", queryset=Commitment.objects.select_related("lead", "chapter__plan").order_by("order")
)


def task_plans() -> list[Plan]:
    """The plans that have chapters and tasks, newest first, each with the year of its furthest chapter goal
    (`goals_until`: their tasks are reported until then)."""
    return list(
        Plan.objects.annotate(goals_until=Max("chapters__goals__year")).filter(goals_until__isnull=False)
    )


def task_report_years(today: date) -> list[int]:
    """Every year some plan's tasks are reported in (chapter goals beyond the appendix years included)."""
    return sorted({year for plan in task_plans() for year in report_years(plan, today)})


def task_plan(code: str | None = None) -> Plan | None:
    """The plan whose tasks a page shows: the one named by its code, else the newest plan with tasks."""
    plans = task_plans()
    return next((p for p in plans if p.code == code), None) or next(iter(plans), None)


def chapter_list(plan: Plan) -> QuerySet[Chapter]:
    """The plan's chapters with their goals, tasks and each task's ordered units, in four queries."""
    return Chapter.objects.filter(plan=plan).prefetch_related(
        "goals", Prefetch("tasks", queryset=Task.objects.prefetch_related(UNITS).order_by("seq"))
    )


def chapter_tree(plan: Plan) -> QuerySet[Chapter]:
    """Chapters with their goals and goals' commitments, tasks, units and the tasks' commitments."""
    tasks = Task.objects.prefetch_related(UNITS, COMMITMENTS).order_by("seq")
    return Chapter.objects.filter(plan=plan).prefetch_related(
        "goals", GOALS, Prefetch("tasks", queryset=tasks)
    )


def task_get(plan: Plan, number: str) -> Task:
    return (
        Task.objects.select_related("chapter__plan")
        .prefetch_related(UNITS, COMMITMENTS)
        .get(chapter__plan=plan, number=number)
    )


# -- reporting periods ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    """A reporting period: a year's 上半年 (h1) or 全年 (year)."""

    year: int
    period: str

    @property
    def label(self) -> str:
        return f"{self.year}年{Period(self.period).label}"

    @property
    def end(self) -> date:
        return period_end(self.year, self.period)

    def is_due(self, today: date) -> bool:
        """Reports are due once the period has ended."""
        return today > self.end

    def sort_key(self) -> tuple[int, int]:
        return self.year, REPORT_PERIODS.index(self.period)


def report_slots(plan: Plan, today: date) -> list[Slot]:
    return [Slot(year, period) for year in report_years(plan, today) for period in REPORT_PERIODS]


def current_slot(slots: list[Slot], today: date) -> Slot:
    """Of a plan's report slots, the latest that has ended (the one units must have reported); before any
    has, the first."""
    due = [s for s in slots if s.is_due(today)]
    return due[-1] if due else slots[0]


def slot_get(slots: list[Slot], year: int | None, period: str | None) -> Slot | None:
    """The slot named by a year and period code, if it is one of the plan's report slots."""
    slot = Slot(year, period) if year and period else None
    return slot if slot in slots else None


# -- progress of tasks and units -----------------------------------------------------------------------------


@dataclass
class UnitRow:
    """A responsible unit on a task for one period: its report and numbers, or for a collective its members'."""

    department: Department
    report: ProgressReport | None = None
    numbers: dict[Commitment, Decimal | None] = field(default_factory=dict)  # counted reports' numbers
    reported: bool = False
    status: progress.TaskStatus = progress.TaskStatus.NOT_REPORTED
    members: list["UnitRow"] = field(default_factory=list)  # a collective's members, all of them
    listed: bool = True  # named on the task (False: a member reached through its collective)
    latest: ProgressReport | None = None  # on a task's page: the latest report up to the page's period
    goals: list[GoalRow] = field(default_factory=list)  # on a task's page: the chapter goals it reported here
    light: object = None  # 红黄绿 (core.lights.Light), set by tasks/lights.py

    @property
    def is_collective(self) -> bool:
        return bool(self.members)

    @property
    def unlisted_members(self) -> list["UnitRow"]:
        """Members shown under the collective: those not also named on the task by themselves."""
        return [m for m in self.members if not m.listed]


@dataclass
class CommitmentRow:
    commitment: Commitment
    progress: progress.Progress
    reading: Reading | None = None  # measured by its appendix indicator's approved figure (tasks/readings.py)


@dataclass
class TaskRow:
    task: Task
    status: progress.TaskStatus
    commitments: list[CommitmentRow]
    units: list[UnitRow]  # as listed on the task, collectives with their members
    goals: list[GoalRow] = field(default_factory=list)  # on a task's page: the chapter goals reported on it
    light: object = None  # its worst unit's 红黄绿, set by tasks/lights.py

    @property
    def reporting_units(self) -> list[UnitRow]:
        """Every unit that reports on the task, once: listed ones and collectives' members, no collective."""
        rows = {}
        for unit in self.units:
            for row in unit.members or [unit]:
                rows.setdefault(row.department.pk, row)
        return list(rows.values())

    @property
    def late_units(self) -> list[UnitRow]:
        return [u for u in self.reporting_units if not u.reported]


def collective_members() -> dict[int, list[Department]]:
    """Collective id → its member units (各镇街园区 → 霞科办, 高新区, 临港开发区, 华士镇), in one query."""
    members: dict[int, list[Department]] = {}
    for department in Department.objects.filter(parent__isnull=False).order_by("sort_order", "pk"):
        members.setdefault(department.parent_id, []).append(department)
    return members


def task_rows(
    tasks: Iterable[Task],
    *,
    slot: Slot,
    today: date,
    reports: Iterable[ProgressReport],
    members: dict[int, list[Department]],
    plan: Plan | None = None,
) -> list[TaskRow]:
    """The tasks (units and commitments prefetched) with their progress for one slot, from its reports and,
    for the commitments that restate an indicator, from its approved figures (of `plan`, the tasks' plan)."""
    tasks = list(tasks)
    by_unit = {
        (r.task_id, r.department_id): r for r in reports if (r.year, r.period) == (slot.year, slot.period)
    }
    read = {}
    if tasks:
        plan = plan or tasks[0].chapter.plan
        commitments = [c for task in tasks for c in task.commitments.all()]
        read = readings(plan, commitments, year=slot.year, period=slot.period)
    return [_task_row(task, slot, today, by_unit, members, read) for task in tasks]


def _unit_row(
    task: Task, department: Department, commitments: list[Commitment], by_unit, listed=True
) -> UnitRow:
    report = by_unit.get((task.pk, department.pk))
    counted = report is not None and report.counts
    # Only what is asked of the unit counts: a number kept from before (or typed for another's commitment) not.
    numbers = {c: report.number_for(c) if counted and c.asked_of(department) else None for c in commitments}
    return UnitRow(department, report, numbers, reported=counted, listed=listed)


def _collective_row(
    department: Department, member_rows: list[UnitRow], commitments: list[Commitment]
) -> UnitRow:
    """A collective's numbers are the sum of its members' (None while no member reported one)."""
    numbers = {}
    for c in commitments:
        values = [m.numbers[c] for m in member_rows if m.numbers[c] is not None]
        numbers[c] = sum(values, Decimal(0)) if values else None
    reported = all(m.reported for m in member_rows)
    return UnitRow(department, None, numbers, reported=reported, members=member_rows)


def _task_row(task: Task, slot: Slot, today: date, by_unit, members, read: dict[int, Reading]) -> TaskRow:
    commitments = list(task.commitments.all())
    listed = [link.department for link in task.unit_links.all()]
    listed_ids = {d.pk for d in listed}
    rows: dict[int, UnitRow] = {}
    for department in listed:
        for member in members.get(department.pk, []):
            if member.pk not in rows:
                rows[member.pk] = _unit_row(
                    task, member, commitments, by_unit, listed=member.pk in listed_ids
                )
        if department.pk in members:
            member_rows = [rows[m.pk] for m in members[department.pk]]
            rows[department.pk] = _collective_row(department, member_rows, commitments)
        elif department.pk not in rows:
            rows[department.pk] = _unit_row(task, department, commitments, by_unit)
    units = [rows[d.pk] for d in listed]

    commitment_rows = []
    for c in commitments:
        reading = read.get(c.pk)
        if reading is not None:
            value = reading.value
        else:
            lead = rows.get(c.lead_id)
            value = lead.numbers[c] if lead else None
        measured = progress.measure(c.goal, value, slot.year, slot.period)
        commitment_rows.append(CommitmentRow(c, measured, reading))
    due = slot.is_due(today)
    for row in rows.values():
        # A unit answers for the commitments it leads, and for its own quota of a per-unit one.
        led = [
            progress.measure(cr.commitment.goal, row.numbers[cr.commitment], slot.year, slot.period)
            if cr.commitment.per_unit
            else cr.progress
            for cr in commitment_rows
            if cr.commitment.lead_id == row.department.pk or cr.commitment.per_unit and not row.is_collective
        ]
        row.status = progress.status(reported=row.reported, due=due, progress=led)
    lead_unit = units[0] if units else None
    status = progress.status(
        reported=lead_unit is not None and lead_unit.reported,
        due=due,
        progress=[cr.progress for cr in commitment_rows],
    )
    return TaskRow(task, status, commitment_rows, units)


def slot_reports(plan: Plan, slot: Slot) -> QuerySet[ProgressReport]:
    return ProgressReport.objects.filter(task__chapter__plan=plan, year=slot.year, period=slot.period)


@dataclass
class ChapterRow:
    chapter: Chapter
    goals: list[GoalRow]  # all the chapter's goals; those an indicator restates carry no progress
    tasks: list[TaskRow]


def tree(*, plan: Plan, slot: Slot, today: date) -> list[ChapterRow]:
    """Chapters (with their goals' progress) → tasks → units with statuses for the slot, in a fixed number of
    queries however many reports there are."""
    chapters = list(chapter_tree(plan))
    tasks = [task for chapter in chapters for task in chapter.tasks.all()]
    reports = list(slot_reports(plan, slot))
    rows = task_rows(tasks, slot=slot, today=today, reports=reports, members=collective_members(), plan=plan)
    by_task = {row.task.pk: row for row in rows}
    by_unit = {(r.task_id, r.department_id): r for r in reports}
    return [
        ChapterRow(
            chapter,
            chapter_goals.goal_rows(
                chapter.goal_commitments.all(),
                [link for task in chapter.tasks.all() for link in task.unit_links.all()],
                year=slot.year,
                period=slot.period,
                reports=by_unit,
            ),
            [by_task[t.pk] for t in chapter.tasks.all()],
        )
        for chapter in chapters
    ]


def status_counts(rows: Iterable[TaskRow]) -> list[tuple[progress.TaskStatus, int]]:
    """How many tasks are in each status, in the statuses' order, leaving out those with none."""
    counts = Counter(row.status for row in rows)
    return [(status, counts[status]) for status in progress.TaskStatus if counts[status]]


@dataclass
class LateUnit:
    department: Department
    tasks: list[tuple[Task, ProgressReport | None]]  # the task, and the unreported draft or returned report


def late_units(rows: Iterable[TaskRow]) -> list[LateUnit]:
    """Units that have not submitted a report for the rows' period, with the tasks they owe, in unit order."""
    late: dict[int, LateUnit] = {}
    for row in rows:
        for unit in row.late_units:
            entry = late.setdefault(unit.department.pk, LateUnit(unit.department, []))
            entry.tasks.append((row.task, unit.report))
    return sorted(late.values(), key=lambda u: (u.department.sort_order, u.department.pk))


def late_units_due(*, plan: Plan, today: date, slot: Slot | None = None) -> tuple[Slot, list[LateUnit]]:
    """Who has not reported for the slot, by default the plan's latest period that has ended (none before the
    slot ends)."""
    slot = slot or current_slot(report_slots(plan, today), today)
    if not slot.is_due(today):
        return slot, []
    chapters = tree(plan=plan, slot=slot, today=today)
    return slot, late_units(row for chapter in chapters for row in chapter.tasks)


# -- one task's page -----------------------------------------------------------------------------------------


def task_progress(task: Task, *, slot: Slot, today: date) -> TaskRow:
    """The task's row for the slot, each unit row also carrying its latest report up to the slot's period."""
    reports = sorted(task.reports.all(), key=lambda r: Slot(r.year, r.period).sort_key())
    row = task_rows([task], slot=slot, today=today, reports=reports, members=collective_members())[0]
    latest = {
        r.department_id: r
        for r in reports
        if Slot(r.year, r.period).sort_key() <= slot.sort_key() and r.counts
    }
    for unit in row.reporting_units:
        unit.latest = latest.get(unit.department.pk)
    in_slot = {(r.task_id, r.department_id): r for r in reports if Slot(r.year, r.period) == slot}
    row.goals = chapter_goals.task_goal_rows(task, year=slot.year, period=slot.period, reports=in_slot)
    for unit in row.reporting_units:
        unit.goals = [
            g
            for g in row.goals
            if g.commitment.lead_id == unit.department.pk and g.reported and g.progress.value is not None
        ]
    return row
