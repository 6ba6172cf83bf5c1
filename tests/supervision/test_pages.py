"""The 督办 list and 我的待办 cost the same number of queries however many notices and red items there are."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from supervision import selectors, services

pytestmark = pytest.mark.django_db
TODAY = date(2025, 3, 3)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


def issue(coordinator, items):
    for item in items:
        services.notice_issue(
            user=coordinator,
            item=item,
            facts="逾期未报。",
            requirement="请报送。",
            reply_by=TODAY + timedelta(days=3),
            today=TODAY,
        )


@pytest.mark.parametrize("who", ["coordinator", "reporter_swj", "leader"])
def test_query_counts_do_not_grow_with_notices(who, request, coordinator, django_assert_max_num_queries):
    client = Client()
    client.force_login(request.getfixturevalue(who))
    swj_items = [i for i in selectors.red_items(today=TODAY) if i.department.code == "swj"]
    issue(coordinator, swj_items[:1])
    pages = ["/supervision/", "/"]
    counts = {}
    for page in pages:
        with CaptureQueriesContext(connection) as first:
            assert client.get(page).status_code == 200
        counts[page] = len(first.captured_queries)
    issue(coordinator, swj_items[1:6])
    for page in pages:
        with django_assert_max_num_queries(counts[page]):
            assert client.get(page).status_code == 200
    assert counts["/supervision/"] <= 40
