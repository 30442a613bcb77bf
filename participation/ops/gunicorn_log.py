"""gunicorn's logger without an access log.

With ``logconfig_dict`` set (our structured logs), gunicorn builds every request's access
log entry, client address and user agent included, and hands it to the "gunicorn.access"
logger, which drops it. This logger never builds it: nothing to leak, and nothing to pay
for on every request. The app logs its own request lines (``ops.logs``).
"""

from gunicorn.glogging import Logger


class QuietAccessLogger(Logger):
    @property
    def access_log_enabled(self):
        return False

    def access(self, resp, req, environ, request_time):
        return None
