"""The Excel item of the main menu appears exactly for those the Excel page lets in, named after what they may
do there (a department that leads no indicator gets 403 on the page, so it gets no menu item either)."""

import re

import pytest
from django.test import Client

from departments import roles
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def menu_item(user) -> tuple[str | None, int]:
    client = Client()
    client.force_login(user)
    nav = re.search(r'<nav class="mainnav".*?</nav>', client.get("/plan/").content.decode(), re.S).group(0)
    link = re.search(r'<a href="/imports/"[^>]*>([^<]+)</a>', nav)
    return (link.group(1) if link else None), client.get("/imports/").status_code


@pytest.mark.parametrize(
    "persona, expected",
    [
        ("reporter_swj", ("Excel 导入", 200)),
        ("coordinator", ("Excel 导入", 200)),
        ("importer", ("Excel 导入", 200)),
        ("leader", ("Excel 导出", 200)),
    ],
)
def test_menu_names_what_the_page_allows(persona, expected, request):
    assert menu_item(request.getfixturevalue(persona)) == expected


def test_a_unit_leading_no_indicator_has_no_excel_item(plan):
    township = make_user("huashi", roles.REPORTER, "hsz")
    assert menu_item(township) == (None, 403)
