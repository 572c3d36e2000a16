// Enhancements only: every form works without this script.
// 1. Section forms save each item as it is entered (a small POST per change).
// 2. The facility form offers the device's location (Geolocation API), when allowed.
// 3. An error summary takes the focus so it is read out first.
(function () {
  "use strict";

  function itemFields(fieldset) {
    var data = new FormData();
    fieldset.querySelectorAll("input, select, textarea").forEach(function (el) {
      if (el.type === "file" || !el.name) { return; }
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) { return; }
      data.append(el.name, el.value);
    });
    return data;
  }

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

  function addThumbs(fieldset, photos) {
    var list = fieldset.querySelector("[data-thumbs]");
    if (!list || !photos.length) { return; }
    photos.forEach(function (photo) {
      var img = document.createElement("img");
      img.src = photo.url;
      img.alt = photo.alt;
      img.width = 96;
      img.height = 96;
      var item = document.createElement("li");
      item.appendChild(img);
      list.appendChild(item);
    });
    list.hidden = false;
  }

  function uploadPhotos(form, input, token, live) {
    var fieldset = input.closest("[data-item]");
    var data = new FormData();
    Array.prototype.forEach.call(input.files, function (file) { data.append(input.name, file); });
    data.append("item", fieldset.getAttribute("data-item"));
    data.append("csrf_token", token);
    if (live) { live.textContent = form.getAttribute("data-saving"); }
    fetch(form.getAttribute("data-photos"), {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "X-CSRFToken": token, "Accept": "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (result) {
        addThumbs(fieldset, result.photos || []);
        showError(fieldset, result.saved ? "" : result.message, "photo-");
        input.value = "";  // stored: not sent again with the form
        if (live) { live.textContent = result.message; }
      })
      .catch(function () {
        // left in the input: the Save button sends it with the form
        if (live) { live.textContent = form.getAttribute("data-failed"); }
      });
  }

  function autosave(form) {
    var url = form.getAttribute("data-autosave");
    var token = form.querySelector("input[name=csrf_token]").value;
    var live = document.querySelector("[data-live]");
    form.addEventListener("change", function (event) {
      var fieldset = event.target.closest("[data-item]");
      if (event.target.type === "file" && fieldset && event.target.files.length) {
        uploadPhotos(form, event.target, token, live);
        return;
      }
      if (!fieldset || event.target.type === "file") { return; }
      var data = itemFields(fieldset);
      data.append("item", fieldset.getAttribute("data-item"));
      data.append("csrf_token", token);
      var flag = fieldset.querySelector("[data-saved-flag]");
      fetch(url, { method: "POST", body: data, credentials: "same-origin",
                   headers: { "X-CSRFToken": token, "Accept": "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (result) {
          showError(fieldset, result.saved ? "" : result.message);
          if (flag) { flag.textContent = result.saved ? result.message : ""; }
          if (live) { live.textContent = result.message; }
        })
        .catch(function () {
          if (live) { live.textContent = form.getAttribute("data-failed"); }
        });
    });
  }

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
    document.querySelectorAll("form[data-autosave]").forEach(autosave);
    document.querySelectorAll("[data-geo]").forEach(geolocation);
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }
  });
})();
