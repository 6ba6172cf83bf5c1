"""The cells of a plan's appendix table as people type them, turned into plan values: the indicator cell
("规上制造业全员劳动生产率（万元/人）△"), a baseline ("44\\n左右", "—"), a target ("力争65", "全市领先", …) and the
responsible departments ("组织部\\n工信局").

Pure Python like indicators/rules.py: each function takes the cell's text and returns values, or raises
CellError with a Chinese message quoting the cell. The kinds follow fixtures/plan/indicators.yaml.
"""

import hashlib
import re
import unicodedata
from decimal import Decimal

from core.values import EMPTY_MARKS
from indicators import target_text
from indicators.target_text import CellError, TargetText

__all__ = ["CellError", "TargetText"]  # re-exported: the sheet reader catches the target language's errors

MARK = "△"
_SPACE = re.compile(r"\s+")
_UNIT = re.compile(r"^(?P<name>.+?)[（(](?P<unit>[^（）()]*)[）)]$")
_DEPARTMENT_SEPARATORS = re.compile(r"[\s、，,；;/]+")
_TITLE_PREFIX = re.compile(r"^附件[0-9一二三四五六七八九十]*[:：]?")
SHORT_NAME_SUFFIXES = ("主要指标", "工作任务", "行动方案", "规划")


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
    """A target cell in the target language of indicators/target_text.py; None for "—" (no target that year)."""
    return target_text.parse(text, unit, indicator_name)


def _number_with_unit(core: str, unit: str, text: str) -> Decimal:
    """ "35", "35%", "力争1家"'s "1家": the number, with the indicator's own unit allowed after it."""
    return target_text.number(core, unit, text)


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
