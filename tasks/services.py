"""Writes of the task progress workflow: draft → submitted → accepted (已采纳), or submitted → returned → draft.

Like indicators/services.py: keyword-only and atomic, permissions checked through tasks.permissions, the row
locked (select_for_update) and a stale version refused instead of overwriting someone's work.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from core import workflow
from indicators.rules import fmt
from tasks import chapter_goals, permissions
from tasks.models import REPORT_PERIODS, Commitment, ProgressReport, Task, report_years

Status = ProgressReport.Status


class ReportConflict(workflow.Conflict):
    """The report changed since the form was loaded; carries the current report so it can be shown."""

    message = "该报告已被他人修改，请核对下方的最新内容后再保存。"

    @property
    def report(self) -> ProgressReport | None:
        return self.record


REPORTS = workflow.Workflow(
    draft=Status.DRAFT,
    submitted=Status.SUBMITTED,
    submit_history="提交",
    noun="该报告",
    conflict=ReportConflict,
)
ACCEPT = workflow.Step((Status.SUBMITTED,), Status.ACCEPTED, "采纳", "只能采纳已报送的报告")
RETURN = workflow.Step(
    (Status.SUBMITTED, Status.ACCEPTED),
    Status.RETURNED,
    "退回",
    "只能退回已报送或已采纳的报告",
    reason_prompt="请填写退回原因。",
)
# Sending an accepted report back is a reopening, named so to the unit (as a figure's 重新打开).
REOPEN = workflow.Step(
    (Status.ACCEPTED,),
    Status.RETURNED,
    "重新打开",
    "只能重新打开已采纳的报告",
    reason_prompt="请填写重新打开的原因。",
    reopens=True,
)


@dataclass(frozen=True)
class ReportInput:
    progress: str = ""
    problems: str = ""
    next_steps: str = ""
    numbers: dict[int, Decimal | None] = field(default_factory=dict)  # commitment id → number achieved


def asked_commitments(task: Task, department) -> list[Commitment]:
    """The task's commitments `department` enters a number for (Commitment.asked_of): the others are its lead's
    to report, or read from their appendix indicator."""
    return [c for c in task.commitments.all() if c.asked_of(department)]


def _submission_errors(task: Task, department, goals: list[Commitment], data: ReportInput) -> dict:
    """What a submission still lacks: the narrative, and the numbers asked of this unit — the task's
    commitments it reports and the chapter goals it reports on this task."""
    errors = {}
    if not data.progress.strip():
        errors["progress"] = "提交前请填写工作进展。"
    for commitment in asked_commitments(task, department):
        if data.numbers.get(commitment.pk) is None:
            errors[f"c{commitment.pk}"] = "本单位填报的量化目标，提交前请填写完成数。"
    for goal in goals:
        if data.numbers.get(goal.pk) is None:
            errors[f"c{goal.pk}"] = "本单位牵头的章目标，提交前请填写完成数。"
    return errors


@transaction.atomic
def report_save(
    *,
    user,
    task: Task,
    year: int,
    period: str,
    data: ReportInput,
    version: int,
    submit: bool,
    today: date | None = None,
) -> ProgressReport:
    """Save a draft or submit it for review. `version` is the one the form was loaded with (0 = new)."""
    if not permissions.can_report(user, task):
        raise PermissionDenied("只能填报本单位列为责任单位的任务。")
    if (
        year not in report_years(task.chapter.plan, today or timezone.localdate())
        or period not in REPORT_PERIODS
    ):
        raise ValidationError("没有这个报送年度或期间。")
    department = permissions.reporting_department(user)
    goals = chapter_goals.goals_reported_on(task, department)
    commitment_ids = {c.pk for c in asked_commitments(task, department)} | {g.pk for g in goals}
    if unknown := set(data.numbers) - commitment_ids:
        raise ValidationError(
            f"完成数对应的量化目标不由本单位在任务 {task.number} 填报（由牵头单位填报、读取指标审定值，"
            f"或不属于本任务）：{sorted(unknown)}"
        )
    if any(value is not None and value < 0 for value in data.numbers.values()):
        raise ValidationError("完成数不能为负数。")

    slot = ProgressReport.objects.filter(task=task, department=department, year=year, period=period)
    report = REPORTS.editable(slot, version)
    if submit and (errors := _submission_errors(task, department, goals, data)):
        raise ValidationError(errors)

    if report is None:
        report = ProgressReport(task=task, department=department, year=year, period=period, version=0)
    report.progress = data.progress.strip()
    report.problems = data.problems.strip()
    report.next_steps = data.next_steps.strip()
    report.numbers = {str(pk): fmt(value) for pk, value in sorted(data.numbers.items()) if value is not None}
    return REPORTS.save(report, user=user, submit=submit, records=slot)


@dataclass(frozen=True)
class BatchRow:
    """One task's report in a unit's batch: what was typed, and the version its form was loaded with."""

    task: Task
    data: ReportInput
    version: int


class BatchRefused(Exception):
    """Some rows of a batch were refused, so none was saved: task id → its ValidationError or ReportConflict."""

    def __init__(self, refused: dict):
        super().__init__("部分任务报告未能保存，全部未保存。")
        self.refused = refused


@transaction.atomic
def reports_save_batch(
    *, user, rows: list[BatchRow], year: int, period: str, submit: bool, today: date | None = None
) -> list[ProgressReport]:
    """A unit's reports for one period saved as drafts or submitted together (批量填报), each its own record
    through report_save — its permission, rules, row lock and version check. One transaction: when any row is
    refused every row is left as it was, and each refusal is reported (BatchRefused)."""
    saved, refused = [], {}
    for row in rows:
        try:
            saved.append(
                report_save(
                    user=user,
                    task=row.task,
                    year=year,
                    period=period,
                    data=row.data,
                    version=row.version,
                    submit=submit,
                    today=today,
                )
            )
        except (ValidationError, ReportConflict) as e:
            refused[row.task.pk] = e
    if refused:
        raise BatchRefused(refused)
    return saved


def _locked_for_review(user, report_id: int, version: int | None) -> ProgressReport:
    if not permissions.can_review(user):
        raise PermissionDenied("只有协调员可以审核任务推进报告。")
    reviewable = permissions.reports_reviewable_by(user).select_related("task", "department")
    return REPORTS.locked(reviewable, report_id, version)


@transaction.atomic
def report_accept(*, user, report_id: int, version: int | None = None) -> ProgressReport:
    return REPORTS.take(_locked_for_review(user, report_id, version), ACCEPT, user=user)


@transaction.atomic
def report_return(*, user, report_id: int, reason: str, version: int | None = None) -> ProgressReport:
    """Send a submitted report back to its unit (退回), or reopen an accepted one (重新打开), with the reason."""
    report = _locked_for_review(user, report_id, version)
    step = REOPEN if report.status == Status.ACCEPTED else RETURN
    return REPORTS.take(report, step, user=user, reason=reason)
