"""Data quality: is a figure plausible before anyone evaluates it against its target, and if not, why?

Pure Python (no Django), Decimal only, like rules.py. A finding is hard (refuse: the value cannot be right —
a share above 100 %, a cumulative figure below an earlier quarter's) or soft (warn: the value looks wrong —
outside its usual range, far from the series' own history, a likely unit slip). Rule data comes from
fixtures/plan/quality.yaml through `indicators.quality_rules_file.load_rules`; the caller gathers plain values
and calls `check`.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from indicators.quality_expr import Expr
from indicators.quality_history import outlier, slip_hint
from indicators.rules import fmt

PERIODS = ("q1", "h1", "q3", "year")  # year-to-date order within a year
PERIOD_LABELS = {"q1": "一季度", "h1": "上半年", "q3": "前三季度", "year": "全年"}
DEFAULT_RATIO = Decimal(3)  # fixed-ratio fallback: more than ×3 or less than ÷3 of last year's
SIGN_FLIP_MIN = Decimal(1)  # a growth rate crossing zero by less than a point is ordinary noise


class Level(StrEnum):
    HARD = "hard"  # refuse
    SOFT = "soft"  # warn; never blocks


class Code(StrEnum):
    NOT_WHOLE = "not_whole"
    OUT_OF_RANGE = "out_of_range"
    IMPLAUSIBLE = "implausible"
    UNIT_SLIP = "unit_slip"
    OUTLIER = "outlier"
    SIGN_FLIP = "sign_flip"
    YTD_DECREASE = "ytd_decrease"
    STOCK_FALL = "stock_fall"
    CROSS = "cross"


@dataclass(frozen=True)
class Finding:
    level: Level
    code: Code
    message: str  # one line of Chinese: what looks wrong and, for a slip, what the value would be
    rule: str = ""  # the cross rule's id

    @property
    def blocks(self) -> bool:
        return self.level is Level.HARD


@dataclass(frozen=True)
class Range:
    min: Decimal | None = None  # inclusive
    max: Decimal | None = None  # inclusive

    def __contains__(self, value: Decimal) -> bool:
        return (self.min is None or value >= self.min) and (self.max is None or value <= self.max)

    def text(self, unit: str) -> str:
        low, high = (None if x is None else f"{fmt(x)}{unit}" for x in (self.min, self.max))
        if low and high:
            return f"{fmt(self.min)}–{high}"
        return f"不低于 {low}" if low else f"不高于 {high}"


@dataclass(frozen=True)
class SeriesRules:
    """One series' rules; a code without an entry gets these defaults (history checks only)."""

    code: str
    valid: Range = Range()  # hard
    plausible: Range = Range()  # soft; for flow series only its max applies to year-to-date periods
    whole: bool = False  # counts: hard unless a whole number
    signed: bool = False  # growth rates and changes: compared in points, sign flips flagged, no unit slips
    cannot_fall: Level | None = None  # stock counts opted in: below an earlier figure is a finding
    ratio: Decimal = DEFAULT_RATIO


@dataclass(frozen=True)
class CrossRule:
    id: str
    expr: Expr
    message: str  # template: {#14} is replaced by that series' value
    level: Level = Level.SOFT
    periods: frozenset[str] = frozenset(PERIODS)


@dataclass(frozen=True)
class QualityRules:
    series: Mapping[str, SeriesRules] = field(default_factory=dict)
    cross: tuple[CrossRule, ...] = ()

    def of(self, code: str) -> SeriesRules:
        return self.series.get(code) or SeriesRules(code)


@dataclass(frozen=True)
class IndicatorFacts:
    code: str  # "13", or a companion series' code ("gsgyzjzzs")
    unit: str = ""
    ytd_mode: str = "level"  # "flow": year-to-date values accumulate from zero (q1 ≤ h1 ≤ q3 ≤ year)


def _check_decimal(name: str, x: object) -> None:
    if not isinstance(x, Decimal) or not x.is_finite():
        raise TypeError(f"{name} must be a finite Decimal, not {x!r}")


def _check_decimals(values: Mapping, skip: object = None) -> None:
    for name, x in values.items():
        if (not isinstance(x, Decimal) or not x.is_finite()) and name != skip:  # named only for the error
            _check_decimal(str(name), x)


def _when(year: int, period: str) -> str:
    return f"{year}年{PERIOD_LABELS[period]}"


def _qty(value: Decimal, unit: str) -> str:
    return f"{fmt(value)}{unit}"


def check(
    value: Decimal,
    *,
    indicator: IndicatorFacts,
    year: int,
    period: str,
    rules: QualityRules,
    history: Mapping[tuple[int, str], Decimal] | None = None,
    same_round: Mapping[str, Decimal] | None = None,
    validated: bool = False,
) -> list[Finding]:
    """Findings for `value` of one series in (year, period), hard ones first.

    history: this series' other figures by (year, period) — earlier years and this year's other periods;
    an entry for (year, period) itself is the value being replaced and is ignored.
    same_round: other series' values of the same year and period, by code, for the cross rules.
    validated: the caller vouches that history and same_round hold finite Decimals under (int, known period)
    keys (QualityBook's own), so a batch does not check them again for every value.
    Messages are worded only for the findings made: most values checked have none."""
    _check_decimal("value", value)
    if period not in PERIODS:
        raise ValueError(f"unknown period {period!r}")
    # The entry for (year, period) itself needs no removal: every rule below looks at other keys only.
    history, own = history or {}, (year, period)
    if not validated:
        _check_decimals(history, skip=own)
        _check_decimals(same_round or {})
        if any(not isinstance(y, int) or p not in PERIODS for y, p in history if (y, p) != own):
            raise ValueError("history keys must be (year, period) with a known period")
    series, unit = rules.of(indicator.code), indicator.unit
    flow = indicator.ytd_mode == "flow"
    findings = _series_findings(value, series, unit, flow, year, period, history)
    env = {**(same_round or {}), indicator.code: value} if rules.cross else {}
    for rule in rules.cross:
        if indicator.code in rule.expr.refs and period in rule.periods and rule.expr.holds(env) is False:
            findings.append(Finding(rule.level, Code.CROSS, _render(rule.message, env), rule.id))
    return sorted(findings, key=lambda f: f.level is not Level.HARD) if len(findings) > 1 else findings


