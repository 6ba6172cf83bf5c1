"""红黄绿 of a task × unit for one reporting period: the facts core/lights.py ranks, taken from the task rows of
tasks/selectors.py — whether the unit's report counts, its status by tasks/progress.py (滞后 is behind pace; a
commitment still 滞后 when its whole target was due is missed), the deadline by core.due and its returns."""

from collections import Counter
from datetime import date

from django.conf import settings

from core import lights
from tasks import progress
from tasks.models import ProgressReport
from tasks.selectors import Slot, TaskRow, UnitRow


def report_returns(**filters) -> Counter:
    """How many times each report was returned (退回), by (task id, department id, year, period), in one query."""
    history = ProgressReport.history.filter(history_change_reason__startswith="退回", **filters)
    return Counter(history.values_list("task_id", "department_id", "year", "period"))


def unit_light(
    row: TaskRow, unit: UnitRow, slot: Slot, *, set_deadline: date | None, returns: Counter, today: date
) -> lights.Light:
    led = [c.progress for c in row.commitments if c.commitment.lead_id == unit.department.pk]
    missed = any(p.state == progress.State.BEHIND and p.expected == 1 for p in led)
    outcome = ""
    if missed:
        outcome = lights.MISSED
    elif unit.status == progress.TaskStatus.DONE:
        outcome = lights.DONE
    facts = lights.Facts(
        period_end=slot.end,
        set_deadline=set_deadline,
        handed_in=unit.reported,
        outcome=outcome,
        behind_pace=unit.status == progress.TaskStatus.BEHIND,
        on_pace=unit.status == progress.TaskStatus.ON_TRACK,
        returns=_returns(row.task, unit.department, slot, unit.report, returns),
    )
    return lights.light(facts, today, settings.LIGHTS_WARN_DAYS)


def report_light(
    task, department, slot: Slot, report, *, set_deadline: date | None, returns: Counter, today: date
) -> lights.Light:
    """The light of one unit's report as 我的待办 knows it: by its deadline and returns only (the task tree's
    unit_light adds the commitments' progress)."""
    facts = lights.Facts(
        period_end=slot.end,
        set_deadline=set_deadline,
        handed_in=report is not None and report.is_locked,
        returns=_returns(task, department, slot, report, returns),
    )
    return lights.light(facts, today, settings.LIGHTS_WARN_DAYS)


def _returns(task, department, slot: Slot, report, returns: Counter) -> int:
    """How often the report was returned, while it counts: once accepted, its returns are behind it."""
    if report is not None and report.status == ProgressReport.Status.ACCEPTED:
        return 0
    return returns.get((task.pk, department.pk, slot.year, slot.period), 0)


def light_rows(
    rows: list[TaskRow], slot: Slot, *, deadlines: dict, returns: Counter, today: date
) -> list[TaskRow]:
    """Set the light of every unit on the rows (a collective: its worst member's) and of each task (its worst
    unit's); `deadlines` maps (year, period) to the 截止日期 set. No query."""
    set_deadline = deadlines.get((slot.year, slot.period))
    for row in rows:
        for unit in row.reporting_units:
            unit.light = unit_light(row, unit, slot, set_deadline=set_deadline, returns=returns, today=today)
        for unit in row.units:
            if unit.is_collective:
                unit.light = lights.worst(m.light for m in unit.members)
        row.light = lights.worst(u.light for u in row.reporting_units)
    return rows
