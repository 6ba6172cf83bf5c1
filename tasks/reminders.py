"""催报: one email per reporter of each department that still owes something once its period has ended.

What is owed comes from reminder sections — the indicators' figures (indicators/reminders.py) and the task
progress reports (here) — so one email lists everything a department has to do.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Q

from departments import roles
from departments.models import Department, User
from indicators.reminders import ReminderSection, ReminderSummary, absolute_url, figure_section
from tasks import owed, worklist
from tasks import selectors as task_selectors
from tasks.models import ReminderLog


def task_section(*, today: date) -> ReminderSection:
    """Task progress reports still owed (未报送, 草稿, 已退回) for every owed period that has ended — 待报 or 逾期
    by core.due — one line per period, the same items as each unit's 我的待办."""
    plans = task_selectors.task_plans()
    deadlines = worklist.deadlines_set()
    owing = owed.owing()
    units = (
        Department.objects.filter(Q(task_links__isnull=False) | Q(parent__task_links__isnull=False))
        .filter(members__isnull=True)
        .distinct()
        .order_by("sort_order", "pk")
    )
    items: dict = {}
    for unit in units:
        periods = worklist.department_task_items(
            unit, today=today, deadlines=deadlines, plans=plans, owing=owing
        )
        owed_now = [item for item in periods if item.is_todo and item.slot.is_due(today)]
        if owed_now:
            items[unit] = [_task_line(item) for item in sorted(owed_now, key=_owed_order)]
    return ReminderSection("工作任务推进情况", items)


def _owed_order(item: worklist.WorkItem):
    return (not item.overdue, item.slot.sort_key())


def _task_line(item: worklist.WorkItem) -> str:
    deadline = f"{item.deadline:%Y-%m-%d}{'（默认）' if item.deadline_default else ''}"
    late = "，已逾期" if item.overdue else ""
    url = absolute_url(item.url)
    return (
        f"{item.slot.label}{item.title}　状态：{item.status_label}　截止日期：{deadline}{late}\n  填报：{url}"
    )


SECTIONS: list[Callable[..., ReminderSection]] = [figure_section, task_section]
_CHINESE_NUMBERS = "〇一二三四五六七八九十"


@dataclass(frozen=True)
class Reminder:
    """The email one department would get: its recipients and, per section, the lines it owes."""

    department: Department
    emails: list[str]
    owed: list[tuple[str, list[str]]]
    subject: str
    body: str

    @property
    def item_count(self) -> int:
        return sum(len(lines) for _, lines in self.owed)


def reminders_preview(*, today: date) -> tuple[list[Reminder], list[Department]]:
    """The emails reminders_send would send today, and the departments that owe something but have no
    reporter with an email; the 催报 page shows exactly this."""
    sections = [section(today=today) for section in SECTIONS]
    departments = sorted({d for s in sections for d in s.items}, key=lambda d: (d.sort_order, d.pk))
    reporters = User.objects.filter(
        groups__name=roles.REPORTER, is_active=True, department__in=departments
    ).exclude(email="")
    emails: dict[int, list[str]] = {}
    for user in reporters.order_by("username"):
        emails.setdefault(user.department_id, []).append(user.email)

    reminders, unreachable = [], []
    for department in departments:
        owed = [(s.title, s.items[department]) for s in sections if department in s.items]
        if department.pk not in emails:
            unreachable.append(department)
            continue
        subject, body = _message(department, owed, today)
        reminders.append(Reminder(department, emails[department.pk], owed, subject, body))
    return reminders, unreachable


def reminders_send(*, today: date, dry_run: bool = False, user: User | None = None) -> ReminderSummary:
    """Email every active reporter (with an email) of each department that owes something, and record when
    each department was reminded (by `user`, none from the command); dry_run sends and records nothing."""
    reminders, unreachable = reminders_preview(today=today)
    summary = ReminderSummary(today=today, dry_run=dry_run)
    summary.unreachable = unreachable
    messages = []
    for reminder in reminders:
        summary.sent[reminder.department] = reminder.emails
        messages += [
            (reminder.subject, reminder.body, settings.DEFAULT_FROM_EMAIL, [email])
            for email in reminder.emails
        ]
    if not dry_run and messages:
        with transaction.atomic():
            send_mass_mail(messages, fail_silently=False)
            ReminderLog.objects.bulk_create(
                ReminderLog(
                    department=r.department,
                    sent_by=user,
                    item_count=r.item_count,
                    recipient_count=len(r.emails),
                )
                for r in reminders
            )
    return summary


def _message(department: Department, owed: list[tuple[str, list[str]]], today: date) -> tuple[str, str]:
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
