"""The import pages through HTTP: who may do what, preview → confirm, history, downloads, query counts."""

import io
from datetime import timedelta
from decimal import Decimal

import openpyxl
import pytest
from django.utils import timezone

from imports.models import ImportBatch
from indicators.models import Figure
from tests.imports.conftest import (
    LONG_HEADER,
    MISS_COLUMNS,
    MISS_FILLED,
    client_for,
    figures_table,
    upload,
    xlsx,
)

pytestmark = pytest.mark.django_db
Status = Figure.Status


def rows_for(count: int) -> bytes:
    """count rows: the 18 indicators and the companion series over years and periods, all new."""
    keys = [(n, y, p) for p in ("全年", "上半年", "一季度") for y in (2023, 2024, 2025) for n in range(1, 19)]
    rows = ([n, None, y, p, str(n), None, "按统计快报", *MISS_FILLED] for n, y, p in keys[:count])
    return xlsx([LONG_HEADER + MISS_COLUMNS, *rows])


def test_leaders_cannot_import_but_may_export(leader):
    client = client_for(leader)
    page = client.get("/imports/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "导出填报数据" in html and "上传并预览" not in html
    assert upload(client, rows_for(1)).status_code == 403
    assert client.get("/imports/history/").status_code == 403
    assert client.get("/imports/template/?year=2024").status_code == 403
    assert client.get("/imports/figures.xlsx").status_code == 200
    assert not ImportBatch.objects.exists()


def test_outsiders_are_refused(outsider):
    client = client_for(outsider)
    for url in ("/imports/", "/imports/history/", "/imports/figures.xlsx", "/imports/template/?year=2024"):
        assert client.get(url).status_code == 403, url


def test_preview_then_confirm(importer, make_figure):
    make_figure(number=2, year=2024, value="34.7")
    client = client_for(importer)
    data = xlsx(
        [
            LONG_HEADER,
            [2, None, 2024, "全年", "34.9", None, None],
            [4, None, 2024, "全年", "16.9", None, None],
            [5, None, 2024, "全年", "—", None, None],
        ]
    )
    response = upload(client, data, "工信局汇总.xlsx")
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/imports/{batch.pk}/"
    html = client.get(response["Location"]).content.decode()
    assert "导入预览：工信局汇总.xlsx" in html
    assert "<del>34.7</del> → <ins>34.9</ins>" in html
    assert "确认导入（新增 1 条，修改 1 条）" in html
    assert "1</strong> 行无完成值，跳过" in html
    assert Figure.objects.count() == 1  # nothing written by the preview

    response = client.post(f"/imports/{batch.pk}/confirm/", follow=True)
    assert "已导入 工信局汇总.xlsx：新增 1 条，修改 1 条，未变 0 条" in response.content.decode()
    assert Figure.objects.get(indicator__number=2).value == Decimal("34.9")
    assert Figure.objects.get(indicator__number=4).status == Status.SUBMITTED


def test_errors_are_listed_and_nothing_can_be_confirmed(importer):
    client = client_for(importer)
    upload(client, xlsx([LONG_HEADER, [4, None, 2024, "全年", "十六", None, None]]), "商务局.xlsx")
    batch = ImportBatch.objects.get()
    html = client.get(f"/imports/{batch.pk}/").content.decode()
    assert "文件中有 1 处错误，没有导入任何数据。" in html
    assert "工作表 Sheet1 第 2 行 [完成值]：“十六”不是有效的数字" in html
    assert "确认导入" not in html
    response = client.post(f"/imports/{batch.pk}/confirm/", follow=True)
    assert "不能再次导入" in response.content.decode()
    assert not Figure.objects.exists()


def test_reporter_importing_another_departments_row(reporter_swj):
    client = client_for(reporter_swj)
    before = figures_table()
    upload(
        client,
        xlsx(
            [
                LONG_HEADER,
                [4, None, 2024, "全年", "16.9", None, None],
                [1, None, 2024, "全年", "39.7", None, None],
            ]
        ),
    )
    batch = ImportBatch.objects.get()
    html = client.get(f"/imports/{batch.pk}/").content.decode()
    assert "工作表 Sheet1 第 3 行：只能导入本单位牵头的指标（该指标由 市工信局 牵头）" in html
    client.post(f"/imports/{batch.pk}/confirm/")
    assert figures_table() == before


def test_expired_preview_is_refused_in_chinese(importer):
    client = client_for(importer)
    upload(client, rows_for(2))
    batch = ImportBatch.objects.get()
    ImportBatch.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.post(f"/imports/{batch.pk}/confirm/", follow=True)
    assert "该预览已失效（超过有效期未确认），请重新上传文件。" in response.content.decode()
    assert not ImportBatch.objects.exists() and not Figure.objects.exists()


def test_history_and_original_file(importer, coordinator, reporter_swj):
    data = rows_for(3)
    upload(client_for(importer), data, "导入员.xlsx")
    upload(
        client_for(reporter_swj),
        xlsx([LONG_HEADER, [4, None, 2024, "全年", "16.9", None, None]]),
        "商务局.xlsx",
    )
    mine = client_for(importer).get("/imports/history/").content.decode()
    assert "导入员.xlsx" in mine and "商务局.xlsx" not in mine
    everyone = client_for(coordinator).get("/imports/history/").content.decode()
    assert "导入员.xlsx" in everyone and "商务局.xlsx" in everyone and "下载" in everyone

    batch = ImportBatch.objects.get(file_name="导入员.xlsx")
    assert client_for(importer).get(f"/imports/{batch.pk}/file/").status_code == 403
    assert client_for(reporter_swj).get(f"/imports/{batch.pk}/").status_code == 404
    response = client_for(coordinator).get(f"/imports/{batch.pk}/file/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data
    assert "filename*=utf-8''%E5%AF%BC" in response["Content-Disposition"]


def test_template_download(reporter_swj, importer):
    response = client_for(reporter_swj).get("/imports/template/?year=2024&department=gxj")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet["A2"].value.startswith("年度：2024　责任部门：市商务局")  # a reporter gets their own
    assert [row[1] for row in sheet.iter_rows(min_row=4, values_only=True)] == [4]

    response = client_for(importer).get("/imports/template/?year=2025&department=swj")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.protection.sheet is True
    assert client_for(importer).get("/imports/template/?year=2031").status_code == 404


@pytest.mark.parametrize(("small", "large"), [(5, 50)])
def test_preview_and_confirm_query_counts_do_not_grow_with_rows(
    importer, small, large, django_assert_max_num_queries
):
    client = client_for(importer)
    for count in (small, large):
        Figure.objects.all().delete()
        with django_assert_max_num_queries(20):
            response = upload(client, rows_for(count))
        batch_url = response["Location"]
        with django_assert_max_num_queries(8):
            client.get(batch_url)
        with django_assert_max_num_queries(20):
            client.post(batch_url + "confirm/")
        assert ImportBatch.objects.get(pk=batch_url.split("/")[2]).new_count == count


def test_pages_open_for_every_role_that_imports(importer, coordinator, reporter_swj):
    for user in (importer, coordinator, reporter_swj):
        client = client_for(user)
        html = client.get("/imports/").content.decode()
        assert "上传并预览" in html and "下载模板" in html
        assert client.get("/imports/history/").status_code == 200
    assert "导出填报数据" not in client_for(reporter_swj).get("/imports/").content.decode()
