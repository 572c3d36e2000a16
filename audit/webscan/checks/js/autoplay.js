// Moving content (WCAG 2.2.2): carousels, marquees and autoplaying videos, and whether a
// pause or stop control sits with them.
const CAROUSEL = '[aria-roledescription~="carousel" i], .carousel, .swiper, .swiper-container, ' +
  '.slick-slider, .owl-carousel, .flexslider, .splide, .glide, .slideshow, .slider, ' +
  '[data-ride=carousel], [data-bs-ride=carousel]';
const SLIDE = '.slide, .swiper-slide, .slick-slide, .carousel-item, .item, ' +
  '[aria-roledescription~="slide" i]';
const PAUSE = /pause|stop|暂停|停止|播放|play/i;
const controlFor = (el) => {
  for (const scope of [el, el.parentElement]) {
    if (!scope) continue;
    for (const c of scope.querySelectorAll('button, [role=button], a, input[type=button]')) {
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
