"""Which periods a unit owes task progress reports for: every report period of its plans, except those that ended
before the unit's first account existed (the earliest date_joined of its users: nobody could have reported) and
those the coordinator waived for it, or for its collective (tasks.models.ReportWaiver). A unit without any account
owes nothing yet. 我的待办, 催报, the unit's page and the lists of late units ask here (docs/tasks.md).
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Min
from django.utils import timezone

from departments.models import User
from tasks.models import ReportWaiver


@dataclass(frozen=True)
class Owing:
    """The facts the rule reads, loaded in two queries: each unit's first account's date, and the waivers."""

    joined: dict[int, date]  # department id → the local date its first account was created
    waived: dict[tuple[int, int, str], str]  # (department id, year, period) → the reason

    def waiver(self, department, year: int, period: str) -> str | None:
        """The reason the period is waived for the unit (or for its collective), if it is."""
        return self.waived.get((department.pk, year, period)) or (
            self.waived.get((department.parent_id, year, period)) if department.parent_id else None
        )

    def owes(self, department, slot) -> bool:
        """Whether the unit owes its reports for the slot (a tasks.selectors.Slot)."""
        joined = self.joined.get(department.pk)
        if joined is None or slot.end < joined:
            return False
        return self.waiver(department, slot.year, slot.period) is None

    def reason(self, department, slot) -> str:
        """Why a slot is not owed, in a few words."""
        if waived := self.waiver(department, slot.year, slot.period):
            return f"协调员已免报：{waived}"
        joined = self.joined.get(department.pk)
        if joined is None:
            return "本单位尚无账号"
        return f"本期结束于本单位开通账号（{joined:%Y-%m-%d}）之前"


def owing() -> Owing:
    firsts = (
        User.objects.filter(department__isnull=False)
        .values("department")
        .annotate(first=Min("date_joined"))
        .values_list("department", "first")
    )
    return Owing(
        joined={pk: timezone.localtime(first).date() for pk, first in firsts},
        waived={(w.department_id, w.year, w.period): w.reason for w in ReportWaiver.objects.all()},
    )
