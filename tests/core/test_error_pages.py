"""The application's own pages where Django would show its own (core/error_pages.py): the admin refuses accounts
without staff rights with the app's 403 page and sends visitors who are signed out to the app's login page; the
admin speaks Chinese in the app's colours; an unknown address shows the Chinese 404 page, also under DEBUG."""

import re

import pytest
from django.http import HttpResponseServerError
from django.test import Client, RequestFactory

from core.error_pages import DebugNotFoundMiddleware
from departments import roles
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("url", ["/admin/", "/admin/indicators/indicator/", "/admin/login/"])
def test_admin_refuses_a_role_without_staff_rights_with_the_apps_page(plan, url):
    response = signed_in(make_user("alice", roles.REPORTER, "swj")).get(url)
    html = response.content.decode()
    assert response.status_code == 403
    assert "系统管理仅限系统管理员使用" in html
    assert '<nav class="mainnav"' in html  # the application's layout, not the admin's login form
    assert 'name="password"' not in html


@pytest.mark.parametrize("url", ["/admin/", "/admin/indicators/indicator/"])
def test_admin_sends_a_signed_out_visitor_to_the_apps_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


def test_admin_speaks_chinese_in_the_apps_colours(plan):
    root = make_user("root", None, is_staff=True, is_superuser=True)
    html = signed_in(root).get("/admin/").content.decode()
    assert "江阴制造强市建设指标跟踪 · 系统管理" in html
    assert "/static/css/admin.css" in html
    # django-axes (login throttling) under Chinese names, and the index table's hidden headers
    for text in ("登录安全", "登录尝试", "登录失败记录", "登录日志", "数据类型", "新增链接"):
        assert text in html, text
    visible = re.sub(r"<script.*?</script>|<[^>]+>", " ", html, flags=re.S)
    for english in ("Axes", "Access attempts", "Access logs", "Model name", "Add link", "Django"):
        assert english not in visible, english


def test_axes_records_and_columns_in_chinese(plan, settings):
    settings.AXES_ENABLED = True
    Client().post("/accounts/login/", {"username": "nobody", "password": "wrong"})
    root = make_user("root", None, is_staff=True, is_superuser=True)
    html = signed_in(root).get("/admin/axes/accessattempt/").content.decode()
    for text in ("尝试时间", "访问路径", "IP 地址", "nobody 的登录尝试"):
        assert text in html, text
    assert "Attempted Access" not in html and "Attempt Time" not in html


@pytest.mark.parametrize("debug", [False, True])
def test_unknown_address_shows_the_chinese_404(plan, settings, debug):
    settings.DEBUG = debug
    response = signed_in(make_user("diana", roles.LEADER)).get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "<h1>页面不存在</h1>" in html and "您要找的页面不存在" in html
    assert "Resolver404" not in html and "URLconf" not in html and "Page not found" not in html


def test_a_views_own_404_message_is_kept_under_debug(plan, settings):
    settings.DEBUG = True
    response = signed_in(make_user("diana", roles.LEADER)).get("/indicators/99/")
    assert response.status_code == 404
    assert "没有这个序号的指标" in response.content.decode()


def test_errors_keep_the_debug_page(settings):
    settings.DEBUG = True
    error = HttpResponseServerError("Traceback …")
    assert DebugNotFoundMiddleware(lambda request: error)(RequestFactory().get("/")) is error
