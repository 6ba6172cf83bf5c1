"""批量填报 of task progress: a unit reports on every task it is responsible for, for one period, on one page —
each task's text, the commitments asked of it, last period's text to start from — saved as drafts or submitted
at once. Each report stays its own record in the same workflow (services.report_save, through
services.reports_save_batch in one transaction: a refused row saves nothing, and a conflict is shown with the
current report and what was typed kept, like the figures' 批量填报)."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from core.forms import add_service_errors
from tasks import chapter_goals, owed, permissions, selectors, services
from tasks.forms import ReportForm
from tasks.models import ProgressReport, Task
from tasks.views import plan_asked

BATCH_ROWS = {"progress": 4, "problems": 2, "next_steps": 2}  # textarea heights: nineteen tasks on one page


@dataclass
class Row:
    task: Task
    report: ProgressReport | None
    form: ReportForm | None  # none when the report is submitted or accepted
    role: str  # 牵头单位 / 责任单位 / 经各镇街园区
    previous: ProgressReport | None = (
        None  # the unit's last report on the task, whose text the form starts from
    )
    result: str = ""
    failed: bool = False
    conflict: bool = False

    @property
    def prefilled(self) -> bool:
        return self.report is None and self.previous is not None and self.form is not None


def _role(task: Task, department) -> str:
    links = list(task.unit_links.all())
    if links and links[0].department_id == department.pk:
        return "牵头单位"
    if any(link.department_id == department.pk for link in links):
        return "责任单位"
    return f"经{department.parent.name}" if department.parent_id else "责任单位"


def _row(task, report, previous, goals, department, data=None) -> Row:
    role = _role(task, department)
    if report is not None and report.is_locked:
        return Row(task, report, None, role, previous)
    form = ReportForm(
        data,
        prefix=f"t{task.pk}",
        initial=ReportForm.initial_for(report, previous),
        task=task,
        department=department,
        goals=goals,
    )
    for name, rows in BATCH_ROWS.items():
        form.fields[name].widget.attrs["rows"] = rows
    return Row(task, report, form, role, previous)


def _previous(reports, slot) -> dict[int, ProgressReport]:
    """Task id → the unit's latest report before the slot that has some text."""
    found = {}
    for report in sorted(reports, key=lambda r: selectors.Slot(r.year, r.period).sort_key()):
        if selectors.Slot(report.year, report.period).sort_key() < slot.sort_key() and report.progress:
            found[report.task_id] = report
    return found


@require_http_methods(["GET", "HEAD", "POST"])
def report_batch(request, year: int, period: str):
    """GET: every task the user's unit reports on, for the period; POST saves or submits them all at once."""
    today = timezone.localdate()
    plan = plan_asked(request)
    slot = selectors.slot_get(selectors.report_slots(plan, today), year, period)
    if slot is None:
        raise Http404("没有这个报送年度或期间")
    department = permissions.reporting_department(request.user)
    if department is None:
        raise PermissionDenied("批量填报供负责工作任务的单位的填报员使用。")
    tasks = list(
        permissions.tasks_of_unit(department)
        .filter(chapter__plan=plan)
        .select_related("chapter__plan")
        .prefetch_related(selectors.UNITS, selectors.COMMITMENTS)
        .order_by("chapter__number", "seq")
    )
    mine = list(
        ProgressReport.objects.filter(department=department, task__in=tasks).select_related("updated_by")
    )
    reports = {r.task_id: r for r in mine if (r.year, r.period) == (year, period)}
    previous = _previous(mine, slot)
    goals = chapter_goals.goals_by_task(tasks, department)
    data = request.POST if request.method == "POST" else None

    def row_of(task, report, data):
        return _row(task, report, previous.get(task.pk), goals.get(task.pk, []), department, data)

    rows = [
        row_of(t, reports.get(t.pk), data if data is not None and f"t{t.pk}-version" in data else None)
        for t in tasks
    ]
    status = 200
    if request.method == "POST":
        rows, status = _save(request, rows, slot, today, row_of)
        if status == 200:
            return redirect(request.get_full_path())

    owing = owed.owing()
    context = {
        "plan": plan,
        "slot": slot,
        "slots": selectors.report_slots(plan, today),
        "department": department,
        "rows": rows,
        "editable": any(row.form for row in rows),
        "handed": sum(row.report is not None and row.report.is_locked for row in rows),
        "owes": owing.owes(department, slot),
        "not_owed": owing.reason(department, slot),
        "plan_query": "" if plan == selectors.task_plan() else f"?plan={plan.code}",
    }
    return render(request, "tasks/report_batch.html", context, status=status)


def _save(request, rows: list[Row], slot, today, row_of) -> tuple[list[Row], int]:
    """Validate every row, then save the changed ones (and, when submitting, the drafts) in one transaction."""
    submit = "submit" in request.POST
    bound = [row for row in rows if row.form is not None and row.form.is_bound]
    for row in bound:
        row.failed = not row.form.is_valid()
    if any(row.failed for row in bound):
        messages.error(request, "有任务的填写不符合要求，本次全部未保存：请按各项提示修改后再次保存。")
        return rows, 400
    to_save = [row for row in bound if row.form.has_changed() or submit and row.report is not None]
    if not to_save:
        messages.info(request, "没有需要保存的修改（预填的上期内容修改后才会保存）。")
        return rows, 200
    batch = [
        services.BatchRow(row.task, row.form.to_input(), row.form.cleaned_data["version"]) for row in to_save
    ]
    try:
        services.reports_save_batch(
            user=request.user, rows=batch, year=slot.year, period=slot.period, submit=submit, today=today
        )
    except services.BatchRefused as e:
        return _refused(request, rows, e.refused, row_of), 409 if any(
            isinstance(error, services.ReportConflict) for error in e.refused.values()
        ) else 400
    numbers = "、".join(row.task.number for row in to_save)
    done = "已提交审核" if submit else "草稿已保存"
    left = len([row for row in rows if row.form is not None]) - len(to_save)
    rest = f"；另有 {left} 项未填写或未修改，未保存" if left else ""
    messages.success(request, f"{done} {len(to_save)} 项任务报告：{numbers}{rest}。")
    return rows, 200


def _refused(request, rows: list[Row], refused: dict, row_of) -> list[Row]:
    """Each refused row with its reason; a conflicting one against the current report, what was typed kept."""
    shown = []
    for row in rows:
        error = refused.get(row.task.pk)
        if isinstance(error, services.ReportConflict):
            current = error.report
            data = request.POST.copy()
            data[row.form.add_prefix("version")] = current.version if current else 0
            row = row_of(row.task, current, data if current is None or not current.is_locked else None)
            row.result, row.failed, row.conflict = error.message, True, True
        elif error is not None:
            add_service_errors(row.form, error)
            row.failed = True
        shown.append(row)
    messages.error(request, "部分任务报告未能保存，本次全部未保存：请按各项提示修改后再次保存。")
    return shown
