"""Small helpers shared by the task tests."""

from decimal import Decimal

from tasks import permissions
from tasks.chapter_goals import goals_reported_on
from tasks.models import Task
from tasks.services import ReportInput, report_accept, report_save
from tests.tasks.conftest import TODAY


def report(
    user,
    number: str,
    numbers=(),
    *,
    submit=True,
    year=2025,
    period="h1",
    progress="推进顺利。",
    version=0,
    accept_by=None,
    goals=(),
    today=TODAY,
):
    """Save (and by default submit) `user`'s report on task `number`; numbers in the order of the commitments,
    `goals` in the order of the chapter goals the unit reports on that task."""
    task = Task.objects.prefetch_related("commitments").get(number=number)
    department = permissions.reporting_department(user)
    # Numbers by the task's commitments in order; only those asked of the unit are sent (Commitment.asked_of).
    commitments = list(task.commitments.order_by("order"))
    values = {
        c.pk: Decimal(v) if v is not None else None
        for c, v in zip(commitments, numbers, strict=False)
        if c.asked_of(department)
    }
    reported = goals_reported_on(task, department)
    values |= {g.pk: Decimal(v) if v is not None else None for g, v in zip(reported, goals, strict=False)}
    saved = report_save(
        user=user,
        task=task,
        year=year,
        period=period,
        data=ReportInput(
            progress=progress, problems="用地指标紧张。", next_steps="加快推进。", numbers=values
        ),
        version=version,
        submit=submit,
        today=today,
    )
    if accept_by is not None:
        saved = report_accept(user=accept_by, report_id=saved.pk)
    return saved
