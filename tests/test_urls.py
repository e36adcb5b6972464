"""URL reading against a real HTTP server on loopback."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from triangulate.errors import InputError
from triangulate.ingest import read_inputs
from triangulate.ingest.urls import fetch
from triangulate.model import Article

PAGE = b"""<html><head><title>Port strike spreads | Test Times</title></head><body>
<article><h1>Port strike spreads</h1><p>Dock workers in three cities walked out on Monday,
the union said, demanding higher wages after a year of rising prices.</p>
<p>"We will stay out until the employers talk to us," a union leader said.</p></article>
</body></html>"""


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.path == "/page":
            self._send(200, PAGE, "text/html; charset=utf-8")
        elif self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/page")
            self.end_headers()
        elif self.path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
        elif self.path == "/big":
            self._send(200, b"x" * 5000, "text/plain")
        elif self.path == "/slow":
            time.sleep(2)
            self._send(200, b"late", "text/plain")
        elif self.path == "/linked-feed":
            port = self.server.server_address[1]
            body = (
                b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item>'
                b"<title>I</title><link>http://127.0.0.1:%d/page</link>"
                b"<description>Teaser only.</description></item></channel></rss>" % port
            )
            self._send(200, body, "application/rss+xml")
        elif self.path == "/feed":
            body = (
                b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item>'
                b"<title>I</title><description>Item text.</description></item></channel></rss>"
            )
            self._send(200, body, "application/rss+xml")
        else:
            self._send(404, b"not found", "text/plain")

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_loopback_is_refused_by_default(server: str) -> None:
    with pytest.raises(InputError, match="non-public address"):
        fetch(f"{server}/page", allow_private=False)


def test_page_is_read_when_private_allowed(server: str) -> None:
    results = list(read_inputs([f"{server}/redirect"], allow_private=True))
    assert len(results) == 1 and isinstance(results[0], Article)
    article = results[0]
    assert article.url == f"{server}/page"
    assert "Dock workers" in article.text and article.title == "Port strike spreads"


def test_feed_url(server: str) -> None:
    results = list(read_inputs([f"{server}/feed"], allow_private=True))
    assert isinstance(results[0], Article) and results[0].text == "Item text."


def test_feed_links_followed_only_when_asked(server: str) -> None:
    plain = list(read_inputs([f"{server}/linked-feed"], allow_private=True))
    assert isinstance(plain[0], Article) and plain[0].text == "Teaser only."
    followed = list(read_inputs([f"{server}/linked-feed"], allow_private=True, follow_links=True))
    assert isinstance(followed[0], Article) and "Dock workers" in followed[0].text


@pytest.mark.parametrize(
    ("path", "reason"),
    [("/missing", "HTTP 404"), ("/loop", "redirects"), ("/big", "too large")],
)
def test_http_failures(server: str, path: str, reason: str) -> None:
    with pytest.raises(InputError, match=reason):
        fetch(f"{server}{path}", allow_private=True, max_bytes=1000)


def test_timeout(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRIANGULATE_URL_TIMEOUT", "0.3")
    with pytest.raises(InputError, match="timed out"):
        fetch(f"{server}/slow", allow_private=True)


def test_unreachable_port_is_one_error_among_good_inputs(server: str) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]
    results = list(
        read_inputs([f"http://127.0.0.1:{closed}/x", f"{server}/page"], allow_private=True)
    )
    assert isinstance(results[0], InputError) and "unreachable" in results[0].reason
    assert isinstance(results[1], Article)


def test_unresolvable_host() -> None:
    results = list(read_inputs(["http://no-such-host.invalid/story"]))
    assert isinstance(results[0], InputError) and "resolve" in results[0].reason


def test_non_http_scheme_is_not_a_url() -> None:
    results = list(read_inputs(["ftp://example.org/x.txt"]))
    assert isinstance(results[0], InputError)
