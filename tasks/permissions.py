"""Who may do what with task progress reports: every view and service asks here, so none can forget a check.

A reporter reports for the tasks their unit is listed on, in any position (not only as lead); a member of a
collective (华士镇 of 各镇街园区) also for the tasks listing the collective. A collective itself does not
report: its members do, and its figures are their sum. The coordinator reviews; everyone else reads.
"""

from django.db.models import Q, QuerySet

from departments import roles
from departments.models import Department
from tasks.models import ProgressReport, Task


def reporting_department(user) -> Department | None:
    """The unit this user reports for: a reporter's own department, unless it is a collective."""
    if not roles.is_reporter(user) or user.department_id is None:
        return None
    if not hasattr(user, "_reporting_department"):
        is_collective = Department.objects.filter(parent_id=user.department_id).exists()
        user._reporting_department = None if is_collective else user.department
    return user._reporting_department


def tasks_reportable_by(user) -> QuerySet[Task]:
    department = reporting_department(user)
    if department is None:
        return Task.objects.none()
    return tasks_of_unit(department)


def tasks_of_unit(department: Department) -> QuerySet[Task]:
    """The tasks a reporting unit reports on: those it is listed on, and its collective's."""
    listed = Q(unit_links__department_id=department.pk)
    if department.parent_id:
        listed |= Q(unit_links__department_id=department.parent_id)
    return Task.objects.filter(listed).distinct()


def can_report(user, task: Task) -> bool:
    return tasks_reportable_by(user).filter(pk=task.pk).exists()


def reports_reviewable_by(user) -> QuerySet[ProgressReport]:
    return ProgressReport.objects.all() if can_review(user) else ProgressReport.objects.none()


def can_review(user) -> bool:
    return roles.is_coordinator(user)
