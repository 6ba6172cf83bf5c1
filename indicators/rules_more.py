"""The target language's kinds beyond the seed's six (strict, equal, range, several conditions, change against the
baseline, margin over a series, keeping pace, direction only, assigned later, qualitative), judged one Chinese
reason per outcome, and describe(rule): what a rule means, in one line, for the sheet preview.

Pure Python like indicators/rules.py, which calls evaluate_more() for these kinds.
"""

from decimal import ROUND_HALF_UP, Decimal

from indicators.rules import (
    DEFAULT_PACE_TOLERANCE,
    DEFAULT_TOLERANCE,
    Evaluation,
    Kind,
    Rule,
    Status,
    _diff,
    _qty,
    evaluate,
)

HUNDRED = Decimal(100)
# The worse status wins when several conditions are judged together.
_SEVERITY = [
    Status.MET,
    Status.NEARLY_MET,
    Status.NO_VALUE,
    Status.PENDING,
    Status.STRIVE_NOT_MET,
    Status.NOT_MET,
]
_VERB = {"up": "高于", "down": "低于"}
_CHANGE_WORDS = {"pct_up": "提高", "pct_down": "下降", "pp_up": "提高", "pp_down": "下降"}


def _cents(d: Decimal) -> Decimal:
    return d.quantize(Decimal("0.01"), ROUND_HALF_UP)


def change_goal(rule: Rule, baseline: Decimal) -> Decimal:
    """The level a CHANGE rule asks for: ×2 of 12 is 24; 下降13.5% of 0.4 is 0.346; 提高5个百分点 of 30 is 35."""
    amount = rule.target
    assert amount is not None
    return {
        "times": baseline * amount,
        "pct_up": baseline * (1 + amount / HUNDRED),
        "pct_down": baseline * (1 - amount / HUNDRED),
        "pp_up": baseline + amount,
        "pp_down": baseline - amount,
    }[rule.mode]


def _change_text(rule: Rule) -> str:
    amount = rule.target
    assert amount is not None
    if rule.mode == "times":
        return {Decimal(2): "翻一番", Decimal(4): "翻两番"}.get(amount, f"达到基数的 {amount} 倍")
    unit = "%" if rule.mode.startswith("pct") else (" 个百分点" if rule.unit == "%" else rule.unit)
    return f"比基数{_CHANGE_WORDS[rule.mode]} {amount}{unit}"


def judged(rule: Rule) -> Evaluation:
    """A qualitative target: the coordinator's judgement, pending until there is one."""
    if not rule.judgement:
        return Evaluation(Status.PENDING, f"定性目标“{rule.source_text or '定性'}”，待协调员评估")
    return Evaluation(
        Status(rule.judgement), f"协调员评估：{rule.judgement_reason or Status(rule.judgement).label}"
    )


