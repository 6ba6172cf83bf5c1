"""Several plans over the same years: a second plan over 2023–2025 loaded beside the seed keeps its own
figures, its own template round trip and its own pages; the seed's paths and figures are unchanged."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.test import Client

from imports import services
from imports.exports import TemplateExporter
from imports.rows import Rows
from indicators.models import Figure, Indicator
from plans.models import Plan
from tests.conftest import seed_plan
from tests.plans.conftest import load_sheet
from tests.plans.sheets import write

pytestmark = pytest.mark.django_db

CODE = "szjj2023"
HEADER = ["一级指标", "序号", "指标", "2022年", "2023年目标", "2024年目标", "2025年目标", "责任部门"]
ROWS = [
    ["数字经济", 1, "数字经济核心产业营业收入（亿元）", 700, 760, 820, 870, "工信局"],
    [None, 2, "星级上云企业数（家）", 300, 360, 430, 500, "工信局"],
    [None, 3, "高新技术产品出口额（亿元）", 120, 130, 140, 150, "商务局"],
]


@pytest.fixture
def overlap(plan, tmp_path) -> tuple[Plan, str]:
    """The 数字经济 plan over 2023–2025 beside the seed; the load command's output."""
    path = write(
        tmp_path / "数字经济.xlsx",
        rows=ROWS,
        header=HEADER,
        title="江阴市数字经济发展主要指标",
        merges=[(2, 1, 2, 8), (4, 1, 6, 1)],
    )
    out = load_sheet(path, code=CODE)
    return Plan.objects.get(code=CODE), out


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_load_warns_of_the_overlap_and_names_the_default(overlap):
    _, out = overlap
    assert "注意：规划 szjj2023 与 mfg2023" in out
    assert "同时包含 2023—2025 年" in out
    assert "默认进入 mfg2023" in out


def test_entry_paths_name_the_plan_and_bare_paths_stay_the_seeds(overlap, reporter_gxj):
    other, _ = overlap
    theirs = Indicator.objects.get(plan=other, number=1)
    ours = Indicator.objects.get(plan=seed_plan(), number=1)
    assert theirs.entry_url(2024) == "/entry/2024/1/?plan=szjj2023"
    assert ours.entry_url(2024) == "/entry/2024/1/"
    assert theirs.entry_url(2024, "h1") == "/entry/2024/1/h1/?plan=szjj2023"

    client = signed_in(reporter_gxj)
    assert "数字经济核心产业营业收入" in client.get("/entry/2024/1/?plan=szjj2023").content.decode()
    assert "规上制造业全员劳动生产率" in client.get("/entry/2024/1/").content.decode()
    unknown = client.get("/entry/2024/1/?plan=nosuch")
    assert unknown.status_code == 404
    assert "没有代码为“nosuch”的规划" in unknown.content.decode()


def test_a_figure_saved_through_the_other_plans_form_is_its_own(overlap, reporter_gxj):
    other, _ = overlap
    client = signed_in(reporter_gxj)
    response = client.post("/entry/2024/1/?plan=szjj2023", {"value": "830", "version": "0", "submit": "1"})
    assert response.status_code == 302
    assert response.url == "/entry/2024/1/?plan=szjj2023"  # back to the same plan's form
    figure = Figure.objects.get(year=2024, period="year")
    assert (figure.indicator.plan, figure.indicator.number, figure.value) == (other, 1, Decimal("830"))
    assert not Figure.objects.filter(indicator__plan=seed_plan()).exists()


def test_each_plans_template_round_trips_to_its_own_indicators(overlap, importer):
    other, _ = overlap
    for plan, number, value in ((other, 2, 445), (seed_plan(), 1, 39.8)):
        book = openpyxl.load_workbook(io.BytesIO(TemplateExporter(plan, 2024).to_bytes()))
        sheet = book.active
        assert f"规划代码：{plan.code}" in sheet.cell(2, 1).value
        headers = [c.value for c in sheet[3]]
        row = next(r for r in range(4, sheet.max_row + 1) if sheet.cell(r, 2).value == number)
        sheet.cell(row, headers.index("完成值") + 1).value = value
        buffer = io.BytesIO()
        book.save(buffer)
        batch = services.import_preview(user=importer, file_name=f"{plan.code}.xlsx", data=buffer.getvalue())
        assert batch.error_count == 0, Rows.from_json(batch.rows).messages()
        services.import_confirm(user=importer, batch_id=batch.pk)
        assert Figure.objects.get(indicator__plan=plan, indicator__number=number, year=2024).value == Decimal(
            str(value)
        )
    assert Figure.objects.count() == 2


def test_a_stamp_naming_no_plan_is_a_row_error(overlap, importer):
    book = openpyxl.load_workbook(io.BytesIO(TemplateExporter(overlap[0], 2024).to_bytes()))
    sheet = book.active
    sheet.cell(2, 1).value = sheet.cell(2, 1).value.replace("szjj2023", "gone2023")
    headers = [c.value for c in sheet[3]]
    sheet.cell(4, headers.index("完成值") + 1).value = 800
    buffer = io.BytesIO()
    book.save(buffer)
    batch = services.import_preview(user=importer, file_name="x.xlsx", data=buffer.getvalue())
    assert "表头上方标注的规划代码“gone2023”不存在" in "\n".join(Rows.from_json(batch.rows).messages())
    assert not Figure.objects.exists()


def test_the_template_download_takes_the_plan(overlap, coordinator):
    client = signed_in(coordinator)
    response = client.get("/imports/template/?year=2024&plan=szjj2023")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert "规划代码：szjj2023" in sheet.cell(2, 1).value
    assert client.get("/imports/template/?year=2024&plan=nosuch").status_code == 404


@pytest.mark.parametrize(
    ("short_name", "title"),
    [
        ("制造强市建设", "制造强市建设主要指标完成情况"),
        ("江阴市“十五五”规划主要目标", "江阴市“十五五”规划主要目标完成情况"),
        ("数字经济发展主要指标", "数字经济发展主要指标完成情况"),
    ],
)
def test_a_report_title_does_not_say_its_genre_twice(short_name, title):
    assert Plan(short_name=short_name).table_title == title


def test_pages_take_their_years_and_plan_from_the_plans_data(overlap, coordinator):
    """The dashboard's baseline column, the task pages' pacing text and the footer come from the plan shown."""
    client = signed_in(coordinator)
    board = client.get("/dashboard/?plan=szjj2023&year=2024").content.decode()
    assert "<th>2022年</th>" in board
    other = Plan.objects.get(code=CODE)
    other.baseline_year = 2021  # as the admin saves it
    other.save()
    board = client.get("/dashboard/?plan=szjj2023&year=2024").content.decode()
    assert "<th>2021年</th>" in board and "<th>2022年</th>" not in board
    seed = seed_plan()
    tree = client.get("/tasks/").content.decode()
    assert f"“到{seed.last_year}年”的目标按 {seed.first_year} 年初至目标年底均匀推进" in tree
    assert f"依据《{seed.name}》（{seed.issuer}，2023年12月15日）" in tree
