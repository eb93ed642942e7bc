"""Bounds on what one client can ask of the server: host name, body size, request rate, checks at once.

These run as plain ASGI middleware, before FastAPI parses anything, so a request for another
host name is refused (400), an oversized upload is cut off while it streams in (with 413, never
a 500 and never a partial ingest) and a flood of requests is answered with 429 without touching
the store.

The rate limit keeps one bucket per client, not per address: on a desk laptop every client is
127.0.0.1, and one bucket for all would let a local script starve the journalist's browser. A
client is its token when it presents the right one, else its address; a loopback client (or
one with the token) may also name itself with ``X-Tahqiq-Client`` (the page sends one per tab),
so the page and a script on the same machine each get their own bucket. Other clients cannot
split themselves this way: for them the address is the bucket.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager

from fastapi import HTTPException
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tahqiq.server.security import (
    SECURITY_HEADERS,
    allowed_host_names,
    host_allowed,
    is_loopback,
    presented_token,
    token_ok,
)
from tahqiq.server.settings import ServerSettings

MAX_TRACKED_CLIENTS = 10_000
CLIENT_HEADER = "x-tahqiq-client"  # a client's own name for itself, for its own rate-limit bucket
_CLIENT_NAME = re.compile(r"[A-Za-z0-9_-]{8,64}")  # the page sends a random UUID; nothing longer is kept
MAX_HOST_SHOWN = 80  # characters of a refused Host header repeated in the error message


async def _send_json(send: Send, status: int, detail: str, headers: dict[str, str] | None = None) -> None:
    body = json.dumps({"detail": detail}, ensure_ascii=False).encode()
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    raw += [(k.lower().encode(), v.encode()) for k, v in {**SECURITY_HEADERS, **(headers or {})}.items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body over the limit of {limit // 1024} KiB; nothing was stored")


class BodyLimit:
    """Refuse bodies over ``limit`` bytes: by Content-Length up front, else while reading."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    await _send_json(send, 400, "Content-Length is not a number")
                    return
                if declared > self.limit:
                    await _send_json(send, 413, BodyTooLarge(self.limit).detail)
                    return
        seen = 0
        started = False

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise BodyTooLarge(self.limit)
            return message

        async def tracking(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited, tracking)
        except BodyTooLarge as exc:
            if started:
                raise
            await _send_json(send, 413, str(exc.detail))


class RateLimiter:
    """Token buckets per client address: ``per_minute`` sustained, ``burst`` at once.

    Thread-safe and bounded in memory: the least recently seen clients are forgotten first.
    """

    def __init__(self, per_minute: int, burst: int) -> None:
        self.rate = per_minute / 60.0
        self.burst = float(max(burst, 1))
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def take(self, client: str, now: float | None = None) -> float:
        """0 if ``client`` may go on now, else the seconds until it may."""
        now = time.monotonic() if now is None else now
        with self._lock:
            tokens, last = self._buckets.pop(client, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            wait = 0.0
            if tokens >= 1.0:
                tokens -= 1.0
            else:
                wait = (1.0 - tokens) / self.rate if self.rate > 0 else 60.0
            self._buckets[client] = (tokens, now)
            while len(self._buckets) > MAX_TRACKED_CLIENTS:
                self._buckets.popitem(last=False)
            return wait


async def _send_text(send: Send, status: int, text: str) -> None:
    body = text.encode()
    raw = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]
    raw += [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


class HostCheck:
    """Answer only requests whose Host header names this server (400 otherwise): see ``security``."""

    def __init__(self, app: ASGIApp, settings: ServerSettings) -> None:
        self.app = app
        self.allowed = allowed_host_names(settings)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":  # lifespan events; the server has no websocket routes
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        header = headers.get("host")
        if host_allowed(self.allowed, header):
            await self.app(scope, receive, send)
            return
        shown = (header or "")[:MAX_HOST_SHOWN]
        english = (
            f"this server does not answer to the host name {shown!r}; "
            "the operator can allow it with tahqiq serve --allowed-host"
        )
        if "text/html" in headers.get("accept", ""):  # someone opened the page under another name
            arabic = f"هذا الخادم لا يجيب باسم المضيف {shown!r}؛ يستطيع المشغّل السماح به عبر --allowed-host"
            await _send_text(send, 400, f"{arabic}\n{english}\n")
            return
        await _send_json(send, 400, english)


def client_key(scope: Scope, settings: ServerSettings) -> str:
    """The rate-limit bucket of a request: its token or address, plus its own name where allowed."""
    client = scope.get("client")
    address = str(client[0]) if client else "?"
    headers = Headers(scope=scope)
    key = address
    presented = presented_token(headers)
    if presented and token_ok(settings, presented):
        key = "token:" + hashlib.sha256(presented.encode()).hexdigest()[:16]
    name = headers.get(CLIENT_HEADER, "")
    if _CLIENT_NAME.fullmatch(name) and (key != address or is_loopback(address)):
        key += "/" + name
    return key


class RateLimit:
    """ASGI middleware applying a :class:`RateLimiter` to every HTTP request but static files."""

    def __init__(self, app: ASGIApp, limiter: RateLimiter | None, settings: ServerSettings) -> None:
        self.app = app
        self.limiter = limiter
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.limiter is None or scope["type"] != "http" or scope["path"].startswith("/static/"):
            await self.app(scope, receive, send)
            return
        wait = self.limiter.take(client_key(scope, self.settings))
        if wait > 0:
            retry = str(max(1, math.ceil(wait)))
            await _send_json(
                send, 429, f"too many requests; try again in {retry} s", headers={"Retry-After": retry}
            )
            return
        await self.app(scope, receive, send)


class SecurityHeaders:
    """Add the CSP and related headers to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.raw = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name for name, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    (k, v) for k, v in self.raw if k not in present
                ]
            await send(message)

        await self.app(scope, receive, with_headers)


class WorkSlots:
    """At most ``size`` checks and article views at once; the rest wait up to ``wait`` s, then get 503.

    They are CPU-bound Python, so one process runs about one of them at a time whatever the
    thread count: a few at once keep SQLite reads overlapping with computing, while a crowd of
    threads only trades the interpreter lock back and forth and makes every request slower.
    """

    def __init__(self, size: int, wait: float) -> None:
        self._slots = threading.BoundedSemaphore(max(size, 1))
        self.wait = wait

    @contextmanager
    def slot(self) -> Iterator[None]:
        if not self._slots.acquire(timeout=self.wait):
            raise HTTPException(503, "the server is busy; try again shortly", headers={"Retry-After": "5"})
        try:
            yield
        finally:
            self._slots.release()
