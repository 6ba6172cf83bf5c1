"""Which leaders follow which unit is the coordinator's to edit in the admin (with its history); 督办单 are read
there, never edited (they move only through the workflow on /supervision/)."""

import pytest
from django.test import Client

from departments.models import Department
from supervision.models import UnitLeader

pytestmark = pytest.mark.django_db


def test_the_coordinator_sets_who_follows_a_unit(coordinator, leader):
    client = Client()
    client.force_login(coordinator)
    assert client.get("/admin/supervision/unitleader/add/").status_code == 200
    swj = Department.objects.get(code="swj")
    response = client.post("/admin/supervision/unitleader/add/", {"department": swj.pk, "leader": leader.pk})
    assert response.status_code == 302
    link = UnitLeader.objects.get()
    assert (link.department, link.leader) == (swj, leader)
    assert link.history.count() == 1
    assert client.get("/admin/supervision/notice/").status_code == 200
    assert client.get("/admin/supervision/notice/add/").status_code == 403
