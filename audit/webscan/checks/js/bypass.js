// Bypass blocks (WCAG 2.4.1): the skip-link candidates (an in-page link that is the first stop
// of the tab order, or an in-page link whose text says it skips), whether each one's target
// exists and is shown; the other in-page links whose target is missing; whether the
// page has a main landmark and headings.
const tabbable = allElements().filter((el) => el.matches(TABBABLE) && rendered(el));
const SKIP_WORDS = new RegExp(arg.skip_words, 'i');
const inPage = (el) => el.localName === 'a' && /^#(?![!/])[^#]+/.test(el.getAttribute('href') || '');
const label = (el) => (el.getAttribute('aria-label') || el.textContent || '').trim().slice(0, 60);
const targetOf = (href) => {
  let id = href.slice(1);
  try { id = decodeURIComponent(id); } catch (e) {}
  if (id.toLowerCase() === 'top') return document.documentElement;  // HTML: #top is the top
  return document.getElementById(id) || document.getElementsByName(id)[0] || null;
};
// An empty anchor (<a id="content"></a>) is a fine target: it has no size but is not hidden.
const shownTarget = (el) => (el.checkVisibility
  ? el.checkVisibility({visibilityProperty: true}) : rendered(el));
const links = tabbable.filter(inPage);
const candidate = (el) => el === tabbable[0] || SKIP_WORDS.test(label(el));
const report = (el) => {
  const target = targetOf(el.getAttribute('href'));
  return {...describe(el), href: el.getAttribute('href'), text: label(el),
    target: target ? describe(target) : null, target_shown: !!target && shownTarget(target)};
};
// A link a script handles (a tab, a disclosure) may name a target it builds or never needs.
const scripted = (el) => el.matches('[role=tab], [aria-controls], [aria-expanded], [onclick]');
const main = document.querySelector('main, [role=main]');
return {
  tabbable: tabbable.length,
  skip_links: links.filter(candidate).map(report),
  broken_links: links.filter((el) => !candidate(el) && !scripted(el)).map(report)
    .filter((link) => link.target === null).slice(0, arg.max_broken),
  main: main && rendered(main) ? describe(main) : null,
  headings: document.querySelectorAll('h1, h2, h3, h4, h5, h6, [role=heading]').length,
};
