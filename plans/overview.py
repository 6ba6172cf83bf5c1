"""The leader's first screen: where the plan stands (执行中, or at its end the 终期评估 with its 达标率), which
indicators met and missed their targets (约束性 first), how the tasks advance, and what is still 待审核. Reads
only, from the final assessment (plans/assessment.py), the cached standings (indicators/standings.py) and the
task tree with its statuses (tasks/progress.py through tasks/selectors.py)."""

from dataclasses import dataclass, field
from datetime import date

from indicators.models import Indicator, Period
from indicators.selectors import period_end
from indicators.standings import STANDING_CLASS, STANDINGS, standings_get
from plans.assessment import Assessment, assessment_build
from plans.models import Plan
from tasks import selectors as task_selectors
from tasks.progress import TaskStatus

RUNNING, FINAL, CLOSED = "执行中", "终期评估", "已结束"
MISSED = ("未达标", "力争未达")  # what a leader must hear about, in this order


def plan_stage(plan: Plan, *, today: date) -> str:
    """执行中 until the plan's last year is over; then 终期评估 until the coordinator closes it (已结束)."""
    if plan.is_closed:
        return CLOSED
    return FINAL if today > period_end(plan.last_year, Period.YEAR) else RUNNING


def results_year(plan: Plan, *, today: date) -> int:
    """The latest plan year whose annual figures are due (its 全年 has ended); the first year before any is."""
    ended = [year for year in plan.years if today > period_end(year, Period.YEAR)]
    return ended[-1] if ended else plan.first_year


@dataclass(frozen=True)
class Line:
    """One indicator that missed: its verdict and the one-line reason."""

    indicator: Indicator
    verdict: str
    reason: str

    @property
    def css(self) -> str:
        return STANDING_CLASS[self.verdict]


@dataclass
class Overview:
    plan: Plan
    stage: str
    year: int  # the year the counts and the missed list are of
    assessment: Assessment | None  # once the plan's last year is over
    counts: list[tuple[str, str, int]]  # (verdict, css class, count), only those with some
    total: int
    missed: list[Line]
    pending: int  # the year's figures handed in and not yet reviewed (待审核)
    trend: list[dict]
    task_slot: task_selectors.Slot | None = None
    task_counts: list[tuple[TaskStatus, int]] = field(default_factory=list)

    @property
    def on_track(self) -> int:
        return sum(n for verdict, _, n in self.counts if verdict in ("已达标", "基本达标"))

    @property
    def rate(self) -> int | None:
        """The final assessment's 达标率 (percent); none while the plan runs."""
        return self.assessment.rate if self.assessment is not None else None

    @property
    def task_total(self) -> int:
        return sum(n for _, n in self.task_counts)


def _binding_first(lines: list[Line]) -> list[Line]:
    return sorted(
        lines,
        key=lambda line: (
            line.indicator.attribute != Indicator.Attribute.BINDING,
            MISSED.index(line.verdict),
            line.indicator.number or 0,
        ),
    )


def overview_build(plan: Plan, *, today: date) -> Overview:
    """The overview: at the plan's end its final assessment, before it the standings of the latest year due."""
    stage = plan_stage(plan, today=today)
    year = results_year(plan, today=today)
    standings = standings_get(plan=plan, year=year, period=Period.YEAR, today=today)
    assessment = assessment_build(plan, today=today) if stage != RUNNING else None
    if assessment is not None:
        counts = assessment.counts
        lines = [Line(r.indicator, r.verdict, r.evaluation.reason) for r in assessment.rows]
        total = len(assessment.rows)
    else:
        counts = standings.counts
        lines = [Line(r.indicator, r.standing, r.reason) for r in standings.rows]
        total = len(standings.rows)
    overview = Overview(
        plan=plan,
        stage=stage,
        year=year,
        assessment=assessment,
        counts=[(v, STANDING_CLASS[v], counts[v]) for v in STANDINGS if counts.get(v)],
        total=total,
        missed=_binding_first([line for line in lines if line.verdict in MISSED]),
        pending=standings.counts["待审核"],
        trend=standings.trend,
    )
    if assessment is not None and assessment.chapters:
        # At the plan's end the tasks as the final assessment takes them: at the end of its last year.
        overview.task_slot = task_selectors.Slot(assessment.final_year, Period.YEAR)
        rows = [row for chapter in assessment.chapters for row in chapter.tasks]
        overview.task_counts = task_selectors.status_counts(rows)
    elif assessment is None and plan.chapters.exists():
        slot = task_selectors.current_slot(task_selectors.report_slots(plan, today), today)
        tree = task_selectors.tree(plan=plan, slot=slot, today=today)
        overview.task_slot = slot
        overview.task_counts = task_selectors.status_counts(row for c in tree for row in c.tasks)
    return overview
