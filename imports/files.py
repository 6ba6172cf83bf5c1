"""Uploaded spreadsheets: refuse hostile or mislabelled files, then read every visible sheet into rows of cell
values (row i of the list is the sheet's row i + 1, so errors can name real row numbers).

read_upload does both in a child process with hard limits (core.sandbox): the checks below give precise
messages for what they know, and whatever slips past them — a parser allocating without bound, looping or
aborting — ends as one refusal and a security-log line, never as a dead worker.

Excel and OpenDocument files are read by python-calamine (the engine pandas uses for read_excel, called
directly to skip the DataFrame round trip); CSV by pandas, in UTF-8 or GBK.
"""

import io
from dataclasses import dataclass
from pathlib import PurePath

import pandas as pd
import python_calamine
from django.conf import settings

from core import sandbox
from imports.ole_checks import OLE_VBA, check_ole
from imports.refusals import (
    OLE_MAGIC,
    PASSWORD,
    ZIP_MAGIC,
    FileRejected,
    bounds,
    cell_name,
    mb,
    mislabelled,
    too_far,
)
from imports.zip_checks import check_zip

__all__ = [
    "OLE_MAGIC",
    "OLE_VBA",
    "FileRejected",
    "Sheet",
    "check_upload",
    "read_sheets",
    "read_table",
    "read_upload",
]

EXCEL = {".xlsx", ".xls", ".ods"}
ALLOWED = EXCEL | {".csv"}
MACRO_EXTENSIONS = {".xlsm", ".xltm", ".xlam", ".xlsb", ".xla"}


@dataclass
class Sheet:
    name: str
    rows: list[list]


def extension(file_name: str) -> str:
    return PurePath(file_name).suffix.lower()


def read_upload(file_name: str, data: bytes, *, user: str = "-") -> list[Sheet]:
    """check_upload then read_sheets, in a limited child process; FileRejected for a refused file, and for one
    that overran a limit (logged on jiangyin.security with the user, file, size and the limit)."""
    return sandbox.read_upload_file(read_checked, file_name, data, user=user, refused=FileRejected)


def read_table(file_name: str, data: bytes, *, user: str = "-") -> list[list]:
    """The admin's import (settings.ADMIN_IMPORT_READER): the first visible sheet with a value, read as
    read_upload reads every upload — the same checks, limits and Chinese refusals (FileRejected)."""
    for sheet in read_upload(file_name, data, user=user):
        if any(cell not in (None, "") for row in sheet.rows for cell in row):
            return sheet.rows
    raise FileRejected("文件中没有数据。")


def read_checked(file_name: str, data: bytes) -> list[Sheet]:
    check_upload(file_name, data)
    return read_sheets(file_name, data)


def check_upload(file_name: str, data: bytes) -> str:
    """Refuse what must never reach a parser; returns the (lower-case) extension of an acceptable file."""
    ext = extension(file_name)
    if ext in MACRO_EXTENSIONS:
        raise FileRejected(f"不接受含宏的文件（{ext}）：请在 Excel 中另存为 .xlsx 后再上传。")
    if ext not in ALLOWED:
        shown = ext or "无扩展名"
        raise FileRejected(f"不支持的文件类型（{shown}）：请上传 .xlsx、.xls、.ods 或 .csv 文件。")
    if len(data) > settings.UPLOAD_MAX_BYTES:
        raise FileRejected(f"文件过大（{mb(len(data))}），上限为 {mb(settings.UPLOAD_MAX_BYTES)}。")
    if not data:
        raise FileRejected("文件是空的。")
    if ext in (".xlsx", ".ods") and data.startswith(ZIP_MAGIC):
        check_zip(ext, data)
    elif ext in (".xlsx", ".xls") and data.startswith(OLE_MAGIC):
        check_ole(ext, data)  # an .xls, or an .xlsx saved with a password
        if ext == ".xlsx":
            raise FileRejected(mislabelled(ext, data))
    elif ext in EXCEL or data.startswith((ZIP_MAGIC, OLE_MAGIC)):
        raise FileRejected(mislabelled(ext, data))
    elif b"\x00" in data[:8192]:
        raise FileRejected("文件内容不是文本，不是有效的 CSV 文件：请确认文件没有被改名。")
    return ext


def read_sheets(file_name: str, data: bytes) -> list[Sheet]:
    """Every visible sheet's cells; call check_upload first."""
    ext = extension(file_name)
    if ext == ".csv":
        return [Sheet(PurePath(file_name).stem, _read_csv(data))]
    last_row, last_column = (n - 1 for n in bounds())
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        for meta in workbook.sheets_metadata:
            if meta.visible != python_calamine.SheetVisibleEnum.Visible:
                continue
            sheet = workbook.get_sheet_by_name(meta.name)
            # to_python pads the sheet from A1 to its last cell: bound that before the padding is allocated.
            if sheet.end is not None and (sheet.end[0] > last_row or sheet.end[1] > last_column):
                raise too_far(f"工作表 {meta.name} 单元格 {cell_name(*sheet.end)}")
            sheets.append(Sheet(meta.name, sheet.to_python(skip_empty_area=False)))
        return sheets
    except python_calamine.PasswordError:
        raise FileRejected(PASSWORD) from None
    except (python_calamine.CalamineError, ValueError, OSError):
        raise FileRejected(f"无法读取文件：文件已损坏或不是有效的 {ext} 文件。") from None


def _read_csv(data: bytes) -> list[list]:
    for encoding in ("utf-8-sig", "gb18030"):  # GB18030 is a superset of GBK
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise FileRejected("无法识别 CSV 文件的编码：请保存为 UTF-8 或 GBK 编码。")
    # Title rows above the header have fewer fields: give pandas enough column names for the widest line.
    width = min(
        max((line.count(",") for line in text.splitlines()), default=0) + 1, settings.IMPORT_MAX_COLUMNS
    )
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            header=None,
            names=range(width),
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
            nrows=bounds()[0] + 1,
        )
    except (pd.errors.ParserError, ValueError):
        raise FileRejected("CSV 文件格式有误，无法读取：请用 Excel 打开后另存为 .xlsx 再上传。") from None
    if len(frame) > bounds()[0]:  # read one row past the bound to know it is exceeded, then count them all
        breaks = text.count("\n") + text.count("\r") - text.count("\r\n")  # pandas ends a line at any of them
        lines = breaks + (not text.endswith(("\n", "\r")))
        raise FileRejected(
            f"CSV 文件共有 {lines} 行，超过 {settings.IMPORT_MAX_ROWS} 行数据的上限，请分成几个文件导入。"
        )
    return frame.values.tolist()
