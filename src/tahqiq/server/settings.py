"""What the operator decides about a running server: store, token, limits.

Every value has a safe default and an environment variable, so ``tahqiq serve`` needs no flags
on a desk laptop while a shared deployment can tighten or loosen each limit.
"""

from __future__ import annotations

import dataclasses
import json
import os
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from tahqiq.store import default_path

MIB = 1024 * 1024
SETTINGS_ENV = "TAHQIQ_SERVER_SETTINGS"  # how worker processes receive the settings of `tahqiq serve`
# Host names a request may be addressed to when the operator names none: this machine only. A
# page on another site that rebinds its DNS name to 127.0.0.1 still sends its own name as Host.
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")
# Unreviewed checks kept (the oldest go first): every anonymous check saves its report, ~15 KB for
# the sample claim and up to ~130 KB with ten long articles as evidence, so without a bound a script
# on loopback could fill the disk; 1,000 is weeks of a desk's checks in at most ~130 MB. Reviewed
# checks are always kept.
MAX_SAVED_CHECKS = 1000


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ValueError(f"${name} must be a whole number, not {raw!r}") from None


def _env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


def host_of(url: str | None) -> str | None:
    """The host name of an address such as ``https://checks.example.org/desk`` (lower case), or None."""
    if not url:
        return None
    try:
        return urlsplit(url if "//" in url else f"//{url}").hostname or None
    except ValueError:
        return None


def allowed_hosts_from(names: str | None, public_url: str | None) -> tuple[str, ...]:
    """Loopback names, those in ``names`` (comma-separated) and the host of ``public_url``."""
    found = [*LOOPBACK_HOSTS]
    for name in (names or "").split(","):
        host = name.strip().lower()
        if host == "*":
            found.append(host)
        elif host:
            found.append(host_of(host) or host)
    public = host_of(public_url)
    if public:
        found.append(public)
    return tuple(dict.fromkeys(found))


@dataclass(frozen=True)
class ServerSettings:
    """Configuration of one server process.

    ``token`` guards every write; with none set, writes are refused rather than left open.
    ``open_reads`` lets clients other than loopback read without the token.
    ``rate_per_minute`` bounds requests per client address (0 turns the limit off, for load tests).
    ``max_concurrent_work`` bounds checks and article views computed at once (see ``WorkSlots``).
    ``public_url`` is the address published in ClaimReview exports (default: the request's own).
    ``allowed_hosts`` are the names a request's Host header may carry (``*`` allows any, for a
    reverse proxy that checks it); anything else is refused, which defeats DNS rebinding.
    ``max_saved_checks`` bounds the unreviewed checks kept for review (0: keep every one).
    ``watch`` names folders the server watches itself (``tahqiq.watch``), ``watch_every`` seconds
    apart; its alerts are appended to ``alerts_jsonl`` and posted to ``webhook`` when those are set.
    """

    db: str = field(default_factory=default_path)
    token: str | None = None
    open_reads: bool = False
    max_upload_bytes: int = 20 * MIB
    max_upload_articles: int = 5000
    rate_per_minute: int = 600
    rate_burst: int = 120
    max_concurrent_work: int = 2
    work_wait_seconds: float = 30.0
    organization: str = "tahqiq"
    public_url: str | None = None
    stance_model: str | None = None
    allowed_hosts: tuple[str, ...] = LOOPBACK_HOSTS
    max_saved_checks: int = MAX_SAVED_CHECKS
    watch: tuple[str, ...] = ()
    watch_every: float = 60.0
    alerts_jsonl: str | None = None
    webhook: str | None = None

    @classmethod
    def from_env(cls, db: str | None = None, **overrides: object) -> ServerSettings:
        """Settings from ``$TAHQIQ_*`` variables, then ``overrides`` (values of None are ignored)."""
        public_url = os.environ.get("TAHQIQ_PUBLIC_URL") or None
        extra_hosts = overrides.pop("allowed_hosts", None)
        if isinstance(extra_hosts, list | tuple):  # names given on the command line join the variable's
            extra_hosts = ",".join(str(h) for h in extra_hosts)
        env_hosts = os.environ.get("TAHQIQ_ALLOWED_HOSTS", "")
        values: dict[str, object] = {
            "db": db or default_path(),
            "token": os.environ.get("TAHQIQ_TOKEN") or None,
            "open_reads": _env_flag("TAHQIQ_OPEN_READS"),
            "max_upload_bytes": _env_int("TAHQIQ_MAX_UPLOAD_MB", 20) * MIB,
            "max_upload_articles": _env_int("TAHQIQ_MAX_UPLOAD_ARTICLES", 5000),
            "rate_per_minute": _env_int("TAHQIQ_RATE_PER_MINUTE", 600),
            "rate_burst": _env_int("TAHQIQ_RATE_BURST", 120),
            "max_concurrent_work": _env_int("TAHQIQ_MAX_CONCURRENT_WORK", 2),
            "organization": os.environ.get("TAHQIQ_ORGANIZATION") or "tahqiq",
            "public_url": public_url,
            "stance_model": os.environ.get("TAHQIQ_STANCE_MODEL") or None,
            "max_saved_checks": _env_int("TAHQIQ_MAX_SAVED_CHECKS", MAX_SAVED_CHECKS),
            "watch": tuple(p for p in os.environ.get("TAHQIQ_WATCH", "").split(os.pathsep) if p),
            "watch_every": float(_env_int("TAHQIQ_WATCH_EVERY", 60)),
            "alerts_jsonl": os.environ.get("TAHQIQ_ALERTS_JSONL") or None,
            "webhook": os.environ.get("TAHQIQ_WEBHOOK") or None,
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        names = ",".join(n for n in (env_hosts, str(extra_hosts or "")) if n)
        values["allowed_hosts"] = allowed_hosts_from(names, str(values["public_url"] or "") or None)
        return cls(**values)  # type: ignore[arg-type]

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self))

    @classmethod
    def from_json(cls, text: str) -> ServerSettings:
        values = json.loads(text)
        values["allowed_hosts"] = tuple(values.get("allowed_hosts", LOOPBACK_HOSTS))
        values["watch"] = tuple(values.get("watch", ()))
        return cls(**values)
