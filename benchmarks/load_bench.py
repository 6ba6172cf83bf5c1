"""Load test of a real gunicorn: logged-in sessions viewing the dashboard, saving figures and importing Excel.

    .venv/bin/python benchmarks/load_bench.py [--seconds 60] [--clients 8] [--workers N] [--postgres [URL]]
                                              [--kill-connections]

Starts its own gunicorn (gunicorn.conf.py as `make serve`: DEBUG off, whitenoise) on a free loopback port
against a throwaway database — a SQLite file, or with --postgres a new PostgreSQL database dropped afterwards —
holding the plan, the demo accounts and the demo figures. Then, with the standard library only (http.client and
threads), for --seconds in all:
  1. every client on the login page (a trivial view), then every client on the dashboard, for the same time:
     the ratio of their throughputs (goal: the dashboard ≥ 30% of the trivial view), then every client on the
     API's standings with a token, then every client anonymously on the 政务公开 page of a published year
     (goal for both: ≥ 50% of the trivial view);
  2. the mixed load for the rest of the time: dashboards; figure entry (GET the form, POST a unique value with
     its CSRF token and version field); Excel imports (upload, preview page, confirm).
Afterwards it checks in the database that every figure saved exists once, holds the last value saved and has
one history row per save, and that every confirmed import was imported. It prints a table and exits non-zero on
any error or failed check. --kill-connections (PostgreSQL) terminates every server connection half-way through
the mixed load, as a database restart would: requests then in flight fail, the following ones must succeed.
"""

import argparse
import http.client
import io
import itertools
import os
import re
import runpy
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
YEAR = 2025  # the demo approves 2025's annual figures; its quarters are free for entry and import
ENTRY_PERIODS = ("q1", "h1")
IMPORT_PERIOD = "q3"
ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
KINDS = {
    "trivial": "登录页（基准）",
    "dashboard_alone": "看板（单独）",
    "api_standings": "接口 standings",
    "public_page": "政务公开页",
    "dashboard": "看板",
    "entry_form": "打开填报页",
    "entry_save": "保存填报",
    "import_upload": "上传 Excel",
    "import_preview": "导入预览",
    "import_confirm": "确认导入",
}


# HTTP: one connection per request (gunicorn's sync workers close it after each response).


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class Session:
    """A browser's cookie jar over http.client."""

    def __init__(self, port: int, username: str = "", token: str = ""):
        self.port, self.username, self.cookies, self.token = port, username, {}, token

    def request(self, method: str, path: str, body: bytes | None = None, content_type: str = "") -> Response:
        headers = {"Host": "127.0.0.1", "User-Agent": "load_bench"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if content_type:
            headers["Content-Type"] = content_type
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            conn.request(method, path, body, headers)
            response = conn.getresponse()
            data = response.read()
        finally:
            conn.close()
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            value = rest.split(";")[0]
            if value.strip('"') and "max-age=0" not in cookie.lower():
                self.cookies[name.strip()] = value
            else:
                self.cookies.pop(name.strip(), None)
        return Response(response.status, response.headers, data)

    def post(self, path: str, fields: dict, files: dict | None = None) -> Response:
        fields = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **fields}
        if files:
            body, content_type = multipart(fields, files)
        else:
            body, content_type = urllib.parse.urlencode(fields).encode(), "application/x-www-form-urlencoded"
        return self.request("POST", path, body, content_type)

    def login(self, password: str) -> None:
        self.request("GET", "/accounts/login/")
        response = self.post("/accounts/login/", {"username": self.username, "password": password})
        if response.status != 302:
            raise RuntimeError(f"{self.username} 登录失败：HTTP {response.status}")


def multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    for name, (file_name, data) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{file_name}"\r\n'
            "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n"
        )
        parts.append(head.encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html) or re.search(
        rf'value="([^"]*)" name="{name}"', html
    )
    if not match:
        raise ValueError(f"页面中没有 {name} 字段")
    return match.group(1)


# Measurements


