// Enhancements only: every form works without this script.
// 1. Section forms save each item as it is entered (a small POST per change) and show the
//    section's progress and which items apply; a change made on an old version that clashes
//    with a newer answer is refused by the server and kept, with both values shown.
// 2. Without a network, answers and photos wait in the outbox (queue.js) and are sent in
//    order when it returns; the bar under the header says what is waiting. A service worker
//    (sw.js) keeps the pages of the inspections opened, so they open offline too.
// 3. Photos are made smaller on the phone (photos.js) and sent with visible progress.
// 4. The facility form offers the device's location (Geolocation API), when allowed.
// 5. An error summary takes the focus so it is read out first.
(function () {
  "use strict";

  var body = document.body;
  var user = body.getAttribute("data-user");
  var statusBox = document.querySelector("[data-queue-status]");
  var flushing = false;
  var flushAgain = false;  // asked for while a flush was in flight (the network came back)

  function token() {
    var field = document.querySelector("input[name=csrf_token]");
    return field ? field.value : "";
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, name) { return values[name]; });
  }

  // -- the outbox -----------------------------------------------------------------------

  function say(text) {
    if (statusBox) {
      statusBox.textContent = text;
      statusBox.classList.toggle("showing", !!text);
    }
  }

  function showWaiting() {
    if (!user || !window.FieldQueue) { return Promise.resolve([]); }
    return FieldQueue.all(user).then(function (entries) {
      var answers = 0, photos = 0, refused = [];
      entries.forEach(function (entry) {
        if (entry.refused) { refused.push(entry.label + ": " + entry.refused); }
        else if (entry.kind === "photo") { photos += 1; }
        else { answers += 1; }
      });
      var parts = [];
      if (!navigator.onLine) { parts.push(body.getAttribute("data-offline")); }
      if (answers || photos) {
        parts.push(fill(body.getAttribute("data-waiting"), { answers: answers, photos: photos }));
      }
      say(parts.concat(refused).join(" "));
      return entries;
    });
  }

  function flush() {
    if (flushing) { flushAgain = true; }
    if (!user || !window.FieldQueue || flushing || !navigator.onLine) { return Promise.resolve(); }
    flushing = true;
    flushAgain = false;
    var sent = 0, stopped = null;
    return FieldQueue.all(user).then(function (entries) {
      if (!entries.some(function (entry) { return !entry.refused; })) { return null; }
      say(body.getAttribute("data-sending"));
      return FieldQueue.flush(user, token(), function (event, detail) {
        if (event === "sent" || event === "kept") { sent += 1; markSent(detail); }
        if (event === "login" || event === "offline") { stopped = event; }
      });
    }).then(function () {
      flushing = false;
      return showWaiting().then(function (left) {
        if (stopped === "login") { say(body.getAttribute("data-login")); }
        else if (sent && !left.length) { say(body.getAttribute("data-sent")); }
        var more = left.some(function (entry) { return !entry.refused; });
        return flushAgain && more && stopped !== "login" ? flush() : null;
      });
    }, function () { flushing = false; });
  }

  function markSent(entry) {
    var form = document.querySelector("form[data-autosave]");
    if (!form || !entry || !entry.item) { return; }
    var fieldset = form.querySelector("[data-item='" + entry.item + "']");
    var flag = fieldset && fieldset.querySelector("[data-saved-flag]");
    if (flag) { flag.textContent = ""; }
  }

  function fieldsOf(fieldset) {
    var pairs = [];
    fieldset.querySelectorAll("input, select, textarea").forEach(function (el) {
      if (el.type === "file" || !el.name) { return; }
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) { return; }
      pairs.push([el.name, el.value]);
    });
    return pairs;
  }

  function labelOf(fieldset) {
    var prompt = fieldset.querySelector(".prompt");
    return prompt ? prompt.textContent.trim() : fieldset.getAttribute("data-item");
  }

  // Entries made offline and not yet sent, shown in the form they came from (a kept copy of
  // the page has the values of when it was kept).
  function showQueued(form, entries) {
    var inspection = form.getAttribute("data-inspection");
    entries.forEach(function (entry) {
      if (entry.inspection !== inspection || entry.kind === "photo") { return; }
      entry.fields.forEach(function (pair) { setField(form, pair[0], pair[1]); });
      (entry.items || []).forEach(function (item) {
        var flag = form.querySelector("[data-item='" + item + "'] [data-saved-flag]");
        if (flag) { flag.textContent = form.getAttribute("data-queued"); }
      });
    });
  }

  function setField(form, name, value) {
    if (/^(ver-|csrf_token|go$|offline-)/.test(name)) { return; }
    var fields = form.querySelectorAll("[name='" + name.replace(/'/g, "") + "']");
    fields.forEach(function (el) {
      if (el.type === "radio" || el.type === "checkbox") { el.checked = el.value === value; }
      else { el.value = value; }
    });
  }

  // -- saving as entered ----------------------------------------------------------------

  function showError(fieldset, message, prefix) {
    var id = (prefix || "v-") + fieldset.getAttribute("data-item");
    var error = document.getElementById(id + "-error");
    var input = document.getElementById(id);
    if (!error || !input) { return; }
    var ids = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    if (message) {
      error.textContent = message;
      error.hidden = false;
      input.setAttribute("aria-invalid", "true");
      if (ids.indexOf(error.id) < 0) { ids.push(error.id); }
    } else {
      error.hidden = true;
      error.textContent = "";
      input.removeAttribute("aria-invalid");
      ids = ids.filter(function (x) { return x !== error.id; });
    }
    if (ids.length) { input.setAttribute("aria-describedby", ids.join(" ")); }
    else { input.removeAttribute("aria-describedby"); }
  }

  function showProgress(result) {
    var text = document.querySelector("[data-progress]");
    var bar = document.querySelector("[data-progress-bar]");
    if (result.progress && text) { text.textContent = result.progress.text; }
    if (result.progress && bar) {
      bar.max = result.progress.applicable || 1;
      bar.value = result.progress.answered;
    }
    Object.keys(result.applies || {}).forEach(function (item) {
      var hint = document.querySelector("[data-item='" + item + "'] [data-applies-hint]");
      if (hint) { hint.hidden = result.applies[item]; }
    });
  }

  // note: what the item's flag says (by default: kept while offline)
  function queueAnswer(form, fieldset, pairs, note) {
    var item = fieldset.getAttribute("data-item");
    var inspection = form.getAttribute("data-inspection");
    return FieldQueue.put({
      key: "answer:" + inspection + ":" + item, user: user, kind: "answer",
      url: form.getAttribute("data-autosave"), label: labelOf(fieldset), item: item,
      inspection: inspection, items: [item], fields: pairs.concat([["item", item]]), files: []
    }).then(function () {
      var flag = fieldset.querySelector("[data-saved-flag]");
      if (flag) { flag.textContent = note || form.getAttribute("data-queued"); }
      return showWaiting();
    });
  }

  // The login ended before the answer was saved: it waits on the phone for the next login.
  function keepForLogin(form, fieldset, pairs) {
    var ended = body.getAttribute("data-login");
    return queueAnswer(form, fieldset, pairs, ended).then(function () { loginSaid(ended); });
  }

  function loginSaid(ended) {
    var live = document.querySelector("[data-live]");
    say(ended);
    if (live) { live.textContent = ended; }
  }

  function saveItem(form, fieldset) {
    var pairs = fieldsOf(fieldset);
    var live = document.querySelector("[data-live]");
    var flag = fieldset.querySelector("[data-saved-flag]");
    var item = fieldset.getAttribute("data-item");
    return FieldQueue.all(user).then(function (waiting) {
      if (!navigator.onLine || waiting.some(function (e) { return !e.refused; })) {
        return queueAnswer(form, fieldset, pairs).then(flush);  // keep the order
      }
      var data = new FormData();
      pairs.forEach(function (pair) { data.append(pair[0], pair[1]); });
      data.append("item", item);
      data.append("csrf_token", token());
      return fetch(form.getAttribute("data-autosave"), {
        method: "POST", body: data, credentials: "same-origin",
        headers: { "X-CSRFToken": token(), "Accept": "application/json" }
      }).then(function (response) {
        if (FieldQueue.loginEnded(response.status, response.headers.get("Content-Type"))) {
          return keepForLogin(form, fieldset, pairs);
        }
        return response.json().then(function (result) {
          var version = fieldset.querySelector("[data-version]");
          if (version && result.version !== undefined && response.status !== 409) {
            version.value = result.version;
          }
          showError(fieldset, result.saved ? "" : result.message);
          if (response.status === 409) { offerChoice(form, fieldset); }
          showProgress(result);
          if (flag) { flag.textContent = result.saved ? result.message : ""; }
          if (live) { live.textContent = result.message; }
        });
      }, function () {
        return queueAnswer(form, fieldset, pairs);
      });
    });
  }

  // The server kept the entry aside; the page, loaded again, lets the author choose.
  function offerChoice(form, fieldset) {
    if (fieldset.querySelector("[data-choose]")) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.setAttribute("data-choose", "");
    button.textContent = form.getAttribute("data-choose");
    button.addEventListener("click", function () {
      location.hash = "item-" + fieldset.getAttribute("data-item");
      location.reload();
    });
    var error = fieldset.querySelector(".error");
    error.parentNode.insertBefore(button, error.nextSibling);
  }

  // -- photos -----------------------------------------------------------------------------

  function addThumbs(fieldset, photos) {
    var list = fieldset.querySelector("[data-thumbs]");
    if (!list || !photos.length) { return; }
    photos.forEach(function (photo) {
      var img = document.createElement("img");
      img.src = photo.url;
      img.alt = photo.alt;
      img.width = 96;
      img.height = 96;
      var entry = document.createElement("li");
      entry.appendChild(img);
      list.appendChild(entry);
    });
    list.hidden = false;
  }

  function sendPhotos(form, input) {
    var fieldset = input.closest("[data-item]");
    var item = fieldset.getAttribute("data-item");
    var live = document.querySelector("[data-live]");
    var progress = fieldset.querySelector("[data-upload-progress]");
    var files = Array.prototype.slice.call(input.files);
    input.value = "";  // taken in hand here: not sent again with the form
    if (live) { live.textContent = form.getAttribute("data-uploading"); }
    return files.reduce(function (chain, file) {
      return chain.then(function () {
        return FieldPhotos.prepare(file).then(function (prepared) {
          return sendPhoto(form, fieldset, item, input.name, prepared, progress, live);
        });
      });
    }, Promise.resolve()).then(function () {
      if (progress) { progress.hidden = true; }
    });
  }

  function sendPhoto(form, fieldset, item, field, prepared, progress, live) {
    var pieces = FieldPhotos.parts(item, field, prepared);
    var keep = function (ended) {  // offline, or (ended: its words) the login ended
      return FieldQueue.put({
        key: "photo:" + Date.now() + ":" + Math.random().toString(36).slice(2),
        user: user, kind: "photo", url: form.getAttribute("data-photos"),
        label: labelOf(fieldset), item: item, inspection: form.getAttribute("data-inspection"),
        fields: pieces.fields, files: pieces.files
      }).then(function () {
        var message = ended || form.getAttribute("data-photo-queued");
        if (live) { live.textContent = message; }
        showError(fieldset, message, "photo-");
        return showWaiting();
      }).then(function () { if (ended) { loginSaid(ended); } });
    };
    if (!navigator.onLine) { return keep(); }
    return FieldPhotos.upload(form.getAttribute("data-photos"), token(), pieces, progress)
      .then(function (reply) {
        if (FieldQueue.loginEnded(reply.status, reply.type)) {
          return keep(body.getAttribute("data-login"));
        }
        var message = reply.json.message || form.getAttribute(
          reply.status === 413 ? "data-too-big" : "data-failed");
        addThumbs(fieldset, reply.json.photos || []);
        showError(fieldset, reply.json.saved ? "" : message, "photo-");
        if (live) { live.textContent = message; }
      }, function () { return keep(); });
  }

  // -- the section form -----------------------------------------------------------------

  function sectionForm(form) {
    form.addEventListener("change", function (event) {
      var fieldset = event.target.closest("[data-item]");
      if (!fieldset) { return; }
      if (event.target.type === "file") {
        if (event.target.files.length) { sendPhotos(form, event.target); }
        return;
      }
      saveItem(form, fieldset);
    });
    form.addEventListener("submit", function (event) {
      if (navigator.onLine || !window.FieldQueue) { return; }  // online: the server takes it
      event.preventDefault();
      var go = event.submitter && event.submitter.value === "next";
      var changed = Array.prototype.filter.call(form.querySelectorAll("[data-item]"), edited);
      changed.reduce(function (chain, fieldset) {
        return chain.then(function () { return queueAnswer(form, fieldset, fieldsOf(fieldset)); });
      }, Promise.resolve()).then(function () {
        location.href = go ? form.querySelector("[name=offline-next]").value : location.pathname;
      });
    });
    showWaiting().then(function (entries) { showQueued(form, entries); });
  }

  // Whether an item's fields differ from what the page was loaded with.
  function edited(fieldset) {
    return Array.prototype.some.call(fieldset.querySelectorAll("input, select, textarea"),
      function (el) {
        if (el.type === "file" || el.type === "hidden") { return false; }
        if (el.type === "radio" || el.type === "checkbox") { return el.checked !== el.defaultChecked; }
        if (el.tagName === "SELECT") {
          return Array.prototype.some.call(el.options, function (o) { return o.selected !== o.defaultSelected; });
        }
        return el.value !== el.defaultValue;
      });
  }

  function keepPages() {
    var list = document.querySelector("[data-keep]");
    if (!list || !navigator.serviceWorker) { return; }
    var urls = list.getAttribute("data-keep").split(" ").filter(Boolean);
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.active) { registration.active.postMessage({ type: "keep", urls: urls }); }
    });
  }

  function worker() {
    if (!("serviceWorker" in navigator) || !body.getAttribute("data-worker")) { return; }
    navigator.serviceWorker.register(body.getAttribute("data-worker"), { scope: "/" })
      .then(keepPages, function () { /* no worker (plain http): the app works online */ });
    var loggedOut = !user && navigator.onLine && location.pathname === "/login";
    if (loggedOut && navigator.serviceWorker.controller) {  // nobody's pages are kept
      navigator.serviceWorker.controller.postMessage({ type: "forget" });
    }
    document.querySelectorAll("form[data-logout]").forEach(function (form) {
      form.addEventListener("submit", function () {
        if (navigator.serviceWorker.controller) {
          navigator.serviceWorker.controller.postMessage({ type: "forget" });
        }
      });
    });
  }

  // -- the device's location ------------------------------------------------------------

  function geolocation(box) {
    if (!("geolocation" in navigator)) { return; }
    box.hidden = false;
    var status = box.querySelector("[data-geo-status]");
    box.querySelector("[data-geo-button]").addEventListener("click", function () {
      status.textContent = box.getAttribute("data-wait");
      navigator.geolocation.getCurrentPosition(function (position) {
        document.getElementById("lat").value = position.coords.latitude.toFixed(6);
        document.getElementById("lon").value = position.coords.longitude.toFixed(6);
        status.textContent = box.getAttribute("data-done");
      }, function () {
        status.textContent = box.getAttribute("data-fail");
      }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    worker();
    document.querySelectorAll("form[data-autosave]").forEach(sectionForm);
    document.querySelectorAll("[data-geo]").forEach(geolocation);
    window.addEventListener("online", flush);
    window.addEventListener("offline", showWaiting);
    showWaiting().then(flush);
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }
  });
})();
