// Language of the page and of its parts (WCAG 3.1.1, 3.1.2): the declared language, the page's
// visible text, and the blocks of text with the language they inherit from the nearest lang.
const BLOCKS = 'p, li, td, th, dd, dt, blockquote, figcaption, caption, h1, h2, h3, h4, h5, h6, ' +
  'label, legend, summary, pre';
const html = document.documentElement;
const langOf = (el) => {
  const owner = el.closest('[lang]');
  return owner ? owner.getAttribute('lang').trim() : '';
};
// A block's own text: a part inside it that carries its own lang attribute is marked already.
const unmarkedText = (el) => {
  const owner = el.closest('[lang]');
  if (!el.querySelector('[lang]')) return el.innerText || '';
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  let text = '';
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest('[lang]') === owner) text += node.textContent;
  }
  return text;
};
// A block of text: an element of BLOCKS holding no other; or, outside them, the outermost
// element holding text of its own (a CMS article written straight into a <div>, lines
// parted by <br>) that holds no BLOCKS element.
const LETTER = /\p{L}/u;
const loose = (el) => !el.matches(BLOCKS) && !el.closest(BLOCKS) && !el.querySelector(BLOCKS) &&
  [...el.childNodes].some((n) => n.nodeType === 3 && LETTER.test(n.textContent));
const elements = allElements();
const looseOnes = outermost(elements.filter((el) => el !== document.body && loose(el)));
const candidates = new Set([...elements.filter((el) => el.matches(BLOCKS)), ...looseOnes]);
const blocks = [];
for (const el of elements) {
  if (blocks.length >= arg.max_blocks) break;
  if (!candidates.has(el) || el.querySelector(BLOCKS) || !rendered(el)) continue;
  const text = unmarkedText(el).trim();
  if (text.length >= arg.min_chars) {
    blocks.push({...describe(el), text: text.slice(0, 400), lang: langOf(el)});
  }
}
return {
  declared: (html.getAttribute('lang') || '').trim(),
  text: ((document.body && document.body.innerText) || '').slice(0, arg.max_chars),
  blocks,
};
