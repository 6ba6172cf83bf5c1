from imports.views import can_export
from indicators import permissions


def import_menu(request):
    """The menu item of the Excel page, named after what this user may do there and absent for those the
    page refuses (it lets in the same two checks)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if permissions.can_import(user):
        return {"import_menu": "Excel 导入"}
    return {"import_menu": "Excel 导出" if can_export(user) else ""}
