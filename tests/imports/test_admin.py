"""The admin and files: figures are imported on the import page only (the admin's 导入 leads there); the plan
data the admin imports (django-import-export) is read by the import page's reader — the same checks, limits and
Chinese refusals — and written all or nothing, with a Chinese line for a row that fails; a refused file leaves
nothing behind, not even its temporary copy."""

import os
import tempfile
import time
from io import BytesIO

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from import_export.formats.base_formats import XLSX
from openpyxl import load_workbook

from imports import files
from indicators.admin import FigureResource
from indicators.models import Category, Figure
from tests.imports import hostile
from tests.imports.conftest import csv_bytes, xlsx
from tests.imports.test_files import bomb

pytestmark = pytest.mark.django_db
CATEGORY_IMPORT = "/admin/indicators/category/import/"
HEADER = ["规划", "名称", "排序"]


def admin_import(client, data: bytes, name: str = "类别.xlsx", url: str = CATEGORY_IMPORT):
    return client.post(url, {"resource": "0", "format": "0", "import_file": SimpleUploadedFile(name, data)})


@pytest.fixture
def temporary(tmp_path, monkeypatch):
    """The temporary directory django-import-export keeps an upload in until it is confirmed: the test's own."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


def left_behind(directory) -> list[str]:
    return os.listdir(directory)


def refusal(name: str, data: bytes) -> str:
    """What the import page says of the file."""
    with pytest.raises(files.FileRejected) as refused:
        files.read_upload(name, data)
    return str(refused.value)


def test_the_figure_import_leads_to_the_import_page(admin_client, importer, make_figure):
    page = admin_client.get("/admin/indicators/figure/").content.decode()
    assert 'href="/imports/"' in page and "导入（Excel 导入页）" in page
    assert admin_client.get("/admin/indicators/figure/import/")["Location"] == "/imports/"
    data = xlsx([["指标代码", "年度", "期间", "完成值"], ["1", 2024, "year", "39.7"]])
    response = admin_import(admin_client, data, url="/admin/indicators/figure/import/")
    assert response.status_code == 302 and response["Location"] == "/imports/"
    assert not Figure.objects.exists()


BROKEN = {
    "not a zip (BadZipFile)": ("类别.xlsx", lambda: b"PK\x03\x04" + b"\x00" * 200),
    "not a spreadsheet at all": ("类别.xlsx", lambda: "规划,名称\n".encode() * 20),
    "a CSV with NUL bytes": ("类别.csv", lambda: b"\xff\xfe\x00\x00" + "规划".encode("utf-16-le") * 50),
    "800,001 lines": ("类别.csv", hostile.long_csv),
    "zip bomb": ("类别.xlsx", bomb),
    "a far cell": ("类别.xlsx", hostile.far_cell),
}


@pytest.mark.parametrize(("name", "make"), BROKEN.values(), ids=BROKEN)
def test_a_broken_file_gets_the_import_pages_refusal(admin_client, plan, temporary, name, make):
    data = make()
    expected = refusal(name, data)
    categories = Category.objects.count()
    started = time.monotonic()
    response = admin_import(admin_client, data, name)
    assert time.monotonic() - started < 10
    html = response.content.decode()
    assert response.status_code == 200 and expected in html
    assert "encountered" not in html and "Errno" not in html
    assert Category.objects.count() == categories and left_behind(temporary) == []


def test_rows_that_fail_say_why_in_chinese_and_nothing_is_written(admin_client, plan, temporary):
    categories = Category.objects.count()
    rows = [HEADER, ["mfg2023", "新一级指标", 9], ["没有这个规划", "另一个", 10], ["mfg2023", "长" * 300, 11]]
    html = admin_import(admin_client, xlsx(rows)).content.decode()
    assert "引用的记录不存在（如规划代码、一级指标、指标代码或单位代码有误）。" in html
    assert "确保该变量包含不超过 20 字符 (目前字符数 300)。" in html  # the model's check, not the database's
    assert "Traceback" not in html and "DoesNotExist" not in html and "matching query" not in html
    assert "确认导入" not in html
    assert Category.objects.count() == categories and left_behind(temporary) == []


def test_a_good_file_is_previewed_then_written(admin_client, plan, temporary):
    data = xlsx([HEADER, ["mfg2023", "新一级指标", 9]])
    response = admin_import(admin_client, data)
    assert "确认导入" in response.content.decode()
    confirm = response.context["confirm_form"].initial
    done = admin_client.post("/admin/indicators/category/process_import/", confirm)
    assert done.status_code == 302
    assert Category.objects.filter(plan__code="mfg2023", name="新一级指标", sort_order=9).exists()
    assert left_behind(temporary) == []


def test_a_csv_reads_as_on_the_import_page(admin_client, plan):
    data = csv_bytes([HEADER, ["mfg2023", "新一级指标", "9"]], encoding="gbk")
    assert "确认导入" in admin_import(admin_client, data, "类别.csv").content.decode()


def test_export_escapes_formulas(admin_client, make_figure):
    make_figure(number=4, year=2024, value="16.8", explanation="=1+1")
    model_admin = admin.site._registry[Figure]
    data = {"resource": "0", "format": str(model_admin.get_export_formats().index(XLSX))}
    data |= {f"figureresource_{name}": "on" for name in FigureResource().get_export_order()}
    response = admin_client.post("/admin/indicators/figure/export/", data)
    rows = list(load_workbook(BytesIO(response.content)).active.values)
    assert rows[0] == ("指标代码", "年度", "期间", "完成值", "排名", "说明", "状态")
    assert rows[1][5] == "'=1+1"


def test_the_admin_answers_in_chinese_to_an_english_browser(admin_client, plan):
    data = b"PK\x03\x04" + b"\x00" * 200
    response = admin_client.post(
        CATEGORY_IMPORT,
        {"resource": "0", "format": "0", "import_file": SimpleUploadedFile("类别.xlsx", data)},
        HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9",
    )
    html = response.content.decode()
    assert refusal("类别.xlsx", data) in html
    assert "导入" in html and ">Import<" not in html and "This importer will import" not in html
