"""The import form lets the user choose the plan for a file that names none (issue 22): a long layout (one row per
indicator and year) beside an overlapping plan files its rows under the chosen plan; without a choice, under the
newest plan covering the year; a template's own stamp is kept. Through the upload form over HTTP."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from imports.models import ImportBatch
from indicators.models import Indicator
from plans.models import Plan
from tests.imports.conftest import LONG_HEADER, xlsx
from tests.plans.conftest import load_sheet
from tests.plans.sheets import write

pytestmark = pytest.mark.django_db

CODE = "szjj2023"
HEADER = ["一级指标", "序号", "指标", "2022年", "2023年目标", "2024年目标", "2025年目标", "责任部门"]
ROWS = [["数字经济", 1, "数字经济核心产业营业收入（亿元）", 700, 760, 820, 870, "工信局"]]


@pytest.fixture
def other(plan, tmp_path) -> Plan:
    path = write(
        tmp_path / "数字经济.xlsx", rows=ROWS, header=HEADER, title="江阴市数字经济发展主要指标", merges=[]
    )
    load_sheet(path, code=CODE)
    return Plan.objects.get(code=CODE)


def upload(client, plan_code: str | None):
    data = xlsx([LONG_HEADER, [1, None, 2024, "全年", 830, None, ""]])
    fields = {"file": SimpleUploadedFile("长表.xlsx", data)}
    if plan_code is not None:
        fields["plan"] = plan_code
    return client.post("/imports/", fields)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_form_offers_the_plans(other, importer):
    page = signed_in(importer).get("/imports/").content.decode()
    assert 'name="plan"' in page and f'value="{CODE}"' in page and "江阴市数字经济发展主要指标" in page


def test_a_long_file_goes_to_the_chosen_plan(other, importer):
    client = signed_in(importer)
    response = upload(client, CODE)
    assert response.status_code == 302
    batch = ImportBatch.objects.latest("pk")
    assert batch.rows["indicator_id"] == [Indicator.objects.get(plan=other, number=1).pk]
    assert "数字经济核心产业营业收入" in client.get(response.url).content.decode()


def test_without_a_choice_the_newest_plan_covering_the_year(other, importer):
    response = upload(signed_in(importer), "")
    assert response.status_code == 302
    batch = ImportBatch.objects.latest("pk")
    default = Plan.objects.get(
        code="mfg2023"
    )  # the seed stays the default for 2024 (tests/plans/test_overlapping_plans.py)
    assert Indicator.objects.get(pk=batch.rows["indicator_id"][0]).plan == default


def test_an_unknown_plan_is_a_form_error(other, importer):
    response = upload(signed_in(importer), "nosuch")
    assert response.status_code == 400
    assert "没有这个规划，请从列表中选择。" in response.content.decode()
