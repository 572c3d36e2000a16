// Images of text (WCAG 1.4.5): hide the page's own text laid over a picture (a caption on a
// photo, a carousel's title), so that the picture's screenshot shows what is in the picture
// alone; or, with `hide` false, put every style attribute back as it was.
if (!arg.hide) {
  for (const [el, style] of window.__a11yOverlays || []) {
    if (style === null) el.removeAttribute('style');
    else el.setAttribute('style', style);
  }
  delete window.__a11yOverlays;
  return 0;
}
let picture = null;
try { picture = document.querySelector(arg.selector); } catch (e) { /* a shadow-tree path */ }
if (!picture) return 0;
picture.scrollIntoView({block: 'center', inline: 'center'});  // as its screenshot is taken
const r = picture.getBoundingClientRect();
const meets = (q) => q.left < r.right && q.right > r.left && q.top < r.bottom && q.bottom > r.top;
const over = allElements().filter((el) => ownText(el) && !el.contains(picture) && rendered(el) &&
  meets(el.getBoundingClientRect()));
window.__a11yOverlays = over.map((el) => [el, el.getAttribute('style')]);
over.forEach((el) => el.style.setProperty('visibility', 'hidden', 'important'));
return over.length;
