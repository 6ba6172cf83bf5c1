"""core.bulk: rows written with executemany read back through the ORM as the ORM would have written them."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.utils import timezone

from core import bulk
from imports.models import ImportBatch
from indicators.models import Figure, Indicator

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def figure_row(indicator: Indicator, year: int, **values) -> dict:
    return {**bulk.defaults(Figure), "indicator_id": indicator.pk, "year": year, "period": "year", **values}


def saved_figures(indicator: Indicator) -> dict:
    return {f["id"]: f for f in Figure.objects.filter(indicator=indicator).values()}


def test_inserted_rows_read_back_identical(importer):
    indicator = Indicator.objects.get(number=4)
    now = timezone.now()
    rows = [
        figure_row(
            indicator,
            2023,
            value=Decimal("-12345678.9012"),  # SQLite keeps 15 significant digits
            rank=3,
            explanation="出口回暖，同比增长“16.9%”\n（快报）",
            source_file="商务局 2023.xlsx",
            source_row=7,
            updated_by_id=importer.pk,
            updated_at=now,
            submitted_at=datetime(2025, 1, 31, 23, 59, 59, 123456, tzinfo=SHANGHAI),
        ),
        figure_row(indicator, 2024, value=None, updated_at=now),  # NULLs and every default
        figure_row(indicator, 2025, value=Decimal("0.0001"), updated_at=now, submitted_at=now),
    ]

    bulk.insert(Figure, rows)

    saved = sorted(saved_figures(indicator).values(), key=lambda f: f["year"])
    assert [{name: f[name] for name in rows[0]} for f in saved] == rows
    assert saved[0]["submitted_at"] == datetime(2025, 1, 31, 15, 59, 59, 123456, tzinfo=UTC)
    # Stored as the ORM stores them: lookups, compared in SQL, find them.
    assert Figure.objects.get(submitted_at=rows[0]["submitted_at"]).year == 2023
    assert Figure.objects.get(indicator=indicator, value=Decimal("0.0001")).year == 2025


def test_update_changes_only_the_given_rows_and_columns(importer):
    indicator = Indicator.objects.get(number=4)
    ids = [
        Figure.objects.create(indicator=indicator, year=year, value=Decimal("1.5"), explanation="原说明").pk
        for year in (2023, 2024, 2025)
    ]
    before = saved_figures(indicator)
    later = timezone.now() + timedelta(days=1)

    bulk.update(
        Figure,
        [
            {"id": ids[0], "value": Decimal("2.25"), "explanation": "新说明", "updated_by_id": importer.pk},
            {"id": ids[1], "value": None, "explanation": "", "updated_by_id": None},
        ],
    )
    bulk.update(Figure, [{"id": ids[1], "updated_at": later}])

    after = saved_figures(indicator)
    assert after[ids[0]] == {
        **before[ids[0]],
        "value": Decimal("2.25"),
        "explanation": "新说明",
        "updated_by_id": importer.pk,
    }
    assert after[ids[1]] == {**before[ids[1]], "value": None, "explanation": "", "updated_at": later}
    assert after[ids[2]] == before[ids[2]]


def test_json_and_binary_columns_are_adapted_as_the_orm_would(importer):
    rows = [
        {
            **bulk.defaults(ImportBatch),  # callable defaults (created_at, expires_at) included
            "user_id": importer.pk,
            "file_name": "商务局.xlsx",
            "file_data": b"PK\x03\x04\x00\xff",
            "file_size": 6,
            "rows": [{"sheet": "商务局", "value": "16.9", "errors": ["第 2 行：“三十五”不是有效的数字"]}],
        }
    ]

    bulk.insert(ImportBatch, rows)

    saved = ImportBatch.objects.values().get(file_name="商务局.xlsx")
    assert bytes(saved.pop("file_data")) == rows[0]["file_data"]
    assert saved == {"id": saved["id"], **{k: v for k, v in rows[0].items() if k != "file_data"}}


@pytest.mark.parametrize(("history_type", "update"), [("+", False), ("~", True)])
def test_history_rows_are_those_simple_history_writes(importer, history_type, update):
    figure = Figure.objects.create(
        indicator=Indicator.objects.get(number=4), year=2024, value=Decimal("16.9"), explanation="快报"
    )
    when, reason = timezone.now(), "Excel 导入：商务局.xlsx"

    def written() -> list[dict]:
        rows = list(Figure.history.order_by("history_id").values())
        Figure.history.all().delete()
        return [{k: v for k, v in row.items() if k != "history_id"} for row in rows]

    written()  # the create's own history row
    Figure.history.bulk_history_create(
        [figure], update=update, default_user=importer, default_change_reason=reason, default_date=when
    )
    expected = written()
    bulk.history_copy(Figure, [figure.pk], history_type=history_type, user=importer, reason=reason, date=when)

    assert written() == expected
    assert expected[0]["history_type"] == history_type and expected[0]["id"] == figure.pk


def test_nothing_to_write_runs_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        bulk.insert(Figure, [])
        bulk.update(Figure, [])


@pytest.mark.parametrize("years", [(2023, 2024, 2025), (2023, 2025)])
def test_history_is_copied_for_exactly_the_ids_given(importer, years):
    """A run of consecutive ids is copied by its range, any other set by the ids themselves: either way the
    figure between two of them that was not named gets no history row."""
    indicator = Indicator.objects.get(number=4)
    ids = {year: Figure.objects.create(indicator=indicator, year=year).pk for year in (2023, 2024, 2025)}
    Figure.history.all().delete()

    bulk.history_copy(
        Figure, [ids[y] for y in years], history_type="~", user=importer, reason="导入", date=timezone.now()
    )

    assert sorted(Figure.history.values_list("year", flat=True)) == list(years)


def test_any_of_finds_what_in_finds():
    indicator = Indicator.objects.get(number=4)
    for year in (2023, 2024, 2025):
        Figure.objects.create(indicator=indicator, year=year, period="year")
    found = Figure.objects.order_by("year")

    def years(**lookup) -> list[int]:
        return list(found.filter(**lookup).values_list("year", flat=True))

    assert years(year__any_of={2023, 2025, None}) == years(year__in={2023, 2025, None}) == [2023, 2025]
    assert (
        years(indicator__any_of=[indicator])
        == years(indicator_id__any_of=[indicator.pk])
        == [2023, 2024, 2025]
    )
    assert years(period__any_of=["year", "q1"], year__any_of=range(2024, 2030)) == [2024, 2025]
    assert years(year__any_of=[]) == []
    # A subquery stays a subquery.
    assert years(indicator__any_of=Indicator.objects.filter(number=4).values("pk")) == [2023, 2024, 2025]


def test_any_of_sends_one_array_on_postgresql():
    sql, params = Figure.objects.filter(year__any_of=list(range(2000, 3000))).query.sql_with_params()
    if connection.vendor == "postgresql":
        assert "= ANY(%s)" in sql and len(params) == 1 and len(params[0]) == 1000
    else:
        assert sql.count("%s") == len(params) == 1000
