// The field app's service worker: keeps copies of the pages and files an inspector opened,
// so an inspection still opens in a dead spot, and keeps a section form sent without a
// network (the "Save" buttons) in the outbox (queue.js) instead of losing it.
//
// Pages: network first, the kept copy when the network fails (else the offline page).
// Files under /static/ and photos: the kept copy first. Nothing but GETs of this site is
// kept; a logout empties the copies (app.js asks for it).
"use strict";

importScripts("/static/queue.js");

var CACHE = "a11y-field-1";
var SHELL = ["/static/app.css", "/static/app.js", "/static/queue.js", "/static/photos.js",
             "/offline"];
var SECTION_FORM = /^\/inspections\/\d+\/sections\/\d+$/;

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.addAll(SHELL); })
    .then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) { return name !== CACHE; })
      .map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type === "keep") {
    event.waitUntil(keep(data.urls || []));
  } else if (data.type === "forget") {
    event.waitUntil(caches.delete(CACHE));
  }
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.method === "POST" && request.mode === "navigate" && SECTION_FORM.test(url.pathname)) {
    event.respondWith(sendOrKeep(request));
  } else if (request.method !== "GET" || url.pathname === "/sw.js") {
    return;
  } else if (url.pathname.indexOf("/static/") === 0 || url.pathname.indexOf("/photos/") === 0) {
    event.respondWith(keptFirst(request));
  } else {
    event.respondWith(networkFirst(request));
  }
});

function usable(response) {
  return response && response.ok && response.type === "basic" && !response.redirected;
}

function networkFirst(request) {
  return fetch(request).then(function (response) {
    if (usable(response)) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
    }
    return response;
  }, function () {
    return caches.match(request, { ignoreVary: true }).then(function (kept) {
      return kept || caches.match("/offline");
    });
  });
}

function keptFirst(request) {
  return caches.match(request).then(function (kept) {
    return kept || fetch(request).then(function (response) {
      if (usable(response)) {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    });
  });
}

function keep(urls) {
  return caches.open(CACHE).then(function (cache) {
    return Promise.all(urls.map(function (url) {
      return fetch(url, { credentials: "same-origin" }).then(function (response) {
        if (usable(response)) { return cache.put(url, response); }
      }, function () { /* offline: kept next time */ });
    }));
  });
}

// A section form that cannot reach the server, or that its login ended before it was saved,
// is kept in the outbox: offline, the inspector goes where the button said (the next section,
// or the same one), from the kept copies; logged out, the server's page says to log in again.
function sendOrKeep(request) {
  var copy = request.clone();
  return fetch(request).then(function (response) {
    if (!self.FieldQueue.loginEnded(response.status, response.headers.get("Content-Type"))) {
      return response;
    }
    return keepForm(copy).then(function () { return response; });
  }, function () {
    return keepForm(copy).then(function (form) {
      var path = new URL(request.url).pathname;
      var next = form.get("go") === "next" ? form.get("offline-next") : path;
      return Response.redirect(next || path, 303);
    });
  });
}

// Put a section form's fields and photos in the outbox; resolves with the form.
function keepForm(request) {
  return request.formData().then(function (form) {
    var fields = [], files = [], user = form.get("offline-user") || "";
    form.forEach(function (value, name) {
      if (typeof value === "string") { fields.push([name, value]); }
      else if (value.size) { files.push([name, value, value.name]); }
    });
    var url = new URL(request.url);
    var items = [];
    fields.forEach(function (pair) {
      var found = /^(?:v|u|na|note)-(.+)$/.exec(pair[0]);
      if (found && items.indexOf(found[1]) < 0) { items.push(found[1]); }
    });
    return self.FieldQueue.put({
      key: "form:" + url.pathname, user: user, kind: "form", url: url.pathname,
      label: form.get("offline-label") || url.pathname, fields: fields, files: files,
      inspection: url.pathname.split("/")[2], items: items
    }).then(function () { return form; });
  });
}
