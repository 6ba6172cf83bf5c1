"""What every page reads about the signed-in user: the user with their department (core.auth.ModelBackend) and their
role names (departments.roles), one query each."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from departments import roles
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_department_and_roles_come_with_the_user(plan):
    user = make_user("dora", roles.REPORTER, "swj")
    user.groups.add(Group.objects.get(name=roles.IMPORTER))
    client = signed_in(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/plan/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "市商务局" in html and "填报员" in html and "导入员" in html and "协调员" not in html
    sql = [q["sql"] for q in queries.captured_queries]
    assert len([s for s in sql if '"auth_group"' in s]) == 1, "roles asked more than once"
    assert not [s for s in sql if s.startswith('SELECT "departments_department"')], (
        "department asked separately"
    )
    assert response.wsgi_request.user._role_names == {roles.REPORTER, roles.IMPORTER}


def test_a_role_taken_away_applies_on_the_next_request(plan):
    user = make_user("emil", roles.COORDINATOR, "gxj")
    client = signed_in(user)
    assert client.get("/review/").status_code == 200
    user.groups.clear()
    assert client.get("/review/").status_code == 403


def test_an_inactive_user_is_signed_out(plan):
    user = make_user("fred", roles.LEADER, "gxj")
    client = signed_in(user)
    user.is_active = False
    user.save()
    assert client.get("/plan/").status_code == 302
