"""restore_all: a backup of plans/backup.py's layout read back into the empty, migrated database, all or nothing."""

import json
import re
from collections.abc import Callable, Iterable
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
from django.utils import timezone
from openpyxl import load_workbook

from core import freshness
from departments import roles
from plans.backup import (
    CONTENTS_SHEET,
    FORMAT_VERSION,
    GROUP_SEPARATOR,
    GROUPS_COLUMN,
    SHEETS,
    Sheet,
    text_decode,
)

BATCH_SIZE = 500


class RestoreError(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


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
