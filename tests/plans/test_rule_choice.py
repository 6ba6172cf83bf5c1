"""The load preview offers a hand choice of rule for a target cell the language cannot read (issue 22): a kind
and its numbers per refused cell, posted through the form, kept with the upload and applied on confirm; the
preview and the command show what each target will mean (indicators.rules_more.describe)."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import CommandError
from django.test import Client

from indicators.models import Target
from plans.models import Plan
from tests.plans.conftest import load_sheet
from tests.plans.sheets import table_bytes

pytestmark = pytest.mark.django_db

CODE = "zx2026"
TITLE = "某市专项行动主要指标（2026—2027年）"
HEADER = ["序号", "指标名称", "单位", "2026年目标", "2027年目标", "责任部门"]
ROWS = [
    [1, "制造业投资增速", "%", ">5", "较快增长", "工信局"],
    [2, "高新技术企业数", "家", "1500", "明显增加", "工信局"],
]


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def upload(client):
    file = SimpleUploadedFile("专项.xlsx", table_bytes(TITLE, HEADER, ROWS))
    return client.post("/plans/load/", {"file": file, "code": CODE})


def test_the_command_prints_what_each_target_will_mean(plan, tmp_path):
    path = tmp_path / "ok.xlsx"
    path.write_bytes(table_bytes(TITLE, HEADER, [[1, "制造业投资增速", "%", ">5", ">6", "工信局"]]))
    out = load_sheet(path, code=CODE)
    assert "1 制造业投资增速 2026年：>5 → 大于 5%，等于 5% 不达标" in out


def test_a_refused_cell_can_be_given_a_rule_by_hand_then_loaded(coordinator):
    client = client_for(coordinator)
    assert upload(client).status_code == 302
    html = client.get("/plans/load/preview/").content.decode()
    assert "无法识别的目标“较快增长”" in html and 'id="rule-choices"' in html
    assert "第 3 行 · 制造业投资增速（%） · 2027年目标“较快增长”" in html
    digest = client.session["plan_sheet"]["digest"]

    # An incomplete choice is shown on the form, in Chinese; nothing is kept.
    bad = client.post(
        "/plans/load/choose/", {"digest": digest, "c3-2027-kind": "greater", "c3-2027-value": ""}
    )
    assert bad.status_code == 400 and "请填写目标值" in bad.content.decode()
    assert "choices" not in client.session["plan_sheet"]["options"]

    chosen = {
        "digest": digest,
        "c3-2027-kind": "greater",
        "c3-2027-value": "6",
        "c4-2027-kind": "direction",
        "c4-2027-direction": "up",
    }
    response = client.post("/plans/load/choose/", chosen)
    assert response.status_code == 302 and response["Location"] == "/plans/load/preview/"
    html = client.get("/plans/load/preview/").content.decode()
    assert 'id="errors"' not in html
    assert '<span class="source">较快增长</span><span class="rule">大于 6%，等于 6% 不达标</span>' in html
    assert '<span class="source">明显增加</span><span class="rule">' in html

    response = client.post("/plans/load/confirm/", {"digest": digest})
    assert response.status_code == 302
    plan = Plan.objects.get(code=CODE)
    target = Target.objects.get(indicator__plan=plan, indicator__number=1, year=2027)
    assert (target.source_text, target.kind, target.value) == ("较快增长", "greater", Decimal("6"))
    assert Target.objects.get(indicator__plan=plan, indicator__number=2, year=2027).kind == "direction"


def test_only_the_coordinator_chooses(reporter_gxj):
    client = client_for(reporter_gxj)
    assert client.post("/plans/load/choose/", {"digest": "x"}).status_code == 403


def test_the_command_names_the_refused_cells_and_how_to_choose_their_rules(plan, tmp_path):
    path = tmp_path / "专项.xlsx"
    path.write_bytes(table_bytes(TITLE, HEADER, ROWS))
    with pytest.raises(CommandError) as refused:
        load_sheet(path, code=CODE)
    message = str(refused.value)
    assert "无法识别的目标“较快增长”" in message
    assert (
        "读不懂的目标可用 --choose 行-年=规则[:目标值[:上限]][:down] 手选规则，如 --choose 3-2027=" in message
    )
    assert not Plan.objects.filter(code=CODE).exists()

    # An incomplete choice is named as such; nothing is written.
    with pytest.raises(CommandError, match="手选的规则不完整：请填写目标值"):
        load_sheet(path, "--choose", "3-2027=greater", "--choose", "4-2027=direction", code=CODE)
    assert not Plan.objects.filter(code=CODE).exists()

    out = load_sheet(path, "--choose", "3-2027=大于:6", "--choose", "4-2027=direction:up", code=CODE)
    assert "1 制造业投资增速 2027年：较快增长 → 大于 6%，等于 6% 不达标" in out
    plan = Plan.objects.get(code=CODE)
    target = Target.objects.get(indicator__plan=plan, indicator__number=1, year=2027)
    assert (target.source_text, target.kind, target.value) == ("较快增长", "greater", Decimal("6"))
    assert Target.objects.get(indicator__plan=plan, indicator__number=2, year=2027).kind == "direction"


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("3=greater:6", "应为 行-年=规则"),
        ("3-2027=bigger:6", "“bigger”不是可手选的规则"),
        ("3-2027=range:1:2:3", "的数字过多"),
    ],
)
def test_a_malformed_choice_is_refused_by_the_command(plan, tmp_path, given, message):
    path = tmp_path / "专项.xlsx"
    path.write_bytes(table_bytes(TITLE, HEADER, ROWS))
    with pytest.raises(CommandError, match=message):
        load_sheet(path, "--choose", given, code=CODE)
