"""The dashboard, department page and report download, checked against the pure evaluation rules."""

import io
import json
import re
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from openpyxl import load_workbook

from departments.models import Department
from indicators import rules
from indicators.dashboard import dashboard_build
from indicators.demo import AWAITING_REVIEW, MISSING
from indicators.models import Category, Figure, Indicator, IndicatorDepartment, Target
from indicators.standings import STANDINGS
from tests.conftest import seed_plan

pytestmark = pytest.mark.usefixtures("plan")
TODAY = date(2026, 11, 25)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def expected_standings(year: int) -> Counter:
    """Recompute each indicator's standing straight from the rules module, independently of the dashboard."""
    result = Counter()
    reference = {
        f.year: f.value for f in Figure.objects.filter(indicator__number__isnull=True, period="year")
    }
    for indicator in Indicator.objects.main():
        target = indicator.targets.get(year=year)
        figure = Figure.objects.filter(indicator=indicator, year=year, period="year").first()
        if figure is None or figure.status in ("draft", "returned"):
            result["未报送"] += 1
        elif figure.status == "submitted":
            result["待审核"] += 1
        else:
            rule = rules.Rule(
                kind=target.kind, target=target.value, tolerance=Decimal("0.01"), unit=indicator.unit
            )
            evaluation = rules.evaluate(rule, figure.value, rank=figure.rank, reference=reference.get(year))
            result[evaluation.status.label] += 1
    return result


@pytest.mark.django_db
@pytest.mark.parametrize("year", [2023, 2024, 2025])
def test_counts_agree_with_the_evaluation_module(demo, year):
    board = dashboard_build(plan=seed_plan(), year=year, period="year", today=TODAY)
    expected = expected_standings(year)
    assert sum(board.counts.values()) == 18
    for standing in STANDINGS:
        assert board.counts[standing] == expected.get(standing, 0), standing
    if year == 2024:
        assert board.counts["未报送"] == len(MISSING)
        assert board.counts["待审核"] == len(AWAITING_REVIEW)
    if year == 2025:  # the plan's last year: complete and approved
        assert board.counts["未报送"] == board.counts["待审核"] == 0


@pytest.mark.django_db
def test_laggards_first_within_each_category(demo):
    board = dashboard_build(plan=seed_plan(), year=2024, period="year", today=TODAY)
    assert [c.name for c, _ in board.categories] == list(Category.objects.values_list("name", flat=True))
    for _, rows in board.categories:
        order = [STANDINGS.index(r.standing) for r in rows]
        assert order == sorted(order)


@pytest.mark.django_db
def test_summary_names_misses_and_their_departments(demo):
    board = dashboard_build(plan=seed_plan(), year=2024, period="year", today=TODAY)
    counts = board.counts
    assert board.summary.startswith(f"2024年，18项主要指标中已达标{counts['已达标']}项")
    for r in board.rows:
        if r.standing == "未达标":
            assert f"{r.indicator.number}.{r.indicator.name}（责任部门：{r.lead.name}）" in board.summary
    assert "8.规上工业企业有效发明专利拥有量占无锡市比重（市市场监管局）" in board.summary


@pytest.mark.django_db
def test_dashboard_page_for_the_coordinator_and_leader(demo, coordinator, leader):
    for user, url in (
        (coordinator, "/?year=2024"),
        (leader, "/dashboard/?year=2024"),
    ):  # a leader's home: the overview
        html = client_for(user).get(url).content.decode()
        assert '主要指标完成情况 <span class="muted">2024年全年</span>' in html
        assert html.count('class="group"') == 7
        assert "通报稿" in html and "报送进度" in html
        assert 'data-chart="stacked"' in html and 'id="chart-trend"' in html


@pytest.mark.django_db
def test_filters(demo, coordinator):
    client = client_for(coordinator)
    html = client.get("/dashboard/?year=2024&department=swj").content.decode()
    assert len(re.findall(r'href="/indicators/\d+/\?plan=mfg2023"', html)) == 1 and "/indicators/4/" in html
    html = client.get("/dashboard/?year=2024&category=企业实力").content.decode()
    assert set(re.findall(r'href="/indicators/(\d+)/\?plan=mfg2023"', html)) == {"13", "14", "15", "16"}
    html = client.get("/dashboard/?year=2024&standing=待审核").content.decode()
    assert set(re.findall(r'href="/indicators/(\d+)/\?plan=mfg2023"', html)) == {
        str(n) for n in AWAITING_REVIEW
    }


@pytest.mark.django_db
def test_year_to_date_rows_are_paced(demo, coordinator):
    board = dashboard_build(plan=seed_plan(), year=2024, period="h1", today=TODAY)
    flows = {r.indicator.number: r for r in board.rows if r.row.figure is not None}
    assert set(flows) == {6, 11, 18}
    assert flows[6].pace.reason.startswith("按序时进度应达 2600亿元")


@pytest.mark.django_db
def test_reporters_land_on_their_figures_but_may_read_the_dashboard(demo, reporter_swj):
    client = client_for(reporter_swj)
    assert "我的待办" in client.get("/").content.decode()
    assert client.get("/dashboard/?year=2024").status_code == 200


