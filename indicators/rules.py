"""Target rules: is a figure on track against its target, and why (one line of Chinese).

Pure Python on purpose (no Django) so every rule is table-tested in isolation; see DESIGN.md "Target rules".
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from core.values import fmt


class Kind(StrEnum):
    AT_LEAST = "at_least"  # value >= target
    APPROX = "approx"  # "左右": >= target met; within tolerance below -> nearly met
    STRIVE = "strive"  # "力争": >= target met; else STRIVE_NOT_MET (not a failure)
    RELATIVE = "relative"  # value > reference series value for the same period
    LEADING = "leading"  # "全市领先": rank 1 among 无锡's districts
    AT_MOST = "at_most"  # value <= target
    # The target language of real plans (indicators/target_text.py reads them; indicators/rules_more.py judges):
    GREATER = "greater"  # ">75", "超过1.3万亿元": value > target (equal is a miss)
    LESS = "less"  # "<4": value < target
    EQUAL = "equal"  # "=100": value == target
    RANGE = "range"  # "6-7", "6%—7%": target <= value <= upper
    ALL = "all"  # "<4/<5.5": every part must hold
    CHANGE = "change"  # against the baseline: "翻一番", "累计下降13.5%", "比2025年提高5个百分点"
    PACE = "pace"  # "与全市经济增速保持同步": not below the reference by more than the tolerance
    DIRECTION = "direction"  # "持续下降", "稳步提升": better than the previous year
    ASSIGNED = "assigned"  # "完成市下达目标": the number a superior assigns later
    JUDGED = "judged"  # "保持在合理区间": qualitative, judged by the coordinator

    @property
    def value_is_level(self) -> bool:
        """The target's number is a level the value moves toward (paced during the year), not an amount of change."""
        return self not in (Kind.CHANGE, Kind.ALL, Kind.JUDGED, Kind.DIRECTION, Kind.PACE)


_LABELS = {
    "met": "已达标",
    "nearly_met": "基本达标",
    "not_met": "未达标",
    "strive_not_met": "力争未达",
    "pending": "待评估",
    "no_value": "无完成值",
}


class Status(StrEnum):
    MET = "met"
    NEARLY_MET = "nearly_met"
    NOT_MET = "not_met"
    STRIVE_NOT_MET = "strive_not_met"
    PENDING = "pending"
    NO_VALUE = "no_value"

    @property
    def label(self) -> str:
        return _LABELS[self.value]

    @property
    def is_failure(self) -> bool:
        # 力争未达 and 待评估 are deliberately not failures: only a missed firm target counts.
        return self is Status.NOT_MET


DEFAULT_TOLERANCE = Decimal("0.01")  # approx: 1% of the target, below the target
DEFAULT_PACE_TOLERANCE = Decimal("0.5")  # pace: may lag the reference by 0.5 (percentage points for %)
# CHANGE modes: the baseline times the amount, up/down by the amount in percent or in (percentage) points.
CHANGE_MODES = ("times", "pct_up", "pct_down", "pp_up", "pp_down")
NO_TARGET_KINDS = (
    Kind.RELATIVE,
    Kind.LEADING,
    Kind.PACE,
    Kind.DIRECTION,
    Kind.ASSIGNED,
    Kind.JUDGED,
    Kind.ALL,
)


def _check_decimal(name: str, x: object) -> None:
    # Floats carry binary noise (34.6 != Decimal("34.6")), so they are refused outright.
    if x is not None and not isinstance(x, Decimal):
        raise TypeError(f"{name} must be a Decimal or None, not {type(x).__name__}")
    if x is not None and not x.is_finite():
        raise ValueError(f"{name} must be finite, got {x}")


