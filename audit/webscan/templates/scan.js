// Template-aware axe run: the body of `async (arg) => {...}`, after axe.py's AXE_SHAPE.
// arg: {options: axe.run options, settings: rules.yaml, known: JSON of {key: {action, sample}}}.
// Finds the template regions of the page and their identity keys, runs axe-core once on the
// page with the region-scoped rules skipping the regions it already knows (reuse), takes a
// sample of what the run found in the regions it is learning (learn), replays what it knows
// on this page's elements, and returns one result in axe's shape, as a full run would.
const S = arg.settings;
const started = performance.now();
const spent = {};  // ms per phase, kept with the result
const lap = (name) => { spent[name] = Math.round(performance.now() - started - Object.values(spent).reduce((a, b) => a + b, 0)); };
const known = JSON.parse(arg.known);  // JSON text: far cheaper to hand over than objects
const volatile = new Set(S.volatile_attributes);
const session = new RegExp(S.session_parameter, 'g');
const IDREFS = ['for', 'aria-labelledby', 'aria-describedby', 'aria-owns', 'aria-controls',
  'aria-activedescendant', 'aria-errormessage', 'aria-details', 'aria-flowto', 'headers',
  'list', 'form'];
const IDREF_SELECTOR = IDREFS.map((name) => `[${name}]`).join(',');

const cyrb53 = (text, seed) => {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
};
const digest = (text) => cyrb53(text, 1) + cyrb53(text, 2);

// --- identity ------------------------------------------------------------------------------
const kept = (el, name) => !volatile.has(name) &&
  !S.volatile_prefixes.some((prefix) => name.startsWith(prefix)) &&
  !(name === 'value' && el.localName === 'input' &&
    (el.getAttribute('type') || '').toLowerCase() === 'hidden');
const attributes = (el, skip) => [...el.attributes]
  .filter((a) => kept(el, a.name) && !(skip && skip.has(a.name)))
  .map((a) => `${a.name}=${a.value.replace(session, '')}`).sort().join('\u0001');
const styles = (el, pseudo) => {
  const computed = getComputedStyle(el, pseudo);
  const content = pseudo ? computed.getPropertyValue('content') : '';
  if (pseudo && (content === 'none' || content === 'normal')) return '';  // not drawn
  return S.style_properties.map((p) => computed.getPropertyValue(p)).join('\u0002') + content;
};
const size = (el) => {
  const r = el.getBoundingClientRect();
  return `${Math.round(r.width * 100) / 100}x${Math.round(r.height * 100) / 100}`;
};
const drawn = new Map();  // element -> its own part, shared by nested regions
const own = (el) => {
  let part = drawn.get(el);
  if (part === undefined) {
    part = `<${el.localName} ${attributes(el)}|${styles(el)}|${size(el)}|` +
      `${styles(el, '::before')}|${styles(el, '::after')}`;
    drawn.set(el, part);
  }
  return part;
};
const serialise = (root, parts) => {
  const walk = (node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      parts.push(`#${node.data.replace(/\s+/g, ' ')}`);
      return;
    }
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    parts.push(own(node));
    for (const child of node.childNodes) walk(child);
    parts.push('>');
  };
  walk(root);
};
const ANCESTOR_SKIP = new Set(['id', 'class', 'style']);  // their effect is in the styles
const context = (el, parts) => {
  const box = el.getBoundingClientRect();
  parts.push(`@${document.compatMode}|${Math.round(box.left * 100) / 100}`);
  for (let a = el.parentElement; a; a = a.parentElement) {
    parts.push(`^${a.localName} ${attributes(a, ANCESTOR_SKIP)}|${styles(a)}`);
  }
  const ids = new Set([el, ...el.querySelectorAll('[id]')].map((x) => x.id).filter(Boolean));
  for (const id of ids) {  // an earlier element with the same id takes its references
    if (!el.contains(document.getElementById(id))) parts.push(`!dup ${id}`);
  }
  const tokens = (x, name) => (x.getAttribute(name) || '').split(/\s+/).filter(Boolean);
  for (const outside of document.querySelectorAll(IDREF_SELECTOR)) {  // pointing in
    if (el.contains(outside)) continue;
    if (IDREFS.some((name) => tokens(outside, name).some((id) => ids.has(id)))) {
      parts.push('!in');
      serialise(outside, parts);
    }
  }
  const inner = [...(el.matches(IDREF_SELECTOR) ? [el] : []),
    ...el.querySelectorAll(IDREF_SELECTOR)];
  for (const x of inner) {  // pointing out
    for (const id of IDREFS.flatMap((name) => tokens(x, name)).filter((t) => !ids.has(t))) {
      const target = document.getElementById(id);
      parts.push(`!out ${id}`);
      if (target && target.contains(el)) parts.push(`^${target.localName}`);
      else if (target) serialise(target, parts);
    }
  }
  for (const img of el.querySelectorAll('[usemap]')) {
    const map = document.querySelector(`map[name="${CSS.escape(
      (img.getAttribute('usemap') || '').replace(/^#/, ''))}"]`);
    if (map && !el.contains(map)) serialise(map, parts);
  }
};
const keyOf = (el) => {
  const parts = [];
  serialise(el, parts);
  context(el, parts);
  return digest(parts.join('\n'));
};