def more_indicators(count: int) -> None:
    """Add generated indicators with targets, departments and figures to show query counts do not grow."""
    category = Category.objects.first()
    department = Department.objects.get(code="gxj")
    for i in range(count):
        indicator = Indicator.objects.create(
            plan=category.plan, number=100 + i, code=f"{100 + i}", category=category, name=f"生成指标{i}"
        )
        IndicatorDepartment.objects.create(indicator=indicator, department=department, order=0)
        for year in (2023, 2024, 2025):
            Target.objects.create(indicator=indicator, year=year, value=Decimal(10), source_text="10")
            Figure.objects.create(indicator=indicator, year=year, value=Decimal(i), status="approved")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "limit"),
    [
        ("/dashboard/?year=2024", 13),  # each page: one read for the menu's counts
        ("/dashboard/?year=2024&period=h1", 13),  # year-to-date: earlier years' figures for the pace too
        ("/reports/appendix.xlsx?year=2024", 13),  # and the departments' 原因类别, 整改措施, 预计赶上
        # with the data version, which keeps its plans, roles and counts; and the unit's owed task reports: task
        # plans, deadlines, tasks, reports, whether it is a collective, and who owes (first accounts, waivers);
        # for its 红黄绿 how often its figures and its reports were returned, and its 督办单
        ("/departments/gxj/", 24),
    ],
)
def test_query_count_does_not_grow_with_the_plan(
    demo, coordinator, url, limit, django_assert_max_num_queries
):
    client = client_for(coordinator)
    with django_assert_max_num_queries(limit) as small:
        assert client.get(url).status_code == 200
    count = len(small.captured_queries)
    more_indicators(40)
    with django_assert_max_num_queries(count):
        assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_report_download(demo, leader):
    response = client_for(leader).get("/reports/appendix.xlsx?year=2024")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "filename*=utf-8''" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["指标完成情况"]
    assert sheet["A1"].value == "制造强市建设主要指标完成情况（2024年）"
    assert sheet.page_setup.orientation == "landscape"
    rows = {r[1]: r for r in sheet.iter_rows(min_row=4, values_only=True)}
    assert rows[8][10] == "未报送" and rows[8][9] is None
    figure = Figure.objects.get(indicator__number=1, year=2024, period="year")
    assert rows[1][9] == float(figure.value)
    assert rows[3][10] == "待审核"
    assert book["年度通报"]["A3"].value.startswith("2024年，18项主要指标中")
    half = client_for(leader).get("/reports/appendix.xlsx?year=2024&period=h1")
    assert (
        load_workbook(io.BytesIO(half.content)).active["A1"].value
        == "制造强市建设主要指标完成情况（2024年上半年）"
    )


@pytest.mark.django_db
def test_indicator_page_has_chart_data_and_outlook(demo, leader):
    Figure.objects.filter(indicator__number=11, year=2025).delete()  # the outlook looks ahead from 2024
    html = client_for(leader).get("/indicators/11/").content.decode()
    data = json.loads(
        re.search(r'<script id="indicator-series" type="application/json">(.*?)</script>', html).group(1)
    )
    assert data["years"] == ["2022年", "2023年", "2024年", "2025年"]
    assert data["targets"] == [None, 720.0, 790.0, 870.0]
    assert data["actuals"][0] == 634.0
    assert "距2025年目标还差" in html or "达到2025年目标" in html


@pytest.mark.django_db
def test_department_page(demo, leader):
    html = client_for(leader).get("/departments/scjgj/").content.decode()
    assert "规上工业企业有效发明专利拥有量占无锡市比重" in html
    assert "牵头报送" in html
    assert "5.2" in html and "打响江阴制造品牌" in html
    assert client_for(leader).get("/departments/nope/").status_code == 404


@pytest.mark.django_db
def test_the_indicator_table_is_paged_but_counts_cover_everything(demo, coordinator, monkeypatch):
    monkeypatch.setattr("indicators.dashboard.PAGE_SIZE", 10)
    client = client_for(coordinator)
    first = client.get("/dashboard/?year=2024").content.decode()
    second = client.get("/dashboard/?year=2024&page=2").content.decode()
    shown = (
        re.findall(r'<td><a href="/indicators/(\d+)/\?plan=mfg2023"', first),
        re.findall(r'<td><a href="/indicators/(\d+)/\?plan=mfg2023"', second),
    )
    assert (len(shown[0]), len(shown[1])) == (10, 8)
    assert not set(shown[0]) & set(shown[1])
    assert "共 18 项，第 1/2 页" in first and "下一页" in first
    assert (
        sum(dashboard_build(plan=seed_plan(), year=2024, period="year", today=TODAY, page=2).counts.values())
        == 18
    )


@pytest.mark.django_db
def test_department_progress_counts_timeliness_and_achievement(demo):
    board = dashboard_build(plan=seed_plan(), year=2024, period="year", today=TODAY)
    by_code = {p.department.code: p for p in board.progress}
    gxj = by_code["gxj"]
    led = [r for r in board.rows if r.lead.code == "gxj"]
    assert gxj.expected == len(led)
    assert gxj.approved == sum(r.standing not in ("未报送", "待审核") for r in led)
    assert gxj.on_track == sum(r.standing in ("已达标", "基本达标") for r in led)
    assert by_code["scjgj"].missing == 1  # indicator 8 left unreported
    assert board.progress[0].overdue >= board.progress[-1].overdue  # most overdue first


@pytest.mark.django_db
def test_demo_figures_are_mostly_on_time_with_a_consistent_history(demo):
    progress = dashboard_build(plan=seed_plan(), year=2024, period="year", today=TODAY).progress
    on_time, submitted = sum(p.on_time for p in progress), sum(p.submitted for p in progress)
    assert 0.5 <= on_time / submitted < 1  # some late ones too, as in real life
    figure = Figure.objects.get(indicator__number=1, year=2024, period="year")
    dates = [h.history_date for h in figure.history.order_by("history_date")]
    # Submitted, then approved: each history row moved with the figure's own timestamps.
    assert abs(dates[0] - figure.submitted_at) < timedelta(seconds=5)
    assert abs(dates[-1] - figure.reviewed_at) < timedelta(seconds=5)
    assert abs((figure.submitted_at.date() - date(2025, 1, 31)).days) <= 20  # near the 2024 deadline
