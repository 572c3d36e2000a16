// Keyboard walk, set-up: log the focused element after every key (keyup, capture, on window)
// and focus leaving the page (blur of the window during a key press),
// snapshot its look when focused and after it lost focus, and list mouse-only controls.
const COMPOSITE = '[role=menu], [role=menubar], [role=tablist], [role=toolbar], [role=listbox], ' +
  '[role=grid], [role=tree], [role=treegrid], [role=radiogroup], [aria-activedescendant]';
const CONTROL_ROLES = new Set(['button', 'link', 'checkbox', 'radio', 'switch', 'tab', 'menuitem',
  'menuitemcheckbox', 'menuitemradio', 'option', 'slider', 'spinbutton', 'combobox', 'treeitem']);
const PROPS = ['outline-style', 'outline-width', 'outline-color', 'outline-offset', 'box-shadow',
  'background-color', 'background-image', 'border-top-color', 'border-top-width',
  'border-bottom-color', 'border-bottom-width', 'border-left-color', 'border-left-width',
  'border-right-color', 'border-right-width',
  'color', 'text-decoration-line', 'text-decoration-color', 'transform', 'opacity', 'filter'];
const PSEUDO_PROPS = ['content', 'background-color', 'border-top-color', 'border-bottom-color',
  'box-shadow', 'outline-style', 'opacity', 'transform', 'width', 'height'];
const maxSnapshots = arg.max_snapshots;

const finishTransitions = (el) => {
  for (const a of el.getAnimations()) {
    try { if (a.effect && a.effect.getTiming().iterations !== Infinity) a.finish(); } catch (e) {}
  }
};
const look = (el) => {
  finishTransitions(el);
  const s = getComputedStyle(el);
  const out = {};
  for (const p of PROPS) out[p] = s.getPropertyValue(p);
  for (const pseudo of ['::before', '::after']) {
    const ps = getComputedStyle(el, pseudo);
    if (ps.content && ps.content !== 'none' && ps.content !== 'normal') {
      for (const p of PSEUDO_PROPS) out[pseudo + ' ' + p] = ps.getPropertyValue(p);
    }
  }
  return out;
};
const deepActive = () => {
  let a = document.activeElement;
  while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
  return a;
};
const deepFromPoint = (x, y) => {
  let top = document.elementFromPoint(x, y);
  while (top && top.shadowRoot) {
    const inner = top.shadowRoot.elementFromPoint(x, y);
    if (!inner || inner === top) break;
    top = inner;
  }
  return top;
};
const parentOf = (n) => n.parentElement || (n.getRootNode().host || null);
const contains = (outer, inner) => {
  for (let n = inner; n; n = parentOf(n)) if (n === outer) return true;
  return false;
};
// How much of el is under fixed or sticky content that does not contain it (WCAG 2.4.11).
const obscured = (el) => {
  const r = el.getBoundingClientRect();
  let points = 0;
  let covered = 0;
  let by = null;
  for (const fx of [0.1, 0.5, 0.9]) {
    for (const fy of [0.2, 0.5, 0.8]) {
      const x = r.left + r.width * fx;
      const y = r.top + r.height * fy;
      if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
      points += 1;
      const top = deepFromPoint(x, y);
      if (!top || contains(el, top) || contains(top, el)) continue;
      for (let n = top; n && n !== document.body; n = parentOf(n)) {
        const pos = getComputedStyle(n).position;
        if (pos === 'fixed' || pos === 'sticky') {
          if (!contains(n, el)) { covered += 1; by = by || n; }
          break;
        }
      }
    }
  }
  return {points, covered, by: by ? describe(by) : null};
};
const shown = (el) => {
  const r = el.getBoundingClientRect();
  const s = getComputedStyle(el);
  if (r.width * r.height === 0) return 'zero-size';
  if (s.visibility === 'hidden' || Number(s.opacity) === 0) return 'transparent';
  if (r.right <= 0 || r.bottom <= 0 || r.left >= innerWidth || r.top >= innerHeight) {
    return 'off-screen';
  }
  if (r.width * r.height <= 4) return 'tiny';
  return null;
};

const K = window.__a11yKeys = {log: [], els: [], ids: new Map(), info: [], prev: null,
  sent: 0, frames: [], pressing: null};
