"""The building blocks of a site crawl (``webscan.site_crawl`` runs it): each module owns one
job, most are pure.

urls        canonical URLs, same-site test
filetypes   pages, documents and other files, by extension
scope       include/exclude globs, depth, page budget: scan, document or skip
robots      robots.txt per origin (protego)
sitemaps    sitemap.xml, indexes, gzip, robots.txt Sitemap lines (defusedxml)
links       the in-page link collector script and the sorting of its output
plan        the next frontier items and documents of a page
login_wall  which redirects lead to a login page naming the address, and that page's address
politeness  per-host concurrency, delay and back-off
fetch       the small HTTP GET used for robots.txt and sitemaps
"""

from audit.webscan.crawl.filetypes import (
    DOCUMENT_EXTENSIONS,
    NOT_PAGE_EXTENSIONS,
    LinkKind,
    link_kind,
)
from audit.webscan.crawl.links import LINKS_FUNCTION, MAX_LINKS, LinkSet, extract, origins
from audit.webscan.crawl.plan import DocumentLink, FrontierItem, Plan, plan_links, plan_seeds
from audit.webscan.crawl.politeness import HostLimiter
from audit.webscan.crawl.robots import RobotsCache, RobotsRules
from audit.webscan.crawl.scope import Action, Decision, Scope
from audit.webscan.crawl.sitemaps import (
    SitemapResult,
    default_sitemaps,
    parse_sitemap,
    read_sitemaps,
)
from audit.webscan.crawl.urls import TRACKING_PARAMS, normalise, same_site

__all__ = [
    "DOCUMENT_EXTENSIONS", "LINKS_FUNCTION", "MAX_LINKS", "NOT_PAGE_EXTENSIONS",
    "TRACKING_PARAMS", "Action", "Decision", "DocumentLink", "FrontierItem", "HostLimiter",
    "LinkKind", "LinkSet", "Plan", "RobotsCache", "RobotsRules", "Scope", "SitemapResult",
    "default_sitemaps", "extract", "link_kind", "normalise", "origins", "parse_sitemap",
    "plan_links", "plan_seeds", "read_sitemaps", "same_site",
]