@dataclass(frozen=True)
class Rule:
    kind: Kind
    target: Decimal | None = None  # None for RELATIVE and LEADING
    tolerance: Decimal | None = None  # fraction of target for APPROX; None -> DEFAULT_TOLERANCE
    unit: str = ""  # "%", "万元/人", "亿元", "家", "人", or "" (两化融合发展水平 has none)
    source_text: str = ""  # the cell as written: "34.8左右", "力争1家", "全市领先", ...
    upper: Decimal | None = None  # RANGE: the inclusive upper bound (target is the lower one)
    mode: str = ""  # CHANGE: one of CHANGE_MODES (target is the amount: 2 for ×2, 13.5 for 下降13.5%)
    margin: Decimal | None = None  # RELATIVE: by at least this much ("3个百分点以上"); None → strictly
    direction: str = "up"  # RELATIVE/DIRECTION/ASSIGNED: "up" (higher is better) or "down"
    reference_name: str = ""  # RELATIVE/PACE: the series compared with, for the reason ("全市平均水平")
    parts: tuple["Rule", ...] = ()  # ALL: the conditions, each judged on the same value
    judgement: str = (
        ""  # JUDGED: the coordinator's Status code ("met", "nearly_met", "not_met"), "" → pending
    )
    judgement_reason: str = ""  # JUDGED: why, in the coordinator's words

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", Kind(self.kind))  # stored codes arrive as plain str
        for name in ("target", "tolerance", "upper", "margin"):
            _check_decimal(name, getattr(self, name))
        if self.target is None and self.kind not in NO_TARGET_KINDS:
            raise ValueError(f"a {self.kind} rule needs a target")
        if self.tolerance is not None and self.tolerance < 0:
            raise ValueError("tolerance must not be negative")
        if self.kind is Kind.RANGE and (self.upper is None or self.upper < self.target):
            raise ValueError("a range needs an upper bound not below its lower one")
        if self.kind is Kind.CHANGE and self.mode not in CHANGE_MODES:
            raise ValueError(f"a change rule needs a mode in {CHANGE_MODES}, not {self.mode!r}")
        if self.kind is Kind.ALL and not self.parts:
            raise ValueError("an all rule needs its parts")
        if self.direction not in ("up", "down"):
            raise ValueError(f"direction must be up or down, not {self.direction!r}")
        if self.judgement and self.judgement not in (Status.MET, Status.NEARLY_MET, Status.NOT_MET):
            raise ValueError(f"a judgement must be met, nearly_met or not_met, not {self.judgement!r}")


@dataclass(frozen=True)
class Evaluation:
    status: Status
    reason: str  # one line of Chinese

    @property
    def label(self) -> str:
        return self.status.label


def _qty(d: Decimal, unit: str) -> str:
    return f"{fmt(d)}{unit}"


def _diff(d: Decimal, unit: str) -> str:
    # A difference between two percentages is in percentage points, not percent.
    return f"{fmt(d)} 个百分点" if unit == "%" else _qty(d, unit)


def _higher(head: str, ref: str, gap: Decimal, unit: str, shown: Decimal | None = None) -> Evaluation:
    """Decide on the exact gap; `shown` is the gap as printed when the exact one repeats (10/3)."""
    shown = abs(gap if shown is None else shown)
    if gap > 0:
        return Evaluation(Status.MET, f"{head}，高于{ref}（高 {_diff(shown, unit)}）")
    if gap == 0:  # "高于" is strict: equal growth is not higher
        return Evaluation(Status.NOT_MET, f"{head}，与{ref}持平，未高于")
    return Evaluation(Status.NOT_MET, f"{head}，低于{ref}（低 {_diff(shown, unit)}）")


