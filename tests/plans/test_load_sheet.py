"""`load_plan --xlsx FILE --plan CODE`: a successor plan from its appendix sheet, loaded beside the seed plan."""

import io
import re
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError

from departments.models import Department
from indicators.models import Category, Indicator, IndicatorDepartment, Target
from plans.models import Plan
from tests.conftest import SEED_PLAN
from tests.plans.conftest import load_sheet, row_counts
from tests.plans.sheets import CODE, HEADER, ROWS, TITLE, workbook_bytes, write

pytestmark = pytest.mark.django_db


def seed_state() -> dict:
    """What the seed plan holds: its rows by model, and every target and department link as values."""
    return {
        "categories": list(Category.objects.filter(plan__code=SEED_PLAN).values_list("name", "sort_order")),
        "indicators": list(
            Indicator.objects.filter(plan__code=SEED_PLAN)
            .order_by("code")
            .values_list("code", "name", "unit", "mark", "baseline", "baseline_text", "precision")
        ),
        "targets": list(
            Target.objects.filter(indicator__plan__code=SEED_PLAN)
            .order_by("indicator__code", "year")
            .values_list("indicator__code", "year", "kind", "value", "source_text", "reference__code")
        ),
        "links": list(
            IndicatorDepartment.objects.filter(indicator__plan__code=SEED_PLAN)
            .order_by("indicator__code", "order")
            .values_list("indicator__code", "department__code")
        ),
        "plan": list(Plan.objects.filter(code=SEED_PLAN).values()),
        "departments": list(Department.objects.order_by("code").values()),
    }


def targets(number: int) -> list[tuple]:
    return list(
        Target.objects.filter(indicator__plan__code=CODE, indicator__number=number)
        .order_by("year")
        .values_list("year", "kind", "value", "source_text")
    )


def links(number: int) -> list[str]:
    indicator = Indicator.objects.get(plan__code=CODE, number=number)
    return [link.department.code for link in indicator.responsible_links]


def test_successor_plan_loads_beside_the_seed_plan(plan, sheet):
    seed = seed_state()
    assert len(seed["indicators"]) == 19 and len(seed["targets"]) == 54
    out = load_sheet(sheet, "--create-departments")
    assert "规划数据已载入" in out
    assert "指标：新增 12" in out  # 11 rows and the companion series of indicator 3

    successor = Plan.objects.get(code=CODE)
    assert (successor.name, successor.short_name) == (TITLE, "江阴市“十五五”制造强市建设")
    assert (successor.baseline_year, successor.target_years) == (2025, [2026, 2027, 2028, 2029, 2030])
    assert successor.status == Plan.Status.ACTIVE and successor.issuer == "" and successor.issued_on is None
    assert list(successor.categories.order_by("sort_order").values_list("name", flat=True)) == [
        "质量效益",
        "产业结构",
        "创新驱动",
        "绿色发展",
        "企业实力",
        "数实融合",
        "要素保障",
    ]
    indicators = {i.number: i for i in successor.indicators.select_related("category")}
    assert len([n for n in indicators if n is not None]) == 11
    one, two = indicators[1], indicators[2]
    assert (one.name, one.unit, one.mark, one.baseline, one.baseline_text, one.precision) == (
        "规上制造业全员劳动生产率",
        "万元/人",
        "△",
        Decimal("40.2"),
        "40.2",
        1,
    )
    assert (two.category.name, two.baseline, two.baseline_text) == ("质量效益", Decimal("43.8"), "43.8左右")
    assert indicators[8].category.name == "绿色发展"  # a blank 一级指标 continues the one above
    assert (indicators[6].baseline, indicators[6].baseline_text, indicators[6].precision) == (None, "—", 0)
    assert (indicators[7].baseline, indicators[7].precision) == (None, 1)  # a percentage keeps one place
    assert (indicators[8].unit, indicators[10].precision) == ("立方米/万元", 0)

    assert targets(1) == [
        (2025 + i, "at_least", Decimal(v), v) for i, v in enumerate(["41", "42", "43", "44", "45"], 1)
    ]
    assert targets(2)[0] == (2026, "approx", Decimal("44"), "44左右")  # "44\n左右"
    assert targets(2)[4] == (2030, "approx", Decimal("45"), "45左右")
    relative = [(y, "relative", None, "年均增速高于规上工业增速") for y in range(2026, 2031)]
    assert targets(3) == relative  # one merged cell over the five years, its line break removed
    reference = Target.objects.get(indicator=indicators[3], year=2027).reference
    assert (reference.plan, reference.code, reference.name) == (successor, "gsgyzjzzs", "规上工业增加值增速")
    assert [link.department.code for link in reference.responsible_links] == ["gxj"]
    assert targets(5)[4] == (2030, "strive", Decimal("65"), "力争65")
    assert targets(6)[2:] == [
        (2028, "at_least", 0, "0"),
        (2029, "strive", 1, "力争1家"),
        (2030, "strive", 1, "力争1家"),
    ]
    assert targets(7)[4] == (2030, "at_least", Decimal("15"), "15")  # 降低幅度, like the seed's indicator 12
    assert targets(8)[:2] == [
        (2026, "at_most", Decimal("8.4"), "不高于8.4"),
        (2027, "at_most", Decimal("8.2"), "8.2以下"),
    ]
    assert targets(9) == [(y, "leading", None, "全市领先") for y in range(2026, 2031)]

    assert links(1) == ["gxj"] and links(4) == ["gxj"]  # short name 工信局 and full name 市工信局
    assert links(6) == ["fgw", "kjj"] and links(9) == ["jrjgj"] and links(11) == ["rmyh"]
    new = Department.objects.get(short_name="数据局")
    assert links(10) == ["gxj", new.code]
    assert (new.name, new.kind, new.parent) == ("数据局", Department.Kind.BUREAU, None)
    assert re.fullmatch(r"[a-z][a-z0-9]{1,19}", new.code)

    after = seed_state()
    after["departments"] = [d for d in after["departments"] if d["code"] != new.code]
    assert after == seed  # the seed plan and the departments it had: untouched


