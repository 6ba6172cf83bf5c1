"""数据质量 in the Excel import, uploaded as the importer does: a hard slip is a row error naming sheet, row,
column and value (the file imports nothing); soft ones fill the preview's 数据质量 column and do not block."""

from decimal import Decimal

import pytest

from imports.models import ImportBatch
from imports.rows import Rows
from indicators.models import Figure
from tests.imports.conftest import LONG_HEADER, MISS_COLUMNS, MISS_FILLED, client_for, upload, xlsx

pytestmark = pytest.mark.django_db

HEADER = LONG_HEADER + MISS_COLUMNS


def row(number, year, period, value):
    return [number, None, year, period, value, None, "已核实", *MISS_FILLED]


def test_each_hard_slip_is_a_row_error_and_nothing_is_imported(importer):
    client = client_for(importer)
    data = xlsx(
        [
            HEADER,
            row(1, 2024, "全年", "3900"),
            row(2, 2024, "全年", "101"),
            row(6, 2024, "前三季度", "3600"),
            row(6, 2024, "全年", "3500"),
            row(13, 2024, "全年", "4.5"),
        ]
    )
    upload(client, data, "工信局.xlsx")
    batch = ImportBatch.objects.get()
    html = client.get(f"/imports/{batch.pk}/").content.decode()
    for message in (
        "工作表 Sheet1 第 2 行 [完成值]：3900万元/人超出有效范围（0–400万元/人）。"
        "约为预期的 100 倍，是否多打了 0 或小数点错位？应为 39万元/人",
        "工作表 Sheet1 第 3 行 [完成值]：101%超出有效范围（0–100%），请更正",
        "工作表 Sheet1 第 4 行 [完成值]：前三季度累计 3600亿元大于全年累计 3500亿元：年内累计数只增不减",
        "工作表 Sheet1 第 5 行 [完成值]：全年累计 3500亿元小于前三季度累计 3600亿元：年内累计数只增不减",
        "工作表 Sheet1 第 6 行 [完成值]：4.5家应为整数",
    ):
        assert message in html
    assert "确认导入" not in html
    assert not Figure.objects.exists()


def test_soft_slips_are_shown_in_the_quality_column_and_import(importer, make_figure):
    make_figure(number=14, year=2023, value="170", status=Figure.Status.APPROVED)
    make_figure(number=16, year=2025, value="150", status=Figure.Status.APPROVED)
    client = client_for(importer)
    data = xlsx(
        [
            HEADER,
            row(5, 2024, "一季度", "-5.2"),
            row(5, 2024, "上半年", "-4.8"),
            row(5, 2024, "前三季度", "5.6"),
            row(14, 2024, "全年", "160"),
            row(14, 2025, "全年", "200"),
            row(1, 2024, "全年", "60"),
        ]
    )
    upload(client, data, "工信局.xlsx")
    batch = ImportBatch.objects.get()
    assert batch.error_count == 0, Rows.from_json(batch.rows).messages()
    html = client.get(f"/imports/{batch.pk}/").content.decode()
    assert "<th>数据质量</th>" in html
    quality = {(r.indicator_id, r.year, r.period): r.quality for r in Rows.from_json(batch.rows).rows()}
    expected = [
        "5.6%与2024年上半年 -4.8%符号相反，是否漏写或多写了负号？若符号有误应为 -5.6%",
        "160家少于2023年全年 170家：存量数通常不会减少，请核实",
        "省级以上专精特新中小企业 200 家多于科技型中小企业入库数 150 家，请核实",
        "60万元/人不在常见范围（30–50万元/人）内，请核实",
    ]
    for message in expected:
        assert message in html
    assert sum(len(messages) for messages in quality.values()) == len(expected)

    response = client.post(f"/imports/{batch.pk}/confirm/", follow=True)
    assert "新增 6 条" in response.content.decode()
    assert Figure.objects.get(indicator__number=5, year=2024, period="q3").value == Decimal("5.6")
