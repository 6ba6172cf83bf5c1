"""Units are data the coordinator manages: a township added to 各镇街园区 in the admin gets task slots (through its
collective) and a reporter account named by its code, like the seed's four."""

import pytest
from django.contrib.auth import authenticate
from django.test import Client
from django.urls import reverse

from departments import roles
from departments.models import Department, User
from departments.services import reporter_account_create
from tasks.models import Task
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

NEW_TOWN = {
    "code": "qyz",
    "name": "青阳镇",
    "short_name": "青阳镇",
    "kind": "镇街园区",
    "parent": "",
    "sort_order": "99",
    "members-TOTAL_FORMS": "0",
    "members-INITIAL_FORMS": "0",
    "members-MIN_NUM_FORMS": "0",
    "members-MAX_NUM_FORMS": "1000",
}


@pytest.fixture
def coordinator(plan):
    roles.roles_sync()
    return make_user("coord", roles.COORDINATOR, "gxj", is_staff=True)


def test_coordinator_adds_a_township_and_its_reporter(coordinator):
    admin = Client()
    admin.force_login(coordinator)
    collective = Department.objects.get(name="各镇街园区")
    response = admin.post(reverse("admin:departments_department_add"), {**NEW_TOWN, "parent": collective.pk})
    assert response.status_code == 302, response.content.decode()[:2000]
    town = Department.objects.get(code="qyz")
    assert town.parent == collective

    response = admin.post(
        reverse("admin:departments_department_changelist"),
        {"action": "create_reporters", "_selected_action": [town.pk]},
        follow=True,
    )
    text = response.content.decode()
    password = text.split("初始密码 ")[1].split("（")[0]
    user = authenticate(username="qyz", password=password)
    assert user is not None and user.department == town and roles.is_reporter(user)

    # A second run changes nothing and shows no password.
    response = admin.post(
        reverse("admin:departments_department_changelist"),
        {"action": "create_reporters", "_selected_action": [town.pk]},
        follow=True,
    )
    assert "账号 qyz 已存在，未作改动" in response.content.decode()
    assert User.objects.filter(username="qyz").count() == 1

    # The township reports on every task that names 各镇街园区, like 华士镇 does.
    reporter = Client()
    reporter.force_login(user)
    task = Task.objects.filter(unit_links__department=collective).order_by("chapter__number", "seq").first()
    page = reporter.get(f"/tasks/{task.number}/report/2025/year/")
    assert page.status_code == 200
    saved = reporter.post(
        f"/tasks/{task.number}/report/2025/year/",
        {"progress": "青阳镇推进情况", "problems": "", "next_steps": "", "version": "0", "action": "save"},
    )
    assert saved.status_code == 302
    assert task.reports.get(department=town).progress == "青阳镇推进情况"


def test_others_cannot_add_units_or_create_accounts(plan):
    roles.roles_sync()
    leader = make_user("lead", roles.LEADER, is_staff=True)
    client = Client()
    client.force_login(leader)
    assert client.post(reverse("admin:departments_department_add"), NEW_TOWN).status_code in (302, 403)
    assert not Department.objects.filter(code="qyz").exists()


def test_a_reporter_changes_the_initial_password(coordinator):
    town = Department.objects.create(code="qyz", name="青阳镇", short_name="青阳镇", kind="镇街园区")
    user, password = reporter_account_create(department=town)
    client = Client()
    assert client.login(username="qyz", password=password)
    wrong = client.post(
        "/accounts/password/", {"old_password": "x", "new_password1": "a", "new_password2": "a"}
    )
    assert "原密码" in wrong.content.decode() and wrong.status_code == 200
    done = client.post(
        "/accounts/password/",
        {"old_password": password, "new_password1": "Qingyang-2026!", "new_password2": "Qingyang-2026!"},
    )
    assert done.status_code == 302 and done["Location"] == "/accounts/password/done/"
    assert authenticate(username="qyz", password="Qingyang-2026!") is not None
