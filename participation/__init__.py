"""participation: live citizen-participation workshops (join by QR, post ideas, sort them)."""

import os
import secrets
from pathlib import Path
from types import FunctionType

from flask import Flask, request

from .config import DefaultConfig, environment_overrides, normalise_database_url
from .core.ids import IdConverter
from .core.json_input import JsonRequest, SafeJSONProvider
from .core.public_address import COOKIE_KEYS, FOLLOWS_ADDRESS, AddressAwareConfig
from .extensions import babel, csrf, db, login_manager, migrate

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class ParticipationFlask(Flask):
    config_class = AddressAwareConfig  # Secure cookies follow the public address in force
    json_provider_class = SafeJSONProvider  # broken JSON of any shape is a ValueError, never a 500
    request_class = JsonRequest  # ... and a 400 with a clear message

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._synced = {}  # function -> what ensure_sync made of it

    def ensure_sync(self, func):
        # Flask asks ``inspect`` on every request whether each hook and the view are
        # coroutine functions (about 70 Python calls a request); the answer for a plain
        # function never changes. Bound methods and partials are new objects each time:
        # those are asked as before, so the cache holds only the app's functions.
        if type(func) is not FunctionType:
            return super().ensure_sync(func)
        synced = self._synced.get(func)
        if synced is None:
            synced = self._synced[func] = super().ensure_sync(func)
        return synced

    def send_static_file(self, filename):
        # issue 23 (wire): the file as sent, fingerprinted, cached a year when asked by hash
        from .core.static_files import send_static

        return send_static(self, filename)

    def process_response(self, response):
        response = super().process_response(response)
        # issue 23 (wire): a static file never depends on cookies; Flask says "Vary: Cookie"
        # whenever anything looked at the session (Flask-Login does on every answer), and a
        # browser would then load the file again after each new session cookie.
        if request.endpoint == "static":
            response.vary.discard("cookie")  # lower case: HeaderSet.remove compares so
        return response


