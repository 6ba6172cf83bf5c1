"""The 政务公开 pages over HTTP, anonymously: nothing before publication, the approved figures of the published
years only after it, never a submitted figure, an explanation or a person; downloads escaped; cached by version."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from departments import roles
from indicators.models import Figure, Indicator, Target
from indicators.services import FigureInput, figure_approve, figure_save
from plans.models import Plan
from public import services
from public.models import Publication
from tests.api.conftest import APPROVED_NOTE, APPROVED_VALUE, SUBMITTED_NOTE, SUBMITTED_VALUE
from tests.conftest import make_user
from tests.public.conftest import PLAN

pytestmark = pytest.mark.django_db

PAGES = [PLAN, PLAN + "indicators/4/", PLAN + "2024.csv", PLAN + "2024.xlsx"]


def publish(*years):
    plan = Plan.objects.get(code="mfg2023")
    for year in years:
        services.publish(plan=plan, year=year)


def body(response) -> str:
    if response["Content-Type"].startswith("application/vnd.openxml"):
        sheet = load_workbook(io.BytesIO(response.content)).active
        return "\n".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)
    return response.content.decode("utf-8-sig")


def test_before_publication_every_page_is_404(anonymous, api_data):
    assert "目前没有已公开的规划数据" in anonymous.get("/public/").content.decode()
    for url in PAGES:
        assert anonymous.get(url).status_code == 404, url


def test_published_year_shows_approved_figures_only(anonymous, api_data):
    publish(2024)
    index = anonymous.get("/public/").content.decode()
    assert "/public/mfg2023/" in index and "2024年" in index
    page = anonymous.get(PLAN)
    assert page.status_code == 200
    html = page.content.decode()
    row = html.split("高新技术产品出口额")[1].split("</tr>")[0]
    assert APPROVED_VALUE in row and "已达标" in row  # 16.6 against the plan's 16.5
    assert "public, max-age=60" in page["Cache-Control"]
    # 2023 (the submitted figure's year) is not published: 404, and nothing of it anywhere.
    assert anonymous.get(PLAN + "?year=2023").status_code == 404
    assert anonymous.get(PLAN + "2023.csv").status_code == 404
    for url in PAGES:
        response = anonymous.get(url)
        assert response.status_code == 200, url
        text = body(response)
        for secret in (SUBMITTED_VALUE, SUBMITTED_NOTE, APPROVED_NOTE, "api-swj", "api-boss"):
            assert secret not in text, (url, secret)


def test_a_submitted_figure_never_appears_in_a_published_year(anonymous, api_data):
    """2023 published: indicator 4's 2023 figure is submitted, not approved — no value, no status, no note."""
    publish(2023, 2024)
    html = anonymous.get(PLAN + "?year=2023").content.decode()
    assert "暂无数据" in html
    for url in [
        PLAN + "?year=2023",
        PLAN + "indicators/4/",
        PLAN + "2023.csv",
        PLAN + "2023.xlsx",
        "/public/",
    ]:
        text = body(anonymous.get(url))
        assert SUBMITTED_VALUE not in text and SUBMITTED_NOTE not in text, url
    # Once approved it appears, as the data version changed (the page is cached by it).
    boss = make_user("approver", roles.COORDINATOR, "gxj")
    figure_approve(user=boss, figure_id=api_data.submitted.pk, version=api_data.submitted.version)
    assert SUBMITTED_VALUE in anonymous.get(PLAN + "?year=2023").content.decode()


def test_adjusted_targets_and_returned_figures_stay_internal(anonymous, api_data):
    publish(2024)
    target = Target.objects.get(indicator__number=4, year=2024, indicator__plan__code="mfg2023")
    target.adjusted_value, target.adjustment_reason = Decimal("20"), "内部调整：外部环境变化"
    target.save()
    html = anonymous.get(PLAN).content.decode()
    assert "内部调整" not in html and "调整为" not in html
    # Judged against the plan's own 16.5 (已达标), not the adjusted 20 (the dashboard's 未达标).
    row = html.split("高新技术产品出口额")[1].split("</tr>")[0]
    assert "已达标" in row and "16.5" in row and "20" not in row


