"""Excel exports of the indicators (DESIGN.md "Excel" → "Report export")."""

from datetime import date
from decimal import Decimal

from django.utils import timezone
from openpyxl.styles import Alignment, Font, PatternFill

from core.xlsx import CELL_FONT, TITLE_FONT, XlsxExporter, escape_formula
from indicators.dashboard import dashboard_build
from indicators.models import Figure, Indicator, Period, Target
from indicators.rules import fmt
from indicators.standings import DashboardRow
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
    """An indicator's appendix columns; the 一级指标 is on every row (the report merges the runs, the
    fill-in template keeps each so pandas reads it). A companion series (no number) has no category,
    baseline or targets of its own."""
    targets = {t.year: t for t in indicator.plan_targets}
    return [
        indicator.category.name if indicator.category else "配套数据",
        (indicator.display_number if indicator.sub else indicator.number) or "",
        indicator.name + indicator.mark,
        indicator.unit,
        baseline_cell(indicator) if indicator.number else "",
        *(target_cell(targets.get(year)) for year in plan.target_years),
        "、".join(link.department.short_name for link in indicator.responsible_links),
    ]


def with_attribute(columns: list, attribute, shown: bool) -> list:
    """Appendix columns with the 属性 after 单位 (the 5th column), when the plan's table has one."""
    return [*columns[:4], attribute, *columns[4:]] if shown else list(columns)


def heading_cells(parent: Indicator, child: Indicator, plan: Plan) -> list:
    """The row of a sub-indicators' heading ("10 研发投入" above 10.1, 10.2): number, name and unit only."""
    blank = [None] * (len(plan.target_years) + 2 + 7)  # baseline, targets, 责任部门, the 7 result cells
    return [child.category.name, parent.number, parent.name + parent.mark, parent.unit, *blank]


def handed_in(row: DashboardRow) -> bool:
    """Only submitted or approved figures are reported; a draft or a returned figure is not."""
    figure = row.row.figure
    return figure is not None and figure.status in (Figure.Status.SUBMITTED, Figure.Status.APPROVED)


def miss_fields(rows: list[DashboardRow]) -> dict[int, dict]:
    """原因类别, 整改措施 and 预计赶上 of the rows' handed-in figures, by figure id, in one query (the
    standings carry only what the dashboard shows)."""
    ids = [r.row.figure.pk for r in rows if handed_in(r)]
    fields = ("pk", "miss_cause", "remedy", "catch_up_year", "catch_up_period")
    return {f["pk"]: f for f in Figure.objects.filter(pk__in=ids).values(*fields)}


CAUSES = dict(Figure.MissCause.choices)


def catch_up_text(miss: dict) -> str:
    """ "2025年" for the annual figure, "2025年上半年" for a year-to-date one, "" when not given."""
    if not miss.get("catch_up_year"):
        return ""
    period = miss.get("catch_up_period") or Period.YEAR
    return f"{miss['catch_up_year']}年" + ("" if period == Period.YEAR else Period(period).label)


# Light fills that print as pale greys, so the 状态 text stays legible in black and white; a miss is also bold.
STATUS_FILLS = {
    "已达标": "E2EFDA",
    "基本达标": "EDF3E0",
    "未达标": "F8CBAD",
    "力争未达": "FCE4D6",
    "待评估": "FFF2CC",
    "待审核": "DDEBF7",
    "未报送": "EDEDED",
}
STATUS_BOLD = {"未达标", "未报送"}


class ReportExporter(XlsxExporter):
    """The appendix table (制造强市建设主要指标; 属性 after 单位 when the plan's table has one) with the chosen
    year and period's 完成值, 状态 and the automatic 评价, then the department's own 说明, 原因类别, 整改措施
    and 预计赶上; a second sheet holds the 年度通报 paragraph."""

    sheet_name = "指标完成情况"
    merge_columns = ("一级指标",)

    def __init__(self, plan: Plan, year: int, *, period: str = Period.YEAR, today: date | None = None):
        self.plan, self.year, self.period = plan, year, period
        self.today = today or timezone.localdate()
        self.board = dashboard_build(plan=plan, year=year, period=period, today=self.today)
        self.attributes = any(r.indicator.attribute for r in self.board.rows)
        self.headers = [
            *with_attribute(appendix_headers(plan), ("属性", 8), self.attributes),
            ("完成值", 10),
            ("状态", 9),
            ("评价", 30),
            ("说明", 30),
            ("原因类别", 10),
            ("整改措施", 30),
            ("预计赶上", 10),
        ]
        slot = f"{year}年" + ("" if period == Period.YEAR else Period(period).label)
        self.title = f"{plan.table_title}（{slot}）"

    def title_lines(self) -> list[str]:
        d = self.today
        return [self.title, f"导出日期：{d.year}年{d.month}月{d.day}日"]

    def rows(self):
        appendix_order = sorted(
            self.board.rows,
            key=lambda r: (r.indicator.category.sort_order, r.indicator.number, r.indicator.sub),
        )
        misses = miss_fields(appendix_order)
        headed = set()
        for r in appendix_order:
            parent = r.indicator.parent
            if parent is not None and parent.heading and parent.pk not in headed:
                headed.add(parent.pk)  # the heading of sub-indicators: its name only, nothing entered
                yield with_attribute(heading_cells(parent, r.indicator, self.plan), None, self.attributes)
            cells = appendix_cells(r.indicator, self.plan)
            attribute = r.indicator.get_attribute_display() or None
            yield [*with_attribute(cells, attribute, self.attributes), *result_cells(r, misses)]

    def cell_style(self, cell, header: str, value) -> None:
        if header == "状态" and value in STATUS_FILLS:
            cell.fill = PatternFill("solid", fgColor=STATUS_FILLS[value])
            cell.font = Font(name=CELL_FONT.name, size=CELL_FONT.size, bold=value in STATUS_BOLD)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        elif header in ("序号", "单位", "属性", "原因类别", "预计赶上"):
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)

    def workbook(self):
        wb, count = super().workbook()
        sheet = wb.create_sheet("年度通报")
        sheet.column_dimensions["A"].width = 120
        sheet["A1"] = escape_formula(f"{self.title}（通报稿）")
        sheet["A1"].font = Font(name=TITLE_FONT.name, bold=True, size=14)
        sheet["A3"] = escape_formula(self.board.summary)
        sheet["A3"].font = CELL_FONT
        sheet["A3"].alignment = Alignment(wrap_text=True, vertical="top")
        sheet.row_dimensions[3].height = 15 * (len(self.board.summary) // 60 + 2)
        return wb, count


def result_cells(row: DashboardRow, misses: dict[int, dict]) -> tuple:
    """完成值, 状态, 评价, 说明, 原因类别, 整改措施, 预计赶上 of a report row. The 状态 is the dashboard's
    standing (已达标 … 待审核, 未报送, 未到期); the rest only for a submitted or approved figure."""
    if not handed_in(row):
        return None, row.standing, None, None, None, None, None
    figure = row.row.figure
    miss = misses.get(figure.pk, {})
    return (
        figure.value,
        row.standing,
        row.reason or None,
        figure.explanation.strip() or None,
        CAUSES.get(miss.get("miss_cause", "")) or None,
        (miss.get("remedy") or "").strip() or None,
        catch_up_text(miss) or None,
    )
