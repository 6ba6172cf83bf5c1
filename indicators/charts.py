"""Chart data: standings stacked per category or lead department, and one indicator's series (baseline,
targets, actuals, year-to-date points, the companion it is judged against) with the growth still required."""

from collections import Counter, defaultdict

from indicators import selectors
from indicators.dashboard import Dashboard
from indicators.models import Figure, Indicator, Period
from indicators.pacing import required_growth
from indicators.standings import STANDINGS


def by_category(dashboard: Dashboard) -> dict:
    """Chart data: standings per category (all indicators, not only the filtered ones)."""
    return _stacked(dashboard, key=lambda r: r.indicator.category.name)


def by_department(dashboard: Dashboard) -> dict:
    return _stacked(dashboard, key=lambda r: r.lead.short_name if r.lead else "待分配")


def _stacked(dashboard: Dashboard, key) -> dict:
    counts: dict[str, Counter] = defaultdict(Counter)
    for r in dashboard.rows:
        counts[key(r)][r.standing] += 1
    labels = list(counts)
    return {
        "labels": labels,
        "series": [
            {"name": s, "data": [counts[label][s] for label in labels]}
            for s in STANDINGS
            if any(counts[label][s] for label in labels)
        ],
    }


def indicator_series(
    indicator: Indicator, figures: list[Figure], *, published: list[int] | None = None
) -> dict:
    """Chart data for one indicator: its plan's baseline, the yearly targets, annual actuals and year-to-date
    points. `published` (the public pages): the companion series shows only its approved annual figures of
    these years, as the caller passes only such figures of the indicator itself."""
    plan = indicator.plan
    targets = {t.year: t for t in indicator.plan_targets}
    figures = [f for f in figures if f.value is not None]
    actual = {f.year: f.value for f in figures if f.period == Period.YEAR}
    ytd = sorted(
        ((f.year, f.period, f.value) for f in figures if f.period != Period.YEAR),
        key=lambda item: selectors.period_key(item[0], item[1]),
    )
    years = [plan.baseline_year, *plan.years]
    return {
        "name": indicator.name,
        "unit": indicator.unit,
        "baseline_year": plan.baseline_year,  # the bars' legend: "完成值（2022年为基数）"
        "years": [f"{y}年" for y in years],
        "targets": [None] + [_num(targets[y].value) if y in targets else None for y in plan.years],
        "actuals": [_num(indicator.baseline)] + [_num(actual.get(y)) for y in plan.years],
        "ytd": [{"label": f"{y}年{Period(p).label}", "value": _num(v)} for y, p, v in ytd],
        "reference": _reference_series(indicator, published),
    }


def _reference_series(indicator: Indicator, published: list[int] | None = None) -> dict | None:
    """The companion series a relative target is judged against (indicator 5: 规上工业增加值增速), year by year."""
    reference = next((t.reference for t in indicator.plan_targets if t.reference_id), None)
    if reference is None:
        return None
    years = indicator.plan.years
    found = Figure.objects.filter(indicator=reference, period=Period.YEAR, year__in=years).exclude(value=None)
    if published is not None:
        found = found.filter(status=Figure.Status.APPROVED, year__in=published)
    values = dict(found.values_list("year", "value"))
    return {
        "name": reference.name,
        "values": [_num(reference.baseline)] + [_num(values.get(y)) for y in years],
    }


def _num(value) -> float | None:
    return None if value is None else float(value)  # chart coordinates only; stored figures stay Decimal


def indicator_outlook(indicator: Indicator, figures: list[Figure]) -> dict:
    """The required growth from the latest annual actual (or the plan's baseline) to the final target."""
    final = next((t for t in reversed(indicator.plan_targets) if t.value is not None), None)
    annual = max(
        (f for f in figures if f.period == Period.YEAR and f.value is not None),
        key=lambda f: f.year,
        default=None,
    )
    latest_year, latest = (
        (annual.year, annual.value) if annual else (indicator.plan.baseline_year, indicator.baseline)
    )
    growth = None
    if final is not None and latest is not None:
        growth = required_growth(
            latest=latest,
            latest_year=latest_year,
            target=final.value,
            target_year=final.year,
            unit=indicator.unit,
        )
    return {"required_growth": growth}
