"""A plan sheet opened safely, like any upload: `sheet_grids` reads it in a sandboxed child (core.sandbox, the
imports' limits, refusal text and jiangyin.security line), so a hostile file costs a refusal, never the worker.

An .xlsx's size, zip container and the extent of every sheet are checked before openpyxl builds it (openpyxl,
not the streaming reader, because merged cells matter here), then each sheet becomes a grid of plain values
with every merged range filled with its top-left value. A .xls or .csv is checked and read as imports read
them (imports.files: python-calamine, pandas in UTF-8 or GBK); a .xls's merged cells hold their value in the
top-left cell only, so its blank 一级指标 cells continue the one above, as in any sheet.
"""

import io
import re
import zipfile
from dataclasses import dataclass

import openpyxl
from django.conf import settings

from core import sandbox
from imports import files
from imports.refusals import FileRejected

# A plan's appendix has a few dozen rows: these bounds refuse anything else before it is built in memory.
MAX_ROWS, MAX_COLUMNS = 500, 60
MAX_CELLS = 100_000  # cells written in one sheet, empty formatted ones included (openpyxl builds each)
MAX_UNPACKED = 20 * 1024 * 1024
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(/?)>")
_REF = re.compile(rb'\br="([A-Z]{1,3})([0-9]{1,7})"')
_MERGE = re.compile(
    rb'<(?:\w+:)?mergeCell\b[^>]*\bref="([A-Z]{1,3})([0-9]{1,7})(?::([A-Z]{1,3})([0-9]{1,7}))?"'
)
_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)


class SheetRejected(Exception):
    """The file cannot be read as an appendix workbook; the message says why, in Chinese."""


@dataclass
class Grid:
    name: str
    rows: list[list]  # rows[i][j] is the value of row i + 1, column j + 1


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def _column(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _too_large(where: str) -> SheetRejected:
    return SheetRejected(
        f"表格范围过大（{where}）：附件表格不能超过 {MAX_ROWS} 行、{MAX_COLUMNS} 列，"
        "请删除多余的行、列后再上传。"
    )


def _check_extent(xml: bytes) -> None:
    """Cells with content and merged ranges within MAX_ROWS × MAX_COLUMNS; at most MAX_CELLS cells in all."""
    cells = 0
    for attributes, empty in _CELL.findall(xml):
        cells += 1
        ref = _REF.search(attributes)
        if ref and not empty and (int(ref[2]) > MAX_ROWS or _column(ref[1]) > MAX_COLUMNS):
            raise _too_large(f"单元格 {(ref[1] + ref[2]).decode()}")
    if cells > MAX_CELLS:
        raise _too_large(f"{cells} 个单元格")
    for first_column, first_row, last_column, last_row in _MERGE.findall(xml):
        column, row = (last_column, last_row) if last_column else (first_column, first_row)
        if int(row) > MAX_ROWS or _column(column) > MAX_COLUMNS:
            raise _too_large(f"合并单元格至 {(column + row).decode()}")


def _check_container(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        raise SheetRejected("文件不是有效的 .xlsx 文件：请在 Excel 中另存为 .xlsx 后再上传。") from None
    if len(entries) > settings.IMPORT_MAX_ZIP_ENTRIES:
        raise SheetRejected(f"文件结构异常（包含 {len(entries)} 个内部文件），不予读取。")
    total = sum(entry.file_size for entry in entries)
    if total > MAX_UNPACKED:
        raise SheetRejected(f"文件解压后过大（{_mb(total)}，上限 {_mb(MAX_UNPACKED)}），不像是附件表格。")
    names = {entry.filename for entry in entries}
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise SheetRejected("文件中含有宏（VBA），不予读取：请另存为不含宏的 .xlsx 后再上传。")
    if "xl/workbook.xml" not in names:
        raise SheetRejected("文件不是有效的 .xlsx 文件：请在 Excel 中另存为 .xlsx 后再上传。")
    for entry in entries:
        if not entry.filename.endswith((".xml", ".rels")):
            continue
        try:
            xml = archive.read(entry)
        except (zipfile.BadZipFile, ValueError, OSError, EOFError):
            raise SheetRejected("文件已损坏，无法读取：请在 Excel 中另存为 .xlsx 后再上传。") from None
        if _DTD.search(xml):
            raise SheetRejected("文件含有不允许的 XML 声明（DTD/实体），不予读取。")
        if entry.filename.startswith("xl/worksheets/"):
            _check_extent(xml)


ACCEPTED = (".xlsx", ".xls", ".csv")


def sheet_grids(file_name: str, data: bytes, *, user: str = "-") -> list[Grid]:
    """read_grids in a limited child process; SheetRejected for a refused file, and for one that overran a limit
    (logged on jiangyin.security with the user, file, size and the limit)."""
    return sandbox.read_upload_file(read_grids, file_name, data, user=user, refused=SheetRejected)


def read_grids(file_name: str, data: bytes) -> list[Grid]:
    """Every visible sheet's values; call it through sheet_grids."""
    ext = files.extension(file_name)
    if ext not in ACCEPTED:
        shown = ext or "无扩展名"
        raise SheetRejected(f"不支持的文件类型（{shown}）：请上传 .xlsx、.xls 或 .csv 文件。")
    if ext == ".xlsx":
        return _read_xlsx(data)
    try:
        files.check_upload(file_name, data)
        sheets = files.read_sheets(file_name, data)
    except FileRejected as e:
        raise SheetRejected(str(e)) from None
    return [Grid(sheet.name, [list(row) for row in sheet.rows[:MAX_ROWS]]) for sheet in sheets]


def _read_xlsx(data: bytes) -> list[Grid]:
    """Every visible worksheet's values (cached results for formulas), merged ranges filled."""
    if len(data) > settings.UPLOAD_MAX_BYTES:
        raise SheetRejected(f"文件过大（{_mb(len(data))}），上限为 {_mb(settings.UPLOAD_MAX_BYTES)}。")
    if not data.startswith(b"PK\x03\x04"):
        raise SheetRejected("文件不是 .xlsx 文件：请在 Excel 中另存为 .xlsx（Excel 工作簿）后再上传。")
    _check_container(data)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except MemoryError:  # the sandbox's cap: reported as such, not as a damaged file
        raise
    except Exception:  # openpyxl raises anything from KeyError to its own errors on a broken file
        raise SheetRejected("文件已损坏，无法读取：请在 Excel 中另存为 .xlsx 后再上传。") from None
    grids = []
    for sheet in workbook.worksheets:
        if sheet.sheet_state != "visible":
            continue
        height, width = min(sheet.max_row, MAX_ROWS), min(sheet.max_column, MAX_COLUMNS)
        rows = [list(row) for row in sheet.iter_rows(max_row=height, max_col=width, values_only=True)]
        for merged in sheet.merged_cells.ranges:
            if merged.min_row > height or merged.min_col > width:
                continue
            value = sheet.cell(merged.min_row, merged.min_col).value
            for row in range(merged.min_row, min(merged.max_row, height) + 1):
                for column in range(merged.min_col, min(merged.max_col, width) + 1):
                    rows[row - 1][column - 1] = value
        grids.append(Grid(sheet.title, rows))
    return grids