def test_unknown_department_is_an_error_naming_the_cell_and_nothing_is_written(plan, sheet):
    before = row_counts()
    with pytest.raises(CommandError) as error:
        load_sheet(sheet)
    message = str(error.value)
    assert "数据库未作任何修改" in message
    assert (
        "工作表 附件 第 13 行 [责任部门]：责任部门“数据局”不是已有的责任单位（可勾选“新建未知的责任部门”，命令行用 --create-departments）"
        in message
    )
    assert row_counts() == before
    assert not Plan.objects.filter(code=CODE).exists()


def test_running_twice_changes_nothing(successor, sheet):
    before = row_counts()
    out = load_sheet(sheet, "--create-departments")
    assert "规划数据无变化" in out
    assert "年度目标：新增 0，更新 0，未变 55" in out and "指标：新增 0，更新 0，未变 12" in out
    assert row_counts() == before  # history tables included: nothing was saved again


def test_dry_run_reports_and_writes_nothing(plan, sheet):
    before = row_counts()
    out = load_sheet(sheet, "--create-departments", "--dry-run")
    assert "规划：新增 1" in out and "责任单位：新增 1" in out and "年度目标：新增 55" in out
    assert "试运行" in out and "数据库未作修改" in out
    assert row_counts() == before
    assert not Department.objects.filter(short_name="数据局").exists()


def test_changing_a_target_in_the_sheet_updates_it_in_place(successor, tmp_path):
    rows = [list(row) for row in ROWS]
    rows[4][8] = "力争66"
    out = load_sheet(write(tmp_path / "v2.xlsx", rows=rows), "--create-departments")
    assert "年度目标：新增 0，更新 1，未变 54" in out
    target = Target.objects.get(indicator__plan=successor, indicator__number=5, year=2030)
    assert (target.kind, target.value, target.source_text) == ("strive", Decimal("66"), "力争66")
    assert target.history.count() == 2


