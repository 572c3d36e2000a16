"""The Celery app: broker and store by URL, late acknowledgement, one message at a time.

Every setting that makes a task survive its worker's death lives here:

- ``task_acks_late`` and ``task_reject_on_worker_lost``: a message is acknowledged only when
  its task returned, so a worker killed mid-page leaves the message to be delivered again;
- ``task_acks_on_failure_or_timeout = False``: a task that failed is not silently dropped;
- ``worker_prefetch_multiplier = 1``: a worker reserves one message per slot, so a dead worker
  holds back few pages and work spreads evenly across machines;
- Redis ``visibility_timeout``: how long an unacknowledged message stays with a worker before
  Redis hands it to another (RabbitMQ redelivers as soon as the connection drops). It must be
  longer than the slowest page (load + axe-core + checks + politeness waits).

The app is configured from the environment when imported (``celery -A audit.distributed.app``)
and reconfigured by ``configure`` (the ``a11y-audit worker``/``crawl --distributed`` options).
"""

from __future__ import annotations

from celery import Celery

from audit.distributed.endpoints import QUEUE, Endpoints


def make_app(endpoints: Endpoints | None = None) -> Celery:
    """A Celery app with the tasks of ``audit.distributed.tasks`` and ``round_tasks``."""
    celery = Celery("a11y_audit", include=["audit.distributed.tasks",
                                           "audit.distributed.round_tasks"])
    configure(celery, endpoints or Endpoints.from_env())
    return celery


def configure(celery: Celery, endpoints: Endpoints) -> None:
    visibility = endpoints.visibility_timeout_s
    restore = max(1, min(10, visibility // 10))
    celery.conf.update(
        broker_url=endpoints.broker,
        broker_connection_retry_on_startup=True,
        broker_transport_options={"visibility_timeout": visibility,
                                  "unacked_restore_interval": restore,
                                  "unacked_restore_throttle": 1},
        task_default_queue=QUEUE,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_acks_on_failure_or_timeout=False,
        task_ignore_result=True,
        worker_prefetch_multiplier=1,
        worker_hijack_root_logger=False,
        worker_send_task_events=False,
        task_serializer="json", accept_content=["json"],
        a11y_audit=endpoints,
    )


def endpoints_of(celery: Celery) -> Endpoints:
    found = celery.conf.get("a11y_audit")
    return found if isinstance(found, Endpoints) else Endpoints.from_env()


app = make_app()
