"""Which client sent a request: the connecting address, or, behind a proxy we trust, the
address that proxy saw.

X-Forwarded-For is written by whoever sends the request, so it is believed only when
the connection comes from one of ACCORD_TRUSTED_PROXIES (addresses or networks), and
then only as far back as the chain stays inside trusted proxies: the right-most address
that is not a trusted proxy is the client. A client cannot pick its own address by
sending the header, and one client behind the proxy cannot lock everyone out.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def parse_networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    """ACCORD_TRUSTED_PROXIES entries as networks (a bare address is a /32 or /128);
    raises ValueError naming a bad entry."""
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            raise ValueError(
                f"ACCORD_TRUSTED_PROXIES: {entry!r} is not an IP address or network"
            ) from None
    return tuple(networks)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None


def _trusted(text: str, networks: Iterable[Network]) -> bool:
    address = _address(text)
    return address is not None and any(address in network for network in networks)


def client_address(request: HttpRequest | None) -> str:
    """The client's address for rate limits and audit ("unknown" without a request)."""
    if request is None:
        return "unknown"
    remote = str(request.META.get("REMOTE_ADDR") or "unknown")
    networks = parse_networks(tuple(settings.ACCORD_TRUSTED_PROXIES))
    if not networks or not _trusted(remote, networks):
        return remote
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, networks):
            # A malformed hop is the client's own invention: key on it as given (it is
            # still one client), never on the proxy.
            return hop[:45]
    return remote
