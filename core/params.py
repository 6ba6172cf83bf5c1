"""Whole numbers from a request — query parameters, form fields, URL path arguments — read one way.

ASCII digits only, and bounded: str.isdigit() also accepts "²", "①" and "١" (int() refuses the first two and
reads the third as 1), and an id of forty digits overflows the database's 64-bit integer. Anything else is
"no number" (None, or the form field's error), never an exception.
"""

import re

from django import forms
from django.core.exceptions import ValidationError

ID_MAX = 2**63 - 1  # PostgreSQL bigint, SQLite INTEGER
YEAR_MIN, YEAR_MAX = 1900, 2100
PAGE_MAX = 10**6
_DIGITS = re.compile(r"[0-9]{1,19}")
# What a Chinese input method types for digits; people mean 0–9 by them.
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def int_param(text, *, min_value: int = 0, max_value: int = ID_MAX) -> int | None:
    """The number written in ASCII digits (surrounding spaces allowed) when min_value ≤ it ≤ max_value;
    anything else ("", "-1", "1.0", "²", "１２", "9" × 40, not a string) is None."""
    if not isinstance(text, str) or not _DIGITS.fullmatch(text := text.strip()):
        return None
    value = int(text)
    return value if min_value <= value <= max_value else None


def year_param(text) -> int | None:
    return int_param(text, min_value=YEAR_MIN, max_value=YEAR_MAX)


def id_params(texts) -> list[int]:
    """The ids among several values (a getlist() of checkboxes); the others are dropped."""
    return [value for value in (int_param(text, min_value=1) for text in texts) if value is not None]


class IntegerField(forms.IntegerField):
    """forms.IntegerField read by int_param: bounded by max_value (64 bits unless given), full-width digits
    as typed by an input method taken as 0–9, and every other digit (“²”, “١”) refused."""

    def __init__(self, *, min_value: int = 0, max_value: int = ID_MAX, **kwargs):
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, int) and not isinstance(value, bool):  # an initial value, not typed text
            return value
        number = int_param(str(value).translate(_FULLWIDTH_DIGITS))
        if number is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number


class YearField(IntegerField):
    def __init__(self, **kwargs):
        super().__init__(min_value=YEAR_MIN, max_value=YEAR_MAX, **kwargs)


class QueryForm(forms.Form):
    """Query parameters read through a form. A missing or malformed parameter takes its field's `initial`
    instead of failing the page: links get bookmarked, shared and edited by hand."""

    def values(self) -> dict:
        self.is_valid()
        return {
            name: field.initial
            if name in self.errors or self.cleaned_data.get(name) in (None, "")
            else self.cleaned_data[name]
            for name, field in self.fields.items()
        }


class IdConverter:
    """<id:…> in a URL: an id of at most 18 ASCII digits, so that it always fits a 64-bit integer column."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)


class YearConverter(IdConverter):
    """<year:…> in a URL: four ASCII digits."""

    regex = "[0-9]{4}"
