"""The 督办单 forms: shape only (lengths, dates, numbers people type); the rules live in supervision/services.py."""

from django import forms

from core.params import IntegerField, YearField
from indicators.models import Period
from supervision.services import AnswerInput

TEXT_LIMIT = 5000


def _text(label: str, rows: int, required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": rows})
    )


class IssueForm(forms.Form):
    item = forms.CharField(widget=forms.HiddenInput, max_length=80)
    facts = _text("存在问题", 4)
    requirement = _text("督办要求", 4)
    reply_by = forms.DateField(
        label="答复期限",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "请填写有效日期，如 2026-01-31", "required": "请填写答复期限。"},
    )


class AnswerForm(forms.Form):
    version = IntegerField(widget=forms.HiddenInput)
    rectification = _text("整改情况", 5)
    measures = _text("整改措施", 4)
    catch_up_year = YearField(
        label="预计赶上年度", required=False, error_messages={"invalid": "请填写四位年份，如 2026"}
    )
    catch_up_period = forms.ChoiceField(
        label="预计赶上期间", required=False, choices=[("", "—"), *Period.choices]
    )
    attachments = _text("附件说明", 3)

    def to_input(self) -> AnswerInput:
        data = self.cleaned_data
        return AnswerInput(
            rectification=data["rectification"],
            measures=data["measures"],
            catch_up_year=data["catch_up_year"],
            catch_up_period=data["catch_up_period"],
            attachments=data["attachments"],
        )


class ReviewForm(forms.Form):
    version = IntegerField(required=False, widget=forms.HiddenInput)
    reason = forms.CharField(
        label="退回原因", required=False, max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 2})
    )
