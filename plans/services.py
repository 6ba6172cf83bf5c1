"""Loading plans: from the fixtures' YAML files, or from an appendix spreadsheet."""

from pathlib import Path

from django.db import transaction

from plans import sheet_reader, writer, yaml_reader
from plans.models import Plan
from plans.writer import LoadSummary
from plans.yaml_reader import PlanData


def plan_load(*, directory: Path = yaml_reader.DEFAULT_DIR) -> LoadSummary:
    """Validate every fixture file, then create or update the plan in one transaction."""
    return writer.plan_write(yaml_reader.plan_read(directory))


class _RolledBack(Exception):
    def __init__(self, summary: LoadSummary):
        self.summary = summary


def plan_load_sheet(
    *,
    data: bytes,
    file_name: str,
    code: str,
    header: dict | None = None,
    create_departments: bool = False,
    dry_run: bool = False,
    user: str = "-",
    years: tuple[int, int] | None = None,
    choices: dict | None = None,
) -> tuple[PlanData, LoadSummary]:
    """Validate an appendix workbook (plans.sheet_reader), then create or update the plan `code` from it in one
    transaction; raise PlanError listing every problem, having written nothing.

    A dry run makes the same writes and rolls them back, so its summary is exactly what a real run would
    change (departments created, rows updated) without a second way of comparing plan and database."""
    try:
        with transaction.atomic():
            plan = sheet_reader.sheet_read(
                data=data,
                file_name=file_name,
                code=code,
                header=header or {},
                create_departments=create_departments,
                user=user,
                years=years,
                choices=choices,
            )
            summary = writer.plan_write(plan)
            if dry_run:
                raise _RolledBack(summary)
    except _RolledBack as done:
        summary = done.summary
    return plan, summary


def plan_close(*, plan: Plan) -> Plan:
    """End a plan: its indicator figures become read-only (its tasks' later goals are still reported)."""
    if plan.status != Plan.Status.CLOSED:
        plan.status = Plan.Status.CLOSED
        plan.save(update_fields=["status"])
    return plan
