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
return {width: innerWidth, height: innerHeight, rotated,
  text: document.body ? document.body.innerText.trim().length : 0};
