"""Find the table in each sheet: a header row within the first rows (title rows above it are allowed), its
columns recognised by synonyms, and the year stamped above the header when there is no 年度 column (the
template). Pure Python on the rows imports.files reads; no database.
"""

import re
import unicodedata
from dataclasses import dataclass, field

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
    "department": ("责任部门", "部门", "责任单位", "牵头部门", "填报单位"),
}
_HEADER_OF = {text: column for column, texts in SYNONYMS.items() for text in texts}
_PARENTHESES = re.compile(r"[（(][^（）()]*[）)]$")
_YEAR_STAMP = (re.compile(r"年度[:：]\s*(\d{4})"), re.compile(r"[（(](\d{4})\s*年(?:度)?[）)]"))


def normalize_header(text) -> str:
    """ "完成值（%）" → "完成值", " 指 标 " → "指标", "*序号" → "序号"."""
    text = unicodedata.normalize("NFKC", str(text or "")).strip()
    text = re.sub(r"\s+", "", text).strip("*※")
    text = _PARENTHESES.sub("", text)
    return unicodedata.normalize("NFKC", text)


def is_blank(value) -> bool:
    return value is None or value == "" or (isinstance(value, float) and value != value)


@dataclass
class RawRow:
    """One data row as found: cells by canonical column, and the header texts to name columns in errors."""

    sheet: str
    row: int
    cells: dict
    headers: dict
    year: int | None  # the year stamped above the header, for files without a 年度 column


@dataclass
class Table:
    sheet: str
    header_row: int | None
    headers: dict = field(default_factory=dict)  # canonical column → header text as written
    year: int | None = None
    rows: list[RawRow] = field(default_factory=list)


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
    year = _stamped_year(sheet.rows[:header_index])
    table = Table(sheet.name, header_index + 1, headers, year)
    for index in range(header_index + 1, len(sheet.rows)):
        cells = sheet.rows[index]
        values = {c: cells[p] if p < len(cells) else None for c, p in positions.items()}
        if all(is_blank(v) or (isinstance(v, str) and not v.strip()) for v in values.values()):
            continue
        table.rows.append(RawRow(sheet.name, index + 1, values, headers, year))
    return table


def _stamped_year(title_rows: list[list]) -> int | None:
    for cells in title_rows:
        for cell in cells:
            text = unicodedata.normalize("NFKC", str(cell or ""))
            for pattern in _YEAR_STAMP:
                if match := pattern.search(text):
                    return int(match.group(1))
    return None
