"""Bulk Excel import of figures, after pretix's modelimport, in four steps, each its own module:

read (imports.files, in a limited child process; imports.layout finds each sheet's table) → validate every row,
column by column, collecting "工作表 X 第 N 行 [列]：message" (imports.validate) → plan each row against the
stored figures: 新增 / 修改 / 未变 / 错误 (imports.plan) → commit everything in one transaction, or nothing
(imports.commit, writing through indicators.services.figures_submit_many).

These are the services the views and the command call.
"""

from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied

from imports import commit, files, layout, plan
from imports.catalog import Catalog
from imports.commit import ImportExpired, batch_create, imports_purge_expired
from imports.models import ImportBatch
from imports.rows import ACTION_LABELS, CHANGED, ERROR, NEW, UNCHANGED, ImportRow, Preview, Rows
from imports.validate import table_validate
from indicators import permissions
from plans.selectors import years_all

__all__ = [
    "ACTION_LABELS",
    "CHANGED",
    "ERROR",
    "NEW",
    "UNCHANGED",
    "ImportExpired",
    "ImportRow",
    "Preview",
    "batch_create",
    "import_confirm",
    "import_preview",
    "imports_purge_expired",
    "preview_build",
    "rows_read",
]

PROGRESS_EVERY = 1000
Progress = Callable[[int, int], None]  # (rows done, rows in file)


def _require_importer(user) -> None:
    if not permissions.can_import(user):
        raise PermissionDenied("没有导入权限：只有导入员、协调员和填报员可以导入数据。")


def rows_read(
    file_name: str,
    data: bytes,
    catalog: Catalog,
    years: Iterable[int],
    progress: Progress | None = None,
    *,
    user: str = "-",
    plan_code: str = "",
) -> tuple[Rows, int]:
    """Check and read the file (in a limited child process), find each sheet's table and validate its rows;
    (rows, rows without value). Raises files.FileRejected for a file that cannot be imported at all. `plan_code`,
    chosen on the upload form, files the rows of a table without a template's stamp under that plan."""
    tables = [layout.find_table(sheet) for sheet in files.read_upload(file_name, data, user=user)]
    tables = [t for t in tables if t.header_row is not None]
    for table in tables:
        table.plan = table.plan or plan_code or None
    if not tables:
        raise files.FileRejected(
            f"未找到表头：前 {layout.HEADER_SEARCH_ROWS} 行中应有“序号”或“指标”列，以及“完成值”列。"
        )
    count, limit = sum(len(t) for t in tables), settings.IMPORT_MAX_ROWS
    if count > limit:
        raise files.FileRejected(f"文件共有 {count} 行数据，超过 {limit} 行的上限，请分成几个文件导入。")
    # In parts of PROGRESS_EVERY rows, so that the command can say how far it got in a large file.
    rows, skipped, done, years = Rows(), 0, 0, list(years)
    for table in tables:
        memo = {}  # what each distinct cell of the table means, found once for all its parts
        for start in range(0, len(table), PROGRESS_EVERY):
            if progress:
                progress(done, count)
            part = table.part(start, start + PROGRESS_EVERY)
            skipped += table_validate(part, catalog, years, rows, memo)
            done += len(part)
    return rows, skipped


def preview_build(
    *,
    user,
    file_name: str,
    data: bytes,
    years: Iterable[int] | None = None,
    progress: Progress | None = None,
    plan_code: str = "",
) -> Preview:
    """Read, validate and plan the file without writing anything (the preview, and --dry-run); the years
    default to every plan's."""
    _require_importer(user)
    years = years or years_all()
    planned_on = plan.stamp(user)
    rows, skipped = rows_read(
        file_name, data, Catalog.current(), years, progress, user=user.get_username(), plan_code=plan_code
    )
    plan.rows_plan(rows, user=user, figures=plan.figures_for(rows))
    return Preview(rows, skipped, planned_on)


def import_preview(
    *,
    user,
    file_name: str,
    data: bytes,
    years: Iterable[int] | None = None,
    progress: Progress | None = None,
    plan_code: str = "",
) -> ImportBatch:
    """Store the upload with its preview until it is confirmed; raises files.FileRejected for a hostile or
    unreadable file, which is not stored."""
    preview = preview_build(
        user=user, file_name=file_name, data=data, years=years, progress=progress, plan_code=plan_code
    )
    return batch_create(user=user, file_name=file_name, data=data, preview=preview)


def import_confirm(*, user, batch_id: int) -> ImportBatch:
    """Import a previewed upload in one transaction, or nothing (imports.commit.batch_confirm)."""
    _require_importer(user)
    return commit.batch_confirm(user=user, batch_id=batch_id)
