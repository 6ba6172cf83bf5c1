"""Numbers as people really type them into forms and Excel: "35.2", "35.2%", "３５．２", " 1,234 ", "—".

Pure Python; shared by the entry form and the Excel import so both accept exactly the same inputs.
"""

import re
import unicodedata
from decimal import Decimal, InvalidOperation

# Larger than any figure of the plan (亿元 totals are in the thousands); guards the 16-digit column.
MAX_ABS = Decimal("1e12")

# Cells that mean "no figure": empty, dashes people use for "none".
EMPTY_MARKS = {"", "—", "-", "–", "－", "——", "/", "无"}
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?")


class ValueParseError(ValueError):
    """The text is not a number; the message is Chinese and quotes the text."""


def parse_value(raw) -> Decimal | None:
    """Return the Decimal the person meant, None for "no figure", or raise ValueParseError."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ValueParseError(f"“{raw}”不是数字")
    if isinstance(raw, int):
        return _checked(Decimal(raw), raw)
    if isinstance(raw, float):
        if raw != raw or raw in (float("inf"), float("-inf")):
            return None
        return _checked(Decimal(repr(raw)), raw)  # shortest text that round-trips: 34.8 → Decimal("34.8")
    if isinstance(raw, Decimal):
        return _checked(raw, raw) if raw.is_finite() else None
    # NFKC turns full-width digits, point, comma, percent and minus into their ASCII forms.
    text = unicodedata.normalize("NFKC", str(raw)).strip().replace("\u2212", "-")
    if text in EMPTY_MARKS:
        return None
    number = text.removesuffix("%").strip()
    if _GROUPED.fullmatch(number):
        number = number.replace(",", "")
    if not _NUMBER.fullmatch(number):
        raise ValueParseError(f"“{str(raw).strip()}”不是有效的数字")
    try:
        value = Decimal(number)
    except InvalidOperation:  # pragma: no cover - the pattern above admits only valid literals
        raise ValueParseError(f"“{str(raw).strip()}”不是有效的数字") from None
    return _checked(value, str(raw).strip())


def _checked(value: Decimal, raw) -> Decimal:
    if abs(value) >= MAX_ABS:
        raise ValueParseError(f"“{raw}”超出允许范围")
    return value


def quantize(value: Decimal, places: int) -> Decimal:
    """Round to the indicator's precision (34.799999999 → 34.8 at one place)."""
    return value.quantize(Decimal(1).scaleb(-places))


# Excel stores numbers as doubles: 34.8 typed in a cell may come back as 34.799999999 or 34.800000000000004.
NOISE = Decimal("1e-9")  # relative; doubles carry 15–16 significant digits


def denoise(value: Decimal, places: int) -> Decimal:
    """Round away float noise at the indicator's precision (34.799999999 → 34.8 at one place), but keep
    a value that really has more places (34.85 stays 34.85): only differences below NOISE count as noise."""
    rounded = quantize(value, places)
    return rounded if abs(value - rounded) < NOISE * max(1, abs(value)) else value


def fmt(d: Decimal) -> str:
    """34.60 -> "34.6", 1E+1 -> "10", -0 -> "0": no exponent, no trailing zeros."""
    return "0" if d == 0 else format(d.normalize(), "f")
