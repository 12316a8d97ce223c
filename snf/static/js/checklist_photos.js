// Photos of a checklist's requirements: kept on the tablet with the
// client_id chosen when taken, shown at once, uploaded by the send queue of
// offline.js (retried until a 201 JSON answer), then shown from the server.
(function () {
  "use strict";

  // where: {inspection, api, page, label} of the send-queue items.
  function create(form, t, where) {
    const O = window.SNFOffline;

    // The photo is kept on the tablet with the client_id chosen now, shown at
    // once, and uploaded by the send queue (retried until a 201 JSON answer).
    function uploadPhoto(input) {
      const file = input.files[0];
      if (!file) return;
      const req = input.dataset.req;
      const clientId = (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random())
        .replace(/[^A-Za-z0-9_-]/g, "");
      O.outbox.add(Object.assign({
        type: "photo", requirement: req, clientId: clientId, blob: file, contentType: file.type || "image/jpeg",
      }, where)).then(function () {
        showThumb(req, URL.createObjectURL(file), clientId);
        return O.process();
      }).catch(function (error) { window.alert(t.photo_failed + " " + error.message); })
        .finally(function () { input.value = ""; });
    }

    function showThumb(req, src, clientId) {
      const img = document.createElement("img");
      img.src = src; img.width = 96; img.alt = t.photo + " " + req;
      img.className = "queued"; img.dataset.clientId = clientId; img.title = t.unsaved;
      form.querySelector('.thumbs[data-req="' + CSS.escape(req) + '"]').append(img);
    }

    function photoSent(clientId, url) {
      const img = form.querySelector('img[data-client-id="' + CSS.escape(clientId) + '"]');
      if (!img) return;
      if (url) img.src = url;
      img.classList.remove("queued");
      img.removeAttribute("title");
    }

    function photoFailed(item) {
      const img = form.querySelector('img[data-client-id="' + CSS.escape(item.clientId) + '"]');
      if (img) { img.classList.add("refused"); img.title = t.photo_failed + " " + (item.error || ""); }
    }

    return { upload: uploadPhoto, showThumb: showThumb, sent: photoSent, failed: photoFailed };
  }

  window.SNFChecklistPhotos = { create: create };
})();
