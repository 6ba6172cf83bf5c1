"""The coordinator's review queue and the approve / return / reopen / bulk approve / target adjustment actions."""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from indicators.models import Figure, Indicator, Target
from indicators.services import FigureConflict, FigureInput, figure_approve, figure_save

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def save(user, number: int, year: int, value: str = "99999", *, submit: bool = True) -> Figure:
    """A figure as its reporter enters it (99999 meets every target of the plan)."""
    indicator = Indicator.objects.get(number=number)
    current = Figure.objects.filter(indicator=indicator, year=year, period="year").first()
    return figure_save(
        user=user,
        indicator=indicator,
        year=year,
        data=FigureInput(value=Decimal(value)),
        version=current.version if current else 0,
        submit=submit,
    )


def flash(response) -> str:
    """The message the action just left (earlier ones of the session are still queued before it)."""
    return [str(m) for m in get_messages(response.wsgi_request)][-1]


def reasons(figure: Figure) -> list[str]:
    return list(
        figure.history.order_by("history_date", "history_id").values_list("history_change_reason", flat=True)
    )


@pytest.fixture
def submitted_four(client, reporter_swj):
    """市商务局 submits its 2024 figure for indicator 4 through the entry form."""
    client.force_login(reporter_swj)
    response = client.post(
        "/entry/2024/4/", {"value": "16.8", "explanation": "", "version": 0, "submit": "1"}
    )
    assert response.status_code == 302
    client.logout()
    return Figure.objects.get(indicator__number=4, year=2024)


def test_coordinator_approves_a_submitted_figure(submitted_four, coordinator):
    response = client_for(coordinator).post(
        f"/figures/{submitted_four.pk}/approve/", {"version": submitted_four.version}
    )
    assert response.status_code == 302 and response["Location"] == "/review/"
    assert flash(response) == f"已审核通过：{submitted_four}"
    figure = Figure.objects.get(pk=submitted_four.pk)
    assert figure.status == Figure.Status.APPROVED
    assert figure.reviewed_by == coordinator and figure.reviewed_at is not None
    assert reasons(figure) == ["提交审核", "审核通过"]
    assert figure.history.latest().history_user == coordinator


def test_return_requires_a_reason(submitted_four, coordinator):
    response = client_for(coordinator).post(
        f"/figures/{submitted_four.pk}/return/", {"reason": "  ", "version": submitted_four.version}
    )
    assert response.status_code == 302
    assert flash(response) == "请填写退回原因。"
    assert Figure.objects.get(pk=submitted_four.pk).status == Figure.Status.SUBMITTED


def test_returned_figure_is_corrected_and_resubmitted_by_its_department(
    submitted_four, coordinator, reporter_swj
):
    response = client_for(coordinator).post(
        f"/figures/{submitted_four.pk}/return/",
        {"reason": "出口额口径有误", "version": submitted_four.version},
    )
    assert flash(response) == f"已退回：{submitted_four}"
    figure = Figure.objects.get(pk=submitted_four.pk)
    assert (figure.status, figure.review_note) == (Figure.Status.RETURNED, "出口额口径有误")

    reporter = client_for(reporter_swj)
    page = reporter.get("/entry/2024/4/").content.decode()
    assert "出口额口径有误" in page and 'name="submit"' in page
    reporter.post("/entry/2024/4/", {"value": "16.9", "version": figure.version, "save": "1"})
    figure.refresh_from_db()
    response = reporter.post("/entry/2024/4/", {"value": "16.9", "version": figure.version, "submit": "1"})
    assert response.status_code == 302
    figure.refresh_from_db()
    assert (figure.status, figure.value) == (Figure.Status.SUBMITTED, Decimal("16.9"))
    assert reasons(figure) == ["提交审核", "退回：出口额口径有误", "保存草稿", "提交审核"]
    assert "退回：出口额口径有误" in reporter.get("/entry/2024/4/").content.decode()


def test_reopening_an_approved_figure_needs_a_reason(submitted_four, coordinator):
    figure = figure_approve(user=coordinator, figure_id=submitted_four.pk)
    client = client_for(coordinator)
    response = client.post(f"/figures/{figure.pk}/reopen/", {"reason": "", "version": figure.version})
    assert flash(response) == "请填写重新打开的原因。"
    assert Figure.objects.get(pk=figure.pk).status == Figure.Status.APPROVED

    response = client.post(
        f"/figures/{figure.pk}/reopen/", {"reason": "统计局更正数据", "version": figure.version}
    )
    assert flash(response) == f"已重新打开：{figure}"
    figure.refresh_from_db()
    assert (figure.status, figure.review_note) == (Figure.Status.RETURNED, "统计局更正数据")
    assert reasons(figure)[-1] == "重新打开：统计局更正数据"


def test_stale_version_is_refused_and_nothing_changes(submitted_four, coordinator):
    response = client_for(coordinator).post(
        f"/figures/{submitted_four.pk}/approve/", {"version": submitted_four.version - 1}
    )
    assert flash(response) == FigureConflict.message
    figure = Figure.objects.get(pk=submitted_four.pk)
    assert (figure.status, figure.version) == (Figure.Status.SUBMITTED, submitted_four.version)


