"""A small government-style portal for template tests: every page built from one CMS template
(a banner with logo, search and a menu, a footer), with the variations a real site has.

``write_portal(folder)`` writes the pages; ``PAGES`` says what each one varies. The template
carries barriers of its own (an image without alt, an unlabelled search field, an empty
button, menu and footer text of low contrast), and the pages have barriers in their content.
"""

from __future__ import annotations

from pathlib import Path

MENU = [("index.html", "首页")] + [(f"a{n}.html", f"栏目{n}") for n in range(1, 7)] + [
    ("s1.html", "政务公开"), ("s2.html", "政务服务"), ("link.html", "互动交流"),
    ("colour.html", "数据开放"), ("inline.html", "机构职能"), ("bare.html", "无模板"),
    ("overlay.html", "公告"), ("labelled.html", "搜索"), ("nohead.html", "专题")]

# page: (what varies: active menu item, changed link, extra <head>, extra content, content
# before the main part, template)
PAGES: dict[str, dict[str, object]] = {
    "index.html": {"content": '<a href="/near.html">近旁</a> <a href="/modal.html">通知</a>'},
    **{f"a{n}.html": {} for n in range(1, 7)},  # identical template
    "s1.html": {"active": "s1.html"},  # active menu item (class and aria-current)
    "s2.html": {"active": "s1.html"},  # same section: same active item as s1
    "link.html": {"link": ("a3.html", "/zwgk/a3.html")},  # one menu link changed
    "colour.html": {"head": "<style>.menu a { color: #c8c8c8 }</style>"},  # page CSS only
    "inline.html": {"inline": True},  # a colour in the template's markup
    "bare.html": {"template": False},  # no template at all
    "overlay.html": {"content": '<div style="position:absolute;top:0;left:0;width:320px;'
                                'height:40px;background:#222;color:#fff">临时公告</div>'},
    "labelled.html": {"content": '<label for="q">站内搜索</label>'},  # labels the banner's field
    "nohead.html": {"header": False},  # the footer without the banner
    # a link of the page's own just under the quick links: their spacing is judged with it
    "near.html": {"before": '<p style="margin:0"><a href="/a5.html">近旁</a></p>'},
    # a modal dialog open far from the template: all else on the page is inert
    "modal.html": {"content": '<dialog id="note"><p>通知</p><button>关闭</button></dialog>'
                              '<script>document.getElementById("note").showModal()</script>'},
}

_STYLE = """<style>
body { margin: 0; font-family: sans-serif; background: #fff; color: #222 }
.site-head { padding: 8px; background: #fff }
.menu { margin: 0; padding: 0 }
.menu li { display: inline-block; margin: 2px 4px }
.menu a { color: #999999 }
.menu li.active a { color: #000; font-weight: bold }
.foot { background: #eeeeee; color: #aaaaaa; padding: 8px }
.quick { margin: 30px 0 0; padding: 0 }
.quick a { display: inline-block; font-size: 12px; line-height: 16px; margin-right: 30px }
</style>"""
_LOGO = ("data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")


def _menu(page: dict[str, object]) -> str:
    items = []
    changed = page.get("link")
    for href, text in MENU:
        target = changed[1] if changed and changed[0] == href else f"/{href}"
        active = page.get("active") == href
        style = ' style="color:#dddddd"' if page.get("inline") and href == "a2.html" else ""
        items.append(f'<li{" class=active" if active else ""}><a href="{target}"'
                     f'{" aria-current=page" if active else ""}{style}>{text}</a></li>')
    return "".join(items)


def _header(page: dict[str, object]) -> str:
    return (f'<div class="site-head" id="top" data-rendered="{id(page)}">'
            f'<img src="{_LOGO}" width="200" height="40">'
            '<form role="search" action="/search"><input type="text" id="q" name="q">'
            '<input type="hidden" name="csrf" value="TOKEN">'
            '<button type="submit"></button></form>'
            f'<ul class="menu">{_menu(page)}</ul></div>')


# Quick links under the banner, small targets spaced widely: they pass target-size unless
# something of the page comes close (near.html).
_QUICK = ('<div class="quick">' + "".join(f'<a href="/{href}">{text}</a>'
                                          for href, text in MENU[1:10]) + '</div>')
_FOOTER = ('<div class="foot" id="foot"><p>版权所有 © 某某区人民政府</p><p>地址：某某路 1 号</p>'
           '<ul><li><a href="/index.html">关于我们</a></li><li><a href="/a1.html">网站地图</a>'
           '</li><li><a href="/bare.html">联系我们</a></li></ul>'
           '<p><span>电话</span> <span>010-12345678</span></p></div>')


def render(name: str, page: dict[str, object]) -> str:
    template = page.get("template", True)
    header = _header(page) if template and page.get("header", True) else ""
    footer = _FOOTER if template else ""
    quick = _QUICK if template else ""
    content = (f'<main><h1>{name}</h1><p>正文内容 {name}</p><img src="{_LOGO}">'
               f'{page.get("content", "")}</main>')
    links = "" if template else "".join(f'<a href="/{href}">{text}</a> ' for href, text in MENU)
    return (f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{name}'
            f'</title>{_STYLE}{page.get("head", "")}</head><body>{header}{quick}'
            f'{page.get("before", "")}{content}{links}'
            f'{footer}</body></html>')


def write_portal(folder: Path) -> None:
    for name, page in PAGES.items():
        (folder / name).write_text(render(name, page), encoding="utf-8")
