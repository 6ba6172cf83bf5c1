"""Excel import pages: upload → preview (新增 / 修改 / 未变 / 错误) → confirm, the import history, and the
template and long-export downloads. The work happens in imports.services; permissions in indicators.permissions."""

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from departments import roles
from departments.models import Department
from imports import selectors, services
from imports.exports import FigureExporter, TemplateExporter
from imports.files import FileRejected
from imports.forms import TemplateForm, UploadForm
from imports.models import ImportBatch
from imports.rows import Rows
from indicators import permissions
from indicators.review_selectors import lead_departments
from plans.selectors import NoPlan, plan_covering

SHOWN_ROWS = 2000  # a preview of 50,000 rows would not help anyone read it


def can_export(user) -> bool:
    return permissions.can_review(user) or roles.is_leader(user) or roles.is_importer(user)


def _template_form(user, data=None) -> TemplateForm:
    departments = lead_departments() if permissions.can_import_all(user) else []
    return TemplateForm(data, departments=departments, initial={"year": timezone.localdate().year - 1})


@require_http_methods(["GET", "HEAD", "POST"])
def index(request):
    """GET: the upload form and downloads; POST: upload a file and go to its preview."""
    can_import = permissions.can_import(request.user)
    if not can_import and not can_export(request.user):
        raise PermissionDenied("没有导入权限。")
    form = UploadForm()
    if request.method == "POST":
        if not can_import:
            raise PermissionDenied("领导账号只能导出数据，不能导入。")
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                batch = services.import_preview(
                    user=request.user,
                    file_name=upload.name,
                    data=upload.read(),
                    plan_code=form.cleaned_data["plan"],
                )
            except FileRejected as e:
                form.add_error("file", str(e))
            else:
                return redirect(batch)
    context = {
        "form": form,
        "can_import": can_import,
        "can_export": can_export(request.user),
        "template_form": _template_form(request.user),
        "recent": selectors.batches_visible_to(request.user).defer("file_data", "rows")[:5]
        if can_import
        else [],
        "template_inputs": "".join(f"“{name}”" for name in TemplateExporter.INPUTS),
        "template_input_count": len(TemplateExporter.INPUTS),
    }
    return render(request, "imports/index.html", context, status=400 if form.errors else 200)


def _batch_for(user, batch_id: int) -> ImportBatch:
    return get_object_or_404(selectors.batches_visible_to(user).defer("file_data"), pk=batch_id)


@require_safe
def batch(request, batch_id: int):
    """The preview of an upload (or the result of its import): each row's action and changes."""
    batch = _batch_for(request.user, batch_id)
    rows = Rows.from_json(batch.rows)
    actions = rows["action"]
    shown = [i for i, action in enumerate(actions) if action != services.UNCHANGED]
    unchanged = [i for i, action in enumerate(actions) if action == services.UNCHANGED]
    context = {
        "batch": batch,
        "errors": rows.messages(),
        "rows": [rows.row(i) for i in shown[:SHOWN_ROWS]],  # only the rows shown become objects
        "hidden": max(0, len(shown) - SHOWN_ROWS),
        "unchanged": [rows.row(i) for i in unchanged[:SHOWN_ROWS]],
        "unchanged_count": len(unchanged),
        "is_owner": batch.user_id == request.user.pk,
        "can_download": permissions.can_review(request.user),
        "form": UploadForm(),
    }
    return render(request, "imports/batch.html", context)


@require_POST
def confirm(request, batch_id: int):
    try:
        batch = services.import_confirm(user=request.user, batch_id=batch_id)
    except ImportBatch.DoesNotExist:
        raise Http404("没有这个待确认的导入") from None
    except services.ImportExpired as e:
        messages.error(request, e.message)
        return redirect("imports:index")
    except ValidationError as e:
        messages.error(request, "；".join(e.messages))
        return redirect("imports:batch", batch_id)
    if batch.status == ImportBatch.Status.IMPORTED:
        messages.success(
            request,
            f"已导入 {batch.file_name}：新增 {batch.new_count} 条，修改 {batch.changed_count} 条，"
            f"未变 {batch.unchanged_count} 条。导入的数据已报送，等待协调员审核。",
        )
    else:
        messages.error(request, f"导入前复核发现 {batch.error_count} 处错误，没有导入任何数据。")
    return redirect(batch)


@require_safe
def history(request):
    if not permissions.can_import(request.user):
        raise PermissionDenied("没有导入权限。")
    batches = selectors.batches_visible_to(request.user).defer("file_data", "rows")[:200]
    return render(
        request,
        "imports/history.html",
        {"batches": batches, "can_download": permissions.can_review(request.user)},
    )


@require_safe
def batch_file(request, batch_id: int):
    """The original file as uploaded; only the coordinator downloads others' files."""
    if not permissions.can_review(request.user):
        raise PermissionDenied("只有协调员可以下载导入的原始文件。")
    batch = get_object_or_404(ImportBatch, pk=batch_id)
    return FileResponse(io.BytesIO(bytes(batch.file_data)), as_attachment=True, filename=batch.file_name)


@require_safe
def template(request):
    """The fill-in template of a year, for one department (a reporter's own) or all."""
    if not permissions.can_import(request.user):
        raise PermissionDenied("没有导入权限。")
    everyone = permissions.can_import_all(request.user)
    # A reporter's template holds their own department's indicators, whatever was asked for.
    asked = request.GET if everyone else {key: request.GET.get(key) for key in ("year", "plan")}
    form = _template_form(request.user, asked)
    if not form.is_valid():
        raise Http404("请选择规划年度（2023—2025）")
    year, code = form.cleaned_data["year"], form.cleaned_data["department"]
    department = request.user.department if not everyone else None
    if code:
        department = get_object_or_404(Department, code=code)
    name = f"填报模板-{year}年-{department.name if department else '全部部门'}.xlsx"
    try:
        plan = plan_covering(year, form.cleaned_data["plan"] or None)
    except NoPlan as e:
        raise Http404(str(e)) from None
    return TemplateExporter(plan, year, department=department).download(name)


@require_safe
def export_figures(request):
    if not can_export(request.user):
        raise PermissionDenied("只有协调员、导入员和领导可以导出全部填报数据。")
    return FigureExporter().download(f"填报数据-{timezone.localdate():%Y%m%d}.xlsx")
