"""Every role × every figure URL and action: who may, who gets 403, and that a refusal changes nothing."""

from decimal import Decimal

import pytest
from django.test import Client

from departments import roles
from departments.models import Department
from indicators.models import Figure, Indicator, ReportingDeadline, Target
from indicators.services import FigureInput, figure_approve, figure_save
from tests.conftest import make_user

pytestmark = pytest.mark.usefixtures("plan")


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def lead_code(indicator: Indicator) -> str:
    return indicator.department_links.get(order=0).department.code


@pytest.mark.django_db
def test_each_department_reporter_can_save_exactly_the_indicators_it_leads():
    """No IDOR: 33 reporters × 19 series; a forged POST to another department's indicator is refused."""
    indicators = list(Indicator.objects.prefetch_related("department_links__department"))
    leads = {i.code: lead_code(i) for i in indicators}
    for department in Department.objects.all():
        client = client_for(make_user(f"r-{department.code}", roles.REPORTER, department.code))
        for indicator in indicators:
            response = client.post(
                f"/entry/2024/{indicator.code}/", {"value": "1", "version": 0, "save": "1"}
            )
            allowed = leads[indicator.code] == department.code
            assert response.status_code == (302 if allowed else 403), (department.code, indicator.code)
    saved = set(Figure.objects.values_list("indicator__code", "updated_by__department__code"))
    assert saved == {(code, dept) for code, dept in leads.items()}


ROLE_USERS = {
    "anonymous": lambda: None,
    "reporter_swj": lambda: make_user("alice", roles.REPORTER, "swj"),
    "reporter_gxj": lambda: make_user("bob", roles.REPORTER, "gxj"),
    "coordinator": lambda: make_user("charlie", roles.COORDINATOR, "gxj", is_staff=True),
    "leader": lambda: make_user("diana", roles.LEADER),
    "importer": lambda: make_user("erin", roles.IMPORTER, "gxj"),
    "outsider": lambda: make_user("mallory", None),
}


@pytest.fixture
def submitted():
    """市商务局's submitted 2024 figure for indicator 4, and 工信局's approved 2024 figure for indicator 1."""
    swj = make_user("owner-swj", roles.REPORTER, "swj")
    gxj = make_user("owner-gxj", roles.REPORTER, "gxj")
    boss = make_user("owner-coord", roles.COORDINATOR, "gxj")
    four = figure_save(
        user=swj,
        indicator=Indicator.objects.get(number=4),
        year=2024,
        data=FigureInput(value=Decimal("16.6")),
        version=0,
        submit=True,
    )
    one = figure_save(
        user=gxj,
        indicator=Indicator.objects.get(number=1),
        year=2024,
        data=FigureInput(value=Decimal("39.6")),
        version=0,
        submit=True,
    )
    figure_approve(user=boss, figure_id=one.pk)
    return {"four": four, "one": Figure.objects.get(pk=one.pk)}


def state():
    figures = list(Figure.objects.order_by("pk").values_list("pk", "value", "status", "version"))
    targets = list(Target.objects.order_by("pk").values_list("pk", "adjusted_value"))
    return figures, targets, list(ReportingDeadline.objects.values_list("year", "period", "due_date"))


# (method, url template, data, roles allowed → expected success status)
ACTIONS = [
    ("get", "/entry/2024/4/", {}, {"*": 200}),
    ("get", "/indicators/4/", {}, {"*": 200}),
    ("post", "/entry/2024/4/preview/", {"value": "16", "version": 0}, {"*": 200}),
    ("post", "/entry/2024/4/", {"value": "1", "version": 2, "save": "1"}, {}),  # submitted: locked for all
    ("post", "/entry/2024/1/", {"value": "1", "version": 3, "save": "1"}, {}),  # approved: locked for all
    ("post", "/figures/{four}/comments/", {"text": "意见"}, {"reporter_swj": 302, "coordinator": 302}),
    ("post", "/figures/{one}/comments/", {"text": "意见"}, {"reporter_gxj": 302, "coordinator": 302}),
    ("post", "/figures/{four}/approve/", {"version": 2}, {"coordinator": 302}),
    ("post", "/figures/{four}/return/", {"reason": "核对", "version": 2}, {"coordinator": 302}),
    ("post", "/figures/{one}/reopen/", {"reason": "更正", "version": 3}, {"coordinator": 302}),
    ("post", "/review/approve/", {"figure_ids": ["{four}"]}, {"coordinator": 302}),
    ("get", "/review/", {}, {"coordinator": 200}),
    ("get", "/deadlines/", {}, {"coordinator": 200}),
    ("post", "/deadlines/", {"year": 2024, "period": "year", "due_date": "2025-01-31"}, {"coordinator": 302}),
    ("post", "/targets/{target}/adjust/", {"value": "16", "reason": "外部环境变化"}, {"coordinator": 302}),
]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLE_USERS)
@pytest.mark.parametrize(
    ("method", "url", "data", "allowed"), ACTIONS, ids=[f"{a[0]} {a[1]}" for a in ACTIONS]
)
def test_role_action_matrix(role, method, url, data, allowed, submitted):
    ids = {"four": submitted["four"].pk, "one": submitted["one"].pk}
    ids["target"] = Target.objects.get(indicator__number=4, year=2024).pk
    url = url.format(**ids)
    data = {k: [v.format(**ids) for v in val] if isinstance(val, list) else val for k, val in data.items()}
    client = client_for(ROLE_USERS[role]())
    before = state()
    response = getattr(client, method)(url, data)
    if role == "anonymous":
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
        assert state() == before
        return
    # An account without a role is refused every page (departments.middleware.RoleRequiredMiddleware).
    expected = 403 if role == "outsider" else allowed.get(role, allowed.get("*", 403))
    assert response.status_code == expected, (role, method, url)
    if expected == 403 or method == "get" or url.endswith("preview/"):
        assert state() == before
