"""Published indicator tables load as they are (issue 22, point 1): columns found by meaning in any order, the
unit from its own column, 属性 kept, a single final-year target, section and notes rows, no baseline or no
责任部门 (then 待分配), every unused column named; the same table as .csv and .xls loads the same."""

import io

import pytest
from django.core.management import CommandError, call_command

from indicators.models import Category, Indicator, Target
from plans.models import Plan
from tests.imports import hostile
from tests.plans import published as p
from tests.plans.conftest import row_counts
from tests.plans.sheets import table_bytes, table_csv

pytestmark = pytest.mark.django_db
EXPECTED, BINDING = Indicator.Attribute.EXPECTED, Indicator.Attribute.BINDING


def load(tmp_path, data: bytes, code: str, *options, name="表.xlsx") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    out = io.StringIO()
    call_command("load_plan", "--xlsx", str(path), "--plan", code, *options, stdout=out)
    return out.getvalue()


def indicators(code: str) -> list[tuple]:
    return list(
        Indicator.objects.filter(plan__code=code)
        .order_by("number")
        .values_list("number", "category__name", "name", "unit", "attribute", "baseline_text")
    )


def targets(code: str) -> list[tuple]:
    return list(
        Target.objects.filter(indicator__plan__code=code)
        .order_by("indicator__number", "year")
        .values_list("indicator__number", "year", "source_text")
    )


def leads(code: str) -> list:
    return [i.lead.short_name if i.lead else None for i in Indicator.objects.filter(plan__code=code)]


def test_a_districts_fifteenth_five_year_table(plan, tmp_path):
    out = load(tmp_path, table_bytes(p.DISTRICT_TITLE, p.DISTRICT_HEADER, p.DISTRICT_ROWS), "district")
    assert "未使用的列：资料来源" in out
    found = Plan.objects.get(code="district")
    assert (found.name, found.baseline_year, found.target_years) == (p.DISTRICT_TITLE, 2025, [2030])
    assert indicators("district") == [
        (1, "经济发展", "地区生产总值增长率", "%", EXPECTED, "5.8"),
        (2, "经济发展", "规上工业增加值", "亿元", EXPECTED, "1210"),
        (3, "绿色生态", "单位地区生产总值能耗降低", "%", BINDING, "—"),
        (4, "绿色生态", "PM2.5平均浓度", "微克/立方米", BINDING, "28"),
        (5, "绿色生态", "研发经费投入强度", "%", EXPECTED, "3.6"),
    ]
    assert targets("district") == [(n, 2030, row[4]) for n, row in enumerate(p.DISTRICT_ROWS[1:3], 1)] + [
        (n, 2030, row[4]) for n, row in enumerate(p.DISTRICT_ROWS[4:], 3)
    ]
    assert leads("district") == [None] * 5  # no 责任部门 column: 待分配


def test_a_citys_three_year_manufacturing_plan(plan, tmp_path):
    out = load(tmp_path, table_bytes(p.CITY_TITLE, p.CITY_HEADER, p.CITY_ROWS), "city")
    assert "未使用的列" not in out
    found = Plan.objects.get(code="city")
    assert (found.baseline_year, found.target_years) == (2023, [2024, 2025, 2026])
    assert list(Category.objects.filter(plan=found).values_list("name", flat=True)) == [
        "主要指标"
    ]  # the title's short name is over 20 characters
    assert indicators("city") == [
        (1, "主要指标", "制造业增加值占GDP比重", "%", "", ""),
        (2, "主要指标", "高新技术产业产值占比", "%", "", ""),
        (3, "主要指标", "智能工厂数", "家", "", ""),
    ]
    assert targets("city") == [
        (n, year, text)
        for n, row in enumerate(p.CITY_ROWS, 1)
        for year, text in zip((2024, 2025, 2026), row[3:], strict=True)
    ]
    assert leads("city") == [None] * 3


