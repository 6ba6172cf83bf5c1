"""Which values of a batch surely pass `indicators.quality.check`: the conservative prefilter of the import.

Pure Python and numpy (no Django). `quiet(rows, series)` is True for a row only when `check` would return
no finding for it; the caller runs the exact Decimal `check` on every other row, so each finding shown is
`check`'s own. Ranges, whole numbers, year-to-date order, sign flips and stock falls are decided here as
`check` decides them, in Decimal (only for the series that have such rules), and a row a cross rule could
apply to is never quiet. The outlier rule — the median of the past year-over-year changes, or the fixed
ratio — is computed in floats for all rows at once and passes a row only by a margin of MARGIN × the changes'
scale, far above the rounding of floats (about 1e-15 of that scale) and of Decimal's 28 digits; a row nearer
its threshold goes to `check`.
"""

from bisect import bisect_left
from collections.abc import Hashable, Mapping, Sequence
from decimal import Decimal
from itertools import chain

import numpy as np

from indicators.quality import PERIODS, SIGN_FLIP_MIN, IndicatorFacts, QualityRules, Range, SeriesRules
from indicators.quality_history import MAD_MIN_CHANGES, MAD_SCALE, MAD_Z

MARGIN = 1e-9  # relative to a change's scale; floats round at 1e-16, so a decision never flips
FLOAT_RANGE = (1e-100, 1e100)  # a nonzero magnitude outside: ratios of floats could overflow or underflow
MAX_YEAR = 100_000  # years are keyed as small integers here; a row of another year goes to `check`
NAN = Decimal("NaN")
PERIOD_INDEX = {p: i for i, p in enumerate(PERIODS)}

Row = tuple[Hashable, int, str, Decimal]  # series key, year, period, value
Series = tuple[IndicatorFacts, QualityRules, Mapping[tuple[int, str], Decimal]]


def quiet(rows: Sequence[Row], series: Mapping[Hashable, Series]) -> list[bool]:
    """For each row, True when `check(value, indicator=facts, year=year, period=period, rules=rules,
    history=history, same_round=…)` surely returns no finding, for any same_round of finite Decimals.

    series: by key, the facts, the rules and the history `check` gets for that series (the batch's own
    values included: a row's own (year, period) is ignored as `check` ignores it). A row of a key not in
    `series`, or with anything `check` would refuse (not a finite Decimal, an unknown period), is not quiet;
    so are all rows of a series whose history holds such a value."""
    if not rows:
        return []
    keys = [key for key in dict.fromkeys(row[0] for row in rows) if key in series]
    rules = [_Rules(*series[key]) for key in keys]
    histories = [series[key][2] for key in keys]
    h_sid = np.repeat(np.arange(len(keys)), [len(h) for h in histories])
    h_keys = list(chain.from_iterable(histories))
    h_year, h_period = zip(*h_keys, strict=True) if h_keys else ((), ())
    h_year, h_period, h_value = _columns(
        h_year, h_period, list(chain.from_iterable(h.values() for h in histories))
    )
    unusable = np.bincount(h_sid[(h_year < 0) | (h_period < 0) | np.isnan(h_value)], minlength=len(keys)) > 0
    row_key, row_year, row_period, row_value = zip(*rows, strict=True)
    sid = {key: i for i, key in enumerate(keys)}
    row_sid = np.array([sid.get(key, -1) for key in row_key])
    row_year, row_period, row_value = _columns(row_year, row_period, row_value)
    usable = (row_sid >= 0) & (row_year >= 0) & (row_period >= 0) & ~np.isnan(row_value)
    usable[usable] = ~unusable[row_sid[usable]]
    at = np.flatnonzero(usable)
    result = np.zeros(len(rows), dtype=bool)
    result[at] = _outlier_quiet(
        _History(h_sid, h_year, h_period, h_value),
        row_sid[at],
        row_year[at],
        row_period[at],
        row_value[at],
        np.array([r.series.signed for r in rules], dtype=bool),
        np.array([float(r.series.ratio) for r in rules]),
    )
    plain = np.array([r.plain for r in rules], dtype=bool)
    for i in at[result[at] & ~plain[row_sid[at]]].tolist():  # the series' other rules, in Decimal
        key, year, period, value = rows[i]
        result[i] = rules[sid[key]].quiet(year, period, value)
    return result.tolist()