def evaluate_more(
    rule: Rule,
    value: Decimal,
    *,
    rank: int | None,
    reference: Decimal | None,
    baseline: Decimal | None,
    previous: Decimal | None,
) -> Evaluation:
    unit, done = rule.unit, _qty(value, rule.unit)
    kind = rule.kind
    if kind is Kind.JUDGED:
        return judged(rule)
    if kind is Kind.ALL:
        results = [
            evaluate(part, value, rank=rank, reference=reference, baseline=baseline, previous=previous)
            for part in rule.parts
        ]
        worst = max(results, key=lambda e: _SEVERITY.index(e.status))
        return Evaluation(worst.status, "；".join(e.reason for e in results))
    if kind is Kind.RELATIVE:
        return _relative(rule, value, reference)
    if kind is Kind.PACE:
        return _pace(rule, value, reference)
    if kind is Kind.DIRECTION:
        return _direction(rule, value, previous)
    if kind is Kind.ASSIGNED:
        if rule.target is None:
            return Evaluation(
                Status.PENDING, f"完成 {done}，{rule.source_text or '上级下达目标'}尚未下达具体数值，待评估"
            )
        as_rule = Rule(Kind.AT_MOST if rule.direction == "down" else Kind.AT_LEAST, rule.target, unit=unit)
        result = evaluate(as_rule, value)
        return Evaluation(result.status, f"下达目标：{result.reason}")
    if kind is Kind.CHANGE:
        if baseline is None:
            return Evaluation(
                Status.PENDING, f"完成 {done}，缺少基数，无法判断是否{_change_text(rule)}，待评估"
            )
        goal = change_goal(rule, baseline)
        down = rule.mode.endswith("_down")
        met = value <= goal if down else value >= goal
        head = f"完成 {done}，基数 {_qty(baseline, unit)}，目标{_change_text(rule)}即{'不高于' if down else '不低于'} {_qty(_cents(goal), unit)}"
        if met:
            return Evaluation(Status.MET, f"{head}，已实现")
        return Evaluation(Status.NOT_MET, f"{head}，差 {_diff(_cents(abs(value - goal)), unit)}")
    assert rule.target is not None
    target, gap = _qty(rule.target, unit), value - rule.target
    if kind is Kind.GREATER:
        if gap > 0:
            return Evaluation(Status.MET, f"完成 {done}，目标大于 {target}，超出 {_diff(gap, unit)}")
        if gap == 0:
            return Evaluation(Status.NOT_MET, f"完成 {done}，等于 {target}，目标须大于 {target}")
        return Evaluation(Status.NOT_MET, f"完成 {done}，目标大于 {target}，差 {_diff(-gap, unit)}")
    if kind is Kind.LESS:
        if gap < 0:
            return Evaluation(Status.MET, f"完成 {done}，目标小于 {target}，低 {_diff(-gap, unit)}")
        if gap == 0:
            return Evaluation(Status.NOT_MET, f"完成 {done}，等于 {target}，目标须小于 {target}")
        return Evaluation(Status.NOT_MET, f"完成 {done}，目标小于 {target}，超出 {_diff(gap, unit)}")
    if kind is Kind.EQUAL:
        if gap == 0:
            return Evaluation(Status.MET, f"完成 {done}，等于目标 {target}")
        return Evaluation(Status.NOT_MET, f"完成 {done}，目标为 {target}，相差 {_diff(abs(gap), unit)}")
    if kind is Kind.RANGE:
        assert rule.upper is not None
        band = f"{fmt_range(rule)}"
        if value < rule.target:
            return Evaluation(Status.NOT_MET, f"完成 {done}，低于目标区间 {band} 下限 {_diff(-gap, unit)}")
        if value > rule.upper:
            return Evaluation(
                Status.NOT_MET, f"完成 {done}，高于目标区间 {band} 上限 {_diff(value - rule.upper, unit)}"
            )
        return Evaluation(Status.MET, f"完成 {done}，在目标区间 {band} 内")
    raise ValueError(f"no evaluation for kind {kind}")  # pragma: no cover - every Kind is handled


def fmt_range(rule: Rule) -> str:
    assert rule.target is not None and rule.upper is not None
    return f"{_qty(rule.target, '')}～{_qty(rule.upper, rule.unit)}"


def _relative(rule: Rule, value: Decimal, reference: Decimal | None) -> Evaluation:
    unit, done, name = rule.unit, _qty(value, rule.unit), rule.reference_name or "参照序列"
    if reference is None:
        return Evaluation(Status.PENDING, f"完成 {done}，缺少{name}，待评估")
    verb = _VERB[rule.direction]
    gap = value - reference if rule.direction == "up" else reference - value
    head = f"完成 {done}，{name} {_qty(reference, unit)}"
    shown = _diff(abs(value - reference), unit)
    if rule.margin is None:
        if gap > 0:
            return Evaluation(Status.MET, f"{head}，{verb}参照 {shown}")
        if gap == 0:
            return Evaluation(Status.NOT_MET, f"{head}，与参照持平，未{verb}")
        return Evaluation(Status.NOT_MET, f"{head}，未{verb}参照（差 {shown}）")
    need = _diff(rule.margin, unit)
    if gap >= rule.margin:
        return Evaluation(Status.MET, f"{head}，{verb}参照 {shown}，达到 {need}以上")
    return Evaluation(Status.NOT_MET, f"{head}，须{verb}参照 {need}以上，差 {_diff(rule.margin - gap, unit)}")


