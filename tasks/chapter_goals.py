"""Chapter goals that no appendix indicator restates (第一章 "制造业增加值占地区生产总值比重达45%左右", due 2030):
they have no figure of their own, so their lead unit enters the number in its progress report on one task of
the chapter — the first, by seq, it is responsible for — and they are paced from that report like a task's
commitments (tasks/progress.py). Goals restated by an indicator are judged by that indicator's figures.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from departments.models import Department
from tasks.models import Commitment, ProgressReport, Task, TaskUnit
from tasks.progress import Progress, measure


def goal_task(links: Iterable[TaskUnit], department: Department) -> Task | None:
    """Of a chapter's task-unit links (task loaded), the task on which `department` reports the chapter goals it
    leads: the first by seq it is responsible for, named or through its collective, so each is asked once."""
    units = {department.pk, department.parent_id}
    tasks = [link.task for link in links if link.department_id in units]
    return min(tasks, key=lambda task: task.seq, default=None)


def reported_goals(chapter_id: int) -> list[Commitment]:
    """The chapter's goals that a unit reports (no indicator measures them), lead and plan loaded."""
    return list(
        Commitment.objects.filter(chapter_id=chapter_id, indicator_number__isnull=True)
        .select_related("lead", "chapter__plan")
        .order_by("order")
    )


def chapter_links(chapter_id: int) -> list[TaskUnit]:
    return list(TaskUnit.objects.filter(task__chapter_id=chapter_id).select_related("task"))


def goals_reported_on(task: Task, department: Department | None) -> list[Commitment]:
    """The chapter goals `department` leads and enters on `task`'s report form (on no other task)."""
    if department is None:
        return []
    goals = [g for g in reported_goals(task.chapter_id) if g.lead_id == department.pk]
    if not goals or goal_task(chapter_links(task.chapter_id), department) != task:
        return []
    return goals


@dataclass
class GoalRow:
    """A chapter goal for one period: measured from its lead's counted report on its task, or, when an indicator
    restates it, left to that indicator (`progress` None)."""

    commitment: Commitment
    progress: Progress | None = None
    task: Task | None = None  # the task its lead reports it on (None: the lead is on no task of the chapter)
    report: ProgressReport | None = None  # the lead's report on that task, whatever its status

    @property
    def reported(self) -> bool:
        return self.report is not None and self.report.counts


def goal_rows(
    goals: Iterable[Commitment],
    links: Iterable[TaskUnit],
    *,
    year: int,
    period: str,
    reports: Mapping[tuple[int, int], ProgressReport],
) -> list[GoalRow]:
    """A chapter's goals (lead loaded) with their progress for (year, period), from the chapter's task-unit
    links (task loaded) and the period's `reports` by (task id, unit id)."""
    links = list(links)
    rows = []
    for goal in goals:
        if goal.indicator_number:
            rows.append(GoalRow(goal))
            continue
        task = goal_task(links, goal.lead)
        report = reports.get((task.pk, goal.lead_id)) if task else None
        value = report.number_for(goal) if report is not None and report.counts else None
        rows.append(GoalRow(goal, measure(goal.goal, value, year, period), task, report))
    return rows


def task_goal_rows(
    task: Task, *, year: int, period: str, reports: Mapping[tuple[int, int], ProgressReport]
) -> list[GoalRow]:
    """The chapter goals whose lead reports them on `task`, with their progress (one query when the chapter has
    none to report, two otherwise)."""
    goals = reported_goals(task.chapter_id)
    if not goals:
        return []
    rows = goal_rows(goals, chapter_links(task.chapter_id), year=year, period=period, reports=reports)
    return [row for row in rows if row.task is not None and row.task.pk == task.pk]


def goals_by_task(tasks: Iterable[Task], department: Department) -> dict[int, list[Commitment]]:
    """goals_reported_on for all of a unit's tasks at once (the batch page), in two queries: task id → the
    chapter goals the unit enters on that task."""
    tasks = list(tasks)
    goals = list(
        Commitment.objects.filter(
            chapter_id__in={t.chapter_id for t in tasks}, indicator_number__isnull=True, lead=department
        )
        .select_related("lead", "chapter__plan")
        .order_by("order")
    )
    if not goals:
        return {}
    links: dict[int, list[TaskUnit]] = {}
    for link in TaskUnit.objects.filter(task__chapter_id__in={g.chapter_id for g in goals}).select_related(
        "task"
    ):
        links.setdefault(link.task.chapter_id, []).append(link)
    found: dict[int, list[Commitment]] = {}
    for goal in goals:
        task = goal_task(links.get(goal.chapter_id, []), department)
        if task is not None:
            found.setdefault(task.pk, []).append(goal)
    return found
