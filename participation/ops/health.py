"""GET /healthz for load balancers and monitoring: no login, no personal data, cheap.

``status`` is "ok" (200), "degraded" (200: Redis is configured but unreachable; the app
works on without it, only slower) or "error" (503: the database is unreachable or its
schema is not at the migrations' head).
"""

from flask import current_app, jsonify
from sqlalchemy import text

from ..extensions import db
from . import bp


def migration_heads(app):
    """The head revisions of the migration scripts, read once per process."""
    heads = app.extensions.get("participation_migration_heads")
    if heads is None:
        from alembic.script import ScriptDirectory

        config = app.extensions["migrate"].migrate.get_config()
        heads = app.extensions["participation_migration_heads"] = frozenset(
            ScriptDirectory.from_config(config).get_heads()
        )
    return heads


def check_database(app):
    """("ok" | "error", "ok" | "behind" | "missing" | "unknown") for the database and its schema."""
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            try:
                versions = set(connection.execute(text("SELECT version_num FROM alembic_version")).scalars())
            except Exception:
                return "ok", "missing"
    except Exception:
        return "error", "unknown"
    return "ok", "ok" if versions == migration_heads(app) else "behind"


def check_redis(app):
    if not app.config.get("REDIS_URL"):
        return "not configured"
    client = app.extensions.get("participation_redis_client")
    try:
        client.ping()
    except Exception:
        return "error"
    return "ok"


@bp.get("/healthz")
def healthz():
    app = current_app._get_current_object()
    database, migrations = check_database(app)
    redis_state = check_redis(app)
    if database != "ok" or migrations != "ok":
        status = "error"
    elif redis_state == "error":
        status = "degraded"
    else:
        status = "ok"
    response = jsonify(status=status, database=database, migrations=migrations, redis=redis_state)
    response.status_code = 503 if status == "error" else 200
    response.headers["Cache-Control"] = "no-store"
    return response
