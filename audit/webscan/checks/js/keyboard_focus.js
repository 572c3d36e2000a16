// Keyboard walk: focus or blur one element for a screenshot, or tidy up after the walk.
const K = window.__a11yKeys;
if (!K) return null;
if (arg.op === 'cleanup') {
  removeEventListener('keyup', K.onKeyUp, true);
  removeEventListener('keydown', K.onKeyDown, true);
  removeEventListener('blur', K.onBlur, true);
  if (K.sentinel) K.sentinel.remove();
  const html = document.documentElement;
  html.style.removeProperty('scroll-behavior');
  if (K.scrollStyle[0]) html.style.setProperty('scroll-behavior', ...K.scrollStyle);
  const active = K.deepActive();
  if (active && active.blur) active.blur();
  window.scrollTo(0, 0);
  delete window.__a11yKeys;
  return null;
}
const el = K.els[arg.id];
if (!el || !el.isConnected) return null;
if (arg.op === 'focus') {
  el.scrollIntoView({block: 'center', inline: 'center'});
  K.caret = [el.style.getPropertyValue('caret-color'), el.style.getPropertyPriority('caret-color')];
  el.style.setProperty('caret-color', 'transparent', 'important');  // a caret is no indicator
  el.focus();
} else {
  el.blur();
  el.style.removeProperty('caret-color');
  if (K.caret && K.caret[0]) el.style.setProperty('caret-color', ...K.caret);
  if (el.getAttribute('style') === '') el.removeAttribute('style');
}
K.look(el);  // finishes transitions
await frames(2);
// The element's neighbourhood with generous margins: a focus indicator may be drawn beside
// the element (an icon, an underline bar) or on a sibling or a container.
const r = el.getBoundingClientRect();
const pad = arg.margin;
const x = Math.max(0, r.left - pad);
const y = Math.max(0, r.top - pad);
const w = Math.min(innerWidth, r.right + pad) - x;
const h = Math.min(innerHeight, r.bottom + pad) - y;
const seen = Math.max(0, Math.min(innerWidth, r.right) - Math.max(0, r.left)) *
  Math.max(0, Math.min(innerHeight, r.bottom) - Math.max(0, r.top));
return {focused: K.deepActive() === el, region: w > 0 && h > 0 ? [x, y, w, h] : null,
  share: w > 0 && h > 0 ? seen / (w * h) : 0};
