// Orientation (WCAG 1.3.4), measured in one orientation: large elements turned by 90 degrees
// (a page rotated to force the other orientation) and how much text is shown.
await frames(1);  // resize handlers have run
const angle = (el) => {
  const m = (getComputedStyle(el).transform || '').match(/^matrix\(([^)]+)\)$/);
  if (!m) return 0;
  const [a, b] = m[1].split(',').map(Number);
  return Math.round(Math.atan2(b, a) * 180 / Math.PI);
};
const area = innerWidth * innerHeight;
const large = (el) => {
  const r = el.getBoundingClientRect();
  return r.width * r.height >= area / 2;
};
const candidates = [document.documentElement, document.body];
const visit = (el, depth) => {
  for (const child of el.children) {
    if (SKIP_TAGS.has(child.localName)) continue;
    if (large(child)) candidates.push(child);
    if (depth < 3) visit(child, depth + 1);
  }
};
if (document.body) visit(document.body, 1);
const turned = outermost(candidates.filter((el) => el && Math.abs(angle(el)) % 180 === 90));
const rotated = turned.map((el) => ({...describe(el), angle: angle(el)}));
// A cover: a fixed element over (nearly) the whole screen, opaque and on top ("please turn
// your phone round" over a page left in place): only its own text is shown.
const opaque = (s) => Number(s.opacity) >= 0.9 && (s.backgroundImage !== 'none' ||
  Number((s.backgroundColor.match(/[\d.]+/g) || [0, 0, 0, 0])[3] ?? 1) >= 0.9);
const covers = (el) => {
  const s = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  const w = Math.min(r.right, innerWidth) - Math.max(r.left, 0);
  const h = Math.min(r.bottom, innerHeight) - Math.max(r.top, 0);
  const top = document.elementFromPoint(innerWidth / 2, innerHeight / 2);
  return s.position === 'fixed' && rendered(el) && opaque(s) && w > 0 && h > 0 &&
    w * h >= 0.9 * area && !!top && el.contains(top);
};
const cover = candidates.slice(2).find(covers);
const text = (el) => (el ? el.innerText.trim().length : 0);
return {width: innerWidth, height: innerHeight, rotated,
  text: text(cover || document.body), cover: cover ? describe(cover) : null};
