"""Every benchmark, one after the other in its own process, and one table of their ratios against the goals.

    .venv/bin/python benchmarks/run_all.py [--seconds 20] [--verbose]

Runs dashboard_bench.py, import_bench.py and load_bench.py (--seconds), the last two on SQLite and on PostgreSQL
as well when one answers on 127.0.0.1:5432 (import_bench measures both databases in one run, rounds in turn). Each benchmark measures its own baseline in the same run, so the ratios hold on a
slower machine; the absolute times do not. Exits non-zero when a benchmark fails (not when a goal is missed).
"""

import argparse
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"


@dataclass
class Row:
    name: str
    value: str
    goal: str = "—"
    met: bool | None = None  # None: no goal

    @property
    def verdict(self) -> str:
        return {True: "达到", False: "未达到", None: "—"}[self.met]


def number(pattern: str, text: str) -> float | None:
    match = re.search(pattern, text, re.MULTILINE)
    return float(match.group(1)) if match else None


def dashboard_rows(out: str) -> list[Row]:
    rows = []
    labels = {
        "dashboard (cold)": "看板（数据变动后首次，重新计算）",
        "dashboard (warm)": "看板（再次查看，复用计算结果）",
        "export_report": "附件表导出",
        "department page": "单位页",
    }
    for key, label in labels.items():
        match = re.search(
            rf"^{re.escape(key)}\s+([\d.]+) ms\s+([\d.]+) ms\s+([\d.]+)×\s+(\d+) → (\d+)", out, re.MULTILINE
        )
        if not match:
            rows.append(Row(f"{label}：1,000 项 / 18 项耗时", "未能解析"))
            continue
        ratio, before, after = float(match.group(3)), int(match.group(4)), int(match.group(5))
        goal = key.startswith("dashboard")
        rows.append(
            Row(
                f"{label}：1,000 项 / 18 项耗时",
                f"{ratio:.1f}×",
                "< 10×" if goal else "—",
                ratio < 10 if goal else None,
            )
        )
        rows.append(
            Row(f"{label}：查询次数 18 项 → 1,000 项", f"{before} → {after}", "不增长", after <= before)
        )
    return rows


def import_rows(out: str, db: str) -> list[Row]:
    ours = number(r"本系统导入（预览\+确认）：.*（([\d.]+)× 解析", out)
    faster = number(r"本系统快 ([\d.]+)×", out)
    floor = number(r"^下限.*（([\d.]+)× 解析", out)
    above_floor = number(r"本系统为下限的 ([\d.]+)×", out)
    return [
        Row(
            f"导入 1 万行（{db}）：本系统（预览+确认）/ calamine 解析",
            f"{ours:.1f}×" if ours else "未能解析",
            "≤ 4×",
            ours is not None and ours <= 4,
        ),
        Row(
            f"导入 1 万行（{db}）：下限（沙箱读取+原样写入）/ calamine 解析",
            f"{floor:.1f}×" if floor else "未能解析",
        ),
        Row(f"导入 1 万行（{db}）：本系统 / 下限", f"{above_floor:.1f}×" if above_floor else "未能解析"),
        Row(
            f"导入 1 万行（{db}）：import-export 默认 / 本系统",
            f"{faster:.1f}×" if faster else "未能解析",
            "≥ 10×",
            faster is not None and faster >= 10,
        ),
        *(
            Row(f"导入 1 万行（{db}）其中 {step} / calamine 解析", f"{float(times):.1f}×")
            for step, times in re.findall(r"^  (.+?)：[\d.]+ 秒（([\d.]+)× 解析）", out, re.MULTILINE)
        ),
    ]


def import_both_rows(out: str) -> list[Row]:
    """import_bench.py --postgres: each database's block, then PostgreSQL's ratios over SQLite's (#23: ≤ 1)."""
    blocks = dict(re.findall(r"^== (SQLite|PostgreSQL) ==\n(.*?)(?=^== )", out, re.MULTILINE | re.DOTALL))
    rows = [row for db in ("SQLite", "PostgreSQL") for row in import_rows(blocks.get(db, ""), db)]
    for label in ("导入（预览+确认）", "下限"):
        ratio = number(rf"^{re.escape(label)}：PostgreSQL .* = ([\d.]+)", out)
        rows.append(
            Row(
                f"导入 1 万行：{label} PostgreSQL / SQLite（同一次运行，各自对解析之比）",
                f"{ratio:.2f}" if ratio is not None else "未能解析",
                "≤ 1",
                ratio is not None and ratio <= 1,
            )
        )
    return rows


