// Label in name (WCAG 2.5.3): the visible text and the ARIA-given name of every control whose
// name can come from its content and that has aria-label or aria-labelledby.
const ROLES = new Set(arg.roles);
const IMPLICIT = 'a[href], button, input[type=button], input[type=submit], input[type=reset], summary';
const roleOf = (el) => {
  const explicit = (el.getAttribute('role') || '').trim().split(/\s+/)[0];
  if (explicit) return explicit;
  if (el.matches('a[href]')) return 'link';
  return el.matches(IMPLICIT) ? 'button' : null;
};
// The text a voice user reads off the control: without the parts hidden from assistive
// technology (an icon font's ligature "search", a "NEW" badge), unless that is all there is.
const visibleText = (el) => {
  if (el.localName === 'input') return el.value || '';
  const all = el.innerText || '';
  const told = [...el.querySelectorAll('[aria-hidden="true"]')]
    .reduce((text, part) => text.replace(part.innerText || '', ' '), all);
  return told.trim() ? told : all;
};
// The name ARIA gives (accname 1.2, steps 2B and 2C): aria-labelledby over aria-label.
const ariaName = (el) => {
  const ids = (el.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean);
  const parts = ids.map((id) => document.getElementById(id)).filter(Boolean)
    .map((ref) => ref.getAttribute('aria-label') || ref.textContent || '');
  const byRefs = parts.join(' ').trim();
  return byRefs || (el.getAttribute('aria-label') || '').trim();
};
const controls = [];
for (const el of allElements()) {
  if (controls.length >= arg.max_controls) break;
  if (!el.hasAttribute('aria-label') && !el.hasAttribute('aria-labelledby')) continue;
  const role = roleOf(el);
  if (!ROLES.has(role) || !rendered(el)) continue;
  const name = ariaName(el);
  const text = visibleText(el).trim();
  if (name && text) {
    controls.push({...describe(el), role, name: name.slice(0, 300), text: text.slice(0, 300)});
  }
}
return {controls};
