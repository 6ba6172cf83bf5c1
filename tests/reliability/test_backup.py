"""export_all → an emptied database → restore_all gives back the same business content, exactly."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from departments.models import Department, User
from departments.services import demo_accounts_create
from imports import services as imports
from imports.models import ImportBatch
from indicators import services
from indicators.demo import demo_figures_create
from indicators.models import Figure, FigureComment, Indicator, ReportingDeadline, Target
from plans.backup import NOT_BACKED_UP, SHEETS, text_decode, text_encode
from supervision import selectors as supervision_selectors
from supervision import services as supervision_services
from supervision.models import UnitLeader
from tasks.models import ProgressReport, Task
from tasks.services import ReportInput, report_return, report_save
from tests.conftest import shared_by_module
from tests.imports.conftest import xlsx

pytestmark = pytest.mark.django_db

RETURN_REASON = "口径与统计局快报不一致，请核对后重报"
REOPEN_REASON = "统计局修订了2023年数据"
TRICKY_TEXTS = [
    "=SUM(A1:A3) 请核对\r\n第二行",
    "'=引号开头的公式",
    "'普通引号开头",
    "字面的 _x000D_ 与 _x005F_ 转义",
    "-5% 同比下降\t（制表符）",
    "  前后空格  ",
]


@pytest.fixture(scope="module")
def populated(django_db_setup, django_db_blocker):
    """The plan, demo accounts and figures, and every kind of history a backup must keep; built once for the
    module (each test's changes, such as emptying the database, are rolled back after it)."""
    with shared_by_module(django_db_blocker):
        populate()
        yield


def populate() -> None:
    demo_accounts_create(password="x")
    coordinator = User.objects.get(username="coordinator")
    demo_figures_create(coordinator=coordinator)
    submitted = Figure.objects.filter(status=Figure.Status.SUBMITTED).order_by("pk").first()
    services.figure_return(user=coordinator, figure_id=submitted.pk, reason=RETURN_REASON)
    Figure.objects.filter(pk=submitted.pk).update(
        explanation="  前后空格与换行  \r\n"
    )  # as a browser sends it
    approved = Figure.objects.get(indicator__number=1, year=2023, period="year")
    services.figure_reopen(user=coordinator, figure_id=approved.pk, reason=REOPEN_REASON)
    for text in TRICKY_TEXTS:
        services.figure_comment_add(user=coordinator, figure_id=approved.pk, text=text)
    target = Target.objects.get(indicator__number=2, year=2025)
    services.target_adjust(
        user=coordinator, target_id=target.pk, value=Decimal("35.1234"), reason="省定目标调整"
    )
    services.deadline_set(user=coordinator, year=2025, period="q1", due_date=date(2025, 4, 20))

    task = Task.objects.get(number="4.3")
    reporter = User.objects.get(username=task.unit_links.get(order=0).department.code)
    numbers = {c.pk: Decimal("3") for c in task.commitments.all()}
    report = report_save(
        user=reporter,
        task=task,
        year=2024,
        period="h1",
        data=ReportInput(progress="建成5G全连接工厂3家。", numbers=numbers),
        version=0,
        submit=True,
        today=date(2024, 7, 10),
    )
    report_return(user=coordinator, report_id=report.pk, reason="请补充企业名单")

    importer = User.objects.get(username="importer")
    header = ["序号", "年度", "期间", "完成值", "说明", "上期整改是否见效"]  # after the demo's 2024 miss
    data = xlsx([header, [4, 2025, "一季度", 12.5, "=导入的说明", "部分赶上"]])
    batch = imports.import_preview(user=importer, file_name="=一季度数据.xlsx", data=data)
    imports.import_confirm(user=importer, batch_id=batch.pk)
    imports.import_preview(user=importer, file_name="未确认.xlsx", data=data)  # pending: not in a backup

    today = date(
        2026, 3, 2
    )  # a 督办单 for a red item, with its history and numbering, and a leader following a unit
    item = supervision_selectors.red_items(today=today)[0]
    supervision_services.notice_issue(
        user=coordinator, item=item, facts="逾期未报。", requirement="请报送。", reply_by=today, today=today
    )
    UnitLeader.objects.create(department=item.department, leader=User.objects.get(username="leader"))


def content() -> dict:
    """Every backed-up table as rows of its backed-up fields, and the users' groups."""
    tables = {
        sheet.name: list(sheet.queryset().values_list(*[f.attname for f in sheet.fields])) for sheet in SHEETS
    }
    tables["groups"] = sorted(User.groups.through.objects.values_list("user__username", "group__name"))
    return tables


def everything_delete() -> None:
    """Empty the business tables (rolled back after the test), as a fresh migrated database would be."""
    Department.objects.update(parent=None)
    # Dependents first; history tables last, as deleting a tracked row writes a "-" history row.
    for sheet in sorted(reversed(SHEETS), key=lambda sheet: ".Historical" in sheet.model_label):
        sheet.model._base_manager.all().delete()


@pytest.fixture(scope="module")
def backup(populated, tmp_path_factory):
    """export_all's file of the populated database; the tests read it, and damage only copies of it."""
    path = tmp_path_factory.mktemp("backup") / "backup.xlsx"
    call_command("export_all", "-o", str(path), stdout=io.StringIO())
    return path


def test_restore_gives_back_the_business_content(backup):
    before = content()
    assert ImportBatch.objects.filter(status="pending").exists()  # left out of the backup
    everything_delete()

    out = io.StringIO()
    call_command("restore_all", str(backup), stdout=out)

    assert "密码都需要重新设置" in out.getvalue()
    assert content() == before
    # The same, told as the business sees it.
    returned = Figure.objects.get(review_note=RETURN_REASON)
    assert returned.status == Figure.Status.RETURNED
    reopened = Figure.objects.get(indicator__number=1, year=2023, period="year")
    assert (reopened.status, reopened.version, reopened.review_note) == ("returned", 3, REOPEN_REASON)
    reasons = list(reopened.history.order_by("history_id").values_list("history_change_reason", flat=True))
    assert reasons == ["提交审核", "审核通过", f"重新打开：{REOPEN_REASON}"]
    assert Figure.history.count() == len(before["填报修改记录"])
    assert [c.text for c in FigureComment.objects.order_by("pk")] == [text.strip() for text in TRICKY_TEXTS]
    assert returned.explanation == "  前后空格与换行  \r\n"
    target = Target.objects.get(indicator__number=2, year=2025)
    assert (target.adjusted_value, target.adjustment_reason) == (Decimal("35.1234"), "省定目标调整")
    assert target.history.first().history_change_reason == "调整目标：省定目标调整"
    assert ReportingDeadline.objects.get(year=2025, period="q1").due_date == date(2025, 4, 20)
    coordinator = User.objects.get(username="coordinator")
    assert list(coordinator.groups.values_list("name", flat=True)) == ["协调员"]
    assert coordinator.department.code == "gxj" and not coordinator.has_usable_password()
    assert ImportBatch.objects.get().file_name == "=一季度数据.xlsx"
    assert ProgressReport.objects.get().status == ProgressReport.Status.RETURNED
    assert ProgressReport.history.count() == 2


def test_the_restored_database_takes_new_writes(backup):
    everything_delete()
    call_command("restore_all", str(backup), stdout=io.StringIO())

    # Ids continue after the restored ones (PostgreSQL sequences are reset).
    coordinator = User.objects.get(username="coordinator")
    figure = Figure.objects.order_by("pk").last()
    comment = services.figure_comment_add(user=coordinator, figure_id=figure.pk, text="恢复后的意见")
    assert comment.pk > max(FigureComment.objects.exclude(pk=comment.pk).values_list("pk", flat=True))
    reporter = User.objects.get(username="swj")
    Figure.objects.filter(indicator__number=4, year=2025).delete()  # the demo reported it: enter it anew
    saved = services.figure_save(
        user=reporter,
        indicator=Indicator.objects.get(number=4),
        year=2025,
        period="year",
        data=services.FigureInput(value=Decimal("10")),
        version=0,
        submit=False,
    )
    assert saved.history.count() == 1


def test_the_backup_holds_no_formula_and_no_password(backup):
    wb = load_workbook(backup)
    cells = [cell for ws in wb.worksheets for row in ws.iter_rows() for cell in row if cell.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = {c.value for c in cells if isinstance(c.value, str)}
    assert "'=SUM(A1:A3) 请核对_x000D_\n第二行" in texts
    assert "'=一季度数据.xlsx" in texts
    assert not any(t.startswith(("pbkdf2", "md5$", "!")) for t in texts)
    assert wb.sheetnames[0] == "说明" and wb.sheetnames[1:] == [sheet.name for sheet in SHEETS]


@pytest.mark.parametrize("text", TRICKY_TEXTS + ["", "_x0041_", "'", "''", "\x0b竖向制表符", "_x005F_x000D_"])
def test_text_survives_the_escaping(text):
    assert text_decode(text_encode(text)) == text


@given(st.text(alphabet=st.sampled_from("_x0D5F'=\r\n\x0b\x00a江 ")))
def test_any_text_survives_the_escaping_and_fits_a_worksheet(text):
    encoded = text_encode(text)
    assert text_decode(encoded) == text
    assert not ILLEGAL_CHARACTERS_RE.search(encoded) and "\r" not in encoded


def test_restore_refuses_a_database_that_is_not_empty(backup):
    figures = Figure.objects.count()
    with pytest.raises(CommandError, match="数据库不是空的") as error:
        call_command("restore_all", str(backup), stdout=io.StringIO())
    assert "没有恢复任何数据" in str(error.value)
    assert Figure.objects.count() == figures


def test_restore_refuses_an_incomplete_file_and_writes_nothing(backup, tmp_path):
    wb = load_workbook(backup)
    wb["填报修改记录"].delete_rows(5)
    damaged = tmp_path / "damaged.xlsx"
    wb.save(damaged)
    everything_delete()

    with pytest.raises(CommandError, match="填报修改记录：有 .* 行，说明页记为 .* 行"):
        call_command("restore_all", str(damaged), stdout=io.StringIO())
    assert not Department.objects.exists() and not Figure.history.exists()


def test_restore_reports_bad_cells_with_their_place(backup, tmp_path):
    wb = load_workbook(backup)
    ws = wb["填报数据"]
    value_column = next(c.column for c in ws[3] if c.value == "完成值 [value]")
    ws.cell(row=4, column=value_column, value="三十")
    damaged = tmp_path / "damaged.xlsx"
    wb.save(damaged)
    everything_delete()

    with pytest.raises(CommandError, match="工作表 填报数据 第 4 行 \\[value\\]：“三十”不是数字"):
        call_command("restore_all", str(damaged), stdout=io.StringIO())
    assert not Department.objects.exists()


def test_every_model_is_backed_up():
    """A model added later must get a sheet (or this test says which one was forgotten)."""
    backed_up = {sheet.model_label for sheet in SHEETS} | NOT_BACKED_UP
    for label in ("core", "departments", "plans", "indicators", "tasks", "imports", "scores", "supervision"):
        for model in apps.get_app_config(label).get_models():
            assert model._meta.label in backed_up, f"{model._meta.label} 不在 plans/backup.py 的 SHEETS 中"
