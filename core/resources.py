"""django-import-export in the admin: a base resource whose exports never hand a spreadsheet a formula and whose
imports are all or nothing with a Chinese message for every row that fails, and the admin mixin that limits
import to those who may edit a model and export to those who may view it. An uploaded file is read by the import
page's reader (settings.ADMIN_IMPORT_READER, imports.files.read_table): the same checks and limits, in
core.sandbox, and the same Chinese refusals; nothing of a refused file is kept, not even its temporary copy."""

import contextlib
import contextvars
from collections.abc import Callable

import tablib
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import DatabaseError, IntegrityError
from django.shortcuts import redirect
from django.utils.module_loading import import_string
from import_export import resources, widgets
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import Format

from core import sandbox
from core.xlsx import escape_formula

# Who uploads which file: create_dataset is handed only the file's content.
_upload = contextvars.ContextVar("admin_upload", default=("-", "-"))
_stored = contextvars.ContextVar("admin_upload_stored", default=None)  # the upload's temporary copy


class EscapingResource(resources.ModelResource):
    """Every exported value passes through escape_formula: "=1+1" → "'=1+1"; numbers and dates untouched. An
    import writes every row or none, and a row that fails says why in Chinese, not with the database's text."""

    def export_field(self, field, instance, **kwargs):
        return escape_formula(super().export_field(field, instance, **kwargs))

    def import_data(self, dataset, **kwargs):
        kwargs["rollback_on_validation_errors"] = True  # all or nothing, like /imports/
        return super().import_data(dataset, **kwargs)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The model's own checks (lengths, required fields, uniqueness) before the database's, so that a row
        is refused with Django's Chinese field message."""
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(exclude=errors.keys(), validate_unique=validate_unique)
        except ValidationError as e:
            errors = e.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def import_row(self, row, instance_loader, **kwargs):
        result = super().import_row(row, instance_loader, **kwargs)
        if result.errors:  # raised while reading or saving the row: one Chinese line instead of a traceback
            result.validation_error = ValidationError(row_error(result.errors[0].error))
            result.errors, result.import_type = [], result.IMPORT_TYPE_INVALID
        return result


def row_error(error: Exception) -> str:
    if isinstance(error, ObjectDoesNotExist):
        return "引用的记录不存在（如规划代码、一级指标、指标代码或单位代码有误）。"
    if isinstance(error, IntegrityError):
        return "缺少必填的列或内容，或与已有的记录重复。"
    if isinstance(error, DatabaseError):
        return "内容超出该列允许的长度或范围，或因前面的行出错而未能保存。"
    return "内容无法识别，请核对各列的格式。"


class FileRefused(Exception):
    pass


class UploadFormat(Format):
    """The admin's one import format: whatever the file is, it is read as the import page reads it."""

    def __init__(self, encoding=None):
        self.encoding = encoding

    def get_title(self):
        return "Excel 或 CSV（.xlsx、.xls、.ods、.csv）"

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def get_extension(self):
        return "xlsx"

    def can_import(self):
        return True

    def can_export(self):
        return False

    def create_dataset(self, in_stream):
        user, file_name = _upload.get()
        try:
            rows = import_string(settings.ADMIN_IMPORT_READER)(file_name, bytes(in_stream), user=user)
        except sandbox.UploadRefused as e:
            raise FileRefused(str(e)) from None
        dataset = table(rows)
        if not dataset:
            raise FileRefused("文件中只有表头，没有数据行。")
        return dataset


def table(rows: list[list]) -> tablib.Dataset:
    """The rows from the first one with a value, that one the header; whole-number floats (as spreadsheets store
    every number) become ints, so a code "13" is not read as "13.0"."""
    rows = [[int(c) if isinstance(c, float) and c.is_integer() else c for c in row] for row in rows]
    start = next(i for i, row in enumerate(rows) if any(c not in (None, "") for c in row))
    header = [str(c).strip() if c is not None else "" for c in rows[start]]
    width = max((i + 1 for i, name in enumerate(header) if name), default=0)
    dataset = tablib.Dataset(headers=header[:width])
    for row in rows[start + 1 :]:
        row = (list(row) + [None] * width)[:width]
        if any(c not in (None, "") for c in row):
            dataset.append(["" if c is None else c for c in row])
    return dataset


class SandboxedImportMixin:
    """The admin's file import, read by the import page's reader (the upload, then again at the confirmation)."""

    def get_import_formats(self):
        return [UploadFormat]

    def write_to_tmp_storage(self, import_file, input_format):
        storage = super().write_to_tmp_storage(import_file, input_format)
        _stored.set(storage)
        return storage

    def import_action(self, request, **kwargs):
        upload = request.FILES.get("import_file")
        token = _upload.set((request.user.get_username(), upload.name if upload else "-"))
        stored = _stored.set(None)
        try:
            response = super().import_action(request, **kwargs)
            storage = _stored.get()
            if storage is not None and not (response.context_data or {}).get("confirm_form"):
                _remove(storage)  # refused, or rows in error: there is nothing to confirm
            return response
        finally:
            _upload.reset(token)
            _stored.reset(stored)

    def process_import(self, request, **kwargs):
        token = _upload.set((request.user.get_username(), request.POST.get("original_file_name", "-")))
        try:
            return super().process_import(request, **kwargs)
        except FileRefused as e:  # it passed at the upload; a busier machine may stop it now
            form = self.create_confirm_form(request)
            if form.is_valid():
                _remove(self.get_tmp_storage_class()(name=form.cleaned_data["import_file_name"]))
            messages.error(request, str(e))
            return redirect("admin:{}_{}_import".format(*self.get_model_info()))
        finally:
            _upload.reset(token)

    def add_data_read_fail_error_to_form(self, form, e):
        form.add_error("import_file", str(e) if isinstance(e, FileRefused) else "无法读取文件。")


def _remove(storage) -> None:
    with contextlib.suppress(FileNotFoundError):
        storage.remove()


class PlanImportExportMixin(SandboxedImportMixin, ImportExportMixin):
    """Import for whoever may add and change the model (the administrator); export for whoever may view it."""

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)


class ScopedForeignKeyWidget(widgets.ForeignKeyWidget):
    """A foreign key looked up within what the row says: a category's name, an indicator's number or a chapter's
    number repeats across plans, so `scope(row)` gives the extra filter (e.g. the row's plan code)."""

    def __init__(self, model, field: str, *, scope: Callable[[dict], dict]):
        super().__init__(model, field)
        self.scope = scope

    def get_queryset(self, value, row, *args, **kwargs):
        return self.model.objects.filter(**self.scope(row))
