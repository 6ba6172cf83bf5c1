"""The API's query parameters, read through forms (core/params.py's fields). Unlike the pages, which fall back
to a default, a malformed parameter is a 400 naming it: a machine should learn it asked for the wrong thing."""

from django import forms
from rest_framework.exceptions import APIException

from core.params import IntegerField, YearField
from departments.models import Department
from indicators.models import Period
from plans.models import Plan


class BadParameter(APIException):
    status_code = 400
    default_code = "bad_parameter"

    def __init__(self, name: str, message: str):
        super().__init__(f"查询参数“{name}”：{message}")
        self.parameter = name


class ApiQuery(forms.Form):
    def read(self, data) -> dict:
        """The cleaned parameters, or BadParameter for the first one that is malformed."""
        form = type(self)(data)
        if not form.is_valid():
            name, errors = next(iter(form.errors.items()))
            raise BadParameter(name, "；".join(errors))
        return form.cleaned_data


YEAR_ERRORS = {"invalid": "应为四位年份，如 2024", "min_value": "年份过小", "max_value": "年份过大"}
PERIOD_ERRORS = {"invalid_choice": "应为 " + "、".join(f"{v}（{label}）" for v, label in Period.choices)}


class PeriodQuery(ApiQuery):
    year = YearField(required=False, error_messages=YEAR_ERRORS)
    period = forms.ChoiceField(choices=Period.choices, required=False, error_messages=PERIOD_ERRORS)


class FigureQuery(PeriodQuery):
    department = forms.SlugField(
        required=False, max_length=30, error_messages={"invalid": "应为单位代码，如 swj"}
    )
    page = IntegerField(
        min_value=1, required=False, error_messages={"invalid": "应为正整数", "min_value": "应为正整数"}
    )

    def clean_department(self):
        code = self.cleaned_data["department"]
        if code and not Department.objects.filter(code=code).exists():
            raise forms.ValidationError(f"没有代码为“{code}”的单位")
        return code


def plan_year(plan: Plan, year: int | None, default: int) -> int:
    """The year asked for, which must be one of the plan's years; none asked: `default`."""
    if year is None:
        return default
    if not plan.covers(year):
        raise BadParameter("year", f"规划“{plan.name}”只包含 {plan.span_label}，不含 {year} 年")
    return year