def test_header_fields_from_options_are_kept_when_later_omitted(plan, sheet):
    load_sheet(
        sheet,
        "--create-departments",
        "--name",
        "江阴市“十五五”制造强市建设行动方案",
        "--issuer",
        "江阴市人民政府办公室",
        "--issued-on",
        "2026-03-31",
    )
    stored = Plan.objects.get(code=CODE)
    assert (stored.name, stored.short_name) == (
        "江阴市“十五五”制造强市建设行动方案",
        "江阴市“十五五”制造强市建设",
    )
    assert (stored.issuer, stored.issued_on) == ("江阴市人民政府办公室", date(2026, 3, 31))
    out = load_sheet(sheet, "--create-departments", "--name", stored.name)
    assert "规划数据无变化" in out


BROKEN = [
    # (row index in ROWS, column, value, expected message after "工作表 附件 第 N 行")
    (0, 1, "一", "[序号]：序号应为正整数，实为“一”"),
    (
        1,
        2,
        "制造业增加值占地区生产总值比重△（%）",
        "[指标]：“制造业增加值占地区生产总值比重△（%）”应为“指标名称（单位）”，可在末尾加“△”",
    ),
    (3, 3, "四十", "[2025年]：“四十”不是有效的数字"),
    (4, 5, "", "[2027年目标]：目标为空（该年没有目标请填“—”）"),
    (4, 6, "较快增长", "[2028年目标]：无法识别的目标“较快增长”"),
    (5, 4, "力争1个", "[2026年目标]：“力争1个”的单位“个”与指标的单位（“家”）不一致"),
    (6, 8, "降低12", None),  # the indicator is a 降低幅度: accepted as the seed's indicator 12
    (9, 4, "力争1500左右", "[2026年目标]：无法判断目标“力争1500左右”的类型"),
    (10, 4, "高于全省平均", None),  # a series no plan has: created as a companion (test_companion_series.py)
    (10, 9, "", "[责任部门]：缺少责任部门"),
    (2, 9, "工信局、工信局", "[责任部门]：责任部门“工信局”重复"),
]


def test_every_problem_is_listed_with_sheet_row_and_column_and_nothing_is_written(plan, tmp_path):
    rows = [list(row) for row in ROWS]
    for index, column, value, _ in BROKEN:
        rows[index][column] = value
    # A repeated number is a sub-indicator (tests/plans/test_sub_indicators.py); a repeated "5.1" is an error.
    rows.append([None, "7.1", "子指标（家）", 1, 1, 1, 1, 1, 1, "工信局"])
    rows.append([None, "7.1", "重复的序号（家）", 1, 1, 1, 1, 1, 1, "工信局"])
    rows[0][2] = "规上制造业全员劳动生产率（万元/人）△" + "很长" * 60
    before = row_counts()
    with pytest.raises(CommandError) as error:
        load_sheet(write(tmp_path / "broken.xlsx", rows=rows, merges=[]), "--create-departments")
    lines = str(error.value).splitlines()[1:]
    expected = [f"工作表 附件 第 {index + 4} 行 {m}" for index, _, _, m in BROKEN if m]
    expected += [f"工作表 附件 第 {len(ROWS) + 5} 行 [序号]：序号 7.1 与第 {len(ROWS) + 4} 行重复"]
    for message in expected:
        assert any(line.startswith(message) for line in lines), (message, lines)
    assert any(
        line.startswith("工作表 附件 第 4 行 [指标]：指标名称“规上制造业") and "超过 100 个字" in line
        for line in lines
    )
    assert row_counts() == before


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (
            [*HEADER[:3], "2025年", "2025年", *HEADER[5:]],
            "工作表 附件 第 3 行：表头至多一个基数列（如“2025年”），实为：2025年、2025年",
        ),
        ([*HEADER[:4], "2025年目标", *HEADER[5:]], "工作表 附件 第 3 行：目标年度应晚于基数年 2025 年"),
        (
            [*HEADER[:4], "2026年预期", *HEADER[5:]],
            "工作表 附件 第 3 行 [2026年预期]：无法识别的表头“2026年预期”",
        ),
    ],
)
def test_header_problems_name_the_header_row(plan, tmp_path, header, message):
    with pytest.raises(CommandError, match=re.escape(message)):
        load_sheet(write(tmp_path / "header.xlsx", header=header), "--create-departments")
    assert not Plan.objects.filter(code=CODE).exists()


