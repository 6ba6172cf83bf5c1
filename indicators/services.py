"""Writes of the figure workflow: draft → submitted → approved, or submitted → returned → draft.

Every function is keyword-only and atomic, checks permissions through indicators.permissions, locks the
row it changes (select_for_update) and refuses a stale version instead of overwriting someone's work.
"""

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from core import workflow
from indicators import permissions, selectors
from indicators.misses import MissJudge, miss_gaps
from indicators.models import Figure, FigureComment, Indicator, Period, ReportingDeadline, Target
from indicators.quality_service import figure_quality_record
from indicators.rules import fmt

Status = Figure.Status


class FigureConflict(workflow.Conflict):
    """The figure changed since the form was loaded; carries the current figure so it can be shown."""

    @property
    def figure(self) -> Figure | None:
        return self.record


FIGURES = workflow.Workflow(
    draft=Status.DRAFT,
    submitted=Status.SUBMITTED,
    submit_history="提交审核",
    noun="该数据",
    conflict=FigureConflict,
)
APPROVE = workflow.Step((Status.SUBMITTED,), Status.APPROVED, "审核通过", "只能审核已报送的数据")
BULK_APPROVE = workflow.Step((Status.SUBMITTED,), Status.APPROVED, "批量审核通过", "只能审核已报送的数据")
RETURN = workflow.Step(
    (Status.SUBMITTED,), Status.RETURNED, "退回", "只能退回已报送的数据", reason_prompt="请填写退回原因。"
)
REOPEN = workflow.Step(
    (Status.APPROVED,),
    Status.RETURNED,
    "重新打开",
    "只能重新打开已审核的数据",
    reason_prompt="请填写重新打开的原因。",
    reopens=True,
)


@dataclass(frozen=True)
class FigureInput:
    value: Decimal | None
    rank: int | None = None
    explanation: str = ""
    miss_cause: str = ""
    remedy: str = ""
    catch_up_year: int | None = None
    catch_up_period: str = ""
    catch_up_result: str = ""
    quality_confirmed: bool = False  # 已核实: the reporter checked the value's 数据质量 warnings
    quality_note: str = ""
    quality_findings: str = ""  # the 数据质量 warnings the form showed, one a line


def reference_value(target: Target | None, year: int, period: str) -> Decimal | None:
    """The companion series' value for the same year and period (indicator 5 compares against it)."""
    if target is None or target.reference_id is None:
        return None
    return (
        Figure.objects.filter(indicator_id=target.reference_id, year=year, period=period)
        .values_list("value", flat=True)
        .first()
    )


def _is_miss(indicator: Indicator, year: int, period: str, data: FigureInput) -> bool:
    judge = MissJudge([(indicator.pk, year)])
    return judge.reason(indicator.pk, year, period, data.value, rank=data.rank) is not None


MISS_MESSAGES = {
    "explanation": ("explanation", "未达目标，请说明原因。"),
    "miss_cause": ("miss_cause", "未达目标，请选择原因类别。"),
    "remedy": ("remedy", "未达目标，请填写整改措施。"),
    "catch_up": ("catch_up_period", "未达目标，请填写预计赶上的期间。"),
}


def _submission_errors(
    indicator: Indicator, year: int, period: str, data: FigureInput, is_miss: bool
) -> dict:
    """What a submission still lacks: a value, and for a miss the explanation, cause, remedy and catch-up."""
    if data.value is None:
        return {"value": "提交审核前请填写完成值。"}
    errors = {}
    if selectors.previous_miss(indicator, year, period) is not None and not data.catch_up_result:
        errors["catch_up_result"] = "请回答上期预计赶上的目标是否实现。"
    if not is_miss:
        return errors
    catch_up = data.catch_up_period if data.catch_up_year is not None else ""
    have = {"explanation": data.explanation, "miss_cause": data.miss_cause, "remedy": data.remedy}
    for name in miss_gaps({**have, "catch_up": catch_up}):
        field, message = MISS_MESSAGES[name]
        errors[field] = message
    return errors


