"""Run a function over untrusted input in a child process with hard limits: whatever the input makes the parser
do — allocate without bound, loop, abort — the caller gets a result or a typed failure, never a dead worker.

The child is forked (multiprocessing's "fork" context): it starts with everything the worker has loaded, and
the arguments reach it without being pickled; only the result travels back, pickled, through a pipe. It must
only compute: it never touches the database (the worker's connections are sockets it shares) and leaves by
os._exit, closing nothing of the parent's. Its limits are set in the child with setrlimit — address space
(its size at the fork plus `memory_mb`, so the cap holds however large the worker is), CPU seconds, no core
files — and the parent enforces the wall clock by killing it.
"""

import faulthandler
import gc
import multiprocessing
import os
import pickle
import resource
import signal
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings

MEMORY, CPU, TIME, CRASH = "memory", "cpu", "time", "crash"
# What the user is told when the child reading their upload was stopped (upload page, command, admin).
FILE_REFUSED = "文件过于复杂或已损坏，无法读取：请在 Excel 中删除多余的行、列和格式，另存为 .xlsx 后再上传。"
_CONTEXT = multiprocessing.get_context("fork")
# Handlers a gunicorn worker installs (graceful exit on TERM, sys.exit on ABRT …) must not run in the child.
_RESET = ("SIGTERM", "SIGINT", "SIGQUIT", "SIGHUP", "SIGUSR1", "SIGUSR2", "SIGABRT", "SIGCHLD", "SIGWINCH")
# What Rust's allocator prints before it aborts (python-calamine): an allocation the address-space cap refused.
_ALLOCATION_FAILED = (b"memory allocation of", b"MemoryError", b"std::bad_alloc")
_STDERR_KEPT = 4096


@dataclass(frozen=True)
class Limits:
    memory_mb: int  # address space the child may add to the worker's own
    cpu_seconds: int
    wall_seconds: float


@dataclass(frozen=True)
class Usage:
    peak_mb: float  # the child's peak resident memory (what it shares with the worker included)
    growth_mb: float  # of which above its resident memory at the fork
    seconds: float


@dataclass(frozen=True)
class Result:
    usage: Usage
    value: Any = None
    error: Exception | None = None  # what the function raised in the child

    def get(self):
        """The function's value, or its exception raised again here."""
        if self.error is not None:
            raise self.error
        return self.value


def upload_limits() -> Limits:
    """The limits an uploaded file is read under: the IMPORT_SANDBOX_* settings."""
    return Limits(
        memory_mb=settings.IMPORT_SANDBOX_MEMORY_MB,
        cpu_seconds=settings.IMPORT_SANDBOX_CPU_SECONDS,
        wall_seconds=settings.IMPORT_SANDBOX_WALL_SECONDS,
    )


def read_upload_file(func: Callable, file_name: str, data: bytes, *, user: str, refused: type[Exception]):
    """func(file_name, data) under the upload limits: its result, or `refused(FILE_REFUSED)` when it overran a
    limit, logged on jiangyin.security with the user, file, size and the limit (imports and plan sheets)."""
    # Here, not at the top: security pulls in auth and axes, which the module's forked children never need.
    from core import security

    try:
        return run(func, file_name, data, limits=upload_limits()).get()
    except LimitExceeded as e:
        security.log_event(
            "文件读取中止", user=user, file=file_name, size=len(data), limit=e.limit, detail=e.detail or "-"
        )
        raise refused(FILE_REFUSED) from None


class UploadRefused(Exception):
    """An upload refused as a whole; the message says why, in Chinese (imports' FileRejected is one)."""


class LimitExceeded(Exception):
    """The child was stopped: `limit` is memory, cpu, time or crash; `detail` names the signal or message."""

    def __init__(self, limit: str, detail: str = "", usage: Usage | None = None):
        super().__init__(f"{limit} {detail}".strip())
        self.limit, self.detail, self.usage = limit, detail, usage