def load_rows(out: str, db: str) -> list[Row]:
    ratio = number(r"看板吞吐 / 登录页吞吐：([\d.]+)", out)
    errors = number(r"^错误：(\d+)", out)
    total = number(r"混合负载合计：\d+ 次请求，([\d.]+) 次/秒", out)
    checked = re.search(r"^校验：(通过|未通过)", out, re.MULTILINE)
    return [
        Row(
            f"负载（{db}）：看板吞吐 / 登录页吞吐",
            f"{ratio:.2f}" if ratio is not None else "未能解析",
            "≥ 0.30",
            ratio is not None and ratio >= 0.3,
        ),
        Row(f"负载（{db}）：混合负载吞吐", f"{total:.1f} 次/秒" if total is not None else "未能解析"),
        Row(f"负载（{db}）：错误", f"{errors:.0f}" if errors is not None else "未能解析", "0", errors == 0),
        Row(
            f"负载（{db}）：保存与导入的数据逐条核对",
            checked.group(1) if checked else "未能解析",
            "通过",
            bool(checked) and checked.group(1) == "通过",
        ),
    ]


def postgres_available() -> bool:
    try:
        import psycopg

        psycopg.connect(PG_ADMIN, connect_timeout=3).close()
    except Exception:  # not installed, not running or refusing: the PostgreSQL run is skipped
        return False
    return True


def run(script: str, *args: str, verbose: bool) -> tuple[str, float, int]:
    print(f"运行 {' '.join((script, *args))} ……", end="", flush=True)
    started = time.monotonic()
    done = subprocess.run([sys.executable, str(HERE / script), *args], capture_output=True, text=True)
    seconds = time.monotonic() - started
    print(f" {seconds:.0f} 秒{'' if done.returncode == 0 else f'，退出码 {done.returncode}'}")
    if verbose:
        print(done.stdout)
    elif done.returncode:  # what went wrong: load_bench's errors and checks, or a traceback
        print("\n".join((done.stdout + done.stderr).splitlines()[-12:]))
    return done.stdout, seconds, done.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", default="20", help="负载测试时长（秒），默认 20")
    parser.add_argument("--verbose", action="store_true", help="同时输出每个基准的完整结果")
    args = parser.parse_args()

    postgres = postgres_available()
    runs = [
        ("dashboard_bench.py", (), dashboard_rows),
        ("import_bench.py", ("--postgres",), import_both_rows)
        if postgres
        else ("import_bench.py", (), lambda out: import_rows(out, "SQLite")),
        ("load_bench.py", ("--seconds", args.seconds), lambda out: load_rows(out, "SQLite")),
    ]
    if postgres:
        runs += [
            (
                "load_bench.py",
                ("--seconds", args.seconds, "--postgres"),
                lambda out: load_rows(out, "PostgreSQL"),
            ),
        ]
    else:
        print("PostgreSQL 未在 127.0.0.1:5432 运行，跳过 PostgreSQL 上的负载测试。")

    rows, failed, total = [], [], 0.0
    for script, script_args, parse in runs:
        out, seconds, code = run(script, *script_args, verbose=args.verbose)
        total += seconds
        rows += parse(out)
        # load_bench exits 1 when it saw errors: that is a result in the table, not a broken benchmark.
        if code and not (script == "load_bench.py" and "校验：" in out):
            failed.append(script)

    print(f"\n全部基准（共 {total:.0f} 秒）：\n")
    print("| 基准 | 结果 | 目标 | 是否达到 |\n|---|---|---|---|")
    for r in rows:
        print(f"| {r.name} | {r.value} | {r.goal} | {r.verdict} |")
    if failed:
        print(f"\n运行失败：{'、'.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
