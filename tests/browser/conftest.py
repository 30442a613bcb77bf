"""Browser fixtures: the real app under gunicorn, one Chromium per session, a context per test.

The server runs exactly as ``make run`` starts it (gunicorn, gthread workers) on a fresh
SQLite database in a temporary instance folder. The database is migrated and a moderator
is created with the real ``flask`` commands before gunicorn starts. Tests get workshops of
their own through ``new_workshop``, which writes to the same database in-process, so every
test is independent of the others.

Chromium is Debian's (/usr/bin/chromium); ``playwright install`` is never needed.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from helpers import TEST_PASSWORD

REPO_ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
MODERATOR = "browser-moderatorin"
SECRET_KEY = "browser-test-secret-key-0123456789"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# Every open phone page holds a live stream, and so a gthread thread, until the server's
# next heartbeat notices it is gone. Eight threads per worker run out within one test
# file, so the test server gets more (production uses 100, see gunicorn.conf.py) and a
# short heartbeat (instance config) so that closed pages free their thread quickly.
WORKERS = 2
THREADS = 32
LIVE_HEARTBEAT = 2
STARTUP_TIMEOUT = 30
# Settings from the developer's shell that must not reach the test server.
FOREIGN_SETTINGS = ("PUBLIC_BASE_URL", "REDIS_URL", "FLASK_APP", "HOST", "PORT", "WORKERS", "THREADS")
# Playwright's default is 30 s; a local server answers in milliseconds, so fail sooner.
DEFAULT_TIMEOUT_MS = 10_000


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _flask(args, env, input_text=None):
    """Run ``flask --app wsgi ...`` like an operator would; fail the session with its output."""
    result = subprocess.run(
        [str(BIN / "flask"), "--app", "wsgi", *args],
        cwd=REPO_ROOT,
        env=env,
        input=input_text,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(
            f"flask {' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}",
            pytrace=False,
        )
    return result.stdout


def _wait_until_up(url, process, log_path):
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    _stop(process)
    pytest.fail(
        f"gunicorn did not answer at {url} (exit code {process.returncode}):\n{log_path.read_text()}",
        pytrace=False,
    )


def _stop(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def server_env(tmp_path_factory):
    """Environment of the server and the CLI: a fresh instance folder and SQLite file."""
    instance = tmp_path_factory.mktemp("browser-instance")
    (instance / "config.py").write_text(f"LIVE_HEARTBEAT = {LIVE_HEARTBEAT}\n")
    env = {key: value for key, value in os.environ.items() if key not in FOREIGN_SETTINGS}
    env.update(
        PARTICIPATION_INSTANCE=str(instance),
        SECRET_KEY=SECRET_KEY,
        DATABASE_URL=f"sqlite:///{instance / 'participation.sqlite'}",
        PYTHONUNBUFFERED="1",
    )
    return env


@pytest.fixture(scope="session")
def live_server(server_env):
    """Base URL of the app served by gunicorn on a free port, on a migrated empty database."""
    _flask(["db", "upgrade"], server_env)
    _flask(
        ["moderator", "create", MODERATOR, "--password-stdin"], server_env, input_text=TEST_PASSWORD + "\n"
    )

    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    log_path = Path(server_env["PARTICIPATION_INSTANCE"]) / "gunicorn.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "--workers", str(WORKERS),
                "--worker-class", "gthread",
                "--threads", str(THREADS),
                "--bind", f"127.0.0.1:{port}",
                "wsgi:app",
            ],
            cwd=REPO_ROOT,
            env=server_env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_up(base_url + "/", process, log_path)
        yield base_url
    finally:
        _stop(process)


@dataclass(frozen=True)
class WorkshopInfo:
    id: int
    code: str
    title: str
    questions: tuple[str, ...]


@pytest.fixture(scope="session")
def database_app(live_server, server_env):
    """An in-process app on the server's database, for creating test data quickly."""
    from participation import create_app
    from participation.extensions import db

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PARTICIPATION_INSTANCE", server_env["PARTICIPATION_INSTANCE"])
        app = create_app(
            {"SECRET_KEY": SECRET_KEY, "SQLALCHEMY_DATABASE_URI": server_env["DATABASE_URL"]}
        )
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def new_workshop(database_app):
    """Factory: a fresh workshop of the test moderator, from a catalogue template."""
    from participation.auth.services import find_moderator
    from participation.extensions import db
    from participation.workshops.services import create_workshop, update_workshop

    def make(template="dithmarschen", title=None, **settings):
        with database_app.app_context():
            workshop = create_workshop(find_moderator(MODERATOR), template, title)
            if settings:
                update_workshop(workshop, **settings)
            info = WorkshopInfo(
                workshop.id, workshop.code, workshop.title, tuple(q.text for q in workshop.questions)
            )
            db.session.remove()
        return info

    return make


@pytest.fixture
def workshop(new_workshop):
    return new_workshop()


# --- Chromium --------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def playwright_instance():
    playwright = sync_playwright().start()
    yield playwright
    playwright.stop()


@pytest.fixture(scope="session")
def browser(playwright_instance, live_server):
    # Depends on the server so that the browser, and its live streams, close first.
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


def _context(browser, base_url, **options):
    context = browser.new_context(base_url=base_url, locale="de-DE", timezone_id="Europe/Berlin", **options)
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    return context


def _phone_context(browser, base_url, **options):
    return _context(browser, base_url, viewport=PHONE, is_mobile=True, has_touch=True, **options)


@pytest.fixture
def phone(browser, live_server):
    """A page in a fresh phone-sized context (390x844, touch) with JavaScript."""
    context = _phone_context(browser, live_server)
    page = context.new_page()
    yield page
    page.close()
    context.close()


@pytest.fixture
def phone_nojs(browser, live_server):
    """A page in a fresh phone-sized context with JavaScript disabled."""
    context = _phone_context(browser, live_server, java_script_enabled=False)
    page = context.new_page()
    yield page
    page.close()
    context.close()


@pytest.fixture
def desktop(browser, live_server):
    """A page in a fresh desktop-sized context, not logged in."""
    context = _context(browser, live_server, viewport=DESKTOP)
    page = context.new_page()
    yield page
    page.close()
    context.close()


def log_in(page, username=MODERATOR, password=TEST_PASSWORD):
    """Log in through the real login form."""
    page.goto("/moderation/login")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(password)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/moderation/")


@pytest.fixture
def login():
    """The login helper, for tests that drive the login form themselves."""
    return log_in


@pytest.fixture
def moderator_name():
    return MODERATOR


@pytest.fixture
def moderator_page(desktop):
    """A desktop page logged in as the test moderator through the login form."""
    log_in(desktop)
    return desktop
