"""The two spreadsheets the import reads back: the fill-in template (appendix layout) and the long export of
all figures. Both are written by core.xlsx.XlsxExporter, so text cells are escaped against formulas."""

from datetime import datetime

from django.utils import timezone
from openpyxl.styles import PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from core.xlsx import XlsxExporter
from departments.models import Department
from indicators.exports import appendix_cells, appendix_headers
from indicators.models import PERIOD_ORDER, Figure, Indicator, IndicatorDepartment, Period
from indicators.selectors import DEPARTMENTS, TARGETS
from plans.models import Plan

INPUT_FILL = PatternFill("solid", fgColor="FFF9E5")
MAX_VALUE = "999999999999"


def _lead_names() -> dict[int, str]:
    links = IndicatorDepartment.objects.filter(order=0).select_related("department")
    return {link.indicator_id: link.department.name for link in links}


class TemplateExporter(XlsxExporter):
    """The appendix table with 完成值, 排名, 说明, a miss's 原因类别, 整改措施, 预计赶上 and the answer to an
    earlier miss, 上期整改是否见效, to fill (pre-filled with the current annual figures): the same fields as the
    entry form. Only those columns are unlocked; the year, department and time are stamped above the header,
    where the import reads the year back."""

    sheet_name = "填报"
    INPUTS = ("完成值", "排名", "说明", "原因类别", "整改措施", "预计赶上", "上期整改是否见效")

    def __init__(
        self, plan: Plan, year: int, *, department: Department | None = None, now: datetime | None = None
    ):
        self.plan, self.year, self.department = plan, year, department
        self.headers = [
            *appendix_headers(plan),
            ("完成值", 12),
            ("排名", 8),
            ("说明", 36),
            ("原因类别", 12),
            ("整改措施", 36),
            ("预计赶上", 14),
            ("上期整改是否见效", 16),
        ]
        self.now = timezone.localtime(now or timezone.now())
        self.title = f"{plan.table_title}填报模板（{year}年）"

    def title_lines(self) -> list[str]:
        who = self.department.name if self.department else "全部"
        return [
            self.title,
            f"年度：{self.year}　责任部门：{who}　规划代码：{self.plan.code}　生成时间：{self.now:%Y-%m-%d %H:%M}　"
            "请只填写“完成值”“排名”“说明”列，未达目标的另填“原因类别”“整改措施”“预计赶上”（如 2026年上半年），"
            "上期未达目标的填“上期整改是否见效”，填好后在“Excel 导入”页面上传",
        ]

    def indicators(self):
        indicators = (
            Indicator.objects.filter(plan=self.plan)
            .select_related("category")
            .prefetch_related(TARGETS, DEPARTMENTS)
        )
        if self.department is not None:
            indicators = indicators.filter(
                department_links__order=0, department_links__department=self.department
            )
        # Appendix order, the companion series (no number) last.
        return sorted(
            indicators,
            key=lambda i: (i.number is None, i.category.sort_order if i.category else 0, i.number or 0),
        )

    def rows(self):
        indicators = self.indicators()
        figures = {
            f.indicator_id: f
            for f in Figure.objects.filter(
                indicator__in=[i.pk for i in indicators], year=self.year, period=Period.YEAR
            )
        }
        for indicator in indicators:
            figure = figures.get(indicator.pk)
            yield [
                *appendix_cells(indicator, self.plan),
                figure.value if figure else "",
                figure.rank if figure and figure.rank is not None else "",
                figure.explanation if figure else "",
                figure.get_miss_cause_display() if figure and figure.miss_cause else "",
                figure.remedy if figure else "",
                f"{figure.catch_up_year}年{figure.get_catch_up_period_display()}"
                if figure and figure.catch_up_year
                else "",
                figure.get_catch_up_result_display() if figure and figure.catch_up_result else "",
            ]

    def workbook(self):
        wb, count = super().workbook()
        ws = wb.active
        header_row = len(self.title_lines()) + 1
        first, last = header_row + 1, header_row + max(count, 1)
        names = [text for text, _ in self.headers]
        value_col, rank_col = (get_column_letter(names.index(n) + 1) for n in ("完成值", "排名"))
        decimal = DataValidation(
            type="decimal",
            operator="between",
            formula1=f"-{MAX_VALUE}",
            formula2=MAX_VALUE,
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="完成值",
            error="请填写数字，如 35.2；没有数据请留空。",
        )
        whole = DataValidation(
            type="whole",
            operator="between",
            formula1="1",
            formula2="20",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="排名",
            error="排名请填写 1—20 的整数。",
        )
        decimal.add(f"{value_col}{first}:{value_col}{last}")
        whole.add(f"{rank_col}{first}:{rank_col}{last}")
        ws.add_data_validation(decimal)
        ws.add_data_validation(whole)
        for header, labels in (
            ("原因类别", Figure.MissCause.labels),
            ("上期整改是否见效", Figure.CatchUp.labels),
        ):
            column = get_column_letter(names.index(header) + 1)
            choices = DataValidation(
                type="list",
                formula1=f'"{",".join(labels)}"',
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=header,
                error=f"请选择{'、'.join(labels)}之一。",
            )
            choices.add(f"{column}{first}:{column}{last}")
            ws.add_data_validation(choices)
        for name in self.INPUTS:
            column = names.index(name) + 1
            for row in range(first, last + 1):
                cell = ws.cell(row=row, column=column)
                cell.protection = Protection(locked=False)
                cell.fill = INPUT_FILL
        # Locked layout without a password: a person who really must change it can, but not by accident.
        ws.protection.sheet = True
        ws.protection.formatColumns = False
        ws.protection.formatRows = False
        return wb, count


class FigureExporter(XlsxExporter):
    """Every figure in the long layout (one row per indicator, year and period); the import reads it back."""

    title = "制造强市建设指标填报数据"
    sheet_name = "填报数据"
    headers = [
        ("序号", 6),
        ("指标", 40),
        ("年度", 8),
        ("期间", 10),
        ("完成值", 12),
        ("排名", 8),
        ("说明", 36),
        ("责任部门", 16),
        ("状态", 9),
    ]

    def __init__(self, *, now: datetime | None = None):
        self.now = timezone.localtime(now or timezone.now())

    def title_lines(self) -> list[str]:
        return [self.title, f"导出时间：{self.now:%Y-%m-%d %H:%M}"]

    def rows(self):
        leads = _lead_names()
        figures = Figure.objects.select_related("indicator")
        order = {p: i for i, p in enumerate(PERIOD_ORDER)}
        figures = sorted(
            figures, key=lambda f: (f.indicator.number or 999, f.indicator.code, f.year, order[f.period])
        )
        for figure in figures:
            indicator = figure.indicator
            yield [
                indicator.number or "",
                indicator.name + indicator.mark,
                figure.year,
                Period(figure.period).label,
                figure.value if figure.value is not None else "",
                figure.rank if figure.rank is not None else "",
                figure.explanation,
                leads.get(indicator.pk, ""),
                figure.get_status_display(),
            ]
