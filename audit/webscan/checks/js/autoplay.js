// Moving content (WCAG 2.2.2): carousels, marquees and autoplaying videos, and whether a
// pause or stop control sits with them.
const CAROUSEL = '[aria-roledescription~="carousel" i], .carousel, .swiper, .swiper-container, ' +
  '.slick-slider, .owl-carousel, .flexslider, .splide, .glide, .slideshow, .slider, ' +
  '[data-ride=carousel], [data-bs-ride=carousel]';
const SLIDE = '.slide, .swiper-slide, .slick-slide, .carousel-item, .item, ' +
  '[aria-roledescription~="slide" i]';
// Whole English words: "Display", "Stopover" name no control.
const PAUSE = /\b(?:pause|stop|play)\b|暂停|停止|播放/i;
// A control of the moving content itself: not a link inside one of its slides (a slide's
// "专题片播放" plays a film elsewhere, it does not pause the carousel), nor the control of
// another carousel beside it.
const ownControl = (c, el) => {
  const mover = c.closest(CAROUSEL + ', marquee');
  return !c.closest(SLIDE) && (!mover || el.contains(mover));
};
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
const items = [];
for (const el of outermost([...document.querySelectorAll(CAROUSEL)])) {
  const slides = el.querySelectorAll(SLIDE).length;
  if (slides >= 2 && rendered(el)) {
    items.push({...describe(el), kind: 'carousel', slides, control: controlFor(el)});
  }
}
for (const el of document.querySelectorAll('marquee')) {
  if (rendered(el)) items.push({...describe(el), kind: 'marquee', control: controlFor(el)});
}
for (const el of document.querySelectorAll('video[autoplay]')) {
  if (!rendered(el) || el.controls) continue;
  const short = Number.isFinite(el.duration) && el.duration <= 5 && !el.loop;
  if (!short) items.push({...describe(el), kind: 'video', control: controlFor(el)});
}
return {items: items.slice(0, 20)};
