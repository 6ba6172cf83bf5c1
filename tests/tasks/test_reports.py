"""Progress reports: who may report on which task, the draft → submit → accept / return workflow, history,
stale forms, and forged requests that must write nothing."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from departments import roles
from tasks import permissions
from tasks.models import ProgressReport, Task
from tasks.services import ReportConflict, ReportInput, report_accept, report_return, report_save
from tests.conftest import make_user
from tests.tasks.conftest import TODAY
from tests.tasks.helpers import report

pytestmark = pytest.mark.django_db

URL = "/tasks/{}/report/2025/h1/"


def post(client, number, **data):
    return client.post(URL.format(number), {"version": "0", "progress": "已完成阶段目标。", **data})


def field(number: str, order: int) -> str:
    return f"c{Task.objects.get(number=number).commitments.get(order=order).pk}"


# -- who reports on what -------------------------------------------------------------------------------------


def test_a_unit_reports_on_every_task_it_is_listed_on_in_any_position(hsz, yd, gxj):
    # 华士镇: 4.1 names it (3rd unit); every task naming 各镇街园区 includes it as a member.
    hsz_tasks = set(permissions.tasks_reportable_by(hsz).values_list("number", flat=True))
    assert "4.1" in hsz_tasks and "1.1" in hsz_tasks and "5.2" in hsz_tasks
    assert "4.3" not in hsz_tasks and "6.3" not in hsz_tasks
    assert len(hsz_tasks) == 19  # 4.1, and the 18 tasks naming 各镇街园区 (all but 4.1, 4.3, 6.3)
    assert set(permissions.tasks_reportable_by(yd).values_list("number", flat=True)) == {"4.3"}
    assert permissions.tasks_reportable_by(gxj).count() == 16  # all but 3.1, 5.2, 6.2, 6.3, 6.4


def test_the_collective_itself_and_other_roles_report_nothing(plan, coordinator, leader, importer, outsider):
    zjyq = make_user("zjyq-reporter", roles.REPORTER, "zjyq")
    for user in (zjyq, coordinator, leader, importer, outsider):
        assert not permissions.tasks_reportable_by(user).exists(), user


def test_service_refuses_a_task_the_unit_is_not_listed_on(hsz):
    with pytest.raises(PermissionDenied):
        report(hsz, "4.3", ["2"])
    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_form_of_a_task_not_listed_is_403_and_writes_nothing(client, hsz, today, method):
    client.force_login(hsz)
    response = getattr(client, method)(URL.format("4.3"), {"version": "0", "progress": "伪造"})
    assert response.status_code == 403
    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize("persona", ["coordinator", "leader", "importer", "outsider"])
def test_non_reporters_cannot_post_a_report(client, request, today, persona):
    client.force_login(request.getfixturevalue(persona))
    assert post(client, "4.1").status_code == 403
    assert not ProgressReport.objects.exists()


def test_unknown_period_or_year_is_404(client, hsz, today):
    client.force_login(hsz)
    assert client.get("/tasks/4.1/report/2025/q1/").status_code == 404
    assert client.get("/tasks/4.1/report/2030/year/").status_code == 404
    assert client.get("/tasks/4.1/report/2023/year/").status_code == 404  # reports start with 2024
    assert client.get("/tasks/9.9/report/2025/h1/").status_code == 404


def test_member_reports_through_its_collective_its_text_only(client, hsz, today):
    # 华士镇 is on 4.2 through 各镇街园区; the task's numbers are 市工信局's (its lead) to report: 华士镇's form asks
    # none of them, and numbers posted for them are never read.
    client.force_login(hsz)
    form = client.get(URL.format("4.2")).content.decode()
    assert f'name="{field("4.2", 0)}"' not in form and "本任务其他量化目标不由本单位填报" in form
    response = post(client, "4.2", **{field("4.2", 0): "4", field("4.2", 5): "40"}, submit="1")
    assert response.status_code == 302
    saved = ProgressReport.objects.get()
    assert (saved.task.number, saved.department.code, saved.status) == ("4.2", "hsz", "submitted")
    assert saved.numbers == {}


def test_a_township_is_not_asked_a_city_wide_number(client, hsz, gxj, today):
    """2.1's “全市千亿级产业集群达到5个” is 市工信局's; 华士镇 reports its text, 市工信局 the number."""
    cluster = Task.objects.get(number="2.1").commitments.get(text__contains="千亿级产业集群")
    client.force_login(hsz)
    assert f'name="c{cluster.pk}"' not in client.get(URL.format("2.1")).content.decode()
    with pytest.raises(ValidationError, match="不由本单位在任务 2.1 填报"):
        report_save(
            user=hsz,
            task=cluster.task,
            year=2025,
            period="h1",
            data=ReportInput(progress="x", numbers={cluster.pk: Decimal(5)}),
            version=0,
            submit=False,
            today=TODAY,
        )
    client.force_login(gxj)
    assert f'name="c{cluster.pk}"' in client.get(URL.format("2.1")).content.decode()


def test_a_per_unit_quota_is_asked_of_each_unit(client, hsz, gxq, today):
    """A commitment whose text gives each unit its own quota (per_unit) is asked of every unit, and required."""
    quota = Task.objects.get(number="4.2").commitments.get(order=0)
    quota.per_unit = True
    quota.save()
    for user in (hsz, gxq):
        client.force_login(user)
        assert f'name="c{quota.pk}"' in client.get(URL.format("4.2")).content.decode()
    client.force_login(hsz)
    refused = post(client, "4.2", submit="1")
    assert (
        refused.status_code == 400 and "本单位填报的量化目标，提交前请填写完成数" in refused.content.decode()
    )
    assert post(client, "4.2", **{f"c{quota.pk}": "4"}, submit="1").status_code == 302
    assert ProgressReport.objects.get().number_for(quota) == Decimal("4")


# -- forged requests ----------------------------------------------------------------------------------------


def test_numbers_of_another_tasks_commitments_are_ignored(client, gxj, today):
    client.force_login(gxj)
    forged = field("4.3", 0)  # 4.3's commitment posted to 4.2's form
    post(client, "4.2", **{field("4.2", 0): "4", forged: "99"})
    saved = ProgressReport.objects.get()
    assert list(saved.numbers) == [field("4.2", 0)[1:]]


def test_service_refuses_numbers_of_another_tasks_commitments(hsz):
    task = Task.objects.get(number="4.2")
    foreign = Task.objects.get(number="4.3").commitments.get()
    with pytest.raises(ValidationError, match="不由本单位在任务 4.2 填报"):
        report_save(
            user=hsz,
            task=task,
            year=2025,
            period="h1",
            data=ReportInput(progress="x", numbers={foreign.pk: Decimal(1)}),
            version=0,
            submit=False,
            today=TODAY,
        )
    assert not ProgressReport.objects.exists()


def test_a_submitted_report_cannot_be_posted_over(client, hsz, today):
    saved = report(hsz, "4.1")
    client.force_login(hsz)
    response = client.post(URL.format("4.1"), {"version": str(saved.version), "progress": "改写"})
    assert response.status_code == 403
    saved.refresh_from_db()
    assert saved.progress == "推进顺利。" and saved.version == 1


def test_reporters_cannot_review(client, hsz, leader, today):
    saved = report(hsz, "4.1")
    for user in (hsz, leader):
        client.force_login(user)
        assert client.post(f"/tasks/reports/{saved.pk}/accept/").status_code == 403
        assert client.post(f"/tasks/reports/{saved.pk}/return/", {"reason": "x"}).status_code == 403
    saved.refresh_from_db()
    assert saved.status == "submitted" and saved.version == 1
    with pytest.raises(PermissionDenied):
        report_accept(user=hsz, report_id=saved.pk)


def test_review_needs_post(client, coordinator, hsz, today):
    saved = report(hsz, "4.1")
    client.force_login(coordinator)
    assert client.get(f"/tasks/reports/{saved.pk}/accept/").status_code == 405


# -- the workflow -------------------------------------------------------------------------------------------


def test_draft_submit_return_resubmit_accept_with_history(client, hsz, coordinator, today):
    client.force_login(hsz)
    assert post(client, "4.1", progress="初稿", save="1").status_code == 302
    draft = ProgressReport.objects.get()
    assert (draft.status, draft.version) == ("draft", 1)

    response = post(
        client, "4.1", version="1", progress="新引进设计企业2家。", problems="人才不足。", submit="1"
    )
    assert response.status_code == 302
    client.force_login(coordinator)
    response = client.post(f"/tasks/reports/{draft.pk}/return/", {"reason": "请补充投资额", "version": "2"})
    assert response.status_code == 302
    assert response["Location"] == "/tasks/4.1/?year=2025&period=h1"
    draft.refresh_from_db()
    assert (draft.status, draft.review_note) == ("returned", "请补充投资额")

    client.force_login(hsz)
    page = client.get(URL.format("4.1")).content.decode()
    assert "退回原因：请补充投资额" in page
    assert (
        post(client, "4.1", version="3", progress="新引进设计企业2家，投资5亿元。", submit="1").status_code
        == 302
    )
    client.force_login(coordinator)
    queue = client.get("/tasks/reports/").content.decode()  # resubmitted: the return's reason is the last one
    assert "上次退回意见：请补充投资额" in queue and "退回原因：请补充投资额" not in queue
    client.post(f"/tasks/reports/{draft.pk}/accept/", {"version": "4"})
    draft.refresh_from_db()
    assert (draft.status, draft.version, draft.reviewed_by) == ("accepted", 5, coordinator)

    history = list(
        draft.history.order_by("history_date").values_list("history_change_reason", "history_user")
    )
    assert history == [
        ("保存草稿", hsz.pk),
        ("提交", hsz.pk),
        ("退回：请补充投资额", coordinator.pk),
        ("提交", hsz.pk),
        ("采纳", coordinator.pk),
    ]
    html = client.get("/tasks/4.1/?year=2025&period=h1").content.decode()
    assert "退回：请补充投资额" in html and "新引进设计企业2家，投资5亿元。" in html


def test_history_shows_changed_numbers(gxj, coordinator):
    first = report(gxj, "4.2", ["3", "40", "30", "100", "5", "30", "500", "1"])
    report_return(user=coordinator, report_id=first.pk, reason="数字有误")
    report(gxj, "4.2", ["4", "40", "30", "100", "5", "30", "500", "1"], version=2)
    from tasks.history import report_history

    latest = report_history(Task.objects.get(number="4.2"))[0]
    assert ("完成数·培育智能化应用场景30个", "3个", "4个") in latest.changes
    assert latest.who == gxj.username and latest.unit == "市工信局" and latest.slot == "2025年上半年"


def test_stale_form_is_refused_and_shown(client, hsz, today):
    client.force_login(hsz)
    post(client, "4.1", progress="第一稿")
    response = post(client, "4.1", version="0", progress="另一窗口的稿子")  # loaded before the first save
    assert response.status_code == 409
    assert "该报告已被他人修改" in response.content.decode()
    assert ProgressReport.objects.get().progress == "第一稿"
    with pytest.raises(ReportConflict):
        report(hsz, "4.1", version=5)


def test_submission_needs_progress_and_the_numbers_the_unit_leads(client, gxj, today):
    client.force_login(gxj)
    response = client.post(URL.format("4.3"), {"version": "0", "progress": "", "submit": "1"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "提交前请填写工作进展。" in html
    assert "本单位填报的量化目标，提交前请填写完成数。" in html
    assert not ProgressReport.objects.exists()
    # A draft may be incomplete.
    assert client.post(URL.format("4.3"), {"version": "0", "save": "1"}).status_code == 302


def test_a_non_lead_unit_submits_without_numbers(yd):
    assert report(yd, "4.3").status == "submitted"


@pytest.mark.parametrize(("typed", "message"), [("-1", "完成数不能为负数"), ("abc", "不是有效的数字")])
def test_bad_numbers_are_shown_next_to_the_field(client, gxj, today, typed, message):
    client.force_login(gxj)
    response = post(client, "4.3", **{field("4.3", 0): typed})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_numbers_as_people_type_them(client, gxj, today):
    client.force_login(gxj)
    post(client, "4.3", **{field("4.3", 0): "３"}, submit="1")
    assert ProgressReport.objects.get().numbers == {field("4.3", 0)[1:]: "3"}


def test_return_needs_a_reason_and_accept_needs_a_submission(hsz, coordinator):
    draft = report(hsz, "4.1", submit=False)
    with pytest.raises(ValidationError, match="只能采纳已报送的报告"):
        report_accept(user=coordinator, report_id=draft.pk)
    with pytest.raises(ValidationError):
        report_return(user=coordinator, report_id=draft.pk, reason=" ")


def test_an_accepted_report_can_be_returned_for_correction(hsz, coordinator):
    accepted = report(hsz, "4.1", accept_by=coordinator)
    returned = report_return(user=coordinator, report_id=accepted.pk, reason="口径调整")
    assert returned.status == "returned"
    assert report(hsz, "4.1", version=returned.version).status == "submitted"


def test_stale_review_is_refused(client, hsz, coordinator, today):
    saved = report(hsz, "4.1")
    client.force_login(coordinator)
    response = client.post(f"/tasks/reports/{saved.pk}/accept/", {"version": "0"}, follow=True)
    assert "该报告已被他人修改" in response.content.decode()
    saved.refresh_from_db()
    assert saved.status == "submitted"
