"""Small spreadsheets built in the tests, and helpers to upload them as the personas would."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from indicators.models import Figure, Indicator

LONG_HEADER = ["序号", "指标", "年度", "期间", "完成值", "排名", "说明"]
# A miss needs these too, as on the entry form; MISS_FILLED answers them for rows below their target.
MISS_COLUMNS = ["原因类别", "整改措施", "预计赶上"]
MISS_FILLED = ["其他", "加快项目进度", "2026年全年"]


def xlsx(rows, *, title_rows=(), sheet="Sheet1", more_sheets=None) -> bytes:
    """An .xlsx with optional title rows above the table; more_sheets = {name: rows}."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    for line in title_rows:
        ws.append([line])
    for row in rows:
        ws.append(list(row))
    for name, extra in (more_sheets or {}).items():
        other = wb.create_sheet(name)
        for row in extra:
            other.append(list(row))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, encoding="utf-8") -> bytes:
    lines = [",".join("" if cell is None else str(cell) for cell in row) for row in rows]
    return ("\n".join(lines) + "\n").encode(encoding)


def zip_bytes(entries: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def figures_table() -> list[tuple]:
    """The whole figures table, to compare before and after an import that must change nothing."""
    return list(Figure.objects.order_by("pk").values_list())


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def upload(client, data: bytes, name="填报.xlsx"):
    return client.post("/imports/", {"file": SimpleUploadedFile(name, data)})


@pytest.fixture
def make_figure(plan):
    """A figure in a given state, as the web form would have left it."""

    def make(number=4, year=2024, value="16.8", status=Figure.Status.DRAFT, period="year", **extra):
        indicator = (
            Indicator.objects.get(number=number)
            if isinstance(number, int)
            else Indicator.objects.get(code=number)
        )
        return Figure.objects.create(
            indicator=indicator, year=year, period=period, value=value, status=status, **extra
        )

    return make
