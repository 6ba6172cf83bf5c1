"""The bridge between stored targets and figures and the pure rules of indicators/rules.py."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

from indicators import rules
from indicators.models import Figure, Period, Target

MISSES = {rules.Status.NOT_MET, rules.Status.STRIVE_NOT_MET}


def default_tolerance() -> Decimal:
    return Decimal(settings.APPROX_TOLERANCE)


@dataclass(frozen=True)
class Assessment:
    """A value judged against the plan's target and, when the coordinator adjusted it, the adjusted one."""

    original: rules.Evaluation
    adjusted: rules.Evaluation | None = None

    @property
    def current(self) -> rules.Evaluation:
        return self.adjusted or self.original

    @property
    def is_miss(self) -> bool:
        """A miss against either target needs an explanation, a cause and a remedy."""
        return any(e is not None and e.status in MISSES for e in (self.original, self.adjusted))


def assess(
    target: Target | None,
    period: str,
    value: Decimal | None,
    *,
    rank: int | None = None,
    reference: Decimal | None = None,
) -> Assessment | None:
    """Judge an annual value; year-to-date figures are paced, not judged, so they get None. A change against
    the baseline reads the indicator's 基数; a direction-only target the previous year's value (one query, only
    for that kind)."""
    if target is None or period != Period.YEAR:
        return None
    tolerance = default_tolerance()
    inputs = {
        "rank": rank,
        "reference": reference,
        "baseline": target.indicator.baseline,
        "previous": previous_value(target) if target.kind == rules.Kind.DIRECTION else None,
    }
    original = rules.evaluate(target.rule(default_tolerance=tolerance), value, **inputs)
    adjusted = None
    if target.adjusted_value is not None:
        adjusted = rules.evaluate(target.rule(adjusted=True, default_tolerance=tolerance), value, **inputs)
    return Assessment(original, adjusted)


def previous_value(target) -> Decimal | None:
    """The indicator's handed-in annual value of the year before the target's, the baseline for the plan's
    first year (the baseline year's value)."""
    indicator = target.indicator
    if target.year - 1 == indicator.plan.baseline_year:
        return indicator.baseline
    handed_in = (Figure.Status.SUBMITTED, Figure.Status.APPROVED)
    found = Figure.objects.filter(
        indicator_id=indicator.pk, year=target.year - 1, period=Period.YEAR, status__in=handed_in
    )
    return found.values_list("value", flat=True).first()
