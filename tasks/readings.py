"""Task commitments that restate an appendix indicator (commitments.yaml's `indicator:`, stored as
Commitment.indicator_number: 1.4 “营业收入超百亿元工业企业数达6家” is indicator 13) read that indicator's approved
figure instead of a number typed by a unit, and say so (“读取指标13的审定值：6家”). The link is explicit in the
plan data, never guessed from the text; the indicator is the one of the commitment's plan with that number.

Which figure: the approved one of the same year and period; for a cumulative commitment (a level or a total
reached) without one, the latest approved figure before it, named with its period (a level reached stays
reached). No approved figure: nothing is read, the commitment is 未填报 and the text says 尚无审定值.
"""

from dataclasses import dataclass
from decimal import Decimal

from indicators.models import PERIOD_ORDER, Figure, Period
from indicators.rules import fmt
from plans.models import Plan
from tasks.models import Commitment


@dataclass(frozen=True)
class Reading:
    """What a commitment read from its indicator for a period."""

    number: int  # the indicator's 序号
    value: Decimal | None
    unit: str
    year: int | None = None  # the figure's, when it is not the period's own
    period: str | None = None

    @property
    def text(self) -> str:
        if self.value is None:
            return f"读取指标{self.number}的审定值：尚无审定值"
        when = f"（{self.year}年{Period(self.period).label}）" if self.year else ""
        return f"读取指标{self.number}的审定值{when}：{fmt(self.value)}{self.unit}"


def _key(year: int, period: str) -> tuple[int, int]:
    return year, PERIOD_ORDER.index(period)


def readings(plan: Plan, commitments, *, year: int, period: str) -> dict[int, Reading]:
    """Commitment id → its Reading for (year, period), for the task commitments linked to an indicator, in one
    query."""
    linked = [c for c in commitments if c.task_id and c.indicator_number]
    if not linked:
        return {}
    approved = (
        Figure.objects.filter(
            indicator__plan=plan,
            indicator__number__in={c.indicator_number for c in linked},
            status=Figure.Status.APPROVED,
            year__lte=year,
        )
        .order_by()
        .values_list("indicator__number", "year", "period", "value")
    )
    asked = _key(year, period)
    figures: dict[int, dict] = {}
    for number, y, p, value in approved:
        if _key(y, p) <= asked:
            figures.setdefault(number, {})[_key(y, p)] = (y, p, value)
    found = {}
    for c in linked:
        of_indicator = figures.get(c.indicator_number, {})
        if asked in of_indicator:
            found[c.pk] = Reading(c.indicator_number, of_indicator[asked][2], c.unit)
        elif of_indicator and c.scope == Commitment.Scope.CUMULATIVE:
            y, p, value = of_indicator[max(of_indicator)]
            found[c.pk] = Reading(c.indicator_number, value, c.unit, y, p)
        else:
            found[c.pk] = Reading(c.indicator_number, None, c.unit)
    return found