def _order(key: tuple[int, str]) -> tuple[int, int]:
    return key[0], PERIODS.index(key[1])


def _series_findings(value, series: SeriesRules, unit, flow, year, period, history) -> list[Finding]:
    found = []
    if series.whole and value != value.to_integral_value():
        found.append(Finding(Level.HARD, Code.NOT_WHOLE, f"{_qty(value, unit)}应为整数"))
    plausible = series.plausible
    if flow and period != "year":  # a year-to-date total only has to stay below the annual maximum
        plausible = Range(None, plausible.max)
    if value not in series.valid:
        problem = f"{_qty(value, unit)}超出有效范围（{series.valid.text(unit)}）"
        level, code = Level.HARD, Code.OUT_OF_RANGE
    elif value not in plausible:
        problem = f"{_qty(value, unit)}不在常见范围（{plausible.text(unit)}）内"
        level, code = Level.SOFT, Code.IMPLAUSIBLE
    else:
        past = {y: v for (y, p), v in history.items() if p == period and y < year}
        args = {"year": year, "signed": series.signed, "ratio": series.ratio, "unit": unit}
        problem = outlier(value, past, **args, period_label=PERIOD_LABELS[period])
        level, code = Level.SOFT, Code.OUTLIER
    if problem:
        expected = history.get((year - 1, period))

        def fits(fixed: Decimal) -> bool:  # a corrected count is still a whole number
            return fixed in plausible and (not series.whole or fixed == fixed.to_integral_value())

        hint = None if series.signed or value <= 0 else slip_hint(value, unit, fits, expected)
        text = f"{problem}。{hint}" if hint else f"{problem}，{'请更正' if level is Level.HARD else '请核实'}"
        found.append(Finding(level, Code.UNIT_SLIP if hint else code, text))
    return found + _sequence_findings(value, series, unit, flow, year, period, history)


def _sequence_findings(value, series: SeriesRules, unit, flow, year, period, history) -> list[Finding]:
    """Year-to-date order for flow series, sign flips of rates, falls of stock counts that cannot fall."""
    found, here = [], _order((year, period))
    for other in PERIODS if flow else ():
        theirs, there = history.get((year, other)), _order((year, other))
        if theirs is not None and ((there < here and value < theirs) or (there > here and value > theirs)):
            verb = "小于" if there < here else "大于"
            text = f"{PERIOD_LABELS[period]}累计 {_qty(value, unit)}{verb}{PERIOD_LABELS[other]}累计"
            found.append(
                Finding(Level.HARD, Code.YTD_DECREASE, f"{text} {fmt(theirs)}{unit}：年内累计数只增不减")
            )
    stock = series.cannot_fall and not flow
    if not (series.signed or stock):
        return found
    before, after = _neighbours(history, here)
    if series.signed and before is not None:
        prev = history[before]
        if value * prev < 0 and min(abs(value), abs(prev)) >= SIGN_FLIP_MIN:
            text = f"{_qty(value, unit)}与{_when(*before)} {fmt(prev)}{unit}符号相反，是否漏写或多写了负号？"
            found.append(Finding(Level.SOFT, Code.SIGN_FLIP, f"{text}若符号有误应为 {fmt(-value)}{unit}"))
    if stock:
        if before is not None and value < history[before]:
            text = f"{_qty(value, unit)}少于{_when(*before)} {fmt(history[before])}{unit}"
            found.append(Finding(series.cannot_fall, Code.STOCK_FALL, f"{text}：存量数通常不会减少，请核实"))
        if after is not None and value > history[after]:
            text = f"{_qty(value, unit)}多于其后{_when(*after)} {fmt(history[after])}{unit}"
            found.append(
                Finding(series.cannot_fall, Code.STOCK_FALL, f"{text}：存量数其后通常不会减少，请核实")
            )
    return found


def _neighbours(history, here: tuple[int, int]) -> tuple[tuple[int, str] | None, tuple[int, str] | None]:
    """The keys of the history's figures just before and just after `here` (one pass, no sort)."""
    before = after = None
    for key in history:
        at = _order(key)
        if at < here and (before is None or at > _order(before)):
            before = key
        elif at > here and (after is None or at < _order(after)):
            after = key
    return before, after


_PLACEHOLDER = re.compile(r"\{#([A-Za-z0-9_]+)\}")


def _render(template: str, values: Mapping[str, Decimal]) -> str:
    return _PLACEHOLDER.sub(lambda m: fmt(values[m.group(1)]), template)