def test_approving_twice_is_explained(submitted_four, coordinator):
    figure_approve(user=coordinator, figure_id=submitted_four.pk)
    response = client_for(coordinator).post(f"/figures/{submitted_four.pk}/approve/")
    assert flash(response) == "只能审核已报送的数据，当前状态：已审核。"


def test_unknown_figure_is_404(coordinator):
    assert client_for(coordinator).post("/figures/999999/approve/").status_code == 404


def test_redirects_back_to_a_local_next_only(submitted_four, coordinator, reporter_swj):
    client = client_for(coordinator)
    response = client.post(
        f"/figures/{submitted_four.pk}/return/", {"reason": "核对", "next": "https://evil.example/review/"}
    )
    assert response["Location"] == "/review/"
    save(reporter_swj, 4, 2024, "16.8")
    response = client.post(f"/figures/{submitted_four.pk}/approve/", {"next": "/entry/2024/4/"})
    assert response["Location"] == "/entry/2024/4/"


def test_bulk_approve_approves_only_the_submitted_ones(reporter_gxj, coordinator):
    one = save(reporter_gxj, 1, 2024)
    three = save(reporter_gxj, 3, 2024)
    draft = save(reporter_gxj, 6, 2024, submit=False)
    approved = figure_approve(user=coordinator, figure_id=save(reporter_gxj, 10, 2024).pk)

    response = client_for(coordinator).post(
        "/review/approve/",
        {"figure_ids": [one.pk, three.pk, draft.pk, approved.pk], "next": "/review/?year=2024"},
    )
    assert response["Location"] == "/review/?year=2024"
    assert flash(response) == "批量审核通过 2 条；另有 2 条不是已报送状态，未处理"
    statuses = dict(Figure.objects.values_list("pk", "status"))
    assert statuses == {one.pk: "approved", three.pk: "approved", draft.pk: "draft", approved.pk: "approved"}
    assert reasons(Figure.objects.get(pk=one.pk))[-1] == "批量审核通过"
    assert approved.version == Figure.objects.get(pk=approved.pk).version


def test_bulk_approve_without_a_selection(coordinator):
    response = client_for(coordinator).post("/review/approve/", {})
    assert flash(response) == "请先勾选要审核通过的数据。"


NON_COORDINATORS = ["reporter_swj", "reporter_gxj", "leader", "importer", "outsider"]


@pytest.mark.parametrize("persona", NON_COORDINATORS)
def test_only_the_coordinator_reviews(request, persona, submitted_four, reporter_gxj, coordinator):
    approved = figure_approve(user=coordinator, figure_id=save(reporter_gxj, 1, 2024).pk)
    target = Target.objects.get(indicator__number=4, year=2024)
    client = client_for(request.getfixturevalue(persona))

    def state():
        return (
            list(Figure.objects.order_by("pk").values_list("status", "version")),
            list(Target.objects.order_by("pk").values_list("adjusted_value", flat=True)),
        )

    before = state()
    four, v = submitted_four.pk, submitted_four.version
    posts = [
        (f"/figures/{four}/approve/", {"version": v}),
        (f"/figures/{four}/return/", {"reason": "核对", "version": v}),
        (f"/figures/{approved.pk}/reopen/", {"reason": "更正", "version": approved.version}),
        ("/review/approve/", {"figure_ids": [four]}),
        (f"/targets/{target.pk}/adjust/", {"value": "15", "reason": "调整"}),
        ("/deadlines/", {"year": 2024, "period": "year", "due_date": "2025-01-31"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    assert client.get("/review/").status_code == 403
    assert client.get("/deadlines/").status_code == 403
    assert state() == before


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/review/"),
        ("get", "/deadlines/"),
        ("post", "/figures/1/approve/"),
        ("post", "/review/approve/"),
    ],
)
def test_anonymous_is_sent_to_login(client, plan, method, url):
    response = getattr(client, method)(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")


@pytest.fixture
def mixed(reporter_swj, reporter_gxj, coordinator):
    """Submitted: 商务局 4/2024, 工信局 1/2024 and 1/2023; a 工信局 draft 3/2024; an approved 工信局 6/2024."""
    return {
        "swj_2024": save(reporter_swj, 4, 2024, "16.8"),
        "gxj_2024": save(reporter_gxj, 1, 2024, "39.6"),
        "gxj_2023": save(reporter_gxj, 1, 2023, "39.4"),
        "draft": save(reporter_gxj, 3, 2024, submit=False),
        "approved": figure_approve(user=coordinator, figure_id=save(reporter_gxj, 6, 2024).pk),
    }


def listed(html: str, figures: dict) -> set[str]:
    """Which of the figures appear in the queue (by their entry link)."""
    return {name for name, f in figures.items() if f'href="/entry/{f.year}/{f.indicator.code}/"' in html}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"swj_2024", "gxj_2024", "gxj_2023"}),
        ("?department=swj", {"swj_2024"}),
        ("?department=gxj&year=2024", {"gxj_2024"}),
        ("?year=2023", {"gxj_2023"}),
        ("?status=draft", {"draft"}),
        ("?status=approved", {"approved"}),
        ("?status=all&year=2024", {"swj_2024", "gxj_2024", "draft", "approved"}),
        ("?status=bogus&department=nobody", {"swj_2024", "gxj_2024", "gxj_2023"}),
    ],
)
def test_queue_filters(mixed, coordinator, query, expected):
    response = client_for(coordinator).get(f"/review/{query}")
    assert response.status_code == 200
    assert listed(response.content.decode(), mixed) == expected


