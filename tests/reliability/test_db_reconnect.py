"""PostgreSQL restarted under a running app: requests fail cleanly while it is away, and the same process
recovers without a restart (CONN_HEALTH_CHECKS checks a kept connection at the start of each request).

A restart is simulated without touching the cluster: a second connection terminates the app connection's
backend (pg_terminate_backend), and refuses new connections for a while (ALLOW_CONNECTIONS false). Requests go
through Django's WSGI handler in one thread, as a gunicorn sync worker serves them: the connection is kept
between requests and request_started/request_finished run the connection checks.
"""

import io
import os
import time
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection, connections

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
        reason="只在 PostgreSQL 上运行：设置 DATABASE_URL=postgres://…",
    ),
    pytest.mark.django_db,
]

# Any session key makes the login page look the session up in the database.
SESSION_COOKIE = "sessionid=" + "k" * 32


class AppThread:
    """One worker thread running the WSGI application, with its own persistent database connection."""

    def __init__(self):
        self.app = WSGIHandler()
        self.pool = ThreadPoolExecutor(max_workers=1)

    def get(self, path: str = "/accounts/login/") -> tuple[int, int | None, float]:
        """(status, backend pid of the kept connection afterwards, seconds taken)."""
        return self.pool.submit(self._get, path).result(timeout=60)

    def _get(self, path: str):
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "127.0.0.1",
            "HTTP_COOKIE": SESSION_COOKIE,
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": io.StringIO(),
            "wsgi.url_scheme": "http",
        }
        status = []
        started = time.monotonic()
        response = self.app(environ, lambda s, headers, exc_info=None: status.append(int(s.split()[0])))
        b"".join(response)
        response.close()  # request_finished: closes a connection that failed or outlived CONN_MAX_AGE
        pid = connection.connection.info.backend_pid if connection.connection is not None else None
        return status[0], pid, time.monotonic() - started

    def close(self):
        self.pool.submit(connections.close_all).result()
        self.pool.shutdown()


@pytest.fixture
def app():
    thread = AppThread()
    yield thread
    thread.close()


@pytest.fixture
def admin():
    """A second connection, as a database administrator's, to the maintenance database."""
    db = settings.DATABASES["default"]
    with psycopg.connect(
        host=db["HOST"] or None,
        port=db["PORT"] or None,
        user=db["USER"] or None,
        password=db["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as conn:
        yield conn


def terminate(admin, pid: int) -> None:
    assert admin.execute("SELECT pg_terminate_backend(%s)", [pid]).fetchone()[0]
    for _ in range(50):  # the backend exits asynchronously
        if not admin.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid]).fetchone():
            return
        time.sleep(0.05)


def allow_connections(admin, allowed: bool) -> None:
    name = settings.DATABASES["default"]["NAME"]
    admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {str(allowed).lower()}')


def test_settings_keep_connections_and_check_them():
    db = settings.DATABASES["default"]
    assert db["CONN_HEALTH_CHECKS"] and db["CONN_MAX_AGE"] > 0


def test_a_dropped_connection_is_replaced_on_the_next_request(app, admin):
    status, pid, _ = app.get()
    assert status == 200 and pid is not None
    assert app.get()[1] == pid  # kept between requests

    terminate(admin, pid)

    status, new_pid, _ = app.get()
    assert status == 200
    assert new_pid not in (None, pid)


def test_requests_fail_cleanly_while_the_database_is_down_and_recover(app, admin):
    status, pid, _ = app.get()
    assert status == 200

    allow_connections(admin, False)
    try:
        terminate(admin, pid)
        down = [app.get() for _ in range(2)]
    finally:
        allow_connections(admin, True)

    assert [status for status, _, _ in down] == [500, 500]
    assert all(seconds < 5 for _, _, seconds in down), down  # an error page at once, no hanging worker
    status, new_pid, _ = app.get()
    assert status == 200 and new_pid not in (None, pid)
