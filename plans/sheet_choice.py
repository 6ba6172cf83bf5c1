"""A rule the coordinator chooses by hand in the load preview for a target cell the target language cannot read
(issue 22): a kind and its numbers per refused cell, kept with the pending upload and applied when the sheet is
read again. The cell's text is still recorded as written (目标原文); only its meaning comes from the choice."""

from decimal import Decimal, InvalidOperation

from indicators.rules import NO_TARGET_KINDS, Kind, Rule

# The kinds offered: those a single cell can mean without naming another series.
CHOOSABLE = (
    Kind.AT_LEAST,
    Kind.AT_MOST,
    Kind.GREATER,
    Kind.LESS,
    Kind.EQUAL,
    Kind.RANGE,
    Kind.APPROX,
    Kind.STRIVE,
    Kind.DIRECTION,
    Kind.ASSIGNED,
    Kind.JUDGED,
)


def cell_key(row: int, year: int) -> str:
    """How a refused cell is named in the form and the session: "8-2026" (sheet row, target year)."""
    return f"{row}-{year}"


def _decimal(text) -> Decimal | None:
    if text in (None, ""):
        return None
    try:
        value = Decimal(str(text))
    except InvalidOperation:
        raise ValueError(f"“{text}”不是有效的数字") from None
    if not value.is_finite():
        raise ValueError(f"“{text}”不是有效的数字")
    return value


def chosen_target(choice: dict, unit: str) -> dict:
    """The target fields of a hand-chosen rule ({"kind", "value", "upper", "direction"}), checked by building its
    Rule; ValueError with a Chinese reason when the choice is incomplete."""
    try:
        kind = Kind(choice.get("kind", ""))
    except ValueError:
        raise ValueError("请选择规则类型") from None
    if kind not in CHOOSABLE:
        raise ValueError("该规则类型不能手选")
    value, upper = _decimal(choice.get("value")), _decimal(choice.get("upper"))
    if kind in NO_TARGET_KINDS:
        value = upper = None
    elif value is None:
        raise ValueError("请填写目标值")
    if kind is Kind.RANGE and (upper is None or upper < value):
        raise ValueError("区间须填写不小于下限的上限")
    if kind is not Kind.RANGE:
        upper = None
    direction = "down" if choice.get("direction") == "down" else "up"
    Rule(kind=kind, target=value, upper=upper, unit=unit, direction=direction)  # raises on anything left
    return {
        "kind": kind.value,
        "value": value,
        "upper_value": upper,
        "change_mode": "",
        "margin": None,
        "direction": direction,
        "parts": [],
    }