def _columns(years, periods, values) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Years (−1 for one not an int from 0 to MAX_YEAR), period indexes (−1: unknown), values as floats (NaN
    for one not a finite Decimal, or too large or small to divide safely as a float)."""
    year = np.array([y if type(y) is int and 0 <= y <= MAX_YEAR else -1 for y in years], dtype=np.int64)
    period = np.array([PERIOD_INDEX.get(p, -1) for p in periods], dtype=np.int64)
    if not set(map(type, values)) <= {Decimal}:
        values = [x if type(x) is Decimal else NAN for x in values]
    try:
        value = np.fromiter(map(float, values), dtype=float, count=len(values))
    except ValueError:  # a signalling NaN refuses the conversion
        value = np.array([float(x) if x.is_finite() else np.nan for x in values])
    size = np.abs(value)
    unsafe = ~np.isfinite(value) | ((value != 0) & ((size < FLOAT_RANGE[0]) | (size > FLOAT_RANGE[1])))
    value[unsafe] = np.nan
    return year, period, value


class _Rules:
    """A series' rules other than the outlier rule, decided per row in Decimal as `check` decides them."""

    def __init__(self, facts: IndicatorFacts, rules: QualityRules, history: Mapping):
        self.series: SeriesRules = rules.of(facts.code)
        s = self.series
        self.flow = facts.ytd_mode == "flow"
        self.stock = s.cannot_fall is not None and not self.flow
        self.crossed = {p for rule in rules.cross if facts.code in rule.expr.refs for p in rule.periods}
        bounds = (s.valid.min, s.valid.max, s.plausible.min, s.plausible.max)
        bounded = any(bound is not None for bound in bounds)  # a bound of 0 is a bound
        self.plain = not (s.whole or self.flow or s.signed or self.stock or self.crossed or bounded)
        self.history = history
        self.ordered = None  # the history's keys by year and period, sorted when first needed

    def quiet(self, year: int, period: str, value: Decimal) -> bool:
        s, history = self.series, self.history
        if period in self.crossed or (s.whole and value != value.to_integral_value()):
            return False
        plausible = Range(None, s.plausible.max) if self.flow and period != "year" else s.plausible
        if value not in s.valid or value not in plausible:
            return False
        here = year * 4 + PERIOD_INDEX[period]
        if self.flow:
            for other, theirs in ((o, history.get((year, o))) for o in PERIODS if o != period):
                there = year * 4 + PERIOD_INDEX[other]
                if theirs is not None and (
                    (there < here and value < theirs) or (there > here and value > theirs)
                ):
                    return False
        if not (s.signed or self.stock):
            return True
        before, after = self._neighbours(here)
        flip = s.signed and before is not None and value * before < 0
        if flip and min(abs(value), abs(before)) >= SIGN_FLIP_MIN:
            return False
        fall = (before is not None and value < before) or (after is not None and value > after)
        return not (self.stock and fall)

    def _neighbours(self, here: int) -> tuple[Decimal | None, Decimal | None]:
        """The values just before and just after the order `here` (the row's own, if stored, skipped)."""
        if self.ordered is None:
            self.ordered = sorted((y * 4 + PERIOD_INDEX[p], (y, p)) for y, p in self.history)
        ordered = self.ordered
        at = bisect_left(ordered, (here,))
        after = at + (at < len(ordered) and ordered[at][0] == here)
        before = self.history[ordered[at - 1][1]] if at else None
        return before, (self.history[ordered[after][1]] if after < len(ordered) else None)


