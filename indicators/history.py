"""The change history of figures, as the entry page and the indicator page show it."""

from core.history import HistoryEntry, Shown, field_shown, history_entries, history_records
from indicators.models import Figure, Indicator, Period
from indicators.rules import fmt


def _catch_up(record) -> str:
    """预计赶上 is two fields, a year and a period, read as one: "2026年上半年"."""
    if not (record.catch_up_year and record.catch_up_period):
        return ""
    return f"{record.catch_up_year}年{Period(record.catch_up_period).label}"


# Every line a figure's history can show, in order: the one place to add or relabel one.
FIGURE_COLUMNS = (
    field_shown(Figure, "value", fmt),
    *(
        field_shown(Figure, name)
        for name in (
            "rank",
            "status",
            "explanation",
            "miss_cause",
            "remedy",
            "catch_up_result",
            "review_note",
            "source_file",
        )
    ),
    Shown("预计赶上", ("catch_up_year", "catch_up_period"), _catch_up),
)


def _slot(record) -> str:
    return f"{record.year}年{Period(record.period).label}"


def figure_history(figure: Figure) -> list[HistoryEntry]:
    """Every change of the figure, newest first: who, when, why, and each field's old → new value."""
    return history_entries(history_records(figure.history.all()), FIGURE_COLUMNS, slot=_slot)


def indicator_history(indicator: Indicator) -> list[HistoryEntry]:
    """The changes of all figures of an indicator, newest first, in one query."""
    records = history_records(Figure.history.filter(indicator_id=indicator.pk))
    return history_entries(records, FIGURE_COLUMNS, slot=_slot)
