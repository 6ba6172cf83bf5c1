"""The dashboard reuses its computed standings until the data changes: every write path must show at once,
and a repeated view must not recompute. Each test builds the dashboard before the write and never clears
the cache itself (the autouse fixture clears it only between tests)."""

import io
import re
import shutil
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from departments.models import Department, User
from imports import services as imports
from indicators import dashboard as board
from indicators import services, standings
from indicators.demo import AWAITING_REVIEW, MISSING
from indicators.models import Figure, Indicator, IndicatorDepartment, Target
from plans.yaml_reader import DEFAULT_DIR
from tests.conftest import seed_plan
from tests.imports.conftest import MISS_COLUMNS, MISS_FILLED

pytestmark = [pytest.mark.usefixtures("plan"), pytest.mark.django_db]
TODAY = date(2026, 11, 25)


@pytest.fixture
def coordinator(demo):
    return User.objects.get(username="coordinator")


def snapshot(year=2024):
    """What the coordinator sees, through the cached path."""
    built = board.dashboard_build(plan=seed_plan(), year=year, period="year", today=TODAY)
    progress = [(p.department.code, p.submitted, p.approved, p.overdue) for p in built.progress]
    return built.counts, progress, built.summary, [(r.indicator.number, r.standing) for r in built.rows]


def fresh(year=2024):
    """The same, computed from the database with no cache involved."""
    built = standings.standings_build(plan=seed_plan(), year=year, period="year", today=TODAY)
    progress = [(p.department.code, p.submitted, p.approved, p.overdue) for p in built.progress]
    rows = sorted((r.indicator.number, r.standing) for r in built.rows)
    return built.counts, progress, built.summary, rows


def assert_shows_the_change(before, year=2024):
    after = snapshot(year)
    assert after != before, "the write did not reach the dashboard"
    counts, progress, summary, rows = after
    assert (counts, progress, summary, sorted(rows)) == fresh(year)
    return after


def test_submitting_a_missing_figure(coordinator):
    before = snapshot()
    number = min(MISSING)
    indicator = Indicator.objects.get(number=number)
    reporter = User.objects.filter(department=indicator.lead, groups__name="填报员").first()
    services.figure_save(
        user=reporter,
        indicator=indicator,
        year=2024,
        data=services.FigureInput(
            value=Decimal("1"),
            explanation="补报",
            miss_cause="progress",
            remedy="加快入库",
            catch_up_year=2025,
            catch_up_period="year",
        ),
        version=0,
        submit=True,
    )
    counts = assert_shows_the_change(before)[0]
    assert counts["未报送"] == before[0]["未报送"] - 1 and counts["待审核"] == before[0]["待审核"] + 1


@pytest.mark.parametrize("action", ["approve", "return"])
def test_reviewing(coordinator, action):
    before = snapshot()
    figure = Figure.objects.get(indicator__number=min(AWAITING_REVIEW), year=2024, period="year")
    if action == "approve":
        services.figure_approve(user=coordinator, figure_id=figure.pk)
    else:
        services.figure_return(user=coordinator, figure_id=figure.pk, reason="请核实口径")
    counts = assert_shows_the_change(before)[0]
    assert counts["待审核"] == before[0]["待审核"] - 1


def test_adjusting_a_target(coordinator):
    before = snapshot()
    row = next(
        r
        for r in standings.standings_build(plan=seed_plan(), year=2024, period="year", today=TODAY).rows
        if r.standing == "未达标"
    )
    target = Target.objects.get(indicator=row.indicator, year=2024)
    services.target_adjust(
        user=coordinator, target_id=target.pk, value=row.row.figure.value, reason="年中调整"
    )
    counts = assert_shows_the_change(before)[0]
    assert counts["未达标"] == before[0]["未达标"] - 1


def test_moving_a_deadline(coordinator):
    before = snapshot()  # the demo's 2024 deadline has passed: the missing figures are overdue
    assert sum(overdue for *_, overdue in before[1]) == len(MISSING)
    services.deadline_set(user=coordinator, year=2024, period="year", due_date=date(2027, 3, 31))
    progress = assert_shows_the_change(before)[1]
    assert sum(overdue for *_, overdue in progress) == 0


def test_importing_figures(coordinator):
    before = snapshot()
    book = Workbook()
    book.active.append(["序号", "年度", "期间", "完成值", "说明", *MISS_COLUMNS])
    for number in sorted(MISSING):
        book.active.append(
            [number, 2024, "全年", 1, "补报", *MISS_FILLED]
        )  # a miss: explained as on the form
    data = io.BytesIO()
    book.save(data)
    batch = imports.import_preview(user=coordinator, file_name="补报.xlsx", data=data.getvalue())
    assert imports.import_confirm(user=coordinator, batch_id=batch.pk).status == "imported"
    counts = assert_shows_the_change(before)[0]
    assert counts["未报送"] == before[0]["未报送"] - len(MISSING)


