// Text spacing (WCAG 1.4.12): apply line height 1.5, paragraph spacing 2em, letter spacing
// 0.12em and word spacing 0.16em to every element, as users' style sheets and bookmarklets do,
// measure which text is cut off, and put every style attribute back as it was.
const SPACING = [['line-height', '1.5', 1.5], ['letter-spacing', '0.12em', 0.12],
  ['word-spacing', '0.16em', 0.16]];
const elements = allElements();
const before = clipState(elements);
const saved = elements.map((el) => el.getAttribute('style'));
const pinned = [];
for (const el of elements) {
  for (const [prop, value, factor] of SPACING) {
    if (el.style.getPropertyPriority(prop) === 'important') pinned.push([el, prop, factor]);
    else el.style.setProperty(prop, value, 'important');
  }
  if (el.localName === 'p' && el.style.getPropertyPriority('margin-bottom') !== 'important') {
    el.style.setProperty('margin-bottom', '2em', 'important');
  }
}
const clipped = newlyClipped(before, clipState(elements));
const blocked = [];
for (const [el, prop, factor] of pinned) {
  if (!ownText(el) || !rendered(el)) continue;
  const s = getComputedStyle(el);
  const size = parseFloat(s.fontSize);
  const raw = s.getPropertyValue(prop);
  const value = raw === 'normal' ? (prop === 'line-height' ? 1.2 * size : 0) : parseFloat(raw);
  if (value < factor * size - 0.5) {
    blocked.push({...describe(el), property: prop, value: raw, needed: SPACING.find((x) => x[0] === prop)[1]});
  }
}
elements.forEach((el, i) => {
  if (saved[i] === null) el.removeAttribute('style');
  else el.setAttribute('style', saved[i]);
});
return {clipped, blocked: blocked.slice(0, 20)};
