"""The bridge between stored targets and figures and the pure rules of indicators/rules.py."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

from indicators import rules
from indicators.models import Period, Target

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
    """Judge an annual value; year-to-date figures are paced, not judged, so they get None."""
    if target is None or period != Period.YEAR:
        return None
    tolerance = default_tolerance()
    original = rules.evaluate(target.rule(default_tolerance=tolerance), value, rank=rank, reference=reference)
    adjusted = None
    if target.adjusted_value is not None:
        rule = target.rule(adjusted=True, default_tolerance=tolerance)
        adjusted = rules.evaluate(rule, value, rank=rank, reference=reference)
    return Assessment(original, adjusted)
