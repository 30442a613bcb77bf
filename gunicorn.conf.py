"""gunicorn settings for participation; environment variables override the defaults.

gthread workers: every open live stream (a wall or a phone) holds one thread while it
waits, so threads, not processes, set how many streams a server keeps open.
"""

import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '5000')}"
workers = int(os.environ.get("WORKERS", "3"))
worker_class = "gthread"
threads = int(os.environ.get("THREADS", "100"))
keepalive = 5
graceful_timeout = 10
# No access log: it would hold every attendee's IP address and user agent.
accesslog = None
errorlog = "-"
no_control_socket = True  # nothing to steer from outside; keeps /root/.gunicorn clean