@dataclass
class Stats:
    latencies: dict = field(default_factory=lambda: defaultdict(list))
    errors: list = field(default_factory=list)  # (time, kind, message)

    def call(self, kind: str, expected: int, send, *args) -> Response | None:
        """Time send(*args); a transport error or an unexpected status is an error (and None)."""
        started = time.perf_counter()
        try:
            response = send(*args)
        except (OSError, http.client.HTTPException) as e:
            self.errors.append((time.monotonic(), kind, f"{type(e).__name__}: {e}"))
            return None
        self.latencies[kind].append(time.perf_counter() - started)
        if response.status != expected:
            self.errors.append((time.monotonic(), kind, f"HTTP {response.status}（应为 {expected}）"))
            return None
        return response


@dataclass
class Slot:
    """A figure one client saves again and again: its last value known saved, and how many saves."""

    code: str
    period: str
    username: str = ""
    value: str | None = None
    saves: int = 0
    # A save whose request failed may or may not have been written: the values tried since the last save
    # known to succeed, and how many such saves there were in all.
    late: set = field(default_factory=set)
    unknown: int = 0

    @property
    def path(self) -> str:
        suffix = "" if self.period == "year" else f"{self.period}/"
        return f"/entry/{YEAR}/{self.code}/{suffix}"


MARKERS = itertools.count(1)


def marker() -> str:
    """A value the last saves did not use, so the database shows which save came last; within every series'
    valid range (10.0–89.9: the load exercises the writes, not the 数据质量 refusals)."""
    return f"{10 + next(MARKERS) % 800 / 10:.1f}"


def trivial_client(port: int, stats: Stats, kind: str, stop: threading.Event):
    session = Session(port)
    while not stop.is_set():
        stats.call(kind, 200, session.request, "GET", "/accounts/login/")


def dashboard_client(session: Session, stats: Stats, kind: str, stop: threading.Event):
    for year in itertools.cycle((2024, 2025, 2023)):
        if stop.is_set():
            return
        stats.call(kind, 200, session.request, "GET", f"/dashboard/?year={year}")


def api_client(session: Session, stats: Stats, kind: str, stop: threading.Event):
    """A machine reading the standings with its token (the 城运中心 big screen)."""
    for year in itertools.cycle((2024, 2025, 2023)):
        if stop.is_set():
            return
        stats.call(kind, 200, session.request, "GET", f"/api/v1/plans/mfg2023/standings/?year={year}")


def public_client(port: int, stats: Stats, kind: str, stop: threading.Event):
    """An anonymous reader of the 政务公开 page (no session: the page is the same for everyone)."""
    session = Session(port)
    for year in itertools.cycle((2024, 2025)):
        if stop.is_set():
            return
        stats.call(kind, 200, session.request, "GET", f"/public/mfg2023/?year={year}")


def entry_client(sessions: dict, slots: list[Slot], stats: Stats, stop: threading.Event):
    for slot in itertools.cycle(slots):
        if stop.is_set():
            return
        session = sessions[slot.username]
        page = stats.call("entry_form", 200, session.request, "GET", slot.path)
        if page is None:
            continue
        value = marker()
        try:
            fields = {
                "csrfmiddlewaretoken": hidden(page.text, "csrfmiddlewaretoken"),
                "version": hidden(page.text, "version"),
                "value": value,
                "explanation": f"负载测试保存 {value}",
                "save": "",
            }
        except ValueError as e:
            stats.errors.append((time.monotonic(), "entry_form", f"{slot.path}：{e}"))
            continue
        if stats.call("entry_save", 302, session.post, slot.path, fields):
            slot.value, slot.saves = value, slot.saves + 1
            slot.late.clear()
        else:
            slot.late.add(value)
            slot.unknown += 1


@dataclass
class Imports:
    codes: list[str]
    sent: dict = field(default_factory=dict)  # batch id → {code: value}
    confirmed: set = field(default_factory=set)  # batch ids whose confirm answered as expected


def import_file(values: dict[str, str]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["负载测试导入"])
    # The demo's 2024 misses promised to catch up: a later period answers whether it did, as the form asks.
    ws.append(["序号", "年度", "期间", "完成值", "说明", "上期整改是否见效"])
    for code, value in values.items():
        ws.append([int(code), YEAR, "前三季度", float(value), f"负载测试导入 {value}", "部分赶上"])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def import_client(session: Session, imports: Imports, stats: Stats, stop: threading.Event):
    for n in itertools.count(1):
        if stop.is_set():
            return
        values = {code: marker() for code in imports.codes}
        files = {"file": (f"负载测试-{n}.xlsx", import_file(values))}
        upload = stats.call("import_upload", 302, session.post, "/imports/", {}, files)
        if upload is None:
            continue
        path = urllib.parse.urlsplit(upload.headers["Location"]).path
        batch_id = int(path.strip("/").split("/")[-1])
        imports.sent[batch_id] = values
        if stats.call("import_preview", 200, session.request, "GET", path) is None:
            continue
        if stats.call("import_confirm", 302, session.post, f"{path}confirm/", {}):
            imports.confirmed.add(batch_id)


