"""The import pipeline (read → validate → plan → import_confirm) on small files built in the tests."""

import io
from datetime import timedelta
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from imports import plan, services
from imports.exports import FigureExporter, TemplateExporter
from imports.files import FileRejected
from imports.models import ImportBatch
from imports.rows import Rows
from indicators import services as figure_services
from indicators.models import Figure, Indicator
from tests.conftest import seed_plan
from tests.imports.conftest import LONG_HEADER, MISS_COLUMNS, MISS_FILLED, csv_bytes, figures_table, xlsx

pytestmark = pytest.mark.django_db
Status = Figure.Status


def preview(user, data, name="填报.xlsx"):
    return services.preview_build(user=user, file_name=name, data=data)


def imported(user, data, name="填报.xlsx") -> ImportBatch:
    batch = services.import_preview(user=user, file_name=name, data=data)
    assert batch.error_count == 0, Rows.from_json(batch.rows).messages()
    return services.import_confirm(user=user, batch_id=batch.pk)


def figure(number=4, year=2024, period="year") -> Figure:
    return Figure.objects.get(indicator__number=number, year=year, period=period)


def test_template_round_trip(importer, make_figure):
    """Export the template, fill it with openpyxl as a person would, import it back."""
    make_figure(number=1, year=2025, value="39.8", status=Status.APPROVED)
    wb = openpyxl.load_workbook(io.BytesIO(TemplateExporter(seed_plan(), 2025).to_bytes()))
    ws = wb.active
    rows = {ws.cell(r, 2).value: r for r in range(4, ws.max_row + 1)}
    headers = [c.value for c in ws[3]]
    value, rank, note = (headers.index(h) + 1 for h in ("完成值", "排名", "说明"))
    ws.cell(rows[3], value).value = 40.6
    ws.cell(rows[4], value).value = "18.2%"
    ws.cell(rows[15], value).value = 31.2
    ws.cell(rows[15], rank).value = 1
    ws.cell(rows[15], note).value = "无锡各市（县）区第一"
    buffer = io.BytesIO()
    wb.save(buffer)

    batch = imported(importer, buffer.getvalue(), "模板2025.xlsx")

    assert (batch.new_count, batch.changed_count, batch.unchanged_count) == (
        3,
        0,
        1,
    )  # 1 is approved, unchanged
    assert figure(3, 2025).value == Decimal("40.6")
    assert figure(4, 2025).value == Decimal("18.2")
    leading = figure(15, 2025)
    assert (leading.rank, leading.explanation, leading.status) == (
        1,
        "无锡各市（县）区第一",
        Status.SUBMITTED,
    )
    assert (leading.source, leading.source_file, leading.source_sheet) == ("import", "模板2025.xlsx", "填报")
    assert leading.source_row == rows[15]
    assert figure(1, 2025).status == Status.APPROVED  # unchanged rows are not written


def test_unchanged_template_imports_nothing(importer, make_figure):
    make_figure(number=4, year=2024, value="16.8")
    result = preview(importer, TemplateExporter(seed_plan(), 2024).to_bytes())
    assert [row.action for row in result.rows] == [services.UNCHANGED]
    assert result.skipped == 18  # the other indicators and the companion series have no value yet


