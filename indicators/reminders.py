"""催报, the figures' part: what each department still owes of its indicators' figures once a period has ended,
as one section of the reminder email (tasks/reminders.py sends it with the task reports' section)."""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings

from departments.models import Department
from indicators import review_selectors, selectors


@dataclass(frozen=True)
class ReminderSection:
    """One kind of outstanding work: a heading and, per department, one line for each item."""

    title: str
    items: dict[Department, list[str]]


@dataclass
class ReminderSummary:
    today: date
    dry_run: bool
    sent: dict[Department, list[str]] = field(default_factory=dict)  # department → recipients' emails
    unreachable: list[Department] = field(default_factory=list)  # owe something, no reporter with an email

    @property
    def recipient_count(self) -> int:
        return sum(len(emails) for emails in self.sent.values())

    def __str__(self) -> str:
        text = f"{len(self.sent)} 个单位的 {self.recipient_count} 位填报员发送催报邮件"
        return f"试运行：将向 {text}（未实际发送）" if self.dry_run else f"已向 {text}"


def figure_section(*, today: date) -> ReminderSection:
    """Figures that are missing, in draft or returned for periods that have ended."""
    items = {}
    for backlog in review_selectors.backlog_by_department(today=today):
        rows = [r for r in backlog.rows if today > selectors.period_end(r.year, r.period)]
        if rows:
            items[backlog.department] = [_figure_line(row) for row in rows]
    return ReminderSection("指标数据", items)


def _figure_line(row: selectors.FigureRow) -> str:
    indicator = row.indicator
    name = (
        f"{indicator.number}. {indicator.name_with_unit}"
        if indicator.number
        else f"{indicator.name}（配套数据）"
    )
    deadline = f"{row.deadline:%Y-%m-%d}{'（默认）' if row.deadline_default else ''}"
    late = "，已逾期" if row.overdue else ""
    slot = f"{row.year}年{row.period_label}"
    url = absolute_url(indicator.entry_url(row.year, row.period))
    return f"{name}　{slot}　状态：{row.status}　截止日期：{deadline}{late}\n  填报：{url}"


def absolute_url(path: str) -> str:
    """A link a mail client can open: SITE_URL (with or without a trailing slash) followed by the path."""
    return settings.SITE_URL.rstrip("/") + path
