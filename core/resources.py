"""django-import-export in the admin: a base resource whose exports never hand a spreadsheet a formula,
and the admin mixin that limits import to those who may edit a model and export to those who may view it."""

from collections.abc import Callable

from import_export import resources, widgets
from import_export.admin import ImportExportMixin

from core.xlsx import escape_formula


class EscapingResource(resources.ModelResource):
    """Every exported value passes through escape_formula: "=1+1" → "'=1+1"; numbers and dates untouched."""

    def export_field(self, field, instance, **kwargs):
        return escape_formula(super().export_field(field, instance, **kwargs))


class PlanImportExportMixin(ImportExportMixin):
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
