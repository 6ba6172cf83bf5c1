"""Task progress rules: how far a commitment is, whether it keeps pace, and the status of a task or a unit.

Pure Python on purpose (no Django), table-tested in tests/tasks/test_progress.py. Periods are the codes
"h1" (上半年) and "year" (全年); a cumulative goal counts from its plan's first year (the year after the baseline).

What a reported number means, by the commitment's scope:
- annual (每年…): that year's number up to the end of the period; half the target is due by 上半年.
- cumulative (到2025年… / 累计…): the total since the start of the plan's first year, or the level reached
  (达230家); the expected share grows evenly from then to the end of the due year (a plan starting 2023, due 2025,
  at 2024 上半年: 1.5 / 3 years).

A commitment at the end of a period is:
- 已达成 when the target is reached (indicators' rules: ≥ target, "左右" within its tolerance below);
- 按进度 when value / target ≥ the expected share;
- 滞后 otherwise — except "力争", shown as 力争偏慢 and never counted as lagging (力争未达 is no failure);
- 未填报 without a number; 待评估 for the goals measured against a reference or a rank (no target).

A task's status for a period uses its lead unit's report and all its commitments; a unit's status uses its own
report and the commitments it leads. In this order:
1. 未报送 — no submitted or accepted report for a period that has ended (未到期 while the period runs);
2. 已完成 — there are commitments and every one is 已达成;
3. 滞后 — some commitment is 滞后;
4. 按进度推进 — otherwise (also for tasks without numbers once reported).
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from indicators import rules

PERIOD_SHARE = {"h1": Fraction(1, 2), "year": Fraction(1)}


class Scope(StrEnum):
    ANNUAL = "annual"
    CUMULATIVE = "cumulative"


class State(StrEnum):
    REACHED = "reached"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    STRIVE_BEHIND = "strive_behind"
    NO_VALUE = "no_value"
    NOT_MEASURED = "not_measured"

    @property
    def label(self) -> str:
        return _STATE_LABELS[self]


_STATE_LABELS = {
    State.REACHED: "已达成",
    State.ON_TRACK: "按进度",
    State.BEHIND: "滞后",
    State.STRIVE_BEHIND: "力争偏慢",
    State.NO_VALUE: "未填报",
    State.NOT_MEASURED: "待评估",
}


class TaskStatus(StrEnum):
    ON_TRACK = "on_track"
    BEHIND = "behind"
    DONE = "done"
    NOT_REPORTED = "not_reported"
    NOT_DUE = "not_due"

    @property
    def label(self) -> str:
        return _TASK_LABELS[self]


_TASK_LABELS = {
    TaskStatus.ON_TRACK: "按进度推进",
    TaskStatus.BEHIND: "滞后",
    TaskStatus.DONE: "已完成",
    TaskStatus.NOT_REPORTED: "未报送",
    TaskStatus.NOT_DUE: "未到期",
}


@dataclass(frozen=True)
class Goal:
    """What a commitment promises: kind as in indicators.rules (at_least, approx, strive, relative, leading)."""

    kind: str
    scope: str
    target: Decimal | None
    unit: str = ""
    due_year: int | None = None  # cumulative: the year by whose end the target is due (2025, 2030)
    tolerance: Decimal | None = None
    start_year: int | None = None  # cumulative: the plan's first year, from which it counts


@dataclass(frozen=True)
class Progress:
    state: State
    value: Decimal | None = None
    ratio: Fraction | None = None  # value / target
    expected: Fraction | None = None  # share of the target due by the end of the period

    @property
    def percent(self) -> int | None:
        return None if self.ratio is None else _percent(self.ratio)

    @property
    def bar_percent(self) -> int:
        """The bar's width: the percentage, kept between 0 and 100."""
        return max(0, min(100, self.percent or 0))

    @property
    def expected_percent(self) -> int | None:
        return None if self.expected is None else _percent(self.expected)

    @property
    def reason(self) -> str:
        """One line of Chinese: "完成 40%，应达 67%"."""
        if self.ratio is None:
            return self.state.label
        return f"完成 {self.percent}%，应达 {self.expected_percent}%"


def _percent(share: Fraction) -> int:
    """2/3 → 67, 197/200 → 99: rounded half up, as people round."""
    return math.floor(share * 100 + Fraction(1, 2))


def expected_share(goal: Goal, year: int, period: str) -> Fraction:
    """The share of the target due by the end of (year, period)."""
    part = PERIOD_SHARE[period]
    if goal.scope == Scope.ANNUAL:
        return part
    due, start = goal.due_year or year, goal.start_year or year
    elapsed = Fraction(year - start) + part
    return max(Fraction(0), min(Fraction(1), elapsed / (due - start + 1)))


def measure(goal: Goal, value: Decimal | None, year: int, period: str) -> Progress:
    """The state of a commitment given the number reported for (year, period)."""
    if goal.target is None:
        return Progress(State.NOT_MEASURED, value)
    if value is None:
        return Progress(State.NO_VALUE)
    expected = expected_share(goal, year, period)
    ratio = Fraction(value) / Fraction(goal.target)
    rule = rules.Rule(
        kind=rules.Kind(goal.kind), target=goal.target, tolerance=goal.tolerance, unit=goal.unit
    )
    if rules.evaluate(rule, value).status in (rules.Status.MET, rules.Status.NEARLY_MET):
        state = State.REACHED
    elif ratio >= expected:
        state = State.ON_TRACK
    else:
        state = State.STRIVE_BEHIND if goal.kind == rules.Kind.STRIVE else State.BEHIND
    return Progress(state, value, ratio, expected)


def status(*, reported: bool, due: bool, progress: Sequence[Progress]) -> TaskStatus:
    """A task's (lead unit's report, all commitments) or a unit's (its report, the commitments it leads)."""
    if not reported:
        return TaskStatus.NOT_REPORTED if due else TaskStatus.NOT_DUE
    if progress and all(p.state == State.REACHED for p in progress):
        return TaskStatus.DONE
    if any(p.state == State.BEHIND for p in progress):
        return TaskStatus.BEHIND
    return TaskStatus.ON_TRACK
