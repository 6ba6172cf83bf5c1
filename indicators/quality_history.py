"""What a series' own history says about a new value: an outlier year-over-year change (a robust MAD rule with
enough history, a fixed ratio otherwise) and a likely ×10ⁿ or unit slip, with the value it would then be.

Pure Python (no Django), Decimal only; `indicators.quality.check` calls these and words the findings.
"""

from collections.abc import Callable, Mapping
from decimal import Decimal

from indicators.rules import fmt

MAD_MIN_CHANGES = 4  # below this many past year-over-year changes the fixed ratio decides
MAD_Z = Decimal("3.5")  # Iglewicz–Hoaglin: modified z-scores above 3.5 are outliers
MAD_SCALE = Decimal("0.6745")  # MAD / 0.6745 estimates the standard deviation of normal data
MEAN_AD_SCALE = Decimal("1.253314")  # the same for the mean absolute deviation, used when the MAD is 0
SLIP_NEAR = Decimal(2)  # a corrected value within ×2 of the expected one explains the slip
SLIP_FAR = Decimal(4)  # a value within ×4 of the expected one: ×10ⁿ puts it beyond ×2 (10 / 4 > 2), no slip
DECIMAL_SLIPS = (10, 100, 1000, 10000)
UNIT_PREFIXES = {"万": 4, "亿": 8}  # 万元 typed in 元 is ×10⁴; 亿元 typed in 万元 ×10⁴, in 元 ×10⁸
TENTH = Decimal("0.1")


def slip_hint(
    value: Decimal, unit: str, plausible: Callable[[Decimal], bool], expected: Decimal | None
) -> str | None:
    """The likeliest slip turning `value` into a plausible one near `expected` (last year's), as a Chinese
    question with the corrected value; without `expected` only a slip that alone fits the plausible range."""
    if expected is not None and expected > 0 and expected / SLIP_FAR <= value <= expected * SLIP_FAR:
        return None  # every slip moves the value ×10 or more: none lands within ×SLIP_NEAR of `expected`
    near = None if expected is None else (expected / SLIP_NEAR, expected * SLIP_NEAR)
    fits: dict[Decimal, tuple[str, object]] = {}  # corrected value -> its slip; the most specific first
    for fixed, slip in _candidates(value, unit):
        if fixed not in fits and (near is None or near[0] <= fixed <= near[1]) and plausible(fixed):
            fits[fixed] = slip
    if expected is not None and expected > 0 and fits:
        return _slip_text(*min(fits.items(), key=lambda fit: abs((fit[0] / expected).ln())), unit)
    return _slip_text(*next(iter(fits.items())), unit) if len(fits) == 1 else None


def _candidates(value: Decimal, unit: str):
    """Each corrected value with its slip, the most specific first: a unit's prefix, a percent, ×10ⁿ."""
    prefix = UNIT_PREFIXES.get(unit[:1])
    if prefix:
        for other, power in {"": 0, **UNIT_PREFIXES}.items():
            if power != prefix:
                yield value.scaleb(power - prefix), ("unit", other)
    if unit == "%":
        yield value * 100, ("percent", None)
    for factor in DECIMAL_SLIPS:
        yield value / factor, ("down", factor)
        yield value * factor, ("up", factor)


def _slip_text(fixed: Decimal, slip: tuple[str, object], unit: str) -> str:
    """Worded only for the slip chosen: most values checked have none."""
    kind, arg = slip
    if kind == "unit":
        return f"是否误用了“{arg}{unit[1:]}”？按{unit}计为 {fmt(fixed)}"
    if kind == "percent":
        return f"是否把百分数写成了小数？按百分比计为 {fmt(fixed)}"
    if kind == "down":
        return f"约为预期的 {arg} 倍，是否多打了 0 或小数点错位？应为 {fmt(fixed)}{unit}"
    return f"约为预期的 1/{arg}，是否少打了 0 或小数点错位？应为 {fmt(fixed)}{unit}"


def outlier(
    value: Decimal,
    past: Mapping[int, Decimal],
    *,
    year: int,
    signed: bool,
    ratio: Decimal,
    unit: str,
    period_label: str,
) -> str | None:
    """What is wrong with the change from last year's value `past[year - 1]`, or None when it is ordinary.

    past: the series' same-period values by earlier year; `period_label` ("全年") names last year's value in
    the message. Rates (`signed`) change in points, other series by ratio."""
    prev = past.get(year - 1)
    change = _change(value, prev, signed)
    if change is None:
        return None

    def was(verb: str) -> str:  # "31%较2020年全年 30%", worded only once a finding is certain
        return f"{fmt(value)}{unit}{verb}{year - 1}年{period_label} {fmt(prev)}{unit}"

    # Counted before any change is computed: with fewer than MAD_MIN_CHANGES the fixed ratio decides alone.
    pairs = [(v, p) for y, v in past.items() if (p := past.get(y - 1)) is not None and (signed or p > 0)]
    if len(pairs) >= MAD_MIN_CHANGES:
        changes = [v - p for v, p in pairs] if signed else [v / p - 1 for v, p in pairs]  # as _change
        mid = median(changes)
        spread = median(abs(c - mid) for c in changes) / MAD_SCALE
        if spread == 0:  # most past changes equal: the mean deviation still measures the others
            spread = sum(abs(c - mid) for c in changes) / len(changes) * MEAN_AD_SCALE
        if spread > 0:
            if abs(change - mid) / spread <= MAD_Z:
                return None
            what, usual = _change_text(change, signed, unit), _change_text(mid, signed, unit)
            return f"{was('较')}{what}，远超该序列以往各年的变化（中位数为{usual}）"
    if signed or prev <= 0 or value <= 0:
        return None
    times = value / prev
    if times > ratio:
        return f"{was('是')}的 {fmt(times.quantize(TENTH))} 倍，变化异常"
    if times * ratio < 1:
        return f"{was('仅为')}的 {fmt((times * 100).quantize(TENTH))}%，变化异常"
    return None


def median(values) -> Decimal:
    """statistics.median without its generality: the middle value, or the mean of the middle two."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def _change(value: Decimal, prev: Decimal | None, signed: bool) -> Decimal | None:
    if prev is None:
        return None
    if signed:
        return value - prev  # a rate's change is additive, in points
    return value / prev - 1 if prev > 0 else None


def _change_text(change: Decimal, signed: bool, unit: str) -> str:
    if signed:
        points = " 个百分点" if unit == "%" else unit
        return f"变化 {'+' if change > 0 else ''}{fmt(change.quantize(TENTH))}{points}"
    return f"{'增长' if change >= 0 else '下降'} {fmt(abs(change * 100).quantize(TENTH))}%"
