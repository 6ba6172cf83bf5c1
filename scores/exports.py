"""《责任单位考核得分表》: the 考核 table of a plan and year as an official-looking .xlsx, cell for cell the page's."""

from datetime import date

from openpyxl.styles import Alignment

from core.xlsx import XlsxExporter
from scores.selectors import HEADERS, ScoreTable

TEXT_COLUMNS = {"责任单位", "调整理由"}
CENTRED = Alignment(horizontal="center", vertical="center", wrap_text=True)


class ScoreExporter(XlsxExporter):
    sheet_name = "考核得分"
    headers = HEADERS

    def __init__(self, table: ScoreTable, *, today: date):
        self.table, self.today = table, today
        self.title = f"{table.plan.short_name}{table.year}年度责任单位考核得分表"

    @property
    def filename(self) -> str:
        return f"{self.title}.xlsx"

    def title_lines(self) -> list[str]:
        d = self.today
        return [self.title, self.table.weights_text, f"导出日期：{d.year}年{d.month}月{d.day}日"]

    def rows(self):
        for row in self.table.rows:
            yield row.cells()

    def cell_style(self, cell, header: str, value) -> None:
        if header not in TEXT_COLUMNS:  # counts, rates and points centred, as in an official table
            cell.alignment = CENTRED
