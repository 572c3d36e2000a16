"""A generated corpus of government-style pages: CSS, images, scripts, 50-300 KB of HTML each,
and barriers that vary from page to page. Deterministic for a given seed."""

from __future__ import annotations

import random
from pathlib import Path

_CSS = """body{font:16px/1.6 "Noto Sans CJK SC",sans-serif;margin:0;color:#222}
header{background:#b5151b;color:#fff;padding:12px 24px}nav a{color:#fff;margin-right:16px}
main{max-width:1100px;margin:auto;padding:16px}.faint{color:#aaa}.grid{display:grid;
grid-template-columns:repeat(3,1fr);gap:12px}.card{border:1px solid #ddd;padding:8px}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px}
footer{background:#f2f2f2;padding:16px;font-size:14px}"""

_JS = """document.addEventListener('DOMContentLoaded',()=>{
const n=document.querySelectorAll('.card');n.forEach((c,i)=>c.dataset.index=i);
const t=document.getElementById('clock');
if(t){t.textContent=new Date().toISOString().slice(0,10);}});"""

_WORDS = (
    "示范区", "人民政府", "政务公开", "办事指南", "通知公告", "政策解读", "民生服务", "无障碍",
    "适老化", "便民", "热线", "社区", "街道", "卫生健康", "教育", "交通", "住房", "就业",
    "社会保障", "残疾人", "公共服务", "城市管理",
)

_BARRIERS = (
    '<img src="/img/photo{i}.png">',
    '<p class="faint">提示：办理时间为工作日 9:00-17:00（{i}）</p>',
    '<input type="text" name="q{i}">',
    '<a href="/page/{i}.html"><span class="icon"></span></a>',
    '<button type="button" class="btn{i}"></button>',
    '<iframe src="/frame.html"></iframe>',
)


def _paragraph(rng: random.Random) -> str:
    return "".join(rng.choice(_WORDS) for _ in range(rng.randint(40, 90))) + "。"


def page_html(index: int, total: int, rng: random.Random, small: bool = False) -> str:
    target_kb = rng.randint(2, 6) if small else rng.randint(50, 300)
    links = f'<a href="/page/{(index + 1) % total}.html">下一页</a>' + "".join(
        f'<a href="/page/{rng.randrange(total)}.html">{rng.choice(_WORDS)}</a>' for _ in range(8))
    barriers = "".join(rng.choice(_BARRIERS).format(i=index) for _ in range(rng.randint(0, 6)))
    head = (f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
            f'<title>第{index}页 - 示范区人民政府</title>'
            f'<link rel="stylesheet" href="/site.css"><script src="/site.js" defer></script>'
            f'</head><body><header><nav>{links}</nav></header><main><h1>第{index}页</h1>'
            f'<p id="clock"></p>{barriers}<div class="grid">')
    body, size = [head], len(head.encode())
    card = 0
    while size < target_kb * 1024:
        chunk = (f'<div class="card"><h2>{rng.choice(_WORDS)}{card}</h2>'
                 f'<img src="/img/c{card % 20}.png" alt="{rng.choice(_WORDS)}">'
                 f'<p>{_paragraph(rng)}</p><a href="/page/{rng.randrange(total)}.html">'
                 f'{rng.choice(_WORDS)}详情</a></div>')
        body.append(chunk)
        size += len(chunk.encode())
        card += 1
    body.append('</div><table><caption>办理统计</caption><tr><th scope="col">事项</th>'
                '<th scope="col">数量</th></tr><tr><td>咨询</td><td>12</td></tr></table>'
                '</main><footer><p>主办：示范区人民政府办公室</p></footer></body></html>')
    return "".join(body)


def write_corpus(root: Path, pages: int, seed: int = 2026, small: bool = False) -> list[str]:
    """Write ``pages`` pages under ``root``; the site-relative paths of the pages.
    ``small`` pages (2-6 KB) are for measuring the coordinator, not the browser."""
    rng = random.Random(seed)
    (root / "page").mkdir(parents=True, exist_ok=True)
    (root / "site.css").write_text(_CSS, encoding="utf-8")
    (root / "site.js").write_text(_JS, encoding="utf-8")
    (root / "frame.html").write_text(
        '<!doctype html><html lang="zh-CN"><head><title>地图</title></head>'
        '<body><img src="/img/map.png"></body></html>', encoding="utf-8")
    paths = []
    for index in range(pages):
        path = f"page/{index}.html"
        (root / path).write_text(page_html(index, pages, rng, small), encoding="utf-8")
        paths.append(path)
    return paths
