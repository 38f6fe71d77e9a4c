"""The FastAPI app: pages, the JSON API, errors as clear 4xx, and the safety rules.

Safety, by default:

- read-only without a token; writes need the token given at start-up
  (``X-Foedus-Token``), over POST;
- every POST carries the CSRF token (``X-CSRF-Token``, equal to the
  ``foedus_csrf`` cookie the pages set, SameSite=Strict) and, when the browser
  sends one, an ``Origin`` of this very host;
- request bodies are capped (``Settings.max_body``, 413 past it), inputs are
  validated (422 names the field), and every library error becomes a 4xx
  with its own message; nothing is built into SQL here (the facade answers);
- pages load only their own files (a strict Content-Security-Policy, no CDN).
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from foedus._version import __version__
from foedus.errors import (
    AmbiguousState,
    DownloadError,
    FoedusError,
    NotFound,
    RegisterError,
    StoreError,
    UnknownState,
)
from foedus.web.context import Explorer, Settings
from foedus.web.responses import FastJSON

__all__ = ["Settings", "create_app", "error_status"]

STATIC = Path(__file__).parent / "static"
PAGES = ("/", "/defends", "/owes", "/review", "/whatif")
CSRF_COOKIE = "foedus_csrf"
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)


def error_status(exc: Exception) -> int:
    """The HTTP status for a library error: 404 unknown things, 409 ambiguous names,
    503 no store, 502 a publisher that failed, 403 no write access, else 400."""
    if isinstance(exc, PermissionError):
        return 403
    if isinstance(exc, AmbiguousState):
        return 409
    if isinstance(exc, UnknownState | NotFound):
        return 404
    if isinstance(exc, StoreError):
        return 503
    if isinstance(exc, DownloadError):
        return 502
    if isinstance(exc, RegisterError):
        return 409
    return 400


def _error(status: int, message: str, detail: Any = None) -> JSONResponse:
    return FastJSON({"error": message, "detail": detail}, status_code=status)


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes (by Content-Length, or as they stream)."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length", b"")
        too_big = _error(413, f"the request is larger than {self.limit:,} bytes; send less")
        if length.isdigit() and int(length) > self.limit:
            await too_big(scope, receive, send)
            return
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _TooBig
            return message

        async def tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, tracked)
        except _TooBig:
            if not started:
                await too_big(scope, receive, send)


class _TooBig(Exception):
    pass


_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
]


class Guard:
    """Refuse cross-site writes (:func:`_csrf_problem`) and add the security headers.

    A plain ASGI middleware: Starlette's ``BaseHTTPMiddleware`` costs a task and a
    copy of every response, which the load benchmark sees.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["method"] not in ("GET", "HEAD", "OPTIONS"):
            problem = _csrf_problem(Request(scope))
            if problem:
                await _error(403, problem)(scope, receive, send)
                return
        api = scope["path"].startswith("/api")

        async def headed(message: Message) -> None:
            if message["type"] == "http.response.start":
                have = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in _HEADERS if k not in have]
                if api and b"cache-control" not in have:
                    extra.append((b"cache-control", b"no-store"))
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, headed)


class QuickAnswers:
    """Answer the two hot questions (who defends X, what X owes) in front of FastAPI.

    FastAPI's routing, parameter solving and middleware layers cost as much as the
    answer itself. A GET whose query string :func:`foedus.web.api.plain_question` reads
    as valid is answered here, from the cache or by :func:`foedus.web.api.answer_body`,
    the very code the routes call, with the headers :class:`Guard` gives every answer;
    anything else, and any question the library refuses, goes on to FastAPI, which
    validates it and answers or explains the error as for every other endpoint.
    """

    def __init__(self, app: ASGIApp, explorer: Explorer) -> None:
        from foedus.web import api

        self.app, self.explorer, self.api = app, explorer, api
        self.toward = {"/api/defends": True, "/api/obligations": False}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        toward = self.toward.get(scope["path"]) if scope["type"] == "http" else None
        if toward is not None and scope["method"] == "GET":
            question = self.api.plain_question(scope["query_string"])
            if question is not None:
                key = (scope["path"], scope["query_string"])
                state, on, types, fold_over = question
                try:
                    body = self.api.answer_body(
                        self.explorer, key, state, on, types, toward=toward, fold_over=fold_over
                    )
                except FoedusError:
                    pass  # FastAPI asks again and turns the error into its 4xx
                else:
                    await send({"type": "http.response.start", "status": 200, "headers": [
                        (b"content-type", b"application/json"),
                        (b"content-length", str(len(body)).encode()),
                        *_HEADERS, (b"cache-control", b"no-store"),
                    ]})  # fmt: skip
                    await send({"type": "http.response.body", "body": body})
                    return
        await self.app(scope, receive, send)


