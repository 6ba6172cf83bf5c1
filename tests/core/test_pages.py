import re

import pytest
from django.conf import settings
from django.urls import reverse

from tests.conftest import PASSWORD, make_user

PAGES = ["/", "/plan/", "/indicators/1/", "/tasks/4.3/"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", [*PAGES, "/indicators/99/", "/tasks/9.9/"])
def test_anonymous_is_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.django_db
def test_admin_requires_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/"


@pytest.mark.django_db
def test_login_page_is_chinese(client):
    response = client.get("/accounts/login/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-Hans">' in html
    assert "用户名" in html and "密码" in html and "登录" in html
    assert "csrfmiddlewaretoken" in html


def test_settings_are_chinese_and_in_shanghai():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"


@pytest.mark.django_db
def test_wrong_password_gives_chinese_error(client, coordinator):
    response = client.post("/accounts/login/", {"username": coordinator.username, "password": "nope"})
    assert response.status_code == 200
    assert "请输入一个正确的用户名和密码。注意，两者都区分大小写。" in response.content.decode()


@pytest.mark.django_db
def test_login_lands_on_the_dashboard_and_the_plan_lists_everything(client, coordinator):
    response = client.post(
        "/accounts/login/", {"username": coordinator.username, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "主要指标完成情况" in response.content.decode()
    html = client.get("/plan/").content.decode()
    assert "制造强市建设主要指标" in html
    assert len(re.findall(r'href="/indicators/\d+/\?plan=mfg2023"', html)) == 18
    assert len(re.findall(r'href="/tasks/\d\.\d/"', html)) == 21


@pytest.mark.django_db
def test_plan_page_shows_the_appendix_as_written(client, leader, django_assert_max_num_queries):
    client.force_login(leader)
    client.get("/plan/")  # the plan list and the roles are then kept until something is written
    # the chapters' goals are rows of their own; the 政务公开 panel reads the plan's publications
    with django_assert_max_num_queries(12):
        response = client.get("/plan/")
    html = response.content.decode()
    # Merged cells of the appendix: 5 and 15 over three years, 9's 力争1家 over 2024–2025.
    assert '<td class="num merged" colspan="3">年均增速高于规上工业增速</td>' in html
    assert '<td class="num merged" colspan="3">全市领先</td>' in html
    assert '<td class="num merged" colspan="2">力争1家</td>' in html
    assert "34.8左右" in html and "34.4左右" in html and "76左右" in html
    assert "规上制造业全员劳动生产率（万元/人）</a>△" in html
    assert '<span class="dept lead" title="人民银行江阴支行">人民银行</span>' in html
    assert "中国铁塔江阴办事处" in html
    assert 'rowspan="4" class="category">企业实力' in html


@pytest.mark.django_db
def test_indicator_page(client, reporter_swj, django_assert_max_num_queries):
    client.force_login(reporter_swj)
    client.get("/")  # where a reporter lands: it leaves the menu's 待办 count cached for the other pages
    with django_assert_max_num_queries(16):  # one of them: which plan the page is about, one the menu's count
        response = client.get("/indicators/9/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "国家产业、技术、制造业创新中心数（家）" in html
    assert html.count("力争1家") >= 2
    assert '<span class="dept lead">市发改委</span>' in html


@pytest.mark.django_db
def test_task_page(client, reporter_swj):
    client.force_login(reporter_swj)
    html = client.get("/tasks/4.3/").content.decode()
    assert "夯实信息基础设施" in html
    assert "累计建成省级及以上5G全连接工厂4家" in html
    assert html.index("市工信局") < html.index("无锡通管办江阴办事处") < html.index("中国铁塔江阴办事处")


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/indicators/99/", "/tasks/9.9/"])
def test_unknown_objects_are_404(client, leader, url):
    client.force_login(leader)
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_logout_needs_post_with_csrf(coordinator):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/").status_code == 403  # no CSRF token
    assert client.get("/plan/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/tasks/", "/tasks/4.1/", "/tasks/4.1/report/2025/year/"])
def test_task_pages_highlight_their_tab(client, plan, url):
    client.force_login(make_user("hs", "填报员", "hsz"))
    assert 'aria-current="page">任务推进</a>' in client.get(url).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "url", "current"),
    [
        ("领导", "/", "总览"),  # a leader's home is the plan's overview, the dashboard one tab away
        ("领导", "/dashboard/", "指标看板"),
        ("协调员", "/dashboard/?year=2024", "指标看板"),
        ("填报员", "/", "我的待办"),  # a reporter's home is 我的待办, the dashboard one tab away
        ("填报员", "/dashboard/", "指标看板"),
    ],
)
def test_every_role_reaches_the_dashboard_from_the_menu(client, plan, role, url, current):
    client.force_login(make_user("u", role, "swj"))
    html = client.get(url).content.decode()
    assert '<a href="/dashboard/"' in html
    # The link may carry a count after its name (我的待办 5).
    assert html.count('aria-current="page"') == 1 and f'aria-current="page">{current}' in html
