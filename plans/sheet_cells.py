"""The cells of a plan's appendix table as people type them, turned into plan values: the indicator cell
("规上制造业全员劳动生产率（万元/人）△"), a baseline ("44\\n左右", "—"), a target ("力争65", "全市领先", …) and the
responsible departments ("组织部\\n工信局").

Pure Python like indicators/rules.py: each function takes the cell's text and returns values, or raises
CellError with a Chinese message quoting the cell. The kinds follow fixtures/plan/indicators.yaml.
"""

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from core.values import EMPTY_MARKS, ValueParseError, parse_value
from indicators.rules import Kind

MARK = "△"
_SPACE = re.compile(r"\s+")
_UNIT = re.compile(r"^(?P<name>.+?)[（(](?P<unit>[^（）()]*)[）)]$")
_NUMBER_UNIT = re.compile(r"(?P<number>[+-]?\d+(?:\.\d+)?)(?P<unit>\D*)")
_DEPARTMENT_SEPARATORS = re.compile(r"[\s、，,；;/]+")
# A qualifier before or after the number, and the kind it makes; "以上" and "不低于" only restate at_least.
_PREFIXES = {
    "力争": Kind.STRIVE,
    "不高于": Kind.AT_MOST,
    "不超过": Kind.AT_MOST,
    "≤": Kind.AT_MOST,
    "不低于": Kind.AT_LEAST,
    "≥": Kind.AT_LEAST,
    "达到": Kind.AT_LEAST,
}
_SUFFIXES = {"左右": Kind.APPROX, "以下": Kind.AT_MOST, "以内": Kind.AT_MOST, "以上": Kind.AT_LEAST}
_TITLE_PREFIX = re.compile(r"^附件[0-9一二三四五六七八九十]*[:：]?")
SHORT_NAME_SUFFIXES = ("主要指标", "工作任务", "行动方案", "规划")
# "降低3" is judged as the seed's indicator 12 is: an at_least on the reduction the indicator reports.
_REDUCTIONS = ("降低", "下降")


class CellError(ValueError):
    """The cell cannot be read; the message is Chinese and quotes it."""


@dataclass(frozen=True)
class TargetText:
    kind: Kind
    value: Decimal | None = None
    reference: str = ""  # relative: the series named after "高于" ("规上工业增速")


def squeeze(value) -> str:
    """A cell's text as written, without line breaks and spaces: a wrapped "34.4\\n左右" is "34.4左右"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _SPACE.sub("", str(value))


def _fold(text: str) -> str:
    """Full-width digits, point, percent and the minus sign folded to ASCII ("３５．２％" → "35.2%")."""
    return unicodedata.normalize("NFKC", text).replace("\u2212", "-")


def header_key(value) -> str:
    """A header cell as compared: full-width folded, spaces and line breaks removed ("2025年\\n目标")."""
    return squeeze(_fold(squeeze(value)))


def indicator_cell(text: str) -> tuple[str, str, str]:
    """ "名称（单位）△" → (name, unit, mark); the last parenthesised part is the unit, none means no unit."""
    mark = MARK if text.endswith(MARK) else ""
    text = text.removesuffix(MARK)
    match = _UNIT.fullmatch(text)
    name, unit = (match["name"], match["unit"]) if match else (text, "")
    if not name or MARK in name:
        raise CellError(f"“{text}{mark}”应为“指标名称（单位）”，可在末尾加“△”")
    return name, unit, mark


def baseline_cell(text: str, unit: str) -> Decimal | None:
    """A baseline: a number, "34.4左右" or "约34.4" (the number), "—" (none)."""
    if text in EMPTY_MARKS:
        return None
    core = text.removesuffix("左右").removeprefix("约")
    return _number_with_unit(core, unit, text)


def target_cell(text: str, unit: str, indicator_name: str) -> TargetText | None:
    """A target cell, as fixtures/plan/indicators.yaml models it; None for "—" (no target that year)."""
    if text in EMPTY_MARKS:
        return None
    if "领先" in text:
        return TargetText(Kind.LEADING)
    if "高于" in text and not text.startswith("不高于"):
        reference = text.split("高于", 1)[1]
        if not reference:
            raise CellError(f"“{text}”应写明高于什么，如“高于规上工业增速”")
        return TargetText(Kind.RELATIVE, reference=reference)
    core, kinds = _fold(text), set()
    for prefix, kind in (*_PREFIXES.items(), *((r, Kind.AT_LEAST) for r in _REDUCTIONS)):
        if core.startswith(prefix):
            core = core.removeprefix(prefix)
            kinds.add(kind)
            if prefix in _REDUCTIONS and not any(r in indicator_name for r in _REDUCTIONS):
                raise CellError(
                    f"“{text}”是降低目标：指标应为降低幅度（如“单位工业增加值能耗比基数年降低幅度”），"
                    "填写降低的数值"
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
    if _NUMBER_UNIT.fullmatch(_fold(core)) is None:
        raise CellError(
            f"无法识别的目标“{text}”：应为数字、“X左右”、“力争X”、“不高于X”或“X以下”、“高于……”、“……领先”，"
            "无目标填“—”"
        )
    value = _number_with_unit(core, unit, text)
    return TargetText(next(iter(kinds), Kind.AT_LEAST), value)


def _number_with_unit(core: str, unit: str, text: str) -> Decimal:
    """ "35", "35%", "力争1家"'s "1家": the number, with the indicator's own unit allowed after it."""
    match = _NUMBER_UNIT.fullmatch(_fold(core))
    if match is None:
        raise CellError(f"“{text}”不是有效的数字")
    if match["unit"] and match["unit"] != _fold(unit):
        shown = f"“{unit}”" if unit else "无单位"
        raise CellError(f"“{text}”的单位“{match['unit']}”与指标的单位（{shown}）不一致")
    try:
        value = parse_value(match["number"])
    except ValueParseError as e:
        raise CellError(str(e)) from None
    if value is None:  # pragma: no cover - the pattern admits digits only
        raise CellError(f"“{text}”不是有效的数字")
    return value


def department_names(value) -> list[str]:
    """ "组织部\\n工信局", "发改委、科技局" → the names in order."""
    text = "" if value is None else str(value)
    return [name for name in _DEPARTMENT_SEPARATORS.split(text) if name]


def title_text(value) -> str:
    """A title row's text without a leading "附件1：" (a cell holding only "附件" gives "")."""
    return _TITLE_PREFIX.sub("", squeeze(value))


def short_name_of(name: str) -> str:
    """ "江阴制造强市建设主要指标" → "江阴制造强市建设": the name without its trailing genre word."""
    for suffix in SHORT_NAME_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name.removesuffix(suffix)
    return name


def department_code(name: str, taken: set[str]) -> str:
    """A stable ASCII code for a department created from the sheet: the same name always gets the same one."""
    digest = hashlib.sha1(name.encode()).hexdigest()
    code = f"d{digest[:7]}"
    while code in taken:
        digest = hashlib.sha1(digest.encode()).hexdigest()
        code = f"d{digest[:7]}"
    return code
