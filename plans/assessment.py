"""终期评估: a plan judged at its end. Each indicator by the final year's rule — except a target about the whole
period (indicator 5's "年均增速高于规上工业增速"), judged on the averages of every plan year (indicators.rules
.evaluate_final) — with its 完成率 and average annual change from the baseline; each task commitment in its state
at the end of the final year. Reads only; the page, the .xlsx and the .docx are built from what this returns.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings

from indicators import rules, selectors
from indicators.models import Category, Figure, Indicator, Period, Target, binding_first
from indicators.standings import STANDING_CLASS
from plans.models import Plan
from tasks import selectors as task_selectors
from tasks.selectors import CommitmentRow, Slot, TaskRow

# The verdicts of the final assessment, in the order a report lists them.
VERDICTS = ["已达标", "基本达标", "未达标", "力争未达", "待评估", "未报送"]
VERDICT_OF = {
    rules.Status.MET: "已达标",
    rules.Status.NEARLY_MET: "基本达标",
    rules.Status.NOT_MET: "未达标",
    rules.Status.STRIVE_NOT_MET: "力争未达",
    rules.Status.PENDING: "待评估",
    rules.Status.NO_VALUE: "未报送",
}
HANDED_IN = {Figure.Status.SUBMITTED, Figure.Status.APPROVED}
REVIEW_LABELS = dict(Figure.Status.choices)


@dataclass(frozen=True)
class IndicatorResult:
    indicator: Indicator
    target: Target | None  # the final year's
    figure: Figure | None  # the final year's annual figure, whatever its status
    evaluation: rules.Evaluation
    rate: Decimal | None  # 完成率, percent
    change: str  # 年均变化 from the baseline

    @property
    def verdict(self) -> str:
        return VERDICT_OF[self.evaluation.status]

    @property
    def css(self) -> str:
        """The verdict's class, shared with the dashboard's standings ("not_met", "missing" …)."""
        return STANDING_CLASS[self.verdict]

    @property
    def value(self) -> Decimal | None:
        return self.figure.value if self.figure is not None and self.figure.status in HANDED_IN else None

    @property
    def review_status(self) -> str:
        return REVIEW_LABELS[self.figure.status] if self.figure is not None else "未报送"


@dataclass(frozen=True)
class CategoryResult:
    category: Category
    rows: list[IndicatorResult]

    @property
    def counts(self) -> dict[str, int]:
        return _counts(self.rows)


@dataclass(frozen=True)
class ChapterResult:
    """A chapter's task commitments at the end of the final year."""

    title: str
    commitments: list[CommitmentRow]
    tasks: list[TaskRow] = field(default_factory=list)  # each task's row (its status) at the same end

    @property
    def counts(self) -> dict[str, int]:
        found = Counter(row.progress.state.label for row in self.commitments)
        return dict(found)


@dataclass(frozen=True)
class Assessment:
    plan: Plan
    final_year: int
    today: date
    categories: list[CategoryResult]
    chapters: list[ChapterResult]

    @property
    def rows(self) -> list[IndicatorResult]:
        return [row for category in self.categories for row in category.rows]

    @property
    def counts(self) -> dict[str, int]:
        return _counts(self.rows)

    @property
    def count_items(self) -> list[tuple[str, str, int]]:
        """(verdict, css class, count) in the report's order."""
        return [(label, STANDING_CLASS[label], n) for label, n in self.counts.items()]

    @property
    def failures(self) -> list[IndicatorResult]:
        """The misses, 约束性 first."""
        return binding_first(row for row in self.rows if row.evaluation.status.is_failure)

    @property
    def verdict(self) -> str:
        """The overall verdict in one sentence, from the counts."""
        counts, total = self.counts, len(self.rows)
        on_track = counts["已达标"] + counts["基本达标"]
        parts = "、".join(f"{label}{counts[label]}项" for label in VERDICTS if counts[label])
        head = f"{self.plan.name}（{self.plan.span_label}）{total}项主要指标中，{parts}"
        if not total:
            return f"{self.plan.name}尚无主要指标。"
        if on_track == total:
            return f"{head}，全部达到目标。"
        return f"{head}，达标率 {self.rate}%。"

    @property
    def rate(self) -> int | None:
        """达标率: the share (percent, rounded down) of indicators 已达标 or 基本达标."""
        counts, total = self.counts, len(self.rows)
        return (counts["已达标"] + counts["基本达标"]) * 100 // total if total else None


