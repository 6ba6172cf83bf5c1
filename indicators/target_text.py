"""A target cell as real plans word it, read into a TargetText (kind, numbers, named series): the target language.

Pure Python like indicators/rules.py. parse() raises CellError, a Chinese message quoting the cell and listing
FORMS, the phrasings it reads. Several conditions in one cell ("<4/<5.5") become an ALL rule whose parts are, in
order, judged on the indicator's one value; a sheet that splits the indicator into as many sub-series may instead
give part i to sub-series i.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from core.values import EMPTY_MARKS, ValueParseError, parse_value
from indicators.rules import Kind, Rule


class CellError(ValueError):
    """The cell cannot be read; the message is Chinese and quotes it."""


@dataclass(frozen=True)
class TargetText:
    kind: Kind
    value: Decimal | None = None
    reference: str = ""  # relative/pace: the series named ("规上工业增速", "全市平均水平")
    upper: Decimal | None = None  # range: the upper bound
    mode: str = ""  # change: rules.CHANGE_MODES
    margin: Decimal | None = None  # relative: "3个百分点以上"
    direction: str = "up"  # relative/direction/assigned: "down" when lower is better
    parts: tuple["TargetText", ...] = field(default=())  # all: the conditions in order

    def rule(self, unit: str, source_text: str = "", *, assigned: Decimal | None = None) -> Rule:
        """The rule this text means, before anything is stored (the sheet preview's describe(), the tests);
        `assigned` is the number a superior assigned (ASSIGNED), None until it arrives."""
        return Rule(
            kind=self.kind,
            target=assigned if self.kind is Kind.ASSIGNED else self.value,
            unit=unit,
            source_text=source_text,
            upper=self.upper,
            mode=self.mode,
            margin=self.margin,
            direction=self.direction,
            reference_name=self.reference,
            parts=tuple(p.rule(unit) for p in self.parts),
        )

    def fields(self) -> dict:
        """The Target model's fields for this text (kind, value and the new ones), parts as JSON-ready dicts."""
        return {
            "kind": self.kind.value,
            "value": self.value,
            "upper_value": self.upper,
            "change_mode": self.mode,
            "margin": self.margin,
            "direction": self.direction,
            "parts": [
                {"kind": p.kind.value, "value": _str(p.value), "upper": _str(p.upper)} for p in self.parts
            ],
        }


def _str(d: Decimal | None) -> str | None:
    return None if d is None else str(d)


FORMS = (
    "数字（75，即不低于）",
    "X左右",
    "力争X",
    "不低于X / X以上 / ≥X / 达到X / 达X",
    "不高于X / 不超过X / X以下 / X以内 / ≤X",
    ">X / 超过X / 大于X（不含X）",
    "<X / 小于X / 低于X（不含X）",
    "=X",
    "区间 X-Y / X%—Y% / X～Y",
    "几个条件同时满足 <X/<Y",
    "翻一番 / 翻两番",
    "累计下降X% / 比2025年降低X% / 比2025年提高X个百分点",
    "高于…… / 高于……X个百分点以上 / 低于……",
    "高于全市平均水平",
    "与……保持同步",
    "持续下降 / 稳步提升",
    "完成上级（市、省）下达目标",
    "保持在合理区间（定性，由协调员评估）",
    "……领先",
)
_FORMS_TEXT = "；".join(FORMS)
# The kinds a condition of a several-condition cell can have (a number each; stored as kind, value, upper).
PART_KINDS = (
    Kind.AT_LEAST,
    Kind.AT_MOST,
    Kind.APPROX,
    Kind.STRIVE,
    Kind.GREATER,
    Kind.LESS,
    Kind.EQUAL,
    Kind.RANGE,
)

_NUM = r"[+-]?\d+(?:\.\d+)?"
_NUMBER_UNIT = re.compile(rf"(?P<number>{_NUM})(?P<unit>\D*)")
_PREFIXES = {  # checked in this order: "不超过" before "超过", "达到" before "达"
    "力争": Kind.STRIVE,
    "不高于": Kind.AT_MOST,
    "不超过": Kind.AT_MOST,
    "不大于": Kind.AT_MOST,
    "<=": Kind.AT_MOST,
    "≤": Kind.AT_MOST,
    "不低于": Kind.AT_LEAST,
    "不少于": Kind.AT_LEAST,
    "不小于": Kind.AT_LEAST,
    ">=": Kind.AT_LEAST,
    "≥": Kind.AT_LEAST,
    "达到": Kind.AT_LEAST,
    "达": Kind.AT_LEAST,
    ">": Kind.GREATER,
    "超过": Kind.GREATER,
    "大于": Kind.GREATER,
    "高于": Kind.GREATER,  # only before a number; "高于规上工业增速" is a series
    "<": Kind.LESS,
    "小于": Kind.LESS,
    "低于": Kind.LESS,
    "=": Kind.EQUAL,
    "等于": Kind.EQUAL,
}
_SUFFIXES = {"左右": Kind.APPROX, "以下": Kind.AT_MOST, "以内": Kind.AT_MOST, "以上": Kind.AT_LEAST}
_REDUCTIONS = ("降低", "下降", "减少")
_DOWN_WORDS = ("降低", "下降", "减少")
_UP_WORDS = ("提高", "提升", "增长", "增加", "上升")
_SCALES = {"万亿": Decimal(10) ** 12, "亿": Decimal(10) ** 8, "万": Decimal(10) ** 4, "千": Decimal(1000)}

_RANGE = re.compile(
    rf"(?P<lo>{_NUM})(?P<u1>[^\d\-—–~至到]*)[-—–~至到](?P<hi>\d+(?:\.\d+)?)(?P<u2>\D*?)(?:之间)?"
)
_DOUBLING = re.compile(r"(?:(?:比|较)\d{4}年末?|较基数年|实现)?(?P<word>翻一番|翻番|翻两番)")
_CHANGE = re.compile(
    rf"(?:累计|(?:比|较)(?:\d{{4}}年末?|基数年?)(?:累计)?)(?P<verb>降低|下降|减少|提高|提升|增长|增加|上升)"
    rf"(?P<n>{_NUM})(?P<unit>%|个百分点|百分点)?(?:以上|左右)?"
)
_DIRECTION = re.compile(
    r"(?:保持)?(?:持续|稳步|逐年|不断|稳定)(?P<verb>下降|降低|减少|提升|提高|增长|增加|上升)"
)
_PACE = re.compile(r"与(?P<ref>.+?)(?:基本)?(?:保持)?同步(?:增长)?")
_RELATIVE = re.compile(
    r"(?P<head>年均增速|增速)?(?P<verb>高于|快于|低于|慢于)(?P<ref>.+?)"
    rf"(?:(?P<margin>{_NUM})个?百分点(?:以上)?)?"
)
_QUALITATIVE = ("合理区间", "保持稳定", "总体稳定", "定性")


def fold(text: str) -> str:
    """Full-width digits, point, percent, signs and tildes folded to ASCII ("３５．２％" → "35.2%")."""
    return unicodedata.normalize("NFKC", text).replace("\u2212", "-")


def _unknown(text: str) -> CellError:
    return CellError(f"无法识别的目标“{text}”：可识别的写法有 {_FORMS_TEXT}；无目标填“—”")


def parse(text: str, unit: str, indicator_name: str) -> TargetText | None:
    """A target cell (spaces and line breaks already squeezed out); None for "—" (no target that year)."""
    if text in EMPTY_MARKS:
        return None
    core = fold(text)
    try:
        return _parse(core, text, unit, indicator_name)
    except CellError:
        parts = [p for p in re.split(r"[/;；]", core) if p]
        if len(parts) < 2:
            raise
    read = []
    for part in parts:
        try:
            read.append(_parse(part, text, unit, indicator_name))
        except CellError:
            raise _unknown(text) from None
        if read[-1].kind not in PART_KINDS:
            raise _unknown(text)
    return TargetText(Kind.ALL, parts=tuple(read))


def _parse(core: str, text: str, unit: str, name: str) -> TargetText:
    if any(word in core for word in _QUALITATIVE):
        return TargetText(Kind.JUDGED)
    if "下达" in core:
        return TargetText(Kind.ASSIGNED)
    if "领先" in core:
        return TargetText(Kind.LEADING)
    if m := _DIRECTION.fullmatch(core):
        return TargetText(Kind.DIRECTION, direction="down" if m["verb"] in _DOWN_WORDS else "up")
    if m := _PACE.fullmatch(core):
        return TargetText(Kind.PACE, reference=m["ref"])
    if m := _DOUBLING.fullmatch(core):
        return TargetText(Kind.CHANGE, Decimal(4 if m["word"] == "翻两番" else 2), mode="times")
    if m := _CHANGE.fullmatch(core):
        return _change(m, text, unit, name)
    if (
        (m := _RELATIVE.fullmatch(core))
        and not _NUMBER_UNIT.fullmatch(m["ref"])
        and not core.startswith("不")
    ):
        margin = parse_value(m["margin"]) if m["margin"] else None
        return TargetText(
            Kind.RELATIVE,
            reference=m["ref"],
            margin=margin,
            direction="up" if m["verb"] in ("高于", "快于") else "down",
        )
    if core.endswith("高于") or core.endswith("低于"):
        raise CellError(f"“{text}”应写明高于什么，如“高于规上工业增速”")
    if (m := _RANGE.fullmatch(core)) and not core.startswith(("-", "+")):
        lo = number(m["lo"] + (m["u1"] or m["u2"]), unit, text)
        hi = number(m["hi"] + m["u2"], unit, text)
        if hi < lo:
            raise CellError(f"“{text}”的区间下限大于上限")
        return TargetText(Kind.RANGE, lo, upper=hi)
    return _number_target(core, text, unit, name)


def _change(m: re.Match, text: str, unit: str, name: str) -> TargetText:
    amount = parse_value(m["n"])
    assert amount is not None
    down = m["verb"] in _DOWN_WORDS
    if any(
        r in name for r in _REDUCTIONS
    ):  # the indicator reports the reduction itself (seed's indicator 12)
        return TargetText(Kind.AT_LEAST, amount)
    if m["unit"] is None:
        raise CellError(f"“{text}”应写明降低或提高的是百分之几（%）还是几个百分点")
    mode = ("pp_" if m["unit"] != "%" else "pct_") + ("down" if down else "up")
    return TargetText(Kind.CHANGE, amount, mode=mode)


def _number_target(core: str, text: str, unit: str, name: str) -> TargetText:
    kinds = set()
    for prefix, kind in (*_PREFIXES.items(), *((r, Kind.AT_LEAST) for r in _REDUCTIONS)):
        if core.startswith(prefix):
            core = core.removeprefix(prefix)
            kinds.add(kind)
            if prefix in _REDUCTIONS and not any(r in name for r in _REDUCTIONS):
                raise CellError(
                    f"“{text}”是降低目标：指标应为降低幅度（如“单位工业增加值能耗比基数年降低幅度”），"
                    "填写降低的数值，或写“比2025年降低3%”"
                )
            break
    for suffix, kind in _SUFFIXES.items():
        if core.endswith(suffix):
            core = core.removesuffix(suffix)
            kinds.add(kind)
            break
    if len(kinds) > 1:
        kinds.discard(Kind.AT_LEAST)
    if len(kinds) > 1:
        raise CellError(f"无法判断目标“{text}”的类型：“力争”“左右”“不高于/以下”只能用其一")
    if _NUMBER_UNIT.fullmatch(core) is None:
        raise _unknown(text)
    return TargetText(next(iter(kinds), Kind.AT_LEAST), number(core, unit, text))


def _scaled(cell_unit: str, unit: str) -> Decimal | None:
    """The factor from the cell's unit to the indicator's when they differ by a scale: 万亿元 → 亿元 is 10000."""

    def split(u: str) -> tuple[Decimal, str]:
        for prefix, scale in _SCALES.items():
            if u.startswith(prefix) and len(u) > len(prefix):
                return scale, u.removeprefix(prefix)
        return Decimal(1), u

    (a, base_a), (b, base_b) = split(cell_unit), split(unit)
    return a / b if base_a == base_b and base_a else None


def number(core: str, unit: str, text: str) -> Decimal:
    """ "35", "35%", "力争1家"'s "1家", "1.3万亿元" for an indicator in 亿元 (13000): the number in the indicator's unit."""
    match = _NUMBER_UNIT.fullmatch(fold(core))
    if match is None:
        raise CellError(f"“{text}”不是有效的数字")
    factor = Decimal(1)
    if match["unit"] and match["unit"] != fold(unit):
        scaled = _scaled(match["unit"], fold(unit))
        if scaled is None:
            shown = f"“{unit}”" if unit else "无单位"
            raise CellError(f"“{text}”的单位“{match['unit']}”与指标的单位（{shown}）不一致")
        factor = scaled
    try:
        value = parse_value(match["number"])
    except ValueParseError as e:
        raise CellError(str(e)) from None
    if value is None:  # pragma: no cover - the pattern admits digits only
        raise CellError(f"“{text}”不是有效的数字")
    if factor == 1:
        return value
    scaled = value * factor
    return scaled.quantize(Decimal(1)) if scaled == scaled.to_integral_value() else scaled.normalize()


# A text that is one number with at most a 力争/约/达到 before it and a 左右/以上/以下 after it.
_ONE_NUMBER = re.compile(
    rf"^(?P<head>力争|约|达到|达|不低于|不高于|不超过|超过)?(?P<n>{_NUM})(?P<tail>左右|以上|以下|以内)?$"
)


def with_unit(text: str, unit: str) -> str:
    """A baseline or target as a sentence writes it, the unit after the number: "34.4左右" in % is
    "34.4%左右", "力争1" in 家 is "力争1家". Any other text ("全市领先", "6%—7%", "力争1家") is left as written."""
    found = _ONE_NUMBER.match(text.strip())
    if not found or not unit:
        return text
    return f"{found['head'] or ''}{found['n']}{unit}{found['tail'] or ''}"