def test_long_layout_with_title_rows_synonyms_and_messy_values(importer, make_figure):
    make_figure(number=2, year=2024, value="34.7", explanation="旧说明")
    data = xlsx(
        [
            [
                "指标序号",
                "指标名称",
                "年份",
                "期间",
                "实际值（%）",
                "名次",
                "备注",
                "责任单位",
                "未达标原因",
                "整改举措",
                "预计赶上的期间",
            ],
            [
                1,
                "规上制造业全员劳动生产率",
                2024,
                "全年",
                34.799999999,
                None,
                "受订单影响",
                "市工信局",
                "外部环境",
                "技改扩能",
                "2025 上半年",
            ],
            ["2", None, "2024年", None, "３４．９", None, "外需回暖", "工信局"],
            [6, None, 2024, "上半年", " 1,234 ", None, None, "gxj"],
            [4, "高新技术产品出口额占全市外贸出口额的比重△", "2024", "", "35.2%", None, "", "商务局"],
            [None, "规上工业增加值增速", 2024, "全年", "5.1", None, None, None],
            ["gsgyzjzzs", None, 2023, "全年", 4.2, None, None, None],
            [6, None, 2024, "全年", "—", None, None, None],
            [7, None, 2024, "全年", "-", None, None, None],
            [8, None, 2024, "全年", None, None, None, None],
        ],
        title_rows=["2024年制造强市指标完成情况汇总", "填报单位：市工信局    2025年1月"],
    )
    result = preview(importer, data)
    assert result.errors == []
    assert result.skipped == 3
    by_label = {(row.label, row.year, row.period): row for row in result.rows}
    assert by_label[("1. 规上制造业全员劳动生产率", 2024, "year")].value == "34.8"
    changed = by_label[("2. 制造业增加值占无锡市比重", 2024, "year")]
    assert changed.action == services.CHANGED
    assert changed.changes == [["完成值", "34.7", "34.9"], ["说明", "旧说明", "外需回暖"]]
    assert (
        by_label[("6. 我市纳入无锡4大地标产业集群和6个优势产业集群的营业收入总量", 2024, "h1")].value
        == "1234"
    )  # a share would be refused above 100
    assert by_label[("4. 高新技术产品出口额占全市外贸出口额的比重", 2024, "year")].value == "35.2"
    assert by_label[("规上工业增加值增速（配套数据）", 2024, "year")].value == "5.1"
    assert by_label[("规上工业增加值增速（配套数据）", 2023, "year")].value == "4.2"


def test_every_bad_cell_is_an_error_naming_sheet_row_column_and_content(importer):
    data = xlsx(
        [
            LONG_HEADER + ["责任部门", *MISS_COLUMNS],
            [1, None, 2024, "全年", "abc", None, None, None],
            [99, None, 2024, "全年", "1", None, None, None],
            [None, "不存在的指标", 2024, "全年", "1", None, None, None],
            [2, None, 2031, "全年", "1", None, None, None],
            [3, None, 2024, "第五季度", "1", None, None, None],
            [15, None, 2024, "全年", "1", "第一", None, None],
            [4, None, 2024, "全年", "1", None, None, "市工信局"],
            [5, "规上制造业全员劳动生产率", 2024, "全年", "1", None, None, None],
            [6, None, 2024, "全年", "1.123456", None, None, None],
            [7, None, 2024, "全年", "1", None, None, "不存在局"],
            [8, None, 2024, "全年", "1", None, "未达：见报告", None, "政策调整", "见报告", "2025年全年"],
            [8, None, 2024, "全年", "2", None, "未达：见报告", None, "政策调整", "见报告", "2025年全年"],
        ],
        sheet="商务局",
    )
    errors = preview(importer, data).errors
    assert errors == [
        "工作表 商务局 第 2 行 [完成值]：“abc”不是有效的数字",
        "工作表 商务局 第 3 行 [序号]：没有序号为“99”的指标",
        "工作表 商务局 第 4 行 [指标]：没有名为“不存在的指标”的指标",
        "工作表 商务局 第 5 行 [年度]：“2031”不是规划年度（2023、2024、2025）",
        "工作表 商务局 第 6 行 [期间]：“第五季度”不是有效的期间（全年、一季度、上半年、前三季度）",
        "工作表 商务局 第 7 行 [排名]：“第一”不是有效的数字",
        "工作表 商务局 第 8 行 [责任部门]：“市工信局”不是该指标的牵头部门（应为 市商务局）",
        "工作表 商务局 第 9 行 [指标]：“规上制造业全员劳动生产率”与序号 5 的指标“高技术制造业增加值增速”不符",
        "工作表 商务局 第 10 行 [完成值]：“1.123456”最多保留 4 位小数",
        "工作表 商务局 第 11 行 [责任部门]：“不存在局”不是已知的责任单位",
        "工作表 商务局 第 13 行：与 工作表 商务局 第 12 行 重复（同一指标、年度、期间）",
    ]


