// Elderly-friendly profile (MIIT 适老化 specifications), on the page as loaded, before any user
// action: size, line spacing and contrast of the text shown; pop-ups, floating windows, ads
// and buttons that induce a download or payment. `arg` holds each rule's settings from
// audit/standards/data/specs.yaml, by rule id.
const [size, spacing, contrast, popup, floating, ad, induced] = ['text-size', 'line-spacing',
  'contrast', 'popup', 'floating-window', 'ad', 'induced-button'].map((r) => arg['elderly-' + r]);
const CONTROLS = 'a[href], button, input[type=button], input[type=submit], [role=button], ' +
  '[role=link]';
const DIALOG = 'dialog[open], [role=dialog], [role=alertdialog], [aria-modal=true]';
const LANDMARK = 'header, nav, footer, [role=banner], [role=navigation], [role=contentinfo], ' +
  '[role=toolbar], [role=menubar], [role=tablist]';
const MEDIA = 'img, svg, iframe, video, canvas, object, embed';
const elements = allElements();
const style = (el) => getComputedStyle(el);
const px = (el) => parseFloat(style(el).fontSize);
const round2 = (x) => Math.round(x * 100) / 100;
const shown = (el) => rendered(el) && !el.closest('[aria-hidden="true"]');
// The element with the lowest value of [element, value, extra] items, with their count.
const lowest = (items) => {
  if (!items.length) return null;
  const [el, value, extra] = items.reduce((a, b) => (b[1] < a[1] ? b : a));
  return {count: items.length, value: round2(value), ...extra, ...describe(el)};
};
const squash = (text) => (text || '').toLowerCase().replace(/\s+/g, '');
// One character must be the whole text ("×"); longer words may be part of it ("关闭按钮").
const says = (text, words) => words.some(
  (w) => ([...w].length === 1 ? text === w : text.includes(w)));
const labels = (el) => [el.innerText, el.value, el.getAttribute('aria-label'),
  el.getAttribute('title'), el.id, el.getAttribute('class')].map(squash);

// Body text: elements with a text node of letters or digits (not icon glyphs), shown, not
// visually hidden (1 px boxes), not the options of form fields.
const ownWords = (el) => [...el.childNodes].some(
  (n) => n.nodeType === 3 && WORDS.test(n.textContent));
const texts = elements.filter((el) => ownWords(el) && shown(el) && !el.closest('select, textarea')
  && el.getBoundingClientRect().width > 1 && el.getBoundingClientRect().height > 1);

const small = texts.filter((el) => px(el) < size.min_px - 0.05);
let container = small[0] || null;
while (container && !small.every((el) => container.contains(el))) {
  container = container.parentElement;
}
if (!container || container === document.documentElement) container = document.body;

// Line pitch of a paragraph: from the first text node that wraps onto a second line.
const pitch = (el) => {
  for (const node of el.childNodes) {
    if (node.nodeType !== 3 || !WORDS.test(node.textContent)) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const tops = [...range.getClientRects()].map((r) => r.top).sort((a, b) => a - b);
    const next = tops.find((top) => top > tops[0] + 1);
    if (next !== undefined) return next - tops[0];
  }
  return null;
};
const paragraphs = [];
for (const el of elements) {
  if (!el.matches('p, li, dd, blockquote') || !shown(el)) continue;
  const lines = pitch(el);
  if (lines === null) continue;  // one line: no spacing between lines to judge
  const s = style(el);
  const fontSize = parseFloat(s.fontSize);
  const normal = s.lineHeight === 'normal';
  const ratio = normal ? lines / fontSize
    : s.lineHeight.endsWith('px') ? parseFloat(s.lineHeight) / fontSize : parseFloat(s.lineHeight);
  paragraphs.push([el, ratio, {normal}]);
}
const tight = paragraphs.filter((p) => p[1] < spacing.min_ratio);

// Contrast against solid backgrounds only: text over an image or gradient is not judged.
const rgba = (value) => {
  const m = /^rgba?\(([^)]+)\)$/.exec(value);
  if (!m) return null;
  const [r, g, b, a = 1] = m[1].split(/[\s,/]+/).map(Number);
  return [r, g, b, a];
};
const over = (top, below) => [0, 1, 2].map((i) => top[i] * top[3] + below[i] * (1 - top[3]))
  .concat(1);
