// Keyboard walk, end: every element focus reached, with its looks and its place in the
// layout; the cycle's container; for each step of the first pass, the boxes it goes between.
const K = window.__a11yKeys;
const ids = arg.cycle || [];
let container = null;
let dialog = false;
if (ids.length) {
  const els = ids.map((id) => K.els[id]);
  container = els[0];
  while (container && !els.every((el) => container.contains(el))) {
    container = container.parentElement;
  }
  const modal = '[role=dialog], [role=alertdialog], dialog, [aria-modal=true]';
  dialog = els.every((el) => el.closest && el.closest(modal));
}
// The box of el in the page's layout, all measured in this one state: document coordinates as
// if no inner scroller were scrolled. null when el has no fixed place in the layout: fixed or
// sticky, too small to see, clipped away by an overflow:hidden ancestor, or off the page.
const SEEN = ['visible', 'auto', 'scroll'];
const place = (el) => {
  const r = el.getBoundingClientRect();
  if (r.width < 2 || r.height < 2) return null;
  let x = r.left + scrollX;
  let y = r.top + scrollY;
  const top = [document.body, document.documentElement];
  for (let n = el; n && !top.includes(n); n = K.parentOf(n)) {
    const s = getComputedStyle(n);
    if (s.position === 'fixed' || s.position === 'sticky') return null;
    if (n === el) continue;
    const c = n.getBoundingClientRect();
    if (!SEEN.includes(s.overflowX) && (r.right <= c.left || r.left >= c.right)) return null;
    if (!SEEN.includes(s.overflowY) && (r.bottom <= c.top || r.top >= c.bottom)) return null;
    x += n.scrollLeft;
    y += n.scrollTop;
  }
  if (x + r.width <= 0 || y + r.height <= 0) return null;
  return [x, y, r.width, r.height].map(Math.round);
};
const ancestors = (el) => {
  const out = [];
  for (let n = el; n; n = K.parentOf(n)) out.push(n);
  return out;
};
// The two children of the nearest common ancestor of a and b that hold them (null when one
// holds the other): whether a step stays inside one small component or crosses the layout.
const branches = (a, b) => {
  const up = ancestors(a);
  const other = ancestors(b);
  const i = up.findIndex((n) => other.includes(n));
  const j = other.indexOf(up[i]);
  return i > 0 && j > 0 ? [place(up[i - 1]), place(other[j - 1])] : null;
};
const places = K.els.map(place);
const stops = (arg.order || []).filter((id) => places[id]);
return {
  elements: K.els.map((el, id) => ({...describe(el), ...K.info[id], tag: el.localName,
    place: places[id], tabindex: el.tabIndex,
    rtl: el.isConnected && getComputedStyle(el).direction === 'rtl'})),
  cycle_container: container ? describe(container) : null,
  cycle_in_dialog: dialog,
  order: {stops, branches: stops.slice(1).map((id, k) => branches(K.els[stops[k]], K.els[id]))},
};
