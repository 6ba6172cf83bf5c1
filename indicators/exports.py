"""Excel exports of the indicators (DESIGN.md "Excel" → "Report export")."""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from core.xlsx import XlsxExporter
from indicators.models import PLAN_YEARS, Figure, Indicator, Period, Target, format_plain
from indicators.selectors import FigureRow, figure_rows, indicator_list


def baseline_cell(indicator: Indicator) -> Decimal | str:
    """The 2022 baseline as a number when written as a bare number ("-9.1"), else as written ("34.4左右", "—")."""
    plain = indicator.baseline is not None and indicator.baseline_text == format_plain(indicator.baseline)
    return indicator.baseline if plain else indicator.baseline_text


def target_cell(target: Target | None) -> Decimal | str | None:
    """A bare-number target as a number, any other ("力争1家", "全市领先") as the appendix's text."""
    if target is None:
        return None
    return target.value if target.is_plain_number else target.source_text


class ReportExporter(XlsxExporter):
    """The appendix table (制造强市建设主要指标) with the chosen year's 完成值, 状态 and 说明."""

    sheet_name = "指标完成情况"
    headers = [
        ("一级指标", 10),
        ("序号", 6),
        ("指标", 36),
        ("单位", 9),
        ("2022年", 10),
        *((f"{year}年目标", 12) for year in PLAN_YEARS),
        ("责任部门", 18),
        ("完成值", 10),
        ("状态", 9),
        ("说明", 30),
    ]

    def __init__(self, year: int, *, today: date | None = None):
        self.year = year
        self.today = today or timezone.localdate()
        self.title = f"制造强市建设主要指标完成情况（{year}年）"

    def title_lines(self) -> list[str]:
        d = self.today
        return [self.title, f"导出日期：{d.year}年{d.month}月{d.day}日"]

    def rows(self):
        rows = figure_rows(indicator_list(), today=self.today, years=[self.year])
        for row in (r for r in rows if r.period == Period.YEAR):
            indicator = row.indicator
            targets = {t.year: t for t in indicator.targets.all()}
            yield [
                indicator.category.name,  # repeated on every row (no merged cells) so pandas reads each
                indicator.number,
                indicator.name + indicator.mark,
                indicator.unit,
                baseline_cell(indicator),
                *(target_cell(targets.get(year)) for year in PLAN_YEARS),
                "、".join(link.department.short_name for link in indicator.department_links.all()),
                *result_cells(row),
            ]


def result_cells(row: FigureRow) -> tuple:
    """完成值, 状态, 说明 of a report row. Only submitted or approved figures are reported; an approved one
    shows its evaluation (已达标 …) instead of its workflow status."""
    figure = row.figure
    if figure is None or figure.status not in (Figure.Status.SUBMITTED, Figure.Status.APPROVED):
        return None, row.status if figure is None else "未报送", None
    status = row.status
    if figure.status == Figure.Status.APPROVED and row.assessment is not None:
        status = row.assessment.current.label
    reason = row.assessment.current.reason if row.assessment else ""
    explanation = "；".join(text for text in (reason, figure.explanation.strip()) if text)
    return figure.value, status, explanation or None
