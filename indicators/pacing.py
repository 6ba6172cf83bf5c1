"""序时进度: is a year-to-date figure on pace for the year's target, and where will the year end?

Pure Python (no Django), like rules.py. Two kinds of indicator accumulate differently during a year:
- level (比重、增速、存量): the year starts from last year's value and moves toward the target;
- flow (总量、新增数): the year starts from zero and sums up to the annual figure.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from indicators.rules import Kind, Rule, _diff, fmt
from indicators.rules_more import change_goal

# Share of the year elapsed at the end of each year-to-date period.
ELAPSED = {"q1": Decimal("0.25"), "h1": Decimal("0.5"), "q3": Decimal("0.75"), "year": Decimal("1")}
LEVEL, FLOW = "level", "flow"


@dataclass(frozen=True)
class Pace:
    expected: Decimal  # linear 序时进度: where the value should be by now
    seasonal: Decimal | None  # expectation from earlier years' pattern, when history exists
    projection: Decimal | None  # the year-end value if the current pace continues
    on_track: bool
    projected_miss: bool  # 按当前进度预计未达标
    reason: str


def _q(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"))


def pace(
    *,
    mode: str,
    period: str,
    value: Decimal,
    target: Decimal,
    start: Decimal | None = None,
    history: Sequence[tuple[Decimal, Decimal]] = (),
    unit: str = "",
    lower_is_better: bool = False,
) -> Pace | None:
    """Judge a year-to-date value against the linear (and seasonal) expectation for the year's target.

    `start` is last year's actual or the baseline (levels only); `history` holds earlier years'
    (year-to-date value of the same period, annual value) pairs for the seasonal pattern.
    Returns None when there is nothing to pace (the annual period, or a level without a start). With
    `lower_is_better` (不高于, a reduction from the baseline) being at or below the expectation is on pace."""
    share = ELAPSED[period]
    if period == "year" or (mode == LEVEL and start is None):
        return None
    origin = Decimal(0) if mode == FLOW else start
    expected = origin + (target - origin) * share
    seasonal = _seasonal(mode, origin, target, history)
    benchmark = seasonal if seasonal is not None else expected
    on_track = value <= benchmark if lower_is_better else value >= benchmark
    pattern_share = _pattern_share(mode, history) or share
    projection = origin + (value - origin) / pattern_share  # origin is 0 for flows
    projected_miss = projection > target if lower_is_better else projection < target
    basis = "按往年季节规律" if seasonal is not None else "按序时进度"
    gap = benchmark - value if lower_is_better else value - benchmark
    verdict = f"超出 {_diff(_q(gap), unit)}" if gap >= 0 else f"落后 {_diff(_q(-gap), unit)}"
    reason = f"{basis}应达 {fmt(_q(benchmark))}{unit}，实际 {fmt(value)}{unit}，{verdict}"
    reason += f"；预计全年 {fmt(_q(projection))}{unit}" + ("，按当前进度预计未达标" if projected_miss else "")
    return Pace(
        _q(expected),
        _q(seasonal) if seasonal is not None else None,
        _q(projection),
        on_track,
        projected_miss,
        reason,
    )


def goal_level(
    *,
    kind: str,
    value: Decimal | None,
    assigned: Decimal | None = None,
    adjusted: Decimal | None = None,
    mode: str = "",
    direction: str = "up",
    baseline: Decimal | None = None,
) -> tuple[Decimal, bool] | None:
    """The level a year's target asks for, and whether lower is better, for pacing: the adjusted target when
    recorded; 完成上级下达目标 its assigned number (none until it arrives); a change against the baseline
    (“翻一番”, “累计下降13.5%”) the level it means; None for what has no level (direction, pace, judged, …)."""
    if kind == Kind.ASSIGNED:
        goal = adjusted if adjusted is not None else assigned
        return None if goal is None else (goal, direction == "down")
    if kind == Kind.CHANGE:
        if baseline is None or value is None or not mode:
            return None
        rule = Rule(kind=Kind.CHANGE, target=value, mode=mode)
        return change_goal(rule, baseline), mode.endswith("_down")
    if value is None or not Kind(kind).value_is_level:
        return None
    return (adjusted if adjusted is not None else value), kind in (Kind.AT_MOST, Kind.LESS)


def _pattern_share(mode: str, history: Sequence[tuple[Decimal, Decimal]]) -> Decimal | None:
    """The average share of the annual value reached by this period in earlier years (flows only)."""
    shares = [ytd / annual for ytd, annual in history if annual]
    if mode != FLOW or not shares:
        return None
    return sum(shares) / len(shares)


def _seasonal(mode: str, origin: Decimal, target: Decimal, history) -> Decimal | None:
    share = _pattern_share(mode, history)
    return None if share is None else origin + (target - origin) * share


def required_growth(
    *, latest: Decimal, latest_year: int, target: Decimal, target_year: int, unit: str
) -> str | None:
    """What it takes each year to go from the latest actual to the final target, in one line of Chinese.
    Percentages move in points; other quantities grow at a compound annual rate."""
    years = target_year - latest_year
    if years <= 0:
        return None
    if latest >= target:
        return f"{latest_year}年已完成 {fmt(latest)}{unit}，达到{target_year}年目标 {fmt(target)}{unit}"
    if unit == "%" or latest <= 0:
        step = _q((target - latest) / years)
        return f"距{target_year}年目标还差 {_diff(_q(target - latest), unit)}，每年需提高 {_diff(step, unit)}"
    rate = (float(target) / float(latest)) ** (1 / years) - 1  # a growth rate, not a stored figure
    return f"距{target_year}年目标还差 {_diff(_q(target - latest), unit)}，年均需增长 {rate * 100:.1f}%"
