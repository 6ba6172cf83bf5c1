"""Why an uploaded file is refused as a whole: the exception every check raises, and the messages they share."""

from django.conf import settings

from core.sandbox import UploadRefused

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PASSWORD = "文件设有密码，请取消密码后再上传。"
MACRO = "文件中含有宏（VBA），不予导入：请删除宏或另存为 .xlsx 后再上传。"
DTD = "文件含有不允许的 XML 声明（DTD/实体），不予导入。"


class FileRejected(UploadRefused):
    """The file cannot be imported at all; the message says why, in Chinese."""


def mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def mislabelled(ext: str, data: bytes) -> str:
    actual = "Excel/OpenDocument 表格" if data.startswith((ZIP_MAGIC, OLE_MAGIC)) else "表格"
    if ext == ".csv":
        return f"文件内容是 {actual}，扩展名却是 .csv：请改正扩展名后再上传。"
    return (
        f"文件内容不是有效的 {ext} {actual}：请确认文件没有被改名或损坏，可在 Excel 中另存为 .xlsx 再上传。"
    )


def damaged(ext: str, what: str) -> FileRejected:
    return FileRejected(f"文件已损坏（{what}），无法读取：请在 Excel 中打开后另存为 {ext} 再上传。")


def bounds() -> tuple[int, int]:
    """The last row and column a sheet may use: the data rows, a header and title rows above them."""
    return settings.IMPORT_MAX_ROWS + 100, settings.IMPORT_MAX_COLUMNS


def too_far(where: str) -> FileRejected:
    """where: "单元格 XFD1048576", "工作表声明的范围 A1:IV65536" …"""
    rows, columns = bounds()
    return FileRejected(f"表格范围过大（{where}），超过 {rows} 行或 {columns} 列的上限。")


def cell_name(row: int, column: int) -> str:
    """A1 notation of a 0-based (row, column)."""
    letters, number = "", column + 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row + 1}"
