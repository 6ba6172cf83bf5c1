"""The app's models, one module per part: the plan's indicators and targets (indicator.py), the figures reported
against them (figure.py) and the stored 数据质量 rules (quality.py). Import them from here."""

from indicators.models.figure import (
    PERIOD_END,
    PERIOD_ORDER,
    Figure,
    FigureComment,
    Period,
    ReportingDeadline,
)
from indicators.models.indicator import (
    VALUE_FIELD,
    Category,
    Indicator,
    IndicatorDepartment,
    IndicatorQuerySet,
    Target,
    binding_first,
)
from indicators.models.quality import CrossRule, QualityLevel, QualityRule

__all__ = [
    "PERIOD_END",
    "PERIOD_ORDER",
    "VALUE_FIELD",
    "binding_first",
    "Category",
    "CrossRule",
    "Figure",
    "FigureComment",
    "Indicator",
    "IndicatorDepartment",
    "IndicatorQuerySet",
    "Period",
    "QualityLevel",
    "QualityRule",
    "ReportingDeadline",
    "Target",
]
