"""gunicorn settings for participation; environment variables override the defaults.

gthread workers (``participation.ops.worker.HeadFirstWorker``): threads answer requests;
an open live stream of a phone, a wall or the moderation holds no thread: once admitted
it is handed to the worker's stream pump, one thread writing all of the worker's streams
(``LIVE_MAX_DETACHED_STREAMS`` each, default 4,000). Only group walls, whose key is checked
again on every heartbeat, keep a thread while open; of those each worker keeps a tenth of
its threads free for posts and page loads (``LIVE_MAX_STREAMS``). A stream past its
limit answers 503 and the browser polls instead.
"""

import os

# One BLAS thread per worker: the text analysis (NumPy/SciPy) runs beside request threads,
# and on a small server several BLAS threads per worker only fight each other for cores.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

from participation.ops.logs import logging_config  # noqa: E402  (after the BLAS settings)

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '5000')}"
workers = int(os.environ.get("WORKERS", "3"))
# gunicorn's gthread worker, changed so that a thread only ever gets a complete request:
# clients sending slowly wait in the event loop, not in a thread, and are closed after
# REQUEST_HEAD_TIMEOUT (see participation/ops/worker.py and the app's config).
worker_class = "participation.ops.worker.HeadFirstWorker"
threads = int(os.environ.get("THREADS", "64"))
# Connections a worker holds at once: its threads plus idle keep-alive connections. At the
# limit the worker closes its longest waiting connection for each new one.
worker_connections = int(os.environ.get("WORKER_CONNECTIONS", max(1000, 2 * threads)))
# Streams handed to the pump leave the worker's connection count but keep an open file.
detached_streams = int(os.environ.get("LIVE_MAX_DETACHED_STREAMS", "4000"))
keepalive = 5


def _raise_open_files_limit(needed):
    """Each connection is an open file: lift the soft limit (1024, on macOS 256) if allowed."""
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        wanted = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
        if soft != resource.RLIM_INFINITY and soft < wanted:
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    except (ImportError, ValueError, OSError):
        pass


_raise_open_files_limit(worker_connections + detached_streams + 256)  # plus database, log and pipe files


def _limit_malloc_arenas(count):
    """glibc gives threads that allocate at once arenas of their own (up to eight per core)
    and keeps what is freed in each for later: a worker's 64 threads then hold far more
    memory than they use. A setting of the master, inherited by the workers it forks; the
    environment's MALLOC_ARENA_MAX (read by glibc itself) says how many, 0 leaves glibc's
    default. Other C libraries (musl, macOS) have no such setting: nothing happens there."""
    if count <= 0:
        return
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").mallopt(-8, count)  # -8: M_ARENA_MAX in glibc's malloc.h
    except (OSError, AttributeError):
        pass


_limit_malloc_arenas(int(os.environ.get("MALLOC_ARENA_MAX", "2")))
graceful_timeout = 10
# No access log: it would hold every attendee's IP address and user agent. The app logs
# one line per request itself (route pattern, status, duration; see participation/ops/logs.py).
accesslog = None
errorlog = "-"
# gunicorn's own messages in the same structured format as the app's (LOG_FORMAT, LOG_LEVEL).
logconfig_dict = logging_config(os.environ.get("LOG_FORMAT", "keyvalue"), os.environ.get("LOG_LEVEL", "INFO"))
logger_class = "participation.ops.gunicorn_log.QuietAccessLogger"  # the access log is never even built
control_socket_disable = True  # nothing to steer from outside; keeps /root/.gunicorn clean


def post_worker_init(worker):
    """Tell the app how many streams this worker can hold (unless configured otherwise)."""
    import sys

    # A thread holding SQLite's write lock gives the GIL up for every statement and waits
    # to get it back while request threads and the analysis compute; Python's default
    # 5 ms turn made each post hold the lock several times longer than its SQL takes.
    sys.setswitchinterval(float(os.environ.get("GIL_SWITCH_INTERVAL", "0.001")))
    config = getattr(worker.wsgi, "config", None)
    if config is not None and config.get("LIVE_MAX_STREAMS") is None:
        config["LIVE_MAX_STREAMS"] = stream_limit(worker.cfg.threads)


def stream_limit(threads):
    """Streams one worker holds: its threads minus those kept for ordinary requests.

    Computed from the worker's real thread count (``--threads`` on the command line
    overrides this file's ``threads``).
    """
    reserved = max(4, threads // 10)
    return max(1, threads - reserved)
