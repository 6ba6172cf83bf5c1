"""考核 arithmetic: a responsible unit's counts → its component rates, deductions and 得分, and the 排名 of all.

Pure Python (no Django), Decimal only, table-tested in tests/scores/test_scoring.py. The counts are gathered by
scores/inputs.py; the weights and deductions are the coordinator's (scores.models.ScoringRule). See docs/scores.md.

- Each component is a rate between 0 and 1: 按时报送率 = 按时报送 / 应报; 指标完成率 = 达标 / 应评; 任务推进 =
  按进度 / (按进度 + 滞后); 督办单 = 按时答复 / 应答复. A component without a denominator (nothing due), or one whose
  input is absent (督办单 without the supervision app: None), is “—” and carries no weight for that unit.
- 基础分 = 100 × Σ(weight × rate) / Σ(weight) over the components that apply, rounded half up to 0.1; none
  apply → no score (“—”).
- 扣分 = 退回次数 × per_return + 未核实提示 × per_unconfirmed + 已核实提示 × per_confirmed, at most deduction_cap.
- 得分 = 基础分 − 扣分 + the coordinator's 调整, kept between 0 and 100 (rounded half up to 0.1).
- 排名: by 得分, highest first; equal scores share a rank and the next rank skips (1, 2, 2, 4); no score, no rank.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)
TENTH = Decimal("0.1")
ZERO = Decimal(0)

# (key, label) in the order the page, the export and the weights show them.
COMPONENTS = (
    ("timeliness", "按时报送率"),
    ("completion", "指标完成率"),
    ("progress", "任务推进"),
    ("supervision", "督办单按时答复"),
)


@dataclass(frozen=True)
class Weights:
    """The coordinator's weights (any non-negative numbers; only their ratio matters) and deductions (points)."""

    timeliness: Decimal
    completion: Decimal
    progress: Decimal
    supervision: Decimal
    per_return: Decimal
    per_unconfirmed: Decimal
    per_confirmed: Decimal
    deduction_cap: Decimal


# The defaults the data migration seeds (docs/scores.md): timeliness and completion count most; a return costs
# 2 points, an unconfirmed 数据质量提示 1, a confirmed one nothing (the reporter checked the value); at most 20.
DEFAULTS = {
    "timeliness": Decimal(30),
    "completion": Decimal(30),
    "progress": Decimal(20),
    "supervision": Decimal(20),
    "per_return": Decimal(2),
    "per_unconfirmed": Decimal(1),
    "per_confirmed": Decimal(0),
    "deduction_cap": Decimal(20),
}


@dataclass(frozen=True)
class Facts:
    """One unit's counts for a plan and year."""

    due: int = 0  # 应报: figures and task reports whose period has ended
    on_time: int = 0  # 按时报送: handed in by the deadline
    late: int = 0  # 迟报: handed in after the deadline
    owed: int = 0  # 未报: not handed in (missing, draft, returned)
    overdue: int = 0  # 逾期: of those owed, past the deadline (core.due)
    returns: int = 0  # 退回次数
    quality_confirmed: int = 0  # 数据质量提示 the reporter confirmed (已核实)
    quality_unconfirmed: int = 0
    indicators_due: int = 0  # annual figures of the indicators it leads that are judged or due
    indicators_met: int = 0  # of those, 已达标 or 基本达标
    tasks_on_pace: int = 0  # task × period: 按进度推进 or 已完成
    tasks_behind: int = 0
    notices_due: int | None = None  # 督办单 whose reply deadline has passed; None: no supervision input
    notices_on_time: int | None = None


@dataclass(frozen=True)
class Score:
    rates: dict[str, Decimal | None]  # component key → rate (0–1) or None (“—”)
    base: Decimal | None
    deductions: Decimal
    adjustment: Decimal
    total: Decimal | None  # None: nothing to score

    def percent(self, key: str) -> Decimal | None:
        """A rate as the page shows it: a percentage rounded half up to 0.1."""
        rate = self.rates[key]
        return None if rate is None else round_tenth(rate * HUNDRED)


def round_tenth(value: Decimal) -> Decimal:
    return value.quantize(TENTH, rounding=ROUND_HALF_UP)


def rate(part: int | None, whole: int | None) -> Decimal | None:
    if part is None or not whole:
        return None
    return Decimal(part) / Decimal(whole)


def rates(facts: Facts) -> dict[str, Decimal | None]:
    return {
        "timeliness": rate(facts.on_time, facts.due),
        "completion": rate(facts.indicators_met, facts.indicators_due),
        "progress": rate(facts.tasks_on_pace, facts.tasks_on_pace + facts.tasks_behind),
        "supervision": rate(facts.notices_on_time, facts.notices_due),
    }


def deductions(facts: Facts, weights: Weights) -> Decimal:
    points = (
        facts.returns * weights.per_return
        + facts.quality_unconfirmed * weights.per_unconfirmed
        + facts.quality_confirmed * weights.per_confirmed
    )
    return min(points, weights.deduction_cap)


def score(facts: Facts, weights: Weights, adjustment: Decimal = ZERO) -> Score:
    found = rates(facts)
    applying = [(getattr(weights, key), r) for key, r in found.items() if r is not None]
    total_weight = sum((w for w, _ in applying), ZERO)
    deducted = deductions(facts, weights)
    if total_weight <= 0:
        return Score(found, None, deducted, adjustment, None)
    # Rounded before the deductions, so that the page's 基础分 − 扣分 + 调整 adds up to its 得分.
    base = round_tenth(HUNDRED * sum((w * r for w, r in applying), ZERO) / total_weight)
    total = min(HUNDRED, max(ZERO, base - deducted + adjustment))
    return Score(found, base, deducted, adjustment, round_tenth(total))


def ranks(totals: Sequence[Decimal | None]) -> list[int | None]:
    """Competition ranking of the totals in their given order: 1, 2, 2, 4; None has no rank."""
    scored = sorted((t for t in totals if t is not None), reverse=True)
    first = {}
    for position, total in enumerate(scored, 1):
        first.setdefault(total, position)
    return [None if t is None else first[t] for t in totals]
