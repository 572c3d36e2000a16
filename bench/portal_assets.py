"""What every page of a generated portal shares, as on real government portals: three
stylesheets (one for print), a 90 KB library script and the site's own script, a web font of
the site's own, all under /static/ (cacheable, with ETags: ``bench.serve``), and a third-party
statistics script on another host (``localhost``, another port) that sends a beacon.

The stylesheets' rules name classes the pages do not use, the scripts only define functions
and mark the current section: the findings of a page are those of its HTML alone.
"""

from __future__ import annotations

import base64
import random
import shutil
import subprocess
from pathlib import Path

TRACKER_SCRIPT = "hm.js"
_FONT_BYTES = 120_000  # a generated stand-in when the machine has no font to copy


def head(tracker: str) -> str:
    """The ``<head>`` lines of every page; ``tracker`` is the statistics host's base URL."""
    return ('<link rel="stylesheet" href="/static/base.css">'
            '<link rel="stylesheet" href="/static/theme.css">'
            '<link rel="stylesheet" href="/static/print.css" media="print">'
            '<script src="/static/vendor.js"></script><script defer src="/static/site.js"></script>'
            f'<script async src="{tracker}{TRACKER_SCRIPT}"></script>')


def write_static(site: Path, seed: int) -> None:
    """The shared subresources of one site, under ``site/static``."""
    rng = random.Random(seed)
    static = site / "static"
    static.mkdir(parents=True)
    (static / "base.css").write_text(
        "@font-face{font-family:PortalSans;src:url(/static/portal.ttf)}"
        "h1,h2{font-family:PortalSans,sans-serif}" + _rules("b", 700, rng))
    (static / "theme.css").write_text(_rules("t", 250, rng))
    (static / "print.css").write_text(_rules("p", 60, rng))
    (static / "vendor.js").write_text(_library(900))
    (static / "site.js").write_text(
        _library(120).replace("window.lib", "window.site") +
        "document.querySelectorAll('.banner li.on a').forEach(a=>a.dataset.current='1');")
    _write_font(static / "portal.ttf", rng)


def write_tracker(root: Path) -> None:
    """The statistics host's script: a few KB that send a beacon (an image request)."""
    root.mkdir(parents=True)
    beacon = ("(function(){var d=document,i=new Image();i.src=d.currentScript.src.replace("
              "/hm\\.js.*/,'hm.gif')+'?u='+encodeURIComponent(location.href)+'&t='+Date.now();"
              "window._hmt=window._hmt||[];})();")
    (root / TRACKER_SCRIPT).write_text(_library(40).replace("window.lib", "window.hm") + beacon)
    (root / "hm.gif").write_bytes(base64.b64decode(
        "R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"))


def _rules(prefix: str, count: int, rng: random.Random) -> str:
    colours = ("#333", "#b5151b", "#f7f7f7", "#1a4d8f", "#666", "#e8e8e8")
    return "".join(
        f".{prefix}{n} .{prefix}x{rng.randrange(99)}{{margin:{rng.randrange(24)}px "
        f"{rng.randrange(24)}px;color:{rng.choice(colours)};background:{rng.choice(colours)};"
        f"border:1px solid {rng.choice(colours)};font-size:{12 + rng.randrange(10)}px}}\n"
        for n in range(count))


def _library(functions: int) -> str:
    """About 100 bytes a function, each defined and none but the last called."""
    body = "".join(
        f"lib.f{n}=function(a,b){{var s=0;for(var k=0;k<a;k++){{s+=k*b%{n + 7};}}"
        f"return s+lib.f{max(n - 1, 0)}.length;}};\n" for n in range(functions))
    return f"(function(){{var lib={{}};\n{body}lib.f{functions - 1}(10,3);window.lib=lib;}})();\n"


def _write_font(target: Path, rng: random.Random) -> None:
    """A real font of the machine (fontconfig's sans-serif), else random bytes (the browser
    fetches them all the same and then falls back)."""
    if shutil.which("fc-match"):
        found = subprocess.run(["fc-match", "--format=%{file}", "sans-serif:fontformat=TrueType"],
                               capture_output=True, text=True, check=False).stdout.strip()
        if found and Path(found).is_file():
            shutil.copyfile(found, target)
            return
    target.write_bytes(rng.randbytes(_FONT_BYTES))
