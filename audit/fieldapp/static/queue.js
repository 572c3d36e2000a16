// What waits to be sent: answers, section forms and photos entered without a network, kept in
// the browser (IndexedDB) until the server has them. Used by the pages (app.js) and by the
// service worker (sw.js), so it only uses what both have.
//
// An entry: {key, user, kind: "answer" | "form" | "photo", url, label, fields: [[name, value]],
//            files: [[name, Blob, filename]], seq, refused}
// One entry per answer of an item ("answer:<inspection>:<item>") or per section form: a newer
// entry replaces the older one and goes to the end of the line (its base version is kept, so
// the server still sees a change made on that version). Photos are one entry each. Entries are
// sent one at a time in the order they were made; one is removed only once the server has
// answered it, so nothing is sent twice and nothing is lost when the network drops mid-way.
(function (scope) {
  "use strict";

  var NAME = "a11y-field", STORE = "outbox", VERSION = 1;
  var counter = 0;

  function open() {
    return new Promise(function (resolve, reject) {
      var request = scope.indexedDB.open(NAME, VERSION);
      request.onupgradeneeded = function () {
        var store = request.result.createObjectStore(STORE, { keyPath: "key" });
        store.createIndex("seq", "seq");
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function run(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var result = work(tx.objectStore(STORE));
        tx.oncomplete = function () { db.close(); resolve(result && result.value); };
        tx.onerror = function () { db.close(); reject(tx.error); };
      });
    });
  }

  function put(entry) {
    return run("readwrite", function (store) {
      var found = store.get(entry.key);
      found.onsuccess = function () {
        var old = found.result;
        if (old && entry.kind !== "photo") {
          // keep the version the first change was made on: the server merges from there
          entry.fields = keepVersions(entry.fields, old.fields);
        }
        var same = old && JSON.stringify(old.fields) === JSON.stringify(entry.fields);
        entry.seq = same ? old.seq : Date.now() * 1000 + (counter++ % 1000);
        entry.refused = null;
        store.put(entry);
      };
    });
  }

  function keepVersions(fields, older) {
    var base = {};
    older.forEach(function (pair) { if (pair[0].indexOf("ver-") === 0) { base[pair[0]] = pair[1]; } });
    return fields.map(function (pair) {
      return base.hasOwnProperty(pair[0]) ? [pair[0], base[pair[0]]] : pair;
    });
  }

  function all(user) {
    var box = { value: [] };
    return run("readonly", function (store) {
      var cursor = store.index("seq").openCursor();
      cursor.onsuccess = function () {
        var at = cursor.result;
        if (!at) { return; }
        if (at.value.user === user) { box.value.push(at.value); }
        at.continue();
      };
      return box;
    });
  }

  function remove(key) {
    return run("readwrite", function (store) { store.delete(key); });
  }

  function mark(entry, message) {
    entry.refused = message;
    return run("readwrite", function (store) { store.put(entry); });
  }

  function body(entry, token) {
    var data = new FormData();
    entry.fields.forEach(function (pair) {
      if (pair[0] !== "csrf_token") { data.append(pair[0], pair[1]); }
    });
    (entry.files || []).forEach(function (file) { data.append(file[0], file[1], file[2]); });
    data.append("csrf_token", token);
    return data;
  }

  // Send the user's entries in order; stop at the first that cannot reach the server.
  // report(event, detail) hears "sent", "kept" (the server kept it aside: invalid or in
  // conflict), "refused" (it will not take it; the entry stays, marked), "login", "offline".
  function flush(user, token, report) {
    return all(user).then(function (entries) {
      var waiting = entries.filter(function (entry) { return !entry.refused; });
      return waiting.reduce(function (chain, entry) {
        return chain.then(function (go) { return go ? send(entry, token, report) : false; });
      }, Promise.resolve(true));
    });
  }

  function send(entry, token, report) {
    return fetch(entry.url, {
      method: "POST", body: body(entry, token), credentials: "same-origin",
      headers: { "X-CSRFToken": token, "Accept": "application/json" }, redirect: "follow"
    }).then(function (response) {
      if (loginEnded(response.status, response.headers.get("Content-Type"))) {
        report("login", entry);
        return false;
      }
      if (response.status === 403 || response.status === 404 || response.status === 413) {
        return response.text().then(function (text) {
          var message = readMessage(text) || response.statusText;
          report("refused", { entry: entry, message: message });
          return mark(entry, message).then(function () { return true; });
        });
      }
      if (response.status >= 500) { report("offline", entry); return false; }
      return remove(entry.key).then(function () {
        report(response.ok ? "sent" : "kept", entry);
        return true;
      });
    }, function () {
      report("offline", entry);
      return false;
    });
  }

  // Whether a save was refused because its login ended: the server says so (401), or the
  // page's token went with the browser's cookie (the CSRF check's 400: a page, not JSON).
  function loginEnded(status, type) {
    return status === 401 || (status === 400 && !/json/.test(type || ""));
  }

  function readMessage(text) {
    try { return JSON.parse(text).message; } catch (err) { return null; }
  }

  scope.FieldQueue = { put: put, all: all, remove: remove, flush: flush, loginEnded: loginEnded };
})(typeof self !== "undefined" ? self : this);
