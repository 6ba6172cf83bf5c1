"""The coordinator's pages for targets the sheet cannot fix (issue 22): “完成市下达目标” gets its number per year
when the superior's document arrives (document and date kept in the target history; 待评估 with that reason until
then), and a qualitative target (“保持在合理区间”) is judged by the coordinator with a reason. Through HTTP."""

from decimal import Decimal

import pytest
from django.test import Client

from indicators.models import Indicator, Target
from tests.plans.conftest import load_sheet
from tests.plans.sheets import table_bytes

pytestmark = pytest.mark.django_db

CODE = "xd2026"
TITLE = "某市工业经济主要指标（2026—2027年）"
HEADER = ["序号", "指标名称", "单位", "2026年目标", "2027年目标", "责任部门"]
ROWS = [
    [1, "规上工业增加值增长率", "%", "完成市下达目标", "完成市下达目标", "工信局"],
    [2, "工业投资结构", None, "保持在合理区间", "保持在合理区间", "工信局"],
]


@pytest.fixture
def targets(plan, tmp_path) -> tuple[Indicator, Indicator]:
    path = tmp_path / "下达.xlsx"
    path.write_bytes(table_bytes(TITLE, HEADER, ROWS))
    load_sheet(path, code=CODE)
    return Indicator.objects.get(plan__code=CODE, number=1), Indicator.objects.get(plan__code=CODE, number=2)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def row_of(html: str, name: str) -> str:
    """The dashboard table's row of the indicator (not the flash message above it)."""
    table = html[html.index("<tbody>") :]
    return table[table.index(name) :].split("</tr>", 1)[0]


def test_the_assigned_number_is_entered_when_it_arrives(targets, coordinator, reporter_gxj):
    assigned, _ = targets
    reporter = client_for(reporter_gxj)
    assert (
        reporter.post(assigned.entry_url(2026), {"value": "7.2", "version": "0", "submit": "1"}).status_code
        == 302
    )
    client = client_for(coordinator)
    board = client.get(f"/dashboard/?plan={CODE}&year=2026").content.decode()
    assert "尚未下达具体数值，待评估" in row_of(board, "规上工业增加值增长率")

    page = client.get(assigned.get_absolute_url()).content.decode()
    assert 'id="assigned-targets"' in page and "（尚未下达）" in page
    target = Target.objects.get(indicator=assigned, year=2026)
    # Without document and date: refused in Chinese, nothing kept.
    response = client.post(
        f"/targets/{target.pk}/assign/", {"value": "7", "source": "", "on": ""}, follow=True
    )
    assert "请填写下达文件和下达日期" in response.content.decode()
    response = client.post(f"/targets/{target.pk}/assign/", {"value": "abc"}, follow=True)
    assert "请填写数字" in response.content.decode()
    target.refresh_from_db()
    assert target.assigned_value is None

    response = client.post(
        f"/targets/{target.pk}/assign/",
        {"value": "7", "source": "澄政发〔2026〕12号", "on": "2026-03-15"},
    )
    assert response.status_code == 302 and response.url == assigned.get_absolute_url()
    target.refresh_from_db()
    assert (target.assigned_value, target.assigned_source, str(target.assigned_date)) == (
        Decimal("7"),
        "澄政发〔2026〕12号",
        "2026-03-15",
    )
    latest = target.history.first()
    assert latest.history_user == coordinator and "澄政发〔2026〕12号" in latest.history_change_reason
    board = client.get(f"/dashboard/?plan={CODE}&year=2026").content.decode()
    row = row_of(board, "规上工业增加值增长率")
    assert "下达目标：完成 7.2%，目标 7%" in row and "下达 7" in row


def test_a_qualitative_target_is_judged_with_a_reason(targets, coordinator, reporter_gxj):
    _, judged = targets
    target = Target.objects.get(indicator=judged, year=2026)
    client = client_for(coordinator)
    assert 'id="judged-targets"' in client.get(judged.get_absolute_url()).content.decode()
    response = client.post(f"/targets/{target.pk}/judge/", {"judgement": "met", "reason": ""}, follow=True)
    assert "请填写评估理由" in response.content.decode()
    response = client.post(
        f"/targets/{target.pk}/judge/", {"judgement": "met", "reason": "结构持续优化，技改投资占比过半"}
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.judgement, target.judgement_reason) == ("met", "结构持续优化，技改投资占比过半")
    assert "定性评估：已达标" in target.history.first().history_change_reason


def test_only_the_coordinator_may(targets, reporter_gxj, leader):
    assigned, judged = targets
    a = Target.objects.get(indicator=assigned, year=2026)
    j = Target.objects.get(indicator=judged, year=2026)
    for user in (reporter_gxj, leader):
        client = client_for(user)
        assert (
            client.post(
                f"/targets/{a.pk}/assign/", {"value": "7", "source": "x", "on": "2026-01-01"}
            ).status_code
            == 403
        )
        assert client.post(f"/targets/{j.pk}/judge/", {"judgement": "met", "reason": "x"}).status_code == 403
        assert 'id="assigned-targets"' not in client.get(assigned.get_absolute_url()).content.decode()
    a.refresh_from_db()
    assert a.assigned_value is None


def test_the_wrong_kind_is_refused(targets, coordinator):
    assigned, _ = targets
    a = Target.objects.get(indicator=assigned, year=2026)
    response = client_for(coordinator).post(
        f"/targets/{a.pk}/judge/", {"judgement": "met", "reason": "x"}, follow=True
    )
    assert "不是定性目标" in response.content.decode()