def evaluate(
    rule: Rule,
    value: Decimal | None,
    *,
    rank: int | None = None,
    reference: Decimal | None = None,
    baseline: Decimal | None = None,
    previous: Decimal | None = None,
) -> Evaluation:
    """Judge a value. `reference` is the compared series' value of the same period (RELATIVE, PACE),
    `baseline` the indicator's 基数 (CHANGE), `previous` the previous year's value (DIRECTION)."""
    for name, x in (
        ("value", value),
        ("reference", reference),
        ("baseline", baseline),
        ("previous", previous),
    ):
        _check_decimal(name, x)
    if rank is not None and (type(rank) is not int or rank < 1):
        raise ValueError(f"rank must be an int >= 1, got {rank!r}")
    if (
        rule.kind is Kind.JUDGED and rule.judgement
    ):  # a qualitative target may be judged with no number at all
        from indicators.rules_more import judged

        return judged(rule)
    if value is None:
        return Evaluation(Status.NO_VALUE, "尚无完成值")
    if rule.kind not in _SEED_KINDS or (
        rule.kind is Kind.RELATIVE and (rule.margin, rule.direction) != (None, "up")
    ):
        from indicators.rules_more import evaluate_more

        return evaluate_more(
            rule, value, rank=rank, reference=reference, baseline=baseline, previous=previous
        )
    unit, done = rule.unit, _qty(value, rule.unit)

    if rule.kind is Kind.LEADING:
        if rank is None:
            return Evaluation(Status.PENDING, f"占比 {done}，尚无排名，待协调员评估")
        if rank == 1:
            return Evaluation(Status.MET, f"占比 {done}，排名第 1，全市领先")
        return Evaluation(Status.NOT_MET, f"占比 {done}，排名第 {rank}，未领先")

    if rule.kind is Kind.RELATIVE:
        if reference is None:
            return Evaluation(
                Status.PENDING, f"增速 {done}，缺少{rule.reference_name or '规上工业增加值增速'}，待评估"
            )
        ref = f"{rule.reference_name or '规上工业增速'} {_qty(reference, unit)}"
        return _higher(f"增速 {done}", ref, value - reference, unit)

    assert rule.target is not None  # guaranteed by Rule.__post_init__
    target, gap = _qty(rule.target, unit), value - rule.target

    if rule.kind is Kind.AT_MOST:
        if gap > 0:
            return Evaluation(Status.NOT_MET, f"完成 {done}，目标不超过 {target}，超出 {_diff(gap, unit)}")
        if gap == 0:
            return Evaluation(Status.MET, f"完成 {done}，目标不超过 {target}，恰好持平")
        return Evaluation(Status.MET, f"完成 {done}，目标不超过 {target}，低 {_diff(-gap, unit)}")

    if rule.kind is Kind.STRIVE:
        if gap >= 0:
            return Evaluation(Status.MET, f"完成 {done}，力争 {target}，已实现")
        return Evaluation(Status.STRIVE_NOT_MET, f"完成 {done}，力争 {target}，尚未实现")

    # AT_LEAST and APPROX: reaching the target is met; only APPROX has a band just below it.
    goal = f"{target} 左右" if rule.kind is Kind.APPROX else target
    if gap == 0:
        return Evaluation(Status.MET, f"完成 {done}，达到目标 {goal}")
    if gap > 0:
        return Evaluation(Status.MET, f"完成 {done}，目标 {goal}，超出 {_diff(gap, unit)}")
    short = f"完成 {done}，目标 {goal}，差 {_diff(-gap, unit)}"
    if rule.kind is Kind.APPROX:
        allowed = abs(rule.target) * (DEFAULT_TOLERANCE if rule.tolerance is None else rule.tolerance)
        if -gap <= allowed:
            return Evaluation(Status.NEARLY_MET, f"{short}，在容差内")
        return Evaluation(Status.NOT_MET, f"{short}，超出容差（{_diff(allowed, unit)}）")
    return Evaluation(Status.NOT_MET, short)


_SEED_KINDS = (Kind.AT_LEAST, Kind.APPROX, Kind.STRIVE, Kind.RELATIVE, Kind.LEADING, Kind.AT_MOST)


