"""Checks of a zip spreadsheet (.xlsx, .ods) before calamine inflates it: the archive's directory (zip bombs,
macros, encrypted members); every member inflated once under the declared sizes (a bad CRC, a false size or a
corrupt deflate stream is a refusal, not a traceback); every XML part scanned in full for DTDs; and the cells of
each sheet placed where calamine would place them (imports/xlsx_cells.py).

The sheets are the parts the workbook's relationships (or the content types) name, wherever they are, found as
calamine finds them: the workbook's folder from the package relationships, names compared case-insensitively.
"""

import io
import posixpath
import re
import struct
import zipfile
import zlib
from xml.parsers import expat

from defusedxml import ElementTree
from django.conf import settings

from imports.refusals import (
    DTD,
    MACRO,
    PASSWORD,
    FileRejected,
    bounds,
    damaged,
    mb,
    mislabelled,
)
from imports.xlsx_cells import CHUNK, check_cells, parse, parser

# What reading a damaged or hostile archive raises: zlib.error (a corrupt deflate stream), EOFError (a member
# shorter than declared), RuntimeError (an encrypted member), NotImplementedError (an unknown compression) …
ARCHIVE_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    NotImplementedError,
    KeyError,
    ValueError,
    OSError,
    RuntimeError,
    struct.error,
)
XML_PARTS = (".xml", ".rels", ".vml")
MACRO_CONTENT_TYPE = "macroEnabled"
SHEET_TYPES = ("worksheet", "chartsheet", "dialogsheet")  # what calamine reads as a sheet
_WORDS = ("<!DOCTYPE", "<!ENTITY")
_DTD = re.compile(
    b"|".join(re.escape(w.encode(code)) for w in _WORDS for code in ("ascii", "utf-16-le", "utf-16-be")),
    re.IGNORECASE,
)
_OVERLAP = max(len(w.encode("utf-16-le")) for w in _WORDS) - 1


def check_zip(ext: str, data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except ARCHIVE_ERRORS:
        raise FileRejected(mislabelled(ext, data)) from None
    _check_directory(entries)
    names = {_normal(e.filename): e for e in entries}
    try:
        if ext == ".xlsx":
            workbooks = _workbook_dirs(archive, names)
            if not any(_normal(d + "workbook.xml") in names for d in workbooks):
                raise FileRejected(mislabelled(ext, data))
            sheets = _sheet_parts(archive, names, workbooks)
        elif "content.xml" not in names:
            raise FileRejected(mislabelled(ext, data))
        for entry in entries:  # a sheet is inflated, checked for its CRC and a DTD, in check_cells
            if ext == ".ods" or entry not in sheets:
                _inflate(archive, entry, scan=entry.filename.lower().endswith(XML_PARTS))
        if ext == ".xlsx":
            _check_types(archive, names)
            for entry in sheets:
                check_cells(archive, entry)
        else:
            _check_ods(archive)
    except ARCHIVE_ERRORS:
        raise damaged(ext, "压缩包内容有误") from None
    except expat.ExpatError as e:
        raise damaged(ext, f"XML 格式有误：{expat.ErrorString(e.code)}") from None


def _check_directory(entries: list[zipfile.ZipInfo]) -> None:
    """Zip-bomb, macro and password checks on the directory alone, before any member is inflated."""
    if len(entries) > settings.IMPORT_MAX_ZIP_ENTRIES:
        raise FileRejected(f"文件结构异常（包含 {len(entries)} 个内部文件），不予导入。")
    total = sum(entry.file_size for entry in entries)
    if total > settings.IMPORT_MAX_UNCOMPRESSED_BYTES:
        raise FileRejected(f"文件解压后过大（{mb(total)}），疑似压缩炸弹，不予导入。")
    for entry in entries:
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > 1024 * 1024 and ratio > settings.IMPORT_MAX_COMPRESSION_RATIO:
            raise FileRejected(f"文件压缩比异常（{ratio:.0f} 倍），疑似压缩炸弹，不予导入。")
    if any(entry.filename.lower().endswith("vbaproject.bin") for entry in entries):
        raise FileRejected(MACRO)
    if any(entry.flag_bits & 0x1 for entry in entries):
        raise FileRejected(PASSWORD)


def _normal(name: str) -> str:
    """A member name as calamine looks it up: "/" for "\\", case ignored."""
    return name.replace("\\", "/").lower()


def _inflate(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, scan: bool) -> None:
    """Read a member to its end (zipfile checks its CRC there), scanning XML for a DTD across chunk borders."""
    tail = b""
    with archive.open(entry) as member:
        while chunk := member.read(CHUNK):
            if scan:
                if _DTD.search(tail + chunk):
                    raise FileRejected(DTD)
                tail = chunk[-_OVERLAP:]


def _local(name: str) -> str:
    return name.rpartition(":")[2]


def _elements(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, local: str) -> list[dict]:
    """The attributes of every element named `local` (any prefix) of a small part: rels, content types."""
    found = []

    def start(name, attrs):
        if _local(name) == local:
            found.append(attrs)

    parse(archive, entry, parser(start))
    return found


def _workbook_dirs(archive: zipfile.ZipFile, names: dict) -> list[str]:
    """Where calamine looks for workbook.xml: the folder of the package's officeDocument, or xl/."""
    folders = ["xl/"]
    package = names.get("_rels/.rels")
    if package is not None:
        for rel in _elements(archive, package, "Relationship"):
            if rel.get("Type", "").endswith("/officeDocument") and "Target" in rel:
                target = rel["Target"]
                folders.append(target[: target.rfind("/") + 1].lstrip("/"))
    return list(dict.fromkeys(folders))


def _sheet_parts(archive: zipfile.ZipFile, names: dict, folders: list[str]) -> list[zipfile.ZipInfo]:
    """Every part calamine may read as a sheet: the sheet relationships of the workbook, resolved as calamine
    resolves them (and normalised, in case), plus the parts the content types call sheets."""
    paths = set()
    for folder in folders:
        rels = names.get(_normal(folder + "_rels/workbook.xml.rels"))
        if rels is None:
            continue
        for rel in _elements(archive, rels, "Relationship"):
            if rel.get("Type", "").rpartition("/")[2] in SHEET_TYPES:
                target = rel.get("Target", "")
                path = target[1:] if target.startswith("/") else folder + target
                paths.update((path, posixpath.normpath(path)))
    types = names.get("[content_types].xml")
    if types is not None:
        for override in _elements(archive, types, "Override"):
            kind = override.get("ContentType", "")
            if kind.endswith(tuple(f"{t}+xml" for t in SHEET_TYPES)):
                paths.add(override.get("PartName", "").lstrip("/"))
    return [names[p] for p in sorted({_normal(p) for p in paths}) if p in names]


def _check_types(archive: zipfile.ZipFile, names: dict) -> None:
    types = names.get("[content_types].xml")
    if types is None:
        raise FileRejected("文件已损坏（缺少内容类型清单），请在 Excel 中另存为 .xlsx 后再上传。")
    if any(
        MACRO_CONTENT_TYPE in node.get("ContentType", "") for node in _elements(archive, types, "Override")
    ):
        raise FileRejected("文件是启用宏的工作簿，不予导入：请另存为 .xlsx（不含宏）后再上传。")


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
    max_rows, max_columns = bounds()
    sheet, row_number = "", 0
    try:
        with archive.open("content.xml") as content:
            for event, node in ElementTree.iterparse(content, events=("start", "end"), forbid_dtd=True):
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
