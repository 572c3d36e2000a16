// Resize text (WCAG 1.4.4): double every element's font size (and line height given in px),
// as a browser's text-only zoom does, measure which text is cut off, and restore.
const elements = allElements();
const before = clipState(elements);
const saved = elements.map((el) => el.getAttribute('style'));
const sizes = elements.map((el) => {
  const s = getComputedStyle(el);
  return [parseFloat(s.fontSize), s.lineHeight];
});
elements.forEach((el, i) => {
  const [size, lineHeight] = sizes[i];
  el.style.setProperty('font-size', (size * arg.factor) + 'px', 'important');
  if (lineHeight.endsWith('px')) {
    el.style.setProperty('line-height', (parseFloat(lineHeight) * arg.factor) + 'px', 'important');
  }
});
const clipped = newlyClipped(before, clipState(elements));
elements.forEach((el, i) => {
  if (saved[i] === null) el.removeAttribute('style');
  else el.setAttribute('style', saved[i]);
});
return {factor: arg.factor, clipped};
