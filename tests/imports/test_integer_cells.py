"""Numbers in the 序号 and 年度 cells are read by core.params: a digit int() refuses ("፩") or reads although it
is not one people type ("١") is a row error naming the cell, never a 500; full-width digits still count."""

import pytest

from tests.imports.conftest import LONG_HEADER, client_for, upload, xlsx

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("number", "year", "message"),
    [
        ("፩", 2024, "没有序号为“፩”的指标"),
        ("٤", 2024, "没有序号为“٤”的指标"),
        (4, "፳፻፳፬", "“፳፻፳፬”不是规划年度"),
        (4, "٢٠٢٤", "“٢٠٢٤”不是规划年度"),
        (4, "9" * 40, "不是规划年度"),
    ],
)
def test_digits_that_are_not_ascii_are_row_errors(importer, number, year, message):
    response = upload(client_for(importer), xlsx([LONG_HEADER, [number, "", year, "全年", "16.3", None, ""]]))
    assert response.status_code == 302
    page = client_for(importer).get(response["Location"])
    assert message in page.content.decode()


def test_full_width_digits_are_read(importer):
    response = upload(
        client_for(importer), xlsx([LONG_HEADER, ["４", "", "２０２４年", "全年", "16.3", None, ""]])
    )
    page = client_for(importer).get(response["Location"]).content.decode()
    assert "新增" in page and "不是规划年度" not in page and "没有序号" not in page
