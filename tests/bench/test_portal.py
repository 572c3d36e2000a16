"""The generated portal corpus (bench.portal) is the one issue 20 names: a shared template
with a 200-link menu holding 30–60 % of each page's DOM (elements of the body), the rest the
page's own content."""

from __future__ import annotations

import re
from pathlib import Path

from bench.portal import template_share, write_pages

_MENU_LINK = re.compile(r'<li><a href="/page/\d+\.html">')


def test_every_page_holds_thirty_to_sixty_percent_template(tmp_path: Path):
    write_pages(tmp_path, 60, seed=3, tracker="http://localhost:9/")
    shares = sorted(template_share((tmp_path / "page" / f"{n}.html").read_text(encoding="utf-8"))
                    for n in range(60))
    assert shares[0] >= 0.30 and shares[-1] <= 0.60
    assert shares[0] < 0.36 and shares[-1] > 0.54  # spread over the range, not bunched


def test_the_share_counts_the_elements_of_the_body():
    page = ('<html><head><title>t</title></head><body><div class="banner"><a>x</a></div>'
            '<div class="mega"><ul><li><a>1</a></li></ul></div><main><h1>t</h1><p>p</p></main>'
            '<div class="foot"><p>f</p></div></body></html>')
    assert template_share(page) == 8 / 11  # banner 2, menu 4, footer 2; main 3


def test_the_menu_has_two_hundred_links(tmp_path: Path):
    write_pages(tmp_path, 40, seed=0, tracker="http://localhost:9/")
    page = (tmp_path / "page" / "7.html").read_text(encoding="utf-8")
    menu = page[page.index('<div class="mega">'):page.index("<main>")]
    assert len(_MENU_LINK.findall(menu)) == 200
