"""Browser fixtures: the real app under gunicorn, one Chromium per session, a context per test.

The server runs as ``make run`` starts it (gunicorn with gunicorn.conf.py: our gthread
worker, whose stream pump holds the pages' live streams without a thread) on a fresh
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
from playwright.sync_api import expect, sync_playwright

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
# Open pages' live streams are written by the workers' stream pumps, not threads; a group
# wall's stream still holds a thread until the server's next heartbeat notices it is gone,
# so the test server keeps a few more threads than production needs and a short heartbeat
# (instance config) so that closed pages free their thread quickly.
WORKERS = 2
THREADS = 32
LIVE_HEARTBEAT = 2
STARTUP_TIMEOUT = 120  # s: generous for a loaded machine; a server that answers is used at once
# Settings from the developer's shell that must not reach the test server.
FOREIGN_SETTINGS = ("PUBLIC_BASE_URL", "REDIS_URL", "FLASK_APP", "HOST", "PORT", "WORKERS", "THREADS")
# Deadlines for actions (clicks, page loads) and for expect(): generous, so that a loaded
# machine (two cores, other processes busy) does not fail a test that would pass; a passing
# check returns as soon as it holds. Playwright's expect() would give up after 5 s.
DEFAULT_TIMEOUT_MS = 30_000
EXPECT_TIMEOUT_MS = 15_000
expect.set_options(timeout=EXPECT_TIMEOUT_MS)


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
                "--config", "gunicorn.conf.py",
                "--workers", str(WORKERS),
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
def new_workshop(workshop_factory):
    """Factory: a fresh workshop of the test moderator, from a catalogue template."""
    return workshop_factory


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


# --- several browsers at once: walls, phones, consoles (live wall tests) ---------------------

WALL = {"width": 1280, "height": 720}  # a projector


@pytest.fixture
def open_context(browser, live_server):
    """Factory for extra contexts of one test, all closed at its end.

    ``open_context("phone")`` is a phone (390x844, touch), ``open_context("wall")`` a
    1280x720 projector laptop; ``logged_in=True`` logs the moderator in through the form
    first; ``base_url`` points a context elsewhere (a proxy in front of the server);
    other keywords go to ``browser.new_context`` (e.g. ``reduced_motion="reduce"``).
    """
    contexts = []

    def make(kind="phone", **options):
        context = _new_context(browser, live_server, kind, **options)
        contexts.append(context)
        return context

    yield make
    for context in reversed(contexts):
        context.close()


def _new_context(browser, live_server, kind="phone", *, logged_in=False, base_url=None, **options):
    base = base_url or live_server
    if kind == "phone":
        context = _phone_context(browser, base, **options)
    elif kind == "wall":
        context = _context(browser, base, viewport=WALL, **options)
    else:
        context = _context(browser, base, viewport=DESKTOP, **options)
    if logged_in:
        page = context.new_page()
        log_in(page)
        page.close()
    return context


@pytest.fixture(scope="session")
def make_context(browser, live_server):
    """Like ``open_context`` for fixtures of any scope; the caller closes the contexts."""

    def make(kind="phone", **options):
        return _new_context(browser, live_server, kind, **options)

    return make


@pytest.fixture(scope="session")
def workshop_factory(database_app):
    """A fresh workshop of the test moderator per call; usable from fixtures of any scope."""
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


class Attendee:
    """One person on a phone of their own: joins, posts through the form or the JSON API."""

    def __init__(self, page, workshop):
        self.page = page
        self.workshop = workshop
        self._questions = None
        self._csrf = None

    def join(self, nickname=""):
        code = self.workshop.code
        self.page.goto(f"/j/{code}")
        self.page.get_by_label("Ihr Name oder Spitzname").fill(nickname)
        self.page.get_by_role("button", name="Los geht’s").click()
        self.page.wait_for_url(f"**/j/{code}/ideas")
        return self

    def question_id(self, index=0):
        if self._questions is None:
            response = self.page.request.get(f"/api/workshops/{self.workshop.code}")
            assert response.ok, response.status
            self._questions = [question["id"] for question in response.json()["questions"]]
        return self._questions[index]

    def post(self, text, question=0):
        """Post through the question's form like a person; returns the new idea's id."""
        section = self.page.locator("section.question").nth(question)
        section.get_by_label("Ihre Idee").fill(text)
        with self.page.expect_navigation():
            section.get_by_role("button", name="Idee absenden").click()
        assert "#idea-" in self.page.url, f"the idea was not stored: {self.page.url}"
        return int(self.page.url.rsplit("#idea-", 1)[1])

    def post_api(self, text, question=0):
        """Post through the JSON API with this phone's cookie and CSRF token; returns the idea."""
        if self._csrf is None:
            self._csrf = self.page.request.get("/api/session").json()["csrf_token"]
        response = self.page.request.post(
            f"/api/workshops/{self.workshop.code}/ideas",
            data={"question_id": self.question_id(question), "text": text},
            headers={"X-CSRFToken": self._csrf},
        )
        assert response.status == 201, f"{response.status}: {response.text()}"
        return response.json()["idea"]

    def other(self, idea_id):
        """The idea in this phone's list "Ideen der anderen"."""
        return self.page.locator(f"#other-{idea_id}")


@pytest.fixture
def attendee(open_context):
    """Factory: ``attendee(workshop, "Inge")`` joins on a fresh phone and returns an Attendee."""

    def make(workshop, nickname="", **options):
        page = open_context("phone", **options).new_page()
        return Attendee(page, workshop).join(nickname)

    return make


@pytest.fixture(scope="session")
def attendee_class():
    """The ``Attendee`` class, for fixtures that manage their phones' contexts themselves."""
    return Attendee


def moderate(page, workshop, action, idea_id=None, **fields):
    """Post a console action as its form does (``page`` is logged in); for setting up state.

    ``action`` is the last part of the form's address: "hide", "show", "spotlight",
    "merge" (with ``target_id=...``), "unmerge", or "spotlight/clear" without an idea.
    """
    token = page.request.get("/api/session").json()["csrf_token"]
    base = f"/moderation/workshops/{workshop.id}"
    path = f"{base}/ideas/{idea_id}/{action}" if idea_id is not None else f"{base}/{action}"
    response = page.request.post(path, form={"csrf_token": token, **fields}, max_redirects=0)
    assert response.status == 302, f"{action} answered {response.status}"


@pytest.fixture(scope="session")
def moderation_action():
    """The ``moderate`` helper: a console action without clicking, for setting up state."""
    return moderate
