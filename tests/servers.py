"""Real gunicorn servers for tests that need several processes (fan-out, browsers, faults)."""

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(instance, **extra):
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "REDIS_URL", "PUBLIC_BASE_URL")}
    env.update(PARTICIPATION_INSTANCE=str(instance), SECRET_KEY="test-secret-for-servers")
    env.update({key: str(value) for key, value in extra.items() if value is not None})
    return env


def flask(env, *args, input=None):
    return subprocess.run(
        [str(BIN / "flask"), "--app", "wsgi", *args],
        cwd=ROOT, env=env, input=input, capture_output=True, text=True, check=True,
    )


@contextlib.contextmanager
def gunicorn(env, workers=3, threads=16):
    """A gunicorn instance on a free port; yields its base URL."""
    port = free_port()
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "--config", "gunicorn.conf.py", "wsgi:app"],
        cwd=ROOT,
        env={**env, "HOST": "127.0.0.1", "PORT": str(port), "WORKERS": str(workers), "THREADS": str(threads)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(base + "/", timeout=2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("gunicorn did not start:\n" + (process.stderr.read() or ""))
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stderr.close()
