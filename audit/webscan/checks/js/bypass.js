// Bypass blocks (WCAG 2.4.1): a skip link among the first stops of the tab order, whether its
// target exists and is shown, and whether the page has a main landmark and headings.
const tabbable = allElements().filter((el) => el.matches(TABBABLE) && rendered(el));
const skipLinks = tabbable.slice(0, 5).filter((el) => el.localName === 'a' &&
  /^#[^#]+/.test(el.getAttribute('href') || ''));
const targetOf = (href) => {
  let id = href.slice(1);
  try { id = decodeURIComponent(id); } catch (e) {}
  return document.getElementById(id) || document.getElementsByName(id)[0] || null;
};
const main = document.querySelector('main, [role=main]');
return {
  tabbable: tabbable.length,
  skip_links: skipLinks.map((el) => {
    const target = targetOf(el.getAttribute('href'));
    return {...describe(el), href: el.getAttribute('href'), text: el.textContent.trim().slice(0, 60),
      target: target ? describe(target) : null, target_shown: !!target && rendered(target)};
  }),
  main: main && rendered(main) ? describe(main) : null,
  headings: document.querySelectorAll('h1, h2, h3, h4, h5, h6, [role=heading]').length,
};
