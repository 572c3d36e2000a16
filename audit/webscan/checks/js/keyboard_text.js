// Keyboard walk, a trap found: the texts that may tell users how to leave it, nearest first
// (names, titles and descriptions of the stops of the cycle, then the page's visible text).
const K = window.__a11yKeys;
const texts = [];
for (const el of (arg.cycle || []).map((id) => K.els[id]).filter(Boolean)) {
  for (const attr of ['aria-label', 'title', 'placeholder']) {
    if (el.getAttribute(attr)) texts.push(el.getAttribute(attr));
  }
  for (const id of (el.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean)) {
    const described = document.getElementById(id);
    if (described) texts.push(described.textContent);
  }
}
texts.push(((document.body && document.body.innerText) || '').slice(0, arg.max_chars));
return texts.map((text) => text.trim()).filter(Boolean);
