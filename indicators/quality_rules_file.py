"""The rules file: fixtures/plan/quality.yaml, parsed, checked entry by entry and turned into the QualityRules
that `indicators.quality.check` applies. Pure Python (no Django); every problem is reported at once, in Chinese,
naming its entry."""

from decimal import Decimal

from indicators.quality import (
    _PLACEHOLDER,
    DEFAULT_RATIO,
    PERIODS,
    CrossRule,
    Level,
    QualityRules,
    Range,
    SeriesRules,
)
from indicators.quality_expr import ExprError, parse
from indicators.rules import fmt


class QualityRulesError(ValueError):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


_SERIES_KEYS = {"code", "valid", "plausible", "whole", "signed", "cannot_fall", "ratio"}
_CROSS_KEYS = {"id", "expr", "level", "message", "periods"}


class _Reader:
    """Reads one YAML mapping, recording a Chinese message naming the entry for each problem."""

    def __init__(self, errors: list[str], where: str, data: object, keys: set[str]):
        self.errors, self.where = errors, where
        self.data = data if isinstance(data, dict) else {}
        if not isinstance(data, dict):
            self.error("应为键值映射")
        for key in sorted(set(self.data) - keys, key=str):
            self.error(f"未知的键“{key}”（可用：{'、'.join(sorted(keys))}）")

    def error(self, message: str) -> None:
        self.errors.append(f"{self.where}：{message}")

    def text(self, key: str, default: str | None = None) -> str:
        value = self.data.get(key, default)
        if not isinstance(value, str) or not value.strip():
            self.error(f"“{key}”应为非空文本" if key in self.data else f"缺少“{key}”")
            return ""
        return value.strip()

    def flag(self, key: str) -> bool:
        value = self.data.get(key, False)
        if not isinstance(value, bool):
            self.error(f"“{key}”应为 true 或 false，实为“{value}”")
        return value is True

    def level(self, key: str, default: str | None) -> Level | None:
        value = self.data.get(key, default)
        if value is not None and value not in set(Level):
            self.error(f"“{key}”应为 hard 或 soft，实为“{value}”")
            return None
        return None if value is None else Level(value)

    def number(self, value: object, name: str) -> Decimal | None:
        # Written as text like indicators.yaml ("39.1"): a YAML float would already have lost its digits.
        if value is None:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return Decimal(value)
        try:
            number = Decimal(value.strip()) if isinstance(value, str) else None
        except ArithmeticError:
            number = None
        if number is None or not number.is_finite():
            self.error(f'“{name}”应为写成文本的数值（如 "39.1"），实为“{value}”')
        return number

    def range(self, key: str) -> Range:
        data = self.data.get(key) or {}
        if not isinstance(data, dict) or set(data) - {"min", "max"}:
            self.error(f"“{key}”应为 {{min: …, max: …}}")
            return Range()
        low, high = (self.number(data.get(end), f"{key}.{end}") for end in ("min", "max"))
        if low is not None and high is not None and low > high:
            self.error(f"“{key}”的 min {fmt(low)} 大于 max {fmt(high)}")
        return Range(low, high)


def load_rules(data: object, *, codes: set[str] | None = None, source: str = "quality.yaml") -> QualityRules:
    """Rule objects from the parsed quality.yaml; QualityRulesError lists every problem, each naming the
    entry. With `codes` (the plan's indicator and companion codes) unknown codes are errors too."""
    errors: list[str] = []
    top = _Reader(errors, source, data, {"series", "cross"})
    series: dict[str, SeriesRules] = {}
    for index, item in enumerate(_list(top, "series"), 1):
        code = str(item.get("code", "")) if isinstance(item, dict) else ""
        entry = _Reader(
            errors, f"{source} series 第 {index} 项" + (f"（{code}）" if code else ""), item, _SERIES_KEYS
        )
        code = entry.text("code") if not isinstance(entry.data.get("code"), int) else code
        valid, plausible = entry.range("valid"), entry.range("plausible")
        for end in ("min", "max"):
            inner, outer = getattr(plausible, end), getattr(valid, end)
            if inner is not None and outer is not None and (inner < outer if end == "min" else inner > outer):
                entry.error(f"常见范围的 {end} {fmt(inner)} 超出有效范围")
        ratio = entry.number(entry.data.get("ratio"), "ratio")
        if ratio is not None and ratio <= 1:
            entry.error(f"“ratio”应大于 1，实为“{fmt(ratio)}”")
        if code in series:
            entry.error(f"代码“{code}”重复")
        elif codes is not None and code and code not in codes:
            entry.error(f"代码“{code}”不是规划中的指标或配套数据")
        series[code] = SeriesRules(
            code, valid, plausible, entry.flag("whole"), entry.flag("signed"),
            entry.level("cannot_fall", None), ratio if ratio and ratio > 1 else DEFAULT_RATIO,
        )  # fmt: skip
    cross, ids = [], set()
    for index, item in enumerate(_list(top, "cross"), 1):
        rule_id = str(item.get("id", "")) if isinstance(item, dict) else ""
        entry = _Reader(
            errors, f"{source} cross 第 {index} 项" + (f"（{rule_id}）" if rule_id else ""), item, _CROSS_KEYS
        )
        rule_id, source_text, message = entry.text("id"), entry.text("expr"), entry.text("message")
        if rule_id in ids:
            entry.error(f"规则编号“{rule_id}”重复")
        ids.add(rule_id)
        periods = entry.data.get("periods", list(PERIODS))
        if not isinstance(periods, list) or not periods or not set(periods) <= set(PERIODS):
            entry.error(f"“periods”应为 {', '.join(PERIODS)} 中的一项或几项")
            periods = list(PERIODS)
        try:
            expr = parse(source_text) if source_text else None
        except ExprError as exc:
            entry.error(f"表达式“{source_text}”{exc}")
            expr = None
        if expr is None:
            continue
        for code in sorted(expr.refs - set(codes if codes is not None else expr.refs)):
            entry.error(f"表达式引用的“#{code}”不是规划中的指标或配套数据")
        for code in sorted(set(_PLACEHOLDER.findall(message)) - expr.refs):
            entry.error(f"提示语中的“{{#{code}}}”未出现在表达式中")
        cross.append(
            CrossRule(rule_id, expr, message, entry.level("level", "soft") or Level.SOFT, frozenset(periods))
        )
    if errors:
        raise QualityRulesError(errors)
    return QualityRules(series, tuple(cross))


def _list(top: _Reader, key: str) -> list:
    value = top.data.get(key, [])
    if not isinstance(value, list):
        top.error(f"“{key}”应为列表")
        return []
    return value
