"""Uploaded spreadsheets: refuse hostile or mislabelled files before parsing, then read every visible sheet
into rows of cell values (row i of the list is the sheet's row i + 1, so errors can name real row numbers).

Excel and OpenDocument files are read by python-calamine (the engine pandas uses for read_excel, called
directly to skip the DataFrame round trip); CSV by pandas, in UTF-8 or GBK.
"""

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

import pandas as pd
import python_calamine
from defusedxml import ElementTree
from django.conf import settings

EXCEL = {".xlsx", ".xls", ".ods"}
ALLOWED = EXCEL | {".csv"}
MACRO_EXTENSIONS = {".xlsm", ".xltm", ".xlam", ".xlsb", ".xla"}
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# The VBA storage of an .xls is a directory entry named in UTF-16.
OLE_VBA = "_VBA_PROJECT".encode("utf-16-le")
MACRO_CONTENT_TYPE = "macroEnabled"
# A cell reference in a sheet's XML: <c r="AB12" …>; used to bound the sheet before calamine allocates it.
_CELL_REF = re.compile(rb'<c r="([A-Z]{1,3})(\d{1,7})"')
_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)


class FileRejected(Exception):
    """The file cannot be imported at all; the message says why, in Chinese."""


@dataclass
class Sheet:
    name: str
    rows: list[list]


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def extension(file_name: str) -> str:
    return PurePath(file_name).suffix.lower()


def check_upload(file_name: str, data: bytes) -> str:
    """Refuse what must never reach a parser; returns the (lower-case) extension of an acceptable file."""
    ext = extension(file_name)
    if ext in MACRO_EXTENSIONS:
        raise FileRejected(f"不接受含宏的文件（{ext}）：请在 Excel 中另存为 .xlsx 后再上传。")
    if ext not in ALLOWED:
        shown = ext or "无扩展名"
        raise FileRejected(f"不支持的文件类型（{shown}）：请上传 .xlsx、.xls、.ods 或 .csv 文件。")
    if len(data) > settings.UPLOAD_MAX_BYTES:
        raise FileRejected(f"文件过大（{_mb(len(data))}），上限为 {_mb(settings.UPLOAD_MAX_BYTES)}。")
    if not data:
        raise FileRejected("文件是空的。")
    if ext in (".xlsx", ".ods"):
        if not data.startswith(ZIP_MAGIC):
            raise FileRejected(_mislabelled(ext, data))
        _check_zip(ext, data)
    elif ext == ".xls":
        if not data.startswith(OLE_MAGIC):
            raise FileRejected(_mislabelled(ext, data))
        if OLE_VBA in data:
            raise FileRejected("文件中含有宏（VBA），不予导入：请删除宏或另存为 .xlsx 后再上传。")
    elif data.startswith((ZIP_MAGIC, OLE_MAGIC)):
        raise FileRejected(_mislabelled(ext, data))
    elif b"\x00" in data[:8192]:
        raise FileRejected("文件内容不是文本，不是有效的 CSV 文件：请确认文件没有被改名。")
    return ext


def _mislabelled(ext: str, data: bytes) -> str:
    actual = "Excel/OpenDocument 表格" if data.startswith((ZIP_MAGIC, OLE_MAGIC)) else "表格"
    if ext == ".csv":
        return f"文件内容是 {actual}，扩展名却是 .csv：请改正扩展名后再上传。"
    return (
        f"文件内容不是有效的 {ext} {actual}：请确认文件没有被改名或损坏，可在 Excel 中另存为 .xlsx 再上传。"
    )


