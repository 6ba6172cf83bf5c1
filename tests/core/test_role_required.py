"""A signed-in account without any of the four roles sees nothing but a 403 page with a logout button
(departments.middleware.RoleRequiredMiddleware); the URL-wide matrix in tests/security covers every page."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from departments import roles
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db

MESSAGE = "您的账号尚未分配角色，请联系系统管理员。"
PAGES = [
    "/",
    "/plan/",
    "/indicators/4/",
    "/departments/swj/",
    "/tasks/",
    "/tasks/4.3/",
    "/dashboard/",
    "/reports/appendix.xlsx?year=2024",
]


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("url", PAGES)
def test_an_account_without_a_role_is_refused_every_page(outsider, url):
    response = client_for(outsider).get(url)
    assert response.status_code == 403
    html = response.content.decode()
    assert MESSAGE in html
    assert '<form method="post" action="/accounts/logout/">' in html and "退出登录" in html
    assert "返回首页" not in html  # the home page would refuse them too
    assert 'href="/plan/"' not in html and 'href="/tasks/"' not in html  # nor links that lead back here


def test_a_post_is_refused_before_the_view_runs(outsider):
    response = client_for(outsider).post("/entry/2024/4/", {"value": "1", "version": 0, "save": "1"})
    assert response.status_code == 403 and MESSAGE in response.content.decode()


def test_the_refusal_is_in_the_security_log(outsider, caplog):
    caplog.set_level("INFO", logger="jiangyin.security")
    client_for(outsider).get("/plan/")
    lines = [r.getMessage() for r in caplog.records if r.name == "jiangyin.security"]
    assert lines[-1] == (f"拒绝访问 user=mallory ip=127.0.0.1 method=GET path=/plan/ reason={MESSAGE}")


def test_signing_in_lands_on_the_refusal_and_logging_out_works(outsider):
    client = Client()
    response = client.post("/accounts/login/", {"username": "mallory", "password": PASSWORD}, follow=True)
    assert response.redirect_chain == [("/", 302)]
    assert response.status_code == 403 and MESSAGE in response.content.decode()
    # The login page stays open (it sends a signed-in user home) and so does logout.
    assert client.get("/accounts/login/").status_code == 302
    response = client.post("/accounts/logout/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert client.get("/")["Location"].startswith("/accounts/login/")


def test_a_role_given_later_opens_the_pages(outsider):
    client = client_for(outsider)
    assert client.get("/plan/").status_code == 403
    outsider.groups.add(Group.objects.get(name=roles.LEADER))
    assert client.get("/plan/").status_code == 200


@pytest.mark.parametrize("role", roles.ROLES)
def test_any_one_role_is_enough(plan, role):
    assert client_for(make_user("someone", role)).get("/plan/").status_code == 200


def test_a_superuser_without_a_role_reads_everything_and_has_the_admin(plan, admin_user):
    client = client_for(admin_user)
    assert not admin_user.groups.exists()
    for url in PAGES:
        assert client.get(url).status_code == 200, url
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/indicators/figure/").status_code == 200


def test_staff_without_a_role_keep_the_admin_only(plan):
    client = client_for(make_user("helpdesk", None, is_staff=True))
    assert client.get("/admin/").status_code == 200  # the admin's own permissions decide what is in it
    assert client.get("/admin/indicators/indicator/").status_code == 403  # no view permission
    response = client.get("/plan/")
    assert response.status_code == 403 and MESSAGE in response.content.decode()


def test_the_admin_is_refused_to_an_account_without_a_role_or_staff_status(outsider):
    response = client_for(outsider).get("/admin/")
    assert response.status_code == 403 and MESSAGE in response.content.decode()
