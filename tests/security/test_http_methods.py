"""Read-only pages refuse POST with 405, and no page takes PUT, PATCH or DELETE. The URLs come from the URLconf:
a new page is read-only unless it is listed in ACCEPTS_POST with the reason it takes a POST."""

import pytest

from tests.security.conftest import routes

pytestmark = pytest.mark.django_db

ACCEPTS_POST = {
    "login": "signs in",
    "logout": "signs out (POST only, as Django requires)",
    "imports:index": "uploads a file",
    "imports:confirm": "imports a previewed file",
    "entry": "saves or submits a figure",
    "entry_period": "saves or submits a figure of a period",
    "entry_preview": "evaluates the value being typed (htmx)",
    "entry_period_preview": "evaluates the value being typed (htmx)",
    "figure_comment": "adds a comment",
    "review_bulk_approve": "approves several figures",
    "figure_approve": "approves a figure",
    "figure_return": "returns a figure",
    "figure_reopen": "reopens a figure",
    "target_adjust": "adjusts a target",
    "target_assign": "records a target's assigned number",
    "target_judge": "records a qualitative target's judgement",
    "deadlines": "sets a deadline",
    "task_report_accept": "accepts a task report",
    "task_report_return": "returns a task report",
    "task_report": "saves or submits a task report",
    "task_report_batch": "saves or submits a period's task reports together",
    "password_change": "changes the signed-in user's password",
    "plans:load": "uploads a plan's appendix sheet",
    "plans:load_confirm": "loads the previewed plan",
    "plans:load_choose": "keeps the rules chosen for the previewed plan",
    "plans:close": "ends a plan",
    "batch_entry": "saves or submits a year's figures together",
    "batch_entry_period": "saves or submits a period's figures together",
    "reminders": "sends the previewed reminder emails",
    "scores:adjust": "adjusts a unit's 考核 score",
    "supervision:issue": "issues a 督办单",
    "supervision:escalate": "escalates overdue 督办单 to the leaders",
    "supervision:detail": "the unit saves or hands in its answer",
    "supervision:accept": "办结 of an answered 督办单",
    "supervision:return": "returns an answered 督办单",
    "publications:publish": "publishes a plan year to the 政务公开 pages",
    "publications:withdraw": "withdraws a plan year from the 政务公开 pages",
}
# Django's LoginView, a FormView, takes PUT as it takes POST (the CSRF check applies all the same).
PUT_AS_POST = {"login"}


def request(client_as, samples, route, method: str) -> int:
    """The status of one request as the coordinator (signed out for the login page, which sends a signed-in
    visitor home whatever the method), with a new client each time: one of them is a logout."""
    client = client_as("anonymous" if route.name == "login" else "coordinator")
    return getattr(client, method)(samples.url(route)).status_code


def test_every_post_exception_is_a_url():
    stale = sorted(set(ACCEPTS_POST) - {r.name for r in routes()})
    assert not stale, f"ACCEPTS_POST 中这些 URL 已不存在：{stale}"


def test_read_only_pages_refuse_post(samples, client_as):
    wrong = []
    for route in routes():
        status = request(client_as, samples, route, "post")
        read_only = route.name not in ACCEPTS_POST
        if read_only != (status == 405):
            wrong.append(
                f"{route.name}：POST 得到 {status}（{'只读页面应为 405' if read_only else '应接受 POST'}）"
            )
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_no_page_takes_put_patch_or_delete(method, samples, client_as):
    wrong = []
    for route in routes():
        if method == "put" and route.name in PUT_AS_POST:
            continue
        status = request(client_as, samples, route, method)
        if status != 405:
            wrong.append(f"{route.name}：{method.upper()} 得到 {status}，应为 405")
    assert not wrong, "\n".join(wrong)
