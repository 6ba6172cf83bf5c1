"""The hostile corpus (tests/imports/hostile.py): every file is refused with its Chinese message through the upload
page and through import_figures, each parse in the sandbox stays under the memory cap (peak RSS printed at the
end), and a file that slips past the checks is stopped by the sandbox: a refusal and a security-log line."""

import io
import os
import re
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from core import sandbox
from imports import files, ole_checks, zip_checks
from imports.models import ImportBatch
from indicators.models import Figure, Indicator
from tests.imports import hostile
from tests.imports.conftest import client_for, upload, xlsx
from tests.imports.test_files import bomb, ods_repeats

pytestmark = pytest.mark.django_db

FAR = "表格范围过大（单元格 XFD1048576），超过 50100 行或 200 列的上限。"
DAMAGED = "文件已损坏（压缩包内容有误）"
CASES = {
    "r in single quotes": ("填报.xlsx", hostile.far_cell_single_quotes, FAR),
    "lower-case r": ("填报.xlsx", hostile.far_cell_lower_case, FAR),
    "r not the first attribute": ("填报.xlsx", hostile.far_cell_r_not_first, FAR),
    "x: prefix": ("填报.xlsx", hostile.far_cell_prefixed, FAR),
    "row and cell without r": ("填报.xlsx", hostile.far_cell_without_r, FAR),
    "sheet moved by the rels": ("填报.xlsx", hostile.far_cell_moved_sheet, FAR),
    "GR400000": ("填报.xlsx", hostile.gr400000, "表格范围过大（单元格 GR400000）"),
    ".xls declared 65536 × 256": (
        "填报.xls",
        hostile.xls_far_cell,
        "表格范围过大（工作表声明的范围 A1:IV65536）",
    ),
    ".xls cell at (65535, 255)": (
        "填报.xls",
        hostile.xls_far_cell_small_dimensions,
        "表格范围过大（单元格 IV65536）",
    ),
    "bad CRC": ("填报.xlsx", hostile.bad_crc, DAMAGED),
    "false declared size": ("填报.xlsx", hostile.false_declared_size, DAMAGED),
    "flipped deflate byte": ("填报.xlsx", hostile.flipped_deflate_byte, DAMAGED),
    "DTD after a 5,000-byte comment": (
        "填报.xlsx",
        hostile.dtd_after_comment,
        "不允许的 XML 声明（DTD/实体）",
    ),
    "encrypted .xlsx": ("填报.xlsx", hostile.encrypted_xlsx, "文件设有密码，请取消密码后再上传。"),
    "800,001-line CSV": ("填报.csv", hostile.long_csv, "CSV 文件共有 800001 行，超过 50000 行数据的上限"),
    "zip bomb": ("填报.xlsx", bomb, "疑似压缩炸弹"),
    ".ods repeats": (
        "填报.ods",
        lambda: ods_repeats(3000, 3000),
        "表格范围过大（工作表 商务局 第 1 行起有 3000 行 × 3000 列数据）",
    ),
}
PEAKS: dict[str, str] = {}


@pytest.fixture(scope="module", autouse=True)
def _print_peaks(request):
    """Each parse's peak RSS, in the test output."""
    yield
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None and PEAKS:
        reporter.write_line(
            "\nhostile files, parsed in the sandbox (peak RSS of the child; growth above its fork):"
        )
        for case, line in PEAKS.items():
            reporter.write_line(f"  {case:34} {line}")


def cases(*names):
    return pytest.mark.parametrize(("name", "make", "message"), [CASES[n] for n in names], ids=names)


ALL = cases(*CASES)


@ALL
def test_the_upload_page_refuses_it(importer, name, make, message):
    response = upload(client_for(importer), make(), name)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ImportBatch.objects.exists() and not Figure.objects.exists()


@ALL
def test_import_figures_refuses_it(importer, tmp_path, name, make, message):
    path = tmp_path / name
    path.write_bytes(make())
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("import_figures", str(path), "--user", importer.username, stderr=io.StringIO())
    assert not ImportBatch.objects.exists()


@ALL
def test_each_parse_stays_under_the_memory_cap(request, record_property, settings, name, make, message):
    result = sandbox.run(files.read_checked, name, make(), limits=sandbox.upload_limits())
    usage = result.usage
    record_property("peak_rss_mb", round(usage.peak_mb, 1))
    record_property("growth_mb", round(usage.growth_mb, 1))
    PEAKS[request.node.callspec.id] = (
        f"{usage.peak_mb:7.1f} MB  +{usage.growth_mb:6.1f} MB  {usage.seconds:.2f} s"
    )
    assert usage.growth_mb < settings.IMPORT_SANDBOX_MEMORY_MB
    with pytest.raises(files.FileRejected, match=re.escape(message)):
        result.get()


