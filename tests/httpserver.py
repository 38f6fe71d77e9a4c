"""A real HTTP/1.1 server on 127.0.0.1 for download tests, with scripted misbehaviour.

Each route serves fixed bytes and can be told to cut the connection partway
through the body, to answer with an error status first, or to ignore Range
requests, so tests exercise the downloader over real sockets.
"""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    """What one path serves and how it misbehaves."""

    body: bytes
    drop_after: int = 0  # body bytes sent before a cut connection
    drops: int = 0  # requests to cut before serving whole; -1 cuts every request
    ranges: bool = True  # advertise Accept-Ranges: bytes
    honour_ranges: bool = True  # answer a Range request with 206 (else a full 200)
    statuses: list[int] = field(default_factory=list)  # error answers before serving


@dataclass(frozen=True)
class Seen:
    """One request as the server saw it."""

    path: str
    range: str | None


class FileServer:
    """Serves routes on 127.0.0.1 at a free port, in a daemon thread; use as a context manager."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Seen] = []
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self) -> FileServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join()

    def add(self, path: str, body: bytes, **behaviour: object) -> str:
        """Serve ``body`` at ``path``; return its full URL."""
        self.routes[path] = Route(body, **behaviour)  # type: ignore[arg-type]
        return self.url(path)

    def url(self, path: str) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}{path}"

    def seen(self, path: str) -> list[Seen]:
        with self._lock:
            return [r for r in self.requests if r.path == path]


def _handler_for(server: FileServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # keep pytest output clean
            pass

        def do_GET(self) -> None:
            asked = self.headers.get("Range")
            with server._lock:
                server.requests.append(Seen(self.path, asked))
                route = server.routes.get(self.path)
                status = route.statuses.pop(0) if route and route.statuses else None
                cut = bool(route and route.drops)
                if route and route.drops > 0:
                    route.drops -= 1
            if route is None or status is not None:
                self._empty(404 if route is None else status or 500)
                return
            body, start = route.body, 0
            if asked and route.ranges and route.honour_ranges:
                start = int(asked.removeprefix("bytes=").split("-")[0])
            self.send_response(206 if start else 200)
            if route.ranges:
                self.send_header("Accept-Ranges", "bytes")
            if start:
                self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
            self.send_header("Content-Length", str(len(body) - start))
            self.end_headers()
            part = body[start:]
            if cut:
                # Announce the whole body, send some of it, then hang up.
                self.wfile.write(part[: route.drop_after])
                self.wfile.flush()
                self.connection.shutdown(socket.SHUT_RDWR)
                self.close_connection = True
                return
            self.wfile.write(part)

        def _empty(self, status: int) -> None:
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

    return Handler


def dead_url(path: str = "/") -> str:
    """A URL on 127.0.0.1 where nothing listens (connection refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}{path}"
