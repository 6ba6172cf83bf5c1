"""The report export (DESIGN.md "Excel" → "Report export"), read back as people and pandas would."""

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pandas as pd
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from core.xlsx import XlsxExporter, escape_formula
from departments import roles
from imports.exports import TemplateExporter
from indicators import services
from indicators.models import Figure, Indicator
from indicators.selectors import slot_status
from tests.conftest import make_user, seed_plan

HEADERS = [
    "一级指标",
    "序号",
    "指标",
    "单位",
    "2022年",
    "2023年目标",
    "2024年目标",
    "2025年目标",
    "责任部门",
    "完成值",
    "状态",
    "评价",
    "说明",
    "原因类别",
    "整改措施",
    "预计赶上",
]
HEADER_ROW = 3  # title, export date, then the header


@pytest.fixture
def plan(db):
    call_command("load_plan")


@pytest.fixture
def report_2025(plan, tmp_path, django_assert_max_num_queries):
    path = tmp_path / "report.xlsx"
    with django_assert_max_num_queries(12):
        call_command("export_report", "--year", "2025", "-o", str(path))
    return path


@pytest.fixture
def sheet(report_2025):
    return openpyxl.load_workbook(report_2025).active


@pytest.fixture
def by_number(sheet):
    """Data rows as lists of cell values, keyed by 序号."""
    rows = sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True)
    return {row[1]: list(row) for row in rows}


def test_title_header_and_layout(sheet):
    assert sheet["A1"].value == "制造强市建设主要指标完成情况（2025年）"
    assert sheet["A2"].value.startswith("导出日期：")
    assert [c.value for c in sheet[HEADER_ROW]] == HEADERS
    assert all(c.font.b for c in sheet[HEADER_ROW])
    assert sheet.freeze_panes == f"A{HEADER_ROW + 1}"
    assert sheet.max_row == HEADER_ROW + 18


def test_numbers_are_numbers(by_number):
    row = by_number[1]
    assert row[:9] == ["质量效益", 1, "规上制造业全员劳动生产率△", "万元/人", 39.1, 39.3, 39.5, 40, "工信局"]
    assert all(isinstance(v, int | float) for v in row[4:8])
    assert by_number[5][4] == -9.1
    assert by_number[17][4:8] == [32.41, 31, 30, 30]


def test_irregular_cells_keep_source_text(by_number):
    assert by_number[2][4:8] == ["34.4左右", "34.5左右", "34.8左右", "35左右"]
    assert by_number[5][5:8] == ["年均增速高于规上工业增速"] * 3
    assert by_number[8][4] == "—"
    assert by_number[9][5:9] == [0, "力争1家", "力争1家", "发改委、科技局、工信局"]
    assert isinstance(by_number[9][5], int)
    assert by_number[15][5:8] == ["全市领先"] * 3
    assert by_number[10][3] is None  # 两化融合发展水平 has no unit


def test_status_after_the_year(by_number):
    # It is 2026 or later: the 2025 figure is due and no figure exists yet.
    assert {row[10] for row in by_number.values()} == {"未报送"}
    assert {row[9] for row in by_number.values()} == {None}


def test_pandas_reads_every_row(report_2025):
    df = pd.read_excel(report_2025, engine="calamine", header=HEADER_ROW - 1)
    assert list(df.columns) == HEADERS
    assert len(df) == 18
    assert df["序号"].tolist() == list(range(1, 19))
    # 一级指标 is merged over its indicators as in the appendix: the first row of each run carries it.
    assert df["一级指标"].ffill().tolist()[:3] == ["质量效益", "质量效益", "产业结构"]
    first = df.iloc[0]
    assert first["指标"] == "规上制造业全员劳动生产率△"
    assert [first["2022年"], first["2023年目标"], first["2024年目标"], first["2025年目标"]] == [
        39.1,
        39.3,
        39.5,
        40,
    ]
    assert df.loc[df["序号"] == 2, "2025年目标"].item() == "35左右"


def test_number_formats_follow_decimal_places(sheet):
    row = {c.column: c for c in sheet[HEADER_ROW + 1]}  # indicator 1
    assert row[5].number_format == "0.0"
    assert row[8].number_format == "0"


def test_report_status():
    assert slot_status(None, 2025, "year", today=date(2025, 12, 31)) == "未到期"
    assert slot_status(None, 2025, "year", today=date(2025, 3, 1)) == "未到期"
    assert slot_status(None, 2025, "year", today=date(2026, 1, 1)) == "未报送"
    assert slot_status(None, 2025, "h1", today=date(2025, 7, 1)) == "未报送"


@pytest.mark.parametrize("year", ["2022", "2026"])
def test_bad_year(plan, tmp_path, year):
    with pytest.raises(CommandError, match=f"没有包含 {year} 年的规划（mfg2023 2023—2025年）"):
        call_command("export_report", "--year", year, "-o", str(tmp_path / "x.xlsx"))


def test_unknown_or_wrong_plan(plan, tmp_path):
    with pytest.raises(CommandError, match="没有代码为“x2099”的规划（已有：mfg2023）"):
        call_command("export_report", "--year", "2024", "--plan", "x2099", "-o", str(tmp_path / "x.xlsx"))
    with pytest.raises(CommandError, match="只包含 2023—2025年，不含 2026 年"):
        call_command("export_report", "--year", "2026", "--plan", "mfg2023", "-o", str(tmp_path / "x.xlsx"))


