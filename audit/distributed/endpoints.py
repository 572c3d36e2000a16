"""Where the distributed parts meet: the broker, the Redis for politeness, the store.

No Celery here, so the CLI can name its defaults without importing it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

BROKER_ENV = "A11Y_AUDIT_BROKER"
REDIS_ENV = "A11Y_AUDIT_REDIS"
DB_ENV = "A11Y_AUDIT_DB"
VISIBILITY_ENV = "A11Y_AUDIT_VISIBILITY_TIMEOUT"
DEFAULT_BROKER = "redis://127.0.0.1:6379/0"
DEFAULT_VISIBILITY_S = 600
QUEUE = "a11y-audit"


@dataclass(frozen=True)
class Endpoints:
    """Where the distributed parts meet: the broker, the Redis for politeness, the store."""

    broker: str = DEFAULT_BROKER
    redis: str | None = None  # default: the broker when it is Redis
    db: str | None = None
    visibility_timeout_s: int = DEFAULT_VISIBILITY_S

    @property
    def redis_url(self) -> str:
        if self.redis:
            return self.redis
        if self.broker.startswith(("redis://", "rediss://")):
            return self.broker
        raise ValueError("the broker is not Redis: give --redis redis://HOST:6379/N for the "
                         "per-host politeness limits shared by all workers")

    @classmethod
    def from_env(cls) -> Endpoints:
        return cls(broker=os.environ.get(BROKER_ENV) or DEFAULT_BROKER,
                   redis=os.environ.get(REDIS_ENV) or None,
                   db=os.environ.get(DB_ENV) or None,
                   visibility_timeout_s=int(os.environ.get(VISIBILITY_ENV)
                                            or DEFAULT_VISIBILITY_S))