def run(func: Callable, *args, limits: Limits) -> Result:
    """func(*args) in a limited child. `func` returns or raises picklable values; LimitExceeded if it did not
    finish within the limits."""
    receive, send = _CONTEXT.Pipe(duplex=False)
    with tempfile.TemporaryFile() as stderr:
        child = _CONTEXT.Process(target=_child, args=(func, args, limits, send, stderr.fileno()), daemon=True)
        started = time.monotonic()
        child.start()
        send.close()  # the child holds the only sending end: its death reads as end of file
        message, timed_out = None, True
        try:
            message = _receive(receive, limits.wall_seconds)
            timed_out = message is None and time.monotonic() - started >= limits.wall_seconds
        finally:
            receive.close()
            if timed_out:
                child.kill()
            child.join(timeout=5)  # a child that answered or died is gone by now
            if child.is_alive():
                child.kill()
                child.join()
        if message is not None:
            return _result(message, time.monotonic() - started)
        if timed_out:
            raise LimitExceeded(TIME, f"{limits.wall_seconds:g} s")
        raise _failure(child.exitcode, _ends(stderr))


def _receive(connection, wall_seconds: float):
    """The child's message, or None when it died or overran the wall clock without one."""
    try:
        if connection.poll(wall_seconds):
            return connection.recv()
    except (EOFError, OSError):
        pass
    except Exception as error:  # an answer that does not unpickle here
        return (CRASH, f"unreadable answer: {error!r}"[:200], 0, 0)
    return None


def _result(message: tuple, seconds: float) -> Result:
    outcome, payload, peak_kb, start_kb = message
    usage = Usage(peak_kb / 1024, max(0, peak_kb - start_kb) / 1024, seconds)
    if outcome == "ok":
        return Result(usage, value=payload)
    if outcome == "raised":
        return Result(usage, error=payload)
    raise LimitExceeded(outcome, payload, usage)


def _ends(file) -> bytes:
    """The first and last few kilobytes the child wrote: Rust's allocator says why it aborts first, then a backtrace
    may follow."""
    file.seek(0)
    head = file.read(_STDERR_KEPT)
    file.seek(max(0, os.fstat(file.fileno()).st_size - _STDERR_KEPT))
    return head + file.read()


def _failure(exitcode: int | None, stderr: bytes) -> LimitExceeded:
    if exitcode is None or exitcode >= 0:
        return LimitExceeded(CRASH, f"exit {exitcode}")
    name = signal.Signals(-exitcode).name
    if name == "SIGXCPU":
        return LimitExceeded(CPU, name)
    if name == "SIGABRT" and any(text in stderr for text in _ALLOCATION_FAILED):
        return LimitExceeded(MEMORY, name)
    return LimitExceeded(CRASH, name)


def _child(func: Callable, args: tuple, limits: Limits, send, stderr_fd: int) -> None:
    os.dup2(stderr_fd, 2)  # an abort's last words, for the parent to tell memory from a crash
    faulthandler.disable()  # the parent reports a crash; the worker's own traceback dump is not about it
    gc.freeze()  # collections would walk, and so copy, every page of the worker's heap
    for name in _RESET:
        signal.signal(getattr(signal, name), signal.SIG_DFL)
    _reset_peak()
    start_kb = _status_kb("VmRSS")
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 1))
    size_kb = _status_kb("VmSize")
    if size_kb:
        cap = (size_kb + limits.memory_mb * 1024) * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    try:
        message = ("ok", func(*args))
    except MemoryError:
        message = (MEMORY, "MemoryError")
    except Exception as error:
        message = ("raised", _picklable(error))
    peak_kb = _status_kb("VmHWM")
    try:
        send.send((*message, peak_kb, start_kb))
    except MemoryError:
        send.send((MEMORY, "MemoryError (result)", peak_kb, start_kb))
    except (pickle.PicklingError, TypeError, AttributeError) as error:
        send.send((CRASH, f"unpicklable result: {error!r}"[:200], peak_kb, start_kb))


def _picklable(error: Exception) -> Exception:
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:
        return RuntimeError(repr(error)[:500])
    return error


def _reset_peak() -> None:
    """Start the child's peak resident size (VmHWM) afresh: at the fork it is the worker's."""
    try:
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")
    except OSError:
        pass


def _status_kb(field: str) -> int:
    """A size of this process from /proc/self/status (VmSize, VmRSS, VmHWM) in kB; 0 where there is no /proc."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0