@pytest.mark.parametrize("text", ["=SUM(A1)", "+1", "-2", "@x", "\tfoo", "\rfoo"])
def test_escape_formula_prefixes_formula_starts(text):
    assert escape_formula(text) == "'" + text


@pytest.mark.parametrize("value", ["工信局", "34.5左右", "—", "", 1, -2, -9.1, Decimal("-9.1"), None])
def test_escape_formula_leaves_other_values(value):
    assert escape_formula(value) == value


class _Tiny(XlsxExporter):
    sheet_name = "测试"
    headers = [("文本", 10), ("数值", 10)]

    def rows(self):
        yield ['=HYPERLINK("http://x")', Decimal("-2.50")]


def test_exported_formula_text_is_a_string(tmp_path):
    path = tmp_path / "tiny.xlsx"
    assert _Tiny().write(path) == 1
    text, number = openpyxl.load_workbook(path).active[2]
    assert text.data_type == "s"
    assert text.value == '\'=HYPERLINK("http://x")'
    assert number.value == -2.5 and number.number_format == "0.0"


def test_to_bytes_is_an_xlsx():
    assert _Tiny().to_bytes()[:2] == b"PK"


# The official look (issue 15): merged 一级指标, 宋体/仿宋, status colours with the status text, the department's
# own columns apart from the automatic evaluation, print titles and a page N of M footer.


def test_category_cells_are_merged_like_the_appendix(sheet, by_number):
    merged = {str(r) for r in sheet.merged_cells.ranges}
    first = HEADER_ROW + 1
    assert f"A{first}:A{first + 1}" in merged  # 质量效益: indicators 1 and 2
    assert f"A{first + 2}:A{first + 5}" in merged  # 产业结构: 3 to 6
    assert sheet[f"A{first + 2}"].value == "产业结构"
    assert sheet[f"A{first + 2}"].alignment.horizontal == "center"
    assert by_number[2][0] is None  # covered by the merge


def test_fonts_and_print_setup(sheet):
    assert (sheet["A1"].font.name, sheet["A1"].font.b, sheet["A1"].font.sz) == ("宋体", True, 16)
    assert {c.font.name for c in sheet[HEADER_ROW]} == {"宋体"}
    assert {c.font.name for c in sheet[HEADER_ROW + 1]} == {"仿宋"}
    assert sheet.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"  # the header row repeats on every page
    assert sheet.oddFooter.center.text == "第 &P 页，共 &N 页"
    assert sheet.oddHeader.center.text == "制造强市建设主要指标完成情况（2025年）"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9  # A4


@pytest.fixture
def missed_2024(plan):
    """Indicator 7 (研发投入强度, 科技局) missed in 2024 and explained through the entry service, approved."""
    reporter = make_user("kjj-staff", roles.REPORTER, "kjj")
    coordinator = make_user("coord", roles.COORDINATOR, "gxj")
    figure = services.figure_save(
        user=reporter,
        indicator=Indicator.objects.get(number=7),
        year=2024,
        data=services.FigureInput(
            value=Decimal("1.91"),
            explanation="=研发费用加计扣除口径调整",
            miss_cause=Figure.MissCause.STATISTICS,
            remedy="组织企业补报研发费用",
            catch_up_year=2025,
            catch_up_period="h1",
        ),
        version=0,
        submit=True,
    )
    services.figure_approve(user=coordinator, figure_id=figure.pk)
    return figure


def test_department_columns_apart_from_the_evaluation(missed_2024, tmp_path):
    path = tmp_path / "r.xlsx"
    call_command("export_report", "--year", "2024", "-o", str(path))
    sheet = openpyxl.load_workbook(path).active
    row = next(r for r in sheet.iter_rows(min_row=HEADER_ROW + 1) if r[1].value == 7)
    cells = dict(zip(HEADERS, (c.value for c in row), strict=True))
    assert cells["完成值"] == 1.91 and cells["状态"] == "未达标"
    assert cells["评价"] == "完成 1.91%，目标 1.95%，差 0.04 个百分点"
    assert cells["说明"] == "'=研发费用加计扣除口径调整"  # the department's words, escaped, nothing added
    assert (cells["原因类别"], cells["整改措施"], cells["预计赶上"]) == (
        "统计口径",
        "组织企业补报研发费用",
        "2025年上半年",
    )
    status = row[HEADERS.index("状态")]
    assert status.font.b and status.fill.fgColor.rgb.endswith("F8CBAD")
    others = [r for r in sheet.iter_rows(min_row=HEADER_ROW + 1) if r[1].value != 7]
    assert all(r[HEADERS.index("说明")].value is None for r in others)
    assert {r[HEADERS.index("状态")].value for r in others} == {"未报送"}


def test_the_fill_in_template_keeps_one_category_per_row(plan):
    """The import reads the template back: it stays unmerged, so every row names its 一级指标."""
    sheet = openpyxl.load_workbook(io.BytesIO(TemplateExporter(seed_plan(), 2024).to_bytes())).active
    assert not sheet.merged_cells.ranges or all(r.min_row < HEADER_ROW for r in sheet.merged_cells.ranges)
    assert all(sheet.cell(row, 1).value for row in range(HEADER_ROW + 1, sheet.max_row + 1))