def _counts(rows: list[IndicatorResult]) -> dict[str, int]:
    found = Counter(row.verdict for row in rows)
    return {label: found[label] for label in VERDICTS}


def assessment_build(plan: Plan, *, today: date) -> Assessment:
    """The plan's final assessment from the database, in a fixed number of queries."""
    final_year = plan.last_year
    indicators = list(
        selectors.indicator_list(plan)
        .prefetch_related(None)
        .prefetch_related("category", selectors.TARGETS, selectors.DEPARTMENTS)
    )
    references = {t.reference_id for i in indicators for t in i.plan_targets if t.reference_id}
    figures = {
        (f.indicator_id, f.year): f
        for f in Figure.objects.filter(
            indicator_id__in={i.figures_of for i in indicators} | references,
            period=Period.YEAR,
            year__in=plan.years,
        )
    }

    def handed_in(indicator_id: int | None, year: int) -> Decimal | None:
        figure = figures.get((indicator_id, year))
        return figure.value if figure is not None and figure.status in HANDED_IN else None

    tolerance = Decimal(settings.APPROX_TOLERANCE)
    by_category: dict[int, list[IndicatorResult]] = {}
    for indicator in indicators:
        target = next((t for t in indicator.plan_targets if t.year == final_year), None)
        figure = figures.get((indicator.figures_of, final_year))  # a shared indicator reads the shared figure
        value = handed_in(indicator.figures_of, final_year)
        if target is None:
            evaluation = rules.Evaluation(rules.Status.PENDING, f"{final_year}年无目标，待评估")
            rate = None
        else:
            rule = target.rule(adjusted=True, default_tolerance=tolerance)
            series = [
                (year, handed_in(indicator.figures_of, year), handed_in(target.reference_id, year))
                for year in plan.years
            ]
            evaluation = rules.evaluate_final(
                rule,
                value,
                rank=figure.rank if value is not None else None,
                reference=handed_in(target.reference_id, final_year),
                series=series,
                baseline=indicator.baseline,
                previous=(
                    indicator.baseline
                    if final_year - 1 == plan.baseline_year
                    else handed_in(indicator.figures_of, final_year - 1)
                ),
            )
            rate = rules.completion_rate(rule, value)
        change = rules.annual_change(
            indicator.baseline, value, final_year - plan.baseline_year, indicator.unit
        )
        result = IndicatorResult(indicator, target, figure, evaluation, rate, change)
        by_category.setdefault(indicator.category_id, []).append(result)
    categories = [
        CategoryResult(rows[0].indicator.category, rows)
        for rows in sorted(by_category.values(), key=lambda rows: rows[0].indicator.category.sort_order)
    ]
    return Assessment(plan, final_year, today, categories, _chapters(plan, final_year, today))


def _chapters(plan: Plan, final_year: int, today: date) -> list[ChapterResult]:
    """Every chapter goal its lead reports (paced to its own due year: a 2030 goal is judged on its pace) and
    every task commitment, in their state at the end of the final year (全年), chapter by chapter."""
    if not plan.chapters.exists():
        return []
    tree = task_selectors.tree(plan=plan, slot=Slot(final_year, Period.YEAR), today=today)
    return [
        ChapterResult(
            str(chapter.chapter),
            [CommitmentRow(g.commitment, g.progress) for g in chapter.goals if g.progress is not None]
            + [c for row in chapter.tasks for c in row.commitments],
            chapter.tasks,
        )
        for chapter in tree
    ]
