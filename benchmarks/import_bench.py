"""Excel import benchmark: 10,000 figure rows (1,000 indicators × 10 years) in a throwaway database.

    .venv/bin/python benchmarks/import_bench.py [--indicators 1000] [--years 10] [--postgres [URL]]

With --postgres the same run measures SQLite and PostgreSQL, each in its own process, their rounds taken in turn
(SQLite, PostgreSQL, SQLite …) so both see the same machine; it prints each database's block and how
PostgreSQL's ratios compare with SQLite's.

Prints, in one run: the bare python-calamine parse of the file, our dry run (read → validate → plan) and
our commit (preview stored + import_confirm with bulk writes and history), the floor — what any import that
keeps the hostile-file checks and a history row per figure must do: the sandboxed check-and-parse, then the rows
written as they are with their history — a django-import-export ModelResource import of the same rows with
its defaults, the ratios between them and the peak RSS. Each of ours runs REPEAT (7) times, interleaved with the
bare parse, and the medians are compared (the machines are noisy).
Goals: our commit ≤ 4× the bare parse (#16; unreachable while the floor alone is more — the floor line shows
it), and ≥ 10× faster than import-export's default.

Runs as production does: DEBUG is switched off after setup, so neither side pays for the debug cursor that
records every query, and the heap loaded so far is frozen out of the collector's sight (gunicorn.conf.py). The database is a SQLite file, or with --postgres a new PostgreSQL database (created
through the admin URL, default postgres://postgres@127.0.0.1:5432/postgres) dropped afterwards.
"""

import argparse
import gc
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import time
import urllib.parse
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SQLITE = Path(f"/tmp/import_bench_{os.getpid()}.sqlite3")
ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
REPEAT = 7  # rounds per database: with three, one noisy round moved the PostgreSQL/SQLite ratio by ±0.2
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiangyin_mfg.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")


def database_create(admin_url: str | None) -> str:
    """A new empty database; its DATABASE_URL."""
    if not admin_url:
        SQLITE.unlink(missing_ok=True)
        return f"sqlite:///{SQLITE}"
    import psycopg

    name = f"jiangyin_import_bench_{os.getpid()}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    parts = urllib.parse.urlsplit(admin_url)
    return urllib.parse.urlunsplit(parts._replace(scheme="postgres", path=f"/{name}"))


def database_drop(admin_url: str | None, url: str) -> None:
    if not admin_url:
        for suffix in ("", "-wal", "-shm"):  # WAL mode's companions stay if the run died with the file open
            SQLITE.with_name(SQLITE.name + suffix).unlink(missing_ok=True)
        return
    import psycopg

    name = urllib.parse.urlsplit(url).path.lstrip("/")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def setup_database(url: str):
    os.environ["DATABASE_URL"] = url
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.DEBUG = False  # as in production: no debug cursor recording every query
    call_command("migrate", verbosity=0)


def make_plan(indicators: int, years: range):
    """A plan over `years` of `indicators` numbered indicators led by one department, and an importer account."""
    from django.contrib.auth.models import Group

    from departments import roles
    from departments.models import Department, User
    from indicators.models import Category, Indicator, IndicatorDepartment
    from plans.models import Plan

    roles.roles_sync()
    plan = Plan.objects.create(
        code="bench", name="基准规划", short_name="基准", baseline_year=years[0] - 1, target_years=list(years)
    )
    department = Department.objects.create(code="bench", name="市基准局", short_name="基准局", kind="委办局")
    category = Category.objects.create(plan=plan, name="基准", sort_order=1)
    Indicator.objects.bulk_create(
        Indicator(
            plan=plan, number=n, code=str(n), category=category, name=f"基准指标{n}", unit="%", precision=1
        )
        for n in range(1, indicators + 1)
    )
    IndicatorDepartment.objects.bulk_create(
        IndicatorDepartment(indicator=i, department=department, order=0) for i in Indicator.objects.all()
    )
    user = User.objects.create_user("bench-importer", department=department)
    user.groups.add(Group.objects.get(name=roles.IMPORTER))
    return user


