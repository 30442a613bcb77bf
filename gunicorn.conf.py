"""gunicorn settings for participation; environment variables override the defaults.

gthread workers: every open live stream (a wall or a phone) holds one thread while it
waits, so threads, not processes, set how many streams a server keeps open.
"""

import os

# One BLAS thread per worker: the text analysis (NumPy/SciPy) runs beside request threads,
# and on a small server several BLAS threads per worker only fight each other for cores.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

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
