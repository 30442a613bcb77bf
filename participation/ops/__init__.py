"""Operations: /healthz, backup and restore, automatic deletion (retention), structured logs."""

from flask import Blueprint

bp = Blueprint("ops", __name__)


def init_app(app):
    from werkzeug.middleware.proxy_fix import ProxyFix

    from . import health, logs, retention  # noqa: F401  (routes register on import)

    logs.configure_logging(app)
    logs.register_request_log(app)
    proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if proxies > 0:
        # Behind nginx: the client's address (login throttling) and scheme come from the proxy.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
    retention.register_sweep(app)
    app.register_blueprint(bp)