def make_file(indicators: int, years: range) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("基准局")
    ws.append(["2016—2025年基准数据"])
    ws.append(["序号", "指标", "年度", "期间", "完成值", "排名", "说明", "责任部门", "状态"])
    for year in years:
        for n in range(1, indicators + 1):
            note = "按统计快报" if n % 3 == 0 else None
            ws.append(
                [
                    n,
                    f"基准指标{n}",
                    year,
                    "全年",
                    round(30 + n / 7 + year % 10, 1),
                    None,
                    note,
                    "市基准局",
                    "",
                ]
            )
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def seconds_of(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def timed(label: str, results: dict, function):
    started = time.perf_counter()
    value = function()
    results[label] = time.perf_counter() - started
    return value


def bare_parse(data: bytes):
    import python_calamine

    workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    return [workbook.get_sheet_by_name(name).to_python() for name in workbook.sheet_names]


def floor(user, data: bytes, years: range) -> float:
    """What any import must do that keeps #12's hostile-file checks and a history row per figure, with nothing
    else: the sandboxed check-and-parse of the upload, then the rows written as they are (core.bulk, as our
    commit writes) with their history copied — no validation, no plan, no preview, no locks. Seconds."""
    from django.db import transaction
    from django.utils import timezone

    from core import bulk
    from imports.files import read_upload
    from indicators.models import Figure, Indicator

    started = time.perf_counter()
    sheet = read_upload("bench.xlsx", data)[0]
    ids = dict(Indicator.objects.values_list("number", "id"))
    blank, now = bulk.defaults(Figure), timezone.now()
    rows = [
        {
            **blank,
            "indicator_id": ids[int(r[0])],
            "year": int(r[2]),
            "period": "year",
            "value": Decimal(str(r[4])),
        }
        | {"status": "submitted", "updated_by_id": user.pk, "updated_at": now, "submitted_at": now}
        for r in sheet.rows[2:]
    ]
    with transaction.atomic():
        bulk.insert(Figure, rows)
        written = [pk for (pk,) in bulk.select(Figure.objects.order_by(), ("pk",))]
        bulk.history_copy(Figure, written, history_type="+", user=user, reason="floor", date=now)
    seconds = time.perf_counter() - started
    assert Figure.objects.count() == len(rows) == Figure.history.count()
    figures_clear()
    return seconds


def figures_clear():
    """Every figure and its history gone, so that the next round writes into empty tables as the first did. On
    PostgreSQL by TRUNCATE: a DELETE leaves every row and index entry behind as a dead tuple until a vacuum,
    which the next round's inserts and unique checks would wade through — a state no real import starts from."""
    from django.db import connection

    from indicators.models import Figure

    if connection.vendor == "postgresql":
        tables = [Figure._meta.db_table, Figure.history.model._meta.db_table]
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {', '.join(tables)} CASCADE")
        return
    Figure.objects.all().delete()
    Figure.history.all().delete()


def import_export_resource():
    from import_export import fields, resources, widgets

    from indicators.models import Figure, Indicator

    class PeriodWidget(widgets.Widget):
        def clean(self, value, row=None, **kwargs):
            return {"全年": "year", "一季度": "q1", "上半年": "h1", "前三季度": "q3"}[value]

    class FigureResource(resources.ModelResource):
        indicator = fields.Field(
            attribute="indicator", column_name="序号", widget=widgets.ForeignKeyWidget(Indicator, "number")
        )
        year = fields.Field(attribute="year", column_name="年度", widget=widgets.IntegerWidget())
        period = fields.Field(attribute="period", column_name="期间", widget=PeriodWidget())
        value = fields.Field(attribute="value", column_name="完成值", widget=widgets.DecimalWidget())
        explanation = fields.Field(attribute="explanation", column_name="说明")

        class Meta:
            model = Figure
            fields = ("indicator", "year", "period", "value", "explanation")
            import_id_fields = ("indicator", "year", "period")

    return FigureResource()


def timed_phases(user, data: bytes, years: range) -> dict:
    """The commit again, step by step: where the time goes."""
    from imports import layout, plan, services
    from imports.catalog import Catalog
    from imports.files import read_upload
    from imports.rows import Preview, Rows
    from imports.validate import table_validate

    phases = {}
    planned_on = plan.stamp(user)
    sheets = timed("读取（子进程中检查并解析）", phases, lambda: read_upload("bench.xlsx", data))

    def validate():
        rows, catalog = Rows(), Catalog.current()
        for sheet in sheets:
            table = layout.find_table(sheet)
            table_validate(table, catalog, list(years), rows)
        return rows

    rows = timed("校验（按列）", phases, validate)
    timed(
        "比对（含数据质量）", phases, lambda: plan.rows_plan(rows, user=user, figures=plan.figures_for(rows))
    )
    preview = Preview(rows, planned_on=planned_on)
    batch = timed(
        "保存预览",
        phases,
        lambda: services.batch_create(user=user, file_name="bench.xlsx", data=data, preview=preview),
    )
    timed("确认（复核并写入）", phases, lambda: services.import_confirm(user=user, batch_id=batch.pk))
    assert Rows.from_json(type(batch).objects.get(pk=batch.pk).rows).count("new") == len(rows)
    return phases


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--indicators", type=int, default=1000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument(
        "--postgres",
        nargs="?",
        const=ADMIN_URL,
        help=f"同一次运行中先后在 SQLite 和新建的 PostgreSQL 库上测（管理连接，默认 {ADMIN_URL}）",
    )
    parser.add_argument(
        "--child", help=argparse.SUPPRESS
    )  # "sqlite" or the admin URL: one database's process
    args = parser.parse_args()
    if args.child:
        admin = None if args.child == "sqlite" else args.child
        url = database_create(admin)
        try:
            child(args, url)
        finally:
            database_drop(admin, url)
        return
    databases = {"SQLite": "sqlite", **({"PostgreSQL": args.postgres} if args.postgres else {})}
    size = ["--indicators", str(args.indicators), "--years", str(args.years)]
    children = {
        name: subprocess.Popen(
            [sys.executable, __file__, "--child", target, *size],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for name, target in databases.items()
    }
    try:
        for process in children.values():
            print(process.stdout.readline().rstrip())  # the file and database line, once set up
        samples = {name: [] for name in children}
        for _ in range(REPEAT):  # the machine is shared and noisy: the databases take their rounds in turn
            for name, process in children.items():
                samples[name].append(ask(process, "round"))
        results = {
            name: {**ask(process, "finish"), "rounds": samples[name]} for name, process in children.items()
        }
    finally:
        for process in children.values():
            if process.poll() is None:
                process.kill()
    bare = pooled_bare(results)
    if os.environ.get("BENCH_ROUNDS"):  # every round's seconds, to see how noisy the machine was
        for name, result in results.items():
            print(name, [{k: round(v, 3) for k, v in r.items()} for r in result["rounds"]])
    for name, result in results.items():
        report(name, result, bare, several=len(results) > 1)
    if len(results) > 1:
        compare(results["SQLite"], results["PostgreSQL"], bare)


def ask(process, command: str) -> dict:
    process.stdin.write(command + "\n")
    process.stdin.flush()
    line = process.stdout.readline()
    if not line:
        raise SystemExit(f"基准子进程异常退出（{command}）")
    return json.loads(line)


def child(args, url: str):
    """One database's measurements, a round at a time as the parent asks (a line on stdin each)."""
    years = range(2026 - args.years, 2026)
    setup_database(url)
    from django.db import connection

    from imports import services
    from indicators.models import Figure

    user = make_plan(args.indicators, years)
    data = make_file(args.indicators, years)
    rows = args.indicators * len(years)
    database = f"{connection.vendor} {connection.settings_dict['NAME']}"
    answer({"line": f"文件：{rows} 行，{len(data) / 1024:.0f} KB；数据库：{database}"}, raw=True)

    gc.collect()
    gc.freeze()  # as gunicorn.conf.py's post_worker_init does in each worker: collections skip the startup heap

    def commit():
        batch = services.import_preview(user=user, file_name="bench.xlsx", data=data, years=years)
        return services.import_confirm(user=user, batch_id=batch.pk)

    def committed(batch):  # checked outside the timing: a count is a scan of the rows just written
        assert batch.new_count == rows and Figure.objects.count() == rows, batch.status
        assert Figure.history.count() == rows

    def dry_run():
        preview = services.preview_build(user=user, file_name="bench.xlsx", data=data, years=years)
        assert not preview.errors, preview.errors[:5]

    bare_parse(data)  # warm, like the others
    for command in sys.stdin:
        if command.strip() == "round":
            sample = {"bare": seconds_of(lambda: bare_parse(data)), "dry_run": seconds_of(dry_run)}
            committed(timed("commit", sample, commit))
            figures_clear()
            sample["floor"] = floor(user, data, years)
            answer(sample)
            continue
        answer(finish(user, data, years))
        return


def finish(user, data: bytes, years: range) -> dict:
    """The commit step by step, then django-import-export's default import of the same rows, and the peak RSS."""
    from django.db import connection
    from tablib import Dataset

    from indicators.models import Figure

    phases = timed_phases(user, data, years)
    figures_clear()
    header, *body = bare_parse(data)[0][1:]
    dataset = Dataset(*[r[:7] for r in body], headers=header[:7])
    result = {}
    done = timed(
        "import_export", result, lambda: import_export_resource().import_data(dataset, dry_run=False)
    )
    assert not done.has_errors() and Figure.objects.count() == len(body)
    connection.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"import_export": result["import_export"], "phases": phases, "peak": peak}


