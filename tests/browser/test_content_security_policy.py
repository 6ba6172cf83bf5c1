"""The Content-Security-Policy in a real browser: the pages work under it and Chromium reports no violation
[ASVS 3.4.3]. Login goes through django-axes as in production."""

import pytest

from departments.models import User
from departments.services import demo_accounts_create
from indicators.demo import demo_figures_create
from indicators.models import Figure
from tests.browser.conftest import login
from tests.tasks.helpers import report

pytestmark = pytest.mark.browser

PASSWORD = "jiangyin2025"


@pytest.fixture
def violations(page):
    """Chromium's console messages about the policy ("Refused to execute inline script because it violates
    the following Content Security Policy directive …"), collected while the test runs."""
    found = []
    page.on("console", lambda m: found.append(m.text) if "Content Security Policy" in m.text else None)
    return found


def logout(page):
    page.get_by_role("button", name="退出").click()
    page.wait_for_url("**/accounts/login/")


@pytest.mark.django_db(transaction=True)
def test_pages_work_under_the_policy(page, live_server, plan, violations, settings, screenshot):
    settings.AXES_ENABLED = True
    demo_accounts_create(password=PASSWORD)
    demo_figures_create(coordinator=User.objects.get(username="coordinator"))
    Figure.objects.filter(indicator__number=4, year=2025).delete()  # left open for the entry form below
    report(User.objects.get(username="gxj"), "4.3", ["1"] * 10, year=2025, period="h1")  # a progress bar

    # The policy is enforced: code injected inline is refused and reported.
    page.goto(f"{live_server.url}/accounts/login/")
    page.evaluate("""() => { const s = document.createElement("script"); s.textContent = "window.pwned = 1";
                             document.body.appendChild(s); }""")
    page.wait_for_timeout(200)
    assert page.evaluate("window.pwned") is None
    assert violations, "注入的内联脚本应被拒绝并报告"
    violations.clear()

    # The leader's dashboard: ECharts draws every chart; its tooltips (drawn on the canvas) need no inline style.
    login(page, live_server, "leader", PASSWORD)
    page.goto(f"{live_server.url}/dashboard/?year=2024")
    for source in ("chart-category", "chart-department", "chart-trend"):
        chart = page.locator(f'[data-source="{source}"]')
        chart.locator("canvas").wait_for()
        assert "drawn" in chart.get_attribute("class")
    page.locator('[data-source="chart-category"] canvas').hover()
    page.wait_for_timeout(300)
    page.get_by_role("link", name="数字经济核心产业规模（亿元）").click()
    page.locator('[data-chart="indicator"] canvas').wait_for()
    screenshot("indicator-under-csp")
    logout(page)

    # 市商务局 types a value: htmx posts the preview and swaps in the evaluation.
    login(page, live_server, "swj", PASSWORD)
    page.goto(f"{live_server.url}/entry/2025/4/")
    page.get_by_label("完成值（%）").fill("18.3")
    page.locator("#assessment").get_by_text("已达标").wait_for()
    page.get_by_label("完成值（%）").fill("1")
    page.locator("#assessment").get_by_text("未达标").wait_for()
    screenshot("entry-under-csp")
    logout(page)

    # The coordinator's review queue: "全选" ticks every submitted figure (static/js/app.js, no inline handler).
    login(page, live_server, "coordinator", PASSWORD)
    page.goto(f"{live_server.url}/review/")
    boxes = page.locator('input[name="figure_ids"]')
    assert boxes.count() > 0
    page.get_by_label("全选").check()
    assert all(box.is_checked() for box in boxes.all())

    # Task pages: choosing another period submits the picker; progress bars get their width.
    page.goto(f"{live_server.url}/tasks/")
    page.locator(".slot-picker select[name=period]").select_option("year")
    page.wait_for_url("**period=year**")
    page.goto(f"{live_server.url}/tasks/4.3/?year=2025&period=h1")
    bars = page.locator(".pbar .fill")
    bars.first.wait_for()
    assert all(bar.evaluate("el => el.style.width").endswith("%") for bar in bars.all())

    assert violations == []
