"""Many rows of a model written in one go, for the Excel import: Django's bulk_create and bulk_update compile
every value of every row through the ORM, which dominated a large import. SQLite takes the rows by executemany of one prepared statement; PostgreSQL, where each statement of an
executemany still costs a round of parsing and planning, by COPY (an UPDATE joins a COPYed temporary table).

A row is a dict of column attname → the value as the model holds it, every row with the same keys. Plain
values (integers, text, booleans, foreign keys to them) go to the driver as they are; the others (Decimal,
datetimes, JSON …) through the field's get_db_prep_save, as the ORM would send them. Nothing else of the
ORM runs: no signals, no auto_now, no defaults, no history — the caller writes every column it needs.
"""

from django.db import connections, router

# Internal types whose Python values (a DecimalField's: Decimal) every driver takes as they are; any other
# field is adapted by Django.
PLAIN_TYPES = {
    "AutoField",
    "BigAutoField",
    "SmallAutoField",
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "PositiveBigIntegerField",
    "BooleanField",
    "CharField",
    "TextField",
    "SlugField",
    "DecimalField",  # the ORM sends a Decimal as it is (adapt_decimalfield_value) after Decimal(value)
}


def insert(model, rows: list[dict]) -> None:
    """INSERT the rows; a row without the primary key gets the next one from the database."""
    if not rows:
        return
    connection = _connection(model)
    names = list(rows[0])
    table, columns = _table(connection, model), _columns(connection, model, names)
    params = _params(connection, model, names, rows)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _copy(connection, cursor, table, columns, params)
        else:
            marks = ", ".join(["%s"] * len(names))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", params)


def update(model, rows: list[dict]) -> None:
    """UPDATE each row's other columns where the primary key is the row's."""
    if not rows:
        return
    connection = _connection(model)
    pk = model._meta.pk.attname
    names = [name for name in rows[0] if name != pk]
    table, key = _table(connection, model), _columns(connection, model, [pk])
    quoted = [_columns(connection, model, [name]) for name in names]
    params = _params(connection, model, [*names, pk], rows)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The new values COPYed into a temporary table, then one UPDATE joined to it.
            temporary, columns = "pg_temp.core_bulk_update", ", ".join([*quoted, key])
            cursor.execute(f"DROP TABLE IF EXISTS {temporary}")
            cursor.execute(
                f"CREATE TEMPORARY TABLE core_bulk_update AS SELECT {columns} FROM {table} WITH NO DATA"
            )
            _copy(connection, cursor, temporary, columns, params)
            assignments = ", ".join(f"{column} = incoming.{column}" for column in quoted)
            cursor.execute(
                f"UPDATE {table} SET {assignments} FROM {temporary} AS incoming WHERE {table}.{key} = incoming.{key}"
            )
            cursor.execute(f"DROP TABLE {temporary}")
        else:
            assignments = ", ".join(f"{column} = %s" for column in quoted)
            cursor.executemany(f"UPDATE {table} SET {assignments} WHERE {key} = %s", params)


HISTORY_CHUNK = 5000  # ids per statement, well below SQLite's 32,766 bound parameters


def history_copy(model, ids: list[int], *, history_type: str, user, reason: str, date) -> None:
    """The simple-history rows of the records `ids` just written ("+" created, "~" changed), as simple-history's
    bulk_history_create writes them — every tracked field, the date, type, user and reason — but copied inside the
    database from the rows themselves (INSERT … SELECT), so no value travels from Python and back."""
    if not ids:
        return
    connection, history_model = _connection(model), model.history.model
    quote = connection.ops.quote_name
    tracked = [f.column for f in history_model.tracked_fields]
    extra = ["history_date", "history_type", "history_user_id", "history_change_reason"]
    target = ", ".join(quote(column) for column in [*tracked, *extra])
    source = ", ".join(quote(column) for column in tracked)
    date = history_model._meta.get_field("history_date").get_db_prep_save(date, connection)
    pk = quote(model._meta.pk.column)
    copied = (
        f"INSERT INTO {_table(connection, history_model)} ({target}) "
        f"SELECT {source}, %s, %s, %s, %s FROM {_table(connection, model)} WHERE {pk} "
    )
    fixed = [date, history_type, user.pk if user else None, reason]
    with connection.cursor() as cursor:
        ordered = sorted(ids)
        if ordered[-1] - ordered[0] == len(ordered) - 1 == len(set(ordered)) - 1:  # every key of a range
            cursor.execute(copied + "BETWEEN %s AND %s", [*fixed, ordered[0], ordered[-1]])
            return
        if connection.vendor == "postgresql":
            # One array parameter, written as its text: thousands of placeholders, or psycopg dumping a list of
            # ints one by one, cost more than the copy itself.
            cursor.execute(copied + "= ANY(%s::bigint[])", [*fixed, "{" + ",".join(map(str, ordered)) + "}"])
            return
        for start in range(0, len(ids), HISTORY_CHUNK):
            chunk = ids[start : start + HISTORY_CHUNK]
            cursor.execute(copied + f"IN ({', '.join(['%s'] * len(chunk))})", [*fixed, *chunk])


def select(queryset, names: tuple[str, ...]) -> list[tuple]:
    """The queryset's rows as tuples of the named columns, straight from the driver: for integers and text, the
    same values as values_list() without its per-row conversions."""
    sql, params = queryset.values_list(*names).query.sql_with_params()
    with _connection(queryset.model).cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def defaults(model) -> dict:
    """Every column but the primary key at its default: the start of a new row."""
    return {f.attname: f.get_default() for f in model._meta.concrete_fields if not f.primary_key}


def _connection(model):
    # The connection itself, not django.db.connection: every attribute of that proxy is a thread-local lookup.
    return connections[router.db_for_write(model)]


def _field(model, attname: str):
    return next(f for f in model._meta.concrete_fields if f.attname == attname)


def _table(connection, model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _columns(connection, model, names: list[str]) -> str:
    return ", ".join(connection.ops.quote_name(_field(model, name).column) for name in names)


def _copy(connection, cursor, table: str, columns: str, params: list[tuple]) -> None:
    """PostgreSQL's COPY: the rows in one stream, several times faster than an INSERT each. In the binary format,
    each value dumped as its column's type — read from the table itself, by a query that returns no row — which
    is a third faster than the text format's guess per value (psycopg's errors become Django's, as the cursor's
    own would)."""
    with connection.wrap_database_errors:
        cursor.cursor.execute(f"SELECT {columns} FROM {table} LIMIT 0")
        types = [column.type_code for column in cursor.cursor.description]
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types(types)
            for values in params:
                copy.write_row(values)


def _params(connection, model, names: list[str], rows: list[dict]) -> list[tuple]:
    """Each row's values in the order of names, adapted where the driver needs it."""
    columns = []
    for name in names:
        field = _field(model, name)
        values = [row[name] for row in rows]
        internal_type = (field.target_field if field.is_relation else field).get_internal_type()
        columns.append(values if internal_type in PLAIN_TYPES else _adapted(connection, field, values))
    return list(zip(*columns, strict=True))


def _adapted(connection, field, values: list) -> list:
    """The values as the ORM sends them; a value that is the very object of the row before (the one timestamp of
    every row) is adapted once."""
    adapted, last, done = [], object(), None
    for value in values:
        if value is not last:
            last, done = value, None if value is None else field.get_db_prep_save(value, connection)
        adapted.append(done)
    return adapted
