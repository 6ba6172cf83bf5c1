import re

from django import forms

from core.forms import upload_within_limit
from plans.sheet_choice import chosen_target


class PlanSheetForm(forms.Form):
    """The appendix workbook and what the sheet does not say (see plans.sheet_reader.sheet_read)."""

    file = forms.FileField(
        label="附件表格",
        help_text="Excel 工作簿（.xlsx、.xls）或 CSV：标题行，表头含序号、指标，以及单位、属性、基数年、"
        "各年目标或“十五五”目标、责任部门等列（顺序不限，可缺省的列见说明）。",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.csv"}),
        error_messages={"required": "请选择附件表格。", "empty": "文件是空的。"},
    )
    code = forms.CharField(
        label="规划代码",
        max_length=30,
        help_text="小写字母开头的字母、数字、-、_，如 mfg2026；已有的代码会更新该规划。",
        error_messages={"required": "请填写规划代码。"},
    )
    name = forms.CharField(label="规划名称", max_length=100, required=False, help_text="缺省为表格的标题行。")
    short_name = forms.CharField(
        label="简称",
        max_length=50,
        required=False,
        help_text="用于报表标题；缺省为名称去掉末尾的“主要指标”“工作任务”“行动方案”“规划”。",
    )
    issuer = forms.CharField(label="印发机关", max_length=100, required=False)
    issued_on = forms.DateField(
        label="印发日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "请填写有效的日期，如 2026-03-31。"},
    )
    create_departments = forms.BooleanField(
        label="新建未知的责任部门",
        required=False,
        help_text="表格中系统没有的责任部门新建为委办局（代码自动生成，可在系统管理中修改）；不勾选则列为错误。",
    )

    def clean_file(self):
        upload = upload_within_limit(self.cleaned_data["file"])
        if not upload.name.lower().endswith((".xlsx", ".xls", ".csv")):
            raise forms.ValidationError(
                "请上传 .xlsx、.xls 或 .csv 文件（可在 Excel 中另存为“Excel 工作簿”）。"
            )
        return upload

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if not re.fullmatch(r"[a-z][a-z0-9_-]*", code):
            raise forms.ValidationError("规划代码应为小写字母开头的字母、数字、-、_，如 mfg2026。")
        return code

    def options(self) -> dict:
        """The options as the session keeps them (JSON): the date as text."""
        data = self.cleaned_data
        options = {key: data[key].strip() for key in ("code", "name", "short_name", "issuer")}
        options["issued_on"] = data["issued_on"].isoformat() if data["issued_on"] else ""
        options["create_departments"] = data["create_departments"]
        return options


KIND_LABELS = {
    "at_least": "不低于（等于即达标）",
    "at_most": "不高于（等于即达标）",
    "greater": "大于（等于不达标）",
    "less": "小于（等于不达标）",
    "equal": "等于",
    "range": "区间（含两端）",
    "approx": "左右",
    "strive": "力争",
    "direction": "逐年向好（只有方向）",
    "assigned": "完成上级下达目标（下达后录入数值）",
    "judged": "定性（协调员评估）",
}


def _number(label: str) -> forms.DecimalField:
    """A threshold of a rule chosen by hand: optional, as the target's own decimals hold it."""
    return forms.DecimalField(
        label=label,
        required=False,
        max_digits=16,
        decimal_places=4,
        error_messages={
            "invalid": "请填写数字。",
            "max_digits": "数字过长。",
            "max_decimal_places": "至多 4 位小数。",
        },
    )


class RuleChoiceForm(forms.Form):
    """The rule chosen by hand for one target cell the target language cannot read (plans.sheet_choice)."""

    kind = forms.ChoiceField(
        label="规则", required=False, choices=[("", "（不选，仍为错误）"), *KIND_LABELS.items()]
    )
    value = _number("目标值")
    upper = _number("上限（区间）")
    direction = forms.ChoiceField(
        label="方向", required=False, choices=[("up", "越高越好"), ("down", "越低越好")]
    )

    def __init__(self, *args, cell: dict, **kwargs):
        self.cell = cell
        super().__init__(*args, prefix=f"c{cell['key']}", **kwargs)

    def clean(self):
        data = super().clean()
        if not data.get("kind") or self.errors:
            return data
        try:
            chosen_target(self.choice(), self.cell["unit"])
        except ValueError as e:
            raise forms.ValidationError(str(e)) from None
        return data

    def choice(self) -> dict:
        """As the session keeps it (JSON): numbers as text."""
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "value": "" if data.get("value") is None else str(data["value"]),
            "upper": "" if data.get("upper") is None else str(data["upper"]),
            "direction": data.get("direction") or "up",
        }
