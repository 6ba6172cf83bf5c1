import io

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from departments import roles
from departments.models import Department, User


def seed(*args) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_demo_accounts_have_roles_and_departments(plan, settings):
    settings.DEBUG = True
    seed()
    assert User.objects.count() == 4 + 33
    coordinator = User.objects.get(username="coordinator")
    assert list(coordinator.groups.values_list("name", flat=True)) == [roles.COORDINATOR]
    assert coordinator.department.name == "市工信局" and coordinator.is_staff
    assert roles.is_leader(User.objects.get(username="leader"))
    assert roles.is_importer(User.objects.get(username="importer"))
    assert User.objects.get(username="admin").is_superuser
    for department in Department.objects.all():
        reporter = User.objects.get(username=department.code)
        assert reporter.department == department
        assert roles.role_labels(reporter) == [roles.REPORTER]
        assert reporter.email == f"{department.code}@demo.invalid"  # 催报 can reach every demo unit
    assert authenticate(username="swj", password="jiangyin2025") is not None


@pytest.mark.django_db
def test_seed_demo_is_idempotent(plan, settings):
    settings.DEBUG = True
    seed()
    user = User.objects.get(username="gxj")
    password_hash = user.password
    output = seed()
    assert "新建 0 个演示账号，已存在 37 个" in output
    assert User.objects.count() == 37
    user.refresh_from_db()
    assert user.password == password_hash
    assert user.groups.count() == 1


@pytest.mark.django_db
def test_demo_password_from_environment(plan, settings, monkeypatch):
    settings.DEBUG = True
    monkeypatch.setenv("DEMO_PASSWORD", "another-secret-9")
    seed()
    assert authenticate(username="leader", password="another-secret-9") is not None
    assert authenticate(username="leader", password="jiangyin2025") is None


@pytest.mark.django_db
def test_refuses_in_production_unless_forced(plan, settings, monkeypatch):
    settings.DEBUG = False
    monkeypatch.setenv("DEMO_PASSWORD", "Lianghua-Ronghe-2025")  # production needs one (tests/security)
    with pytest.raises(CommandError, match="生产环境（DEBUG 关闭）不创建演示账号"):
        seed()
    assert not User.objects.exists()
    seed("--force")
    assert User.objects.filter(username="coordinator").exists()


def test_needs_the_plan_first(empty_plan, settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="请先运行 python manage.py load_plan"):
        seed()


@pytest.mark.django_db
def test_role_groups_exist_after_migrate():
    from django.contrib.auth.models import Group

    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ROLES)
    coordinator = Group.objects.get(name=roles.COORDINATOR)
    assert coordinator.permissions.filter(codename="view_indicator").exists()
    assert not coordinator.permissions.filter(codename="change_indicator").exists()
