"""django-import-export in the admin: a base resource whose exports never hand a spreadsheet a formula, and the
admin mixin that limits import to those who may edit a model and export to those who may view it, and that
reads every uploaded file in core.sandbox, as /imports/ does: a file that would exhaust memory, CPU or time is
refused with a Chinese message and a security-log line, and the worker lives on."""

import contextvars
from collections.abc import Callable

from django.contrib import messages
from django.shortcuts import redirect
from import_export import resources, widgets
from import_export.admin import ImportExportMixin

from core import sandbox, security
from core.xlsx import escape_formula

# Who uploads which file, for the security log: create_dataset is handed only the file's content.
_upload = contextvars.ContextVar("admin_upload", default=("-", "-"))
_SANDBOXED: dict[type, type] = {}


class EscapingResource(resources.ModelResource):
    """Every exported value passes through escape_formula: "=1+1" → "'=1+1"; numbers and dates untouched."""

    def export_field(self, field, instance, **kwargs):
        return escape_formula(super().export_field(field, instance, **kwargs))


class FileRefused(Exception):
    pass


class SandboxedFormat:
    """An import format whose create_dataset (openpyxl, csv, json, yaml) runs in a limited child process."""

    def create_dataset(self, in_stream):
        try:
            return sandbox.run(super().create_dataset, in_stream, limits=sandbox.upload_limits()).get()
        except sandbox.LimitExceeded as e:
            user, file_name = _upload.get()
            security.log_event(
                "文件读取中止",
                user=user,
                file=file_name,
                size=len(in_stream),
                limit=e.limit,
                detail=e.detail or "-",
            )
            raise FileRefused(sandbox.FILE_REFUSED) from None


class SandboxedImportMixin:
    """The admin's file import, read in core.sandbox (the upload, then again at the confirmation)."""

    def get_import_formats(self):
        return [
            _SANDBOXED.setdefault(f, type(f.__name__, (SandboxedFormat, f), {}))
            for f in super().get_import_formats()
        ]

    def import_action(self, request, **kwargs):
        upload = request.FILES.get("import_file")
        token = _upload.set((request.user.get_username(), upload.name if upload else "-"))
        try:
            return super().import_action(request, **kwargs)
        finally:
            _upload.reset(token)

    def process_import(self, request, **kwargs):
        token = _upload.set((request.user.get_username(), request.POST.get("original_file_name", "-")))
        try:
            return super().process_import(request, **kwargs)
        except FileRefused as e:  # it passed at the upload; a busier machine may stop it now
            messages.error(request, str(e))
            return redirect("admin:{}_{}_import".format(*self.get_model_info()))
        finally:
            _upload.reset(token)

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, FileRefused):
            form.add_error("import_file", str(e))
        else:
            super().add_data_read_fail_error_to_form(form, e)


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
