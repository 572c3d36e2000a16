// Shared helpers of a11y-audit's own checks (prepended to every check script).
const MAX_ELEMENTS = 6000;
const SKIP_TAGS = new Set(['script', 'style', 'template', 'noscript', 'head', 'meta', 'link',
  'title', 'br', 'wbr']);
const TABBABLE = 'a[href], area[href], button:not([disabled]), ' +
  'input:not([disabled]):not([type=hidden]), ' +
  'select:not([disabled]), textarea:not([disabled]), summary, iframe, ' +
  '[contenteditable]:not([contenteditable=false]), audio[controls], video[controls], ' +
  '[tabindex]:not([tabindex^="-"])';
// n animation frames, or 100 ms a frame where none come (a tab in the background paints none)
const frames = (n) => new Promise((resolve) => {
  const step = (left) => (left <= 0 ? resolve() : requestAnimationFrame(() => step(left - 1)));
  step(n);
  setTimeout(resolve, 100 * n);
});
const unique = (root, css) => {
  try { return root.querySelectorAll(css).length === 1; } catch (e) { return false; }
};
const localSelector = (el, root) => {
  const chain = [];
  for (let n = el; n && n.nodeType === 1; n = n.parentElement) {
    if (n.id && unique(root, '#' + CSS.escape(n.id))) {
      return ['#' + CSS.escape(n.id), ...chain].join(' > ');
    }
    let part = n.localName + [...n.classList].slice(0, 2).map((c) => '.' + CSS.escape(c)).join('');
    if (unique(root, [part, ...chain].join(' > '))) return [part, ...chain].join(' > ');
    const parent = n.parentElement;
    if (parent && [...parent.children].filter((c) => c.matches(part)).length > 1) {
      part += ':nth-child(' + ([...parent.children].indexOf(n) + 1) + ')';
      if (unique(root, [part, ...chain].join(' > '))) return [part, ...chain].join(' > ');
    }
    chain.unshift(part);
  }
  return chain.join(' > ');
};
// A CSS selector for el; elements in shadow trees are "host >>> inner" like axe's targets.
const selectorOf = (el) => {
  const parts = [];
  for (let node = el; node;) {
    const root = node.getRootNode();
    parts.unshift(localSelector(node, root.nodeType === 11 ? root : document));
    node = root.nodeType === 11 ? root.host : null;
  }
  return parts.join(' >>> ');
};
const snippet = (el) => {
  const html = el.outerHTML || '';
  const end = html.indexOf('>');
  const start = end >= 0 ? html.slice(0, end + 1) : html;
  return start.length > 400 ? start.slice(0, 399) + '…' : start;
};
const describe = (el) => ({selector: selectorOf(el), html: snippet(el)});
const box = (el) => {
  const r = el.getBoundingClientRect();
  return [Math.round(r.left), Math.round(r.top), Math.round(r.width), Math.round(r.height)];
};
const rendered = (el) => {
  const s = getComputedStyle(el);
  if (s.visibility === 'hidden' || s.display === 'none') return false;
  const r = el.getBoundingClientRect();
  return r.width > 0 && r.height > 0;
};
// Every element of the document (light DOM and open shadow roots), in tree order, bounded.
const allElements = (root = document) => {
  const out = [];
  const walk = (node) => {
    for (let el = node.firstElementChild; el && out.length < MAX_ELEMENTS;
      el = el.nextElementSibling) {
      if (SKIP_TAGS.has(el.localName)) continue;
      out.push(el);
      if (el.shadowRoot) walk(el.shadowRoot);
      walk(el);
    }
  };
  walk(root.documentElement || root);
  return out;
};
const ownText = (el) => [...el.childNodes].some(
  (n) => n.nodeType === 3 && n.textContent.trim() !== '');
