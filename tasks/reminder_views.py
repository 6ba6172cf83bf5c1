"""催报 from the browser: the coordinator previews the reminder emails, sends them, and sees who was reminded when."""

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


@require_http_methods(["GET", "HEAD", "POST"])
def reminders(request):
    """GET: who would be reminded today and of what (the emails themselves); POST: send them."""
    if not permissions.can_review(request.user):
        raise PermissionDenied("只有协调员可以发送催报。")
    today = timezone.localdate()
    if request.method == "POST":
        summary = reminders_send(today=today, user=request.user)
        if summary.sent:
            messages.success(request, f"{summary}。")
        else:
            messages.info(request, "今天没有需要催报的单位，未发送邮件。")
        if summary.unreachable:
            names = "、".join(d.name for d in summary.unreachable)
            messages.warning(request, f"{names}没有填写了邮箱的在岗填报员，未能发送催报邮件。")
        return redirect("reminders")

    previews, unreachable = reminders_preview(today=today)
    last = {
        row["department"]: row["last"]
        for row in ReminderLog.objects.values("department").annotate(last=Max("sent_at"))
    }
    logs = ReminderLog.objects.select_related("department", "sent_by")[:20]
    reminded = Department.objects.filter(pk__in=last).order_by("sort_order", "pk")
    context = {
        "today": today,
        "previews": [(p, last.get(p.department.pk)) for p in previews],
        "unreachable": [(d, last.get(d.pk)) for d in unreachable],
        "item_total": sum(p.item_count for p in previews),
        "recipient_total": sum(len(p.emails) for p in previews),
        "reminded": [(d, last[d.pk]) for d in reminded],
        "logs": logs,
    }
    return render(request, "tasks/reminders.html", context)
