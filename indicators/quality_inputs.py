"""Selector: the inputs of indicators.quality.check gathered from the database, for one figure or many.

`QualityBook(plan_ids)` reads, in three queries whatever the number of figures, the plans' indicators (facts and
baselines), their series and cross rules and every figure with a value; `findings(...)` then checks any value
of any of those series. `pending(...)` overlays values not yet saved (an import file's other rows) so that
history and same-round comparisons see them.
"""

from collections import defaultdict
from decimal import Decimal

from django.db.models import OuterRef, Subquery

from indicators.models import CrossRule, Figure, Indicator, IndicatorDepartment, QualityRule
from indicators.quality import (
    DEFAULT_RATIO,
    PERIODS,
    Finding,
    IndicatorFacts,
    Level,
    QualityRules,
    Range,
    SeriesRules,
    check,
)
from indicators.quality import (
    CrossRule as PureCross,
)
from indicators.quality_expr import ExprError, parse


def series_rules(rule: QualityRule, code: str) -> SeriesRules:
    return SeriesRules(
        code,
        Range(rule.valid_min, rule.valid_max),
        Range(rule.plausible_min, rule.plausible_max),
        rule.whole,
        rule.signed,
        Level(rule.cannot_fall) if rule.cannot_fall else None,
        rule.ratio if rule.ratio and rule.ratio > 1 else DEFAULT_RATIO,
    )


def cross_rule(rule: CrossRule) -> PureCross | None:
    try:
        expr = parse(rule.expression)
    except ExprError:  # the admin refuses a malformed one; a row written around it is skipped, not a 500
        return None
    periods = frozenset(p for p in rule.periods.split(",") if p.strip() in PERIODS) or frozenset(PERIODS)
    return PureCross(rule.code, expr, rule.message, Level(rule.level), periods)


class QualityBook:
    """Everything `check` needs for the series of some plans, read once."""

    def __init__(self, plan_ids):
        """plan_ids: ids, or a queryset of them (a subquery: no query of its own)."""
        indicators = Indicator.objects.filter(plan_id__in=plan_ids).select_related("plan", "quality_rule")
        self.indicators = {i.pk: i for i in indicators.order_by()}
        plan_ids = {i.plan_id for i in self.indicators.values()}
        series = defaultdict(dict)
        for indicator in self.indicators.values():
            if (rule := getattr(indicator, "quality_rule", None)) is not None:
                series[indicator.plan_id][indicator.code] = series_rules(rule, indicator.code)
        cross = defaultdict(list)
        for rule in CrossRule.objects.filter(plan_id__in=plan_ids).order_by("code"):
            if (pure := cross_rule(rule)) is not None:
                cross[rule.plan_id].append(pure)
        self.rules = {p: QualityRules(series[p], tuple(cross[p])) for p in plan_ids}
        self.codes = defaultdict(dict)  # plan id → code → indicator id
        for indicator in self.indicators.values():
            self.codes[indicator.plan_id][indicator.code] = indicator.pk
        self.values: dict[int, dict[tuple[int, str], Decimal]] = defaultdict(dict)  # indicator -> history
        for indicator in self.indicators.values():
            if indicator.baseline is not None and indicator.plan.baseline_year:
                self.values[indicator.pk][indicator.plan.baseline_year, "year"] = indicator.baseline
        figures = Figure.objects.filter(indicator__plan_id__in=plan_ids, value__isnull=False).order_by()
        for indicator_id, year, period, value in figures.values_list(
            "indicator_id", "year", "period", "value"
        ):
            self.values[indicator_id][year, period] = value

    @classmethod
    def for_indicators(cls, indicators) -> "QualityBook":
        return cls({i.plan_id for i in indicators})

    def pending(self, indicator_id: int, year: int, period: str, value: Decimal) -> None:
        """A value about to be written: later checks compare with it instead of the stored one."""
        self.values[indicator_id][year, period] = value

    def findings(self, indicator_id: int, year: int, period: str, value: Decimal | None) -> list[Finding]:
        indicator = self.indicators.get(indicator_id)
        if value is None or indicator is None:
            return []
        rules = self.rules[indicator.plan_id]
        # Only the series the cross rules on this one name: the same round of every series would make an
        # import of n rows check n × (series in the plan) values.
        named = {code for rule in rules.cross if indicator.code in rule.expr.refs for code in rule.expr.refs}
        by_code = self.codes[indicator.plan_id]
        same_round = {
            code: v
            for code in named - {indicator.code}
            if code in by_code and (v := self.values[by_code[code]].get((year, period))) is not None
        }
        return check(
            value,
            indicator=IndicatorFacts(indicator.code, indicator.unit, indicator.ytd_mode),
            year=year,
            period=period,
            rules=rules,
            history=self.values[indicator_id],
            same_round=same_round,
        )


def figure_findings(indicator: Indicator, year: int, period: str, value: Decimal | None) -> list[Finding]:
    """The findings for one value of one series (the entry form, the figure service)."""
    return QualityBook({indicator.plan_id}).findings(indicator.pk, year, period, value)


def findings_text(findings: list[Finding]) -> str:
    """Findings as stored on a figure and shown to the reviewer: one message a line."""
    return "\n".join(f.message for f in findings)


def open_warnings() -> list[Figure]:
    """Figures not yet approved that carry 数据质量 warnings, by lead department then indicator, in one query."""
    lead = IndicatorDepartment.objects.filter(indicator=OuterRef("indicator_id"), order=0)
    figures = (
        Figure.objects.exclude(quality_findings="")
        .exclude(status=Figure.Status.APPROVED)
        .select_related("indicator", "quality_confirmed_by")
        .annotate(lead_name=Subquery(lead.values("department__name")[:1]))
    )
    return list(figures.order_by("lead_name", "indicator__number", "year", "period"))
