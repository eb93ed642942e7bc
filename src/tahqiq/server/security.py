"""Who may read and write, and the headers that keep untrusted article text inert in a browser.

Writes (ingest, review edits) need the operator's token, sent as ``Authorization: Bearer TOKEN``
or ``X-Tahqiq-Token``; a server started without ``TAHQIQ_TOKEN`` refuses every write. A header,
not a cookie, carries it, so another site cannot make a reviewer's browser write. Reads are
open to loopback clients and, only if the operator says so, to everyone. Behind a reverse proxy
on the same machine every client arrives from loopback, so such a deployment should set the
token and leave reads to the proxy's own access rules.

Requests must name this server in their Host header: only loopback names unless the operator
adds others (``--allowed-host``, ``$TAHQIQ_ALLOWED_HOSTS``, the host of ``$TAHQIQ_PUBLIC_URL``).
Otherwise a page on another site could rebind its DNS name to 127.0.0.1 and, being "same
origin" with itself, read the whole store through a journalist's browser; its Host header
still carries its own name, so it is refused with 400.

The Content-Security-Policy allows scripts, styles and fonts from this server only, with no
inline code and no ``eval``: even if some text slipped through unescaped, it could not run.
"""

from __future__ import annotations

import ipaddress
import secrets

from fastapi import HTTPException, Request
from starlette.datastructures import Headers

from tahqiq.server.settings import ServerSettings, host_of

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; font-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


def is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def allowed_host_names(settings: ServerSettings) -> frozenset[str]:
    """The Host names this server answers to: the configured ones and the public URL's host."""
    names = {h.lower().rstrip(".") for h in settings.allowed_hosts}
    public = host_of(settings.public_url)
    if public:
        names.add(public)
    return frozenset(names)


def host_allowed(allowed: frozenset[str], header: str | None) -> bool:
    """Whether a request with this Host header (None: no header, as in HTTP/1.0) may be answered.

    A request without the header cannot come from a browser page, so it cannot be rebinding.
    """
    if "*" in allowed or header is None:
        return True
    name = host_of(header)
    return name is not None and name.rstrip(".") in allowed


def presented_token(headers: Headers) -> str | None:
    """The token a request carries (``Authorization: Bearer`` or ``X-Tahqiq-Token``), if any."""
    auth = headers.get("authorization", "")
    scheme, _, value = auth.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return headers.get("x-tahqiq-token") or None


def token_ok(settings: ServerSettings, presented: str | None) -> bool:
    if not settings.token or not presented:
        return False
    return secrets.compare_digest(settings.token.encode(), presented.encode())


def require_write(request: Request) -> None:
    """FastAPI dependency: the request carries the operator's token."""
    settings: ServerSettings = request.app.state.settings
    if not settings.token:
        raise HTTPException(403, "writes are disabled: the operator has not set TAHQIQ_TOKEN")
    if not token_ok(settings, presented_token(request.headers)):
        raise HTTPException(
            401,
            "this action needs the operator's token (Authorization: Bearer TOKEN)",
            headers={"WWW-Authenticate": "Bearer"},
        )


def require_read(request: Request) -> None:
    """FastAPI dependency: loopback, open reads, or the token."""
    settings: ServerSettings = request.app.state.settings
    host = request.client.host if request.client else None
    if settings.open_reads or is_loopback(host) or token_ok(settings, presented_token(request.headers)):
        return
    raise HTTPException(
        401, "reads from other machines need the operator's token", headers={"WWW-Authenticate": "Bearer"}
    )