def run_phase(targets: list, seconds: float, fault=None) -> float:
    """Run the client loops for `seconds`; returns the wall time until all of them stopped."""
    stop = threading.Event()
    threads = [threading.Thread(target=t, args=(*args, stop), daemon=True) for t, *args in targets]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    if fault:
        time.sleep(seconds / 2)
        fault()
        time.sleep(seconds / 2)
    else:
        time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    return time.monotonic() - started


# The server and its database


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_prepare(args, tmp: Path) -> str:
    """Create the throwaway database and return its DATABASE_URL."""
    if not args.postgres:
        return f"sqlite:///{tmp / 'load.sqlite3'}"
    import psycopg

    name = f"jiangyin_load_{os.getpid()}"
    with psycopg.connect(args.postgres, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    parts = urllib.parse.urlsplit(args.postgres)
    return urllib.parse.urlunsplit(parts._replace(scheme="postgres", path=f"/{name}"))


def database_drop(args, url: str) -> None:
    if args.postgres:
        import psycopg

        name = urllib.parse.urlsplit(url).path.lstrip("/")
        with psycopg.connect(args.postgres, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def connections_kill(args, url: str) -> int:
    """Terminate every connection to the benchmark database (the server's), as a restart of PostgreSQL would."""
    import psycopg

    name = urllib.parse.urlsplit(url).path.lstrip("/")
    with psycopg.connect(args.postgres, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        ).fetchall()
    return len(rows)


def server_start(port: int, workers: int, env: dict, log: Path) -> subprocess.Popen:
    command = [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", str(workers)]
    with log.open("wb") as out:
        server = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn 启动失败：\n{log.read_text()[-3000:]}")
        try:
            if Session(port).request("GET", "/accounts/login/").status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    server_stop(server)
    raise RuntimeError(f"gunicorn 60 秒内未就绪：\n{log.read_text()[-3000:]}")


def server_stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)  # the process group started for it: master and workers
        try:
            server.wait(timeout=40)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


# Report


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def table(stats: Stats, kinds: list[str], seconds: float, errors: dict) -> list[str]:
    lines = []
    for kind in kinds:
        times = stats.latencies.get(kind, [])
        p50 = f"{percentile(times, 0.5) * 1000:9.1f}" if times else f"{'—':>9}"
        p95 = f"{percentile(times, 0.95) * 1000:9.1f}" if times else f"{'—':>9}"
        label = KINDS[kind]
        pad = " " * (14 - sum(2 if ord(c) > 127 else 1 for c in label))
        lines.append(
            f"  {label}{pad}{len(times):>7} {len(times) / seconds:>10.1f} {p50} {p95} {errors.get(kind, 0):>6}"
        )
    return lines


def verify(slots: list[Slot], imports: Imports) -> list[str]:
    """Problems found in the database: a figure saved is there once, with the last value and its history."""
    from imports.models import ImportBatch
    from indicators.models import Figure

    problems = []
    for slot in slots:
        figures = list(Figure.objects.filter(indicator__code=slot.code, year=YEAR, period=slot.period))
        if not figures and not slot.saves:  # nothing saved, or only failed attempts that wrote nothing
            continue
        if len(figures) != 1:
            problems.append(f"{slot.path}：应有 1 条数据，实有 {len(figures)} 条")
            continue
        figure, allowed = figures[0], {slot.value, *slot.late} - {None}
        if figure.value not in {Decimal(v) for v in allowed}:
            problems.append(f"{slot.path}：值为 {figure.value}，最后保存的是 {slot.value}")
        history = figure.history.count()
        if not slot.saves <= history <= slot.saves + slot.unknown:
            problems.append(
                f"{slot.path}：修改记录 {history} 条，保存成功 {slot.saves} 次、结果不明 {slot.unknown} 次"
            )
    statuses = dict(ImportBatch.objects.filter(pk__in=imports.sent).values_list("pk", "status"))
    imported = sorted(pk for pk, status in statuses.items() if status == ImportBatch.Status.IMPORTED)
    if missing := imports.confirmed - set(imported):
        problems.append(f"确认成功的导入批次 {sorted(missing)} 未标记为已导入")
    if imported:
        last = imports.sent[imported[-1]]
        for code, value in last.items():
            figures = list(Figure.objects.filter(indicator__code=code, year=YEAR, period=IMPORT_PERIOD))
            if len(figures) != 1 or figures[0].value != Decimal(value):
                problems.append(
                    f"指标 {code} 前三季度：应为最后导入的 {value}，实为 {[f.value for f in figures]}"
                )
            elif figures[0].history.count() != len(imported):
                problems.append(
                    f"指标 {code} 前三季度：修改记录 {figures[0].history.count()} 条，导入 {len(imported)} 次"
                )
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60, help="总时长（秒），默认 60")
    parser.add_argument("--clients", type=int, default=8, help="并发客户端（线程）数，默认 8")
    parser.add_argument(
        "--workers", type=int, help="gunicorn 工作进程数，默认同 make serve（gunicorn.conf.py）"
    )
    parser.add_argument(
        "--postgres",
        nargs="?",
        const=ADMIN_URL,
        help=f"在新建的 PostgreSQL 库上测（管理连接，默认 {ADMIN_URL}）",
    )
    parser.add_argument(
        "--kill-connections", action="store_true", help="混合负载中途断开服务器的全部数据库连接"
    )
    args = parser.parse_args()
    if args.kill_connections and not args.postgres:
        parser.error("--kill-connections 需要 --postgres")
    if args.clients < 3:
        parser.error("--clients 至少为 3（看板、填报、导入各一个）")

    workers = args.workers or runpy.run_path(str(ROOT / "gunicorn.conf.py"))["workers"]
    password = secrets.token_urlsafe(12)
    tmp = Path(tempfile.mkdtemp(prefix="load_bench_"))
    url = database_prepare(args, tmp)
    sys.path.insert(0, str(ROOT))
    os.environ.update(
        DATABASE_URL=url,
        DEBUG="true",  # for seed_demo in this process; the server runs with DEBUG off
        DEMO_PASSWORD=password,
        LOG_LEVEL="WARNING",
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiangyin_mfg.settings")
    server_env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "HTTPS": "false",  # plain http on the loopback, no TLS proxy in front
        "ALLOWED_HOSTS": "127.0.0.1",
        "GUNICORN_ACCESS_LOG": str(tmp / "access.log"),
        "API_TOKEN_RATE": "1000000/s",  # the load measures the endpoint, not its throttle
    }
    server, status = None, 1
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections

        from indicators.models import IndicatorDepartment

        print(
            f"准备数据库（{'PostgreSQL' if args.postgres else 'SQLite'}）：迁移、规划、演示账号与演示数据……"
        )
        call_command("migrate", verbosity=0)
        call_command("load_plan", stdout=io.StringIO())
        call_command("seed_demo", "--figures", stdout=io.StringIO())
        token_output = io.StringIO()
        call_command("api_token", "create", "load_bench", stdout=token_output)
        token = token_output.getvalue().split()[-1]
        for year in (2024, 2025):
            call_command("publish_plan", "mfg2023", "--year", str(year), stdout=io.StringIO())
        # Series a plain decimal value may be saved into at any quarter: not counts (whole numbers) and not
        # year-to-date totals (a quarter above the approved year would be refused).
        leads = (
            IndicatorDepartment.objects.filter(order=0, indicator__number__isnull=False)
            .exclude(indicator__quality_rule__whole=True)
            .exclude(indicator__ytd_mode="flow")
            .select_related("indicator", "department")
        )
        slots = sorted(
            (
                Slot(link.indicator.code, period, link.department.code)
                for link in leads
                for period in ENTRY_PERIODS
            ),
            key=lambda s: (s.username, s.code, s.period),
        )
        import_codes = sorted({link.indicator.code for link in leads}, key=int)
        connections.close_all()
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=ROOT,
            env=server_env,
            check=True,
        )
        port = free_port()
        server = server_start(port, workers, server_env, tmp / "gunicorn.log")
        report = load_run(args, port, password, slots, import_codes, url, token)
        server_stop(server)
        server = None
        problems = verify(slots, report["imports"])
        status = report_print(args, workers, report, slots, problems, tmp / "gunicorn.log")
        return status
    finally:
        if server is not None:
            server_stop(server)
        if "django.db" in sys.modules:
            from django.db import connections

            connections.close_all()
        database_drop(args, url)
        if status == 0:
            shutil.rmtree(tmp)
        else:
            print(f"服务器日志保留在 {tmp}（gunicorn.log、access.log）")


def load_run(
    args, port: int, password: str, slots: list[Slot], import_codes: list[str], url: str, token: str
) -> dict:
    clients = args.clients
    dashboards = max(1, clients // 4)
    reporters = clients - dashboards - 1
    calibrate = max(2.0, args.seconds * 0.15)
    mixed = max(2.0, args.seconds - 4 * calibrate)

    viewers = [Session(port, ("coordinator", "leader")[i % 2]) for i in range(clients)]
    size = -(-len(slots) // reporters)
    chunks = [slots[i : i + size] for i in range(0, len(slots), size)]
    desks = [{name: Session(port, name) for name in {s.username for s in chunk}} for chunk in chunks]
    importer = Session(port, "importer")
    everyone = viewers + [s for desk in desks for s in desk.values()] + [importer]
    print(f"登录 {len(everyone)} 个会话……")
    with ThreadPoolExecutor(max_workers=clients) as pool:
        list(pool.map(lambda s: s.login(password), everyone))

    stats, imports, faults = Stats(), Imports(import_codes), []
    elapsed = {}
    print(f"基准：全部 {clients} 个客户端请求登录页、看板、接口 standings、政务公开页各 {calibrate:.0f} 秒……")
    elapsed["trivial"] = run_phase([(trivial_client, port, stats, "trivial")] * clients, calibrate)
    elapsed["dashboard_alone"] = run_phase(
        [(dashboard_client, s, stats, "dashboard_alone") for s in viewers], calibrate
    )
    elapsed["api_standings"] = run_phase(
        [(api_client, Session(port, token=token), stats, "api_standings")] * clients, calibrate
    )
    elapsed["public_page"] = run_phase([(public_client, port, stats, "public_page")] * clients, calibrate)
    print(f"混合负载 {mixed:.0f} 秒：{dashboards} 个看板、{len(chunks)} 个填报、1 个导入客户端……")
    targets = [(dashboard_client, s, stats, "dashboard") for s in viewers[:dashboards]]
    targets += [(entry_client, desk, chunk, stats) for desk, chunk in zip(desks, chunks, strict=True)]
    targets += [(import_client, importer, imports, stats)]

    def fault():
        faults.append((time.monotonic(), connections_kill(args, url)))
        print(f"  已断开服务器的 {faults[-1][1]} 个数据库连接")

    elapsed["mixed"] = run_phase(targets, mixed, fault if args.kill_connections else None)
    return {
        "stats": stats,
        "imports": imports,
        "faults": faults,
        "elapsed": elapsed,
        "calibrate": calibrate,
        "mixed": mixed,
        "shape": (dashboards, len(chunks)),
    }


MIXED_KINDS = ["dashboard", "entry_form", "entry_save", "import_upload", "import_preview", "import_confirm"]
FAULT_WINDOW = 5  # seconds after the connections were killed in which failing requests are the fault's


def report_print(args, workers: int, report: dict, slots: list[Slot], problems: list[str], log: Path) -> int:
    stats, elapsed = report["stats"], report["elapsed"]
    fault_times = [t for t, _ in report["faults"]]
    errors, fault_errors = defaultdict(int), []
    for at, kind, message in stats.errors:
        if any(0 <= at - t <= FAULT_WINDOW for t in fault_times):
            fault_errors.append((kind, message))
        else:
            errors[kind] += 1
    db = "PostgreSQL" if args.postgres else "SQLite"
    cpus = runpy.run_path(str(ROOT / "gunicorn.conf.py"))["cpu_count"]()
    header = (
        f"  {'类别':<12}{'请求数':>6} {'吞吐（次/秒）':>8} {'p50（毫秒）':>7} {'p95（毫秒）':>7} {'错误':>4}"
    )
    lines = [
        "",
        f"负载测试：gunicorn {workers} 个工作进程（{cpus} 个 CPU），{db}，{args.clients} 个并发客户端，共 {args.seconds:.0f} 秒",
        f"基准（全部客户端同一请求，各 {report['calibrate']:.0f} 秒）：",
        header,
        *table(stats, ["trivial"], elapsed["trivial"], errors),
        *table(stats, ["dashboard_alone"], elapsed["dashboard_alone"], errors),
        *table(stats, ["api_standings"], elapsed["api_standings"], errors),
        *table(stats, ["public_page"], elapsed["public_page"], errors),
        f"混合负载（{report['mixed']:.0f} 秒；{report['shape'][0]} 个看板、{report['shape'][1]} 个填报、1 个导入客户端）：",
        header,
        *table(stats, MIXED_KINDS, elapsed["mixed"], errors),
    ]
    total = sum(len(stats.latencies.get(k, [])) for k in MIXED_KINDS)
    lines.append(f"混合负载合计：{total} 次请求，{total / elapsed['mixed']:.1f} 次/秒")
    trivial = len(stats.latencies["trivial"]) / elapsed["trivial"]
    dashboard = len(stats.latencies["dashboard_alone"]) / elapsed["dashboard_alone"]
    ratio = dashboard / trivial if trivial else 0
    lines.append(
        f"看板吞吐 / 登录页吞吐：{ratio:.2f}（{dashboard:.1f} / {trivial:.1f} 次/秒；目标 ≥ 0.30）"
        + ("达到" if ratio >= 0.3 else "未达到")
    )
    api = len(stats.latencies["api_standings"]) / elapsed["api_standings"]
    api_ratio = api / trivial if trivial else 0
    lines.append(
        f"接口 standings 吞吐 / 登录页吞吐：{api_ratio:.2f}（{api:.1f} / {trivial:.1f} 次/秒；目标 ≥ 0.50）"
        + ("达到" if api_ratio >= 0.5 else "未达到")
    )
    public = len(stats.latencies["public_page"]) / elapsed["public_page"]
    public_ratio = public / trivial if trivial else 0
    lines.append(
        f"政务公开页吞吐 / 登录页吞吐：{public_ratio:.2f}（{public:.1f} / {trivial:.1f} 次/秒；目标 ≥ 0.50）"
        + ("达到" if public_ratio >= 0.5 else "未达到")
    )
    error_count = sum(errors.values())
    lines.append(f"错误：{error_count}")
    grouped = Counter((kind, message) for _, kind, message in stats.errors)
    lines += [f"  {KINDS[kind]}：{message} × {n}" for (kind, message), n in grouped.most_common(5)]
    if stats.errors:
        exceptions = Counter(re.findall(r"^([\w.]+(?:Error|Exception): .*)$", log.read_text(), re.MULTILINE))
        lines += [f"  服务器日志：{text} × {n}" for text, n in exceptions.most_common(3)]
    if report["faults"]:
        killed = sum(n for _, n in report["faults"])
        lines.append(
            f"故障：断开 {killed} 个数据库连接，其后 {FAULT_WINDOW} 秒内失败 {len(fault_errors)} 次请求"
            f"（{'、'.join(sorted({KINDS[k] for k, _ in fault_errors})) or '无'}），之后的请求全部成功"
            if not error_count
            else f"故障：断开 {killed} 个数据库连接，其后 {FAULT_WINDOW} 秒内失败 {len(fault_errors)} 次请求"
        )
    saved = [s for s in slots if s.saves]
    imported = len(report["imports"].confirmed)
    lines.append(
        f"校验：{'通过' if not problems else '未通过'}（{len(saved)} 条填报数据共保存 {sum(s.saves for s in saved)} 次，"
        f"{imported} 次导入；每条数据只有一条、为最后保存的值、修改记录与保存次数一致）"
    )
    lines += [f"  {p}" for p in problems[:20]]
    print("\n".join(lines))
    return 1 if error_count or problems else 0


if __name__ == "__main__":
    sys.exit(main())