@transaction.atomic
def figure_save(
    *,
    user,
    indicator: Indicator,
    year: int,
    period: str = Period.YEAR,
    data: FigureInput,
    version: int,
    submit: bool,
) -> Figure:
    """Save a draft or submit it for review. `version` is the one the form was loaded with (0 = new)."""
    if not permissions.can_edit_indicator(user, indicator):
        if indicator.lead is None:
            raise PermissionDenied(permissions.UNASSIGNED)
        raise PermissionDenied("只能填报本单位牵头的指标。")
    slot = Figure.objects.filter(indicator=indicator, year=year, period=period)
    figure = FIGURES.editable(slot, version)
    if submit:
        is_miss = _is_miss(indicator, year, period, data)
        if errors := _submission_errors(indicator, year, period, data, is_miss):
            raise ValidationError(errors)
        if not is_miss:
            # A submitted figure that meets its target carries no miss (misses.CLEARED_WHEN_MET, as the import).
            data = replace(data, miss_cause="", remedy="", catch_up_year=None, catch_up_period="")

    if figure is None:
        figure = Figure(indicator=indicator, year=year, period=period, version=0)
    for field, value in vars(data).items():
        if not field.startswith("quality_"):
            setattr(figure, field, value)
    figure_quality_record(figure=figure, data=data, user=user)
    figure.source, figure.source_file, figure.source_sheet, figure.source_row = (
        Figure.Source.WEB,
        "",
        "",
        None,
    )
    return FIGURES.save(figure, user=user, submit=submit, records=slot)


def _locked_for_review(user, figure_id: int, version: int | None) -> Figure:
    if not permissions.can_review(user):
        raise PermissionDenied("只有协调员可以审核。")
    reviewable = permissions.figures_reviewable_by(user).select_related("indicator")
    return FIGURES.locked(reviewable, figure_id, version)


@transaction.atomic
def figure_approve(*, user, figure_id: int, version: int | None = None) -> Figure:
    return FIGURES.take(_locked_for_review(user, figure_id, version), APPROVE, user=user)


@transaction.atomic
def figure_return(*, user, figure_id: int, reason: str, version: int | None = None) -> Figure:
    return FIGURES.take(_locked_for_review(user, figure_id, version), RETURN, user=user, reason=reason)


@transaction.atomic
def figure_reopen(*, user, figure_id: int, reason: str, version: int | None = None) -> Figure:
    """Unlock an approved figure so its department can correct it; only the coordinator, with a reason."""
    return FIGURES.take(_locked_for_review(user, figure_id, version), REOPEN, user=user, reason=reason)


@transaction.atomic
def figures_bulk_approve(*, user, figure_ids: list[int]) -> int:
    """Approve every submitted figure among the ids; others are left alone. Returns how many were approved."""
    if not permissions.can_review(user):
        raise PermissionDenied("只有协调员可以审核。")
    figures = (
        permissions.figures_reviewable_by(user)
        .select_for_update()
        .filter(pk__in=figure_ids, status=Status.SUBMITTED)
    )
    count = 0
    for figure in figures:
        FIGURES.take(figure, BULK_APPROVE, user=user)
        count += 1
    return count


@transaction.atomic
def figure_comment_add(*, user, figure_id: int, text: str) -> FigureComment:
    if not text.strip():
        raise ValidationError({"text": "请填写意见内容。"})
    figure = Figure.objects.select_related("indicator").get(pk=figure_id)
    if not permissions.indicators_commentable_by(user).filter(pk=figure.indicator_id).exists():
        raise PermissionDenied("只有责任部门和协调员可以发表意见。")
    return FigureComment.objects.create(figure=figure, author=user, text=text.strip())


@transaction.atomic
def deadline_set(*, user, year: int, period: str, due_date: date) -> ReportingDeadline:
    if not permissions.can_review(user):
        raise PermissionDenied("只有协调员可以设置截止日期。")
    deadline, _ = ReportingDeadline.objects.update_or_create(
        year=year, period=period, defaults={"due_date": due_date, "set_by": user}
    )
    return deadline