def test_a_file_with_one_bad_row_changes_nothing(importer, make_figure):
    make_figure(number=2, year=2024, value="34.7")
    before, history = figures_table(), Figure.history.count()
    rows = [[n, None, 2024, "全年", str(30 + n), None, "按统计快报", *MISS_FILLED] for n in range(1, 15)]
    rows[5][4] = "三十五"
    batch = services.import_preview(
        user=importer,
        file_name="bad.xlsx",
        data=xlsx([LONG_HEADER + MISS_COLUMNS, *rows], title_rows=["汇总表"]),
    )
    assert batch.status == ImportBatch.Status.REJECTED
    assert (batch.new_count, batch.changed_count, batch.error_count) == (12, 1, 1)
    assert batch.can_confirm is False
    with pytest.raises(Exception):  # noqa: B017 - refused whatever the wording
        services.import_confirm(user=importer, batch_id=batch.pk)
    assert figures_table() == before
    assert Figure.history.count() == history


def test_several_sheets_one_per_department(importer):
    data = xlsx(
        [LONG_HEADER, [4, None, 2024, "全年", "16.9", None, None]],
        sheet="商务局",
        more_sheets={
            "工信局": [["工信局 2024 年报表"], LONG_HEADER, [1, None, 2024, "全年", "39.7", None, None]],
            "说明": [["填表说明：请按序号填写"]],
        },
    )
    batch = imported(importer, data)
    assert batch.new_count == 2
    assert figure(1).source_sheet == "工信局" and figure(1).source_row == 3
    assert figure(4).source_sheet == "商务局"


def test_csv_in_utf8_and_gbk(importer):
    rows = [["汇总"], LONG_HEADER, [4, "", 2024, "全年", "16.9%", "", "出口回暖"]]
    for encoding in ("utf-8-sig", "gbk"):
        result = preview(importer, csv_bytes(rows, encoding), "商务局.csv")
        assert result.errors == []
        assert [(r.value, r.explanation, r.sheet) for r in result.rows] == [("16.9", "出口回暖", "商务局")]


def test_long_export_imports_back_unchanged(importer, coordinator, make_figure):
    make_figure(number=4, year=2024, value="16.8", explanation='=HYPERLINK("x")')
    make_figure(number=15, year=2023, value="31.05", rank=1, status=Status.APPROVED)
    make_figure(number="gsgyzjzzs", year=2024, value="5.1", status=Status.SUBMITTED)
    make_figure(number=6, year=2024, value="2600", period="h1")
    result = preview(importer, FigureExporter().to_bytes(), "export.xlsx")
    assert result.errors == []
    assert [(row.action, row.changes) for row in result.rows] == [(services.UNCHANGED, [])] * 4


def test_imported_figures_enter_the_workflow_submitted_with_history(importer, make_figure):
    make_figure(number=4, year=2024, value="16.2", status=Status.RETURNED, version=3)
    batch = imported(
        importer, xlsx([LONG_HEADER, [4, None, 2024, "全年", "16.9", None, None]]), "商务局.xlsx"
    )
    assert batch.changed_count == 1
    changed = figure(4)
    assert (changed.value, changed.status, changed.version) == (Decimal("16.9"), Status.SUBMITTED, 4)
    assert changed.updated_by == importer and changed.submitted_at is not None
    record = changed.history.first()
    assert record.history_change_reason == "Excel 导入：商务局.xlsx"
    assert record.history_user == importer