def _check_zip(ext: str, data: bytes) -> None:
    """Zip-bomb and macro checks on the container's directory, before any entry is inflated by a parser."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        raise FileRejected(_mislabelled(ext, data)) from None
    if len(entries) > settings.IMPORT_MAX_ZIP_ENTRIES:
        raise FileRejected(f"文件结构异常（包含 {len(entries)} 个内部文件），不予导入。")
    total = sum(entry.file_size for entry in entries)
    if total > settings.IMPORT_MAX_UNCOMPRESSED_BYTES:
        raise FileRejected(f"文件解压后过大（{_mb(total)}），疑似压缩炸弹，不予导入。")
    for entry in entries:
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > 1024 * 1024 and ratio > settings.IMPORT_MAX_COMPRESSION_RATIO:
            raise FileRejected(f"文件压缩比异常（{ratio:.0f} 倍），疑似压缩炸弹，不予导入。")
    names = {entry.filename for entry in entries}
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise FileRejected("文件中含有宏（VBA），不予导入：请删除宏或另存为 .xlsx 后再上传。")
    required = "xl/workbook.xml" if ext == ".xlsx" else "content.xml"
    if required not in names:
        raise FileRejected(_mislabelled(ext, data))
    for entry in entries:
        if entry.filename.endswith((".xml", ".rels")):
            with archive.open(entry) as member:
                if _DTD.search(member.read(4096)):
                    raise FileRejected("文件含有不允许的 XML 声明（DTD/实体），不予导入。")
    if ext == ".xlsx":
        _check_xlsx(archive, names)
    else:
        _check_ods(archive)


def _check_xlsx(archive: zipfile.ZipFile, names: set[str]) -> None:
    try:
        types = ElementTree.fromstring(archive.read("[Content_Types].xml"))
    except (KeyError, ElementTree.ParseError):
        raise FileRejected("文件已损坏（缺少内容类型清单），请在 Excel 中另存为 .xlsx 后再上传。") from None
    if any(MACRO_CONTENT_TYPE in (node.get("ContentType") or "") for node in types):
        raise FileRejected("文件是启用宏的工作簿，不予导入：请另存为 .xlsx（不含宏）后再上传。")
    # calamine keeps a sheet as a dense grid: one stray cell at XFD1048576 would allocate billions of cells.
    max_rows, max_columns = settings.IMPORT_MAX_ROWS + 100, settings.IMPORT_MAX_COLUMNS
    for name in names:
        if name.startswith("xl/worksheets/") and name.endswith(".xml"):
            for column, row in _CELL_REF.findall(archive.read(name)):
                if int(row) > max_rows or _column_number(column) > max_columns:
                    ref = (column + row).decode()
                    raise FileRejected(
                        f"表格范围过大（单元格 {ref}），超过 {max_rows} 行或 {settings.IMPORT_MAX_COLUMNS} 列的上限。"
                    )


ODS = {
    name: "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}" + name
    for name in (
        "table",
        "table-row",
        "table-cell",
        "covered-table-cell",
        "number-rows-repeated",
        "number-columns-repeated",
        "name",
    )
}
ODS_VALUE_TYPE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}value-type"


def _check_ods(archive: zipfile.ZipFile) -> None:
    """The same bound for OpenDocument, whose rows and cells carry repeat counts: an 800-byte file repeating one
    cell 3,000 × 3,000 times took a gigabyte to read. Empty repeats (how LibreOffice pads a sheet) don't count."""
    max_rows, max_columns = settings.IMPORT_MAX_ROWS + 100, settings.IMPORT_MAX_COLUMNS
    sheet, row_number = "", 0
    try:
        with archive.open("content.xml") as content:
            for event, node in ElementTree.iterparse(content, events=("start", "end")):
                if event == "start":
                    if node.tag == ODS["table"]:
                        sheet, row_number = node.get(ODS["name"], ""), 0
                    continue
                if node.tag != ODS["table-row"]:
                    continue
                repeat = int(node.get(ODS["number-rows-repeated"], "1"))
                column = width = 0
                for cell in node:
                    if cell.tag in (ODS["table-cell"], ODS["covered-table-cell"]):
                        column += int(cell.get(ODS["number-columns-repeated"], "1"))
                        if cell.get(ODS_VALUE_TYPE) or len(cell):
                            width = column
                if width and (row_number + repeat > max_rows or width > max_columns):
                    raise FileRejected(
                        f"表格范围过大（工作表 {sheet} 第 {row_number + 1} 行起有 {repeat} 行 × {width} 列数据），"
                        f"超过 {max_rows} 行或 {max_columns} 列的上限。"
                    )
                row_number += repeat
                node.clear()
    except (ElementTree.ParseError, ValueError):
        raise FileRejected("无法读取文件：文件已损坏或不是有效的 .ods 文件。") from None


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def read_sheets(file_name: str, data: bytes) -> list[Sheet]:
    """Every visible sheet's cells; call check_upload first."""
    ext = extension(file_name)
    if ext == ".csv":
        return [Sheet(PurePath(file_name).stem, _read_csv(data))]
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        for meta in workbook.sheets_metadata:
            if meta.visible != python_calamine.SheetVisibleEnum.Visible:
                continue
            sheet = workbook.get_sheet_by_name(meta.name)
            if sheet.width > settings.IMPORT_MAX_COLUMNS:  # e.g. an .xls, whose cells are not checked above
                raise FileRejected(
                    f"表格范围过大（工作表 {meta.name} 有 {sheet.width} 列），超过 {settings.IMPORT_MAX_COLUMNS} 列的上限。"
                )
            rows = sheet.to_python(skip_empty_area=False, nrows=settings.IMPORT_MAX_ROWS + 101)
            sheets.append(Sheet(meta.name, rows))
        return sheets
    except python_calamine.PasswordError:
        raise FileRejected("文件设有密码，请取消密码后再上传。") from None
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
            nrows=settings.IMPORT_MAX_ROWS + 101,
        )
    except (pd.errors.ParserError, ValueError):
        raise FileRejected("CSV 文件格式有误，无法读取：请用 Excel 打开后另存为 .xlsx 再上传。") from None
    return frame.values.tolist()
