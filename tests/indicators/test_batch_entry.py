"""批量填报 through HTTP: every indicator a department leads on one page, each row validated and saved by the
single form's service, misses still explained, stale rows refused while the others are saved."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from indicators.models import Figure, Indicator
from tests.conftest import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plan")]

URL = "/entry/2024/batch/"
NEXT_YEAR = date.today().year + 1  # 预计赶上 offers only periods that have not ended
MISS = {
    "explanation": "外需回落",
    "miss_cause": "external",
    "remedy": "技改扩能",
    "catch_up": f"{NEXT_YEAR}-year",
}


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def prefix(number: int) -> str:
    return f"i{Indicator.objects.get(number=number).pk}"


def rows(*, submit=False, by_number: dict | None = None) -> dict:
    """The POST of the batch page for indicators 1–3: {1: {"value": "40"}} → i<pk>-value=40, each row's version
    and saved value as loaded."""
    data = {"submit" if submit else "save": "1"}
    for number in (1, 2, 3):
        figure = Figure.objects.filter(indicator__number=number, year=2024, period="year").first()
        data[f"{prefix(number)}-version"] = figure.version if figure else 0
        if figure is not None and figure.value is not None:  # as the page shows it
            data[f"{prefix(number)}-value"] = str(figure.value)
        for name, value in (by_number or {}).get(number, {}).items():
            data[f"{prefix(number)}-{name}"] = value
    return data


def figure(number: int) -> Figure:
    return Figure.objects.get(indicator__number=number, year=2024, period="year")


def test_the_page_lists_every_indicator_the_department_leads(reporter_gxj):
    html = client_for(reporter_gxj).get(URL).content.decode()
    assert "1. 规上制造业全员劳动生产率" in html and "3. 工业战略性新兴产业产值占规上工业比重" in html
    assert "高新技术产品出口额" not in html  # led by 市商务局
    assert f'name="{prefix(1)}-value"' in html and "data-batch-value" in html
    assert "js/batch_entry.js" in html


def test_one_submit_saves_all_changed_rows(reporter_gxj):
    client = client_for(reporter_gxj)
    response = client.post(URL, rows(by_number={1: {"value": "39.8"}, 3: {"value": "41%"}}))
    assert response.status_code == 302
    assert (figure(1).value, figure(1).status) == (Decimal("39.8"), Figure.Status.DRAFT)
    assert figure(3).value == Decimal("41")
    assert not Figure.objects.filter(indicator__number=2, year=2024).exists()  # left blank: untouched
    page = client.get(URL).content.decode()
    assert "草稿已保存 2 项：1. 规上制造业全员劳动生产率、3. 工业战略性新兴产业产值占规上工业比重。" in page
    # Submitting all also submits the drafts saved before.
    assert client.post(URL, rows(submit=True)).status_code == 302
    assert figure(1).status == figure(3).status == Figure.Status.SUBMITTED


def test_a_miss_needs_its_explanation_and_other_rows_are_saved(reporter_gxj):
    client = client_for(reporter_gxj)
    response = client.post(URL, rows(submit=True, by_number={1: {"value": "39"}, 3: {"value": "41"}}))
    assert response.status_code == 400
    html = response.content.decode()
    for message in (
        "未达目标，请说明原因。",
        "未达目标，请选择原因类别。",
        "未达目标，请填写整改措施。",
        "未达目标，请填写预计赶上的期间。",
    ):
        assert message in html
    assert f'name="{prefix(1)}-remedy"' in html and '<details class="miss" open>' in html
    assert not Figure.objects.filter(indicator__number=1).exists()
    assert figure(3).status == Figure.Status.SUBMITTED  # the row that met its target went through
    assert "已提交审核" in html
    response = client.post(URL, rows(submit=True, by_number={1: {"value": "39", **MISS}}))
    assert response.status_code == 302
    saved = figure(1)
    assert (saved.status, saved.miss_cause, saved.catch_up_year) == (
        Figure.Status.SUBMITTED,
        "external",
        NEXT_YEAR,
    )


def test_a_shape_error_names_the_row(reporter_gxj):
    response = client_for(reporter_gxj).post(URL, rows(by_number={1: {"value": "abc"}, 3: {"value": "41"}}))
    assert response.status_code == 400
    assert "完成值“abc”不是有效的数字" in response.content.decode()
    assert figure(3).value == Decimal("41")
    assert not Figure.objects.filter(indicator__number=1).exists()


def test_a_stale_row_is_refused_and_the_others_saved(reporter_gxj):
    client = client_for(reporter_gxj)
    client.post(URL, rows(by_number={1: {"value": "39.6"}}))
    stale = rows(by_number={1: {"value": "39.9"}, 3: {"value": "41"}})
    colleague = client_for(make_user("carol", "填报员", "gxj"))
    colleague.post(URL, rows(by_number={1: {"value": "39.7"}}))
    response = client.post(URL, stale)
    assert response.status_code == 409
    assert "该数据已被他人修改" in response.content.decode()
    assert figure(1).value == Decimal("39.7")  # not overwritten
    assert figure(3).value == Decimal("41")


def test_locked_rows_are_shown_not_edited(reporter_gxj):
    client = client_for(reporter_gxj)
    client.post(URL, rows(submit=True, by_number={3: {"value": "41"}}))
    html = client.get(URL).content.decode()
    assert f'name="{prefix(3)}-value"' not in html and "已报送" in html
    response = client.post(
        URL, {**rows(), f"{prefix(3)}-value": "1", f"{prefix(3)}-version": figure(3).version}
    )
    assert response.status_code == 302 and figure(3).value == Decimal("41")


def test_a_year_to_date_period(reporter_gxj):
    client = client_for(reporter_gxj)
    data = {"save": "1", f"{prefix(1)}-version": 0, f"{prefix(1)}-value": "19"}
    assert client.post(f"{URL}h1/", data).status_code == 302
    assert Figure.objects.get(indicator__number=1, year=2024, period="h1").value == Decimal("19")
    assert client.get(f"{URL}m7/").status_code == 404


@pytest.mark.parametrize("persona", ["coordinator", "leader", "importer", "outsider"])
def test_only_reporters(persona, request):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"save": "1"}).status_code == 403


def test_a_unit_leading_no_indicator_sees_so(plan):
    html = client_for(make_user("hsz", "填报员", "hsz")).get(URL).content.decode()
    assert "本单位没有牵头报送的指标。" in html


def test_the_entry_page_links_to_it(reporter_gxj):
    assert f'href="{URL}"' in client_for(reporter_gxj).get("/entry/2024/1/").content.decode()


def test_after_a_miss_each_row_asks_whether_the_catch_up_worked(reporter_gxj):
    Figure.objects.create(
        indicator=Indicator.objects.get(number=1),
        year=2024,
        value=Decimal("39"),
        status=Figure.Status.APPROVED,
        explanation="订单减少",
        miss_cause="external",
        remedy="技改",
        catch_up_year=2025,
        catch_up_period="h1",
    )
    client = client_for(reporter_gxj)
    url = "/entry/2025/batch/h1/"
    html = client.get(url).content.decode()
    assert f'name="{prefix(1)}-catch_up_result"' in html and f'name="{prefix(1)}-remedy"' not in html
    data = {"submit": "1", f"{prefix(1)}-version": 0, f"{prefix(1)}-value": "39.6"}
    response = client.post(url, data)
    assert response.status_code == 400
    assert "请回答上期预计赶上的目标是否实现。" in response.content.decode()
    assert client.post(url, {**data, f"{prefix(1)}-catch_up_result": "achieved"}).status_code == 302
    assert Figure.objects.get(indicator__number=1, year=2025, period="h1").catch_up_result == "achieved"


def test_batch_entry_checks_data_quality_like_the_form(reporter_gxj):
    """A slip is refused on its row; a warning must be confirmed (已核实 + a note) before submitting."""
    client = client_for(reporter_gxj)
    slip = client.post(URL, rows(by_number={1: {"value": "3900"}}))  # 万元/人 typed as 元/人
    assert slip.status_code == 400
    html = slip.content.decode()
    assert "超出有效范围" in html and not Figure.objects.filter(indicator__number=1, year=2024).exists()

    unusual = {"value": "55"}  # within the valid range (0–400), above the plausible one (30–50): a warning
    warned = client.post(URL, rows(submit=True, by_number={1: unusual}))
    assert warned.status_code == 400
    assert "已核实" in warned.content.decode() and "请核实后勾选" in warned.content.decode()
    confirmed = {**unusual, "quality_confirmed": "on", "quality_note": "经统计局核对无误"}
    done = client.post(URL, rows(submit=True, by_number={1: confirmed}))
    assert done.status_code == 302
    saved = figure(1)
    assert (saved.value, saved.status, saved.quality_note) == (Decimal("55"), "submitted", "经统计局核对无误")


def test_each_row_is_checked_while_typing_by_the_single_forms_live_check(reporter_gxj):
    """The row's value posts under its prefix to the entry form's preview and gets the row's cell back: the
    same 数据质量 rules, hard slips as an error, soft ones as a warning asking for 已核实."""
    client = client_for(reporter_gxj)
    page = client.get(URL).content.decode()
    pk = Indicator.objects.get(number=3).pk
    assert 'hx-post="/entry/2024/3/preview/"' in page and f'hx-target="#assessment-{pk}"' in page
    assert 'hx-include="closest tbody"' in page and '"row": "1"' in page
    live = client.post("/entry/2024/3/preview/", {"row": "1", f"i{pk}-value": "0.0196", f"i{pk}-version": 0})
    html = live.content.decode()
    assert f'id="assessment-{pk}"' in html and "数据质量提示" in html and "不在常见范围" in html
    assert "提交前请核实" in html
    one = Indicator.objects.get(number=1).pk
    slip = client.post("/entry/2024/1/preview/", {"row": "1", f"i{one}-value": "23500000"}).content.decode()
    assert "超出有效范围" in slip and "field-error" in slip
    assert not Figure.objects.exists()


def test_a_draft_with_warnings_is_saved_and_its_row_says_so(reporter_gxj):
    """Saving a draft needs no 已核实, but the warning is named in the message and stays on its row."""
    client = client_for(reporter_gxj)
    response = client.post(URL, rows(by_number={3: {"value": "0.0196"}, 1: {"value": "40"}}))
    assert response.status_code == 302
    assert figure(3).value == Decimal("0.0196") and "不在常见范围" in figure(3).quality_findings
    page = client.get(URL).content.decode()
    assert "1 项有数据质量提示，请按各行提示核实：3. 工业战略性新兴产业产值占规上工业比重。" in page
    pk = Indicator.objects.get(number=3).pk
    row = page.split(f'id="row-{pk}"')[1].split("</tbody>")[0]
    assert "数据质量提示" in row and "0.0196%不在常见范围" in row
    assert "data-quality-confirm hidden" not in row  # its 已核实 box is shown
    clean = page.split(f'id="row-{Indicator.objects.get(number=1).pk}"')[1].split("</tbody>")[0]
    assert "数据质量提示" not in clean and "data-quality-confirm hidden" in clean
