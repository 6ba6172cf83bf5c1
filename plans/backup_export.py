"""export_all: every sheet of plans/backup.py written to one .xlsx, from one consistent view of the tables."""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from os import PathLike
from typing import IO, Any

from django.apps import apps
from django.db import connection, models, transaction
from django.utils import timezone, translation
from openpyxl import Workbook

from core.xlsx import XlsxExporter
from plans.backup import (
    CONTENTS_SHEET,
    FORMAT_VERSION,
    GROUP_SEPARATOR,
    GROUPS_COLUMN,
    SHEETS,
    Sheet,
    text_encode,
)

MAX_EXACT_DIGITS = 15  # a double keeps 15 significant decimal digits; longer decimals are written as text

HISTORY_LABELS = {
    "history_id": "记录号",
    "history_date": "修改时间",
    "history_change_reason": "修改原因",
    "history_type": "类型（+新建 ~修改 -删除）",
    "history_user_id": "修改人",
}


def _header(field: models.Field) -> str:
    label = HISTORY_LABELS.get(field.attname) or str(field.verbose_name)
    return f"{label} [{field.attname}]"


def _cell(value: Any) -> Any:
    if isinstance(value, datetime):
        return (timezone.localtime(value) if timezone.is_aware(value) else value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return value if len(value.as_tuple().digits) <= MAX_EXACT_DIGITS else str(value)
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, str):
        return text_encode(value)
    return value


class SheetExporter(XlsxExporter):
    def __init__(self, sheet: Sheet, exported_at: datetime):
        self.sheet, self.exported_at = sheet, exported_at
        self.sheet_name = sheet.name
        self.title = f"{sheet.name}（{sheet.model_label}）"
        self.fields = sheet.fields
        is_user = sheet.model_label == "departments.User"
        self.headers = [(_header(f), 24 if f.get_internal_type() == "TextField" else 16) for f in self.fields]
        self.groups = _user_groups() if is_user else None
        if is_user:
            self.headers.append((f"用户组 [{GROUPS_COLUMN}]", 20))

    def title_lines(self) -> list[str]:
        return [
            self.title,
            f"备份时间 {self.exported_at:%Y-%m-%d %H:%M:%S}；列名方括号中为字段名，恢复时按它对应",
        ]

    def rows(self) -> Iterator[list]:
        names = [f.attname for f in self.fields]
        for values in self.sheet.queryset().values_list(*names).iterator(chunk_size=2000):
            row = [_cell(v) for v in values]
            if self.groups is not None:
                row.append(_cell(GROUP_SEPARATOR.join(self.groups.get(values[0], []))))
            yield row


def _user_groups() -> dict[int, list[str]]:
    through = apps.get_model("departments.User").groups.through
    groups: dict[int, list[str]] = {}
    for user_id, name in through.objects.order_by("group__name").values_list("user_id", "group__name"):
        groups.setdefault(user_id, []).append(name)
    return groups


class ContentsExporter(XlsxExporter):
    """The first sheet: what the file is, and each sheet's row count, which the restore checks."""

    sheet_name = CONTENTS_SHEET
    headers = [("工作表", 20), ("内容", 24), ("行数", 10)]

    def __init__(self, counts: dict[str, int], exported_at: datetime):
        self.counts, self.exported_at = counts, exported_at
        self.title = "江阴制造强市建设指标跟踪 全部数据备份"

    def title_lines(self) -> list[str]:
        return [
            self.title,
            f"备份格式 {FORMAT_VERSION}；备份时间 {self.exported_at:%Y-%m-%d %H:%M:%S}；"
            "恢复：python manage.py migrate 后运行 python manage.py restore_all 本文件（只能恢复到空数据库）",
            "不含：登录密码（恢复后需重设）、导入的原始文件与预览、未确认的上传",
        ]

    def rows(self) -> Iterator[list]:
        for sheet in SHEETS:
            yield [sheet.name, str(sheet.model._meta.verbose_name), self.counts[sheet.name]]


def backup_export(target: str | PathLike | IO[bytes]) -> dict[str, int]:
    """Write every sheet to `target`; returns the row count of each sheet."""
    exported_at = timezone.localtime()
    wb = Workbook()
    counts = {}
    with translation.override("zh-hans"), _snapshot():
        contents = wb.active
        for sheet in SHEETS:
            counts[sheet.name] = SheetExporter(sheet, exported_at).sheet_write(wb.create_sheet())
        ContentsExporter(counts, exported_at).sheet_write(contents)
    wb.save(target)
    return counts


@contextmanager
def _snapshot():
    """One consistent view of every table while the sheets are read (PostgreSQL: repeatable read)."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield
