"""Two application instances on one PostgreSQL — two gunicorn servers, as two machines behind a load balancer:
a figure written through one is on the other's next dashboard view and appendix report, although each process
keeps the dashboard it computed (indicators.dashboard, keyed by core.freshness.version).

The servers run as `make serve` does (gunicorn.conf.py, DEBUG off, collected static files), one worker each so
that the second view on B really meets B's warm cache, against the database pytest-django created for this test;
the test is transactional so that what it writes is committed and visible to them."""

import io
import os
import secrets
import subprocess
import sys
from decimal import Decimal
from urllib.parse import quote

import psycopg
import pytest
from django.db import connection
from openpyxl import load_workbook

from benchmarks.load_bench import ROOT, Session, free_port, server_start, server_stop
from departments import roles
from tests.conftest import PASSWORD, make_user

DATABASE_URL = os.environ.get("DATABASE_URL", "")
VALUE = "17.37"  # indicator 4 (市商务局), 2024: above its target, so it needs no explanation


def _postgres_reachable() -> bool:
    if not DATABASE_URL.startswith(("postgres://", "postgresql://")):
        return False
    try:  # the server's maintenance database: the test database does not exist yet
        psycopg.connect(DATABASE_URL.rsplit("/", 1)[0] + "/postgres", connect_timeout=3).close()
    except psycopg.Error:
        return False
    return True


pytestmark = [
    pytest.mark.skipif(
        not _postgres_reachable(),
        reason="需要可连接的 PostgreSQL：设置 DATABASE_URL=postgres://… 后运行",
    ),
    pytest.mark.django_db(transaction=True),
]


def _database_url() -> str:
    """The URL of the database this test runs on (pytest-django's test_… database)."""
    db = connection.settings_dict
    credentials = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{quote(db['NAME'])}"


@pytest.fixture
def servers(plan, tmp_path):
    """Ports of two running gunicorn servers on the test database; stopped however the test ends."""
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),  # the same for both, as for two servers of one site
        "HTTPS": "false",  # plain http on the loopback
        "ALLOWED_HOSTS": "127.0.0.1",
        "GUNICORN_ACCESS_LOG": str(tmp_path / "access.log"),
    }
    command = [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"]
    subprocess.run(command, cwd=ROOT, env=env, check=True, timeout=180, capture_output=True)
    started = []
    try:
        for name in ("a", "b"):
            port = free_port()
            started.append((port, server_start(port, 1, env, tmp_path / f"gunicorn-{name}.log")))
        yield [port for port, _ in started]
    finally:
        for _, server in started:
            server_stop(server)


@pytest.fixture
def accounts(settings):
    """A coordinator and a reporter of 市商务局, with passwords the servers' own hasher checks."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    make_user("coord-2", roles.COORDINATOR, "gxj")
    make_user("swj-2", roles.REPORTER, "swj")


def signed_in(port: int, username: str) -> Session:
    session = Session(port, username)
    session.login(PASSWORD)
    return session


def figure_value_on_dashboard(session: Session) -> bool:
    response = session.request("GET", "/dashboard/?year=2024")
    assert response.status == 200, response.text[-2000:]
    return f">{VALUE}<" in response.text


def figure_value_in_report(session: Session) -> bool:
    response = session.request("GET", "/reports/appendix.xlsx?year=2024")
    assert response.status == 200, response.text[-2000:]
    sheet = load_workbook(io.BytesIO(response.body)).active
    return any(cell.value == float(Decimal(VALUE)) for row in sheet.iter_rows() for cell in row)


def test_a_figure_saved_on_one_instance_shows_on_the_other(servers, accounts):
    a, b = servers
    reader = signed_in(b, "coord-2")
    assert not figure_value_on_dashboard(reader)
    assert not figure_value_on_dashboard(reader)  # now served from B's own cache
    assert not figure_value_in_report(reader)

    writer = signed_in(a, "swj-2")
    assert writer.request("GET", "/entry/2024/4/").status == 200  # the CSRF cookie, as a browser gets it
    response = writer.post("/entry/2024/4/", {"value": VALUE, "version": "0", "submit": "1"})
    assert response.status == 302, response.text[-2000:]

    assert figure_value_on_dashboard(reader), "B 的看板仍显示写入前的缓存"
    assert figure_value_in_report(reader), "B 的附表未包含在 A 上报送的数据"