class _History:
    """Every series' values as arrays, sorted by series, period and year, keyed as one integer each."""

    def __init__(self, sid, year, period, value):
        order = np.lexsort((year, period, sid))
        self.sid = sid[order]
        self.key = _key(self.sid, period[order], year[order])
        self.value = value[order]

    def changes(self, signed: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Year-over-year changes as `quality_history` counts them (of a positive value, or of a rate): the
        key of the later year, the change and the scale of its rounding error."""
        prev, value, sign = self.value[:-1], self.value[1:], signed[self.sid[1:]]
        counted = (self.key[1:] == self.key[:-1] + 1) & (sign | (prev > 0))
        prev, value, sign = prev[counted], value[counted], sign[counted]
        change, scale = _change(value, prev, sign)
        return self.key[1:][counted], change, scale


def _key(sid, period, year):
    """A series' period's years as consecutive integers: the next year's key is this one's + 1."""
    return (sid * 4 + period) * (MAX_YEAR + 2) + year


def _change(value, prev, signed):
    """Change (points for a rate, else ratio − 1) and the scale its float error is relative to."""
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = value / prev
    change = np.where(signed, value - prev, ratio - 1)
    scale = np.where(signed, np.abs(value) + np.abs(prev), np.abs(ratio) + 1)
    return change, scale


def _outlier_quiet(history: _History, sid, year, period, value, signed, ratio) -> np.ndarray:
    """Per row, True when the outlier rule surely finds nothing."""
    if not len(history.key):
        return np.ones(len(sid), dtype=bool)  # no value of last year: no change to judge
    key = _key(sid, period, year)
    at = np.minimum(np.searchsorted(history.key, key - 1), len(history.key) - 1)
    has_prev = history.key[at] == key - 1  # last year's value, same period
    prev = np.where(has_prev, history.value[at], np.nan)
    row_signed = signed[sid]
    judged = has_prev & (row_signed | (prev > 0))  # otherwise `outlier` has no change to judge
    quiet = ~judged
    rows = np.flatnonzero(judged)
    change_key, changes, scales = history.changes(signed)
    first = np.searchsorted(change_key, _key(sid[rows], period[rows], 0))
    count = np.searchsorted(change_key, key[rows]) - first  # changes of earlier years, as `check` counts
    change, scale = _change(value[rows], prev[rows], row_signed[rows])
    mad = count >= MAD_MIN_CHANGES
    if mad.any():
        quiet[rows[mad]] = _mad_quiet(changes, scales, first[mad], count[mad], change[mad], scale[mad])
    few = rows[~mad]
    rated = ~row_signed[few] & (value[few] > 0)  # the fixed ratio never flags a rate, nor a value ≤ 0
    with np.errstate(divide="ignore", invalid="ignore"):  # a rate's last value may be 0: not rated
        times, limit = value[few] / prev[few], ratio[sid[few]]
    quiet[few] = ~rated | ((times <= limit * (1 - MARGIN)) & (times * limit >= 1 + MARGIN))
    return quiet


def _mad_quiet(changes, scales, first, count, change, scale) -> np.ndarray:
    """Rows whose modified z-score is surely at most MAD_Z with a MAD surely above zero (a MAD of 0 makes
    `check` switch to the mean deviation or the fixed ratio: those rows are left to it)."""
    width = count.max()
    used = np.arange(width) < count[:, None]
    at = np.where(used, first[:, None] + np.arange(width), 0)
    past = np.where(used, changes[at], np.inf)
    scale = np.maximum(scale, np.where(used, scales[at], 0).max(axis=1))
    rows, low, high = np.arange(len(count)), (count - 1) // 2, count // 2
    ordered = np.sort(past, axis=1)
    mid = (ordered[rows, low] + ordered[rows, high]) / 2
    deviations = np.sort(np.where(used, np.abs(past - mid[:, None]), np.inf), axis=1)
    spread = (deviations[rows, low] + deviations[rows, high]) / 2
    tolerance = MARGIN * scale
    z_bound = (np.abs(change - mid) + 2 * tolerance) * float(MAD_SCALE)
    return (spread > 4 * tolerance) & (z_bound <= float(MAD_Z) * (spread - 2 * tolerance) * (1 - MARGIN))
