"""import_figures and export_template as an administrator runs them."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from imports.models import ImportBatch
from indicators.models import Figure
from tests.imports.conftest import LONG_HEADER, MISS_COLUMNS, MISS_FILLED, figures_table, xlsx

pytestmark = pytest.mark.django_db


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_figures", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def good_file(tmp_path):
    path = tmp_path / "商务局.xlsx"
    path.write_bytes(
        xlsx(
            [
                LONG_HEADER,
                [4, None, 2024, "全年", "16.9", None, None],
                [1, None, 2024, "全年", "39.7", None, None],
            ]
        )
    )
    return path


def test_dry_run_writes_nothing(importer, good_file):
    out, _ = run(str(good_file), "--dry-run", "--user", importer.username)
    assert "试运行，未写入：新增 2 条，修改 0 条，未变 0 条，错误 0 条" in out
    assert (
        "工作表 Sheet1 第 2 行 新增 4. 高新技术产品出口额占全市外贸出口额的比重 2024年：完成值 （空） → 16.9"
        in out
    )
    assert not Figure.objects.exists() and not ImportBatch.objects.exists()


def test_import_exits_zero_and_keeps_a_batch(importer, good_file):
    out, err = run(str(good_file), "--user", importer.username)
    assert "已导入 商务局.xlsx：新增 2 条" in out
    assert "正在读取并校验" in err
    assert Figure.objects.get(indicator__number=4).value == Decimal("16.9")
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.new_count, batch.user) == (ImportBatch.Status.IMPORTED, 2, importer)


def test_errors_are_all_printed_and_nothing_written(importer, tmp_path, make_figure):
    make_figure(number=2, year=2024, value="34.7")
    before = figures_table()
    path = tmp_path / "bad.xlsx"
    path.write_bytes(
        xlsx(
            [
                LONG_HEADER,
                [2, None, 2024, "全年", "35", None, None],
                [4, None, 2024, "全年", "x", None, None],
                [99, None, 2024, "全年", "1", None, None],
            ]
        )
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match="共 2 处错误，没有导入任何数据"):
        call_command(
            "import_figures", str(path), "--user", importer.username, stderr=err, stdout=io.StringIO()
        )
    assert "工作表 Sheet1 第 3 行 [完成值]：“x”不是有效的数字" in err.getvalue()
    assert "工作表 Sheet1 第 4 行 [序号]：没有序号为“99”的指标" in err.getvalue()
    assert figures_table() == before and not ImportBatch.objects.exists()


def test_user_is_required_and_must_be_allowed(leader, good_file):
    with pytest.raises(CommandError, match="--user"):
        run(str(good_file))
    with pytest.raises(CommandError, match="没有导入权限"):
        run(str(good_file), "--user", leader.username)
    with pytest.raises(CommandError, match="没有账号"):
        run(str(good_file), "--user", "nobody")


def test_hostile_file_is_a_command_error(importer, tmp_path):
    path = tmp_path / "macro.xlsm"
    path.write_bytes(b"PK")
    with pytest.raises(CommandError, match="不接受含宏的文件"):
        run(str(path), "--user", importer.username)


def test_progress_on_large_files(importer, tmp_path, settings):
    rows = [
        [n, None, y, p, "1", None, "按统计快报", *MISS_FILLED]  # far below most targets: explained
        for p in ("全年", "上半年")
        for y in (2023, 2024, 2025)
        for n in range(1, 19)
    ]
    path = tmp_path / "big.xlsx"
    path.write_bytes(xlsx([LONG_HEADER + MISS_COLUMNS, *rows]))
    from imports import services

    services.PROGRESS_EVERY, saved = 50, services.PROGRESS_EVERY
    try:
        _, err = run(str(path), "--dry-run", "--user", importer.username)
    finally:
        services.PROGRESS_EVERY = saved
    assert "已校验 50/108 行（46%）" in err and "已校验 100/108 行（92%）" in err


def test_export_template(tmp_path, plan):
    path = tmp_path / "t.xlsx"
    out = io.StringIO()
    call_command("export_template", "--year", "2024", "--department", "商务局", "-o", str(path), stdout=out)
    assert "已导出 1 项指标的 2024 年填报模板" in out.getvalue()
    sheet = openpyxl.load_workbook(path).active
    assert sheet["A1"].value == "制造强市建设主要指标完成情况填报模板（2024年）"
    assert [c.value for c in sheet[3]][-7:] == [
        "完成值",
        "排名",
        "说明",
        "原因类别",
        "整改措施",
        "预计赶上",
        "上期整改是否见效",
    ]
    value, note, name = sheet["J4"], sheet["L4"], sheet["C4"]
    assert value.protection.locked is False and note.protection.locked is False and name.protection.locked
    assert any(v.type == "decimal" and "J4" in str(v.sqref) for v in sheet.data_validations.dataValidation)
    assert not any(
        isinstance(c.value, str) and c.value.startswith("=") for row in sheet.iter_rows() for c in row
    )

    call_command("export_template", "--year", "2025", "-o", str(path), stdout=out)
    assert openpyxl.load_workbook(path).active.max_row == 3 + 19  # 18 indicators and the companion series
    with pytest.raises(CommandError, match="没有责任单位"):
        call_command("export_template", "--year", "2025", "--department", "xx", "-o", str(path))
    with pytest.raises(CommandError, match="没有包含 2030 年的规划"):
        call_command("export_template", "--year", "2030", "-o", str(path))