def test_a_sheet_without_the_appendix_header_is_refused(plan, tmp_path):
    path = write(tmp_path / "other.xlsx", header=["序号", "名称", "数值"], rows=[[1, "x", 2]], merges=[])
    with pytest.raises(CommandError, match="前 20 行没有指标表头"):
        load_sheet(path)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (lambda ws: ws.cell(row=501, column=1, value="x"), "表格范围过大（单元格 A501）"),
        (lambda ws: ws.cell(row=10, column=61, value="x"), "表格范围过大（单元格 BI10）"),
        (lambda ws: ws.merge_cells("A30:B900"), "表格范围过大（合并单元格至 B900）"),
    ],
)
def test_sheets_beyond_500_rows_or_60_columns_are_refused_before_reading(plan, tmp_path, extra, message):
    path = write(tmp_path / "big.xlsx", extra=extra)
    with pytest.raises(CommandError, match=re.escape(message)):
        load_sheet(path, "--create-departments")


def test_files_that_are_no_workbook_or_too_large_are_refused(plan, tmp_path, settings):
    text = tmp_path / "plan.xlsx"
    text.write_text("一级指标,序号", encoding="utf-8")
    with pytest.raises(CommandError, match="文件不是 .xlsx 文件"):
        load_sheet(text)
    settings.UPLOAD_MAX_BYTES = 1000
    with pytest.raises(CommandError, match=r"文件过大（0\.0 MB），上限为 0\.0 MB"):
        load_sheet(write(tmp_path / "big.xlsx"))


def test_the_fixture_plan_is_not_overwritten_from_a_sheet(plan, sheet):
    seed = seed_state()
    with pytest.raises(CommandError, match="含工作任务，由 fixtures 载入"):
        load_sheet(sheet, "--create-departments", code=SEED_PLAN)
    assert seed_state() == seed


def test_sheet_options_need_xlsx(plan):
    from django.core.management import call_command

    with pytest.raises(CommandError, match="--plan、--dry-run 只能与 --xlsx 一起使用"):
        call_command("load_plan", "--plan", CODE, "--dry-run")


def test_workbook_bytes_are_the_fixture(tmp_path):
    assert workbook_bytes().startswith(b"PK")


def _rewritten(data: bytes, change) -> bytes:
    """The workbook with its zip members passed through change(name, content) → {name: content}."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            for name, content in change(info.filename, source.read(info)).items():
                target.writestr(name, content)
    return out.getvalue()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda name, content: {
                name: b'<!DOCTYPE x [<!ENTITY a "aaaa">]>' + content
                if name == "xl/worksheets/sheet1.xml"
                else content
            },
            "文件含有不允许的 XML 声明（DTD/实体）",
        ),
        (
            lambda name, content: (
                {name: content, "xl/vbaProject.bin": b"macro"}
                if name == "xl/workbook.xml"
                else {name: content}
            ),
            "文件中含有宏（VBA）",
        ),
        (
            lambda name, content: (
                {
                    name: content.replace(
                        b"<sheetData>", b"<sheetData>" + b'<row r="1"><c s="1"/></row>' * 1000 * 101, 1
                    )
                }
                if name == "xl/worksheets/sheet1.xml"
                else {name: content}
            ),
            "表格范围过大（101",
        ),
    ],
    ids=["dtd", "macro", "cells"],
)
def test_hostile_workbooks_are_refused_before_openpyxl_builds_them(plan, tmp_path, change, message):
    path = tmp_path / "hostile.xlsx"
    path.write_bytes(_rewritten(workbook_bytes(), change))
    with pytest.raises(CommandError, match=re.escape(message)):
        load_sheet(path, "--create-departments")
    assert not Plan.objects.filter(code=CODE).exists()
