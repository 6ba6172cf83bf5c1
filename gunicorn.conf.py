"""gunicorn settings shared by `make serve` and benchmarks/load_bench.py (the bind address is given by each)."""

import os


def cpu_count() -> int:
    """CPUs this process may run on (a container's affinity mask, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


wsgi_app = "jiangyin_mfg.wsgi"
# Sync workers: each request holds a worker; two per CPU keeps the CPUs busy while others wait on the database.
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * cpu_count() + 1)
# A worker busy longer than this is killed; its transaction (e.g. a large import) is rolled back, not half-written.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
# gunicorn ≥ 25 opens a control socket at one fixed path per user: a second server (the load benchmark next to
# `make serve`) would take it over. Nothing here uses it.
control_socket_disable = True


def post_worker_init(worker):
    """Move everything loaded at start (Django, the URLconf, templates) out of the collector's sight: full
    collections then scan only what requests create."""
    import gc

    gc.collect()
    gc.freeze()