K.deepActive = deepActive;
K.parentOf = parentOf;
K.look = look;
K.idOf = (el) => {
  if (!el || el === document.body || el === document.documentElement) return null;
  let id = K.ids.get(el);
  if (id === undefined) {
    id = K.els.length;
    K.els.push(el);
    K.ids.set(el, id);
    K.info.push({focused: null, unfocused: null, obscured: null, shown: null,
      frame: el.localName === 'iframe' || el.localName === 'frame', box: null});
  }
  return id;
};
const keyName = (event) => (event.key === 'Escape' ? 'Escape' :
  (event.shiftKey ? 'Shift+Tab' : 'Tab'));
K.record = (id, key) => {
  K.log.push([id, key]);
  if (K.prev !== null && K.prev !== id && K.prev < maxSnapshots && !K.info[K.prev].unfocused) {
    K.info[K.prev].unfocused = look(K.els[K.prev]);
  }
  if (id !== null && id < maxSnapshots && !K.info[id].focused) {
    const el = K.els[id];
    Object.assign(K.info[id], {focused: look(el), obscured: obscured(el), shown: shown(el),
      box: box(el)});
  }
  K.prev = id;
};
K.onKeyUp = (event) => {
  K.pressing = null;
  if (event.key !== 'Tab' && event.key !== 'Escape') return;
  if (K.sentinel) { K.sentinel.remove(); K.sentinel = null; }
  K.record(K.idOf(deepActive()), keyName(event));
};
// Focus leaving the page on a key press is logged when the window loses focus: the press's
// keyup may come only once focus is back on the first stop (several tabs walking at once).
K.onKeyDown = (event) => { K.pressing = keyName(event); };
K.onBlur = (event) => {
  if (event.target === window && K.pressing && !document.hasFocus()) K.record(null, K.pressing);
};
addEventListener('keyup', K.onKeyUp, true);
addEventListener('keydown', K.onKeyDown, true);
addEventListener('blur', K.onBlur, true);
const html = document.documentElement;
K.scrollStyle = [html.style.getPropertyValue('scroll-behavior'),
  html.style.getPropertyPriority('scroll-behavior')];
html.style.setProperty('scroll-behavior', 'auto', 'important');
window.scrollTo(0, 0);
// Tab goes on from the sentinel as from the start of the page: first to the elements with the
// lowest positive tabindex (from a tabindex of 0 or -1 it would skip those).
const sentinel = document.createElement('span');
sentinel.tabIndex = 1;
document.body.prepend(sentinel);
sentinel.focus({preventScroll: true});
K.sentinel = sentinel;

// Controls for the mouse only: script or role say "control", yet Tab never reaches them.
const elements = allElements();
const tabbable = elements.filter((el) => el.matches(TABBABLE) && rendered(el));
const candidates = [];
for (const el of elements) {
  if (el === document.body || el === document.documentElement || el === sentinel) continue;
  if (el.matches(TABBABLE) || el.disabled || !rendered(el)) continue;
  const parent = parentOf(el);
  if (parent && parent.closest && (parent.closest(TABBABLE) || parent.closest('label'))) continue;
  if (el.localName === 'label' || el.querySelector(TABBABLE)) continue;
  const role = (el.getAttribute('role') || '').trim().split(/\s+/)[0];
  let reason = null;
  if (el.hasAttribute('onclick') || typeof el.onclick === 'function') reason = 'onclick';
  else if (CONTROL_ROLES.has(role) && !(parent && parent.closest && parent.closest(COMPOSITE))) {
    reason = 'role';
  } else if (getComputedStyle(el).cursor === 'pointer' &&
             !(parent && getComputedStyle(parent).cursor === 'pointer')) {
    const r = el.getBoundingClientRect();
    if (r.width * r.height < innerWidth * innerHeight / 4) reason = 'cursor';
  }
  if (reason) candidates.push([el, reason, role]);
}
const keep = outermost(candidates.map((c) => c[0]));
const mouseOnly = candidates.filter((c) => keep.includes(c[0])).slice(0, 30)
  .map(([el, reason, role]) => ({...describe(el), reason, role: role || null}));
return {tabbable: tabbable.length, mouse_only: mouseOnly};
