"""Find the table in each sheet: a header row within the first rows (title rows above it are allowed), its
columns recognised by synonyms, and the year stamped above the header when there is no 年度 column (the
template). The table comes out as columns (pandas selects them and drops blank rows); no database.
"""

import re
import unicodedata
from dataclasses import dataclass, field

import pandas as pd

from imports.files import Sheet

HEADER_SEARCH_ROWS = 10

# Canonical column → header texts people use (compared after normalize_header).
SYNONYMS = {
    "number": ("序号", "指标序号", "编号"),
    "name": ("指标", "指标名称", "名称", "指标名"),
    "year": ("年度", "年份"),
    "period": ("期间", "时期", "报告期", "统计期间"),
    "value": ("完成值", "实际值", "数值", "完成数", "实际完成值", "完成情况"),
    "rank": ("排名", "名次", "位次"),
    "explanation": ("说明", "备注", "情况说明"),
    # A miss's other fields, as on the entry form.
    "miss_cause": ("原因类别", "未达标原因类别", "原因分类", "未达标原因"),
    "remedy": ("整改措施", "整改举措"),
    "catch_up": ("预计赶上", "预计赶上的期间", "预计赶上期间", "预计达标期间"),
    "catch_up_result": ("上期整改是否见效", "上期整改", "整改是否见效", "上期是否赶上"),
    "department": ("责任部门", "部门", "责任单位", "牵头部门", "填报单位"),
}
_HEADER_OF = {text: column for column, texts in SYNONYMS.items() for text in texts}
_PARENTHESES = re.compile(r"[（(][^（）()]*[）)]$")
_YEAR_STAMP = (re.compile(r"年度[:：]\s*(\d{4})"), re.compile(r"[（(](\d{4})\s*年(?:度)?[）)]"))
_PLAN_STAMP = re.compile(r"规划代码[:：]\s*([-\w]+)", re.ASCII)


def normalize_header(text) -> str:
    """ "完成值（%）" → "完成值", " 指 标 " → "指标", "*序号" → "序号"."""
    text = unicodedata.normalize("NFKC", str(text or "")).strip()
    text = re.sub(r"\s+", "", text).strip("*※")
    text = _PARENTHESES.sub("", text)
    return unicodedata.normalize("NFKC", text)


def is_blank(value) -> bool:
    return value is None or value == "" or (isinstance(value, float) and value != value)


@dataclass
class Table:
    """A sheet's table: cells by canonical column (lists, position i in each the i-th non-blank data row), their
    row numbers in the sheet, the header texts to name columns in errors and the year and plan code stamped above
    the header (the template's)."""

    sheet: str
    header_row: int | None
    headers: dict = field(default_factory=dict)  # canonical column → header text as written
    year: int | None = None
    numbers: list[int] = field(default_factory=list)  # the sheet row of each data row (1-based)
    cells: dict[str, list] = field(default_factory=dict)  # canonical column → the cells, one per data row
    plan: str | None = None  # the plan code stamped above the header

    def __len__(self) -> int:
        return len(self.numbers)

    def part(self, start: int, stop: int) -> "Table":
        """The data rows start to stop (positions), as a table of their own."""
        cells = {column: found[start:stop] for column, found in self.cells.items()}
        return Table(
            self.sheet, self.header_row, self.headers, self.year, self.numbers[start:stop], cells, self.plan
        )


def find_table(sheet: Sheet) -> Table:
    """The sheet's header row and data rows; header_row is None when no header was found."""
    for index, cells in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        positions = {}
        for position, cell in enumerate(cells):
            column = _HEADER_OF.get(normalize_header(cell))
            if column and column not in positions:
                positions[column] = position
        if "value" in positions and ("number" in positions or "name" in positions):
            return _table(sheet, index, positions)
    return Table(sheet.name, None)


def _table(sheet: Sheet, header_index: int, positions: dict) -> Table:
    header = sheet.rows[header_index]
    headers = {column: str(header[position]).strip() for column, position in positions.items()}
    title_rows = sheet.rows[:header_index]
    table = Table(
        sheet.name, header_index + 1, headers, _stamped_year(title_rows), plan=_stamped_plan(title_rows)
    )
    body = sheet.rows[header_index + 1 :]
    if not body:
        table.cells = {column: [] for column in positions}
        return table
    frame = pd.DataFrame(body, dtype=object)  # every row is as wide as the sheet (calamine pads them)
    width = frame.shape[1]
    columns = {
        c: frame[p] if p < width else pd.Series([None] * len(frame), dtype=object)
        for c, p in positions.items()
    }
    # A row is data unless every table cell is blank: most rows have a value, so only the others are looked at.
    blank = _blank(columns["value"])
    for column, cells in columns.items():
        if column != "value" and blank.any():
            blank[blank] = _blank(cells[blank])
    kept = ~blank
    table.numbers = (frame.index[kept] + header_index + 2).tolist()
    table.cells = {column: cells[kept].tolist() for column, cells in columns.items()}
    return table


def _blank(cells: pd.Series) -> pd.Series:
    """None, NaN, "" and text of spaces only."""
    return cells.isna() | cells.map(lambda v: isinstance(v, str) and not v.strip())


def _stamped_year(title_rows: list[list]) -> int | None:
    for cells in title_rows:
        for cell in cells:
            text = unicodedata.normalize("NFKC", str(cell or ""))
            for pattern in _YEAR_STAMP:
                if match := pattern.search(text):
                    return int(match.group(1))
    return None


def _stamped_plan(title_rows: list[list]) -> str | None:
    for cells in title_rows:
        for cell in cells:
            if match := _PLAN_STAMP.search(unicodedata.normalize("NFKC", str(cell or ""))):
                return match.group(1)
    return None
