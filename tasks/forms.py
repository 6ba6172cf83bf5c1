"""The progress report form: shape only (numbers people type, lengths); the rules live in tasks/services.py."""

from collections.abc import Sequence

from django import forms

from core.params import IntegerField
from core.values import ValueParseError, parse_value
from tasks.models import Commitment, ProgressReport, Task
from tasks.services import ReportInput, asked_commitments

TEXT_LIMIT = 5000
MAX_PLACES = 4  # the database keeps four decimal places


class NumberField(forms.CharField):
    """A number as people type it ("12", "３５．５", "1,234"); never negative."""

    def to_python(self, value):
        try:
            number = parse_value(super().to_python(value))
        except ValueParseError as e:
            raise forms.ValidationError(f"完成数{e}，请填写数字，如 12") from None
        if number is not None and number < 0:
            raise forms.ValidationError("完成数不能为负数")
        if number is not None and -number.as_tuple().exponent > MAX_PLACES:
            raise forms.ValidationError(f"完成数最多保留 {MAX_PLACES} 位小数")
        return number


class ReportForm(forms.Form):
    progress = forms.CharField(
        label="工作进展", required=False, max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 6})
    )
    problems = forms.CharField(
        label="存在问题", required=False, max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 3})
    )
    next_steps = forms.CharField(
        label="下步打算", required=False, max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, task: Task, department, goals: Sequence[Commitment] = (), **kwargs):
        """One number field ("c<id>") per commitment of the task asked of the unit (services.asked_commitments)
        and per chapter goal it reports on it (`goals`, from tasks.chapter_goals.goals_reported_on); the task's
        other commitments (`others`: its lead's, or read from an indicator) are shown, never read."""
        super().__init__(*args, **kwargs)
        self.commitments = asked_commitments(task, department)
        self.others = [c for c in task.commitments.all() if c not in self.commitments]
        self.goals = list(goals)
        for c in self.commitments + self.goals:
            field = NumberField(label=c.name, required=False)
            field.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})
            field.commitment = c
            field.is_led = c.lead_id == department.pk
            self.fields[f"c{c.pk}"] = field

    @property
    def number_fields(self) -> list:
        return [self[f"c{c.pk}"] for c in self.commitments]

    @property
    def goal_fields(self) -> list:
        return [self[f"c{c.pk}"] for c in self.goals]

    @staticmethod
    def initial_for(report: ProgressReport | None, previous: ProgressReport | None = None) -> dict:
        """The form's start: the report, else (batch page) the text of the unit's previous report to edit."""
        if report is None:
            if previous is None:
                return {"version": 0}
            texts = ("progress", "problems", "next_steps")
            return {"version": 0, **{name: getattr(previous, name) for name in texts}}
        numbers = {f"c{pk}": value for pk, value in report.numbers.items()}
        return {
            "progress": report.progress,
            "problems": report.problems,
            "next_steps": report.next_steps,
            "version": report.version,
            **numbers,
        }

    def to_input(self) -> ReportInput:
        data = self.cleaned_data
        return ReportInput(
            progress=data.get("progress", ""),
            problems=data.get("problems", ""),
            next_steps=data.get("next_steps", ""),
            numbers={c.pk: data.get(f"c{c.pk}") for c in self.commitments + self.goals},
        )
