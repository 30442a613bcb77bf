"""Where a ``next`` parameter may send a browser: only to a path on this site."""

from urllib.parse import unquote, urlsplit


def safe_local_target(target, fallback):
    """``target`` if it is a path on this site, else ``fallback`` (no open redirect).

    Browsers are lenient where a check might not be: they drop tabs and newlines, read
    ``\\`` as ``/`` (so ``/\\evil`` and ``/\t/evil`` lead to another host like ``//evil``),
    and some proxies decode ``%2F``, ``%5C`` and ``%09`` before a browser sees them. So
    the path is judged as sent and once percent-decoded: it must start with one ``/``,
    hold no backslash and no control character, and name no scheme or host.
    """
    if not isinstance(target, str) or not _is_local_path(target):
        return fallback
    path = urlsplit(target).path
    if not _is_local_path(unquote(path)):
        return fallback
    return target


def _is_local_path(value):
    if not value.startswith("/") or value.startswith("//"):
        return False
    if "\\" in value or any(ord(char) < 0x20 or ord(char) == 0x7F for char in value):
        return False
    parts = urlsplit(value)
    return not parts.scheme and not parts.netloc
