"""The whole business content in one .xlsx (`export_all`, backup_export.py) and back into an empty database
(`restore_all`, backup_restore.py); this module is the file's layout that both follow.

One sheet per table, in foreign-key order. A sheet's columns are its model's concrete fields, headed
"verbose name [field]": people read the Chinese, the restore maps the bracketed field name back. Rows keep their
ids, so foreign keys, history rows and the commitment ids inside ProgressReport.numbers stay valid; PostgreSQL
sequences are moved past them afterwards. Values survive exactly: dates as ISO text, decimals of more than 15
digits as text, and text reversibly escaped (a carriage return or control character as Excel's _xHHHH_, a text
starting like a formula behind a "'" that the restore takes off again).

Left out on purpose: password hashes (restored accounts get an unusable password and must be given a new one),
the original files and previews of imports (only their metadata), unconfirmed uploads, sessions, the admin log.
"""

import re
from dataclasses import dataclass

from django.apps import apps
from django.db import models
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMAT_VERSION = 1
CONTENTS_SHEET = "说明"
GROUPS_COLUMN = "groups"
GROUP_SEPARATOR = "、"


@dataclass(frozen=True)
class Sheet:
    name: str
    model_label: str
    exclude: tuple[str, ...] = ()
    rows_filter: models.Q | None = None

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.model_label)

    @property
    def fields(self) -> list[models.Field]:
        return [f for f in self.model._meta.concrete_fields if f.name not in self.exclude]

    def queryset(self) -> models.QuerySet:
        rows = self.model._base_manager.order_by("pk")
        return rows.filter(self.rows_filter) if self.rows_filter is not None else rows


# Not data of the plan: core.DataChange and DataVersion only tell caches that something changed (a restore counts one).
NOT_BACKED_UP = {"core.DataChange", "core.DataVersion"}
# 考核's weights are configuration seeded by a migration (the restored database already has that row, and a
# restore refuses a database that is not empty): re-enter edited weights in the admin after a restore.
NOT_BACKED_UP |= {"scores.ScoringRule", "scores.HistoricalScoringRule"}

# Foreign-key order: a sheet refers only to sheets above it (except Department.parent, within its own sheet).
SHEETS = [
    Sheet("责任单位", "departments.Department"),
    Sheet("用户", "departments.User", exclude=("password",)),
    Sheet("规划", "plans.Plan"),
    Sheet("一级指标", "indicators.Category"),
    Sheet("指标", "indicators.Indicator"),
    Sheet("指标责任部门", "indicators.IndicatorDepartment"),
    Sheet("年度目标", "indicators.Target"),
    Sheet("数据质量规则", "indicators.QualityRule"),
    Sheet("跨指标数据质量规则", "indicators.CrossRule"),
    Sheet("章", "tasks.Chapter"),
    Sheet("章目标", "tasks.ChapterGoal"),
    Sheet("任务", "tasks.Task"),
    Sheet("任务责任单位", "tasks.TaskUnit"),
    Sheet("量化目标", "tasks.Commitment"),
    Sheet("截止日期", "indicators.ReportingDeadline"),
    Sheet("填报数据", "indicators.Figure"),
    Sheet("意见", "indicators.FigureComment"),
    Sheet("填报修改记录", "indicators.HistoricalFigure"),
    Sheet("指标变更记录", "indicators.HistoricalIndicator"),
    Sheet("目标变更记录", "indicators.HistoricalTarget"),
    Sheet("数据质量规则变更记录", "indicators.HistoricalQualityRule"),
    Sheet("跨指标规则变更记录", "indicators.HistoricalCrossRule"),
    Sheet("任务推进报告", "tasks.ProgressReport"),
    Sheet("推进报告修改记录", "tasks.HistoricalProgressReport"),
    Sheet("催报记录", "tasks.ReminderLog"),
    Sheet("得分调整", "scores.ScoreAdjustment"),
    Sheet("得分调整记录", "scores.HistoricalScoreAdjustment"),
    Sheet("任务报告免报", "tasks.ReportWaiver"),
    Sheet("免报修改记录", "tasks.HistoricalReportWaiver"),
    # Metadata only: the uploaded file and its preview stay out, and so do uploads never confirmed.
    Sheet(
        "导入记录",
        "imports.ImportBatch",
        exclude=("file_data", "rows"),
        rows_filter=~models.Q(status="pending"),
    ),
    Sheet("督办单", "supervision.Notice"),
    Sheet("督办单办理记录", "supervision.HistoricalNotice"),
    Sheet("督办单文号", "supervision.NoticeCounter"),
    Sheet("分管领导", "supervision.UnitLeader"),
    Sheet("分管领导变更记录", "supervision.HistoricalUnitLeader"),
]


# Exact text in a cell: Excel's _xHHHH_ escapes for what a worksheet cannot hold (and for "_xHHHH_" typed
# literally), then a "'" before a text starting with "'" so that the restore can always take one off.

_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def text_encode(text: str) -> str:
    text = re.sub(r"_(?=x[0-9A-Fa-f]{4}_)", "_x005F_", text)  # a literal "_xHHHH_" keeps its underscore
    text = ILLEGAL_CHARACTERS_RE.sub(lambda m: f"_x{ord(m.group()):04X}_", text).replace("\r", "_x000D_")
    return "'" + text if text.startswith("'") else text


def text_decode(text: str) -> str:
    # XlsxExporter put a "'" before formula-like text; text_encode before text starting with "'".
    text = text.removeprefix("'")
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)
