"""What the operator decides about a running server: store, token, limits.

Every value has a safe default and an environment variable, so ``tahqiq serve`` needs no flags
on a desk laptop while a shared deployment can tighten or loosen each limit.
"""

from __future__ import annotations

import dataclasses
import json
import os
from dataclasses import dataclass, field

from tahqiq.store import default_path

MIB = 1024 * 1024
SETTINGS_ENV = "TAHQIQ_SERVER_SETTINGS"  # how worker processes receive the settings of `tahqiq serve`


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


@dataclass(frozen=True)
class ServerSettings:
    """Configuration of one server process.

    ``token`` guards every write; with none set, writes are refused rather than left open.
    ``open_reads`` lets clients other than loopback read without the token.
    ``rate_per_minute`` bounds requests per client address (0 turns the limit off, for load tests).
    ``max_concurrent_work`` bounds checks and article views computed at once (see ``WorkSlots``).
    ``public_url`` is the address published in ClaimReview exports (default: the request's own).
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

    @classmethod
    def from_env(cls, db: str | None = None, **overrides: object) -> ServerSettings:
        """Settings from ``$TAHQIQ_*`` variables, then ``overrides`` (values of None are ignored)."""
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
            "public_url": os.environ.get("TAHQIQ_PUBLIC_URL") or None,
            "stance_model": os.environ.get("TAHQIQ_STANCE_MODEL") or None,
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self))

    @classmethod
    def from_json(cls, text: str) -> ServerSettings:
        return cls(**json.loads(text))
