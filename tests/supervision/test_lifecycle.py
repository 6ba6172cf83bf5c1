"""A 督办单's whole life through HTTP: the coordinator issues it for a red item, the unit sees it first in 我的待办,
answers late (escalated to the leader who follows the unit meanwhile, and in the unit's 催报), the coordinator
returns it and accepts the second answer — with who may see and do what, and every step in the history."""

import io
import re
from datetime import date

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from docx import Document

from indicators.models import Indicator
from supervision.models import Notice, UnitLeader
from supervision.selectors import notice_counts
from tasks.reminders import reminders_preview

pytestmark = pytest.mark.django_db

ISSUED = date(2025, 3, 3)  # 2024 全年 figures were due by 31 January (core.due's default): overdue, so red
LATE = date(2025, 3, 12)


@pytest.fixture
def today(monkeypatch):
    day = {"value": ISSUED}
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day["value"])
    return day


@pytest.fixture
def as_user():
    def make(user):
        client = Client()
        client.force_login(user)
        return client

    return make


def key_of_indicator_4() -> str:
    return f"figure-{Indicator.objects.get(plan__code='mfg2023', number=4).pk}-2024-year"


def test_a_notice_from_issue_to_acceptance(
    today, as_user, coordinator, reporter_swj, reporter_gxj, leader, importer, outsider
):
    reporter_swj.email = "alice@swj.example"
    reporter_swj.save()
    leader.email = "diana@example.gov.cn"
    leader.save()
    UnitLeader.objects.create(department=reporter_swj.department, leader=leader)
    boss, unit, other = as_user(coordinator), as_user(reporter_swj), as_user(reporter_gxj)
    key = key_of_indicator_4()

    # Today's red items: indicator 4 (市商务局) has no 2024 figure after its deadline.
    page = boss.get("/supervision/").content.decode()
    assert f"?item={key}" in page and "逾期未报" in page

    # Only the coordinator issues.
    form = {"item": key, "facts": "2024年全年数据逾期未报。", "requirement": "请立即报送并说明原因。"}
    form["reply_by"] = "2025-03-10"
    for refused in (unit, as_user(leader), as_user(importer), as_user(outsider)):
        assert refused.post("/supervision/new/", form).status_code == 403
        assert refused.get(f"/supervision/new/?item={key}").status_code == 403
    assert boss.get("/supervision/new/?item=figure-999999-2024-year").status_code == 404
    assert boss.get(f"/supervision/new/?item={key}").status_code == 200
    response = boss.post("/supervision/new/", {**form, "reply_by": "2025-03-01"})
    assert response.status_code == 400 and "答复期限不能早于今天" in response.content.decode()
    response = boss.post("/supervision/new/", form)
    notice = Notice.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/supervision/{notice.pk}/"
    assert notice.number == "〔2025〕1号" and notice.department == reporter_swj.department
    assert boss.post("/supervision/new/", form).status_code == 400  # one open notice per item

    # The unit sees it first in 我的待办; another unit does not see it at all; an outsider is refused.
    home = unit.get("/").content.decode()
    assert "〔2025〕1号" in home
    assert home.index("〔2025〕1号") < home.index('class="year-group"')
    assert "〔2025〕1号" not in other.get("/").content.decode()
    assert "〔2025〕1号" not in other.get("/supervision/").content.decode()
    assert other.get(f"/supervision/{notice.pk}/").status_code == 404
    assert other.get(f"/supervision/{notice.pk}/docx/").status_code == 404
    assert as_user(outsider).get("/supervision/").status_code == 403
    assert as_user(importer).get(f"/supervision/{notice.pk}/").status_code == 403
    assert unit.post(f"/supervision/{notice.pk}/accept/", {"version": notice.version}).status_code == 403

    # The deadline passes unanswered: escalated to the leader who follows 市商务局, and in the unit's 催报.
    today["value"] = LATE
    assert boss.post("/supervision/escalate/").status_code == 302
    notice.refresh_from_db()
    assert notice.escalated_at is not None
    assert [m.to for m in mail.outbox] == [["diana@example.gov.cn"]]
    assert "〔2025〕1号" in mail.outbox[0].body
    assert "〔2025〕1号" in as_user(leader).get("/").content.decode()
    previews, _ = reminders_preview(today=LATE)
    body = next(p.body for p in previews if p.department == reporter_swj.department)
    assert "督办单答复" in body and "〔2025〕1号" in body and "已逾期未答复" in body

    # The unit answers late; the coordinator sends it back, then accepts the second answer.
    answer = {"version": notice.version, "rectification": "已补报。", "measures": "专人负责按月报送。"}
    answer |= {"catch_up_year": "2025", "catch_up_period": "h1", "attachments": "统计报表1份", "submit": "1"}
    assert other.post(f"/supervision/{notice.pk}/", answer).status_code == 404
    response = unit.post(f"/supervision/{notice.pk}/", {**answer, "measures": ""})
    assert response.status_code == 400 and "答复前请填写整改措施" in response.content.decode()
    assert unit.post(f"/supervision/{notice.pk}/", answer).status_code == 302
    notice.refresh_from_db()
    assert notice.status == Notice.Status.ANSWERED and notice.catch_up_label == "2025年上半年"
    assert notice_counts(year=2025, today=LATE) == {reporter_swj.department_id: (1, 0)}  # answered late
    assert unit.post(f"/supervision/{notice.pk}/", answer).status_code == 403  # handed in: locked

    back = {"version": notice.version, "reason": ""}
    boss.post(f"/supervision/{notice.pk}/return/", back)
    notice.refresh_from_db()
    assert notice.status == Notice.Status.ANSWERED  # a return needs its reason
    boss.post(f"/supervision/{notice.pk}/return/", {**back, "reason": "请补充原因分析。"})
    notice.refresh_from_db()
    assert notice.status == Notice.Status.RETURNED and notice.review_note == "请补充原因分析。"
    assert unit.post(f"/supervision/{notice.pk}/", {**answer, "version": notice.version}).status_code == 302
    notice.refresh_from_db()
    boss.post(f"/supervision/{notice.pk}/accept/", {"version": notice.version})
    notice.refresh_from_db()
    assert notice.status == Notice.Status.ACCEPTED
    assert "〔2025〕1号" not in unit.get("/").content.decode()  # 办结: no longer 待办

    reasons = list(
        Notice.history.filter(id=notice.pk)
        .order_by("history_date")
        .values_list("history_change_reason", flat=True)
    )
    assert reasons == [
        "签发督办单〔2025〕1号",
        "逾期未答复，已上报分管领导（答复期限 2025-03-10）",
        "答复",
        "退回：请补充原因分析。",
        "答复",
        "办结",
    ]
    page = boss.get(f"/supervision/{notice.pk}/").content.decode()
    assert "办理记录" in page and "退回：请补充原因分析。" in page

    # The Word document, in the 通报's format, names the number, the item and the answer.
    response = unit.get(f"/supervision/{notice.pk}/docx/")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "〔2025〕1号" in text and "市商务局：" in text
    assert re.search(r"4\.\s?.*2024年全年", text)
    assert "已补报" in text and "江阴市工业和信息化局" in text


def test_numbers_run_per_year(today, as_user, coordinator):
    boss = as_user(coordinator)
    page = boss.get("/supervision/").content.decode()
    keys = re.findall(r"\?item=([a-z0-9-]+)", page)
    assert len(keys) >= 3
    form = {"facts": "逾期未报。", "requirement": "请报送。", "reply_by": "2025-03-20"}
    for key in keys[:2]:
        assert boss.post("/supervision/new/", {**form, "item": key}).status_code == 302
    today["value"] = date(2026, 1, 5)
    form["reply_by"] = "2026-01-20"
    page = boss.get("/supervision/").content.decode()
    fresh = re.findall(r"\?item=([a-z0-9-]+)", page)
    assert boss.post("/supervision/new/", {**form, "item": fresh[0]}).status_code == 302
    assert sorted(n.number for n in Notice.objects.all()) == ["〔2025〕1号", "〔2025〕2号", "〔2026〕1号"]
