"""The upload and its preview are stored without PostgreSQL's compression attempt (imports/0004): both are
compressed already, so the attempt would only cost time."""

import pytest
from django.db import connection

from imports.models import ImportBatch

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite 没有列存储方式的设置")
def test_upload_and_preview_columns_are_stored_external():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname, attstorage FROM pg_attribute WHERE attrelid = %s::regclass AND attname = ANY(%s)",
            [ImportBatch._meta.db_table, ["file_data", "rows"]],
        )
        assert dict(cursor.fetchall()) == {"file_data": "e", "rows": "e"}
