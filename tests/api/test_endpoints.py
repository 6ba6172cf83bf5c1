"""Every endpoint over HTTP, as each persona and with a token: what it returns, and what it refuses."""

import json

import pytest

from indicators import standings
from indicators.models import Figure
from tests.api.conftest import APPROVED_NOTE, APPROVED_VALUE, SUBMITTED_NOTE, SUBMITTED_VALUE

pytestmark = pytest.mark.django_db

PLAN = "/api/v1/plans/mfg2023/"
ENDPOINTS = [
    "/api/v1/plans/",
    PLAN,
    PLAN + "indicators/",
    PLAN + "standings/?year=2024",
    PLAN + "figures/?year=2024",
    PLAN + "tasks/",
    "/api/v1/schema/",
    "/api/v1/docs/",
]
PERSONAS = ["reporter_swj", "reporter_gxj", "coordinator", "leader", "importer"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_endpoint_answers_each_role(persona, request, client, api_data):
    client.force_login(request.getfixturevalue(persona))
    for url in ENDPOINTS:
        response = client.get(url)
        assert response.status_code == 200, (url, response.content[:300])
        assert "no-store" in response["Cache-Control"], url
        assert "Content-Security-Policy" in response


def test_every_endpoint_answers_a_token(token_client, api_data):
    for url in ENDPOINTS:
        response = token_client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url  # no proxy or disk keeps the figures
        assert response["X-Frame-Options"] == "DENY" and "Content-Security-Policy" in response


def test_anonymous_gets_401_json_not_the_login_page(client, api_data):
    for url in ENDPOINTS:
        response = client.get(url)
        assert response.status_code == 401, url
        assert response["WWW-Authenticate"].startswith("Bearer")
        if "/docs/" not in url:  # the Swagger page is HTML; the data and the schema answer in JSON
            assert json.loads(response.content)["detail"] == "身份认证信息未提供。"


def test_an_account_without_a_role_is_refused(client, outsider, api_data):
    client.force_login(outsider)
    response = client.get(PLAN + "standings/")
    assert response.status_code == 403
    assert "尚未分配角色" in response.json()["detail"]


def test_no_write_method(token_client, client, coordinator, api_data):
    client.force_login(coordinator)
    for method in ("post", "put", "patch", "delete"):
        assert getattr(token_client, method)(PLAN).status_code == 405
        # A session's unsafe request meets DRF's CSRF check first: refused either way, nothing written.
        assert getattr(client, method)(PLAN).status_code in (403, 405)
    assert Figure.objects.count() == 2


def test_plans_and_plan(token_client, api_data):
    plans = token_client.get("/api/v1/plans/").json()
    seed = next(p for p in plans if p["code"] == "mfg2023")
    assert seed["years"] == [2023, 2024, 2025]
    assert seed["status_label"] == "进行中" or seed["status_label"]
    detail = token_client.get(PLAN).json()
    assert [c["name"] for c in detail["categories"]][:2] == ["质量效益", "产业结构"]
    assert detail["issued_on"] == "2023-12-15"


def test_indicators_carry_targets_as_written_and_departments(token_client, api_data):
    indicators = token_client.get(PLAN + "indicators/").json()
    assert [i["number"] for i in indicators] == list(range(1, 19))
    nine = next(i for i in indicators if i["number"] == 9)
    assert [t["source_text"] for t in nine["targets"] if t["year"] > 2023] == ["力争1家", "力争1家"]
    assert {t["kind_label"] for t in nine["targets"] if t["year"] > 2023} == {"力争"}
    four = next(i for i in indicators if i["number"] == 4)
    assert four["departments"][0] == {"code": "swj", "name": "市商务局", "short_name": "商务局", "lead": True}
    two = next(i for i in indicators if i["number"] == 2)
    assert all(isinstance(t["value"], str) for t in two["targets"])


def test_standings_for_a_session_and_for_a_token(client, coordinator, token_client, api_data):
    client.force_login(coordinator)
    for c in (client, token_client):
        data = c.get(PLAN + "standings/?year=2024").json()
        four = next(r for r in data["indicators"] if r["number"] == 4)
        assert four["value"] == APPROVED_VALUE
        assert four["standing_label"] in ("已达标", "基本达标", "未达标")
        assert four["reason"]
        assert data["counts"][four["standing_label"]] >= 1
        assert data["period_label"] == "全年"
    session = client.get(PLAN + "standings/?year=2023").json()
    submitted = next(r for r in session["indicators"] if r["number"] == 4)
    assert (submitted["value"], submitted["standing_label"]) == (SUBMITTED_VALUE, "待审核")


def test_a_token_never_sees_a_submitted_figure(token_client, api_data):
    """Neither its value (directly, in the reason, the pace or the 通报 paragraph) nor any explanation."""
    for url in (
        PLAN + "standings/?year=2023",
        PLAN + "figures/",
        PLAN + "figures/?year=2023",
        PLAN + "figures/?department=swj",
        PLAN + "standings/?year=2024",
    ):
        text = token_client.get(url).content.decode()
        assert SUBMITTED_VALUE not in text, url
        assert SUBMITTED_NOTE not in text and APPROVED_NOTE not in text, url
    standings = token_client.get(PLAN + "standings/?year=2023").json()
    four = next(r for r in standings["indicators"] if r["number"] == 4)
    assert (four["value"], four["reason"], four["standing_label"]) == (None, "", "待审核")
    figures = token_client.get(PLAN + "figures/").json()
    assert [(f["year"], f["value"], f["explanation"]) for f in figures["results"]] == [
        (2024, APPROVED_VALUE, None)
    ]


def test_figures_for_a_session_show_every_state_with_explanations(client, leader, api_data):
    client.force_login(leader)
    figures = client.get(PLAN + "figures/?department=swj").json()
    assert figures["count"] == 2 and figures["pages"] == 1 and figures["next"] is None
    by_year = {f["year"]: f for f in figures["results"]}
    assert by_year[2023]["status_label"] == "已报送" and by_year[2023]["explanation"] == SUBMITTED_NOTE
    assert by_year[2024]["status_label"] == "已审核" and by_year[2024]["value"] == APPROVED_VALUE
    assert by_year[2024]["period_label"] == "全年" and by_year[2024]["lead"] == "swj"
    assert by_year[2024]["updated_at"].startswith("20")
    assert client.get(PLAN + "figures/?department=gxj").json()["count"] == 0


def test_tasks_progress(token_client, api_data):
    data = token_client.get(PLAN + "tasks/?year=2024&period=year").json()
    assert (data["year"], data["period"], data["period_label"]) == (2024, "year", "全年")
    numbers = [t["number"] for t in data["tasks"]]
    assert len(numbers) == 21 and numbers[0] == "1.1"
    task = next(t for t in data["tasks"] if t["number"] == "5.1")
    assert task["status_label"] and task["units"][0]["name"]
    assert any(c["text"] for c in task["commitments"])


@pytest.mark.parametrize(
    "url, parameter",
    [
        (PLAN + "standings/?year=abc", "year"),
        (PLAN + "standings/?year=2019", "year"),
        (PLAN + "standings/?period=month", "period"),
        (PLAN + "figures/?year=２０２４x", "year"),
        (PLAN + "figures/?department=nobody", "department"),
        (PLAN + "figures/?department=../x", "department"),
        (PLAN + "figures/?page=0", "page"),
        (PLAN + "figures/?page=99", "page"),
        (PLAN + "tasks/?period=q1", "period"),
        (PLAN + "tasks/?year=2031&period=year", "year"),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(token_client, api_data, url, parameter):
    response = token_client.get(url)
    assert response.status_code == 400, response.content
    assert response.json()["detail"].startswith(f"查询参数“{parameter}”：")


def test_an_unknown_plan_is_a_404_json(token_client, api_data):
    for tail in ("", "indicators/", "standings/", "figures/", "tasks/"):
        response = token_client.get(f"/api/v1/plans/nosuchplan/{tail}")
        assert response.status_code == 404
        assert response.json() == {"detail": "没有代码为“nosuchplan”的规划"}


def test_query_counts_do_not_grow_with_the_data(
    token_client, client, coordinator, api_data, django_assert_max_num_queries
):
    """Standings built afresh (not from the cache), a page of figures and the tasks, in a fixed number of
    queries: the token's lookup, the session's user and roles, and the selectors' own."""
    client.force_login(coordinator)
    for c in (token_client, client):
        standings.standings_forget()
        with django_assert_max_num_queries(14):
            assert c.get(PLAN + "standings/?year=2024").status_code == 200
        with django_assert_max_num_queries(8):
            assert c.get(PLAN + "figures/").status_code == 200
        with django_assert_max_num_queries(15):
            assert c.get(PLAN + "tasks/?year=2024&period=year").status_code == 200


def test_a_token_never_sees_a_verdict_built_from_an_unapproved_comparison(token_client, api_data):
    """Indicator 5 is judged against 规上工业增加值增速: while that series' figure is only submitted, a token gets
    indicator 5's approved value but 待评估 and no reason (the reason would quote the unapproved 4.4)."""
    from decimal import Decimal

    from departments import roles
    from indicators.models import Indicator, Target
    from indicators.services import FigureInput, figure_approve, figure_save
    from tests.conftest import make_user

    indicator = Indicator.objects.get(plan__code="mfg2023", number=5)
    reference = Target.objects.get(indicator=indicator, year=2024).reference
    gxj, boss = make_user("t-gxj", roles.REPORTER, "gxj"), make_user("t-boss", roles.COORDINATOR, "gxj")

    def submitted(series, value):
        data = FigureInput(value=Decimal(value))
        return figure_save(user=gxj, indicator=series, year=2024, data=data, version=0, submit=True)

    five = submitted(indicator, "9.9")
    figure_approve(user=boss, figure_id=five.pk, version=five.version)
    compared = submitted(reference, "4.4")

    def five_for_token():
        response = token_client.get(PLAN + "standings/?year=2024")
        assert "4.4" not in response.content.decode()
        return next(r for r in response.json()["indicators"] if r["number"] == 5)

    row = five_for_token()
    assert (row["value"], row["standing_label"], row["reason"], row["pace"]) == ("9.9", "待评估", "", None)
    figure_approve(user=boss, figure_id=compared.pk, version=compared.version)
    response = token_client.get(PLAN + "standings/?year=2024").json()
    row = next(r for r in response["indicators"] if r["number"] == 5)
    assert row["standing_label"] == "已达标" and "4.4" in row["reason"]
