"""core.sandbox: a function run in a forked child with hard limits comes back as its value, its exception or a
failure naming the limit it hit — and the parent, its database connection included, carries on."""

import multiprocessing
import os
import signal
import time

import pytest
from django.db import connection

from core import sandbox

LIMITS = sandbox.Limits(memory_mb=128, cpu_seconds=2, wall_seconds=10)


def rows(count):
    return [[n, f"第 {n} 行", n / 7] for n in range(count)]


def allocate(megabytes):
    block = bytearray(megabytes * 1024 * 1024)
    block[::4096] = b"x" * len(block[::4096])  # touch every page, so it is resident
    return len(block)


def fail():
    raise ValueError("坏了")


def spin():
    while True:
        pass


def sleep():
    time.sleep(60)


def segfault():
    os.kill(os.getpid(), signal.SIGSEGV)


def unpicklable():
    return lambda: None


def size_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024


def test_the_value_comes_back_with_the_childs_memory():
    result = sandbox.run(rows, 50_000, limits=LIMITS)
    assert result.get() == rows(50_000)
    assert 0 < result.usage.growth_mb < LIMITS.memory_mb <= result.usage.peak_mb + LIMITS.memory_mb
    assert result.usage.seconds < LIMITS.wall_seconds


def test_the_cap_is_above_the_workers_own_size():
    # This process maps far more than 128 MB; the child may still add 100 MB, but not 200.
    assert size_mb() > LIMITS.memory_mb
    result = sandbox.run(allocate, 100, limits=LIMITS)
    assert result.get() == 100 * 1024 * 1024
    assert 95 < result.usage.growth_mb < LIMITS.memory_mb
    with pytest.raises(sandbox.LimitExceeded) as refused:
        sandbox.run(allocate, 200, limits=LIMITS)
    assert (refused.value.limit, refused.value.detail) == ("memory", "MemoryError")


def test_an_exception_comes_back_as_itself():
    result = sandbox.run(fail, limits=LIMITS)
    with pytest.raises(ValueError, match="坏了"):
        result.get()


@pytest.mark.parametrize(
    ("function", "limit", "detail"),
    [(spin, "cpu", "SIGXCPU"), (segfault, "crash", "SIGSEGV"), (unpicklable, "crash", "unpicklable result")],
    ids=["cpu", "crash", "unpicklable"],
)
def test_a_child_that_overruns_or_dies_is_a_typed_failure(function, limit, detail):
    with pytest.raises(sandbox.LimitExceeded) as refused:
        sandbox.run(function, limits=LIMITS)
    assert refused.value.limit == limit and refused.value.detail.startswith(detail)
    assert not multiprocessing.active_children()


def test_the_wall_clock_kills_a_child_that_waits():
    started = time.monotonic()
    with pytest.raises(sandbox.LimitExceeded) as refused:
        sandbox.run(sleep, limits=sandbox.Limits(memory_mb=128, cpu_seconds=2, wall_seconds=0.5))
    assert refused.value.limit == "time"
    assert time.monotonic() - started < 5
    assert not multiprocessing.active_children()  # killed and reaped, no zombie left


@pytest.mark.django_db
def test_the_parents_database_connection_survives_its_children():
    """The child shares the worker's database socket: it must leave without closing it, however it ends."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    assert sandbox.run(rows, 10, limits=LIMITS).get() == rows(10)
    with pytest.raises(sandbox.LimitExceeded):
        sandbox.run(segfault, limits=LIMITS)
    with pytest.raises(ValueError):
        sandbox.run(fail, limits=LIMITS).get()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 2")
        assert cursor.fetchone() == (2,)