def evaluate_average(values: Sequence[Decimal], references: Sequence[Decimal]) -> Evaluation:
    """For RELATIVE (indicator 5, "年均增速高于规上工业增速"): compare the mean of the years' values with
    the mean of the reference series over the same years (2023–2025); MET when strictly greater,
    NOT_MET otherwise, NO_VALUE when empty; lengths must match (ValueError otherwise)."""
    for name, series in (("values", values), ("references", references)):
        for x in series:
            _check_decimal(name, x)
    if len(values) != len(references):
        raise ValueError(f"{len(values)} values but {len(references)} references")
    if not values:
        return Evaluation(Status.NO_VALUE, "尚无完成值")
    mean, ref_mean = sum(values) / len(values), sum(references) / len(values)

    def cents(d: Decimal) -> Decimal:  # means of three years repeat (10/3): print two decimals
        return d.quantize(Decimal("0.01"), ROUND_HALF_UP)

    head = f"{len(values)} 年平均增速 {_qty(cents(mean), '%')}"
    ref = f"规上工业同期平均增速 {_qty(cents(ref_mean), '%')}"
    return _higher(head, ref, mean - ref_mean, "%", shown=cents(mean - ref_mean))


# -- 终期评估: the final assessment of a plan --------------------------------------------------------------------


def evaluate_final(
    rule: Rule,
    value: Decimal | None,
    *,
    rank: int | None = None,
    reference: Decimal | None = None,
    series: Sequence[tuple[int, Decimal | None, Decimal | None]] = (),
    baseline: Decimal | None = None,
    previous: Decimal | None = None,
) -> Evaluation:
    """An indicator at the end of its plan: the final year's rule, except a RELATIVE target ("年均增速高于规上
    工业增速"), which is about the whole period: the mean of every plan year's value against the reference
    series' mean. `series` is (year, value, reference) for each of the plan's years."""
    if rule.kind is not Kind.RELATIVE or value is None or (rule.margin, rule.direction) != (None, "up"):
        return evaluate(rule, value, rank=rank, reference=reference, baseline=baseline, previous=previous)
    missing = [str(year) for year, v, ref in series if v is None or ref is None]
    if missing:
        return Evaluation(
            Status.PENDING, f"缺少 {'、'.join(missing)} 年的增速或规上工业增速，无法比较年均增速"
        )
    return evaluate_average([v for _, v, _ in series], [ref for _, _, ref in series])


PERCENT = Decimal(100)


def completion_rate(rule: Rule, value: Decimal | None) -> Decimal | None:
    """完成率 in percent, one decimal: value / target (target / value for an upper limit); None where a target
    is no number (RELATIVE, LEADING) or zero."""
    _check_decimal("value", value)
    if value is None or rule.target is None or rule.target == 0 or not rule.kind.value_is_level:
        return None
    if rule.kind in (Kind.AT_MOST, Kind.LESS) or (rule.kind is Kind.ASSIGNED and rule.direction == "down"):
        return None if value == 0 else _tenths(rule.target / value * PERCENT)
    return _tenths(value / rule.target * PERCENT)


def annual_change(baseline: Decimal | None, value: Decimal | None, years: int, unit: str) -> str:
    """年均变化 from the baseline: shares and rates (%) in percentage points a year, positive quantities as a
    compound growth rate; "—" when it cannot be said (no baseline, no value, a sign change)."""
    _check_decimal("baseline", baseline)
    _check_decimal("value", value)
    if baseline is None or value is None or years < 1:
        return "—"
    if unit == "%":
        step = (value - baseline) / years
        return f"年均{'增加' if step >= 0 else '减少'} {_diff(_hundredths(abs(step)), unit)}"
    if baseline <= 0 or value <= 0:
        return "—"
    growth = ((value / baseline) ** (Decimal(1) / years) - 1) * PERCENT
    return f"年均{'增长' if growth >= 0 else '下降'} {fmt(_tenths(abs(growth)))}%"


def _tenths(d: Decimal) -> Decimal:
    return d.quantize(Decimal("0.1"), ROUND_HALF_UP)


def _hundredths(d: Decimal) -> Decimal:
    return d.quantize(Decimal("0.01"), ROUND_HALF_UP)
