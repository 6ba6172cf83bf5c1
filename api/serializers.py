"""What each endpoint returns, field by field: the OpenAPI schema and the output are the same classes. Values
and targets are decimal strings ("34.5"), dates ISO 8601, and every code has its Chinese label beside it."""

from rest_framework import serializers as s


def Decimal(**kw):  # noqa: N802  (reads like a field class)
    return s.CharField(allow_null=True, help_text=kw.pop("help_text", "十进制数，字符串"), **kw)


class CategorySerializer(s.Serializer):
    name = s.CharField(help_text="一级指标")
    sort_order = s.IntegerField()


class PlanSerializer(s.Serializer):
    code = s.CharField()
    name = s.CharField()
    short_name = s.CharField()
    issuer = s.CharField()
    issued_on = s.DateField(allow_null=True)
    baseline_year = s.IntegerField()
    years = s.ListField(child=s.IntegerField())
    status = s.CharField()
    status_label = s.CharField()


class PlanDetailSerializer(PlanSerializer):
    categories = CategorySerializer(many=True)


class DepartmentSerializer(s.Serializer):
    code = s.CharField()
    name = s.CharField()
    short_name = s.CharField()
    lead = s.BooleanField(help_text="牵头（报送）单位")


class TargetSerializer(s.Serializer):
    year = s.IntegerField()
    kind = s.CharField()
    kind_label = s.CharField()
    value = Decimal()
    adjusted_value = Decimal(help_text="调整后目标值（原目标值不变）")
    source_text = s.CharField(help_text="附件原文")


class IndicatorSerializer(s.Serializer):
    number = s.IntegerField()
    display_number = s.CharField(help_text="附件中的序号：“10”，子指标为“10.1”（其 number 为 10）")
    code = s.CharField()
    name = s.CharField()
    unit = s.CharField()
    mark = s.CharField(help_text="附件中的“△”标记")
    category = s.CharField()
    baseline = Decimal()
    baseline_text = s.CharField()
    departments = DepartmentSerializer(many=True)
    targets = TargetSerializer(many=True)


class PaceSerializer(s.Serializer):
    expected = Decimal(help_text="序时进度")
    projection = Decimal(help_text="按当前进度的全年预计值")
    on_track = s.BooleanField()
    reason = s.CharField()


class StandingSerializer(s.Serializer):
    number = s.IntegerField()
    display_number = s.CharField(help_text="附件中的序号：“10”，子指标为“10.1”")
    name = s.CharField()
    unit = s.CharField()
    category = s.CharField()
    lead = s.CharField(help_text="牵头单位代码")
    lead_name = s.CharField()
    target = TargetSerializer(allow_null=True)
    value = Decimal(help_text="完成值；令牌只见已审核的值")
    rank = s.IntegerField(allow_null=True)
    standing = s.CharField(help_text="met、not_met、missing …")
    standing_label = s.CharField(help_text="已达标、未达标、未报送 …")
    reason = s.CharField()
    pace = PaceSerializer(allow_null=True, help_text="年内期间的序时进度")


class StandingsSerializer(s.Serializer):
    plan = s.CharField()
    year = s.IntegerField()
    period = s.CharField()
    period_label = s.CharField()
    counts = s.DictField(child=s.IntegerField(), help_text="各状态（中文）的指标数")
    summary = s.CharField(help_text="通报段落；令牌读取时为空")
    indicators = StandingSerializer(many=True)


class FigureSerializer(s.Serializer):
    indicator = s.IntegerField(help_text="指标序号")
    indicator_name = s.CharField()
    unit = s.CharField()
    lead = s.CharField()
    year = s.IntegerField()
    period = s.CharField()
    period_label = s.CharField()
    value = Decimal()
    rank = s.IntegerField(allow_null=True)
    status = s.CharField()
    status_label = s.CharField()
    explanation = s.CharField(allow_null=True, help_text="说明；令牌读取时为 null")
    updated_at = s.DateTimeField()


class FigurePageSerializer(s.Serializer):
    count = s.IntegerField()
    page = s.IntegerField()
    pages = s.IntegerField()
    next = s.CharField(allow_null=True)
    previous = s.CharField(allow_null=True)
    results = FigureSerializer(many=True)


class CommitmentSerializer(s.Serializer):
    text = s.CharField()
    label = s.CharField()
    value = Decimal()
    percent = s.IntegerField(allow_null=True, help_text="完成目标的百分比")
    state = s.CharField()
    state_label = s.CharField()
    reason = s.CharField()


class UnitSerializer(s.Serializer):
    code = s.CharField()
    name = s.CharField()
    reported = s.BooleanField()
    status = s.CharField()
    status_label = s.CharField()


class TaskSerializer(s.Serializer):
    number = s.CharField()
    title = s.CharField()
    chapter = s.CharField()
    status = s.CharField()
    status_label = s.CharField()
    commitments = CommitmentSerializer(many=True)
    units = UnitSerializer(many=True)


class TasksSerializer(s.Serializer):
    plan = s.CharField()
    year = s.IntegerField()
    period = s.CharField()
    period_label = s.CharField()
    tasks = TaskSerializer(many=True)


class ErrorSerializer(s.Serializer):
    detail = s.CharField()
