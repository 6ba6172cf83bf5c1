"""数据质量 rules as data: load_plan stores quality.yaml beside the plan (idempotent, versioned), and the
coordinator edits them in the admin, where a malformed expression is refused in Chinese."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client

from indicators.models import CrossRule, Figure, QualityRule
from tests.conftest import seed_plan

pytestmark = pytest.mark.usefixtures("plan")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_load_plan_stores_the_rules_and_a_second_run_changes_nothing():
    rule = QualityRule.objects.get(indicator__plan=seed_plan(), indicator__code="1")
    assert (rule.valid_min, rule.valid_max, rule.plausible_min, rule.plausible_max) == (0, 400, 30, 50)
    assert QualityRule.objects.get(indicator__code="14").cannot_fall == "soft"
    assert QualityRule.objects.get(indicator__code="13").whole
    assert set(CrossRule.objects.values_list("code", flat=True)) == {
        "gjs_vs_gsgy",
        "bgqy_within_jq",
        "zjtx_within_kjx",
    }
    out = io.StringIO()
    call_command("load_plan", stdout=out)
    assert "数据质量规则：新增 0，更新 0，未变 19" in out.getvalue()
    assert "规划数据无变化。" in out.getvalue()


def errors(response, field="expression") -> list[str]:
    return response.context["adminform"].form.errors[field]


def _cross_form(rule: CrossRule, **changes) -> dict:
    data = {
        "plan": rule.plan_id,
        "code": rule.code,
        "expression": rule.expression,
        "message": rule.message,
        "level": rule.level,
        "periods": rule.periods,
    }
    return data | changes


@pytest.mark.django_db
def test_coordinator_edits_a_cross_rule_and_a_bad_expression_is_refused(coordinator, reporter_gxj):
    rule = CrossRule.objects.get(code="zjtx_within_kjx")
    url = f"/admin/indicators/crossrule/{rule.pk}/change/"
    client = client_for(coordinator)
    bad = client.post(url, _cross_form(rule, expression="#14 <= #16 +"))
    assert bad.status_code == 200
    assert errors(bad) == ["条件“#14 <= #16 +”第 13 个字符处：表达式意外结束，此处应为数值、指标引用或“(”"]
    assert "表达式意外结束" in bad.content.decode()
    unknown = client.post(url, _cross_form(rule, expression="#14 <= #99"))
    assert errors(unknown) == ["条件引用的 #99 不是该规划的指标"]

    # The coordinator tightens the rule: a part above half of the whole now warns at entry.
    response = client.post(url, _cross_form(rule, expression="#14 * 2 <= #16"))
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.expression == "#14 * 2 <= #16" and rule.history.count() == 2
    Figure.objects.create(indicator=rule.plan.indicators.get(code="16"), year=2024, value=Decimal("300"))
    preview = client_for(reporter_gxj).post("/entry/2024/14/preview/", {"value": "200", "version": 0})
    assert (
        "省级以上专精特新中小企业 200 家多于科技型中小企业入库数 300 家，请核实" in preview.content.decode()
    )


@pytest.mark.django_db
def test_quality_rule_admin_refuses_ranges_that_contradict(coordinator):
    rule = QualityRule.objects.get(indicator__code="2")
    data = {
        "indicator": rule.indicator_id,
        "valid_min": "0",
        "valid_max": "100",
        "plausible_min": "50",
        "plausible_max": "120",
        "cannot_fall": "",
        "ratio": "3",
    }
    html = client_for(coordinator).post(f"/admin/indicators/qualityrule/{rule.pk}/change/", data)
    assert "常见范围 120 超出有效范围 100" in html.content.decode()
