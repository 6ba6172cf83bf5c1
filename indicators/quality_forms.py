"""数据质量 on the forms people use: the admin forms of the rules and the entry form's 已核实 confirmation."""

from dataclasses import replace

from django import forms
from django.core.exceptions import ValidationError

from indicators.forms import FigureForm
from indicators.models import CrossRule, Figure, Indicator, QualityRule
from indicators.quality import _PLACEHOLDER, PERIODS, Finding
from indicators.quality_expr import ExprError, parse
from indicators.quality_inputs import figure_findings, findings_text
from indicators.rules import fmt

NOTE_MAX = 200
CONFIRM_MESSAGE = "完成值有数据质量提示，请核实后勾选“已核实”并简要说明核实情况（保存草稿无须核实）。"


class QualityRuleForm(forms.ModelForm):
    class Meta:
        model = QualityRule
        fields = ["indicator", *QualityRule.RULE_FIELDS]

    def clean(self):
        data = super().clean()
        for kind, label in (("valid", "有效范围"), ("plausible", "常见范围")):
            low, high = data.get(f"{kind}_min"), data.get(f"{kind}_max")
            if low is not None and high is not None and low > high:
                self.add_error(f"{kind}_max", f"{label}上限 {fmt(high)} 小于下限 {fmt(low)}")
        for end, outside in (("min", lambda p, v: p < v), ("max", lambda p, v: p > v)):
            inner, outer = data.get(f"plausible_{end}"), data.get(f"valid_{end}")
            if inner is not None and outer is not None and outside(inner, outer):
                self.add_error(f"plausible_{end}", f"常见范围 {fmt(inner)} 超出有效范围 {fmt(outer)}")
        ratio = data.get("ratio")
        if ratio is not None and ratio <= 1:
            self.add_error("ratio", f"异常倍数应大于 1，实为 {fmt(ratio)}")
        return data


class CrossRuleForm(forms.ModelForm):
    class Meta:
        model = CrossRule
        fields = ["plan", "code", "expression", "message", "level", "periods"]

    def clean_periods(self):
        periods = [p.strip() for p in self.cleaned_data["periods"].replace("，", ",").split(",") if p.strip()]
        if not periods or not set(periods) <= set(PERIODS):
            raise ValidationError(f"适用期间应为 {', '.join(PERIODS)} 中的一项或几项，用逗号分隔")
        return ",".join(p for p in PERIODS if p in periods)

    def clean(self):
        data = super().clean()
        source, plan = data.get("expression"), data.get("plan")
        if not source:
            return data
        try:
            expr = parse(source)
        except ExprError as e:
            self.add_error("expression", f"条件“{source}”{e}")
            return data
        if plan is not None:
            codes = set(Indicator.objects.filter(plan=plan).values_list("code", flat=True))
            if unknown := sorted(expr.refs - codes):
                self.add_error(
                    "expression", f"条件引用的 {'、'.join('#' + c for c in unknown)} 不是该规划的指标"
                )
        if unused := sorted(set(_PLACEHOLDER.findall(data.get("message") or "")) - expr.refs):
            self.add_error(
                "message", f"提示语中的 {'、'.join('{#' + c + '}' for c in unused)} 未出现在条件中"
            )
        return data


class QualityFigureForm(FigureForm):
    """The figure form with the 已核实 confirmation of the value's 数据质量 warnings."""

    quality_confirmed = forms.BooleanField(label="已核实", required=False)
    quality_note = forms.CharField(
        label="核实说明", required=False, max_length=NOTE_MAX, widget=forms.TextInput(attrs={"size": 40})
    )

    @staticmethod
    def initial_for(figure: Figure | None) -> dict:
        initial = FigureForm.initial_for(figure)
        if figure is not None:
            initial |= {"quality_note": figure.quality_note, "quality_confirmed": bool(figure.quality_note)}
        return initial

    def __init__(self, *args, indicator, year: int, period: str, **kwargs):
        super().__init__(*args, indicator=indicator, year=year, period=period, **kwargs)
        self.slot = (indicator, year, period)
        self.findings: list[Finding] = []

    def clean(self):
        """Hard findings refuse the value; soft ones must be confirmed (已核实 and a note) to submit."""
        data = super().clean()
        if "value" in self.errors or data.get("value") is None:
            return data
        self.findings = figure_findings(*self.slot, data["value"])
        for finding in self.findings:
            if finding.blocks:
                self.add_error("value", finding.message)
        submit = "submit" in self.data
        confirmed = data.get("quality_confirmed") and (data.get("quality_note") or "").strip()
        if submit and self.soft and not confirmed and "value" not in self.errors:
            self.add_error("quality_note", CONFIRM_MESSAGE)
        return data

    @property
    def soft(self) -> list[Finding]:
        return [f for f in self.findings if not f.blocks]

    def to_input(self):
        data = self.cleaned_data
        return replace(
            super().to_input(),
            quality_confirmed=bool(data.get("quality_confirmed")),
            quality_note=(data.get("quality_note") or "").strip(),
            quality_findings=findings_text(self.soft),
        )


def quality_shown(form: QualityFigureForm, figure: Figure | None) -> list[Finding]:
    """The warnings beside the assessment: of the posted value, else of the stored one."""
    if form.is_bound:
        return form.soft
    if figure is None or figure.value is None:
        return []
    return [
        f for f in figure_findings(figure.indicator, figure.year, figure.period, figure.value) if not f.blocks
    ]
