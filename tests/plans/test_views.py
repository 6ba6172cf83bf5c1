"""The plan list, and loading a plan from its appendix sheet through the web: upload → preview → confirm."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from departments.models import Department
from plans import uploads
from plans.models import Plan
from tests.conftest import SEED_PLAN
from tests.plans.conftest import row_counts
from tests.plans.sheets import CODE, ROWS, TITLE, workbook_bytes

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def upload(client, data=None, name="十五五附件.xlsx", **fields):
    file = SimpleUploadedFile(name, workbook_bytes() if data is None else data)
    return client.post("/plans/load/", {"file": file, "code": CODE, "create_departments": "on", **fields})


def test_coordinator_uploads_previews_and_confirms(coordinator):
    client = client_for(coordinator)
    assert client.get("/plans/load/").status_code == 200
    before = row_counts()
    response = upload(client, issuer="江阴市人民政府办公室", issued_on="2026-03-31")
    assert response.status_code == 302 and response["Location"] == "/plans/load/preview/"

    html = client.get("/plans/load/preview/").content.decode()
    assert row_counts() == before  # the preview's writes were rolled back
    for shown in (
        TITLE,
        "江阴市“十五五”制造强市建设",  # the short name derived from the title
        "2026年目标",
        "2030年目标",
        "规上制造业全员劳动生产率（万元/人）△",
        "43.8左右",
        # Each target with what it will mean (indicators.rules_more.describe).
        '<span class="source">44左右</span><span class="rule">44% 左右：达到 44% 达标，低于不超过 1.00% 为基本达标</span>',
        '<span class="source">力争65</span><span class="rule">力争 65%：达到为已达标，未达到为力争未达（不算未达标）</span>',
        '<span class="source">年均增速高于规上工业增速</span><span class="rule">高于同期规上工业增加值增速（持平不达标）</span>',
        '<span class="source">不高于8.4</span><span class="rule">不高于 8.4',
        '<span class="source">全市领先</span><span class="rule">排名全市第 1 为达标，须录入排名</span>',
        "数据局",
        "新建",
        "规划：新增 1",
        "确认载入",
    ):
        assert shown in html, shown
    assert html.count("<tr>") == len(ROWS) + 1

    digest = client.session[uploads.SESSION_KEY]["digest"]
    response = client.post("/plans/load/confirm/", {"digest": digest})
    assert response.status_code == 302 and response["Location"] == "/plans/"
    successor = Plan.objects.get(code=CODE)
    assert (successor.name, successor.issuer, str(successor.issued_on)) == (
        TITLE,
        "江阴市人民政府办公室",
        "2026-03-31",
    )
    assert successor.indicators.filter(number__isnull=False).count() == 11
    assert Department.objects.filter(short_name="数据局").exists()
    assert uploads.SESSION_KEY not in client.session  # the upload is gone with its confirmation
    page = client.get("/plans/").content.decode()
    assert "已载入" in page and f"/dashboard/?plan={CODE}" in page and f"/plan/?plan={CODE}" in page


def test_a_broken_sheet_shows_every_error_and_cannot_be_confirmed(coordinator):
    client = client_for(coordinator)
    rows = [list(row) for row in ROWS]
    rows[0][4], rows[4][8] = "较快增长", "力争1个"
    upload(client, workbook_bytes(rows=rows), create_departments="")
    response = client.get("/plans/load/preview/")
    html = response.content.decode()
    assert "表格中有 3 处错误，没有写入任何数据" in html
    assert "工作表 附件 第 4 行 [2026年目标]：无法识别的目标“较快增长”" in html
    assert "工作表 附件 第 8 行 [2030年目标]：“力争1个”的单位“个”与指标的单位（“%”）不一致" in html
    assert "工作表 附件 第 13 行 [责任部门]：责任部门“数据局”不是已有的责任单位" in html
    assert "确认载入" not in html
    before = row_counts()
    digest = client.session[uploads.SESSION_KEY]["digest"]
    response = client.post("/plans/load/confirm/", {"digest": digest}, follow=True)
    assert "确认前复核发现错误，没有写入任何数据" in response.content.decode()
    assert row_counts() == before


def test_the_upload_form_refuses_what_is_no_appendix(coordinator, settings):
    client = client_for(coordinator)
    response = upload(client, b"not a workbook", name="plan.txt")
    assert response.status_code == 400 and "请上传 .xlsx、.xls 或 .csv 文件" in response.content.decode()
    response = upload(client, code="Mfg 2026")
    assert response.status_code == 400 and "规划代码应为小写字母开头" in response.content.decode()
    settings.UPLOAD_MAX_BYTES = 1000
    response = upload(client)
    assert response.status_code == 400 and "上限为 0.0 MB" in response.content.decode()
    assert uploads.SESSION_KEY not in client.session


def test_a_text_file_named_xlsx_is_named_in_the_preview(coordinator):
    client = client_for(coordinator)
    upload(client, "一级指标,序号".encode())
    html = client.get("/plans/load/preview/").content.decode()
    assert "十五五附件.xlsx：文件不是 .xlsx 文件" in html


def test_confirm_writes_only_what_this_session_previewed(coordinator):
    client = client_for(coordinator)
    upload(client)
    digest = client.session[uploads.SESSION_KEY]["digest"]
    before = row_counts()
    # A stale page (another upload replaced the previewed one) and another session are both refused.
    response = client.post("/plans/load/confirm/", {"digest": "0" * 64}, follow=True)
    assert "预览的文件已失效或已被另一次上传替换" in response.content.decode()
    other = Client()
    other.force_login(coordinator)
    assert other.post("/plans/load/confirm/", {"digest": digest}).status_code == 302
    assert row_counts() == before
    assert not Plan.objects.filter(code=CODE).exists()


def test_a_tampered_upload_is_refused(coordinator):
    client = client_for(coordinator)
    upload(client)
    kept = client.session[uploads.SESSION_KEY]
    path = uploads._path(kept["token"])
    path.write_bytes(workbook_bytes(title="改过的标题"))
    response = client.post("/plans/load/confirm/", {"digest": kept["digest"]}, follow=True)
    assert "预览的文件已失效" in response.content.decode()
    assert not Plan.objects.filter(code=CODE).exists()


@pytest.mark.parametrize("persona", ["reporter_gxj", "leader", "importer"])
def test_only_the_coordinator_loads_plans(persona, request):
    client = client_for(request.getfixturevalue(persona))
    assert client.get("/plans/load/").status_code == 403
    assert upload(client).status_code == 403
    assert client.get("/plans/load/preview/").status_code == 403
    assert client.post("/plans/load/confirm/", {"digest": "x"}).status_code == 403
    assert not Plan.objects.filter(code=CODE).exists()
    page = client.get("/plans/")
    assert page.status_code == 200 and "从附件表格载入规划" not in page.content.decode()


def test_plan_list_shows_every_plan_to_every_role(successor, reporter_swj, django_assert_max_num_queries):
    client = client_for(reporter_swj)
    client.get("/")  # where a reporter lands: it leaves the menu's 待办 count cached for the other pages
    with django_assert_max_num_queries(9):  # one of them the menu's count
        html = client.get("/plans/").content.decode()
    for code in (SEED_PLAN, CODE):
        assert f"<code>{code}</code>" in html
        assert f'href="/plan/?plan={code}"' in html and f'href="/dashboard/?plan={code}"' in html
    assert "2026、2027、2028、2029、2030" in html and "2023、2024、2025" in html
    assert '<td class="num">18</td>' in html and '<td class="num">21</td>' in html  # the seed's counts
    assert '<td class="num">11</td>' in html and '<td class="num">0</td>' in html  # the successor's
