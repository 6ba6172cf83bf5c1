"""Writes of 考核: the coordinator's adjustment of a unit's score, with its reason (history kept)."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from departments import roles
from departments.models import Department
from plans.models import Plan
from scores.models import ScoreAdjustment


@transaction.atomic
def adjustment_set(
    *, user, plan: Plan, year: int, department: Department, points: Decimal, reason: str
) -> ScoreAdjustment:
    """Set (or change) the unit's adjustment for the plan and year; a reason is required, 0 points undo it."""
    if not roles.is_coordinator(user):
        raise PermissionDenied("只有协调员可以调整得分。")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "请填写调整理由。"})
    adjustment = (
        ScoreAdjustment.objects.select_for_update()
        .filter(plan=plan, year=year, department=department)
        .first()
    )
    if adjustment is None:
        adjustment = ScoreAdjustment(plan=plan, year=year, department=department)
    adjustment.points, adjustment.reason, adjustment.updated_by = points, reason, user
    adjustment.full_clean()
    adjustment._change_reason = reason
    adjustment._history_user = user
    adjustment.save()
    return adjustment
