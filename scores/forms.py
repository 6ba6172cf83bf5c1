from decimal import Decimal

from django import forms

from departments.models import Department


class AdjustmentForm(forms.Form):
    """调整得分: which unit, how many points (−20 … 20, 0 undoes it) and why."""

    year = forms.IntegerField(widget=forms.HiddenInput)
    plan = forms.CharField(widget=forms.HiddenInput, required=False)
    department = forms.ModelChoiceField(
        label="责任单位",
        queryset=Department.objects.all(),
        to_field_name="code",
        error_messages={"invalid_choice": "请选择列表中的责任单位。", "required": "请选择责任单位。"},
    )
    points = forms.DecimalField(
        label="调整分值",
        min_value=Decimal(-20),
        max_value=Decimal(20),
        decimal_places=1,
        max_digits=4,
        help_text="加分为正、减分为负；填 0 即取消调整",
        error_messages={
            "required": "请填写调整分值。",
            "invalid": "调整分值须是数字，如 2 或 -1.5。",
            "min_value": "调整分值不能低于 -20 分。",
            "max_value": "调整分值不能超过 20 分。",
            "max_decimal_places": "调整分值最多一位小数。",
            "max_digits": "调整分值须在 -20 至 20 分之间。",
        },
    )
    reason = forms.CharField(
        label="调整理由",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "请填写调整理由。", "max_length": "调整理由最多 500 字。"},
    )
