"""红黄绿 of an indicator-year-period: the facts core/lights.py ranks, taken from a dashboard row — its figure's
status, the evaluation (indicators/rules.py), the 序时进度 and forecast (indicators/pacing.py), the deadline
(core.due, as the row already carries it) and how often the figure was returned. No query but returns_count's."""

from collections import Counter
from datetime import date

from django.conf import settings

from core import lights
from indicators import rules
from indicators.models import Figure, Indicator
from indicators.selectors import period_end

_OUTCOMES = {
    rules.Status.MET: lights.MET,
    rules.Status.NEARLY_MET: lights.NEARLY_MET,
    rules.Status.NOT_MET: lights.MISSED,
    rules.Status.STRIVE_NOT_MET: lights.STRIVE_MISSED,
}


def returns_count(**filters) -> Counter:
    """How many times each figure was returned (退回), by (indicator id, year, period), in one query; `filters`
    narrow the figures' history (year=, period=, indicator_id__in=)."""
    history = Figure.history.filter(history_change_reason__startswith="退回", **filters)
    return Counter(history.values_list("indicator_id", "year", "period"))


def figure_light(row, *, returns: Counter, today: date) -> lights.Light:
    """The light of a dashboard row (indicators.standings.DashboardRow: a FigureRow with its pace)."""
    figure_row, pace = row.row, row.pace
    figure = figure_row.figure
    status = figure.status if figure is not None else None
    approved = status == Figure.Status.APPROVED
    outcome = ""
    if approved and figure_row.assessment is not None:  # a year-to-date figure is paced, not judged
        outcome = _OUTCOMES.get(figure_row.assessment.current.status, lights.PENDING)
    indicator = figure_row.indicator
    facts = lights.Facts(
        period_end=period_end(figure_row.year, figure_row.period),
        set_deadline=None if figure_row.deadline_default else figure_row.deadline,
        handed_in=status in (Figure.Status.SUBMITTED, Figure.Status.APPROVED),
        outcome=outcome,
        behind_pace=pace is not None and not pace.on_track,
        forecast_miss=pace is not None and pace.projected_miss,
        on_pace=pace is not None and pace.on_track,
        # Returned twice is a warning until the figure is approved, not for ever after.
        returns=0 if approved else returns.get((indicator.pk, figure_row.year, figure_row.period), 0),
        binding=indicator.attribute == Indicator.Attribute.BINDING,
    )
    return lights.light(facts, today, settings.LIGHTS_WARN_DAYS)
