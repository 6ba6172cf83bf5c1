"""Publishing and withdrawing with the plan page's buttons (POST with the CSRF token): the coordinator only;
who and when are recorded; the login stays required for everything but /public/."""

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver

from public.models import Publication
from tests.public.conftest import PLAN, csrf_post
from tests.security.conftest import routes

pytestmark = pytest.mark.django_db

PLAN_PAGE = "/plan/?plan=mfg2023"


def test_coordinator_publishes_and_withdraws_with_the_buttons(coordinator, api_data):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    page = client.get(PLAN_PAGE).content.decode()
    assert "公开2024年" in page and "尚未公开任何年度" in page
    response = csrf_post(client, PLAN_PAGE, "/publications/mfg2023/publish/", {"year": "2024"})
    assert response.status_code == 302 and response["Location"].endswith("#public")
    record = Publication.objects.get(plan__code="mfg2023", year=2024)
    assert record.published_by == coordinator and record.in_force
    page = client.get(PLAN_PAGE).content.decode()
    assert "已公开 制造强市建设 2024 年" in page and "撤回2024年" in page and "charlie" in page
    assert Client().get(PLAN).status_code == 200
    # Twice: refused with a message, nothing added.
    csrf_post(client, PLAN_PAGE, "/publications/mfg2023/publish/", {"year": "2024"})
    assert "2024 年已经公开" in client.get(PLAN_PAGE).content.decode()
    assert Publication.objects.count() == 1
    csrf_post(client, PLAN_PAGE, "/publications/mfg2023/withdraw/", {"year": "2024"})
    record.refresh_from_db()
    assert record.withdrawn_by == coordinator and record.withdrawn_at is not None
    assert Client().get(PLAN).status_code == 404
    page = client.get(PLAN_PAGE).content.decode()
    assert "撤回" in page and "公开记录" in page


def test_without_csrf_token_the_post_is_refused(coordinator, api_data):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    assert client.post("/publications/mfg2023/publish/", {"year": "2024"}).status_code == 403
    assert not Publication.objects.exists()


@pytest.mark.parametrize("persona", ["reporter_swj", "leader", "importer"])
def test_only_the_coordinator_publishes(persona, request, api_data):
    client = Client()
    client.force_login(request.getfixturevalue(persona))
    assert client.post("/publications/mfg2023/publish/", {"year": "2024"}).status_code == 403
    assert "公开2024年" not in client.get(PLAN_PAGE).content.decode()
    assert not Publication.objects.exists()


def test_anonymous_cannot_publish(api_data):
    response = Client().post("/publications/mfg2023/publish/", {"year": "2024"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not Publication.objects.exists()


@pytest.mark.parametrize("year", ["", "abcd", "2031", "２０２４"])
def test_bad_year_is_a_message(year, client, coordinator, api_data):
    client.force_login(coordinator)
    response = client.post("/publications/mfg2023/publish/", {"year": year}, follow=True)
    assert response.status_code == 200
    assert (
        "请选择要公开或撤回的年度" in response.content.decode() or "没有 2031 年" in response.content.decode()
    )
    assert not Publication.objects.exists()


def open_views(patterns, prefix=""):
    """(route, name) of every view in the URLconf that LoginRequiredMiddleware lets through without login."""
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from open_views(pattern.url_patterns, route)
        elif not getattr(pattern.callback, "login_required", True):
            yield route, pattern.name


def test_login_is_exempted_only_for_login_the_api_and_public():
    """The views marked @login_not_required are the login page, the API (which answers 401 itself) and the
    政务公开 pages under /public/ — nothing else; and every page under /public/ is one of them."""
    found = set(open_views(get_resolver().url_patterns))
    others = {
        (route, name)
        for route, name in found
        if not route.startswith(("public/", "api/v1/", "admin/")) and name != "login"
    }
    assert not others, others
    public = {r.route for r in routes() if r.route.startswith("public/")}
    assert public and public <= {route for route, _ in found}
    assert not any(route.startswith("publications/") for route, _ in found)
