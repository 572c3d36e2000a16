"""What shared options mean to the library: the crawl plan of ``crawl``'s options."""

from __future__ import annotations

import click
from click.testing import CliRunner

from audit.cli.options import crawl_plan_options
from audit.model import Viewport
from audit.webscan.blocking import default_blocked_hosts
from audit.webscan.checks import CHECK_NAMES


def plan_of(*args: str):
    plans = []

    @click.command()
    @click.option("--other")
    @crawl_plan_options
    def probe(other, plan):
        plans.append((other, plan))

    result = CliRunner().invoke(probe, list(args))
    assert result.exit_code == 0, result.output
    return plans[0]


def test_defaults_are_a_whole_crawl_of_one_viewport():
    other, (settings, options) = plan_of("--other", "x")
    assert other == "x"
    assert (settings.start_urls, settings.max_pages, settings.depth) == ((), 500, 5)
    assert settings.viewports == (Viewport.DESKTOP,)
    assert settings.respect_robots and settings.sitemaps and settings.documents
    assert settings.templates and (settings.max_document_mb, settings.max_documents) == (50, 500)
    assert options.checks == CHECK_NAMES and options.screenshots == 5
    assert options.blocked_hosts == default_blocked_hosts()


def test_negative_flags_and_lists_reach_the_plan():
    _, (settings, options) = plan_of(
        "--viewport", "mobile", "--viewport", "desktop", "--ignore-robots", "--no-sitemaps",
        "--no-documents", "--no-templates", "--include", "/zwgk/*", "--delay", "1.5",
        "--no-checks", "--profile", "elderly", "--block-host", "stats.example.cn",
        "--engine", "selenium", "--remote", "http://grid:4444", "--screenshots", "0")
    assert settings.viewports == (Viewport.MOBILE, Viewport.DESKTOP)
    assert not (settings.respect_robots or settings.sitemaps or settings.documents
                or settings.templates)
    assert (settings.include, settings.delay_s) == (("/zwgk/*",), 1.5)
    assert options.checks == ("elderly",)
    assert options.blocked_hosts == (*default_blocked_hosts(), "stats.example.cn")
    assert (options.engine, options.remote_url, options.screenshots) == (
        "selenium", "http://grid:4444", 0)
    assert plan_of("--no-blocking")[1][1].blocked_hosts == ()
