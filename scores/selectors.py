"""The 考核 table of a plan and year: every unit's counts (scores/inputs.py), its score by the weights saved now
(scores/scoring.py) with the coordinator's adjustment, and the ranking. The page and the export read this one
table, cell for cell."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from plans.models import Plan
from scores import inputs, scoring
from scores.models import ScoreAdjustment, ScoringRule
from tasks.models import report_years

DASH = "—"

# The table's columns, in order: the page's header and the export's.
HEADERS = (
    ("排名", 6),
    ("责任单位", 18),
    ("应报", 7),
    ("按时报送", 8),
    ("迟报", 7),
    ("未报", 7),
    ("逾期", 7),
    ("按时报送率（%）", 10),
    ("退回次数", 8),
    ("质量提示未核实", 9),
    ("质量提示已核实", 9),
    ("指标达标/应评", 9),
    ("指标完成率（%）", 10),
    ("任务按进度/滞后", 10),
    ("任务推进（%）", 10),
    ("督办单按时/应答", 10),
    ("督办单按时答复（%）", 11),
    ("基础分", 8),
    ("扣分", 7),
    ("调整", 7),
    ("得分", 8),
    ("调整理由", 30),
)


# What a phone still shows of the table (the rest are .detail columns, hidden there): rank, unit, the four rates,
# the returns and the score.
KEY_COLUMNS = {
    "排名",
    "责任单位",
    "按时报送率（%）",
    "退回次数",
    "指标完成率（%）",
    "任务推进（%）",
    "督办单按时答复（%）",
    "得分",
    "调整理由",
}


def column_classes() -> list[str]:
    return ["" if text in KEY_COLUMNS else "detail" for text, _ in HEADERS]


def scoring_rule() -> ScoringRule:
    """The weights and deductions saved now; the documented defaults (unsaved) if the row is missing."""
    rule = ScoringRule.objects.order_by("pk").first()
    if rule is None:
        d = scoring.DEFAULTS
        rule = ScoringRule(
            weight_timeliness=d["timeliness"],
            weight_completion=d["completion"],
            weight_progress=d["progress"],
            weight_supervision=d["supervision"],
            per_return=d["per_return"],
            per_unconfirmed=d["per_unconfirmed"],
            per_confirmed=d["per_confirmed"],
            deduction_cap=d["deduction_cap"],
        )
    return rule


@dataclass
class ScoreRow:
    counts: inputs.Counts
    score: scoring.Score
    rank: int | None
    adjustment: ScoreAdjustment | None

    @property
    def department(self):
        return self.counts.department

    def page_cells(self) -> list[tuple]:
        """The cells with each one's column class, for the page."""
        return list(zip(self.cells(), column_classes(), strict=True))

    def cells(self) -> list:
        """The row as the table shows it: counts as ints, rates (%) and points as Decimals, "—" for none."""
        c, s = self.counts, self.score

        def shown(value):
            return DASH if value is None else value

        def pair(first, second, applies):
            return f"{first}/{second}" if applies else DASH

        notices = c.notices
        return [
            shown(self.rank),
            c.department.name,
            c.due,
            c.on_time,
            c.late,
            c.owed,
            c.overdue,
            shown(s.percent("timeliness")),
            c.returns,
            c.quality_unconfirmed,
            c.quality_confirmed,
            pair(c.indicators_met, c.indicators_due, c.indicators_due),
            shown(s.percent("completion")),
            pair(c.tasks_on_pace, c.tasks_behind, c.tasks_on_pace + c.tasks_behind),
            shown(s.percent("progress")),
            pair(notices[1], notices[0], True) if notices is not None else DASH,
            shown(s.percent("supervision")),
            shown(s.base),
            s.deductions,
            s.adjustment,
            shown(s.total),
            self.adjustment.reason if self.adjustment else "",
        ]


@dataclass
class ScoreTable:
    plan: Plan
    year: int
    rows: list[ScoreRow]
    rule: ScoringRule
    supervision: bool  # whether the 督办单 input is present (the supervision app installed)

    @property
    def chart(self) -> dict:
        """The bar chart's data: the scored units by rank."""
        scored = [r for r in self.rows if r.score.total is not None]
        return {
            "labels": [r.department.short_name for r in scored],
            "values": [str(r.score.total) for r in scored],
        }

    @property
    def weights_text(self) -> str:
        """The weights and deductions in one line, for the export's note and the page."""
        r = self.rule
        parts = [
            f"按时报送率 {_num(r.weight_timeliness)}",
            f"指标完成率 {_num(r.weight_completion)}",
            f"任务推进 {_num(r.weight_progress)}",
            f"督办单 {_num(r.weight_supervision)}" if self.supervision else "督办单 不计（未启用督办模块）",
        ]
        deductions = (
            f"每次退回扣 {_num(r.per_return)} 分，未核实数据质量提示每条扣 {_num(r.per_unconfirmed)} 分，"
            f"已核实每条扣 {_num(r.per_confirmed)} 分，扣分上限 {_num(r.deduction_cap)} 分"
        )
        return f"权重：{'，'.join(parts)}；{deductions}"


def _num(value: Decimal) -> str:
    return f"{value.normalize():f}"


def score_table(*, plan: Plan, year: int, today: date) -> ScoreTable:
    """The table by the weights saved now: the next score after an edit in the admin uses the edited ones."""
    rule = scoring_rule()
    weights = rule.weights
    units, supervision = inputs.unit_counts(plan=plan, year=year, today=today)
    adjustments = {
        a.department_id: a
        for a in ScoreAdjustment.objects.select_related("updated_by").filter(
            plan=plan, year=year, department_id__in=[u.department.pk for u in units]
        )
    }
    scores = []
    for counts in units:
        adjustment = adjustments.get(counts.department.pk)
        points = adjustment.points if adjustment else scoring.ZERO
        scores.append((counts, scoring.score(counts.facts(), weights, points), adjustment))
    ranks = scoring.ranks([s.total for _, s, _ in scores])
    rows = [ScoreRow(c, s, rank, a) for (c, s, a), rank in zip(scores, ranks, strict=True)]
    rows.sort(key=lambda r: (r.rank is None, r.rank or 0, r.department.sort_order, r.department.pk))
    return ScoreTable(plan, year, rows, rule, supervision)


def score_years(plan: Plan, today: date) -> list[int]:
    """The years a plan's units can be scored for: its figure years and its task report years."""
    return sorted(set(plan.years) | set(report_years(plan, today)))


def default_year(years: list[int], today: date) -> int:
    """The latest year that has ended, else the first."""
    ended = [y for y in years if y < today.year]
    return ended[-1] if ended else years[0]


def adjustment_history(plan: Plan, year: int) -> list:
    """Every change of the adjustments of the plan and year, newest first, with who made it."""
    return list(
        ScoreAdjustment.history.filter(plan_id=plan.pk, year=year)
        .select_related("history_user", "department")
        .order_by("-history_date", "-history_id")
    )