@transaction.atomic
def target_adjust(*, user, target_id: int, value: Decimal | None, reason: str) -> Target:
    """Record (or with value None, withdraw) an adjusted target; the plan's original value stays."""
    if not permissions.can_review(user):
        raise PermissionDenied("只有协调员可以调整目标。")
    if not reason.strip():
        raise ValidationError({"reason": "请填写调整原因。"})
    target = Target.objects.select_for_update().select_related("indicator").get(pk=target_id)
    if not target.is_adjustable:
        raise ValidationError(f"目标“{target.source_text}”没有数值，不能调整。")
    target.adjusted_value = value
    target.adjustment_reason = reason.strip()
    target.adjusted_by = user
    target.adjusted_at = timezone.now()
    target._history_user = user
    target._change_reason = (
        f"调整目标：{reason.strip()}" if value is not None else f"撤销调整：{reason.strip()}"
    )
    target.save()
    return target


@transaction.atomic
def target_assign(*, user, target_id: int, value: Decimal | None, source: str, on) -> Target:
    """完成上级下达目标: record (or with value None, withdraw) the number a superior assigned, with its document and
    date; kept in the target's history. Until then the figure is 待评估 with that reason."""
    if not permissions.can_review(user):
        raise PermissionDenied("只有协调员可以录入上级下达的目标。")
    target = Target.objects.select_for_update().select_related("indicator").get(pk=target_id)
    if target.kind != Target.Kind.ASSIGNED:
        raise ValidationError(f"目标“{target.source_text}”不是上级下达的目标。")
    if value is not None and (not source.strip() or on is None):
        raise ValidationError("请填写下达文件和下达日期。")
    target.assigned_value = value
    target.assigned_source = source.strip() if value is not None else ""
    target.assigned_date = on if value is not None else None
    target._history_user = user
    target._change_reason = (
        f"录入下达目标：{fmt(value)}（{target.assigned_source}，{on:%Y-%m-%d}）"
        if value is not None
        else "撤销下达目标"
    )
    target.save()
    return target


@transaction.atomic
def target_judge(*, user, target_id: int, judgement: str, reason: str) -> Target:
    """定性目标: the coordinator's judgement (或 "" to withdraw it) with the reason; kept in the target's history."""
    if not permissions.can_review(user):
        raise PermissionDenied("只有协调员可以评估定性目标。")
    target = Target.objects.select_for_update().select_related("indicator").get(pk=target_id)
    if target.kind != Target.Kind.JUDGED:
        raise ValidationError(f"目标“{target.source_text}”不是定性目标。")
    if judgement and judgement not in Target.Judgement.values:
        raise ValidationError("请选择评估结果。")
    if not reason.strip():
        raise ValidationError("请填写评估理由。")
    target.judgement = judgement
    target.judgement_reason = reason.strip() if judgement else ""
    target._history_user = user
    label = Target.Judgement(judgement).label if judgement else "撤销评估"
    target._change_reason = f"定性评估：{label}：{reason.strip()}"
    target.save()
    return target


def figures_submit_many(*, user, rows: list[tuple[dict | None, dict]], source_file: str) -> None:
    """Submit many figures from a file at once — the Excel import's commit, the bulk variant of figure_save.

    rows: (the existing figure as a dict by attname, or None; the columns the file sets: indicator_id, year,
    period, value and any of rank, explanation, the miss fields, source_sheet, source_row, quality_findings).
    The caller (imports.plan) has checked each under the figures' row locks with the rules figure_save applies:
    permissions.indicators_importable_by, the workflow's versions and locked statuses, MissJudge and miss_gaps,
    the 数据质量 check."""
    if not permissions.can_import(user):
        raise PermissionDenied("没有导入权限：只有导入员、协调员和填报员可以导入数据。")
    source = {"source": Figure.Source.IMPORT, "source_file": source_file[:255]}
    FIGURES.submit_many(
        Figure,
        [(figure, {**changes, **source}) for figure, changes in rows],
        key=("indicator_id", "year", "period"),
        user=user,
        reason=f"Excel 导入：{source_file}",
    )
