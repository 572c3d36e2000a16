// Photos made smaller on the phone before they are sent, with visible upload progress.
//
// A large JPEG, PNG or WebP photo is redrawn at most LONGEST pixels on its longer side as a
// JPEG. The original is not sent, so its SHA-256 and size go with the copy, and so do its first
// bytes (HEAD), where the camera wrote the time and place (EXIF): the server records the copy
// as made from that original. A photo that is small already, or that this browser cannot draw
// (HEIC), or a page without the Web Crypto API (plain http on a LAN) sends the original.
(function (scope) {
  "use strict";

  var LONGEST = 2560, QUALITY = 0.85, SMALL = 1.5 * 1024 * 1024, HEAD = 256 * 1024;
  var DRAWABLE = /^image\/(jpeg|png|webp)$/;

  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  function shrink(file) {
    return createImageBitmap(file, { imageOrientation: "from-image" }).then(function (bitmap) {
      var scale = Math.min(1, LONGEST / Math.max(bitmap.width, bitmap.height));
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      bitmap.close();
      return new Promise(function (resolve) { canvas.toBlob(resolve, "image/jpeg", QUALITY); });
    });
  }

  // {blob, name, original: {sha256, size, head} | null}
  function prepare(file) {
    var asIs = { blob: file, name: file.name, original: null };
    var subtle = scope.crypto && scope.crypto.subtle;
    if (!subtle || !DRAWABLE.test(file.type) || file.size <= SMALL || !scope.createImageBitmap) {
      return Promise.resolve(asIs);
    }
    return Promise.all([file.arrayBuffer().then(function (bytes) {
      return subtle.digest("SHA-256", bytes);
    }), shrink(file)]).then(function (done) {
      var copy = done[1];
      if (!copy || copy.size >= file.size) { return asIs; }
      var name = file.name.replace(/\.[^.]*$/, "") + ".jpg";
      return { blob: copy, name: name,
               original: { sha256: hex(done[0]), size: file.size, head: file.slice(0, HEAD) } };
    }, function () { return asIs; });
  }

  // The fields and files of one photo's upload, as FormData pairs (kept in the outbox too).
  function parts(item, field, prepared) {
    var fields = [["item", item]], files = [[field, prepared.blob, prepared.name]];
    if (prepared.original) {
      fields.push(["original-sha256", prepared.original.sha256]);
      fields.push(["original-size", String(prepared.original.size)]);
      files.push(["original-head", prepared.original.head, "head"]);
    }
    return { fields: fields, files: files };
  }

  // POST with progress; resolves {status, json, type} or rejects when the network fails.
  function upload(url, token, pieces, progress) {
    return new Promise(function (resolve, reject) {
      var data = new FormData();
      pieces.fields.forEach(function (pair) { data.append(pair[0], pair[1]); });
      pieces.files.forEach(function (file) { data.append(file[0], file[1], file[2]); });
      data.append("csrf_token", token);
      var request = new XMLHttpRequest();
      request.open("POST", url);
      request.setRequestHeader("X-CSRFToken", token);
      request.setRequestHeader("Accept", "application/json");
      request.upload.onprogress = function (event) {
        if (progress && event.lengthComputable) {
          progress.hidden = false;
          progress.value = Math.round(100 * event.loaded / event.total);
        }
      };
      request.onload = function () {
        var json = {};
        try { json = JSON.parse(request.responseText); } catch (err) { json = {}; }
        resolve({ status: request.status, json: json,
                  type: request.getResponseHeader("Content-Type") });
      };
      request.onerror = function () { reject(new Error("network")); };
      request.send(data);
    });
  }

  scope.FieldPhotos = { prepare: prepare, parts: parts, upload: upload };
})(window);
