// Images of text (WCAG 1.4.5): the pictures big enough to hold text, largest first, with what
// says whether each is a logo (in the banner, linked to the home page, named a logo).
const LOGO = new RegExp(arg.logo_words, 'i');
const HOME = /^\/(index\.[a-z]+)?$/;
const linksHome = (el) => {
  const link = el.closest('a[href]');
  if (!link) return false;
  try {
    const url = new URL(link.href, location.href);
    return url.origin === location.origin && HOME.test(url.pathname);
  } catch (e) { return false; }
};
// The page's banner: role=banner, or a <header> that is not that of an article, aside, main,
// nav or section (HTML-AAM: only then is it the banner landmark).
const SECTIONING = 'article, aside, main, nav, section, [role=main]';
const inBanner = (el) => {
  if (el.closest('[role=banner]')) return true;
  for (let h = el.closest('header'); h; h = h.parentElement && h.parentElement.closest('header')) {
    if (!h.parentElement || !h.parentElement.closest(SECTIONING)) return true;
  }
  return false;
};
const found = [];
// A broken picture shows no text of its own (a screenshot of it would read what lies over
// it; one not loaded yet, lazily, is read as it comes); the tiles of a map are not pictures
// of text to replace (their street names).
const broken = (el) => el.localName === 'img' && el.complete && el.naturalWidth === 0;
for (const el of document.querySelectorAll('img, input[type=image]')) {
  if (!rendered(el) || broken(el) || el.closest(MAP_WIDGET)) continue;
  const r = el.getBoundingClientRect();
  if (r.width < arg.min_width || r.height < arg.min_height) continue;
  const naming = [el.getAttribute('alt'), el.getAttribute('src'), el.id,
    el.getAttribute('class')].join(' ');
  found.push({...describe(el), width: Math.round(r.width), height: Math.round(r.height),
    alt: (el.getAttribute('alt') || '').slice(0, 200),
    in_banner: inBanner(el), links_home: linksHome(el),
    logo_named: LOGO.test(naming)});
}
found.sort((a, b) => b.width * b.height - a.width * a.height);
return {images: found.slice(0, arg.max_images), candidates: found.length};
