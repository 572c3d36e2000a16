// Remember which elements clip or spill their text now, before the page is changed.
window.__a11yClip = clipState(allElements());
return window.__a11yClip.size;