def test_downloads_escape_formulas(anonymous, api_data):
    publish(2024)
    Indicator.objects.filter(plan__code="mfg2023", number=3).update(name='=HYPERLINK("http://x")')
    csv_text = anonymous.get(PLAN + "2024.csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text and ",=HYPERLINK" not in csv_text
    sheet = load_workbook(io.BytesIO(anonymous.get(PLAN + "2024.xlsx").content)).active
    names = [c.value for c in sheet["C"] if isinstance(c.value, str)]
    assert any(n.startswith("'=HYPERLINK") for n in names), names
    assert not any(n.startswith("=") for n in names)


def test_withdrawn_year_answers_404_and_stays_on_record(anonymous, api_data, coordinator):
    publish(2024)
    assert anonymous.get(PLAN).status_code == 200
    call_command("publish_plan", "mfg2023", "--year", "2024", "--withdraw", stdout=io.StringIO())
    for url in PAGES:
        assert anonymous.get(url).status_code == 404, url
    record = Publication.objects.get(plan__code="mfg2023", year=2024)
    assert record.withdrawn_at is not None and record.published_by is None
    assert record.history.count() == 2  # published, withdrawn
    call_command("publish_plan", "mfg2023", "--year", "2024", stdout=io.StringIO())
    assert anonymous.get(PLAN).status_code == 200
    assert Publication.objects.filter(plan__code="mfg2023", year=2024).count() == 2


@pytest.mark.parametrize(
    "args,message",
    [
        (["nope", "--year", "2024"], "没有代码为“nope”的规划"),
        (["mfg2023", "--year", "2031"], "没有 2031 年"),
        (["mfg2023", "--year", "2024", "--withdraw"], "尚未公开"),
    ],
)
def test_command_refusals_are_chinese(args, message, plan):
    with pytest.raises(CommandError, match=message):
        call_command("publish_plan", *args, stdout=io.StringIO())


def test_bad_parameters_are_404_not_500(anonymous, api_data):
    publish(2024)
    for url in [
        PLAN + "?year=abcd",
        PLAN + "?year=２０２４",
        PLAN + "?year=99999",
        PLAN + "indicators/999/",
        "/public/mfg2023/2031.csv",
        "/public/unknown/",
    ]:
        assert anonymous.get(url).status_code == 404, url
    assert anonymous.post(PLAN).status_code == 405


def test_public_page_queries_are_bounded(anonymous, api_data, django_assert_max_num_queries):
    publish(2024, 2025)
    anonymous.get(PLAN)  # warms the cached standings
    with django_assert_max_num_queries(4):  # the data version, and the cached page
        assert anonymous.get(PLAN).status_code == 200
    with django_assert_max_num_queries(40):  # cold: another year
        assert anonymous.get(PLAN + "?year=2025").status_code == 200


def test_signed_in_reader_sees_the_same_page_not_stored(client, leader, api_data):
    publish(2024)
    client.force_login(leader)
    response = client.get(PLAN)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert APPROVED_VALUE in response.content.decode()


def test_approved_status_figure_unaffected_by_submitted_reference(anonymous, api_data):
    """Indicator 5 is judged against 规上工业增加值增速: unapproved, that series makes the status 待评估."""
    publish(2024)
    indicator = Indicator.objects.get(plan__code="mfg2023", number=5)
    reference = Target.objects.get(indicator=indicator, year=2024).reference
    gxj, boss = make_user("p-gxj", roles.REPORTER, "gxj"), make_user("p-boss", roles.COORDINATOR, "gxj")
    figure = figure_save(
        user=gxj,
        indicator=indicator,
        year=2024,
        data=FigureInput(value=Decimal("9.9")),
        version=0,
        submit=True,
    )
    figure_approve(user=boss, figure_id=figure.pk, version=figure.version)
    figure_save(
        user=gxj,
        indicator=reference,
        year=2024,
        data=FigureInput(value=Decimal("4.4")),
        version=0,
        submit=True,
    )
    html = anonymous.get(PLAN).content.decode()
    row = html.split("高技术制造业增加值增速")[1].split("</tr>")[0]
    assert "9.9" in row and "待评估" in row and "4.4" not in row
    assert "4.4" not in anonymous.get(PLAN + "indicators/5/").content.decode()
    assert Figure.objects.filter(indicator=reference, year=2024).get().status == Figure.Status.SUBMITTED