def test_every_written_figure_gets_one_history_row_of_the_import(importer, make_figure):
    """A "+" row for a new figure and a "~" row for a changed one, each holding the figure as written, with
    the file as the reason, the importer as the user and the import's time; an unchanged figure gets none."""
    make_figure(number=2, year=2024, value="34.7")
    make_figure(number=3, year=2024, value="40.1")
    rows = [
        [1, None, 2024, "全年", "39.7", 2, "快报数"],
        [2, None, 2024, "全年", "35", None, None],
        [3, None, 2024, "全年", "40.1", None, None],
    ]
    batch = imported(importer, xlsx([LONG_HEADER, *rows]), "商务局.xlsx")
    assert (batch.new_count, batch.changed_count, batch.unchanged_count) == (1, 1, 1)

    tracked = [f.attname for f in Figure.history.model.tracked_fields]
    for number, history_type, count in ((1, "+", 1), (2, "~", 2)):
        written = figure(number)
        record = written.history.first()
        assert written.history.count() == count
        assert (record.history_type, record.history_change_reason, record.history_user) == (
            history_type,
            "Excel 导入：商务局.xlsx",
            importer,
        )
        assert record.history_date == written.updated_at == written.submitted_at
        assert {name: getattr(record, name) for name in tracked} == {
            name: getattr(written, name) for name in tracked
        }
    assert figure(3).history.count() == 1  # its creation only
    assert Figure.history.filter(history_change_reason="Excel 导入：商务局.xlsx").count() == 2


def test_a_first_save_racing_the_write_rolls_the_import_back(importer, make_figure, monkeypatch):
    """Another request saves the first figure of a key the import creates after the recheck: the unique key
    refuses the insert, nothing of the import is written and each new row says why."""
    make_figure(number=2, year=2024, value="34.7")
    rows = [[4, None, 2024, "全年", "16.9", None, None], [2, None, 2024, "全年", "35", None, None]]
    batch = services.import_preview(user=importer, file_name="a.xlsx", data=xlsx([LONG_HEADER, *rows]))
    figures_for = plan.figures_for

    def racing(rows, *, lock=False):
        found = figures_for(rows, lock=lock)
        if lock:
            make_figure(number=4, year=2024, value="16.5")
        return found

    monkeypatch.setattr(plan, "figures_for", racing)
    before, history = figures_table(), Figure.history.count()

    batch = services.import_confirm(user=importer, batch_id=batch.pk)

    assert batch.status == ImportBatch.Status.REJECTED
    assert [row.errors for row in Rows.from_json(batch.rows).rows()] == [
        ["工作表 Sheet1 第 2 行：预览后已有人填报了该数据，请重新上传文件预览"],
        [],
    ]
    assert [row for row in figures_table() if row not in before] == [
        Figure.objects.filter(pk=figure(4).pk).values_list().get()
    ]
    assert figure(4).value == Decimal("16.5") and figure(2).value == Decimal("34.7")
    assert Figure.history.count() == history + 1  # the racing save's own


def test_reporter_imports_only_their_departments_led_indicators(reporter_swj):
    data = xlsx(
        [
            LONG_HEADER,
            [4, None, 2024, "全年", "16.9", None, None],
            [1, None, 2024, "全年", "39.7", None, None],
        ]
    )
    rows = preview(reporter_swj, data).rows
    assert [row.action for row in rows] == [services.NEW, services.ERROR]
    assert rows[1].errors == ["工作表 Sheet1 第 3 行：只能导入本单位牵头的指标（该指标由 市工信局 牵头）"]


def test_approved_figures_are_never_overwritten(importer, coordinator, make_figure):
    make_figure(number=4, year=2024, value="16.8", status=Status.APPROVED)
    for user in (importer, coordinator):
        rows = preview(user, xlsx([LONG_HEADER, [4, None, 2024, "全年", "17", None, None]])).rows
        assert rows[0].errors == ["工作表 Sheet1 第 2 行：已审核，需协调员退回后修改"]