def _pace(rule: Rule, value: Decimal, reference: Decimal | None) -> Evaluation:
    unit, done, name = rule.unit, _qty(value, rule.unit), rule.reference_name or "参照序列"
    if reference is None:
        return Evaluation(Status.PENDING, f"完成 {done}，缺少{name}，待评估")
    allowed = DEFAULT_PACE_TOLERANCE if rule.tolerance is None else rule.tolerance
    gap = value - reference
    head = f"完成 {done}，{name} {_qty(reference, unit)}"
    if gap >= 0:
        return Evaluation(Status.MET, f"{head}，不低于参照，保持同步")
    if -gap <= allowed:
        return Evaluation(
            Status.MET, f"{head}，低 {_diff(-gap, unit)}，在容差 {_diff(allowed, unit)} 内，保持同步"
        )
    return Evaluation(
        Status.NOT_MET, f"{head}，低 {_diff(-gap, unit)}，超出容差 {_diff(allowed, unit)}，未保持同步"
    )


def _direction(rule: Rule, value: Decimal, previous: Decimal | None) -> Evaluation:
    unit, done = rule.unit, _qty(value, rule.unit)
    word = "下降" if rule.direction == "down" else "提升"
    if previous is None:
        return Evaluation(Status.PENDING, f"完成 {done}，缺少上年值，无法判断是否持续{word}，待评估")
    gap = value - previous if rule.direction == "up" else previous - value
    head = f"完成 {done}，上年 {_qty(previous, unit)}"
    if gap > 0:
        return Evaluation(Status.MET, f"{head}，比上年{word} {_diff(abs(value - previous), unit)}")
    if gap == 0:
        return Evaluation(Status.NOT_MET, f"{head}，与上年持平，未{word}")
    return Evaluation(
        Status.NOT_MET,
        f"{head}，比上年{'上升' if rule.direction == 'down' else '下降'} {_diff(abs(gap), unit)}，未{word}",
    )


def describe(rule: Rule) -> str:
    """What a rule means, in one line of Chinese: ">75 → 大于 75，等于 75 不达标"."""
    head = f"{rule.source_text} → " if rule.source_text else ""
    return head + _meaning(rule)


def _meaning(rule: Rule) -> str:
    k, unit = rule.kind, rule.unit
    t = _qty(rule.target, unit) if rule.target is not None else ""
    name = rule.reference_name or "参照序列"
    if k is Kind.AT_LEAST:
        return f"不低于 {t}，等于 {t} 即达标"
    if k is Kind.AT_MOST:
        return f"不高于 {t}，等于 {t} 即达标"
    if k is Kind.APPROX:
        allowed = DEFAULT_TOLERANCE if rule.tolerance is None else rule.tolerance
        return f"{t} 左右：达到 {t} 达标，低于不超过 {_cents(allowed * HUNDRED)}% 为基本达标"
    if k is Kind.STRIVE:
        return f"力争 {t}：达到为已达标，未达到为力争未达（不算未达标）"
    if k is Kind.LEADING:
        return "排名全市第 1 为达标，须录入排名"
    if k is Kind.GREATER:
        return f"大于 {t}，等于 {t} 不达标"
    if k is Kind.LESS:
        return f"小于 {t}，等于 {t} 不达标"
    if k is Kind.EQUAL:
        return f"等于 {t} 为达标，其余均不达标"
    if k is Kind.RANGE:
        return f"在 {fmt_range(rule)} 之间（含两端）为达标"
    if k is Kind.ALL:
        return "同时满足：" + "；".join(_meaning(p) for p in rule.parts)
    if k is Kind.CHANGE:
        return f"{_change_text(rule)}（以指标基数计算，规划期累计）"
    if k is Kind.RELATIVE:
        verb = _VERB[rule.direction]
        if rule.margin is None:
            return f"{verb}同期{name}（持平不达标）"
        return f"{verb}同期{name} {_diff(rule.margin, unit)}以上（恰好 {_diff(rule.margin, unit)} 达标）"
    if k is Kind.PACE:
        allowed = DEFAULT_PACE_TOLERANCE if rule.tolerance is None else rule.tolerance
        return f"与同期{name}保持同步：不低于参照，或低于不超过 {_diff(allowed, unit)}"
    if k is Kind.DIRECTION:
        return f"每年比上年{'下降' if rule.direction == 'down' else '提升'}，持平不达标"
    if k is Kind.ASSIGNED:
        if rule.target is None:
            return "完成上级下达的目标：下达数值录入前为待评估"
        return f"完成上级下达的目标 {t}（{'不高于' if rule.direction == 'down' else '不低于'}）"
    return "定性目标，由协调员评估并说明理由"
