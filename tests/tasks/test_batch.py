"""批量填报 of task reports (/tasks/batch/<year>/<period>/): every task of the unit on one page, saved and submitted
at once in one transaction, each report its own record; conflicts and refusals save nothing. Through HTTP."""

import re

import pytest
from django.test import Client

from tasks import permissions
from tasks.models import ProgressReport, Task
from tests.tasks.helpers import report

pytestmark = pytest.mark.django_db

URL = "/tasks/batch/2025/h1/"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def posted(html: str) -> dict:
    """What the page's form sends as it stands: every hidden version, and each textarea's text."""
    data = dict(re.findall(r'<input type="hidden" name="(t\d+-version)"[^>]*value="(\d+)"', html))
    data |= {
        name: text
        for name, text in re.findall(r'<textarea name="(t\d+-\w+)"[^>]*>\n?(.*?)</textarea>', html, re.S)
    }
    return data


def typed(html: str, text: str = "本期推进顺利。") -> dict:
    data = posted(html)
    return data | {name: text for name in data if name.endswith("-progress")}


def test_one_submission_files_every_task_of_the_unit(hsz, today, django_assert_max_num_queries):
    client = client_for(hsz)
    with django_assert_max_num_queries(26):  # nineteen tasks, no query of their own
        page = client.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    reportable = permissions.tasks_reportable_by(hsz).count()
    assert len(re.findall(r'name="t\d+-progress"', html)) == reportable == 19
    response = client.post(URL, typed(html) | {"submit": "1"})
    assert response.status_code == 302
    reports = ProgressReport.objects.filter(department=hsz.department, year=2025, period="h1")
    assert reports.count() == 19 and {r.status for r in reports} == {"submitted"}
    assert all(r.history.count() == 1 for r in reports)  # each its own record, with its own history
    assert f"已提交审核 {reportable} 项任务报告" in client.get(URL).content.decode()
    home = client.get("/").content.decode()
    assert "/tasks/batch/2025/h1/" not in home.split('id="todo-heading"')[1].split("</section>")[0]


def test_drafts_then_submit_and_untouched_rows_are_left_alone(hsz, today):
    client = client_for(hsz)
    data = posted(client.get(URL).content.decode())
    first = next(name for name in data if name.endswith("-progress"))
    assert client.post(URL, data | {first: "先写一项。", "save": "1"}).status_code == 302
    draft = ProgressReport.objects.get()
    assert (draft.status, draft.progress) == ("draft", "先写一项。")
    # Submitting submits the draft too; rows nobody typed in stay unsaved.
    data = posted(client.get(URL).content.decode())
    assert client.post(URL, data | {"submit": "1"}).status_code == 302
    assert ProgressReport.objects.get().status == "submitted"


def test_a_refused_row_saves_nothing(hsz, today):
    client = client_for(hsz)
    data = typed(client.get(URL).content.decode())
    empty = next(name for name in data if name.endswith("-progress"))
    data[empty] = ""
    data[empty.replace("-progress", "-problems")] = "只写了问题。"
    response = client.post(URL, data | {"submit": "1"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "提交前请填写工作进展。" in html and "本次全部未保存" in html
    assert not ProgressReport.objects.exists()  # one transaction: the complete rows were not filed either
    assert html.count("本期推进顺利。") == 18  # what was typed is kept


def test_a_stale_row_is_a_conflict_and_nothing_is_saved(hsz, today):
    client = client_for(hsz)
    stale = typed(client.get(URL).content.decode())
    report(hsz, "4.1", submit=False, progress="另一窗口先保存的稿子")
    response = client.post(URL, stale | {"save": "1"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "该报告已被他人修改" in html and "另一窗口先保存的稿子" not in html
    saved = ProgressReport.objects.get()
    assert saved.progress == "另一窗口先保存的稿子" and saved.version == 1
    # The conflicting row now carries the current version: saving again overwrites knowingly.
    again = client.post(URL, posted(html) | {"save": "1"})
    assert again.status_code == 302
    assert ProgressReport.objects.count() == 19


def test_last_periods_text_starts_the_next_period(hsz, today):
    report(hsz, "4.1", year=2024, period="year", progress="去年全年：新引进企业3家。")
    client = client_for(hsz)
    html = client.get(URL).content.decode()
    task = Task.objects.get(number="4.1")
    block = html.split(f'id="task-{task.number}"')[1].split("</article>")[0]
    assert "去年全年：新引进企业3家。" in block and "已按上期（2024年全年）报告预填" in block
    # Prefilled but not edited: not saved (nobody confirmed it is this period's).
    assert client.post(URL, posted(html) | {"save": "1"}).status_code == 302
    assert not ProgressReport.objects.filter(year=2025).exists()


def test_a_submitted_report_is_read_only_and_cannot_be_posted_over(hsz, today):
    submitted = report(hsz, "4.1")
    client = client_for(hsz)
    html = client.get(URL).content.decode()
    assert f'name="t{submitted.task_id}-progress"' not in html and "报告已报送，不能修改" in html
    forged = typed(html) | {f"t{submitted.task_id}-version": "1", f"t{submitted.task_id}-progress": "改写"}
    assert client.post(URL, forged | {"submit": "1"}).status_code == 302
    submitted.refresh_from_db()
    assert submitted.progress == "推进顺利。" and submitted.version == 1


@pytest.mark.parametrize("persona", ["coordinator", "leader", "outsider"])
def test_only_a_reporting_unit_opens_it(request, today, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"submit": "1"}).status_code == 403


def test_unknown_period_is_404(hsz, today):
    client = client_for(hsz)
    assert client.get("/tasks/batch/2025/q1/").status_code == 404
    assert client.get("/tasks/batch/2031/year/").status_code == 404