def test_submitted_figures_are_overwritten_by_importers_not_reporters(importer, reporter_swj, make_figure):
    make_figure(number=4, year=2024, value="16.8", status=Status.SUBMITTED)
    data = xlsx([LONG_HEADER, [4, None, 2024, "全年", "17", None, None]])
    assert preview(reporter_swj, data).errors == ["工作表 Sheet1 第 2 行：已报送，需协调员退回后修改"]
    imported(importer, data)
    assert (figure(4).value, figure(4).status, figure(4).version) == (Decimal("17"), Status.SUBMITTED, 2)


def test_leaders_and_outsiders_cannot_import(leader, outsider):
    for user in (leader, outsider):
        with pytest.raises(PermissionDenied):
            preview(user, xlsx([LONG_HEADER]))


def test_confirm_refuses_a_figure_changed_since_the_preview(reporter_swj, make_figure):
    make_figure(number=4, year=2024, value="16.2")
    batch = services.import_preview(
        user=reporter_swj,
        file_name="a.xlsx",
        data=xlsx([LONG_HEADER, [4, None, 2024, "全年", "16.9", None, None]]),
    )
    indicator = Indicator.objects.get(number=4)
    figure_services.figure_save(
        user=reporter_swj,
        indicator=indicator,
        year=2024,
        data=figure_services.FigureInput(value=Decimal("16.5")),
        version=1,
        submit=False,
    )
    batch = services.import_confirm(user=reporter_swj, batch_id=batch.pk)
    assert batch.status == ImportBatch.Status.REJECTED
    assert Rows.from_json(batch.rows).row(0).errors == [
        "工作表 Sheet1 第 2 行：预览后该数据已被修改（版本 1 → 2），请重新上传文件预览"
    ]
    assert figure(4).value == Decimal("16.5")


def test_confirm_refuses_a_figure_created_since_the_preview(importer, make_figure):
    batch = services.import_preview(
        user=importer,
        file_name="a.xlsx",
        data=xlsx([LONG_HEADER, [4, None, 2024, "全年", "16.9", None, None]]),
    )
    make_figure(number=4, year=2024, value="16.5")
    batch = services.import_confirm(user=importer, batch_id=batch.pk)
    assert batch.status == ImportBatch.Status.REJECTED
    assert "预览后已有人填报了该数据" in Rows.from_json(batch.rows).row(0).errors[0]
    assert figure(4).value == Decimal("16.5")


