// Reflow at a narrow viewport: does the page scroll sideways, and which elements stick out?
await frames(1);  // resize handlers have run
const before = window.__a11yClip || new Map();
delete window.__a11yClip;
window.scrollTo(0, window.scrollY);
const html = document.documentElement;
const width = html.clientWidth;
const scrollWidth = Math.max(html.scrollWidth, document.body ? document.body.scrollWidth : 0);
const elements = allElements();
const SCROLLS = new Set(['auto', 'scroll', 'hidden', 'clip']);
const inScroller = (el) => {
  for (let n = el.parentElement; n && n !== document.body && n !== html; n = n.parentElement) {
    if (SCROLLS.has(getComputedStyle(n).overflowX)) return true;
  }
  return false;
};
const fixed = (el) => {
  for (let n = el; n && n !== html; n = n.parentElement) {
    if (getComputedStyle(n).position === 'fixed') return true;
  }
  return false;
};
let wide = [];
if (scrollWidth > width + 1) {
  wide = elements.filter((el) => el !== html && rendered(el) &&
    el.getBoundingClientRect().right > width + 1 && !inScroller(el) && !fixed(el));
  wide = wide.filter((el) => !el.parentElement || !wide.includes(el.parentElement));
  // A wrapper of one picture, video, frame or table and no text of its own (a link around a
  // picture) is wide because of what it wraps: that is the element to judge.
  wide = wide.map((el) => {
    const only = el.children.length === 1 && !ownText(el) ? el.firstElementChild : null;
    return only && arg.two_dimensional.includes(only.localName) ? only : el;
  });
  // At most ten of each kind: media that may scroll must not crowd text out of the report.
  const twoD = (el) => arg.two_dimensional.includes(el.localName);
  wide = [...wide.filter((el) => !twoD(el)).slice(0, 10), ...wide.filter(twoD).slice(0, 10)];
}
return {
  viewport_width: width,
  inner_width: innerWidth,
  scroll_width: scrollWidth,
  wide: wide.map((el) => ({...describe(el), tag: el.localName, box: box(el),
    width: Math.round(el.getBoundingClientRect().width), inner_width: el.clientWidth,
    map: isMap(el)})),
  clipped: newlyClipped(before, clipState(elements)),
};
