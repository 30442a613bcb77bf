"""Cross-cutting web pieces: error pages, security headers, ids, forms, text, time.

The factory registers the error pages (``errors.register``) and the headers (``web.register``).
"""
