"""Property tests of the shared value parser (core.values) for what the import meets in cells."""

import unicodedata
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from core.values import MAX_ABS, ValueParseError, denoise, parse_value

decimals = st.decimals(
    min_value=-MAX_ABS + 1, max_value=MAX_ABS - 1, places=4, allow_nan=False, allow_infinity=False
)
FULL_WIDTH = str.maketrans("0123456789.,-%", "０１２３４５６７８９．，－％")


@given(decimals)
def test_text_forms_of_a_number_parse_to_it(value):
    text = format(value, "f")
    assert parse_value(text) == value
    assert parse_value(f"  {text}% ") == value
    assert parse_value(text.translate(FULL_WIDTH)) == value


@given(decimals)
def test_thousands_separators(value):
    grouped = f"{value:,f}"
    assert parse_value(grouped) == value


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False), st.integers(min_value=0, max_value=4))
def test_float_noise_is_rounded_away_by_precision(number, places):
    """A value with `places` decimals that Excel hands back as a double comes back exactly."""
    exact = Decimal(repr(number)).quantize(Decimal(1).scaleb(-places))
    noisy = float(exact) * (1 + 1e-15)
    assert denoise(parse_value(noisy), places) == exact


@given(decimals, st.integers(min_value=0, max_value=2))
def test_real_extra_places_are_kept(value, places):
    """Only noise is rounded: a value that really has more places than the precision stays."""
    result = denoise(value, places)
    assert result == value or abs(result - value) < Decimal("1e-9") * max(1, abs(value))


@given(st.text())
def test_anything_parses_or_fails_in_chinese_quoting_the_text(text):
    try:
        result = parse_value(text)
    except ValueParseError as e:
        assert text.strip() in str(e)
        assert "数字" in str(e) or "超出允许范围" in str(e)
    else:
        assert result is None or isinstance(result, Decimal)
        if result is not None:
            assert any(unicodedata.digit(c, None) is not None or c.isdigit() for c in text)