const up = (n) => n.parentElement || n.getRootNode().host || null;
const background = (el) => {
  const layers = [];
  for (let n = el; n; n = up(n)) {
    const s = style(n);
    if (s.backgroundImage !== 'none') return null;
    const colour = rgba(s.backgroundColor);
    if (!colour) return null;
    if (colour[3] > 0) layers.unshift(colour);
    if (colour[3] >= 1) break;
  }
  return layers.reduce((below, top) => over(top, below), [255, 255, 255, 1]);
};
const luminance = (colour) => {
  const [r, g, b] = colour.slice(0, 3).map((c) => {
    const v = c / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const judged = [];
for (const el of texts) {
  if (el.closest(':disabled, [aria-disabled="true"]')) continue;
  const back = background(el);
  const fore = rgba(style(el).color);
  if (!back || !fore || fore[3] === 0) continue;
  const [hi, lo] = [luminance(over(fore, back)), luminance(back)].sort((a, b) => b - a);
  const required = px(el) > contrast.large_above_px ? contrast.large_min_ratio : contrast.min_ratio;
  judged.push([el, (hi + 0.05) / (lo + 0.05), {required}]);
}

// Ads: a source on an ad server, or a class or id word that says "ad".
const adHost = (url) => {
  let host = '';
  try { host = new URL(url || '', location.href).hostname; } catch (e) { return false; }
  return ad.hosts.some((d) => host === d || host.endsWith('.' + d));
};
const adName = (el) => [el.id, ...el.classList].some(
  (name) => name.toLowerCase().split(/[-_\s]+/).some((word) => ad.tokens.includes(word)));
const adVia = (el) => {
  if (el.matches('iframe, img, embed') && adHost(el.getAttribute('src'))) return 'host';
  if (el.matches('a[href]') && adHost(el.getAttribute('href'))) return 'host';
  return adName(el) ? 'name' : null;
};
const ads = outermost(elements.filter((el) => adVia(el) && shown(el)));

// Pop-ups and floating windows: fixed elements and open dialogs in the viewport. A window that
// is or holds an ad is left to the ad rule; the page's own frame (body, or what holds main) is
// no window.
const vw = innerWidth;
const vh = innerHeight;
const inView = (r) => Math.max(0, Math.min(r.right, vw) - Math.max(r.left, 0))
  * Math.max(0, Math.min(r.bottom, vh) - Math.max(r.top, 0));
const closeWords = floating.close_words.map(squash);
const closes = (el) => [...el.querySelectorAll(`${CONTROLS}, [onclick], [class*=close i], ` +
  '[id*=close i]')].some((c) => rendered(c) && labels(c).some((t) => says(t, closeWords)));
const boxes = outermost(elements.filter((el) => (style(el).position === 'fixed' ||
  el.matches(DIALOG)) && shown(el) && style(el).opacity !== '0'))
  .map((el) => ({el, r: el.getBoundingClientRect()}))
  .filter((b) => inView(b.r) > 0 && !b.el.matches('body, main, [role=main]')
    && !b.el.querySelector('main, [role=main]'));
const filled = (el) => WORDS.test(el.innerText || '') || el.matches(MEDIA)
  || !!el.querySelector(MEDIA);
const covers = (b) => inView(b.r) >= popup.cover_share * vw * vh;
const dims = (el) => {  // a translucent layer: the backdrop of a modal window
  const colour = rgba(style(el).backgroundColor);
  return !!colour && colour[3] > 0 && colour[3] * parseFloat(style(el).opacity) < 1;
};
const backdrop = boxes.some((b) => !filled(b.el) && dims(b.el) && covers(b));
const onTop = (el, r) => el.contains(document.elementFromPoint(r.left + r.width / 2,
  r.top + r.height / 2));
const windows = [];
for (const {el, r} of boxes) {
  if (!filled(el) || ads.some((a) => a.contains(el) || el.contains(a))) continue;
  const has = (css) => el.matches(css) || !!el.querySelector(css);
  const close = closes(el);
  const dialog = has(DIALOG);
  const docked = r.width >= 0.9 * vw && (r.top <= 1 || r.bottom >= vh - 1)
    && r.height <= floating.bar_max_share * vh;
  if (docked && (close || (!dialog && (has(LANDMARK) || has(CONTROLS))))) continue;
  if (dialog || covers({r}) || (backdrop && onTop(el, r))) {
    windows.push({kind: 'popup', close, ...describe(el)});
  } else if (!has(LANDMARK) && Math.min(r.width, r.height) >= floating.min_side_px) {
    windows.push({kind: 'floating', close, ...describe(el)});
  }
}

const inducedWords = induced.words.map(squash);
const inducing = outermost(elements.filter((el) => el.matches(CONTROLS) && shown(el)
  && says(squash(`${el.innerText || ''}${el.value || ''}${el.getAttribute('aria-label') || ''}`),
    inducedWords)));

return {
  text: {elements: texts.length, small: small.length ? {count: small.length,
    value: round2(Math.min(...small.map(px))), ...describe(container)} : null},
  spacing: {paragraphs: paragraphs.length, set: lowest(tight.filter((p) => !p[2].normal)),
    normal: lowest(tight.filter((p) => p[2].normal))},
  contrast: {elements: judged.length, low: lowest(judged.filter((j) => j[1] < j[2].required))},
  windows: windows.slice(0, 20),
  ads: ads.slice(0, 20).map((el) => ({via: adVia(el), ...describe(el)})),
  induced: inducing.slice(0, 20).map((el) => ({text: (el.innerText || el.value || '').trim()
    .slice(0, 60), ...describe(el)})),
};
