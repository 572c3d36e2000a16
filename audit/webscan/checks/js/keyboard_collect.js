// Keyboard walk, end: every element focus reached, with its looks; the cycle's container.
const K = window.__a11yKeys;
const ids = arg.cycle || [];
let container = null;
let dialog = false;
if (ids.length) {
  const els = ids.map((id) => K.els[id]);
  container = els[0];
  while (container && !els.every((el) => container.contains(el))) {
    container = container.parentElement;
  }
  const modal = '[role=dialog], [role=alertdialog], dialog, [aria-modal=true]';
  dialog = els.every((el) => el.closest && el.closest(modal));
}
return {
  elements: K.els.map((el, id) => ({...describe(el), ...K.info[id], tag: el.localName})),
  cycle_container: container ? describe(container) : null,
  cycle_in_dialog: dialog,
};
