"""What the 领导驾驶舱 big screen shows: the standings' counts in three, the laggards, the 约束性 indicators and the
tasks' progress, from the cached standings (indicators/standings.py) and task progress (tasks/selectors.py,
tasks/progress.py). Nothing here judges anything itself."""

from dataclasses import dataclass
from datetime import date

from core import freshness
from indicators.models import Indicator, Period
from indicators.standings import DashboardRow, standings_get
from plans.models import Plan
from tasks import selectors as task_selectors
from tasks.progress import TaskStatus

# The dashboard's eight standings in the screen's three large counts (未到期 is left out: nothing to judge yet).
GROUPS = {
    "达标": ("已达标", "基本达标"),
    "未达标": ("未达标", "力争未达"),
    "待评估": ("待评估", "待审核", "未报送"),
}
GROUP_CLASS = {"达标": "met", "未达标": "not_met", "待评估": "pending"}
LAGGARD_STANDINGS = ("未达标", "力争未达")
LAGGARDS_SHOWN = 5
TASK_CLASS = {
    TaskStatus.DONE: "met",
    TaskStatus.ON_TRACK: "nearly_met",
    TaskStatus.BEHIND: "not_met",
    TaskStatus.NOT_REPORTED: "missing",
    TaskStatus.NOT_DUE: "not_due",
}


@dataclass(frozen=True)
class Count:
    label: str
    css: str
    n: int
    parts: list[tuple[str, int]]  # the standings it adds up, with their counts


@dataclass(frozen=True)
class TaskSummary:
    slot_label: str
    total: int
    statuses: list[tuple[str, str, int, int]]  # (label, css class, count, percent of all tasks)
    late_units: int


@dataclass(frozen=True)
class Screen:
    plan: Plan
    year: int
    period: str
    counts: list[Count]
    total: int
    laggards: list[DashboardRow]  # missed, or paced to miss, worst-placed category first
    laggard_count: int
    binding: list[DashboardRow]  # the 约束性 indicators, whatever their standing
    tasks: TaskSummary | None

    @property
    def period_label(self) -> str:
        return Period(self.period).label


def laggard(r: DashboardRow) -> bool:
    return r.standing in LAGGARD_STANDINGS or bool(r.pace and r.pace.projected_miss)


def tasks_summary(plan: Plan, today: date) -> TaskSummary | None:
    """The plan's tasks for its latest reporting period that has ended; None for a plan without tasks."""

    def build():
        slots = task_selectors.report_slots(plan, today) if plan.chapters.exists() else []
        if not slots:
            return None
        slot = task_selectors.current_slot(slots, today)
        rows = [row for c in task_selectors.tree(plan=plan, slot=slot, today=today) for row in c.tasks]
        total = len(rows) or 1
        statuses = [
            (status.label, TASK_CLASS[status], n, round(100 * n / total))
            for status, n in task_selectors.status_counts(rows)
        ]
        late = len(task_selectors.late_units(rows)) if slot.is_due(today) else 0
        return TaskSummary(slot.label, len(rows), statuses, late)

    return freshness.memo(("screen-tasks", plan.pk, today), build)


def screen_build(*, plan: Plan, year: int, period: str, today: date) -> Screen:
    standings = standings_get(plan=plan, year=year, period=period, today=today)
    counts = standings.counts
    rows = sorted(standings.rows, key=lambda r: (r.indicator.category.sort_order, r.indicator.number))
    laggards = [r for r in rows if laggard(r)]
    return Screen(
        plan=plan,
        year=year,
        period=period,
        counts=[
            Count(label, GROUP_CLASS[label], sum(counts[s] for s in parts), [(s, counts[s]) for s in parts])
            for label, parts in GROUPS.items()
        ],
        total=len(rows),
        laggards=laggards[:LAGGARDS_SHOWN],
        laggard_count=len(laggards),
        binding=[r for r in rows if r.indicator.attribute == Indicator.Attribute.BINDING],
        tasks=tasks_summary(plan, today),
    )
