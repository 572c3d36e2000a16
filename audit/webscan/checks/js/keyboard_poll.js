// Keyboard walk: the keys logged since the last poll, as [element id or null, key], and
// what has focus now.
const K = window.__a11yKeys;
const log = K.log.slice(K.sent);
K.sent = K.log.length;
return {log, active: K.idOf(K.deepActive()),
  frames: K.info.map((info, id) => (info.frame ? id : -1)).filter((id) => id >= 0)};
