"""数据质量 at entry, through HTTP as reporters use the form: each kind of slip is caught with a Chinese message
naming the likely value; hard findings refuse the value, soft ones only ask for 已核实 before submitting."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from indicators.models import Figure, Indicator
from indicators.quality_forms import CONFIRM_MESSAGE

pytestmark = pytest.mark.usefixtures("plan")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(number, period="year", year=2024) -> str:
    return f"/entry/{year}/{number}/" if period == "year" else f"/entry/{year}/{number}/{period}/"


def post(client, number, value, *, period="year", submit=False, **fields):
    data = {"version": 0, "value": value, **fields}
    data["submit" if submit else "save"] = "1"
    return client.post(url(number, period), data)


def stored(number, year, period, value):
    """A figure already in the database (last year's, another series' or an earlier quarter's)."""
    indicator = Indicator.objects.get(number=number)
    return Figure.objects.create(
        indicator=indicator, year=year, period=period, value=Decimal(value), status=Figure.Status.APPROVED
    )


def errors(response, field="value") -> list[str]:
    return list(response.context["form"].errors.get(field, []))


MISS_EXPLAINED = {  # some slips also miss the target: a submission then needs these too
    "explanation": "认定复核后有企业退出",
    "miss_cause": "statistics",
    "remedy": "加强梯度培育",
    "catch_up": f"{date.today().year + 1}-year",  # only periods not yet ended are offered
}

HARD = [
    ("1", "3900", "year", [],
     "3900万元/人超出有效范围（0–400万元/人）。约为预期的 100 倍，是否多打了 0 或小数点错位？应为 39万元/人"),
    ("2", "101", "year", [], "101%超出有效范围（0–100%），请更正"),
    ("6", "3500", "year", [(6, 2024, "q3", "3600")],
     "全年累计 3500亿元小于前三季度累计 3600亿元：年内累计数只增不减"),
    ("13", "4.5", "year", [], "4.5家应为整数"),
]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize(("number", "value", "period", "before", "message"), HARD)
def test_hard_slips_are_refused_even_as_a_draft(reporter_gxj, number, value, period, before, message):
    for args in before:
        stored(*args)
    response = post(client_for(reporter_gxj), number, value, period=period)
    assert response.status_code == 400
    assert errors(response) == [message]
    assert message in response.content.decode()
    assert not Figure.objects.filter(indicator__number=number, year=2024, period=period).exists()


SOFT = [
    ("5", "5.6", "q3", [(5, 2024, "q1", "-5.2"), (5, 2024, "h1", "-4.8")],
     "5.6%与2024年上半年 -4.8%符号相反，是否漏写或多写了负号？若符号有误应为 -5.6%"),
    ("14", "160", "year", [(14, 2023, "year", "170")], "160家少于2023年全年 170家：存量数通常不会减少，请核实"),
    ("14", "200", "year", [(14, 2023, "year", "190"), (16, 2024, "year", "150")],
     "省级以上专精特新中小企业 200 家多于科技型中小企业入库数 150 家，请核实"),
    ("1", "60", "year", [], "60万元/人不在常见范围（30–50万元/人）内，请核实"),
]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize(("number", "value", "period", "before", "message"), SOFT)
def test_soft_slips_warn_save_as_draft_and_submit_once_confirmed(
    reporter_gxj, number, value, period, before, message
):
    for args in before:
        stored(*args)
    client = client_for(reporter_gxj)
    preview = client.post(url(number, period).rstrip("/") + "/preview/", {"value": value, "version": 0})
    assert message in preview.content.decode()

    assert post(client, number, value, period=period).status_code == 302  # a draft needs no confirmation
    figure = Figure.objects.get(indicator__number=number, year=2024, period=period)
    assert figure.status == Figure.Status.DRAFT and figure.value == Decimal(value)
    assert message in client.get(url(number, period)).content.decode()

    refused = client.post(url(number, period), {"version": figure.version, "value": value, "submit": "1"})
    assert refused.status_code == 400
    assert errors(refused, "quality_note") == [CONFIRM_MESSAGE]
    unnoted = {"version": figure.version, "value": value, "submit": "1", "quality_confirmed": "on"}
    assert client.post(url(number, period), unnoted).status_code == 400

    confirmed = {**unnoted, **MISS_EXPLAINED, "quality_note": "已与统计局核对，口径无误"}
    response = client.post(url(number, period), confirmed)
    assert response.status_code == 302, response.context["form"].errors
    figure.refresh_from_db()
    assert figure.status == Figure.Status.SUBMITTED
    assert message in figure.quality_findings.splitlines()
    assert figure.quality_note == "已与统计局核对，口径无误"
    assert figure.quality_confirmed_by == reporter_gxj and figure.quality_confirmed_at is not None
    assert figure.history.latest().quality_note == "已与统计局核对，口径无误"


@pytest.mark.django_db
def test_an_ordinary_value_submits_without_confirmation(reporter_gxj):
    stored(1, 2023, "year", "39.4")
    response = post(client_for(reporter_gxj), 1, "40.2", submit=True)
    assert response.status_code == 302
    figure = Figure.objects.get(indicator__number=1, year=2024, period="year")
    assert figure.status == Figure.Status.SUBMITTED
    assert figure.quality_findings == "" and figure.quality_note == "" and figure.quality_confirmed_by is None
