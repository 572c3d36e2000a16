// Accessibility entries of a page: links and controls leading to an accessibility statement,
// an accessibility toolbar (无障碍), an elderly mode (适老化 / 关怀版) or an accessibility
// feedback route. arg = {kinds: {kind: [lower-case words]}, max_width, limit}: a label wider
// than max_width (a CJK character counts 2) is a headline, not an entry. Hidden ones count too
// (menus fold them away); whether each is shown is recorded (checkVisibility: a closed
// <details> hides its content without display:none).
const CONTROLS = 'a[href], area[href], button, input[type=button], input[type=image], ' +
  '[role=button], [role=link], [onclick]';
const label = (el) => [el.textContent, el.getAttribute('aria-label'), el.getAttribute('title'),
  el.getAttribute('alt'), el.getAttribute('value'),
  ...[...el.querySelectorAll('img[alt]')].map((img) => img.getAttribute('alt'))]
  .filter(Boolean).join(' ').replace(/\s+/g, ' ').trim();
const width = (text) => [...text].reduce(
  (sum, ch) => sum + (/[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/.test(ch) ? 2 : 1), 0);
const kindOf = (text) => {
  const lower = text.toLowerCase();
  for (const [kind, words] of Object.entries(arg.kinds)) {
    if (words.some((word) => lower.includes(word))) return kind;
  }
  return null;
};
const found = [];
for (const el of allElements()) {
  if (found.length >= arg.limit) break;
  if (!el.matches(CONTROLS)) continue;
  const text = label(el);
  if (!text || width(text) > arg.max_width) continue;
  const kind = kindOf(text);
  if (kind) {
    found.push({...describe(el), kind, text: text.slice(0, 80),
      href: el.getAttribute('href'),
      shown: rendered(el) && el.checkVisibility({visibilityProperty: true})});
  }
}
return {entries: found};
