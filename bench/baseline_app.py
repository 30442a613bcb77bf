"""The bare baseline for bench/load.py: Flask + Flask-SQLAlchemy, one row per POST.

Served by gunicorn with the project's gunicorn.conf.py (same workers, threads, worker
class) on the same kind of database as the app it is compared with. It does what an idea
POST must do at the least: parse JSON, insert a row, commit, answer with its id. Its
SQLite connection has the app's durability settings (WAL, synchronous=FULL, the same
busy timeout), so both pay for the same fsync per commit.

    BASELINE_DATABASE_URL=sqlite:////tmp/base.sqlite gunicorn -c gunicorn.conf.py bench.baseline_app:app
"""

import os
from datetime import datetime, timezone

from flask import Flask, jsonify, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import event

db = SQLAlchemy()


class Row(db.Model):
    __tablename__ = "baseline_row"
    id = db.Column(db.Integer, primary_key=True)
    text = db.Column(db.Text, nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=lambda: datetime.now(timezone.utc))


def create_app():
    app = Flask(__name__)
    url = os.environ["BASELINE_DATABASE_URL"]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    db.init_app(app)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            @event.listens_for(db.engine, "connect")
            def _pragmas(connection, _record):
                cursor = connection.cursor()
                cursor.execute("PRAGMA busy_timeout = 15000")
                cursor.execute("PRAGMA journal_mode = WAL")
                cursor.execute("PRAGMA synchronous = FULL")
                cursor.close()
        db.create_all()

    @app.get("/")
    def index():
        return "baseline"

    @app.post("/ideas")
    def post_row():
        payload = request.get_json(silent=True) or {}
        row = Row(text=str(payload.get("text", "")))
        db.session.add(row)
        db.session.commit()
        return jsonify(id=row.id), 201

    return app


app = create_app()
