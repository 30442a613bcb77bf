"""The IPv4 addresses under which phones on the venue's network may reach this computer.

Pure standard library, no Flask: used by the workshop page's warning, the admin setting
and `make run` (through ``flask bootstrap``), which prints the command that serves the app
on the LAN.
"""

import ipaddress
import socket
import time

# A documentation address (RFC 5737): "connecting" a UDP socket sends nothing, it only
# asks the kernel which local address the default route would use.
_PROBE = ("192.0.2.1", 9)


def _route_address():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(_PROBE)
        return probe.getsockname()[0]


def _host_addresses():
    return [info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)]


def is_lan_address(text):
    """A private or other non-loopback IPv4 a phone in the same network could open."""
    try:
        address = ipaddress.IPv4Address(text)
    except ValueError:
        return False
    return not (address.is_loopback or address.is_unspecified or address.is_link_local
                or address.is_multicast or address.is_reserved)


def lan_ipv4_addresses(sources=(_route_address, _host_addresses)):
    """Non-loopback IPv4 addresses of this computer, the default route's first, no duplicates.

    Each source may fail (no network, no name for the host): it is skipped.
    """
    found = []
    for source in sources:
        try:
            addresses = source()
        except OSError:
            continue
        for address in [addresses] if isinstance(addresses, str) else addresses:
            if is_lan_address(address) and address not in found:
                found.append(address)
    return found


_detected = {"at": None, "addresses": []}
DETECTION_SECONDS = 60


def detected_addresses(clock=time.monotonic):
    """``lan_ipv4_addresses()``, looked up at most once a minute: pages that warn about
    localhost call this, and a host name lookup can be slow on a laptop without DNS."""
    now = clock()
    if _detected["at"] is None or now - _detected["at"] >= DETECTION_SECONDS:
        _detected["addresses"] = lan_ipv4_addresses()
        _detected["at"] = now
    return list(_detected["addresses"])


def lan_base_urls(port, addresses=None, scheme="http"):
    """Addresses to offer for PUBLIC_BASE_URL: one per LAN address, on this port."""
    addresses = detected_addresses() if addresses is None else addresses
    suffix = "" if (scheme, str(port)) in (("http", "80"), ("https", "443")) else f":{port}"
    return [f"{scheme}://{address}{suffix}" for address in addresses]


def run_hint(host, port, addresses=None):
    """The lines `make run` prints: the detected addresses and how to serve phones on them."""
    addresses = detected_addresses() if addresses is None else addresses
    if not addresses:
        return ["Keine LAN-Adresse gefunden: Handys erreichen diesen Rechner nur, wenn er im selben Netz ist."]
    urls = lan_base_urls(port, addresses)
    lines = ["LAN-Adressen dieses Rechners: " + ", ".join(addresses)]
    if host in ("127.0.0.1", "localhost", "::1"):
        lines.append(f"Der Server hört nur auf {host}: Handys im Saal erreichen ihn so nicht. Starten Sie für den Saal mit")
        lines.append(f"  PUBLIC_BASE_URL={urls[0]} make run HOST=0.0.0.0")
    else:
        lines.append("Handys erreichen den Server unter " + " oder ".join(urls) + ". Tragen Sie die Adresse")
        lines.append(f"dauerhaft ein mit  PUBLIC_BASE_URL={urls[0]}  oder als Administrator unter")
        lines.append("Verwaltung → Öffentliche Adresse.")
    return lines