def test_a_provinces_table_with_notes_rows(plan, tmp_path):
    out = load(
        tmp_path,
        table_bytes(p.PROVINCE_TITLE, p.PROVINCE_HEADER, p.PROVINCE_ROWS),
        "province",
        "--years",
        "2026-2030",
    )
    assert "未使用的列" not in out
    assert indicators("province") == [
        (1, "经济发展", "人均地区生产总值", "元", EXPECTED, ""),
        (2, "经济发展", "城镇化率", "%", EXPECTED, ""),
        (3, "人民生活", "居民人均可支配收入", "元", EXPECTED, ""),
        (4, "人民生活", "城镇登记失业率", "%", BINDING, ""),
    ]
    assert targets("province") == [
        (1, 2030, "≥80000"),
        (2, 2030, "70"),
        (3, 2030, "不低于60000"),
        (4, 2030, "4以下"),
    ]
    assert leads("province") == ["工信局", "工信局", "发改委", "发改委"]


def test_the_same_table_as_csv_and_xls(plan, tmp_path):
    load(tmp_path, table_csv(p.CITY_TITLE, p.CITY_HEADER, p.CITY_ROWS), "citycsv", name="表.csv")
    assert indicators("citycsv") == indicators_of_city(tmp_path)
    rows = [[p.CITY_TITLE], p.CITY_HEADER, *p.CITY_ROWS]
    load(tmp_path, hostile.xls(rows), "cityxls", name="表.xls")
    assert indicators("cityxls") == indicators("citycsv")
    assert targets("cityxls") == targets("citycsv")


def indicators_of_city(tmp_path) -> list[tuple]:
    load(tmp_path, table_bytes(p.CITY_TITLE, p.CITY_HEADER, p.CITY_ROWS), "city")
    return indicators("city")


def test_a_final_target_without_years_names_the_column(plan, tmp_path):
    before = row_counts()
    with pytest.raises(
        CommandError, match="无法判断“2030年目标值”|无法判断“目标值”是哪一年的目标：请用 --years"
    ):
        load(
            tmp_path,
            table_bytes("某省指标", ["序号", "指标（单位）", "目标值"], [[1, "城镇化率（%）", "70"]]),
            "x",
        )
    assert row_counts() == before


def test_an_unknown_attribute_is_named(plan, tmp_path):
    rows = [[1, "城镇化率（%）", "预期", "70"], [2, "失业率（%）", "指导性", "5"]]
    with pytest.raises(CommandError, match=r"第 4 行 \[属性\]：属性应为“预期性”或“约束性”，实为“指导性”"):
        load(
            tmp_path, table_bytes("某县十五五指标", ["序号", "指标（单位）", "属性", "十五五目标"], rows), "x"
        )


def test_unassigned_indicators_are_shown_and_take_no_figures_until_assigned(
    plan, tmp_path, coordinator, importer
):
    from django.test import Client

    from departments.models import Department
    from indicators.models import IndicatorDepartment
    from indicators.permissions import indicators_importable_by

    load(tmp_path, table_bytes(p.DISTRICT_TITLE, p.DISTRICT_HEADER, p.DISTRICT_ROWS), "district")
    client = Client()
    client.force_login(coordinator)
    for url in (
        "/plan/?plan=district",
        "/dashboard/?plan=district&year=2026",
        "/indicators/4/?plan=district",
    ):
        html = client.get(url).content.decode()
        assert "待分配" in html and 'class="badge binding"' in html, url
    response = client.post("/entry/2026/1/", {"value": "5.9", "submit": "1"})
    assert response.status_code == 403
    assert "尚未分配牵头部门（待分配）" in response.content.decode()
    district = Indicator.objects.filter(plan__code="district")
    assert not indicators_importable_by(importer).filter(pk__in=district).exists()
    first = district.get(number=1)
    IndicatorDepartment.objects.create(
        indicator=first, department=Department.objects.get(code="gxj"), order=0
    )
    assert list(indicators_importable_by(importer).filter(pk__in=district)) == [first]


def test_the_upload_preview_shows_the_table_as_it_will_load(coordinator):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    client = Client()
    client.force_login(coordinator)
    data = table_csv(p.DISTRICT_TITLE, p.DISTRICT_HEADER, p.DISTRICT_ROWS)
    before = row_counts()
    response = client.post(
        "/plans/load/", {"file": SimpleUploadedFile("某区指标.csv", data), "code": "district"}
    )
    assert response.status_code == 302
    html = client.get("/plans/load/preview/").content.decode()
    assert row_counts() == before
    assert "未使用的列：资料来源" in html
    assert html.count('class="badge binding"') == 2 and html.count("待分配") >= 5
    for row in p.DISTRICT_ROWS:
        if row[1]:
            assert row[4] in html and "2030年目标" in html
