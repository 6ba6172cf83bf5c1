"""Hostile and mislabelled files: each is refused with a clear Chinese message before any parser sees it,
through the service and through the upload page (never a 500), and nothing is stored."""

import io
import zipfile

import pytest

from imports import files
from imports.models import ImportBatch
from indicators.models import Figure
from tests.imports.conftest import LONG_HEADER, client_for, csv_bytes, upload, xlsx, zip_bytes

pytestmark = pytest.mark.django_db

GOOD = [LONG_HEADER, [4, None, 2024, "全年", "16.9", None, None]]


def xlsx_with(extra: dict[str, bytes], replace: dict[str, bytes] | None = None) -> bytes:
    """A real .xlsx with entries added or replaced."""
    source = zipfile.ZipFile(io.BytesIO(xlsx(GOOD)))
    entries = {name: source.read(name) for name in source.namelist()}
    entries.update(replace or {})
    entries.update(extra)
    return zip_bytes(entries)


def ods(rows, *, padding: str = "") -> bytes:
    """A minimal OpenDocument spreadsheet, as LibreOffice would save it (without styles); `padding` is raw row
    XML after the rows."""
    cells = []
    for row in rows:
        xml_cells = "".join(
            f'<table:table-cell office:value-type="float" office:value="{v}"><text:p>{v}</text:p></table:table-cell>'
            if isinstance(v, int | float)
            else f'<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>'
            if v is not None
            else "<table:table-cell/>"
            for v in row
        )
        cells.append(f"<table:table-row>{xml_cells}</table:table-row>")
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="商务局">'
        + "".join(cells)
        + padding
        + "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def ods_repeats(rows: int, columns: int) -> bytes:
    """An OpenDocument file of a few hundred bytes whose one cell is repeated rows × columns times."""
    cell = (
        f'<table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="{columns}">'
        "<text:p>1</text:p></table:table-cell>"
    )
    return ods([], padding=f'<table:table-row table:number-rows-repeated="{rows}">{cell}</table:table-row>')


def bomb() -> bytes:
    """One sheet that inflates 2,000-fold: 20 MB of zeros in a few kilobytes."""
    return xlsx_with({"xl/worksheets/sheet2.xml": b"\0" * (20 * 1024 * 1024)})


def far_cell() -> bytes:
    """A small file whose single stray cell would make calamine allocate a sheet of 17 billion cells."""
    sheet = (
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main"><sheetData><row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row>'
        b"</sheetData></worksheet>"
    )
    return xlsx_with({}, replace={"xl/worksheets/sheet1.xml": sheet})


def many_entries() -> bytes:
    return xlsx_with({f"xl/media/image{i}.png": b"x" for i in range(1001)})


MACRO_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    b'content-types"><Override PartName="/xl/workbook.xml" ContentType="application/'
    b'vnd.ms-excel.sheet.macroEnabled.main+xml"/></Types>'
)
ENTITY = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
    b"<workbook>&lol2;</workbook>"
)

HOSTILE = [
    ("填报.xlsm", lambda: xlsx(GOOD), "不接受含宏的文件（.xlsm）"),
    ("填报.xlsx", lambda: xlsx_with({"xl/vbaProject.bin": b"VBA"}), "文件中含有宏（VBA）"),
    ("填报.xlsx", lambda: xlsx_with({}, replace={"[Content_Types].xml": MACRO_TYPES}), "启用宏的工作簿"),
    ("填报.xls", lambda: files.OLE_MAGIC + b"\0" * 100 + files.OLE_VBA + b"\0" * 100, "文件中含有宏（VBA）"),
    ("填报.pdf", lambda: b"%PDF-1.4", "不支持的文件类型（.pdf）"),
    ("填报", lambda: b"data", "不支持的文件类型（无扩展名）"),
    ("填报.xlsx", lambda: b"just some text, renamed", "文件内容不是有效的 .xlsx 表格"),
    ("填报.xlsx", lambda: csv_bytes(GOOD), "文件内容不是有效的 .xlsx 表格"),
    ("填报.xls", lambda: xlsx(GOOD), "文件内容不是有效的 .xls Excel/OpenDocument 表格"),
    ("填报.ods", lambda: xlsx(GOOD), "文件内容不是有效的 .ods"),
    ("填报.csv", lambda: xlsx(GOOD), "扩展名却是 .csv"),
    ("填报.csv", lambda: b"\x89PNG\r\n\x1a\n\0\0\0", "不是有效的 CSV 文件"),
    ("填报.xlsx", lambda: zip_bytes({"xl/workbook.xml": b"<broken"}), "已损坏"),
    ("填报.xlsx", lambda: b"PK\x03\x04 truncated zip", "文件内容不是有效的 .xlsx"),
    ("填报.xlsx", bomb, "疑似压缩炸弹"),
    ("填报.xlsx", many_entries, "文件结构异常（包含"),
    ("填报.xlsx", lambda: xlsx_with({}, replace={"xl/workbook.xml": ENTITY}), "不允许的 XML 声明"),
    ("填报.xlsx", far_cell, "表格范围过大（单元格 XFD1048576）"),
    (
        "填报.ods",
        lambda: ods_repeats(3000, 3000),
        "表格范围过大（工作表 商务局 第 1 行起有 3000 行 × 3000 列数据）",
    ),
    (
        "填报.ods",
        lambda: ods_repeats(100_000, 2),
        "表格范围过大（工作表 商务局 第 1 行起有 100000 行 × 2 列数据）",
    ),
    ("填报.xlsx", lambda: b"", "文件是空的"),
]