def security_log(caplog) -> list[str]:
    lines = [r.getMessage() for r in caplog.records if r.name == "jiangyin.security"]
    return [line for line in lines if line.startswith("文件读取中止")]


def _no_check(*args, **kwargs):
    """A pre-check that lets everything through: what the sandbox must survive."""


BYPASSED = {
    "far cell, the cell check skipped": (zip_checks, "check_cells", "填报.xlsx", hostile.far_cell),
    "GR400000, the cell check skipped": (zip_checks, "check_cells", "填报.xlsx", hostile.gr400000),
    ".xls, the sheet sizing skipped": (ole_checks, "_check_sheet", "填报.xls", hostile.xls_far_cell),
}


@pytest.mark.parametrize(("module", "check", "name", "make"), BYPASSED.values(), ids=BYPASSED)
def test_a_file_past_the_checks_is_stopped_by_the_sandbox(
    importer, monkeypatch, caplog, module, check, name, make
):
    caplog.set_level("INFO", logger="jiangyin.security")
    monkeypatch.setattr(module, check, _no_check)
    data = make()
    response = upload(client_for(importer), data, name)
    assert response.status_code == 400
    assert sandbox.FILE_REFUSED in response.content.decode()
    assert not ImportBatch.objects.exists()
    (line,) = security_log(caplog)
    assert line.startswith("文件读取中止 user=erin ip=- method=- path=- ")
    assert f"file={name} size={len(data)} limit=memory" in line


def spin(*args):
    while True:
        pass


def sleep(*args):
    time.sleep(60)


def abort(*args):
    os.abort()


def hog(*args):
    return [bytearray(1024 * 1024) for _ in range(100_000)]


@pytest.mark.parametrize(
    ("reader", "limit", "cpu_seconds", "wall_seconds"),
    [(hog, "memory", 20, 30), (spin, "cpu", 1, 30), (sleep, "time", 20, 1), (abort, "crash", 20, 30)],
    ids=["memory", "cpu", "time", "crash"],
)
def test_every_limit_ends_as_a_refusal_and_a_log_line(
    importer, monkeypatch, settings, caplog, tmp_path, reader, limit, cpu_seconds, wall_seconds
):
    """A reader stuck in any way: the upload page and the command both refuse, and say which limit was hit."""
    caplog.set_level("INFO", logger="jiangyin.security")
    settings.IMPORT_SANDBOX_CPU_SECONDS, settings.IMPORT_SANDBOX_WALL_SECONDS = cpu_seconds, wall_seconds
    monkeypatch.setattr(files, "read_sheets", reader)
    data = xlsx(hostile.GOOD)
    response = upload(client_for(importer), data)
    assert response.status_code == 400 and sandbox.FILE_REFUSED in response.content.decode()
    path = tmp_path / "填报.xlsx"
    path.write_bytes(data)
    with pytest.raises(CommandError, match=re.escape(sandbox.FILE_REFUSED)):
        call_command("import_figures", str(path), "--user", importer.username, stderr=io.StringIO())
    lines = security_log(caplog)
    assert len(lines) == 2
    assert all(
        f"user=erin ip=- method=- path=- file=填报.xlsx size={len(data)} limit={limit}" in x for x in lines
    )


@ALL
def test_the_admin_import_refuses_it(admin_client, name, make, message):
    """The admin's import (plan data; figures go to the import page) reads with the same reader: the same
    refusal, nothing written."""
    indicators = Indicator.objects.count()
    response = admin_client.post(
        reverse("admin:indicators_indicator_import"),
        {"resource": "0", "format": "0", "import_file": SimpleUploadedFile(name, make())},
    )
    assert response.status_code == 200 and message in response.content.decode()
    assert Indicator.objects.count() == indicators


def test_the_admin_import_is_stopped_by_the_sandbox_too(admin_client, monkeypatch, caplog):
    caplog.set_level("INFO", logger="jiangyin.security")
    monkeypatch.setattr(zip_checks, "check_cells", _no_check)
    data = hostile.far_cell()
    response = admin_client.post(
        reverse("admin:indicators_indicator_import"),
        {"resource": "0", "format": "0", "import_file": SimpleUploadedFile("填报.xlsx", data)},
    )
    assert response.status_code == 200
    assert sandbox.FILE_REFUSED in response.content.decode()
    (line,) = security_log(caplog)
    assert f"文件读取中止 user=admin ip=- method=- path=- file=填报.xlsx size={len(data)} limit=" in line
