"""The 领导驾驶舱 over HTTP: leaders and the coordinator only; the counts, laggards, 约束性 indicators and task
progress of the cached standings; the panel that htmx fetches again every few minutes."""

import pytest
from django.test import Client
from django.utils import timezone

from indicators.models import Indicator
from indicators.standings import standings_get
from plans.models import Plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(demo, db):
    """The demo figures (built once for the module), two indicators marked 约束性."""
    Indicator.objects.filter(plan__code="mfg2023", number__in=[1, 7]).update(attribute="binding")


@pytest.mark.parametrize("persona", ["leader", "coordinator"])
def test_leaders_and_coordinator_see_the_screen(persona, request, data):
    client = Client()
    client.force_login(request.getfixturevalue(persona))
    response = client.get("/screen/?plan=mfg2023&year=2024")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'hx-get="/screen/panel/?plan=mfg2023&amp;year=2024"' in html and 'hx-trigger="every 180s"' in html
    assert "css/screen.css" in html and "vendor/htmx/htmx.min.js" in html
    for heading in ("达标", "未达标", "待评估", "滞后指标", "约束性指标", "重点任务推进"):
        assert heading in html, heading
    # The binding indicators are listed by name; the laggards are the 未达标 / 力争未达 rows.
    binding = html.split('id="binding-title"')[1].split("</section>")[0]
    assert "规上制造业全员劳动生产率" in binding and "规上工业企业研发投入强度" in binding


def test_counts_add_up_the_dashboard_standings(leader, data):
    client = Client()
    client.force_login(leader)
    html = client.get("/screen/panel/?plan=mfg2023&year=2024").content.decode()
    counts = standings_get(
        plan=Plan.objects.get(code="mfg2023"), year=2024, period="year", today=timezone.localdate()
    ).counts
    met = counts["已达标"] + counts["基本达标"]
    missed = counts["未达标"] + counts["力争未达"]
    assert f'<span class="n">{met}</span><span class="label">达标</span>' in html
    assert f'<span class="n">{missed}</span><span class="label">未达标</span>' in html
    assert f'滞后指标 <span class="sub">{missed} 项' in html
    assert "<html" not in html  # a fragment, swapped into the page


@pytest.mark.parametrize("persona", ["reporter_swj", "importer"])
def test_other_roles_are_refused(persona, request, data):
    client = Client()
    client.force_login(request.getfixturevalue(persona))
    assert client.get("/screen/").status_code == 403
    assert client.get("/screen/panel/").status_code == 403


def test_anonymous_goes_to_login(data):
    response = Client().get("/screen/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_bad_parameters_never_500(leader, data):
    client = Client()
    client.force_login(leader)
    for query in ("?plan=nope", "?year=abcd", "?period=zz", "?year=1999", "?plan=mfg2023&year=２０２４"):
        assert client.get("/screen/" + query).status_code in (200, 400, 404), query


def test_panel_queries_are_bounded(leader, data, django_assert_max_num_queries):
    client = Client()
    client.force_login(leader)
    client.get("/screen/panel/?plan=mfg2023&year=2024")
    with django_assert_max_num_queries(12):
        assert client.get("/screen/panel/?plan=mfg2023&year=2024").status_code == 200
