"""Selector: the inputs of indicators.quality.check gathered from the database, for one figure or many.

`QualityBook(plan_ids)` reads, in three queries whatever the number of figures, the plans' indicators (facts and
baselines), their series and cross rules and every figure with a value; `findings(...)` then checks any value
of any of those series. `pending(...)` overlays values not yet saved (an import file's other rows) so that
history and same-round comparisons see them.

A batch (the import) goes through `check_rows(rows)`, rows being (indicator_id, year, period, value) tuples
of Python ints, a period code and a Decimal (None: no value), or `check_columns(ids, years, periods,
values)` for parallel columns — lists, numpy arrays or pandas Series. All rows are overlaid as pending first,
each then checked against the stored figures and the others; the answer is, per row and in order,
(soft messages, hard messages). It equals `findings` row by row, but most rows are cleared at once by the
conservative prefilter of `indicators.quality_batch`, and only the rest go through `check`.
"""

from collections import defaultdict
from collections.abc import Iterable
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
from indicators.quality_batch import quiet
from indicators.quality_expr import ExprError, parse

RULE_FIELDS = QualityRule.RULE_FIELDS


def series_rules(
    code: str, valid_min, valid_max, plausible_min, plausible_max, whole, signed, cannot_fall, ratio
):
    """A stored QualityRule's fields (RULE_FIELDS, in order) as the pure SeriesRules."""
    return SeriesRules(
        code,
        Range(valid_min, valid_max),
        Range(plausible_min, plausible_max),
        whole,
        signed,
        Level(cannot_fall) if cannot_fall else None,
        ratio if ratio and ratio > 1 else DEFAULT_RATIO,
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
        indicators = Indicator.objects.filter(plan_id__in=plan_ids).order_by()
        # Plain values, not model instances: an import's book reads every indicator of the plan.
        fields = ("code", "unit", "ytd_mode", "baseline", "plan__baseline_year", "quality_rule__id")
        rows = indicators.values_list("pk", "plan_id", *fields, *(f"quality_rule__{f}" for f in RULE_FIELDS))
        self.indicators: dict[int, IndicatorFacts] = {}
        self.plan_of: dict[int, int] = {}
        self.codes = defaultdict(dict)  # plan id → code → indicator id
        self.values: dict[int, dict[tuple[int, str], Decimal]] = defaultdict(dict)  # indicator -> history
        series = defaultdict(dict)
        for pk, plan_id, code, unit, ytd_mode, baseline, baseline_year, rule_id, *rule in rows:
            self.indicators[pk] = IndicatorFacts(code, unit, ytd_mode)
            self.plan_of[pk] = plan_id
            self.codes[plan_id][code] = pk
            if rule_id is not None:
                series[plan_id][code] = series_rules(code, *rule)
            if baseline is not None and baseline_year:
                self.values[pk][baseline_year, "year"] = baseline
        plan_ids = set(self.plan_of.values())
        cross = defaultdict(list)
        for rule in CrossRule.objects.filter(plan_id__in=plan_ids).order_by("code"):
            if (pure := cross_rule(rule)) is not None:
                cross[rule.plan_id].append(pure)
        self.rules = {p: QualityRules(series[p], tuple(cross[p])) for p in plan_ids}
        figures = Figure.objects.filter(indicator__plan_id__in=plan_ids, value__isnull=False).order_by()
        periods = set()
        for indicator_id, year, period, value in figures.values_list(
            "indicator_id", "year", "period", "value"
        ):
            self.values[indicator_id][year, period] = value
            periods.add(period)
        # Stored values are a DecimalField's and `pending` checks its own: `check` need not re-check the history
        # of every value, unless a stored period is unknown (then `check` refuses it as it always did).
        self.validated = periods <= set(PERIODS)

    @classmethod
    def for_indicators(cls, indicators) -> "QualityBook":
        return cls({i.plan_id for i in indicators})

    def pending(self, indicator_id: int, year: int, period: str, value: Decimal) -> None:
        """A value about to be written: later checks compare with it instead of the stored one. Refused as
        `check` refuses it: TypeError for a value not a finite Decimal, ValueError for an unknown period."""
        if not isinstance(value, Decimal) or not value.is_finite():
            raise TypeError(f"value must be a finite Decimal, not {value!r}")
        if not isinstance(year, int) or period not in PERIODS:
            raise ValueError(f"unknown year or period {(year, period)!r}")
        self.values[indicator_id][year, period] = value

    def check_rows(
        self, rows: Iterable[tuple[int, int, str, Decimal | None]]
    ) -> list[tuple[list[str], list[str]]]:
        """Per row, (soft messages, hard messages) as `findings` words them, after every row's value has
        been made pending (a row without a value has none); refused as `pending` refuses a value."""
        rows = list(rows)
        for row in rows:
            if row[3] is not None:
                self.pending(*row)
        keys = {row[0] for row in rows} & self.indicators.keys()
        series = {i: (self.indicators[i], self.rules[self.plan_of[i]], self.values[i]) for i in keys}
        results = []
        for row, passed in zip(rows, quiet(rows, series), strict=True):
            if passed:
                results.append(([], []))
                continue
            found = self.findings(*row)
            results.append(
                ([f.message for f in found if not f.blocks], [f.message for f in found if f.blocks])
            )
        return results

    def check_columns(self, ids, years, periods, values) -> list[tuple[list[str], list[str]]]:
        """`check_rows` for parallel columns; numpy or pandas ones give up their items as Python ints."""
        columns = [c.tolist() if hasattr(c, "tolist") else list(c) for c in (ids, years, periods, values)]
        return self.check_rows(zip(*columns, strict=True))

    def findings(self, indicator_id: int, year: int, period: str, value: Decimal | None) -> list[Finding]:
        facts = self.indicators.get(indicator_id)
        if value is None or facts is None:
            return []
        rules, by_code = self.rules[self.plan_of[indicator_id]], self.codes[self.plan_of[indicator_id]]
        # Only the series the cross rules on this one name: the same round of every series would make an
        # import of n rows check n × (series in the plan) values.
        named = {code for rule in rules.cross if facts.code in rule.expr.refs for code in rule.expr.refs}
        same_round = {
            code: v
            for code in named - {facts.code}
            if code in by_code and (v := self.values[by_code[code]].get((year, period))) is not None
        }
        return check(
            value,
            indicator=facts,
            year=year,
            period=period,
            rules=rules,
            history=self.values[indicator_id],
            same_round=same_round,
            validated=self.validated,
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
