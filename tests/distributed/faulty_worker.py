"""A real worker process (``python -m audit worker ...``) with a bug of ours on one page:
``python -m tests.distributed.faulty_worker raise|exit PATH worker ...``. On the page whose
URL ends with PATH, planning its links raises (``raise``) or the process exits at once, as a
crashed browser driver takes it down (``exit``)."""

from __future__ import annotations

import os
import sys
from typing import Any

from audit.cli.main import main
from audit.webscan import site_crawl

HOW, PATH = sys.argv[1], sys.argv[2]
_plan = site_crawl.plan_links


def _broken(links: Any, found_on: str, *args: Any, **kwargs: Any) -> Any:
    if found_on.endswith(PATH):
        if HOW == "exit":
            os._exit(70)
        raise RuntimeError("planning broke")
    return _plan(links, found_on, *args, **kwargs)


site_crawl.plan_links = _broken
sys.argv = [sys.argv[0], *sys.argv[3:]]
main()
