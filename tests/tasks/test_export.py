"""《制造强市建设工作任务推进情况表》: one row per task × unit, reopened with openpyxl."""

import io
from io import BytesIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from tasks.models import Commitment, Task
from tests.tasks.helpers import report

pytestmark = pytest.mark.django_db

HEADER = ("任务", "责任单位", "量化目标", "完成情况", "工作进展", "存在问题", "下步打算")


def rows_of(content) -> list[tuple]:
    return list(load_workbook(BytesIO(content) if isinstance(content, bytes) else content).active.values)


def expected_row_count() -> int:
    """Every unit named on each task, plus the members under 各镇街园区 that the task does not name itself,
    plus a row per chapter goal its lead reports (those no indicator restates)."""
    members = {"霞科办", "高新区", "临港开发区", "华士镇"}
    count = Commitment.objects.filter(chapter__isnull=False, indicator_number__isnull=True).count()
    for task in Task.objects.prefetch_related("unit_links__department"):
        names = [link.department.name for link in task.unit_links.all()]
        count += len(names) + (len(members - set(names)) if "各镇街园区" in names else 0)
    return count


def test_download_layout(client, leader, gxj, hsz, gxq, today):
    # The members' own quota of 4.2's first commitment (per_unit): the collective's row sums them.
    Task.objects.get(number="4.2").commitments.filter(order=0).update(per_unit=True)
    report(gxj, "4.3", ["2"], progress="新建成5G全连接工厂2家。")
    report(hsz, "4.2", ["4"], progress='=HYPERLINK("http://evil")')
    report(gxq, "4.2", ["6"])
    client.force_login(leader)
    response = client.get("/tasks/export/?year=2025&period=h1")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "filename*=utf-8''" in response["Content-Disposition"]

    title, date_line, header, *rows = rows_of(response.content)
    assert title[0] == "制造强市建设工作任务推进情况表（2025年上半年）"
    assert date_line[0] == "导出日期：2025年7月15日"
    assert header == HEADER
    # 98 named units + 69 members under 各镇街园区 + 7 chapter goals reported by their lead
    assert len(rows) == expected_row_count() == 174

    by_unit = {(r[0], r[1]): r for r in rows}
    gxj_43 = by_unit["4.3 夯实信息基础设施", "市工信局"]
    assert gxj_43[2] == "累计建成省级及以上5G全连接工厂4家：4家"
    assert gxj_43[3] == "滞后（已报送）\n累计建成省级及以上5G全连接工厂4家：2家（完成 50%，应达 83%）"
    assert gxj_43[4:] == ("新建成5G全连接工厂2家。", "用地指标紧张。", "加快推进。")
    assert by_unit["4.3 夯实信息基础设施", "江阴移动"][3:] == ("未报送", None, None, None)
    # The collective sums its members; each member follows on its own row.
    collective = by_unit["4.2 推动产业数字化转型", "各镇街园区"]
    assert collective[3] == "成员单位已报送 2/4\n培育智能化应用场景30个：10个"
    hsz_row = by_unit["4.2 推动产业数字化转型", "华士镇（各镇街园区）"]
    assert hsz_row[4] == '\'=HYPERLINK("http://evil")'  # formula escaped
    units_42 = [r[1] for r in rows if r[0] == "4.2 推动产业数字化转型"]
    assert units_42 == [
        "市工信局",
        "各镇街园区",
        "霞科办（各镇街园区）",
        "高新区（各镇街园区）",
        "临港开发区（各镇街园区）",
        "华士镇（各镇街园区）",
    ]
    # 2.1 names 霞科办 by itself: it is not repeated under 各镇街园区.
    units_21 = [r[1] for r in rows if r[0].startswith("2.1 ")]
    assert units_21.count("霞科办") == 1 and "霞科办（各镇街园区）" not in units_21


def test_drafts_are_not_exported(client, leader, gxj, today):
    report(gxj, "4.3", ["3"], submit=False, progress="草稿内容")
    client.force_login(leader)
    rows = rows_of(client.get("/tasks/export/?year=2025&period=h1").content)
    row = next(r for r in rows if r[:2] == ("4.3 夯实信息基础设施", "市工信局"))
    assert row[3:] == ("未报送（草稿）", None, None, None)


def test_command_writes_the_file(tmp_path, gxj, today):
    report(gxj, "5.1", ["120"], year=2024, period="year")
    out, path = io.StringIO(), tmp_path / "tasks.xlsx"
    call_command("export_tasks", "--year", "2024", "-o", str(path), stdout=out)
    assert f"已导出 2024年全年 {expected_row_count()} 行到 {path}" in out.getvalue()
    rows = rows_of(path)
    assert rows[0][0] == "制造强市建设工作任务推进情况表（2024年全年）"
    row = next(r for r in rows if r[:2] == ("5.1 加速传统产业改造", "市工信局"))
    assert row[2] == "每年实施重点技术改造项目100个：每年100个"
    assert row[3] == "已完成（已报送）\n每年实施重点技术改造项目100个：120个（完成 120%，应达 100%）"


def test_command_accepts_the_period_in_chinese_and_refuses_other_years(tmp_path, plan, today):
    path = tmp_path / "h1.xlsx"
    call_command(
        "export_tasks", "--year", "2025", "--period", "上半年", "-o", str(path), stdout=io.StringIO()
    )
    assert rows_of(path)[0][0] == "制造强市建设工作任务推进情况表（2025年上半年）"
    with pytest.raises(CommandError, match="年度应为 2024、2025 之一"):
        call_command("export_tasks", "--year", "2023", "-o", str(path))
    with pytest.raises(CommandError, match="期间应为"):
        call_command("export_tasks", "--year", "2025", "--period", "q3", "-o", str(path))
