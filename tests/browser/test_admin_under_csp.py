"""The Django admin under the Content-Security-Policy: the figure changelist's "select all" ticks every row,
and the export page's "全选" toggle (inline code in django-import-export, overridden in
templates/admin/import_export/export.html) works, with no violation reported by Chromium."""

import pytest

from departments.models import User
from departments.services import demo_accounts_create
from indicators.demo import demo_figures_create
from tests.browser.conftest import login
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_select_all_in_the_admin_under_the_policy(page, live_server, plan, screenshot):
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    demo_accounts_create(password=PASSWORD)
    demo_figures_create(coordinator=User.objects.get(username="coordinator"))
    User.objects.create_superuser("root", password=PASSWORD)
    login(page, live_server, "root", PASSWORD)

    page.goto(f"{live_server.url}/admin/indicators/figure/")
    rows = page.locator("input.action-select")
    assert rows.count() > 1
    page.locator("#action-toggle").check()
    assert all(row.is_checked() for row in rows.all())
    assert page.locator(".action-counter").inner_text() == f"选中了 {rows.count()} 个中的 {rows.count()} 个"

    page.goto(f"{live_server.url}/admin/indicators/figure/export/")
    fields = page.locator('.selectable-field-export-row input[type="checkbox"]')
    assert fields.count() > 1 and all(box.is_checked() for box in fields.all())
    page.get_by_label("全选").uncheck()
    assert not any(box.is_checked() for box in fields.all())
    page.get_by_label("全选").check()
    assert all(box.is_checked() for box in fields.all())
    screenshot("admin-export")

    assert violations == []
