"""Forms check the shape of what people type; the rules (misses need explanations …) live in services."""

from datetime import date

from django import forms
from django.utils import timezone

from core.params import PAGE_MAX, IntegerField, QueryForm, YearField
from core.values import ValueParseError, parse_value
from indicators.models import PERIOD_END, PERIOD_ORDER, Figure, Indicator, Period, Target
from indicators.services import FigureInput

MAX_PLACES = 4  # the database keeps four decimal places


def later_periods(year: int, period: str, today: date, years_ahead: int = 2) -> list[tuple[str, str]]:
    """Choices for "预计何时赶上": the periods after (year, period) that have not ended by today, up to the end
    of two years later (of next year, for a figure entered late)."""
    choices = []
    for y in range(year, max(year + years_ahead, today.year + 1) + 1):
        for p in PERIOD_ORDER:
            later = (y, PERIOD_ORDER.index(p)) > (year, PERIOD_ORDER.index(period))
            if later and date(y, *PERIOD_END[p]) >= today:
                choices.append((f"{y}-{p}", f"{y}年{Period(p).label}"))
    return choices


class DecimalTextField(forms.CharField):
    """A number as people type it: "35.2%", "３５．２", "1,234"."""

    def to_python(self, value):
        text = super().to_python(value)
        try:
            number = parse_value(text)
        except ValueParseError as e:
            raise forms.ValidationError(f"完成值{e}，请填写数字，如 35.2") from None
        if number is not None and -number.as_tuple().exponent > MAX_PLACES:
            raise forms.ValidationError(f"完成值最多保留 {MAX_PLACES} 位小数")
        return number


class FigureForm(forms.Form):
    value = DecimalTextField(label="完成值", required=False)
    rank = IntegerField(label="在无锡各市（县）区中的排名", required=False, min_value=1, max_value=20)
    explanation = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    miss_cause = forms.ChoiceField(
        label="未达标原因类别", required=False, choices=[("", "—— 请选择 ——"), *Figure.MissCause.choices]
    )
    remedy = forms.CharField(label="整改措施", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    catch_up = forms.ChoiceField(label="预计赶上的期间", required=False)
    catch_up_result = forms.ChoiceField(
        label="上期预计赶上的目标是否实现",
        required=False,
        choices=[("", "—— 请选择 ——"), *Figure.CatchUp.choices],
    )
    version = IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, indicator: Indicator, target: Target | None, year: int, period: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["value"].label = f"完成值（{indicator.unit}）" if indicator.unit else "完成值"
        self.fields["value"].widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})
        self.fields["catch_up"].choices = [
            ("", "—— 请选择 ——"),
            *later_periods(year, period, timezone.localdate()),
        ]
        if target is None or target.kind != Target.Kind.LEADING:
            del self.fields["rank"]

    @staticmethod
    def initial_for(figure: Figure | None) -> dict:
        if figure is None:
            return {"version": 0}
        catch_up = f"{figure.catch_up_year}-{figure.catch_up_period}" if figure.catch_up_year else ""
        fields = ("value", "rank", "explanation", "miss_cause", "remedy", "catch_up_result", "version")
        return {**{f: getattr(figure, f) for f in fields}, "catch_up": catch_up}

    def to_input(self) -> FigureInput:
        data = self.cleaned_data
        year, _, period = (data.get("catch_up") or "").partition("-")
        return FigureInput(
            value=data.get("value"),
            rank=data.get("rank"),
            explanation=data.get("explanation", ""),
            miss_cause=data.get("miss_cause", ""),
            remedy=data.get("remedy", ""),
            catch_up_year=int(year) if year else None,
            catch_up_period=period,
            catch_up_result=data.get("catch_up_result", ""),
        )


class ReasonForm(forms.Form):
    """The reason the coordinator gives when returning or reopening a figure, or adjusting a target."""

    reason = forms.CharField(label="原因", widget=forms.Textarea(attrs={"rows": 2}), max_length=500)
    version = IntegerField(widget=forms.HiddenInput, required=False)


class CommentForm(forms.Form):
    text = forms.CharField(label="意见", widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)


class PeriodQuery(QueryForm):
    """?plan=&year=&period= of the dashboard and its downloads; which plan covers the year, and whether the
    year is the plan's, is for the view to say."""

    plan = forms.CharField(required=False, initial="")
    year = YearField(required=False)
    period = forms.ChoiceField(choices=Period.choices, required=False, initial=Period.YEAR)


class DashboardQuery(PeriodQuery):
    """…&department=&category=&standing=&page= of the dashboard; the dashboard knows which filters exist."""

    department = forms.CharField(required=False, initial="")
    category = forms.CharField(required=False, initial="")
    standing = forms.CharField(required=False, initial="")
    page = IntegerField(min_value=1, max_value=PAGE_MAX, required=False, initial=1)


class ReviewQuery(QueryForm):
    """?department=&year=&period=&status= of the review queue (status "all" shows every status)."""

    department = forms.ChoiceField(required=False, initial="")
    year = YearField(required=False)
    period = forms.ChoiceField(choices=Period.choices, required=False, initial="")
    status = forms.ChoiceField(required=False, initial=Figure.Status.SUBMITTED)

    def __init__(self, data, *, departments, all_statuses: str):
        super().__init__(data)
        self.fields["department"].choices = [(d.code, d.name) for d in departments]
        self.fields["status"].choices = [*Figure.Status.choices, (all_statuses, "全部")]
