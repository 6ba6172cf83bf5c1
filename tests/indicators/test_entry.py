"""The figure entry form and 我的填报, through HTTP as reporters use them."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from indicators.models import Figure, ReportingDeadline
from tests.conftest import make_user

pytestmark = pytest.mark.usefixtures("plan")

URL = "/entry/2024/4/"  # 高新技术产品出口额占全市外贸出口额的比重, led by 市商务局; 2024 target 16.5 %


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(client, url=URL, *, submit=False, version=0, **fields):
    data = {"version": version, **fields}
    data["submit" if submit else "save"] = "1"
    return client.post(url, data)


def figure(number=4, year=2024, period="year") -> Figure:
    return Figure.objects.get(indicator__number=number, year=year, period=period)


NEXT_YEAR = date.today().year + 1  # 预计赶上 offers only periods that have not ended
MISS_EXPLAINED = {
    "explanation": "外需回落，出口订单减少",
    "miss_cause": "external",
    "remedy": "组织企业参加广交会，拓展东盟市场",
    "catch_up": f"{NEXT_YEAR}-year",
}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "stored"),
    [("16.8", "16.8"), ("16.8%", "16.8"), ("１６．８", "16.8"), (" 16.80 ", "16.8"), ("0.5", "0.5")],
)
def test_values_as_people_type_them(reporter_swj, typed, stored):
    response = post(client_for(reporter_swj), value=typed)
    assert response.status_code == 302
    assert figure().value == Decimal(stored)
    assert figure().status == Figure.Status.DRAFT


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("abc", "完成值“abc”不是有效的数字，请填写数字，如 35.2"),
        ("1,23", "完成值“1,23”不是有效的数字"),
        ("16.123456", "完成值最多保留 4 位小数"),
        ("1e20", "完成值“1e20”不是有效的数字"),
    ],
)
def test_bad_values_get_a_chinese_field_error_and_nothing_is_saved(reporter_swj, typed, message):
    response = post(client_for(reporter_swj), value=typed)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Figure.objects.exists()


@pytest.mark.django_db
def test_form_shows_target_baseline_and_last_year(reporter_swj):
    client = client_for(reporter_swj)
    post(client, "/entry/2023/4/", value="15.2", submit=True)
    html = client.get(URL).content.decode()
    assert "<strong>16.5</strong>" in html
    assert "13.9" in html  # 2022 baseline
    assert "15.2%（已报送）" in html  # last year's figure
    assert 'name="submit"' in html and "保存草稿" in html and "提交审核" in html


@pytest.mark.django_db
def test_submitting_a_miss_requires_explanation_cause_remedy_and_catch_up(reporter_swj):
    client = client_for(reporter_swj)
    response = post(client, value="15", submit=True)
    html = response.content.decode()
    assert response.status_code == 400
    for message in (
        "未达目标，请说明原因。",
        "未达目标，请选择原因类别。",
        "未达目标，请填写整改措施。",
        "未达目标，请填写预计赶上的期间。",
    ):
        assert message in html
    assert not Figure.objects.exists()

    response = post(client, value="15", submit=True, **MISS_EXPLAINED)
    assert response.status_code == 302
    saved = figure()
    assert saved.status == Figure.Status.SUBMITTED
    assert (saved.miss_cause, saved.catch_up_year, saved.catch_up_period) == ("external", NEXT_YEAR, "year")


@pytest.mark.django_db
def test_a_met_target_submits_without_explanation(reporter_swj):
    response = post(client_for(reporter_swj), value="16.5", submit=True)
    assert response.status_code == 302
    assert figure().status == Figure.Status.SUBMITTED
    assert figure().submitted_at is not None


@pytest.mark.django_db
def test_evaluation_is_shown_before_submitting(reporter_swj):
    client = client_for(reporter_swj)
    html = client.post(f"{URL}preview/", {"value": "16.4", "version": 0}).content.decode()
    assert "未达标" in html and "完成 16.4%，目标 16.5%，差 0.1 个百分点" in html
    assert "提交时须填写说明" in html
    html = client.post(f"{URL}preview/", {"value": "abc", "version": 0}).content.decode()
    assert "不是有效的数字" in html
    assert not Figure.objects.exists()


@pytest.mark.django_db
def test_approx_target_nearly_met_within_tolerance(reporter_gxj):
    client = client_for(reporter_gxj)
    html = client.post("/entry/2024/2/preview/", {"value": "34.6", "version": 0}).content.decode()
    assert "基本达标" in html and "在容差内" in html


@pytest.mark.django_db
def test_leading_target_is_judged_by_rank():
    reporter = make_user("jr", "填报员", "jrjgj")
    client = client_for(reporter)
    html = client.get("/entry/2024/15/").content.decode()
    assert "在无锡各市（县）区中的排名" in html
    post(client, "/entry/2024/15/", value="35.2", rank="1")
    html = client.get("/entry/2024/15/").content.decode()
    assert "占比 35.2%，排名第 1，全市领先" in html
    assert figure(15).rank == 1


@pytest.mark.django_db
def test_relative_target_uses_the_companion_series(reporter_gxj):
    client = client_for(reporter_gxj)
    assert post(client, "/entry/2024/gsgyzjzzs/", value="7.2", submit=True).status_code == 302
    html = client.post("/entry/2024/5/preview/", {"value": "8.5", "version": 0}).content.decode()
    assert "增速 8.5%，高于规上工业增速 7.2%（高 1.3 个百分点）" in html


@pytest.mark.django_db
def test_submitted_figure_is_locked_for_the_reporter(reporter_swj):
    client = client_for(reporter_swj)
    post(client, value="16.8", submit=True)
    response = post(client, value="99", version=figure().version)
    assert response.status_code == 403
    assert figure().value == Decimal("16.8")
    assert 'name="value"' not in client.get(URL).content.decode()


@pytest.mark.django_db
def test_stale_form_is_refused_never_overwritten(reporter_swj):
    colleague = make_user("alice2", "填报员", "swj")
    first, second = client_for(reporter_swj), client_for(colleague)
    post(first, value="16.6")
    # Both load version 1; the colleague saves first.
    assert post(second, value="16.9", version=1).status_code == 302
    response = post(first, value="17.5", version=1)
    html = response.content.decode()
    assert response.status_code == 409
    assert "该数据已被他人修改" in html
    assert "当前：完成值 16.9%" in html
    assert 'value="17.5"' in html  # what the person typed is kept for them
    assert figure().value == Decimal("16.9")
    assert figure().version == 2


@pytest.mark.django_db
def test_two_first_saves_conflict(reporter_swj):
    colleague = make_user("alice2", "填报员", "swj")
    assert post(client_for(reporter_swj), value="16.6", version=0).status_code == 302
    response = post(client_for(colleague), value="16.9", version=0)
    assert response.status_code == 409
    assert figure().value == Decimal("16.6")


@pytest.mark.django_db
def test_next_period_asks_whether_the_catch_up_worked(reporter_swj):
    client = client_for(reporter_swj)
    post(client, "/entry/2023/4/", value="14", submit=True, **MISS_EXPLAINED)
    html = client.get(URL).content.decode()
    assert "上期未达标的整改承诺（2023年全年）" in html
    assert "组织企业参加广交会" in html
    response = post(client, value="16.6", submit=True)
    assert "请回答上期预计赶上的目标是否实现。" in response.content.decode()
    assert post(client, value="16.6", submit=True, catch_up_result="achieved").status_code == 302
    assert figure().catch_up_result == "achieved"


@pytest.mark.django_db
def test_year_to_date_period_is_saved_but_not_judged(reporter_swj):
    client = client_for(reporter_swj)
    assert post(client, f"{URL}h1/", value="8.1", submit=True).status_code == 302
    saved = figure(period="h1")
    assert saved.status == Figure.Status.SUBMITTED
    assert "年度中间数据不作达标评价" in client.get(f"{URL}h1/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/entry/2022/4/", "/entry/2026/4/", "/entry/2024/99/", "/entry/2024/4/m7/"])
def test_unknown_slots_are_404(reporter_swj, url):
    assert client_for(reporter_swj).get(url).status_code == 404


@pytest.mark.django_db
def test_history_shows_who_when_and_old_to_new(reporter_swj):
    client = client_for(reporter_swj)
    post(client, value="16.1")
    post(client, value="16.8", version=1, submit=True)
    html = client.get(URL).content.decode()
    assert "保存草稿" in html and "提交审核" in html
    assert "16.1 → 16.8" in html
    assert "草稿 → 已报送" in html


@pytest.mark.django_db
def test_co_responsible_department_sees_and_comments_but_cannot_change():
    lead = make_user("fg", "填报员", "fgw")  # 发改委 leads indicator 9; 科技局 and 工信局 share it
    co = make_user("kj", "填报员", "kjj")
    stranger = make_user("sw", "填报员", "swj")
    post(client_for(lead), "/entry/2024/9/", value="0")
    co_client = client_for(co)
    html = co_client.get("/entry/2024/9/").content.decode()
    assert 'name="value"' not in html and "发表意见" in html
    assert post(co_client, "/entry/2024/9/", value="1", version=1).status_code == 403
    pk = figure(9).pk
    assert (
        co_client.post(f"/figures/{pk}/comments/", {"text": "建议补充国家级中心申报进展"}).status_code == 302
    )
    assert "建议补充国家级中心申报进展" in co_client.get("/entry/2024/9/").content.decode()
    assert client_for(stranger).post(f"/figures/{pk}/comments/", {"text": "x"}).status_code == 403
    assert figure(9).comments.count() == 1
    assert figure(9).value == 0


@pytest.mark.django_db
def test_my_figures_lists_own_indicators_late_first(reporter_swj, django_assert_max_num_queries):
    ReportingDeadline.objects.create(year=2024, period="year", due_date=date(2025, 1, 31))
    client = client_for(reporter_swj)
    post(client, "/entry/2023/4/", value="15.1", submit=True)
    html = client.get("/").content.decode()
    assert "我的待办" in html
    assert html.count("高新技术产品出口额占全市外贸出口额的比重") == 3
    assert "制造业增加值占无锡市比重" not in html
    # 2024 is overdue (deadline passed, nothing submitted) and comes before what is handed in.
    rows = html.split("<tbody>", 1)[1]
    assert rows.index("逾期") < rows.index("15.1")
    # The unit's task reports are counted too (tests/tasks/test_worklist.py counts them exactly).
    assert re.search(r'待办 \d+ 项，其中<strong class="bad"> 逾期 \d+ 项</strong>', html)


@pytest.mark.django_db
def test_my_figures_query_count_does_not_grow(
    reporter_gxj, django_assert_max_num_queries, django_assert_num_queries
):
    client = client_for(reporter_gxj)
    ReportingDeadline.objects.create(year=2024, period="h1", due_date=date(2024, 7, 31))
    # figures, the unit's task reports, who owes them; for their 红黄绿 the returns of each, and the 督办单
    with django_assert_max_num_queries(21) as few:
        client.get("/")
    count = len(few.captured_queries)  # read now: each request resets the connection's query log
    for number in (1, 3, 6, 10, 11, 12, 13, 14):
        for year in (2023, 2024, 2025):
            post(client, f"/entry/{year}/{number}/", value="1")
            post(client, f"/entry/{year}/{number}/h1/", value="1")
    with django_assert_num_queries(count):
        client.get("/")


@pytest.mark.django_db
def test_a_fixed_miss_does_not_leave_a_miss_behind(reporter_swj):
    client = client_for(reporter_swj)
    post(client, value="15", **MISS_EXPLAINED)  # draft of a miss, with its cause typed in
    assert post(client, value="16.7", version=1, submit=True, **MISS_EXPLAINED).status_code == 302
    saved = figure()
    assert (saved.miss_cause, saved.remedy, saved.catch_up_year) == ("", "", None)
    assert "上期未达标的整改承诺" not in client.get("/entry/2025/4/").content.decode()
