import pytest

from departments.models import User
from departments.services import demo_accounts_create
from indicators.demo import demo_figures_create
from indicators.models import Figure
from tests.browser.conftest import login

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_leader_reads_the_dashboard_and_an_indicator_chart(page, live_server, plan, screenshot):
    demo_accounts_create(password="jiangyin2025")
    demo_figures_create(coordinator=User.objects.get(username="coordinator"))
    Figure.objects.filter(indicator__number=11, year=2025).delete()  # the outlook looks ahead from 2024

    login(page, live_server, "leader", "jiangyin2025")
    page.goto(f"{live_server.url}/")  # the leader's overview: its yearly chart, 待审核 as a series of its own
    page.locator('[data-source="chart-trend"] canvas').wait_for()
    assert page.get_by_role("link", name="指标看板").first.is_visible()
    screenshot("leader-home")
    page.goto(f"{live_server.url}/dashboard/?year=2024")
    assert page.get_by_role("heading", name="主要指标完成情况 2024年全年").is_visible()
    for source in ("chart-category", "chart-department", "chart-trend"):
        chart = page.locator(f'[data-source="{source}"]')
        chart.locator("canvas").wait_for()
        assert "drawn" in chart.get_attribute("class")
    assert page.locator("table.board tbody tr:not(.group)").count() == 18
    screenshot("dashboard")

    page.get_by_role("link", name="数字经济核心产业规模（亿元）").click()
    chart = page.locator('[data-chart="indicator"]')
    chart.locator("canvas").wait_for()
    box = chart.locator("canvas").bounding_box()
    assert box["width"] > 300 and box["height"] > 200
    assert page.get_by_text("距最终目标").is_visible()
    screenshot("indicator-11")

    with page.expect_download() as download:
        page.goto(f"{live_server.url}/dashboard/?year=2024")
        page.get_by_role("link", name="导出附件表（Excel）").click()
    assert download.value.suggested_filename == "制造强市建设主要指标完成情况（2024年）.xlsx"
