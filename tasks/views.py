"""Task progress pages: the chapter → task tree, a task's page, the report form, review, and the export."""

from functools import partial

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.forms import save_versioned
from core.params import int_param, year_param
from tasks import chapter_goals, lights, owed, permissions, selectors, services, worklist
from tasks.exports import TaskProgressExporter
from tasks.forms import ReportForm
from tasks.history import report_history
from tasks.models import ProgressReport, Task


def plan_asked(request):
    """The plan whose tasks are shown: ?plan=CODE, else the newest plan with tasks."""
    plan = selectors.task_plan(request.GET.get("plan"))
    if plan is None:
        raise Http404("尚未载入任何规划的工作任务")
    return plan


def _slot(request, slots) -> selectors.Slot:
    """Of the plan's report slots, the one asked for in ?year=&period=, else the latest one that has ended."""
    today = timezone.localdate()
    asked = selectors.slot_get(slots, year_param(request.GET.get("year")), request.GET.get("period"))
    return asked or selectors.current_slot(slots, today)


def _task(plan, number: str) -> Task:
    try:
        return selectors.task_get(plan, number)
    except Task.DoesNotExist:
        raise Http404("没有这个编号的任务") from None


@require_safe
def task_tree(request):
    """Chapters → tasks → units, each with its status for the chosen period; who is late, for the coordinator."""
    today = timezone.localdate()
    plan = plan_asked(request)
    slots = selectors.report_slots(plan, today)
    slot = _slot(request, slots)
    chapters = selectors.tree(plan=plan, slot=slot, today=today)
    rows = [row for chapter in chapters for row in chapter.tasks]
    lights.light_rows(
        rows,
        slot,
        deadlines=worklist.deadlines_set(),
        returns=lights.report_returns(task__chapter__plan=plan, year=slot.year, period=slot.period),
        today=today,
    )
    is_coordinator = permissions.can_review(request.user)
    context = {
        "plan": plan,
        "chapters": chapters,
        "slot": slot,
        "slots": slots,
        "is_due": slot.is_due(today),
        "counts": selectors.status_counts(rows),
        "late_units": _owing_units(rows, slot) if is_coordinator and slot.is_due(today) else None,
        "mine": set(permissions.tasks_reportable_by(request.user).values_list("pk", flat=True)),
        "warn_days": settings.LIGHTS_WARN_DAYS,
    }
    return render(request, "tasks/task_tree.html", context)


def _owing_units(rows, slot) -> list[selectors.LateUnit]:
    """The late units of the slot that owe it (tasks/owed.py)."""
    owing = owed.owing()
    return [unit for unit in selectors.late_units(rows) if owing.owes(unit.department, slot)]


@require_safe
def task_detail(request, number: str):
    """The task's text, commitments with progress, every unit's latest report, the history."""
    today = timezone.localdate()
    plan = plan_asked(request)
    task = _task(plan, number)
    slots = selectors.report_slots(plan, today)
    slot = _slot(request, slots)
    row = selectors.task_progress(task, slot=slot, today=today)
    department = permissions.reporting_department(request.user)
    can_report = permissions.can_report(request.user, task)
    context = {
        "plan": plan,
        "task": task,
        "row": row,
        "slot": slot,
        "slots": slots,
        "can_report": can_report,
        "my_unit": department if can_report else None,
        "via_collective": _via_collective(task, department) if can_report else None,
        "can_review": permissions.can_review(request.user),
        "history": report_history(task),
    }
    return render(request, "tasks/task_detail.html", context)


def _via_collective(task: Task, department):
    """The collective through which the unit is responsible for the task, when the task does not name it."""
    listed = {link.department_id for link in task.unit_links.all()}
    return department.parent if department.pk not in listed else None


@require_http_methods(["GET", "HEAD", "POST"])
def task_report(request, number: str, year: int, period: str):
    """GET shows the user's unit's report for the period; POST saves a draft or submits it."""
    today = timezone.localdate()
    plan = plan_asked(request)
    task = _task(plan, number)
    slots = selectors.report_slots(plan, today)
    slot = selectors.slot_get(slots, year, period)
    if slot is None:
        raise Http404("没有这个报送年度或期间")
    if not permissions.can_report(request.user, task):
        raise PermissionDenied("只能填报本单位列为责任单位的任务。")
    department = permissions.reporting_department(request.user)
    report = ProgressReport.objects.filter(task=task, department=department, year=year, period=period).first()
    goals = chapter_goals.goals_reported_on(task, department)
    conflict, status = None, 200

    if request.method == "POST":
        if report is not None and report.is_locked:
            raise PermissionDenied("该报告已报送，不能修改；如需修改请联系协调员退回。")
        form = ReportForm(request.POST, task=task, department=department, goals=goals)
        save = partial(
            services.report_save, user=request.user, task=task, year=year, period=period, today=today
        )
        response, conflict, status = save_versioned(
            request,
            form,
            save,
            services.ReportConflict,
            lambda submit: "报告已提交，等待协调员审核。" if submit else "草稿已保存。",
        )
        if response is not None:
            return response
        if conflict is not None:
            report = conflict.report
    else:
        form = ReportForm(
            initial=ReportForm.initial_for(report), task=task, department=department, goals=goals
        )

    context = {
        "task": task,
        "slot": slot,
        "department": department,
        "report": report,
        "form": form,
        "can_edit": report is None or not report.is_locked,
        "conflict": conflict,
        "slots": slots,
    }
    return render(request, "tasks/report_form.html", context, status=status)


def _reviewed(request, action, done: str):
    if not permissions.can_review(request.user):
        raise PermissionDenied("只有协调员可以审核任务推进报告。")
    try:
        report = action()
    except ProgressReport.DoesNotExist:
        raise Http404("没有这份报告") from None
    except services.ReportConflict as e:
        messages.error(request, e.message)
        report = e.report
    except ValidationError as e:
        messages.error(request, "；".join(e.messages))
        report = None
    else:
        messages.success(request, f"{done}：{report}")
    next_url = request.POST.get("next", "")
    # Back to the queue the coordinator acted from: a path on this site only.
    if next_url.startswith("/") and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(next_url)
    if report is None:
        return redirect("task_tree")
    url = reverse("task_detail", args=[report.task.number])
    return redirect(f"{url}?year={report.year}&period={report.period}")


@require_POST
def report_accept(request, report_id: int):
    version = int_param(request.POST.get("version"))
    return _reviewed(
        request,
        lambda: services.report_accept(user=request.user, report_id=report_id, version=version),
        "已采纳",
    )


@require_POST
def report_return(request, report_id: int):
    reason, version = request.POST.get("reason", ""), int_param(request.POST.get("version"))
    return _reviewed(
        request,
        lambda: services.report_return(
            user=request.user, report_id=report_id, reason=reason, version=version
        ),
        "已退回",
    )


@require_safe
def task_export(request):
    """《制造强市建设工作任务推进情况表》 for the chosen period, as .xlsx."""
    today = timezone.localdate()
    plan = plan_asked(request)
    slot = _slot(request, selectors.report_slots(plan, today))
    exporter = TaskProgressExporter(plan, slot, today=today)
    return exporter.download(exporter.filename)
