"""The .xlsx cell check against calamine itself: for random sheets — rows and cells with and without r, empty
cells, any quotes, case and prefix — the check refuses exactly the sheets whose last value calamine places beyond
the bounds, both by its quick way (regular expressions over a plain part) and by the element-by-element parse."""

import io
import zipfile

import pytest
import python_calamine
from hypothesis import HealthCheck, given
from hypothesis import settings as examples
from hypothesis import strategies as st

from imports import files, xlsx_cells
from imports.refusals import FileRejected
from tests.imports.hostile import SHEET, with_sheet

# A bound of 101 rows and 3 columns (IMPORT_MAX_ROWS=1 leaves 100 rows for titles), so sheets stay tiny.
MAX_ROWS, MAX_COLUMNS = 1, 3
LAST_ROW, LAST_COLUMN = MAX_ROWS + 100 - 1, MAX_COLUMNS - 1

cells = st.lists(
    st.tuples(
        st.one_of(
            st.none(), st.tuples(st.integers(0, 4), st.integers(99, 103))
        ),  # (column, row) of r, or none
        st.booleans(),  # has a value
    ),
    max_size=5,
)
rows = st.lists(st.tuples(st.one_of(st.none(), st.integers(99, 103)), cells), max_size=4)


def column_letter(column: int) -> str:
    return "ABCDE"[column]


def sheet_body(rows, prefix: str, quote: str, lower: bool) -> str:
    p = f"{prefix}:" if prefix else ""
    body = ""
    for row_ref, row_cells in rows:
        row_attribute = f" r={quote}{row_ref}{quote}" if row_ref else ""
        body += f"<{p}row{row_attribute}>"
        for ref, valued in row_cells:
            attribute = ""
            if ref:
                text = f"{column_letter(ref[0])}{ref[1]}"
                attribute = f' s="0" r={quote}{text.lower() if lower else text}{quote}'
            value = f"<{p}v>1</{p}v>" if valued else ""
            body += f"<{p}c{attribute}>{value}</{p}c>" if value else f"<{p}c{attribute}/>"
        body += f"</{p}row>"
    return body


def calamine_within_bounds(data: bytes) -> bool:
    workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    end = workbook.get_sheet_by_name(workbook.sheet_names[0]).end
    return end is None or (end[0] <= LAST_ROW and end[1] <= LAST_COLUMN)


def accepted(check) -> bool:
    try:
        check()
    except FileRejected as e:
        assert "表格范围过大" in str(e)
        return False
    return True


@pytest.fixture
def small_bounds(settings):
    settings.IMPORT_MAX_ROWS, settings.IMPORT_MAX_COLUMNS = MAX_ROWS, MAX_COLUMNS


@examples(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=rows, prefix=st.sampled_from(["", "x"]), quote=st.sampled_from(['"', "'"]), lower=st.booleans())
def test_the_check_refuses_what_calamine_places_too_far(small_bounds, rows, prefix, quote, lower):
    data = with_sheet(sheet_body(rows, prefix, quote, lower), prefix=prefix)
    expected = calamine_within_bounds(data)
    assert accepted(lambda: files.check_upload("a.xlsx", data)) == expected
    part = zipfile.ZipFile(io.BytesIO(data)).read(SHEET)
    assert accepted(lambda: xlsx_cells._check_each(lambda xml: xml.Parse(part, True))) == expected
    if xlsx_cells._plain_within_bounds(part):
        assert expected  # the quick way never passes a sheet calamine would place too far


def test_the_quick_way_leaves_what_it_cannot_decide_to_the_parse(small_bounds):
    def part(ref: str) -> bytes:
        plain = with_sheet(f'<row r="1"><c r="{ref}"><v>1</v></c></row>')
        return zipfile.ZipFile(io.BytesIO(plain)).read(SHEET)

    assert xlsx_cells._plain_within_bounds(part("C101"))
    assert not xlsx_cells._plain_within_bounds(part("A102"))
    assert not xlsx_cells._plain_within_bounds(part("D1"))
    part = part("A1")
    for undecided in (
        part.replace(b"<sheetData>", b"<sheetData><!-- <c r='A1'/> -->"),
        part.replace(b' r="A1"', b""),  # a cell placed by counting
        part.replace(b'r="A1"', b'r="A200"'),  # beyond: the parse decides whether it holds a value
        part.replace(b'encoding="UTF-8"', b'encoding="ISO-8859-1"'),
    ):
        assert not xlsx_cells._plain_within_bounds(undecided)
