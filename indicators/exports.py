"""Excel exports of the indicators (DESIGN.md "Excel" → "Report export")."""

from datetime import date
from decimal import Decimal

from django.utils import timezone
from openpyxl.styles import Alignment, Font

from core.xlsx import XlsxExporter, escape_formula
from indicators.dashboard import DashboardRow, dashboard_build
from indicators.models import Figure, Indicator, Period, Target
from indicators.rules import fmt
from plans.models import Plan


def baseline_cell(indicator: Indicator) -> Decimal | str:
    """The baseline as a number when written as a bare number ("-9.1"), else as written ("34.4左右", "—")."""
    plain = indicator.baseline is not None and indicator.baseline_text == fmt(indicator.baseline)
    return indicator.baseline if plain else indicator.baseline_text


def target_cell(target: Target | None) -> Decimal | str | None:
    """A bare-number target as a number, any other ("力争1家", "全市领先") as the appendix's text."""
    if target is None:
        return None
    return target.value if target.is_plain_number else target.source_text


def appendix_headers(plan: Plan) -> list[tuple[str, float]]:
    """The appendix's own columns, with the plan's baseline and target years; shared by the report and the
    fill-in template."""
    return [
        ("一级指标", 10),
        ("序号", 6),
        ("指标", 36),
        ("单位", 9),
        (f"{plan.baseline_year}年", 10),
        *((f"{year}年目标", 12) for year in plan.target_years),
        ("责任部门", 18),
    ]


def appendix_cells(indicator: Indicator, plan: Plan) -> list:
    """An indicator's appendix columns; the 一级指标 is repeated on every row (no merged cells) so pandas
    reads each. A companion series (no number) has no category, baseline or targets of its own."""
    targets = {t.year: t for t in indicator.plan_targets}
    return [
        indicator.category.name if indicator.category else "配套数据",
        indicator.number or "",
        indicator.name + indicator.mark,
        indicator.unit,
        baseline_cell(indicator) if indicator.number else "",
        *(target_cell(targets.get(year)) for year in plan.target_years),
        "、".join(link.department.short_name for link in indicator.responsible_links),
    ]


class ReportExporter(XlsxExporter):
    """The appendix table (制造强市建设主要指标) with the chosen year and period's 完成值, 状态 and 说明,
    and a second sheet with the 年度通报 paragraph."""

    sheet_name = "指标完成情况"

    def __init__(self, plan: Plan, year: int, *, period: str = Period.YEAR, today: date | None = None):
        self.plan, self.year, self.period = plan, year, period
        self.headers = [*appendix_headers(plan), ("完成值", 10), ("状态", 9), ("说明", 40)]
        self.today = today or timezone.localdate()
        slot = f"{year}年" + ("" if period == Period.YEAR else Period(period).label)
        self.title = f"{plan.short_name}主要指标完成情况（{slot}）"
        self.board = dashboard_build(plan=plan, year=year, period=period, today=self.today)

    def title_lines(self) -> list[str]:
        d = self.today
        return [self.title, f"导出日期：{d.year}年{d.month}月{d.day}日"]

    def rows(self):
        appendix_order = sorted(
            self.board.rows, key=lambda r: (r.indicator.category.sort_order, r.indicator.number)
        )
        for r in appendix_order:
            yield [*appendix_cells(r.indicator, self.plan), *result_cells(r)]

    def workbook(self):
        wb, count = super().workbook()
        sheet = wb.create_sheet("年度通报")
        sheet.column_dimensions["A"].width = 120
        sheet["A1"] = escape_formula(f"{self.title}（通报稿）")
        sheet["A1"].font = Font(bold=True, size=14)
        sheet["A3"] = escape_formula(self.board.summary)
        sheet["A3"].alignment = Alignment(wrap_text=True, vertical="top")
        sheet.row_dimensions[3].height = 15 * (len(self.board.summary) // 60 + 2)
        return wb, count


def result_cells(row: DashboardRow) -> tuple:
    """完成值, 状态, 说明 of a report row. Only submitted or approved figures carry a value; the 状态 is the
    dashboard's standing (已达标 … 待审核, 未报送, 未到期)."""
    figure = row.row.figure
    handed_in = figure is not None and figure.status in (Figure.Status.SUBMITTED, Figure.Status.APPROVED)
    if not handed_in:
        return None, row.standing, None
    explanation = "；".join(text for text in (row.reason, figure.explanation.strip()) if text)
    return figure.value, row.standing, explanation or None
