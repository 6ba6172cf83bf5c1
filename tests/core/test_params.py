"""core.params: one reading of whole numbers from a request — ASCII digits, bounded, None for anything else."""

import pytest
from django.urls import Resolver404, resolve
from hypothesis import given
from hypothesis import strategies as st

from core.params import ID_MAX, PAGE_MAX, IntegerField, QueryForm, YearField, id_params, int_param, year_param


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0", 0),
        ("42", 42),
        ("007", 7),
        (" 12 ", 12),
        (str(ID_MAX), ID_MAX),
        (str(ID_MAX + 1), None),  # does not fit the database's 64-bit integer
        ("9" * 40, None),
        ("9" * 5000, None),  # int() itself refuses more than 4,300 digits
        ("", None),
        (None, None),
        (12, None),  # not text from a request
        ("-1", None),
        ("+1", None),
        ("1.0", None),
        ("1e3", None),
        ("1_000", None),
        ("²", None),  # isdigit() says yes, int() raises
        ("①", None),
        ("١", None),  # int() reads it as 1
        ("１２", None),
        ("12\x00", None),
        ("12\n", 12),
    ],
)
def test_int_param(text, expected):
    assert int_param(text) == expected


def test_bounds():
    assert int_param("5", min_value=1, max_value=5) == 5
    assert int_param("6", min_value=1, max_value=5) is None
    assert int_param("0", min_value=1) is None
    assert year_param("2024") == 2024
    assert year_param("1899") is None and year_param("2101") is None and year_param("20240") is None
    assert id_params(["3", "x", "0", "²", "9" * 30, " 7"]) == [3, 7]


@given(st.text())
def test_int_param_never_raises_and_reads_only_ascii_digits(text):
    value = int_param(text)
    assert value is None or (text.strip().isascii() and int(text) == value and 0 <= value <= ID_MAX)


class Form(QueryForm):
    year = YearField(required=False)
    page = IntegerField(min_value=1, max_value=PAGE_MAX, required=False, initial=1)
    rank = IntegerField(required=False, max_value=20)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({}, {"year": None, "page": 1, "rank": None}),
        ({"year": "2024", "page": "3", "rank": "2"}, {"year": 2024, "page": 3, "rank": 2}),
        ({"year": "２０２４", "page": "３"}, {"year": 2024, "page": 3, "rank": None}),  # typed with an IME
        ({"year": "²", "page": "①", "rank": "١"}, {"year": None, "page": 1, "rank": None}),
        ({"year": "1800", "page": "0", "rank": "21"}, {"year": None, "page": 1, "rank": None}),
        (
            {"year": "9" * 40, "page": str(PAGE_MAX + 1), "rank": "-1"},
            {"year": None, "page": 1, "rank": None},
        ),
        ({"year": "\x00", "page": "", "rank": " "}, {"year": None, "page": 1, "rank": None}),
    ],
)
def test_query_form_falls_back_to_initial(data, expected):
    assert Form(data).values() == expected


def test_integer_field_names_the_problem_in_chinese():
    form = Form({"rank": "²"})
    form.is_valid()
    assert form.errors["rank"] == ["输入整数。"]
    form = Form({"rank": "21"})
    form.is_valid()
    assert "20" in form.errors["rank"][0]


@pytest.mark.parametrize(
    "path",
    [
        "/figures/" + "9" * 19 + "/approve/",  # more than 18 digits: not an id
        "/figures/²/approve/",
        "/figures/-1/approve/",
        "/entry/20240/4/",  # a year has four digits
        "/entry/２０２４/4/",
        "/imports/" + "1" * 40 + "/",
    ],
)
def test_path_converters_refuse_what_is_not_a_bounded_number(path):
    with pytest.raises(Resolver404):
        resolve(path)


def test_path_converters_accept_ids_and_years():
    assert resolve("/figures/" + "9" * 18 + "/approve/").kwargs == {"figure_id": int("9" * 18)}
    assert resolve("/entry/2024/4/").kwargs == {"year": 2024, "code": "4"}
