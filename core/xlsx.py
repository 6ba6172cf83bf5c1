"""Styled .xlsx exports, after pretix's ListExporter: a subclass declares headers and yields rows; this base
writes the workbook in the look of an official table (宋体 title and header, 仿宋 cells, borders, merged runs
of a grouping column, print titles, "第 N 页，共 M 页" footer) with typed and escaped cells.
"""

from collections.abc import Iterable, Sequence
from decimal import Decimal
from io import BytesIO
from os import PathLike
from typing import IO, Any

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# = + - @ (and tab, CR) start a formula; so do their full-width, small, superscript and subscript forms (every
# character NFKC turns into one of the four) once an input method or a spreadsheet folds them to ASCII.
FORMULA_STARTS = (
    *("=", "+", "-", "@", "\t", "\r"),
    *("＝", "＋", "－", "＠", "﹦", "﹢", "﹣", "﹫", "⁼", "⁺", "₌", "₊", "﬩"),
)

_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")  # grey: prints the same in black and white
_WRAP = Alignment(wrap_text=True, vertical="center")
_CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")
# Named by their Chinese names, as Excel and WPS on a Chinese Windows list them.
TITLE_FONT = Font(name="宋体", bold=True, size=16)
NOTE_FONT = Font(name="仿宋", size=10)
HEADER_FONT = Font(name="宋体", bold=True, size=11)
CELL_FONT = Font(name="仿宋", size=11)


def escape_formula(value: Any) -> Any:
    """Prefix "'" to text that Excel would run as a formula (CSV/formula injection); other values pass."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _number_format(value: Decimal) -> str:
    """Decimal("39.1000") → "0.0", Decimal("40") → "0": as many places as the value really has."""
    places = max(0, -value.normalize().as_tuple().exponent)
    return "0." + "0" * places if places else "0"


class XlsxExporter:
    """Subclasses set `sheet_name`, `headers` ((text, column width) pairs), optionally `title`,
    and implement `rows()`."""

    title: str = ""
    sheet_name: str = "Sheet1"
    headers: Sequence[tuple[str, float]] = ()
    merge_columns: Sequence[
        str
    ] = ()  # headers whose runs of equal cells are merged (the appendix's 一级指标)

    def title_lines(self) -> list[str]:
        """Lines above the header: the first is the title (bold, larger), the rest notes such as a date."""
        return [self.title] if self.title else []

    def rows(self) -> Iterable[Sequence[Any]]:
        raise NotImplementedError

    def cell_style(self, cell: Cell, header: str, value: Any) -> None:
        """Style one data cell beyond the defaults (a status colour, say); the base does nothing."""

    def workbook(self) -> tuple[Workbook, int]:
        """The styled workbook and the number of data rows in it."""
        wb = Workbook()
        return wb, self.sheet_write(wb.active)

    def sheet_write(self, ws: Worksheet) -> int:
        """Write title, header and rows into a worksheet (of a workbook holding several); returns the rows."""
        ws.title = self.sheet_name
        ncols, lines = len(self.headers), self.title_lines()
        for i, line in enumerate(lines, 1):
            cell = ws.cell(row=i, column=1, value=escape_formula(line))
            cell.font = TITLE_FONT if i == 1 else NOTE_FONT
            cell.alignment = _CENTER if i == 1 else Alignment(horizontal="right")
            ws.merge_cells(start_row=i, start_column=1, end_row=i, end_column=ncols)
        if lines:
            ws.row_dimensions[1].height = 30  # openpyxl does not auto-fit the larger title font

        header_row = len(lines) + 1
        for col, (text, width) in enumerate(self.headers, 1):
            cell = ws.cell(row=header_row, column=col, value=escape_formula(text))
            cell.font = HEADER_FONT
            cell.fill = _HEADER_FILL
            cell.border = _BORDER
            cell.alignment = _CENTER
            ws.column_dimensions[get_column_letter(col)].width = width

        count = 0
        names = [text for text, _ in self.headers]
        for count, values in enumerate(self.rows(), 1):
            for col, value in enumerate(values, 1):
                cell = ws.cell(row=header_row + count, column=col)
                if isinstance(value, Decimal):
                    # Excel stores numbers as doubles anyway; the format keeps the places as written.
                    cell.value = int(value) if value == value.to_integral_value() else float(value)
                    cell.number_format = _number_format(value)
                else:
                    cell.value = escape_formula(value) if value != "" else None
                cell.border, cell.alignment, cell.font = _BORDER, _WRAP, CELL_FONT
                if col <= len(names):
                    self.cell_style(cell, names[col - 1], value)
        for name in self.merge_columns:
            merge_runs(ws, names.index(name) + 1, header_row + 1, header_row + count)

        ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
        page_setup(ws, header_row=header_row, title=self.title)
        return count

    def write(self, target: str | PathLike | IO[bytes]) -> int:
        """Save to a path or binary file; returns the number of data rows written."""
        wb, count = self.workbook()
        wb.save(target)
        return count

    def to_bytes(self) -> bytes:
        buffer = BytesIO()
        self.write(buffer)
        return buffer.getvalue()

    def download(self, filename: str) -> HttpResponse:
        """The workbook as an attachment (a Chinese file name is sent RFC 5987-encoded)."""
        response = HttpResponse(self.to_bytes(), content_type=XLSX)
        response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
        return response


def merge_runs(ws: Worksheet, column: int, first: int, last: int) -> None:
    """Merge each run of equal, non-empty cells of a column between two rows, centred like a group label."""
    start = first
    for row in range(first + 1, last + 2):
        value = ws.cell(row=start, column=column).value
        if row <= last and value is not None and ws.cell(row=row, column=column).value == value:
            continue
        if row - 1 > start:
            ws.merge_cells(start_row=start, start_column=column, end_row=row - 1, end_column=column)
        ws.cell(row=start, column=column).alignment = _CENTER
        start = row


def page_setup(ws: Worksheet, *, header_row: int, title: str = "") -> None:
    """Print on A4 landscape, one page wide, the header row repeated on every page, the title at the top of
    each page and "第 N 页，共 M 页" at the bottom."""
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0  # one page wide, as many long as needed
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    if title:
        ws.oddHeader.center.text = title.replace("&", "&&")  # "&" starts a header code
        ws.oddHeader.center.font = "宋体"
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.oddFooter.center.font = "宋体"