// --- regions -------------------------------------------------------------------------------
const hasShadow = (el) => !!el.shadowRoot || [...el.querySelectorAll('*')].some((x) => x.shadowRoot);
const eligible = (el) => el !== document.body && document.body.contains(el) &&
  el.getElementsByTagName('*').length + 1 >= S.min_elements &&
  !el.matches(S.ineligible_inside) && !el.querySelector(S.ineligible_inside) && !hasShadow(el);
const documentOrder = (a, b) => (a === b ? 0 :
  (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
const kindOf = (el) => {
  const role = el.getAttribute('role');
  if (el.localName === 'header' || role === 'banner') return 'header';
  if (el.localName === 'nav' || role === 'navigation') return 'navigation';
  if (el.localName === 'footer' || role === 'contentinfo') return 'footer';
  if (el.localName === 'aside' || role === 'complementary') return 'sidebar';
  const words = `${el.id} ${el.getAttribute('class') || ''}`.toLowerCase();
  if (/head|banner|top/.test(words)) return 'header';
  if (/nav|menu/.test(words)) return 'navigation';
  if (/foot|bottom|copyright/.test(words)) return 'footer';
  if (/side/.test(words)) return 'sidebar';
  return 'region';
};
const labelOf = (el) => {
  const id = el.id ? `#${el.id}` : '';
  const cls = (el.getAttribute('class') || '').trim().split(/\s+/)[0];
  return `${el.localName}${id}${cls ? `.${cls}` : ''}`.slice(0, 120);
};
const extent = (el) => {  // the box of the region and everything drawn from it
  const box = {left: Infinity, top: Infinity, right: -Infinity, bottom: -Infinity};
  for (const x of [el, ...el.querySelectorAll('*')]) {
    const r = x.getBoundingClientRect();
    if (r.width <= 0 || r.height <= 0) continue;
    box.left = Math.min(box.left, r.left); box.top = Math.min(box.top, r.top);
    box.right = Math.max(box.right, r.right); box.bottom = Math.max(box.bottom, r.bottom);
  }
  return box;
};
const overlaps = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5 &&
  Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5;

const found = new Set(document.querySelectorAll(S.candidates));
for (const child of document.body ? document.body.children : []) {
  found.add(child);
  for (const grandchild of child.children) found.add(grandchild);
}
const regions = [...found].filter(eligible).sort(documentOrder)
  .map((el) => ({el, box: extent(el), overlapped: false}));
for (const other of document.body ? document.body.getElementsByTagName('*') : []) {
  const r = other.getBoundingClientRect();
  if (r.width <= 0 || r.height <= 0) continue;
  for (const region of regions) {  // something else drawn over or under the region
    if (!region.overlapped && !region.el.contains(other) && !other.contains(region.el) &&
        overlaps(region.box, r)) region.overlapped = true;
  }
}
for (const dialog of document.querySelectorAll(S.modal)) {  // the rest of the page is inert
  for (const region of regions) {
    if (!dialog.contains(region.el)) region.overlapped = true;
  }
}
lap('regions');
const templates = regions.filter((r) => !r.overlapped);
for (const region of templates) {
  region.key = keyOf(region.el);
  region.kind = kindOf(region.el);
  region.parent = templates.filter((p) => p !== region && p.el.contains(region.el)).pop();
  const outer = region.parent && ['covered', 'reuse'].includes(region.parent.action);
  region.action = outer ? 'covered' : ((known[region.key] || {}).action || 'learn');
}

lap('identity');
// --- isolation -----------------------------------------------------------------------------
// A region is isolated on this page when the rules of S.isolated_rules judge its elements
// from the region alone (rules.yaml says why): then their results inside it are learnt and
// replayed like the others'; where it is not, they run over it on the whole page.
const isolatedRules = new Set(S.isolated_rules.filter((id) => axe._audit.rules.some((r) => r.id === id)));
const entriesOf = (rule) => [...rule.any, ...rule.all, ...rule.none]
  .map((c) => (typeof c === 'string' ? {id: c} : c));
const numbers = (options) => Object.values(options || {}).filter((v) => typeof v === 'number');
const margin = Math.max(S.isolation_margin_px, ...axe._audit.rules
  .filter((rule) => isolatedRules.has(rule.id)).flatMap(entriesOf)
  .flatMap((c) => [...numbers(c.options), ...numbers((axe._audit.checks[c.id] || {}).options)])
  .map((v) => v + 1));
const box = () => ({left: Infinity, top: Infinity, right: -Infinity, bottom: -Infinity});
const grow = (b, r, by) => {
  b.left = Math.min(b.left, r.left - by); b.top = Math.min(b.top, r.top - by);
  b.right = Math.max(b.right, r.right + by); b.bottom = Math.max(b.bottom, r.bottom + by);
};
const crosses = (a, b) => a.left < b.right && a.right > b.left && a.top < b.bottom && a.bottom > b.top;
const touches = (a, b) => a.left <= b.right && a.right >= b.left && a.top <= b.bottom && a.bottom >= b.top;
const holds = (a, b) => a.left <= b.left && a.top <= b.top && a.right >= b.right && a.bottom >= b.bottom;
const withShadows = function* (root) {  // elements under root, open shadow trees included
  for (const x of root.querySelectorAll('*')) {
    yield x;
    if (x.shadowRoot) yield* withShadows(x.shadowRoot);
  }
};
const isolatedOn = (el) => {
  if (el.matches(S.focusable) || !S.block_displays.includes(getComputedStyle(el).display)) return false;
  const drawn = box();  // everything the region draws, zero-size boxes included
  const reach = box();  // its focusable elements, grown by the margin
  for (const x of [el, ...el.getElementsByTagName('*')]) {
    if (!x.getClientRects().length) continue;
    const r = x.getBoundingClientRect();
    grow(drawn, r, 0);
    if (x.matches(S.focusable)) grow(reach, r, margin);
  }
  if (drawn.left < 0 || drawn.top < 0) return false;  // partly off the page
  for (let a = el.parentElement; a; a = a.parentElement) {
    if (a.matches(S.focusable) || !holds(a.getBoundingClientRect(), drawn)) return false;
  }
  for (const x of withShadows(document)) {
    if (el.contains(x) || x.contains(el) || !x.getClientRects().length) continue;
    const r = x.getBoundingClientRect();
    if (crosses(r, drawn) || (x.matches(S.focusable) && touches(r, reach))) return false;
  }
  return true;
};
for (const region of templates.filter((r) => ['learn', 'reuse'].includes(r.action))) {
  region.isolated = isolatedRules.size > 0 && isolatedOn(region.el);
}
lap('isolation');
// --- replaying what is known ---------------------------------------------------------------
const elementAt = (root, path) => path.reduce((x, i) => (x ? x.children[i] : null), root);
const pathOf = (root, el) => {
  const path = [];
  for (let x = el; x !== root; x = x.parentElement) {
    if (!x || !x.parentElement) return null;
    path.unshift([...x.parentElement.children].indexOf(x));
  }
  return path;
};
const elements = new Map();  // node -> element, for order, tags and fresh selectors
const fresh = new Set();  // nodes whose selector and html are taken from this page
const stored = new Map();  // a replayed node -> [its region's key, its index in the sample's rule]
const replay = (region) => {
  const sample = known[region.key].sample;
  region.whole = region.isolated && sample.isolated;  // the isolated rules replayed too
  const ours = (id) => region.whole || !isolatedRules.has(id);
  const part = {passes: sample.passes.filter(ours), inapplicable: sample.inapplicable.filter(ours)};
  for (const group of ['violations', 'incomplete']) {
    const rules = sample[group].filter((rule) => ours(rule.id));
    part[group] = rules.map((rule) => ({...rule, nodes: rule.nodes.map((kept, index) => {
      const {path, ...node} = kept;
      const el = elementAt(region.el, path);
      if (!el) throw new Error('moved');
      elements.set(node, el);
      fresh.add(node);
      stored.set(node, [region.key, index]);
      return node;
    })}));
  }
  return part;
};
const replayed = [];
for (const region of templates.filter((r) => r.action === 'reuse')) {
  try {
    replayed.push(replay(region));
  } catch (err) {
    region.action = 'learn';  // the stored nodes do not fit: scan it again
  }
}

// --- the run -------------------------------------------------------------------------------
// One axe.run over the whole document, so axe-core builds its tree once. Rules that must see
// the whole page see all of it; the others skip the nodes of replayed regions (what an
// `exclude` in the context would do) through a wrapper around each rule's own `matches`, set
// with axe.configure, which also counts the nodes each rule looks at in a region being learnt:
// a rule that looked at more nodes there than it reported there passed there.
for (const region of templates.filter((r) => r.action === 'learn')) {
  if (templates.some((r) => r.action === 'reuse' && region.el.contains(r.el))) {
    region.action = 'content';  // part of it is replayed: no faithful sample on this page
  }
}
const skipped = new Set();  // elements of replayed regions
const skippedWhole = new Set();  // those of regions whose isolated rules are replayed too
for (const region of templates.filter((r) => r.action === 'reuse')) {
  for (const el of [region.el, ...region.el.getElementsByTagName('*')]) {
    skipped.add(el);
    if (region.whole) skippedWhole.add(el);
  }
}
const learnt = templates.filter((r) => r.action === 'learn');
const learning = new Map();  // element -> the regions being learnt that hold it
for (const region of learnt) {
  for (const el of [region.el, ...region.el.getElementsByTagName('*')]) {
    learning.set(el, [...(learning.get(el) || []), region]);
  }
}
const rank = new Map(axe._audit.rules.map((rule, i) => [rule.id, i]));
const afters = new Set(Object.values(axe._audit.checks).filter((c) => c.after).map((c) => c.id));
const checksOf = (rule) => entriesOf(rule).map((c) => c.id);
const whole = new Set(S.whole_page_rules.filter((id) => rank.has(id)));
for (const rule of axe._audit.rules) {
  if (rule.pageLevel || checksOf(rule).some((id) => afters.has(id))) whole.add(rule.id);
}
const looked = new Map(learnt.map((r) => [r, new Map()]));  // region -> rule id -> nodes
// Replayed nodes take their selector and HTML from this page, as axe-core writes them: done
// in the run, at the first node a rule looks at, while axe-core's tree of the document is
// set up (else it is set up again for them after the run).
let selected = fresh.size === 0;
const select = () => {
  for (const node of fresh) {
    const dq = new axe.utils.DqElement(elements.get(node), arg.options);
    node.target = dq.selector;
    node.html = dq.source;
  }
};
const filtered = (rule, matches) => function (node, virtualNode, context) {
  if (!selected) {
    selected = true;
    try { select(); } catch (err) { selected = false; }  // tried again after the run
  }
  if ((isolatedRules.has(rule.id) ? skippedWhole : skipped).has(node)) return false;
  const hit = matches.call(this, node, virtualNode, context);
  for (const region of (hit && learning.get(node)) || []) {
    const counts = looked.get(region);
    counts.set(rule.id, (counts.get(rule.id) || 0) + 1);
  }
  return hit;
};
const originals = axe._audit.rules.filter((rule) => !whole.has(rule.id))
  .map((rule) => ({id: rule.id, matches: rule.matches}));
if (skipped.size || learnt.length) {
  axe.configure({rules: originals.map((r) => ({id: r.id, matches: filtered(r, r.matches)}))});
}
// axe-core's rules that ask what is drawn where (color-contrast, target-size ...) share a
// grid of every element of the document, which it builds walking the document with the one
// TreeWalker it makes. A region replayed whole is isolated: nothing outside it is drawn over
// or under what it draws, nor could be focusable within reach of it, so no question about an
// element outside can meet one inside, and no rule looks at its elements: it is left out of
// the walk (the region's own elements were most of the grid's cost on a portal page).
const apart = templates.filter((r) => r.action === 'reuse' && r.whole).map((r) => r.el);
const ownWalker = Object.getOwnPropertyDescriptor(document, 'createTreeWalker');
let walking = false;  // ours is in place
if (apart.length) {
  const create = document.createTreeWalker;
  const leaveOut = new Set(apart);
  const filter = {acceptNode: (node) => (leaveOut.has(node) ? NodeFilter.FILTER_REJECT :
    NodeFilter.FILTER_ACCEPT)};
  try {
    Object.defineProperty(document, 'createTreeWalker', {configurable: true, writable: true,
      value: (root, what, given, ...rest) => create.call(document, root, what,
        given ?? filter, ...rest)});
    walking = true;
  } catch (err) {
    // the page holds it (frozen): the grid is built of the whole document, as without templates
  }
}
let result;
try {
  result = shape(await axe.run(document, arg.options));
} finally {
  if (skipped.size || learnt.length) axe.configure({rules: originals});
  if (walking && ownWalker) Object.defineProperty(document, 'createTreeWalker', ownWalker);
  else if (walking) delete document.createTreeWalker;
}
const locate = (node) => {
  if (elements.has(node)) return elements.get(node);
  const first = node.target && node.target[0];
  const selector = Array.isArray(first) ? first[0] : first;
  let el = null;
  try { el = typeof selector === 'string' ? document.querySelector(selector) : null; }
  catch (err) { el = null; }
  elements.set(node, el);
  return el;
};
const IMPACTS = ['critical', 'serious', 'moderate', 'minor'];
const worst = (nodes) => {
  const impacts = nodes.map((n) => IMPACTS.indexOf(n.impact)).filter((i) => i >= 0);
  return impacts.length ? IMPACTS[Math.min(...impacts)] : null;
};
const sampleOf = (region) => {  // what the run found in the region, by position in it
  const sample = {isolated: region.isolated};
  const ours = (id) => !whole.has(id) && (region.isolated || !isolatedRules.has(id));
  const reported = new Map();  // rule id -> nodes reported in the region
  for (const group of ['violations', 'incomplete']) {
    sample[group] = [];
    for (const rule of result[group].filter((r) => ours(r.id))) {
      const nodes = [];
      for (const node of rule.nodes) {
        const el = locate(node);
        if (!el) return null;  // it might lie in the region: no faithful sample
        if (!region.el.contains(el)) continue;
        const {target, html, ...rest} = node;
        nodes.push({...rest, path: pathOf(region.el, el)});
      }
      reported.set(rule.id, (reported.get(rule.id) || 0) + nodes.length);
      if (nodes.length) sample[group].push({...rule, impact: worst(nodes), nodes});
    }
  }
  const counts = looked.get(region);
  const ran = [...result.passes, ...result.inapplicable, ...result.violations.map((r) => r.id),
    ...result.incomplete.map((r) => r.id)].filter(ours);
  const local = [...new Set(ran)].sort((a, b) => rank.get(a) - rank.get(b));
  sample.passes = local.filter((id) => (counts.get(id) || 0) > (reported.get(id) || 0));
  sample.inapplicable = local.filter((id) => !counts.get(id));
  return sample;
};
const samples = {};
for (const region of learnt) {
  const sample = sampleOf(region);
  if (sample) samples[region.key] = sample;
}
const parts = [result, ...replayed];

lap('axe');
// --- one result, as a full run gives it ----------------------------------------------------
const inner = (el) => templates.filter((r) => el && r.el.contains(el)).pop();
const merge = (group) => {
  const rules = new Map();
  for (const part of parts) {
    for (const rule of part[group]) {
      const into = rules.get(rule.id);
      if (into) into.nodes.push(...rule.nodes);
      else rules.set(rule.id, {...rule, nodes: [...rule.nodes]});
    }
  }
  for (const rule of rules.values()) {
    for (const node of rule.nodes) locate(node);
    rule.nodes.sort((a, b) => {
      const x = elements.get(a); const y = elements.get(b);
      return x && y ? documentOrder(x, y) : 0;
    });
    rule.impact = worst(rule.nodes) || rule.impact;
  }
  return [...rules.values()].sort((a, b) => rank.get(a.id) - rank.get(b.id));
};
const violations = merge('violations');
const incomplete = merge('incomplete');
const byRank = (ids) => [...new Set(ids)].sort((a, b) => rank.get(a) - rank.get(b));
const passes = byRank(parts.flatMap((p) => p.passes));
const reported = new Set([...passes, ...violations.map((r) => r.id), ...incomplete.map((r) => r.id)]);
const inapplicable = byRank(parts.flatMap((p) => p.inapplicable)).filter((id) => !reported.has(id));
if (!selected) {
  axe.setup(document);
  try {
    select();
  } finally {
    axe.teardown();
  }
}
lap('merge');
for (const node of [...violations, ...incomplete].flatMap((rule) => rule.nodes)) {
  const region = inner(elements.get(node));
  if (region) node.template = region.key;
}
// A replayed node goes back by reference: what the crawl holds of it (its sample in the plan)
// is not sent back, only what this page gave it.
const told = (rules) => rules.map((rule) => ({...rule, nodes: rule.nodes.map((node) =>
  (stored.has(node) ? {replayed: stored.get(node), target: node.target, html: node.html,
    template: node.template} : node))}));
return JSON.stringify({...result, violations: told(violations), incomplete: told(incomplete),
  passes, inapplicable,
  templates: templates.map((r) => ({key: r.key, kind: r.kind, label: labelOf(r.el),
    action: r.action, isolated: !!r.isolated,
    elements: r.el.getElementsByTagName('*').length + 1})),
  template_samples: samples, template_ms: spent});  // JSON text: far cheaper to hand back