class ExplorerApp(FastAPI):
    """The FastAPI app with :class:`QuickAnswers` in front of its whole middleware stack."""

    def build_middleware_stack(self) -> ASGIApp:
        return QuickAnswers(super().build_middleware_stack(), self.state.explorer)


def create_app(settings: Settings | None = None, *, explorer: Explorer | None = None) -> FastAPI:
    """The explorer app over the store ``settings.db`` (default: the user's store).

    Tests give a ``Settings`` with their store and token and drive the app with
    ``fastapi.testclient.TestClient`` or over loopback with uvicorn.
    """
    from foedus.web import api, review

    ex = explorer or Explorer.open(settings or Settings())
    app = ExplorerApp(
        title="foedus explorer API",
        version=__version__,
        summary="Alliance treaties and the obligations they create between states, 1815 to "
        "today: who defends whom on a date, treaties, lineage, and review of news articles.",
        # FastAPI's docs pages load their scripts from a CDN: the spec is served instead.
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
        default_response_class=FastJSON,
    )
    app.state.explorer = ex
    app.include_router(api.router)
    app.include_router(review.router)

    @app.exception_handler(FoedusError)
    async def _library_error(request: Request, exc: FoedusError) -> JSONResponse:
        return _error(error_status(exc), str(exc))

    @app.exception_handler(PermissionError)
    async def _forbidden(request: Request, exc: PermissionError) -> JSONResponse:
        return _error(403, str(exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [
            f"{'.'.join(str(p) for p in e.get('loc', ()) if p != 'query')}: {e.get('msg')}"
            for e in exc.errors()
        ]
        return _error(422, "invalid input: " + "; ".join(problems), problems)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404 and not request.url.path.startswith("/api"):
            return _error(404, f"no page {request.url.path}; start at /")
        return _error(exc.status_code, str(exc.detail))

    app.add_middleware(Guard)  # type: ignore[arg-type]
    app.add_middleware(BodyLimit, limit=ex.settings.max_body)  # type: ignore[arg-type]

    def page(request: Request) -> Response:
        response = FileResponse(STATIC / "index.html", media_type="text/html")
        response.headers["Cache-Control"] = "no-cache"
        response.set_cookie(CSRF_COOKIE, ex.csrf_token(), samesite="strict", httponly=False,
                            path="/")  # fmt: skip
        return response

    for path in PAGES:
        app.add_api_route(path, page, methods=["GET"], include_in_schema=False)
    app.add_api_route("/treaty/{treaty_id}", page, methods=["GET"], include_in_schema=False)
    app.add_api_route(
        "/favicon.ico",
        lambda: RedirectResponse("/static/favicon.svg"),
        methods=["GET"],
        include_in_schema=False,
    )
    if STATIC.is_dir():
        app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


def _csrf_problem(request: Request) -> str | None:
    """Why a POST is refused as cross-site, or None when it may go on."""
    ex: Explorer = request.scope["app"].state.explorer
    origin = request.headers.get("origin")
    host = request.headers.get("host", "")
    if origin and origin.split("://", 1)[-1] != host:
        return f"cross-site request refused: Origin {origin} is not this explorer ({host})"
    header = request.headers.get("x-csrf-token", "")
    cookie = request.cookies.get(CSRF_COOKIE, "")
    expected = ex.csrf_token()
    if not (header and secrets.compare_digest(header, expected)
            and secrets.compare_digest(cookie, expected)):  # fmt: skip
        return (
            "missing or wrong CSRF token: send the X-CSRF-Token header with the value of the "
            f"{CSRF_COOKIE} cookie that the explorer's pages set (open a page first)"
        )
    return None
