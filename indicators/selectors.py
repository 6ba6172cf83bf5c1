from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, QuerySet

from indicators.models import PLAN_YEARS, Indicator, IndicatorDepartment, Target

# Irregular targets that span years are one merged cell in the appendix (indicator 5, 9's 2024–2025, 15).
MERGEABLE_KINDS = {Target.Kind.RELATIVE, Target.Kind.LEADING, Target.Kind.STRIVE}


def indicator_list() -> QuerySet[Indicator]:
    """The 18 appendix indicators with category, targets and ordered departments, in three queries."""
    return (
        Indicator.objects.main()
        .select_related("category")
        .prefetch_related(
            Prefetch("targets", queryset=Target.objects.select_related("reference").order_by("year")),
            Prefetch("department_links", queryset=IndicatorDepartment.objects.select_related("department")),
        )
        .order_by("category__sort_order", "number")
    )


def indicator_get(number: int) -> Indicator:
    return indicator_list().get(number=number)


@dataclass(frozen=True)
class TargetCell:
    text: str
    colspan: int
    kind: str


def target_cells(indicator: Indicator) -> list[TargetCell]:
    """The indicator's 2023–2025 targets as the appendix shows them, merging repeated irregular cells."""
    by_year = {t.year: t for t in indicator.targets.all()}
    cells: list[TargetCell] = []
    for year in PLAN_YEARS:
        target = by_year.get(year)
        if target is None:
            cells.append(TargetCell("", 1, ""))
            continue
        last = cells[-1] if cells else None
        if (
            last
            and last.kind in MERGEABLE_KINDS
            and last.kind == target.kind
            and last.text == target.source_text
        ):
            cells[-1] = TargetCell(last.text, last.colspan + 1, last.kind)
        else:
            cells.append(TargetCell(target.source_text, 1, target.kind))
    return cells


def report_status(year: int, *, today: date) -> str:
    """The 状态 of a year's figure until figures are stored: 未到期 while the year runs, then 未报送."""
    return "未到期" if today <= date(year, 12, 31) else "未报送"
