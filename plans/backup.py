"""The whole business content in one .xlsx (`export_all`) and back into an empty database (`restore_all`).

One sheet per table, in foreign-key order. A sheet's columns are its model's concrete fields, headed
"verbose name [field]": people read the Chinese, the restore maps the bracketed field name back. Rows keep their
ids, so foreign keys, history rows and the commitment ids inside ProgressReport.numbers stay valid; PostgreSQL
sequences are moved past them afterwards. Values survive exactly: dates as ISO text, decimals of more than 15
digits as text, and text reversibly escaped (a carriage return or control character as Excel's _xHHHH_, a text
starting like a formula behind a "'" that the restore takes off again).

Left out on purpose: password hashes (restored accounts get an unusable password and must be given a new one),
the original files and previews of imports (only their metadata), unconfirmed uploads, sessions, the admin log.
"""

import json
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from os import PathLike
from typing import IO, Any

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.color import no_style
from django.db import DatabaseError, connection, models, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone, translation
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from core import freshness
from core.xlsx import XlsxExporter
from departments import roles

FORMAT_VERSION = 1
CONTENTS_SHEET = "说明"
GROUPS_COLUMN = "groups"
GROUP_SEPARATOR = "、"
MAX_EXACT_DIGITS = 15  # a double keeps 15 significant decimal digits; longer decimals are written as text
BATCH_SIZE = 500

HISTORY_LABELS = {
    "history_id": "记录号",
    "history_date": "修改时间",
    "history_change_reason": "修改原因",
    "history_type": "类型（+新建 ~修改 -删除）",
    "history_user_id": "修改人",
}


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


# Not data of the plan: core.DataChange only tells caches that something changed (a restore adds a row).
NOT_BACKED_UP = {"core.DataChange"}

# Foreign-key order: a sheet refers only to sheets above it (except Department.parent, within its own sheet).
SHEETS = [
    Sheet("责任单位", "departments.Department"),
    Sheet("用户", "departments.User", exclude=("password",)),
    Sheet("规划", "plans.Plan"),
    Sheet("一级指标", "indicators.Category"),
    Sheet("指标", "indicators.Indicator"),
    Sheet("指标责任部门", "indicators.IndicatorDepartment"),
    Sheet("年度目标", "indicators.Target"),
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
    Sheet("任务推进报告", "tasks.ProgressReport"),
    Sheet("推进报告修改记录", "tasks.HistoricalProgressReport"),
    # Metadata only: the uploaded file and its preview stay out, and so do uploads never confirmed.
    Sheet(
        "导入记录",
        "imports.ImportBatch",
        exclude=("file_data", "rows"),
        rows_filter=~models.Q(status="pending"),
    ),
]


