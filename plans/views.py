"""The plan list, and loading a plan from its appendix sheet: upload → preview (the plan as read, what would
change, or every error) → confirm. The work happens in plans.services; the upload waits in plans.uploads."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from indicators import permissions
from plans import services, uploads
from plans.assessment import VERDICTS, assessment_build
from plans.assessment_document import assessment_document, assessment_filename
from plans.exports import AssessmentExporter
from plans.forms import PlanSheetForm, RuleChoiceForm
from plans.models import Plan
from plans.preview import preview
from plans.selectors import plan_list_with_counts
from plans.writer import PlanError


def _require_coordinator(request) -> None:
    if not permissions.can_review(request.user):
        raise PermissionDenied("只有协调员可以载入规划。")


@require_safe
def plan_list(request):
    context = {"plans": plan_list_with_counts(), "can_load": permissions.can_review(request.user)}
    return render(request, "plans/list.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def load(request):
    """GET: the upload form; POST: keep the upload and show its preview."""
    _require_coordinator(request)
    form = PlanSheetForm()
    if request.method == "POST":
        form = PlanSheetForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            uploads.pending_put(
                request.session, data=upload.read(), file_name=upload.name, options=form.options()
            )
            return redirect("plans:load_preview")
    return render(request, "plans/load.html", {"form": form}, status=400 if form.errors else 200)


def _load(pending: uploads.Pending, *, dry_run: bool, user: str):
    options = dict(pending.options)
    code, create = options.pop("code"), options.pop("create_departments")
    choices = options.pop("choices", {})
    if options["issued_on"]:  # kept in the session as text
        options["issued_on"] = date.fromisoformat(options["issued_on"])
    return services.plan_load_sheet(
        data=pending.data,
        file_name=pending.file_name,
        code=code,
        header={key: value for key, value in options.items() if value},
        create_departments=create,
        dry_run=dry_run,
        user=user,
        choices=choices,
    )


@require_safe
def load_preview(request):
    _require_coordinator(request)
    pending = uploads.pending_get(request.session)
    if pending is None:
        messages.error(request, "没有待确认的附件表格（或已超过有效期），请重新上传。")
        return redirect("plans:load")
    context = {"pending": pending}
    try:
        plan, summary = _load(pending, dry_run=True, user=request.user.username)
    except PlanError as e:
        context["errors"] = e.errors
        context["choices"] = _choice_forms(e.refused)
    else:
        context |= {"plan": plan, "summary": summary, **preview(plan)}
    return render(request, "plans/preview.html", context)


def _choice_forms(refused: list[dict], data=None) -> list[RuleChoiceForm]:
    """One form per target cell the language cannot read, filled with the choice already made."""
    forms = []
    for cell in refused:
        initial = dict(cell["choice"])
        forms.append(RuleChoiceForm(data, cell=cell, initial=initial))
    return forms


def _pending_posted(request):
    """The upload the posted form previewed (its digest), or None with the message saying why not."""
    pending = uploads.pending_get(request.session)
    if pending is None or request.POST.get("digest") != pending.digest:
        messages.error(request, "预览的文件已失效或已被另一次上传替换，请重新上传并预览。")
        return None
    return pending


@require_POST
def load_choose(request):
    """The rules chosen by hand for the refused target cells: kept with the upload, then previewed again."""
    _require_coordinator(request)
    pending = _pending_posted(request)
    if pending is None:
        return redirect("plans:load")
    try:
        _load(pending, dry_run=True, user=request.user.username)
    except PlanError as e:
        errors, forms = e.errors, _choice_forms(e.refused, request.POST)
    else:
        return redirect("plans:load_preview")
    if not all([form.is_valid() for form in forms]):  # every form checked, so each shows its own error
        context = {"pending": pending, "errors": errors, "choices": forms}
        return render(request, "plans/preview.html", context, status=400)
    choices = dict(pending.options.get("choices", {}))
    for form in forms:
        if form.cleaned_data.get("kind"):
            choices[form.cell["key"]] = form.choice()
    uploads.pending_options(request.session, {**pending.options, "choices": choices})
    return redirect("plans:load_preview")


@require_POST
def load_confirm(request):
    _require_coordinator(request)
    pending = _pending_posted(request)
    if pending is None:
        return redirect("plans:load")
    try:
        plan, summary = _load(pending, dry_run=False, user=request.user.username)
    except PlanError:
        messages.error(request, "确认前复核发现错误，没有写入任何数据。")
        return redirect("plans:load_preview")
    uploads.pending_drop(request.session)
    verdict = "已载入" if summary.changed else "数据无变化"
    messages.success(request, f"规划“{plan.header['name']}”（{plan.header['code']}）{verdict}。")
    return redirect("plans:list")


# -- 终期评估 -----------------------------------------------------------------------------------------------------


def _assessment(code: str):
    plan = get_object_or_404(Plan, code=code)
    return assessment_build(plan, today=timezone.localdate())


@require_safe
def assessment(request, code: str):
    """The plan's final assessment: the verdict, each indicator from baseline to final target and actual, the task
    commitments at the end of the final year; downloads as .xlsx and .docx."""
    found = _assessment(code)
    context = {"assessment": found, "can_close": permissions.can_review(request.user), "verdicts": VERDICTS}
    return render(request, "plans/assessment.html", context)


@require_safe
def assessment_xlsx(request, code: str):
    found = _assessment(code)
    return AssessmentExporter(found).download(f"{found.plan.name}终期评估.xlsx")


@require_safe
def assessment_docx(request, code: str):
    found = _assessment(code)
    return assessment_document(found).download(assessment_filename(found))


@require_POST
def plan_close(request, code: str):
    """The coordinator ends a plan (已结束): its figures are read-only from then on; its later goals go on."""
    _require_coordinator(request)
    plan = get_object_or_404(Plan, code=code)
    services.plan_close(plan=plan)
    messages.success(request, f"规划“{plan.name}”已结束：指标数据只读，远期目标的任务推进照常报送。")
    return redirect("plans:assessment", code=plan.code)