def test_queue_rows_show_what_the_coordinator_decides_on(mixed, coordinator):
    html = client_for(coordinator).get("/review/?department=swj").content.decode()
    four = mixed["swj_2024"]
    assert "16.8</strong>%" in html  # value with its unit
    assert "16.5" in html  # the 2024 target as written
    assert "已达标" in html and "市商务局" in html and "网页填报" in html
    assert f'action="/figures/{four.pk}/approve/"' in html and f'action="/figures/{four.pk}/return/"' in html
    assert f'name="figure_ids" value="{four.pk}"' in html
    assert f'name="version" value="{four.version}"' in html
    assert '已报送 <span class="count">1</span>' in html  # counts per status within the filter

    html = client_for(coordinator).get("/review/?status=approved").content.decode()
    assert f'action="/figures/{mixed["approved"].pk}/reopen/"' in html
    assert '/approve/"' not in html.split("<tbody>")[1]


def test_queue_query_count_does_not_grow_with_figures(reporter_gxj, reporter_swj, coordinator):
    client = client_for(coordinator)
    client.get("/review/")  # warm the session and role caches

    def count() -> int:
        client.get("/review/?status=all")  # what is kept until the next write (plans, roles, counts) is read
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/review/?status=all").status_code == 200
        return len(queries)

    for number in (1, 3, 5):  # 5 is judged against a companion series: one query for those, too
        save(reporter_gxj, number, 2024)
    few = count()
    for number in (2, 6, 10, 11, 12, 13, 14):
        save(reporter_gxj, number, 2024)
        save(reporter_gxj, number, 2025, submit=False)
    save(reporter_swj, 4, 2024)
    assert Figure.objects.count() == 18
    assert count() <= few
    assert few <= 10


def test_target_adjustment_records_and_withdraws(coordinator):
    target = Target.objects.get(indicator__number=4, year=2025)
    client = client_for(coordinator)
    response = client.post(f"/targets/{target.pk}/adjust/", {"value": "１７．５%", "reason": "外需下行"})
    assert response.status_code == 302 and response["Location"] == "/indicators/4/"
    target.refresh_from_db()
    assert (target.adjusted_value, target.adjustment_reason, target.adjusted_by) == (
        Decimal("17.5"),
        "外需下行",
        coordinator,
    )
    assert target.value == Decimal("18")
    assert "2025 年目标调整为 17.5%" in flash(response)

    response = client.post(f"/targets/{target.pk}/adjust/", {"value": "", "reason": "恢复原目标"})
    target.refresh_from_db()
    assert target.adjusted_value is None
    assert flash(response).startswith("已撤销 2025 年目标的调整")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"value": "17", "reason": ""}, "请填写调整原因。"),
        ({"value": "十七", "reason": "外需下行"}, "调整后目标值“十七”不是有效的数字，请填写数字，如 35.2"),
        ({"value": "17.12345", "reason": "外需下行"}, "调整后目标值最多保留 4 位小数"),
    ],
)
def test_target_adjustment_errors_change_nothing(coordinator, data, message):
    target = Target.objects.get(indicator__number=4, year=2025)
    response = client_for(coordinator).post(f"/targets/{target.pk}/adjust/", data)
    assert response["Location"] == "/indicators/4/"
    assert flash(response) == message
    target.refresh_from_db()
    assert target.adjusted_value is None


def test_irregular_target_cannot_be_adjusted(coordinator):
    target = Target.objects.get(indicator__number=15, year=2025)
    response = client_for(coordinator).post(f"/targets/{target.pk}/adjust/", {"value": "1", "reason": "试"})
    assert flash(response) == f"目标“{target.source_text}”没有数值，不能调整。"


def test_reporters_of_other_departments_see_no_review_link(reporter_swj):
    html = client_for(reporter_swj).get("/").content.decode()
    assert 'href="/review/"' not in html


def test_coordinator_sees_the_review_link(coordinator):
    assert 'href="/review/"' in client_for(coordinator).get("/plan/").content.decode()


@pytest.mark.django_db
def test_a_long_return_reason_is_kept_whole(submitted_four, coordinator):
    reason = (
        "请按海关总署口径重新核对高新技术产品出口额，" * 12
    )  # well over simple-history's default 100 characters
    figure = submitted_four
    response = client_for(coordinator).post(
        f"/figures/{figure.pk}/return/", {"reason": reason, "version": figure.version}
    )
    assert response.status_code == 302
    figure.refresh_from_db()
    assert figure.status == Figure.Status.RETURNED
    assert reasons(figure)[-1] == f"退回：{reason}"