def test_changing_the_lead_department(coordinator):
    before = snapshot()
    indicator = Indicator.objects.get(number=1)
    IndicatorDepartment.objects.filter(indicator=indicator).delete()  # as load_plan replaces links
    IndicatorDepartment.objects.create(
        indicator=indicator, department=Department.objects.get(code="kjj"), order=0
    )
    built = board.dashboard_build(plan=seed_plan(), year=2024, period="year", today=TODAY, department="kjj")
    assert 1 in [r.indicator.number for r in built.rows]
    assert_shows_the_change(before)


def test_renaming_a_department_in_the_admin_shows_at_once(coordinator):
    """A rename leaves no history row: before the data version it took up to a minute to show."""
    before = snapshot()
    lead = Indicator.objects.get(number=sorted(MISSING)[0]).lead
    admin = Client()
    admin.force_login(User.objects.get(username="admin"))
    form = {
        "code": lead.code,
        "name": "改名后的单位",
        "short_name": lead.short_name,
        "kind": lead.kind,
        "parent": "",
        "sort_order": lead.sort_order,
        "members-TOTAL_FORMS": "0",
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "1000",
    }
    assert admin.post(f"/admin/departments/department/{lead.pk}/change/", form).status_code == 302
    summary = assert_shows_the_change(before)[2]
    assert "改名后的单位" in summary


def test_reloading_the_plan_shows_at_once(coordinator, tmp_path):
    """load_plan rewrites an indicator's department links in bulk (no signal): it records the change itself."""
    before = snapshot()
    fixtures = tmp_path / "plan"
    shutil.copytree(DEFAULT_DIR, fixtures)
    indicators = fixtures / "indicators.yaml"
    text = indicators.read_text(encoding="utf-8")
    first = text.index("departments: [工信局]")  # indicator 1, led by 工信局
    indicators.write_text(text[:first] + "departments: [科技局]" + text[first + 19 :], encoding="utf-8")
    call_command("load_plan", "--dir", str(fixtures), stdout=io.StringIO())
    assert assert_shows_the_change(before)
    built = board.dashboard_build(plan=seed_plan(), year=2024, period="year", today=TODAY, department="kjj")
    assert 1 in [r.indicator.number for r in built.rows]


def test_a_second_view_reads_only_the_version(coordinator):
    client = Client()
    client.force_login(coordinator)
    client.get("/dashboard/?year=2024")
    with CaptureQueriesContext(connection) as warm:
        assert client.get("/dashboard/?year=2024&department=gxj").status_code == 200
    # The session, the user with their department, and the data version: the standings, the plans, the roles
    # and the menu's count of what waits for review are kept while it stands.
    queries = [q["sql"] for q in warm.captured_queries]
    assert not [q for q in queries if "indicators_" in q or "tasks_" in q or "auth_group" in q]
    version = [q for q in queries if "core_dataversion" in q]
    assert len(version) == 1 and version[0].startswith("SELECT"), version
    assert len(queries) == 3, queries


def test_the_page_shows_a_review_at_once(coordinator):
    """The rendered page is reused too: approving a figure must change what the next view shows."""
    client = Client()
    client.force_login(coordinator)
    url = "/dashboard/?year=2024&standing=待审核"
    before = client.get(url).content.decode()
    awaiting = sorted(AWAITING_REVIEW)
    assert all(f"/indicators/{n}/" in before for n in awaiting)
    figure = Figure.objects.get(indicator__number=awaiting[0], year=2024, period="year")
    services.figure_approve(user=coordinator, figure_id=figure.pk)
    after = client.get(url).content.decode()
    assert f"/indicators/{awaiting[0]}/" not in after
    assert all(f"/indicators/{n}/" in after for n in awaiting[1:])
    masked = re.compile(r"\b[A-Za-z0-9]{64}\b")  # CSRF tokens get a fresh mask on every response
    again = client.get(url).content.decode()
    assert masked.sub("", again) == masked.sub("", after)  # and the next view reuses it


def test_the_reused_page_holds_nothing_of_one_user(coordinator):
    """The cached part is shared by every user: no CSRF token, name or form of whoever rendered it first."""
    leader = User.objects.get(username="leader")
    pages = []
    for user in (coordinator, leader):
        client = Client()
        client.force_login(user)
        html = client.get("/dashboard/?year=2024").content.decode()
        pages.append(html[html.index('<div class="page-head">') : html.index("</main>")])
    assert pages[0] == pages[1]
    assert "csrfmiddlewaretoken" not in pages[0] and 'method="post"' not in pages[0]
    assert "coordinator" not in pages[0] and "市领导" not in pages[0]
