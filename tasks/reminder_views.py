"""催报 from the browser: the coordinator previews the reminder emails, confirms the units they go to, sends
them, and sees who was reminded when."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from departments.models import Department
from tasks import permissions
from tasks.models import ReminderLog
from tasks.reminders import reminders_preview, reminders_send


def _last_reminded() -> dict[int, object]:
    rows = ReminderLog.objects.values("department").annotate(last=Max("sent_at"))
    return {row["department"]: row["last"] for row in rows}


def _totals(previews) -> dict:
    return {
        "item_total": sum(p.item_count for p in previews),
        "recipient_total": sum(len(p.emails) for p in previews),
    }


@require_http_methods(["GET", "HEAD", "POST"])
def reminders(request):
    """GET: who would be reminded today and of what (the emails themselves). POST: the confirmation, listing
    the units; POST with `confirm` and the units confirmed: send — unless the units changed meanwhile."""
    if not permissions.can_review(request.user):
        raise PermissionDenied("只有协调员可以发送催报。")
    today = timezone.localdate()
    if request.method == "POST":
        return _confirm_or_send(request, today)

    previews, unreachable = reminders_preview(today=today)
    last = _last_reminded()
    logs = ReminderLog.objects.select_related("department", "sent_by")[:20]
    reminded = Department.objects.filter(pk__in=last).order_by("sort_order", "pk")
    context = {
        "today": today,
        "previews": [(p, last.get(p.department.pk)) for p in previews],
        "unreachable": [(d, last.get(d.pk)) for d in unreachable],
        "reminded": [(d, last[d.pk]) for d in reminded],
        "logs": logs,
        "site_url": settings.SITE_URL.rstrip("/"),
    } | _totals(previews)
    return render(request, "tasks/reminders.html", context)


def _confirm_or_send(request, today):
    previews, unreachable = reminders_preview(today=today)
    if not previews:
        messages.info(request, "今天没有可以发送催报邮件的单位，未发送邮件。")
        _name_unreachable(request, unreachable)
        return redirect("reminders")
    units = sorted(str(p.department.pk) for p in previews)
    confirmed = "confirm" in request.POST
    if not confirmed or sorted(request.POST.getlist("unit")) != units:
        if confirmed:
            messages.warning(request, "确认期间待催报的单位有变化，请核对下面的名单后重新确认。")
        last = _last_reminded()
        context = {
            "today": today,
            "previews": [(p, last.get(p.department.pk)) for p in previews],
            "unreachable": unreachable,
        } | _totals(previews)
        return render(request, "tasks/reminders_confirm.html", context)

    summary = reminders_send(today=today, user=request.user)
    messages.success(
        request, f"已发送 {len(summary.sent)} 个单位的催报邮件，共 {summary.recipient_count} 位填报员。"
    )
    _name_unreachable(request, summary.unreachable)
    return redirect("reminders")


def _name_unreachable(request, departments) -> None:
    if departments:
        names = "、".join(d.name for d in departments)
        messages.warning(request, f"{names}没有填写了邮箱的在岗填报员，未能发送催报邮件。")
