"""Commit: keep an upload with its preview until it is confirmed, then import it in one transaction or not at all.

The upload and its preview wait in the database (ImportBatch), so any worker can confirm it; confirming plans
again against the current figures, under their row locks — unless nothing was written since the preview and
every figure is as it was — and refuses rows whose figure changed since the preview.
The figures are written by indicators.services.figures_submit_many, the bulk variant of the entry form's save.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from imports import plan
from imports.models import ImportBatch
from imports.rows import CHANGED, ERROR, NEW, UNCHANGED, Preview, Rows
from indicators import services as figure_services


class ImportExpired(Exception):
    message = "该预览已失效（超过有效期未确认），请重新上传文件。"

    def __init__(self):
        super().__init__(self.message)


def _count(batch: ImportBatch, rows: Rows) -> None:
    batch.rows = rows.to_json()
    batch.new_count = rows.count(NEW)
    batch.changed_count = rows.count(CHANGED)
    batch.unchanged_count = rows.count(UNCHANGED)
    batch.error_count = rows.count(ERROR)


@transaction.atomic
def batch_create(*, user, file_name: str, data: bytes, preview: Preview) -> ImportBatch:
    """Keep the file and its preview in the database (any worker can confirm it); purge expired ones."""
    imports_purge_expired()
    batch = ImportBatch(user=user, file_name=file_name[:255], file_data=data, file_size=len(data))
    batch.planned_on = preview.planned_on
    _count(batch, preview.table)
    batch.skipped_count = preview.skipped
    batch.status = ImportBatch.Status.REJECTED if batch.error_count else ImportBatch.Status.PENDING
    batch.save()
    return batch


def batch_confirm(*, user, batch_id: int) -> ImportBatch:
    """Import a previewed upload in one transaction. The batch comes back 已导入, or — when planning again
    against the current database finds errors (a figure changed meanwhile …) — 有错误 with every error
    listed and nothing written. An expired upload is purged and refused with ImportExpired."""
    batch = ImportBatch.objects.filter(pk=batch_id).defer("file_data", "rows").first()
    if batch is None or batch.user_id != user.pk:
        raise ImportBatch.DoesNotExist("没有这个待确认的导入。")
    if batch.is_expired:
        imports_purge_expired()
        raise ImportExpired()
    return _commit(user, batch_id)


@transaction.atomic
def _commit(user, batch_id: int) -> ImportBatch:
    # Without the file: save() then writes back only the fields loaded, not the upload again.
    batch = ImportBatch.objects.select_for_update().defer("file_data").get(pk=batch_id)
    if batch.status != ImportBatch.Status.PENDING:
        raise ValidationError(f"该文件{batch.get_status_display()}，不能再次导入。")
    rows = Rows.from_json(batch.rows)
    figures = plan.figures_for(rows, lock=True)
    # Nothing written since the preview, and every figure as it was: the preview's plan stands.
    replanned = not (batch.planned_on == plan.stamp(user, fresh=True) and plan.still_planned(rows, figures))
    if replanned:
        plan.rows_plan(rows, user=user, figures=figures, recheck=True)
    if ERROR not in rows["action"]:
        try:
            with transaction.atomic():  # a concurrent first save of the same figure trips the unique key
                _write(user, batch, rows, figures)
        except IntegrityError:
            replanned = True
            for i, action in enumerate(rows["action"]):
                if action == NEW:
                    rows["action"][i] = ERROR
                    rows.error(i, "预览后已有人填报了该数据，请重新上传文件预览")
    fields = ["status", "imported_at"]
    if replanned:  # otherwise the rows and counts stored with the preview stand, and are not sent again
        _count(batch, rows)
        fields += ["rows", "new_count", "changed_count", "unchanged_count", "error_count"]
    if batch.error_count:
        batch.status = ImportBatch.Status.REJECTED
    else:
        batch.status, batch.imported_at = ImportBatch.Status.IMPORTED, timezone.now()
    batch.save(update_fields=fields)
    return batch


def _write(user, batch: ImportBatch, rows: Rows, figures: dict) -> None:
    """The new and changed rows as the columns they set, submitted in one go."""
    columns = rows.columns
    submissions = []
    for i, action in enumerate(columns["action"]):
        if action not in (NEW, CHANGED):
            continue
        key = (columns["indicator_id"][i], columns["year"][i], columns["period"][i])
        written = {
            "indicator_id": key[0],
            "year": key[1],
            "period": key[2],
            "value": Decimal(columns["value"][i]),
            "source_sheet": columns["sheet"][i][:100],
            "source_row": columns["row"][i],
            "quality_findings": "\n".join(rows.quality.get(i, ())),  # shown to the reviewer
        }
        if columns["has_rank"][i]:
            written["rank"] = columns["rank"][i]
        for name in ("explanation", "miss_cause", "remedy", "catch_up_result"):
            if columns[name][i] is not None:
                written[name] = columns[name][i]
        if (catch_up := columns["catch_up"][i]) is not None:
            year, _, period = catch_up.partition("-")
            written["catch_up_year"], written["catch_up_period"] = (int(year) if year else None), period
        submissions.append((figures.get(key), written))
    figure_services.figures_submit_many(user=user, rows=submissions, source_file=batch.file_name)


def imports_purge_expired() -> int:
    """Delete uploads whose preview expired unconfirmed; imported batches stay as the history."""
    count, _ = ImportBatch.objects.expired().delete()
    return count
