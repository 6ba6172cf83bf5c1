"""催报, the 督办 part: a unit's 督办单 still unanswered after their reply deadline, as one section of the reminder
email (tasks/reminders.py; the app hands it the section at start-up, supervision/apps.py)."""

from datetime import date

from indicators.reminders import ReminderSection, absolute_url
from supervision.models import Notice


def notice_section(*, today: date) -> ReminderSection:
    notices = (
        Notice.objects.filter(status__in=[Notice.Status.ISSUED, Notice.Status.RETURNED], reply_by__lt=today)
        .select_related("department")
        .order_by("department__sort_order", "reply_by", "seq")
    )
    items: dict = {}
    for n in notices:
        escalated = "，已上报分管领导" if n.escalated_at else ""
        items.setdefault(n.department, []).append(
            f"督办单{n.number} {n.item_title}　答复期限：{n.reply_by:%Y-%m-%d}，已逾期未答复{escalated}\n"
            f"  答复：{absolute_url(n.get_absolute_url())}"
        )
    return ReminderSection("督办单答复", items)
