"""URLs: fetched with httpx under a timeout and a size cap.

Loopback, private, link-local and other non-public addresses are refused
unless explicitly allowed, so a feed or a list of links cannot be used to
probe the machine's own network. Each redirect hop is checked again.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from triangulate import __version__, config
from triangulate.errors import InputError

_MAX_REDIRECTS = 5
USER_AGENT = f"triangulate/{__version__} (+news analysis)"


@dataclass(slots=True)
class Fetched:
    """A fetched resource: the final URL, its content type and body."""

    url: str
    content_type: str
    body: bytes


def is_url(value: str) -> bool:
    """Whether an input names an http(s) URL rather than a path."""
    return value.lower().startswith(("http://", "https://"))


def check_host(url: str, allow_private: bool) -> None:
    """Refuse URLs whose host resolves to a non-public address."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise InputError(url, "not an http(s) URL")
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise InputError(url, f"unreachable: cannot resolve host ({exc})") from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            raise InputError(
                url,
                f"refused: {parts.hostname} is a non-public address {address} "
                "(use --allow-private to fetch it)",
            )


def fetch(url: str, *, allow_private: bool | None = None, max_bytes: int | None = None) -> Fetched:
    """Fetch a URL, following redirects, or raise InputError with the reason."""
    allow = config.get("allow_private") if allow_private is None else allow_private
    limit = config.get("max_bytes") if max_bytes is None else max_bytes
    timeout = httpx.Timeout(config.get("url_timeout"))
    current = url
    with httpx.Client(
        timeout=timeout, follow_redirects=False, headers={"User-Agent": USER_AGENT}
    ) as client:
        for _ in range(_MAX_REDIRECTS + 1):
            check_host(current, allow)
            try:
                with client.stream("GET", current) as response:
                    if response.is_redirect:
                        location = response.headers.get("location")
                        if not location:
                            raise InputError(url, "redirect without a Location header")
                        current = urljoin(current, location)
                        continue
                    if response.status_code >= 400:
                        raise InputError(url, f"HTTP {response.status_code}")
                    declared = response.headers.get("content-length")
                    if declared and declared.isdigit() and int(declared) > limit:
                        raise InputError(url, f"too large: {declared} bytes (limit {limit})")
                    chunks: list[bytes] = []
                    size = 0
                    for chunk in response.iter_bytes():
                        size += len(chunk)
                        if size > limit:
                            raise InputError(url, f"too large: over {limit} bytes")
                        chunks.append(chunk)
                    content_type = response.headers.get("content-type", "").split(";")[0].strip()
                    return Fetched(str(response.url), content_type.lower(), b"".join(chunks))
            except httpx.TimeoutException:
                raise InputError(url, "unreachable: timed out") from None
            except httpx.HTTPError as exc:
                raise InputError(url, f"unreachable: {type(exc).__name__}: {exc}") from None
    raise InputError(url, f"more than {_MAX_REDIRECTS} redirects")