def test_expired_uploads_are_refused_and_purged(importer):
    batch = services.import_preview(
        user=importer,
        file_name="a.xlsx",
        data=xlsx([LONG_HEADER, [4, None, 2024, "全年", "16.9", None, None]]),
    )
    ImportBatch.objects.filter(pk=batch.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(services.ImportExpired, match="已失效"):
        services.import_confirm(user=importer, batch_id=batch.pk)
    assert not ImportBatch.objects.filter(pk=batch.pk).exists()
    assert not Figure.objects.exists()


def test_a_batch_is_confirmed_once_and_only_by_its_uploader(importer, coordinator):
    data = xlsx([LONG_HEADER, [4, None, 2024, "全年", "16.9", None, None]])
    batch = services.import_preview(user=importer, file_name="a.xlsx", data=data)
    with pytest.raises(ImportBatch.DoesNotExist):
        services.import_confirm(user=coordinator, batch_id=batch.pk)
    services.import_confirm(user=importer, batch_id=batch.pk)
    with pytest.raises(Exception, match="已导入"):
        services.import_confirm(user=importer, batch_id=batch.pk)


def test_a_file_without_a_header_or_year_is_refused(importer):
    with pytest.raises(FileRejected, match="未找到表头"):
        preview(importer, xlsx([["a", "b"], [1, 2]]))
    rows = preview(importer, xlsx([["序号", "完成值"], [4, "16.9"]])).rows
    assert rows[0].errors == ["工作表 Sheet1 第 2 行：缺少年度：请增加“年度”列，或使用系统生成的模板"]


def test_years_outside_the_plan_only_with_an_override(importer):
    data = xlsx([LONG_HEADER, [4, None, 2019, "全年", "16.9", None, None]])
    assert preview(importer, data).rows[0].action == services.ERROR
    rows = services.preview_build(user=importer, file_name="a.xlsx", data=data, years=range(2016, 2026)).rows
    assert rows[0].action == services.NEW


# A value below its target needs what the entry form asks (indicators.services): 说明, 原因类别, 整改措施, 预计赶上.

MISS_HEADER = ["序号", "指标", "年度", "期间", "完成值", "说明"]
MISSED = "未达目标（完成 34.8万元/人，目标 39.5万元/人，差 4.7万元/人），"


def test_a_miss_without_its_explanation_is_a_row_error_per_field_with_the_evaluation(importer):
    data = xlsx([MISS_HEADER, [1, None, 2024, "全年", "34.8", None], [2, None, 2024, "全年", "34.8", None]])
    assert preview(importer, data).errors == [
        f"工作表 Sheet1 第 2 行 [说明]：{MISSED}请在“说明”列写明原因",
        f"工作表 Sheet1 第 2 行 [原因类别]：{MISSED}请在“原因类别”列填写外部环境、政策调整、统计口径、项目进度、其他之一",
        f"工作表 Sheet1 第 2 行 [整改措施]：{MISSED}请在“整改措施”列填写整改措施",
        f"工作表 Sheet1 第 2 行 [预计赶上]：{MISSED}请在“预计赶上”列填写预计赶上的期间，如“2026年上半年”",
    ]  # indicator 2's 34.8 is within 34.8左右: no explanation needed
    only_explained = xlsx([MISS_HEADER, [1, None, 2024, "全年", "34.8", "受订单减少影响"]])
    assert [e.split("：")[0] for e in preview(importer, only_explained).errors] == [
        "工作表 Sheet1 第 2 行 [原因类别]",
        "工作表 Sheet1 第 2 行 [整改措施]",
        "工作表 Sheet1 第 2 行 [预计赶上]",
    ]
    explained = xlsx(
        [MISS_HEADER + MISS_COLUMNS, [1, None, 2024, "全年", "34.8", "受订单减少影响", *MISS_FILLED]]
    )
    assert preview(importer, explained).errors == []


def test_the_miss_fields_are_imported_and_shown_as_changes(importer):
    data = xlsx(
        [
            MISS_HEADER + MISS_COLUMNS,
            [1, None, 2024, "全年", "34.8", "订单减少", "外部环境", "技改", "2025年上半年"],
        ]
    )
    result = preview(importer, data)
    assert result.rows[0].changes[-3:] == [
        ["原因类别", "", "外部环境"],
        ["整改措施", "", "技改"],
        ["预计赶上", "", "2025年上半年"],
    ]
    batch = services.import_preview(user=importer, file_name="miss.xlsx", data=data)
    services.import_confirm(user=importer, batch_id=batch.pk)
    figure = Figure.objects.get(indicator__number=1, year=2024, period="year")
    assert (figure.miss_cause, figure.remedy, figure.catch_up_year, figure.catch_up_period) == (
        "external",
        "技改",
        2025,
        "h1",
    )


def test_bad_miss_cells_name_sheet_row_column_and_content(importer):
    data = xlsx(
        [
            MISS_HEADER + MISS_COLUMNS,
            [1, None, 2024, "全年", "34.8", "订单减少", "天气", "技改", "2025年全年"],
            [3, None, 2024, "全年", "30", "订单减少", "其他", "技改", "2024年上半年"],
            [4, None, 2024, "全年", "10", "订单减少", "其他", "技改", "明年"],
        ]
    )
    assert preview(importer, data).errors == [
        "工作表 Sheet1 第 2 行 [原因类别]：“天气”不是原因类别，请填写外部环境、政策调整、统计口径、项目进度、其他之一",
        "工作表 Sheet1 第 3 行 [预计赶上]：预计赶上的期间“2024年上半年”应晚于本期（2024年全年）",
        "工作表 Sheet1 第 4 行 [预计赶上]：“明年”不是有效的期间，请填写如“2025年上半年”“2025年全年”",
    ]


def test_the_figures_own_explanation_counts_when_the_file_has_no_column(importer, make_figure):
    make_figure(
        number=1,
        year=2024,
        value="30",
        explanation="上期已说明：订单减少",
        miss_cause="external",
        remedy="技改扩能",
        catch_up_year=2025,
        catch_up_period="year",
    )
    data = xlsx([["序号", "年度", "完成值"], [1, 2024, "34.8"]])
    result = preview(importer, data)
    assert result.errors == [] and result.rows[0].action == services.CHANGED


def test_the_template_carries_the_miss_fields_and_reads_back(importer, make_figure):
    make_figure(
        number=1,
        year=2024,
        value="30",
        explanation="订单减少",
        miss_cause="policy",
        remedy="技改扩能",
        catch_up_year=2025,
        catch_up_period="h1",
    )
    data = TemplateExporter(seed_plan(), 2024).to_bytes()
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    header = [c.value for c in sheet[3]]
    assert header[-7:] == ["完成值", "排名", "说明", "原因类别", "整改措施", "预计赶上", "上期整改是否见效"]
    row = next(r for r in sheet.iter_rows(min_row=4, values_only=True) if r[1] == 1)
    assert list(row[-4:]) == ["政策调整", "技改扩能", "2025年上半年", None]
    assert any(v.type == "list" for v in sheet.data_validations.dataValidation)
    assert sheet.cell(4, len(header)).protection.locked is False
    result = preview(importer, data)
    assert result.errors == []
    assert next(r for r in result.rows if r.label.startswith("1.")).action == services.UNCHANGED


def test_year_to_date_rows_are_paced_not_judged(importer):
    data = xlsx([MISS_HEADER, [1, None, 2024, "上半年", "10", None]])
    assert preview(importer, data).errors == []


@pytest.mark.parametrize(("companion", "misses"), [("7.5", True), ("5.0", False)])
def test_a_relative_target_is_judged_against_the_companion_in_the_same_file(importer, companion, misses):
    # Indicator 5: 年均增速高于规上工业增速 — 6.0 misses when industry grew 7.5, meets it at 5.0.
    data = xlsx(
        [
            MISS_HEADER,
            [None, "规上工业增加值增速", 2024, "全年", companion, None],
            [5, None, 2024, "全年", "6.0", None],
        ]
    )
    errors = preview(importer, data).errors
    assert bool(errors) is misses
    if misses:
        assert errors[0].startswith("工作表 Sheet1 第 3 行 [说明]：未达目标（")


def test_a_miss_without_an_explanation_stops_the_whole_file(importer):
    before = figures_table()
    data = xlsx([MISS_HEADER, [4, None, 2024, "全年", "16.9", None], [1, None, 2024, "全年", "30", None]])
    batch = services.import_preview(user=importer, file_name="未说明.xlsx", data=data)
    assert batch.status == ImportBatch.Status.REJECTED and batch.error_count == 1
    assert figures_table() == before


def missed_in_2024(make_figure) -> None:
    """Indicator 1's 2024 figure, below its target, with the miss explained and a catch-up promised for 2025."""
    make_figure(
        number=1,
        year=2024,
        value="30",
        explanation="订单减少",
        miss_cause="external",
        remedy="技改扩能",
        catch_up_year=2025,
        catch_up_period="year",
    )


def test_a_value_that_meets_its_target_clears_the_miss_as_the_form_does(importer, make_figure):
    """The form submits a met value without 原因类别, 整改措施 and 预计赶上 (the next period would ask about a
    catch-up otherwise); the import does the same, shows it and writes it."""
    missed_in_2024(make_figure)
    data = xlsx([MISS_HEADER, [1, None, 2024, "全年", "45", "订单回升"]])
    row = preview(importer, data).rows[0]
    assert (row.action, row.changes) == (
        services.CHANGED,
        [
            ["完成值", "30", "45"],
            ["说明", "订单减少", "订单回升"],
            ["原因类别", "外部环境", ""],
            ["整改措施", "技改扩能", ""],
            ["预计赶上", "2025年全年", ""],
        ],
    )
    imported(importer, data)
    figure = Figure.objects.get(indicator__number=1, year=2024, period="year")
    assert (figure.value, figure.explanation) == (Decimal("45"), "订单回升")
    assert (figure.miss_cause, figure.remedy, figure.catch_up_year, figure.catch_up_period) == (
        "",
        "",
        None,
        "",
    )


def test_after_a_miss_the_next_period_says_whether_the_catch_up_worked(importer, make_figure):
    """As on the entry form: a figure after one that missed and promised to catch up must answer 上期整改是否见效;
    the template carries the column (a dropdown) and the import writes the answer."""
    missed_in_2024(make_figure)
    unanswered = xlsx([MISS_HEADER, [1, None, 2025, "上半年", "20", None]])
    assert preview(importer, unanswered).errors == [
        "工作表 Sheet1 第 2 行 [上期整改是否见效]：2024年全年未达目标，"
        "请在“上期整改是否见效”列填写已赶上、部分赶上、仍未赶上之一"
    ]
    wrong = xlsx([[*MISS_HEADER, "上期整改是否见效"], [1, None, 2025, "上半年", "20", None, "差不多"]])
    assert preview(importer, wrong).errors == [
        "工作表 Sheet1 第 2 行 [上期整改是否见效]：“差不多”不是有效的回答，请填写已赶上、部分赶上、仍未赶上之一"
    ]
    answered = xlsx([[*MISS_HEADER, "上期整改是否见效"], [1, None, 2025, "上半年", "20", None, "部分赶上"]])
    assert preview(importer, answered).rows[0].changes[-1] == ["上期整改是否见效", "", "部分赶上"]
    imported(importer, answered)
    assert figure(1, 2025, "h1").catch_up_result == Figure.CatchUp.PARTLY

    data = TemplateExporter(seed_plan(), 2025).to_bytes()
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert any(v.type == "list" and "已赶上" in v.formula1 for v in sheet.data_validations.dataValidation)


def test_confirm_plans_again_when_a_target_changed_since_the_preview(importer):
    """The preview found 16.9 above 2024's target of 16.5; the target was raised before the confirm, so the
    row now misses it and needs what a miss needs."""
    batch = services.import_preview(
        user=importer,
        file_name="a.xlsx",
        data=xlsx([LONG_HEADER, [4, None, 2024, "全年", "16.9", None, None]]),
    )
    assert batch.status == ImportBatch.Status.PENDING
    target = Indicator.objects.get(number=4).targets.get(year=2024)
    target.value = Decimal("17.5")
    target.save()
    batch = services.import_confirm(user=importer, batch_id=batch.pk)
    assert batch.status == ImportBatch.Status.REJECTED
    assert "说明" in " ".join(Rows.from_json(batch.rows).row(0).errors)
    assert not Figure.objects.exists()


def test_confirm_keeps_the_preview_plan_when_nothing_was_written_since(importer, monkeypatch):
    batch = services.import_preview(
        user=importer,
        file_name="a.xlsx",
        data=xlsx([LONG_HEADER, [4, None, 2024, "全年", "16.9", None, None]]),
    )
    monkeypatch.setattr(plan, "rows_plan", lambda *args, **kwargs: pytest.fail("planned again"))
    batch = services.import_confirm(user=importer, batch_id=batch.pk)
    assert batch.status == ImportBatch.Status.IMPORTED
    assert figure(4).value == Decimal("16.9")
