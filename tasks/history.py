"""The change history of a task's progress reports, as the task page shows it."""

from dataclasses import dataclass

from core.history import Change, HistoryEntry, field_shown, history_entries, history_records
from tasks.models import Commitment, ProgressReport, Task
from tasks.selectors import Slot

REPORT_FIELDS = ("status", "progress", "problems", "next_steps", "review_note")


@dataclass(frozen=True)
class Numbers:
    """The reported numbers, a line per quantified goal (完成数·name, with its unit)."""

    commitments: dict[str, Commitment]  # str(pk) → the goal the number is reported against
    fields = ("numbers",)

    def changes(self, before, record) -> list[Change]:
        old_numbers = before.numbers if before is not None else {}
        lines = []
        for key in sorted(set(old_numbers) | set(record.numbers), key=int):
            old, new = old_numbers.get(key, ""), record.numbers.get(key, "")
            if old != new:
                commitment = self.commitments.get(key)
                unit = commitment.unit if commitment else ""
                label = f"完成数·{commitment.name}" if commitment else "完成数（已删除的量化目标）"
                lines.append((label, f"{old}{unit}" if old else "", f"{new}{unit}" if new else ""))
        return lines


def report_history(task: Task, *, limit: int = 100) -> list[HistoryEntry]:
    """Every change of the task's reports, newest first: who, when, why, each field's and number's old → new."""
    records = history_records(ProgressReport.history.filter(task_id=task.pk).select_related("department"))
    commitments = {str(c.pk): c for c in task.commitments.all()}
    # The chapter goals a lead reports on this task are named too (one query, only when some number is theirs).
    if unknown := {key for record in records for key in record.numbers} - set(commitments):
        goals = Commitment.objects.filter(
            pk__in=[int(k) for k in unknown if k.isdigit()], chapter_id=task.chapter_id
        )
        commitments.update({str(c.pk): c for c in goals})
    columns = [*(field_shown(ProgressReport, name) for name in REPORT_FIELDS), Numbers(commitments)]
    entries = history_entries(
        records,
        columns,
        slot=lambda record: Slot(record.year, record.period).label,
        unit=lambda record: record.department.name,
    )
    return entries[:limit]
