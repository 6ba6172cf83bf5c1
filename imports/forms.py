from django import forms

from core.forms import upload_within_limit
from plans.selectors import plan_list, years_all


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Excel 文件",
        help_text="支持 .xlsx、.xls、.ods 与 .csv（UTF-8 或 GBK 编码）；不接受含宏的文件。",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.ods,.csv"}),
        error_messages={"required": "请选择要上传的文件。", "empty": "文件是空的。"},
    )

    plan = forms.ChoiceField(
        label="规划",
        required=False,
        help_text="系统生成的模板已标注规划，无需选择；其他文件（每行一个指标、年度的长表）的各行归入所选规划，"
        "不选则归入包含该行年度的最新规划。",
        error_messages={"invalid_choice": "没有这个规划，请从列表中选择。"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].choices = [
            ("", "按文件：模板标注的规划，否则包含该年度的最新规划"),
            *((p.code, f"{p.name}（{p.span_label}）") for p in plan_list()),
        ]

    def clean_file(self):
        return upload_within_limit(self.cleaned_data["file"])


class TemplateForm(forms.Form):
    year = forms.TypedChoiceField(label="年度", coerce=int)
    department = forms.ChoiceField(label="责任部门", required=False)
    plan = forms.ChoiceField(label="规划", required=False)

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, f"{y}年") for y in years_all()]
        self.fields["plan"].choices = [("", "包含该年度的最新规划"), *((p.code, p.name) for p in plan_list())]
        self.fields["department"].choices = [("", "全部部门"), *((d.code, d.name) for d in departments)]