@pytest.mark.parametrize(("name", "make", "message"), HOSTILE, ids=[h[2] for h in HOSTILE])
def test_hostile_files_are_refused_before_parsing(importer, name, make, message):
    with pytest.raises(files.FileRejected, match=message.replace("(", r"\(").replace(")", r"\)")):
        files.check_upload(name, make()) and files.read_sheets(name, make())


@pytest.mark.parametrize(("name", "make", "message"), HOSTILE, ids=[h[2] for h in HOSTILE])
def test_the_upload_page_shows_the_refusal_and_stores_nothing(importer, name, make, message):
    response = upload(client_for(importer), make(), name)
    assert response.status_code == 400
    if message != "文件是空的":  # Django's own FileField refuses an empty upload, in Chinese too
        assert message in response.content.decode()
    assert not ImportBatch.objects.exists()
    assert not Figure.objects.exists()


def test_size_cap(importer, settings):
    settings.UPLOAD_MAX_BYTES = 1000
    data = xlsx(GOOD)
    with pytest.raises(files.FileRejected, match="文件过大"):
        files.check_upload("a.xlsx", data)
    response = upload(client_for(importer), data)
    assert response.status_code == 400 and "文件过大" in response.content.decode()


def test_uncompressed_size_cap(settings):
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 1000
    with pytest.raises(files.FileRejected, match="文件解压后过大"):
        files.check_upload("a.xlsx", xlsx(GOOD))


def test_row_cap(importer, settings):
    settings.IMPORT_MAX_ROWS = 5
    rows = [[n, None, 2024, "全年", "1", None, None] for n in range(1, 8)]
    response = upload(client_for(importer), xlsx([LONG_HEADER, *rows]))
    assert response.status_code == 400
    assert "文件共有 7 行数据，超过 5 行的上限" in response.content.decode()


def test_defusedxml_is_installed():
    import defusedxml  # noqa: F401 - openpyxl (the admin's import) uses it when present
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML


def test_an_ods_padded_as_libreoffice_pads_it_is_read(importer):
    # Empty cells to the last column and empty rows to the last row: repeats, but of nothing.
    padding = (
        '<table:table-row table:number-rows-repeated="1048570">'
        '<table:table-cell table:number-columns-repeated="16384"/></table:table-row>'
    )
    data = ods([LONG_HEADER, [4, None, 2024, "全年", 16.9, None, None]], padding=padding)
    files.check_upload("a.ods", data)
    assert files.read_sheets("a.ods", data)[0].rows[1][4] == 16.9


def test_ods_and_csv_are_read(importer):
    sheets = files.read_sheets(
        "a.ods", ods([["标题"], LONG_HEADER, [4, None, 2024, "全年", 16.9, None, None]])
    )
    assert [s.name for s in sheets] == ["商务局"]
    assert sheets[0].rows[2][:5] == [4.0, "", 2024.0, "全年", 16.9]
    files.check_upload("a.ods", ods(GOOD))
    response = upload(client_for(importer), ods(GOOD), "商务局.ods")
    assert response.status_code == 302