def create_app(test_config=None):
    """Build the app: defaults, then instance/config.py, then environment (or test_config)."""
    app = ParticipationFlask(
        __name__,
        instance_path=os.environ.get("PARTICIPATION_INSTANCE", str(PROJECT_ROOT / "instance")),
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    app.url_map.converters["int"] = IdConverter  # before any route is added
    app.config.from_object(DefaultConfig)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.update(environment_overrides())
    else:
        app.config.update(test_config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    _finish_config(app)

    register_extensions(app)
    register_features(app)
    register_commands(app)
    return app


def _finish_config(app):
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret_key(Path(app.instance_path))
    uri = app.config.get("SQLALCHEMY_DATABASE_URI") or (
        "sqlite:///" + str(Path(app.instance_path) / "participation.sqlite")
    )
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(uri)
    base = (app.config.get("PUBLIC_BASE_URL") or "").rstrip("/")
    app.config["PUBLIC_BASE_URL"] = base or None
    # Cookies that need https follow the scheme of the public address in force (this
    # setting, or the one an admin stores in the app), so a venue laptop on plain http
    # keeps working; a value set in the config stays fixed.
    for key in COOKIE_KEYS[:2]:
        if dict.get(app.config, key) is None:
            app.config[key] = FOLLOWS_ADDRESS
    app.config["PARTICIPANT_COOKIE_SECURE"] = dict.get(app.config, "SESSION_COOKIE_SECURE")


def _instance_secret_key(instance):
    """A random key created once per installation and kept in the instance folder."""
    path = instance / "secret_key"
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def register_extensions(app):
    from . import models  # noqa: F401  (all tables known before anything touches the database)
    from .core import compression, csrf_mask, static_files
    from .database import configure_engine
    from .i18n.catalogues import prepare_catalogues

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    csrf_mask.install(app, csrf)  # issue 23 (wire): no page carries the raw token (BREACH)
    # issue 23 (wire): fingerprinted static addresses; compression registered first, so
    # its after-request hook runs last, on final headers
    static_files.register(app)
    compression.register(app)
    prepare_catalogues(app)  # a fresh clone started without `make` speaks English too
    babel.init_app(app, locale_selector=_select_locale)
    login_manager.init_app(app)
    with app.app_context():
        configure_engine(db.engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])
    if app.config.get("REDIS_URL"):
        _connect_redis(app)


def _connect_redis(app):
    """Redis is optional: it speeds up fan-out and shares rate limits between servers."""
    import redis

    from .events.redis_signal import RedisPublisher

    url = app.config["REDIS_URL"]
    app.extensions["participation_redis_client"] = redis.Redis.from_url(
        url, socket_connect_timeout=0.3, socket_timeout=0.5
    )
    app.extensions["participation_redis_publisher"] = RedisPublisher(url)


def _select_locale():
    # The person's choice, then the workshop's language, then the browser, then German.
    from .i18n.selection import select_locale

    return select_locale()


def register_features(app):
    """Every feature in one place: its views (importing a view module adds its routes to the
    package's ``bp``), its blueprint, and what it hooks into the app.

    The order is the one requests see: hooks run in the order they are registered here
    (after-request hooks in reverse), so keep it when adding a feature.
    """
    from . import admin, api, auth, exports, fields, focus_groups, i18n, ideas, live, moderation, ops, pages
    from . import groups, imports, paper, runsheet, voting, workshops
    from . import choices, feedback, processes, reports
    from .choices import views as choice_views  # noqa: F401  (routes)
    from .feedback import views as feedback_views  # noqa: F401  (routes)
    from .processes import rules as process_rules, views as process_views  # noqa: F401  (routes)
    from .processes import export_views as process_export_views  # noqa: F401  (routes; issue 22, pexports)
    from .reports import views as report_views  # noqa: F401  (routes)
    from .admin import address, views as admin_views  # noqa: F401  (routes)
    from .api import views as api_views  # noqa: F401  (routes)
    from .auth import services as auth_services, views as auth_views  # noqa: F401  (routes; the session loader)
    from .core import errors, web
    from .core.text import bdi
    from .events import log  # noqa: F401  (writes queued events at commit: SQLAlchemy session hooks)
    from .exports import views as export_views  # noqa: F401  (routes)
    from .fields import runner, views as field_views  # noqa: F401  (routes)
    from .focus_groups import services as focus_services, views as focus_views  # noqa: F401  (routes)
    from .groups import rules as group_rules
    from .groups import facilitator_views, grid_views, join_views, views as group_views, wall_views  # noqa: F401
    from .i18n import views as language_views
    from .i18n.selection import workshop_language_from
    from .ideas import offline_views, views as idea_views  # noqa: F401  (routes)
    from .imports import views as import_views  # noqa: F401  (routes)
    from .live import views as live_views  # noqa: F401  (routes)
    from .measures import sheet
    from .moderation import bulk_views, console_views, views as moderation_views  # noqa: F401  (routes)
    from .ops import health, logs, retention  # noqa: F401  (routes)
    from .pages import views as page_views  # noqa: F401  (routes)
    from .paper import ocr_views, views as paper_views  # noqa: F401  (routes)
    from .phases.services import add_step_counter
    from .runsheet import editor_views, records, remote_views, ticker, views as runsheet_views  # noqa: F401  (routes)
    from .voting import phone, views as voting_views  # noqa: F401  (routes)
    from .workshops import language, rules, template_views, views as workshop_views  # noqa: F401  (routes)

    errors.register(app)  # error pages
    errors.resend_labels(app, "/f/", sheet.typed_boxes)  # an expired measure sheet shows its boxes again
    web.register(app)  # security headers, CSP nonce
    rules.register(app)  # the permission rules, callable in every template
    group_rules.register(app)  # and those of group work
    process_rules.register(app)  # and those of processes
    choice_views.register(app)  # issue 22 (choices): the final votes' results on the process pages
    app.jinja_env.filters["bdi"] = bdi  # a typed name inside a sentence, isolated
    # Attendee pages speak their workshop's language: found by join code or focus-group token.
    workshop_language_from(app, "code", language.language_of_code)
    workshop_language_from(app, "token", focus_services.language_of_token, blueprint="focus_groups")
    app.register_blueprint(i18n.bp)  # the Deutsch/English switch
    language_views.register(app)  # Vary on language, the date and number filters
    runner.connect(app)  # the analysis follows changed content
    app.register_blueprint(fields.bp)
    app.register_blueprint(exports.bp)
    app.register_blueprint(focus_groups.bp)
    idea_views.add_to_phone_pages(app, phone.phone_context)  # the dots on the phone pages
    idea_views.add_to_phone_pages(app, feedback_views.services.phone_context)  # issue 22, feedback: what became of my idea
    add_step_counter(app, records.count_step)  # what each run-sheet step produced, kept when it ends
    app.register_blueprint(runsheet.bp)
    app.register_blueprint(paper.bp)
    app.register_blueprint(imports.bp)
    app.register_blueprint(groups.bp)
    for feature in (processes, reports, feedback, choices):  # issue 22: after the evening
        app.register_blueprint(feature.bp)
    for feature in (pages, auth, workshops, ideas, voting, moderation, live, api):
        app.register_blueprint(feature.bp)
    logs.configure_logging(app)
    logs.register_request_log(app)
    _trust_proxies(app)
    retention.register_sweep(app)  # automatic deletion, between requests
    ticker.register(app)  # automatic run-sheet steps move on, in every process
    app.register_blueprint(ops.bp)
    app.register_blueprint(admin.bp)


def _trust_proxies(app):
    """Behind nginx: the client's address (login throttling) and scheme come from the proxy."""
    from werkzeug.middleware.proxy_fix import ProxyFix

    proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if proxies > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)


def register_commands(app):
    from .analysis.cli import cluster_csv_command
    from .auth.cli import moderator_cli
    from .demo.cli import bootstrap_command, demo_command
    from .exports.cli import export_command
    from .exports.json_cli import import_command
    from .ops.cli import backup_command, restore_command, retention_command

    app.cli.add_command(moderator_cli)
    app.cli.add_command(demo_command)
    app.cli.add_command(bootstrap_command)
    app.cli.add_command(cluster_csv_command)
    app.cli.add_command(export_command)
    app.cli.add_command(import_command)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(retention_command)
