"""Keyboard use of the top bar at phone and desktop width. The axe-core walk of every page × persona is in
tests/browser/test_walk.py, in the same visit as the phone checks."""

import pytest

from departments.services import demo_accounts_create
from tests.browser.site import DESKTOP, PHONE, signed_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def focused(page) -> str:
    return page.evaluate("document.activeElement.textContent.trim()")


@pytest.mark.django_db(transaction=True)
def test_keyboard_order_through_the_top_bar(browser, live_server, plan):
    demo_accounts_create(password=PASSWORD)
    with signed_in(browser, live_server, "coordinator", PHONE) as page:
        page.goto("/review/")
        order = []
        for _ in range(3):
            page.keyboard.press("Tab")
            order.append(focused(page))
        assert order == ["跳到正文", "江阴制造强市建设指标跟踪", "菜单"]
        page.keyboard.press("Enter")  # the menu opens, and its first item comes next
        page.keyboard.press("Tab")
        assert focused(page) == "指标看板"
        page.keyboard.press("Escape")  # closes it and gives the focus back to the button
        assert focused(page) == "菜单"
        assert not page.get_by_role("link", name="指标看板").is_visible()

    with signed_in(browser, live_server, "coordinator", DESKTOP) as page:
        page.goto("/review/")
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")  # the skip link leads past the menu to the page itself
        page.keyboard.press("Tab")
        assert page.evaluate("document.querySelector('main').contains(document.activeElement)")
