// Moving content (WCAG 2.2.2): carousels, marquees (the element, or text that a CSS animation
// moves for ever), autoplaying videos, and whether a pause or stop control sits with them.
const CAROUSEL = '[aria-roledescription~="carousel" i], .carousel, .swiper, .swiper-container, ' +
  '.slick-slider, .owl-carousel, .flexslider, .splide, .glide, .slideshow, .slider, ' +
  '[data-ride=carousel], [data-bs-ride=carousel]';
const SLIDE = '.slide, .swiper-slide, .slick-slide, .carousel-item, .item, ' +
  '[aria-roledescription~="slide" i]';
// Whole English words: "Display", "Stopover" name no control.
const PAUSE = /\b(?:pause|stop|play)\b|暂停|停止|播放/i;
const movers = [];  // [element, what the finding says of it]
for (const el of outermost([...document.querySelectorAll(CAROUSEL)])) {
  const slides = el.querySelectorAll(SLIDE).length;
  if (slides >= 2 && rendered(el)) movers.push([el, {kind: 'carousel', slides}]);
}
for (const el of document.querySelectorAll('marquee')) {
  if (rendered(el)) movers.push([el, {kind: 'marquee'}]);
}
// Text moved for ever by a CSS animation (a news ticker without <marquee>): helpers.js.
const animated = movingTargets().filter((el) => rendered(el) &&
  (el.innerText || '').trim().length >= 4 && !movers.some(([m]) => m.contains(el)));
for (const el of outermost(animated)) {
  movers.push([el, {kind: 'marquee', animation: true}]);
}
for (const el of document.querySelectorAll('video[autoplay]')) {
  if (!rendered(el) || el.controls) continue;
  const short = Number.isFinite(el.duration) && el.duration <= 5 && !el.loop;
  if (!short) movers.push([el, {kind: 'video'}]);
}
// A control belongs to the moving content nearest to it in the tree (a pause button beside
// one ticker is not that of another further off), and not to a slide's content (a slide's
// "专题片播放" plays a film elsewhere, it does not pause the carousel).
const depth = (n) => { let d = 0; for (; n; n = n.parentElement) d += 1; return d; };
const shared = (a, b) => {
  for (let n = a; n; n = n.parentElement) if (n.contains(b)) return depth(n);
  return 0;
};
const ownControl = (c, el) => !c.closest(SLIDE) &&
  movers.every(([m]) => shared(c, el) >= shared(c, m));
const controlFor = (el) => {
  for (const scope of [el, el.parentElement]) {
    if (!scope) continue;
    for (const c of scope.querySelectorAll('button, [role=button], a, input[type=button]')) {
      if (!ownControl(c, el)) continue;
      const name = [c.textContent, c.getAttribute('aria-label'), c.getAttribute('title'),
        c.getAttribute('value')].join(' ');
      if (PAUSE.test(name)) return describe(c);
    }
  }
  return null;
};
// A ticker's text moves inside a box that shows part of it: that box's parent is its "beside".
const home = (el, facts) => (facts.animation && el.parentElement ? el.parentElement : el);
const items = movers.map(([el, facts]) => ({...describe(el), ...facts,
  control: controlFor(home(el, facts))}));
return {items: items.slice(0, 20)};
