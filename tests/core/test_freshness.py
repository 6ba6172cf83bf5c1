"""core.freshness: one data version a request, and the small answers kept per process until something is
written — through the paths users take (pages, the admin's group changes, the import)."""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection, connections, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import freshness
from core.models import DataChange
from departments import roles
from indicators.models import Figure, Indicator, Target
from indicators.standings import standings_get
from plans.models import Plan
from plans.selectors import plan_list
from tasks.worklist import todo_count
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def _version_reads(queries) -> int:
    return sum("core_dataversion" in q["sql"] and q["sql"].startswith("SELECT") for q in queries)


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


class _Undone(Exception):
    pass


def _new_plan(code: str) -> Plan:
    return Plan.objects.create(code=code, name=code, short_name=code, baseline_year=2025, target_years=[2030])


def test_a_transaction_counts_once_and_again_only_after_it_read_the_count():
    """Write, read, write, read inside one transaction: each read sees the writes before it."""
    with transaction.atomic():
        before = freshness.version()
        _new_plan("one")
        first = freshness.version()
        assert first == before + 1 and "one" in {p.code for p in plan_list()}
        _new_plan("two")
        _new_plan("three")  # nobody read the count since "two": it is not counted again
        assert freshness.version() == first + 1
        assert {"one", "two", "three"} <= {p.code for p in plan_list()}


def test_deleting_many_rows_adds_one_change_row_and_counts_once():
    Plan.objects.bulk_create(
        Plan(code=f"bulk{i}", name=f"批量{i}", short_name=f"批{i}", baseline_year=2025, target_years=[2030])
        for i in range(2000)
    )
    before, rows = freshness.version(), DataChange.objects.count()
    with CaptureQueriesContext(connection) as deleting:
        assert Plan.objects.filter(code__startswith="bulk").delete()[0] == 2000
    assert DataChange.objects.count() - rows <= 1
    assert freshness.version() == before + 1
    counting = [q for q in deleting.captured_queries if "core_data" in q["sql"]]
    assert len(counting) <= 2, counting  # the count and its one log row, not one a deleted row


def test_a_memo_computed_in_a_rolled_back_transaction_is_not_served_afterwards():
    before = {p.code for p in plan_list()}
    with pytest.raises(_Undone), transaction.atomic():
        _new_plan("gone")
        inside = freshness.version()
        assert "gone" in {p.code for p in plan_list()}  # kept under the version this transaction counted
        raise _Undone
    _new_plan("kept")
    assert freshness.version() == inside  # the rolled-back count comes again ...
    assert {p.code for p in plan_list()} == before | {"kept"}  # ... but not what was kept under it


def test_a_memo_computed_in_a_savepoint_rolled_back_is_not_served_in_the_transaction():
    with transaction.atomic():
        before = {p.code for p in plan_list()}
        with pytest.raises(_Undone), transaction.atomic():
            _new_plan("gone")
            assert "gone" in {p.code for p in plan_list()}
            raise _Undone
        _new_plan("kept")
        assert {p.code for p in plan_list()} == before | {"kept"}


def test_a_write_after_a_savepoint_rolled_back_is_seen_by_the_next_memo():
    """The savepoint's count is undone with it, while the transaction's own count stays: the write after it is
    not counted again, and the memo must still not answer from before it."""
    with transaction.atomic():
        _new_plan("first")
        assert "first" in {p.code for p in plan_list()}  # read: the count was read
        with pytest.raises(_Undone), transaction.atomic():
            _new_plan("gone")
            raise _Undone
        _new_plan("after")
        assert {"first", "after"} <= {p.code for p in plan_list()}
        assert "gone" not in {p.code for p in plan_list()}


def test_standings_built_in_a_rolled_back_transaction_are_not_served_afterwards(plan, coordinator):
    """The standings are kept by version in each process, the 待办 count in the shared cache: what was built
    under a count that was rolled back is not served when the same number is counted again."""
    indicator, today = Indicator.objects.get(number=4), date(2025, 6, 30)

    def figure_value():
        rows = standings_get(plan=indicator.plan, year=2024, period="year", today=today).rows
        figure = next(r.row.figure for r in rows if r.row.indicator.pk == indicator.pk)
        return figure.value if figure else None

    def todo():
        return todo_count(coordinator, today=today)

    before, todo_before = figure_value(), todo()
    with pytest.raises(_Undone), transaction.atomic():
        Figure.objects.create(indicator=indicator, year=2024, value=Decimal("77.7"))
        inside = freshness.version()
        assert figure_value() == Decimal("77.7")
        todo()
        assert cache.get(f"worklist:{coordinator.pk}:{coordinator.department_id}:{today}:{inside}") is None
        raise _Undone
    _new_plan("kept")
    assert freshness.version() == inside  # the rolled-back count comes again ...
    assert figure_value() == before  # ... but not the standings built under it
    assert todo() == todo_before


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite lets one writer at a time in: no interleaving"
)
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_versions_come_in_the_order_of_commits():
    """T1 writes (not committed), T2 writes and wants to commit, a page is read, T1 commits, then T2: the page
    read in between saw neither, and the next one sees both under a newer version (caches keyed by it refresh)."""

    def in_thread(work):
        def run():
            try:
                out.append(work())
            finally:
                connections.close_all()

        out: list = []
        thread = threading.Thread(target=run)
        thread.start()
        return thread, out

    start = freshness.version()
    with transaction.atomic():
        _new_plan("first")
        second, _ = in_thread(lambda: transaction.atomic()(_new_plan)("second"))  # as the services write
        second.join(timeout=1)
        assert second.is_alive()  # T2 waits for T1's count: versions cannot come out of commit order
        reader, seen = in_thread(lambda: (freshness.version(), {p.code for p in plan_list()}))
        reader.join(timeout=10)
        between, codes = seen[0]
        assert between == start and not {"first", "second"} & codes
    second.join(timeout=10)
    assert not second.is_alive()
    assert freshness.version() == between + 2
    assert {"first", "second"} <= {p.code for p in plan_list()}
