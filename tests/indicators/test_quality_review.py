"""数据质量 in review: the queue flags figures whose value had warnings, with the reporter's 已核实 note, and
filters them; the 数据质量 page lists every open warning by department; the dashboard counts them."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from indicators.models import Figure, Indicator

pytestmark = pytest.mark.usefixtures("plan")

STOCK_FALL = "160家少于2023年全年 170家：存量数通常不会减少，请核实"
NOTE = "两家企业复核未通过，已与科技局核对"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def flagged(reporter_gxj, reporter_swj):
    """市工信局 submits a falling stock count, confirmed 已核实; 市商务局 an ordinary share."""
    Figure.objects.create(
        indicator=Indicator.objects.get(number=14), year=2023, value=Decimal("170"), status="approved"
    )
    data = {
        "version": 0,
        "value": "160",
        "submit": "1",
        "quality_confirmed": "on",
        "quality_note": NOTE,
        "explanation": "认定复核后有企业退出",
        "miss_cause": "statistics",
        "remedy": "加强梯度培育",
        "catch_up": f"{date.today().year + 1}-year",
    }
    assert client_for(reporter_gxj).post("/entry/2024/14/", data).status_code == 302
    ordinary = {"version": 0, "value": "16.8", "submit": "1"}
    assert client_for(reporter_swj).post("/entry/2024/4/", ordinary).status_code == 302
    return Figure.objects.get(indicator__number=14, year=2024)


@pytest.mark.django_db
def test_queue_flags_and_filters_quality_warnings(flagged, coordinator):
    client = client_for(coordinator)
    html = client.get("/review/").content.decode()
    assert "数据质量" in html and STOCK_FALL in html and f"已核实：{NOTE}" in html
    assert "/entry/2024/4/" in html
    filtered = client.get("/review/?quality=1").content.decode()
    assert STOCK_FALL in filtered and "/entry/2024/14/" in filtered
    assert "/entry/2024/4/" not in filtered


@pytest.mark.django_db
def test_quality_page_lists_open_warnings_by_department(flagged, coordinator, reporter_gxj, leader):
    html = client_for(coordinator).get("/quality/").content.decode()
    assert "市工信局" in html and STOCK_FALL in html and NOTE in html
    assert "/entry/2024/4/" not in html
    assert client_for(reporter_gxj).get("/quality/").status_code == 403
    assert client_for(leader).get("/quality/").status_code == 403
    Figure.objects.filter(pk=flagged.pk).update(status=Figure.Status.APPROVED)  # approved: no longer open
    assert "目前没有待处理的数据质量提示" in client_for(coordinator).get("/quality/").content.decode()


@pytest.mark.django_db
def test_quality_page_query_count_does_not_grow(flagged, coordinator, django_assert_max_num_queries):
    client = client_for(coordinator)
    Figure.objects.create(
        indicator=Indicator.objects.get(number=1), year=2024, value=Decimal("60"), quality_findings="60 偏高"
    )
    # 7: the plan list is read once (kept per data version) since the entry links name their plan when another
    # plan covering the year is the default; one query whatever the number of figures.
    with django_assert_max_num_queries(7):
        client.get("/quality/")


@pytest.mark.django_db
def test_dashboard_counts_open_warnings(flagged, coordinator):
    html = client_for(coordinator).get("/dashboard/?year=2024&period=year").content.decode()
    assert "数据质量提示：1 条数据有待核对的提示" in html and 'href="/quality/"' in html
