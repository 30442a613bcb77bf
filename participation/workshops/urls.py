"""The addresses phones open: the join link in the QR code, and whether phones can reach it."""

import ipaddress
from urllib.parse import urlsplit

from flask import request, url_for

from ..core import public_address
from ..core.network import lan_base_urls


def join_url(workshop):
    """The address in the QR code: the public address when set, else the address of this request."""
    return public_url(url_for("ideas.join", code=workshop.code))


def public_url(path):
    """``path`` on the address phones reach: the public address when set (PUBLIC_BASE_URL or
    the admin's setting), else this request's host."""
    base = public_address.base_url()
    if base:
        return base + path
    return request.host_url.rstrip("/") + path


def lan_suggestions():
    """Addresses under which phones may reach this computer, on the port of this request."""
    port = request.host.rpartition(":")[2]
    if not port.isdigit():
        port = "443" if request.scheme == "https" else "80"
    return lan_base_urls(port, scheme=request.scheme)


def is_unreachable_from_phones(url):
    """True for loopback and unspecified hosts, which no phone in the room can open."""
    host = urlsplit(url).hostname or ""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    address = getattr(address, "ipv4_mapped", None) or address  # [::ffff:127.0.0.1]
    return address.is_loopback or address.is_unspecified
