"""Who changed what, read from django-simple-history: each record is compared with the previous version of the
same object by HistoricalRecord.diff_against, and every changed column is shown through its own display."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

Change = tuple[str, str, str]  # (label, old, new)


class Column(Protocol):
    fields: tuple[str, ...]  # the model fields it is read from

    def changes(self, before, record) -> list[Change]: ...


@dataclass(frozen=True)
class Shown:
    """One line of the history, read from one or more fields of a record as one text."""

    label: str
    fields: tuple[str, ...]
    display: Callable[[Any], str]  # a historical record → the text shown

    def changes(self, before, record) -> list[Change]:
        old, new = self.display(before) if before is not None else "", self.display(record)
        return [(self.label, old, new)] if old != new else []


def field_shown(model, name: str, text: Callable[[Any], str] = str) -> Shown:
    """A model field under its verbose_name: a choice by its label, an empty value as "", others by `text`."""
    field = model._meta.get_field(name)
    labels = dict(field.flatchoices) if field.choices else None

    def display(record) -> str:
        value = getattr(record, field.attname)
        if value in (None, ""):
            return ""
        return str(labels.get(value, value)) if labels is not None else text(value)

    return Shown(str(field.verbose_name), (name,), display)


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime
    who: str
    reason: str
    slot: str  # the reporting period of the record: "2024年全年"
    changes: list[Change]
    unit: str = ""  # the reporting unit, where the page names it


def history_records(records) -> list:
    """A historical model's queryset oldest first, with who made each change: what history_entries reads."""
    return list(records.select_related("history_user").order_by("history_date", "history_id"))


def history_entries(
    records: list,
    columns: Iterable[Column],
    *,
    slot: Callable[[Any], str],
    unit: Callable[[Any], str] | None = None,
) -> list[HistoryEntry]:
    """The records of history_records() as entries, newest first."""
    columns = list(columns)
    names = [name for column in columns for name in column.fields]
    entries, previous = [], {}
    for record in records:
        key = getattr(record, record.instance_type._meta.pk.attname)
        before = previous.get(key)
        if before is None:
            changed = set(names)
        else:
            changed = {change.field for change in record.diff_against(before, included_fields=names).changes}
        changes = [
            line
            for column in columns
            if changed.intersection(column.fields)
            for line in column.changes(before, record)
        ]
        user = record.history_user
        who = (user.get_full_name() or user.username) if user else "系统"
        entries.append(
            HistoryEntry(
                record.history_date,
                who,
                record.history_change_reason or "",
                slot(record),
                changes,
                unit(record) if unit else "",
            )
        )
        previous[key] = record
    return entries[::-1]
