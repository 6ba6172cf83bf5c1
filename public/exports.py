"""The public table of a published year as .xlsx (core/xlsx.py, the appendix's columns) and as CSV, both with
every text cell formula-escaped."""

import csv
import io
from decimal import Decimal

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from openpyxl.styles import Alignment, Font, PatternFill

from core.values import fmt
from core.xlsx import CELL_FONT, XlsxExporter, escape_formula
from indicators.exports import STATUS_FILLS, appendix_cells, appendix_headers
from public.selectors import UNPUBLISHED, PublicRow, PublicTable

RESULT_HEADERS = [("完成值", 10), ("状态", 9), ("评价", 36)]


def result_cells(row: PublicRow) -> list:
    value = row.value if row.value is not None else (f"第{row.rank}名" if row.rank else "")
    return [value, row.standing, row.reason]


def file_name(table: PublicTable, suffix: str) -> str:
    return f"{table.plan.table_title}（{table.year}年 政务公开）.{suffix}"


class PublicExporter(XlsxExporter):
    sheet_name = "指标完成情况"
    merge_columns = ("一级指标",)

    def __init__(self, table: PublicTable):
        self.table = table
        self.headers = [*appendix_headers(table.plan), *RESULT_HEADERS]
        self.title = f"{table.plan.table_title}（{table.year}年）"

    def title_lines(self) -> list[str]:
        return [self.title, f"经审核的全年完成值；“{UNPUBLISHED}”为尚无审核通过的数据"]

    def rows(self):
        for r in self.table.rows:
            yield [*appendix_cells(r.indicator, self.table.plan), *result_cells(r)]

    def cell_style(self, cell, header: str, value) -> None:
        if header == "状态" and value in STATUS_FILLS:
            cell.fill = PatternFill("solid", fgColor=STATUS_FILLS[value])
            cell.font = Font(name=CELL_FONT.name, size=CELL_FONT.size, bold=value == "未达标")
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def csv_cell(value) -> str:
    """A number as written (16.6, -9.1: numbers, not formulas); any text escaped like the workbook's."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return fmt(value)
    if isinstance(value, int):
        return str(value)
    return escape_formula(str(value))


def csv_download(table: PublicTable) -> HttpResponse:
    """UTF-8 with a byte order mark, so that Excel opens the Chinese text as such."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    headers = [*appendix_headers(table.plan), *RESULT_HEADERS]
    writer.writerow([escape_formula(text) for text, _ in headers])
    for r in table.rows:
        cells = [*appendix_cells(r.indicator, table.plan), *result_cells(r)]
        writer.writerow([csv_cell(c) for c in cells])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=file_name(table, "csv")
    )
    return response
