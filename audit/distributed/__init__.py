"""Scale-out on Celery: one task per page, the frontier and results in the shared store.

endpoints    broker, Redis and store URLs (no Celery import: the CLI's defaults)
app          the Celery app and the settings that make tasks survive a worker's death
politeness   per-host slots, delays and back-offs shared by all workers, in Redis
frontier     queueing under the page cap, dispatching under the window, completion
runtime      what a worker process keeps: one browser, one event loop, the store
tasks        ``scan_page`` (and the round tasks of ``schedule``)
coordinator  start, resume and follow a distributed crawl
worker       start a worker
schedule     Celery beat: audit rounds of a config file on a cron schedule
"""
