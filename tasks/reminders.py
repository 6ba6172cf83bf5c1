"""催报: one email per reporter of each department that still owes something once its period has ended.

What is owed comes from reminder sections — the indicators' figures (indicators/reminders.py) and the task
progress reports (here) — so one email lists everything a department has to do.
"""

from collections.abc import Callable
from datetime import date

from django.conf import settings
from django.core.mail import send_mass_mail
from django.urls import reverse

from departments import roles
from departments.models import Department, User
from indicators.reminders import ReminderSection, ReminderSummary, absolute_url, figure_section
from tasks import selectors as task_selectors


def task_section(*, today: date) -> ReminderSection:
    """Task progress reports not yet submitted for the latest half-year or year that has ended."""
    items: dict = {}
    for plan in task_selectors.task_plans():
        slot, late = task_selectors.late_units_due(plan=plan, today=today)
        for unit in late:
            lines = items.setdefault(unit.department, [])
            lines += [_task_line(task, report, slot) for task, report in unit.tasks]
    return ReminderSection("工作任务推进情况", items)


def _task_line(task, report, slot: task_selectors.Slot) -> str:
    status = report.get_status_display() if report else "未报送"
    url = absolute_url(reverse("task_report", args=[task.number, slot.year, slot.period]))
    return f"{task.number} {task.title}　{slot.label}　状态：{status}\n  填报：{url}"


SECTIONS: list[Callable[..., ReminderSection]] = [figure_section, task_section]
_CHINESE_NUMBERS = "〇一二三四五六七八九十"


def reminders_send(*, today: date, dry_run: bool = False) -> ReminderSummary:
    """Email every active reporter (with an email) of each department that owes something; dry_run sends nothing."""
    sections = [section(today=today) for section in SECTIONS]
    departments = sorted({d for s in sections for d in s.items}, key=lambda d: (d.sort_order, d.pk))
    reporters = User.objects.filter(
        groups__name=roles.REPORTER, is_active=True, department__in=departments
    ).exclude(email="")
    emails: dict[int, list[str]] = {}
    for user in reporters.order_by("username"):
        emails.setdefault(user.department_id, []).append(user.email)

    summary = ReminderSummary(today=today, dry_run=dry_run)
    messages = []
    for department in departments:
        if department.pk not in emails:
            summary.unreachable.append(department)
            continue
        summary.sent[department] = emails[department.pk]
        subject, body = _message(department, sections, today)
        messages += [(subject, body, settings.DEFAULT_FROM_EMAIL, [email]) for email in emails[department.pk]]
    if not dry_run and messages:
        send_mass_mail(messages, fail_silently=False)
    return summary


def _message(department: Department, sections: list[ReminderSection], today: date) -> tuple[str, str]:
    owed = [(s.title, s.items[department]) for s in sections if department in s.items]
    count = sum(len(lines) for _, lines in owed)
    subject = f"【催报】制造强市建设指标跟踪：{department.name}有 {count} 项待报送"
    parts = [
        f"{department.name}：",
        "",
        f"截至 {today.year}年{today.month}月{today.day}日，贵单位以下事项尚未完成报送，"
        "请尽快登录“江阴制造强市建设指标跟踪”系统处理。",
    ]
    for number, (title, lines) in enumerate(owed, start=1):
        parts += ["", f"{_CHINESE_NUMBERS[number]}、{title}"]
        parts += [f"· {line}" for line in lines]
    parts += ["", "此邮件由系统自动发送，请勿回复；如有疑问请联系市工信局协调员。"]
    return subject, "\n".join(parts)
