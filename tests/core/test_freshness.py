"""core.freshness: one data version a request, and the small answers kept per process until something is
written — through the paths users take (pages, the admin's group changes, the import)."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import freshness
from departments import roles
from indicators.models import Target
from plans.models import Plan
from plans.selectors import plan_list
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def _version_reads(queries) -> int:
    return sum("core_datachange" in q["sql"] and q["sql"].startswith("SELECT") for q in queries)


def test_a_page_reads_the_version_once_and_its_menu_from_memory_the_second_time(coordinator):
    client = Client()
    client.force_login(coordinator)
    client.get(reverse("dashboard"))
    with CaptureQueriesContext(connection) as second:
        assert client.get(reverse("dashboard")).status_code == 200
    assert _version_reads(second.captured_queries) == 1
    sql = " ".join(q["sql"] for q in second.captured_queries)
    for kept in ("plans_plan", "auth_group", "\"status\" = 'submitted'"):
        assert kept not in sql, kept


def test_a_write_is_seen_at_once_by_the_next_read_and_the_memo_follows(plan):
    before, codes = freshness.version(), {p.code for p in plan_list()}
    assert "next" not in codes
    Plan.objects.create(
        code="next", name="下一规划", short_name="下一", baseline_year=2025, target_years=[2030]
    )
    assert freshness.version() > before
    assert {p.code for p in plan_list()} == codes | {"next"}


def test_a_memo_is_computed_once_while_nothing_is_written(plan):
    calls = []
    for _ in range(3):
        freshness.memo("test", lambda: calls.append(1) or len(calls))
    assert calls == [1]
    Target.objects.filter(indicator__number=4, year=2024).first().save()
    assert freshness.memo("test", lambda: calls.append(1) or len(calls)) == 2


def test_a_role_given_in_the_admin_counts_on_the_next_page(plan):
    user = make_user("frank", None, "gxj")
    client = Client()
    client.force_login(user)
    assert client.get(reverse("review_queue")).status_code == 403
    user.groups.add(Group.objects.get(name=roles.COORDINATOR))
    assert client.get(reverse("review_queue")).status_code == 200
    user.groups.clear()
    assert client.get(reverse("review_queue")).status_code == 403
    user.groups.add(Group.objects.get(name=roles.COORDINATOR))
    assert client.get(reverse("review_queue")).status_code == 200
    Group.objects.get(name=roles.COORDINATOR).delete()  # the membership goes with the group
    assert client.get(reverse("review_queue")).status_code == 403


def test_a_write_within_a_request_is_seen_by_the_rest_of_that_request(coordinator, plan):
    """The version is kept for the request, but a write of the request itself moves it on."""
    freshness._request_begins()
    try:
        first = freshness.version()
        Plan.objects.create(
            code="late", name="后来", short_name="后", baseline_year=2025, target_years=[2030]
        )
        assert freshness.version() > first
        assert "late" in {p.code for p in plan_list()}
    finally:
        freshness._request_ends()
