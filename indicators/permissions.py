"""Who may do what with figures: every view and service asks here, so none can forget a check.

A reporter changes only figures of indicators their department leads (first responsible department);
co-responsible departments see and comment; the coordinator reviews everything; leaders and importers read.
Nobody enters or imports figures of a plan that has ended (已结束): they stay as its final assessment read them.
"""

from django.db.models import QuerySet

from departments import roles
from indicators.models import Figure, Indicator
from plans.models import Plan


def _open() -> QuerySet[Indicator]:
    """Indicators of plans still running that take figures of their own: not a sub-indicators' heading, nor an
    indicator shared with another plan (entered there, once)."""
    return Indicator.objects.exclude(plan__status=Plan.Status.CLOSED).filter(
        heading=False, shared_with__isnull=True
    )


def indicators_editable_by(user) -> QuerySet[Indicator]:
    """Indicators (and companion series) whose figures this user may enter: their department leads them."""
    if not roles.is_reporter(user) or user.department_id is None:
        return Indicator.objects.none()
    return _open().filter(department_links__order=0, department_links__department_id=user.department_id)


def figures_reviewable_by(user) -> QuerySet[Figure]:
    return Figure.objects.all() if roles.is_coordinator(user) else Figure.objects.none()


def indicators_commentable_by(user) -> QuerySet[Indicator]:
    """The coordinator comments on any indicator; a department's reporters on those it is responsible for."""
    if roles.is_coordinator(user):
        return Indicator.objects.all()
    if not roles.is_reporter(user) or user.department_id is None:
        return Indicator.objects.none()
    return Indicator.objects.filter(department_links__department_id=user.department_id).distinct()


def can_edit_indicator(user, indicator: Indicator) -> bool:
    return indicators_editable_by(user).filter(pk=indicator.pk).exists()


def can_review(user) -> bool:
    return roles.is_coordinator(user)


# Excel import (issue 6): importers and the coordinator load every department's figures, a reporter only
# the indicators their department leads; leaders and everyone else cannot import.


def can_import(user) -> bool:
    return can_import_all(user) or indicators_editable_by(user).exists()


def indicators_importable_by(user) -> QuerySet[Indicator]:
    """An indicator loaded 待分配 (no lead department yet) takes no figures until the coordinator assigns one."""
    return _open().filter(department_links__order=0) if can_import_all(user) else indicators_editable_by(user)


UNASSIGNED = "该指标尚未分配牵头部门（待分配）：协调人在系统管理中指定牵头部门后才能填报。"


def can_import_all(user) -> bool:
    """Importers and the coordinator import for every department and may replace a submitted (not yet
    approved) figure; reporters neither."""
    return roles.is_importer(user) or roles.is_coordinator(user)