def answer(value: dict, raw: bool = False) -> None:
    print(value["line"] if raw else json.dumps(value, ensure_ascii=False), flush=True)


def medians(result: dict, bare: float | None = None) -> dict:
    found = {name: statistics.median(r[name] for r in result["rounds"]) for name in result["rounds"][0]}
    return found if bare is None else found | {"bare": bare}


def pooled_bare(results: dict) -> float:
    """The bare parse does not touch a database: its median over every process's rounds is the one baseline."""
    return statistics.median(r["bare"] for result in results.values() for r in result["rounds"])


def report(name: str, result: dict, bare: float, several: bool):
    results = medians(result, bare)
    bare, ours, theirs = results["bare"], results["commit"], result["import_export"]
    if several:
        print(f"== {name} ==")
    print(f"calamine 直接解析：     {bare:8.3f} 秒")
    print(f"本系统试运行（预览）：   {results['dry_run']:8.3f} 秒（{results['dry_run'] / bare:.1f}× 解析）")
    print(f"本系统导入（预览+确认）：{ours:8.3f} 秒（{ours / bare:.1f}× 解析；目标 ≤ 4×）")
    least = results["floor"]
    print(
        f"下限（沙箱读取+原样写入）：{least:8.3f} 秒（{least / bare:.1f}× 解析；本系统为下限的 {ours / least:.1f}×）"
    )
    print(f"import-export 默认导入：{theirs:8.3f} 秒（本系统快 {theirs / ours:.1f}×；目标 ≥ 10×）")
    print(f"峰值内存（RSS）：       {result['peak']:8.0f} MB")
    print("其中（逐步再测一次）：")
    for label, seconds in result["phases"].items():
        print(f"  {label}：{seconds:.3f} 秒（{seconds / bare:.1f}× 解析）")


def compare(sqlite: dict, postgres: dict, bare: float):
    """PostgreSQL's ratios to the bare parse over SQLite's, from rounds taken in turn (#23: at most 1)."""
    lite, pg = medians(sqlite, bare), medians(postgres, bare)
    print("== PostgreSQL 与 SQLite 比较（同一次运行，各自对 calamine 解析之比）==")
    for key, label in (("commit", "导入（预览+确认）"), ("floor", "下限")):
        ours, theirs = pg[key] / pg["bare"], lite[key] / lite["bare"]
        verdict = "达到" if ours <= theirs else "未达到"
        print(
            f"{label}：PostgreSQL {ours:.1f}× / SQLite {theirs:.1f}× = {ours / theirs:.2f}（目标 ≤ 1，{verdict}）"
        )
    confirm = postgres["phases"]["确认（复核并写入）"], sqlite["phases"]["确认（复核并写入）"]
    print(f"确认一步：PostgreSQL {confirm[0]:.3f} 秒 / SQLite {confirm[1]:.3f} 秒")


if __name__ == "__main__":
    main()
