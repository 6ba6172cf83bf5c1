from decimal import Decimal

import pytest

from core.values import ValueParseError, parse_value, quantize


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("35.2", "35.2"),
        ("35.2%", "35.2"),
        ("３５．２", "35.2"),
        ("３５．２％", "35.2"),
        (" 1,234 ", "1234"),
        ("１，２３４．５", "1234.5"),
        ("-9.1", "-9.1"),
        ("－９．１", "-9.1"),
        ("−9.1", "-9.1"),
        (".5", "0.5"),
        ("40", "40"),
        (34.8, "34.8"),
        (40, "40"),
        (Decimal("34.80"), "34.80"),
    ],
)
def test_numbers_people_type(raw, expected):
    assert parse_value(raw) == Decimal(expected)


@pytest.mark.parametrize("raw", [None, "", "  ", "—", "-", "－", "/", "无", float("nan")])
def test_no_figure(raw):
    assert parse_value(raw) is None


@pytest.mark.parametrize("raw", ["abc", "1,23", "12%%", "35.2.1", "1e5", "三十五", "35 2", True, "1" * 13])
def test_anything_else_is_an_error_quoting_the_text(raw):
    with pytest.raises(ValueParseError) as excinfo:
        parse_value(raw)
    assert str(raw) in str(excinfo.value)


def test_float_noise_is_rounded_by_precision():
    assert quantize(parse_value(34.799999999), 1) == Decimal("34.8")
    assert quantize(Decimal("2071.0000"), 0) == Decimal("2071")
