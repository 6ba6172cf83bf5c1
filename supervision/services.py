"""Writes of 督办: issuing a notice (its number allocated under a lock), the unit's answer, the coordinator's
办结 or 退回 — one review workflow, core/workflow.py — and the escalation of notices unanswered at their
deadline to the leaders who follow the unit. Keyword-only and atomic, like the other apps' services."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone

from core import workflow
from departments import roles
from indicators.reminders import absolute_url
from supervision.models import Notice, NoticeCounter, UnitLeader
from supervision.selectors import Item, open_notices_by_key

Status = Notice.Status


class NoticeConflict(workflow.Conflict):
    message = "该督办单已被他人修改，请核对下方的最新内容后再保存。"


NOTICES = workflow.Workflow(
    draft=Status.ISSUED,
    submitted=Status.ANSWERED,
    submit_history="答复",
    noun="该督办单",
    conflict=NoticeConflict,
)
ACCEPT = workflow.Step((Status.ANSWERED,), Status.ACCEPTED, "办结", "只能办结已答复的督办单")
RETURN = workflow.Step(
    (Status.ANSWERED,), Status.RETURNED, "退回", "只能退回已答复的督办单", reason_prompt="请填写退回原因。"
)


def _coordinator(user) -> None:
    if not roles.is_coordinator(user):
        raise PermissionDenied("只有协调员可以签发、办结或退回督办单。")


def _next_seq(year: int) -> int:
    """The next number of the year, taken under the year's counter row lock (two coordinators issuing at once
    get two numbers); the unique (year, seq) constraint is the last guard."""
    NoticeCounter.objects.get_or_create(year=year)
    counter = NoticeCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


@transaction.atomic
def notice_issue(*, user, item: Item, facts: str, requirement: str, reply_by: date, today: date) -> Notice:
    """A 督办单 to the item's unit, numbered 〔YYYY〕N号 in the year it is issued. The item is red (the caller found
    it among selectors.red_items); one open notice per item."""
    _coordinator(user)
    errors = {}
    if not facts.strip():
        errors["facts"] = "请填写存在问题。"
    if not requirement.strip():
        errors["requirement"] = "请填写督办要求。"
    if reply_by < today:
        errors["reply_by"] = "答复期限不能早于今天。"
    if errors:
        raise ValidationError(errors)
    if item.key in open_notices_by_key():
        raise ValidationError("该事项已有未办结的督办单，不能重复签发。")
    notice = Notice(
        year=today.year,
        seq=_next_seq(today.year),
        department=item.department,
        plan=item.plan,
        kind=item.kind,
        indicator=item.indicator,
        task=item.task,
        item_year=item.year,
        item_period=item.period,
        item_title=item.title[:200],
        light_reason=item.light.reason[:200],
        facts=facts.strip(),
        requirement=requirement.strip(),
        reply_by=reply_by,
        issued_by=user,
        updated_by=user,
    )
    notice._change_reason = f"签发督办单{notice.number}"
    notice._history_user = user
    notice.save()
    return notice


@dataclass(frozen=True)
class AnswerInput:
    rectification: str = ""
    measures: str = ""
    catch_up_year: int | None = None
    catch_up_period: str = ""
    attachments: str = ""


@transaction.atomic
def notice_answer(*, user, notice_id: int, data: AnswerInput, version: int, submit: bool) -> Notice:
    """The unit's answer: saved as a draft or handed in (答复) for the coordinator; refused once handed in."""
    if not roles.is_reporter(user) or user.department_id is None:
        raise PermissionDenied("只有督办单位的填报员可以答复。")
    records = Notice.objects.filter(pk=notice_id, department_id=user.department_id)
    if not records.exists():
        raise PermissionDenied("只能答复本单位的督办单。")
    notice = NOTICES.editable(records, version)
    if submit:
        errors = {}
        if not data.rectification.strip():
            errors["rectification"] = "答复前请填写整改情况。"
        if not data.measures.strip():
            errors["measures"] = "答复前请填写整改措施。"
        if errors:
            raise ValidationError(errors)
    notice.rectification = data.rectification.strip()
    notice.measures = data.measures.strip()
    notice.catch_up_year = data.catch_up_year
    notice.catch_up_period = data.catch_up_period if data.catch_up_year else ""
    notice.attachments = data.attachments.strip()
    if submit and notice.first_answered_at is None:
        notice.first_answered_at = timezone.now()
    return NOTICES.save(notice, user=user, submit=submit, records=records)


def _locked(user, notice_id: int, version: int | None) -> Notice:
    _coordinator(user)
    return NOTICES.locked(Notice.objects.all(), notice_id, version)


@transaction.atomic
def notice_accept(*, user, notice_id: int, version: int | None = None) -> Notice:
    return NOTICES.take(_locked(user, notice_id, version), ACCEPT, user=user)


@transaction.atomic
def notice_return(*, user, notice_id: int, reason: str, version: int | None = None) -> Notice:
    return NOTICES.take(_locked(user, notice_id, version), RETURN, user=user, reason=reason)


@dataclass
class Escalation:
    notices: list[Notice]
    emails: dict[str, list[str]]  # leader's email → the notices' numbers

    def __str__(self) -> str:
        return f"{len(self.notices)} 份逾期未答复的督办单已上报分管领导，发送邮件 {len(self.emails)} 封"


@transaction.atomic
def notices_escalate(*, today: date, user=None) -> Escalation:
    """Every notice still unanswered after its reply deadline and not escalated before: marked 上报领导 (a
    history row), shown on the leaders' home page, and emailed to the leaders configured for its unit."""
    notices = list(
        Notice.objects.select_for_update()
        .filter(
            escalated_at__isnull=True,
            status__in=[Status.ISSUED, Status.RETURNED],
            reply_by__lt=today,
        )
        .select_related("department")
    )
    followers: dict[int, list[str]] = {}
    leaders = UnitLeader.objects.filter(
        department__in={n.department_id for n in notices}, leader__is_active=True
    ).select_related("leader")
    for link in leaders:
        if link.leader.email:
            followers.setdefault(link.department_id, []).append(link.leader.email)
    emails: dict[str, list[Notice]] = {}
    now = timezone.now()
    for notice in notices:
        notice.escalated_at = now
        notice._change_reason = f"逾期未答复，已上报分管领导（答复期限 {notice.reply_by:%Y-%m-%d}）"
        notice._history_user = user
        notice.save(update_fields=["escalated_at"])
        for email in followers.get(notice.department_id, []):
            emails.setdefault(email, []).append(notice)
    messages = [
        (
            f"【督办】{len(items)} 份督办单逾期未答复",
            _escalation_body(items, today),
            settings.DEFAULT_FROM_EMAIL,
            [email],
        )
        for email, items in emails.items()
    ]
    if messages:
        send_mass_mail(messages, fail_silently=False)
    return Escalation(notices, {email: [n.number for n in items] for email, items in emails.items()})


def _escalation_body(notices: list[Notice], today: date) -> str:
    lines = [f"截至 {today.year}年{today.month}月{today.day}日，以下督办单已过答复期限仍未答复：", ""]
    for n in notices:
        lines.append(f"· {n.number} {n.department.name}：{n.item_title}（答复期限 {n.reply_by:%Y-%m-%d}）")
        lines.append(f"  查看：{absolute_url(n.get_absolute_url())}")
    lines += ["", "此邮件由系统自动发送，请勿回复。"]
    return "\n".join(lines)