// The height of the content area (ascent + descent) of an element's own font, as its text is
// laid out: measured on a canvas once per font (no element of the page is touched). Where it
// cannot be measured, 1.5 em (the tallest fonts: CJK fonts are ~1.45 em, Latin ~1.15 em).
const contentAreas = new Map();
const contentArea = (s) => {
  const font = `${s.fontStyle} ${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
  if (!contentAreas.has(font)) {
    let height = NaN;
    try {
      const context = document.createElement('canvas').getContext('2d');
      context.font = font;
      const m = context.measureText('国Hg');
      height = m.fontBoundingBoxAscent + m.fontBoundingBoxDescent;
    } catch (e) { /* a page may break the canvas: the bound below */ }
    contentAreas.set(font, height > 0 && height < 4 * parseFloat(s.fontSize) ? height
      : 1.5 * parseFloat(s.fontSize));
  }
  return contentAreas.get(font);
};
// How far the glyphs of a tightly set last line stand below its line box: half of what the
// content area of its font exceeds the line height. The box's scroll height counts them, but
// no text is cut off or spills out of the box. A line of height `normal` holds its font.
const glyphOverhang = (s) => {
  if (s.lineHeight === 'normal') return 0;
  return Math.max(0, (contentArea(s) - parseFloat(s.lineHeight)) / 2);
};
// The elements a CSS animation moves for ever (a news ticker without <marquee>, a sliding
// strip). A page that stops them when less motion is asked for (as the scan's browser asks)
// has none. Waiting for the page to settle paused the endless ones (audit/webscan/settle.py);
// one the page's own style pauses (animation-play-state) does not move.
const MOVES = ['left', 'right', 'top', 'bottom', 'marginLeft', 'marginTop', 'translate'];
const movingTargets = () => {
  const moves = (frame) => MOVES.some((p) => p in frame) ||
    /translate|matrix/.test(frame.transform || '');
  const endless = (a) => ['running', 'paused'].includes(a.playState) && a.effect &&
    a.effect.target && a.effect.getComputedTiming().iterations === Infinity &&
    !/paused/.test(getComputedStyle(a.effect.target).animationPlayState);
  const targets = (document.getAnimations ? document.getAnimations() : [])
    .filter((a) => endless(a) && a.effect.getKeyframes().some(moves))
    .map((a) => a.effect.target);
  return [...new Set(targets)];
};
// The box that cuts off what moves in it: the nearest element, from the target up, that
// hides its overflow (a ticker's text passes through it: nothing there is lost).
const hidesOverflow = (v) => v === 'hidden' || v === 'clip';
const windowOf = (target) => {
  for (let n = target; n && n !== document.body; n = n.parentElement) {
    const s = getComputedStyle(n);
    if (hidesOverflow(s.overflowX) || hidesOverflow(s.overflowY)) return n;
  }
  return null;
};
// Letters or digits: text to read. An icon font's glyph (a private-use character, ☰, ×) is
// none: the control it shows has its own name, and a glyph pushed by spacing loses no text.
const WORDS = /[\p{L}\p{N}]/u;
// Elements whose text is cut off (overflow hidden/clip) or spills out of a box of fixed size.
// Scroll containers are left out: their content can still be reached; so are the windows of
// endlessly moving content and boxes of icon glyphs. `ellipsis`: the text is cut off only at
// the end of one line that does not wrap, marked by text-overflow.
const clipState = (elements) => {
  const state = new Map();
  const windows = new Set(movingTargets().map(windowOf));
  for (const el of elements) {
    if (windows.has(el)) continue;
    const s = getComputedStyle(el);
    if (s.display === 'none' || s.display === 'contents') continue;  // inline: clientWidth 0
    const scrolls = (v) => v === 'auto' || v === 'scroll';
    if (scrolls(s.overflowX) || scrolls(s.overflowY)) continue;
    const dx = el.scrollWidth - el.clientWidth;
    const dy = Math.round(el.scrollHeight - el.clientHeight - glyphOverhang(s));
    if (dx <= 2 && dy <= 2) continue;
    if (el.clientWidth === 0 || el.clientHeight === 0) continue;
    const clipsX = hidesOverflow(s.overflowX) && dx > 2;
    const clipsY = hidesOverflow(s.overflowY) && dy > 2;
    const clipped = clipsX || clipsY;
    const spills = !clipped && ownText(el) && dy > 2;
    const oneLine = s.whiteSpace === 'nowrap' || s.whiteSpace === 'pre' ||
      s.textWrapMode === 'nowrap';
    const ellipsis = clipsX && !clipsY && oneLine && s.textOverflow !== 'clip';
    if ((clipped || spills) && WORDS.test(el.innerText || '')) {
      state.set(el, {clipped, spills, ellipsis, dx, dy});
    }
  }
  return state;
};
// Whether the title of an element or of its nearest titled ancestor holds all its text (the
// whole of a title cut short with an ellipsis), white space aside.
const titled = (el) => {
  const owner = el.closest('[title]');
  const squeeze = (text) => (text || '').replace(/\s+/g, '');
  const text = squeeze(el.innerText);
  return !!owner && text !== '' && squeeze(owner.getAttribute('title')).includes(text);
};
// Elements cut off (or spilling) in `after` that were not in `before`.
const newlyClipped = (before, after, limit = 20) => {
  const out = [];
  for (const [el, now] of after) {
    const was = before.get(el);
    if (was && was.clipped === now.clipped) continue;
    if (!rendered(el)) continue;
    out.push({...describe(el), clipped: now.clipped, spills: now.spills,
      ellipsis: now.ellipsis, titled: now.ellipsis && titled(el), dx: now.dx, dy: now.dy,
      box: box(el), text: (el.innerText || '').trim().slice(0, 80)});
    if (out.length >= limit) break;
  }
  return out;
};
// Map widgets, as the common map libraries build them (Baidu, AMap, Leaflet, Mapbox,
// OpenLayers, Google) or as a page names them: content of two dimensions by its nature.
const MAP_WIDGET = '.BMap_container, .BMap_mask, .amap-container, .amap-maps, ' +
  '.leaflet-container, .mapboxgl-map, .ol-viewport, .gm-style, [aria-roledescription~="map" i], ' +
  '[aria-roledescription="地图"]';
// A map, or the box of one (a map library fills the page's container with its own pane).
const isMap = (el) => el.matches(MAP_WIDGET) ||
  [...el.children].some((child) => child.matches(MAP_WIDGET));
// Keep nested hits apart: drop an element when one of its ancestors is also listed.
const outermost = (list) => list.filter((el) => !list.some((o) => o !== el && o.contains(el)));