class RestoreError(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


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


# Restore


def _value(field: models.Field, cell: Any) -> Any:
    """The field's value from its cell, as _cell wrote it; ValueError when it is not one."""
    if cell is None or cell == "":
        if isinstance(field, models.JSONField):
            return field.get_default()
        if isinstance(field, models.CharField | models.TextField) and not field.null:
            return ""
        if not field.null:
            raise ValueError("不能为空")
        return None
    if isinstance(field, models.ForeignKey):
        field = field.target_field
    if isinstance(field, models.BooleanField):
        if not isinstance(cell, bool):
            raise ValueError(f"“{cell}”不是 TRUE/FALSE")
        return cell
    if isinstance(field, models.DateTimeField):
        value = datetime.fromisoformat(str(cell))
        if timezone.is_naive(value):
            raise ValueError(f"“{cell}”缺少时区")
        return value
    if isinstance(field, models.DateField):
        return date.fromisoformat(str(cell))
    if isinstance(field, models.DecimalField):
        try:
            return Decimal(repr(cell) if isinstance(cell, float) else text_decode(str(cell)))
        except InvalidOperation:
            raise ValueError(f"“{cell}”不是数字") from None
    if isinstance(field, models.IntegerField | models.AutoField):
        if isinstance(cell, bool) or not isinstance(cell, int):
            raise ValueError(f"“{cell}”不是整数")
        return cell
    if isinstance(field, models.JSONField):
        return json.loads(text_decode(str(cell)))
    return text_decode(str(cell))


@dataclass
class _Parsed:
    sheet: Sheet
    objects: list[models.Model]
    groups: dict[int, list[str]]  # users only: user id → group names


def _sheet_read(ws, sheet: Sheet, errors: list[str]) -> _Parsed:
    rows = ws.iter_rows(values_only=True)
    fields = {f.attname: f for f in sheet.fields}
    columns: list[str | None] = []
    header_row = 0
    for values in rows:  # the header is the first row of "… [field]" cells
        header_row += 1
        names = [re.search(r"\[(\w+)\]$", str(v)) if v is not None else None for v in values]
        if values and all(names):
            columns = [m.group(1) for m in names]
            break
    place = f"工作表 {sheet.name}"
    if not columns:
        errors.append(f"{place}：找不到表头（“名称 [字段]”）")
        return _Parsed(sheet, [], {})
    unknown = [c for c in columns if c not in fields and c != GROUPS_COLUMN]
    missing = [
        name for name, f in fields.items() if name not in columns and not f.has_default() and not f.null
    ]
    if unknown or missing:
        errors.append(f"{place}：列与本版本的数据结构不符（多出 {unknown or '无'}，缺少 {missing or '无'}）")
        return _Parsed(sheet, [], {})
    model, objects, groups = sheet.model, [], {}
    password = make_password(None) if sheet.model_label == "departments.User" else None
    for number, values in enumerate(rows, header_row + 1):
        if all(v is None for v in values):
            continue
        data = {}
        for name, cell in zip(columns, values, strict=False):
            try:
                if name == GROUPS_COLUMN:
                    groups[data.get("id")] = [
                        g for g in text_decode(str(cell or "")).split(GROUP_SEPARATOR) if g
                    ]
                else:
                    data[name] = _value(fields[name], cell)
            except (ValueError, json.JSONDecodeError) as e:
                errors.append(f"{place} 第 {number} 行 [{name}]：{e}")
        if password is not None:
            data["password"] = password
        objects.append(model(**data))
    return _Parsed(sheet, objects, groups)


def _contents_read(wb, errors: list[str]) -> dict[str, int]:
    if CONTENTS_SHEET not in wb.sheetnames:
        raise RestoreError([f"不是本系统的备份文件：缺少“{CONTENTS_SHEET}”工作表"])
    rows = list(wb[CONTENTS_SHEET].iter_rows(values_only=True))
    stamp = next((str(r[0]) for r in rows[1:2] if r and r[0]), "")
    match = re.search(r"备份格式 (\d+)", stamp)
    if not match or int(match.group(1)) != FORMAT_VERSION:
        raise RestoreError(
            [f"备份格式不符：本版本只能恢复备份格式 {FORMAT_VERSION} 的文件（文件中为“{stamp}”）"]
        )
    counts = {r[0]: r[2] for r in rows if r and isinstance(r[2], int)}
    for sheet in SHEETS:
        if sheet.name not in wb.sheetnames or sheet.name not in counts:
            errors.append(f"缺少工作表“{sheet.name}”")
    return counts


def restore_checks() -> None:
    """Refuse a database that is not migrated or not empty: a restore never mixes with existing data."""
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise RestoreError(["数据库尚未迁移到最新：请先运行 python manage.py migrate，再恢复。"])
    filled = [f"{sheet.name} {count} 条" for sheet in SHEETS if (count := sheet.model._base_manager.count())]
    if filled:
        raise RestoreError(
            [
                f"数据库不是空的（已有{'、'.join(filled[:3])}{' 等' if len(filled) > 3 else ''}）。"
                "restore_all 只恢复到空数据库，以免与现有数据混在一起："
                "请新建一个数据库，运行 python manage.py migrate 后再恢复（不要运行 load_plan 或 seed_demo）。"
            ]
        )


@contextmanager
def _timestamps_kept(model_list: Iterable[type[models.Model]]):
    """bulk_create would stamp auto_now/auto_now_add fields with the current time; keep the backup's."""
    switched = [
        (f, f.auto_now, f.auto_now_add)
        for model in model_list
        for f in model._meta.concrete_fields
        if isinstance(f, models.DateField) and (f.auto_now or f.auto_now_add)
    ]
    for f, *_ in switched:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in switched:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def backup_restore(*, source: str | PathLike | IO[bytes], progress: Callable[[str, int], None] | None = None):
    """Restore a backup into the empty, migrated database in one transaction; returns the rows per sheet.
    Raises RestoreError listing every problem, with nothing written."""
    restore_checks()
    wb = load_workbook(source, read_only=True)
    errors: list[str] = []
    counts = _contents_read(wb, errors)
    if errors:
        raise RestoreError(errors)
    parsed = [_sheet_read(wb[sheet.name], sheet, errors) for sheet in SHEETS]
    wb.close()
    for p in parsed:
        if len(p.objects) != counts[p.sheet.name] and not any(
            e.startswith(f"工作表 {p.sheet.name}") for e in errors
        ):
            errors.append(
                f"工作表 {p.sheet.name}：有 {len(p.objects)} 行，说明页记为 {counts[p.sheet.name]} 行（文件不完整？）"
            )
    if errors:
        raise RestoreError(errors)

    model_list = [p.sheet.model for p in parsed]
    try:
        with transaction.atomic(), _timestamps_kept(model_list):
            for p in parsed:
                p.sheet.model._base_manager.bulk_create(p.objects, batch_size=BATCH_SIZE)
                if p.groups:
                    _groups_restore(p.groups)
                if progress:
                    progress(p.sheet.name, len(p.objects))
            freshness.changed(model_list[-1])  # the restored rows sent no signal
            connection.check_constraints(table_names=[m._meta.db_table for m in model_list])
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), model_list):
                    cursor.execute(sql)
    except DatabaseError as e:  # IntegrityError included: a file edited into inconsistency
        raise RestoreError([f"数据不一致，未恢复任何数据：{e}"]) from e
    return {p.sheet.name: len(p.objects) for p in parsed}


def _groups_restore(groups: dict[int, list[str]]) -> None:
    roles.roles_sync()  # the four roles with their permissions; other groups come back without permissions
    by_name = {g.name: g for g in Group.objects.all()}
    for name in {n for names in groups.values() for n in names} - by_name.keys():
        by_name[name] = Group.objects.create(name=name)
    through = apps.get_model("departments.User").groups.through
    through.objects.bulk_create(
        [
            through(user_id=user_id, group_id=by_name[name].pk)
            for user_id, names in groups.items()
            for name in names
        ],
        batch_size=BATCH_SIZE,
    )
