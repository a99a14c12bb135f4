// sohoa web: progressive enhancements only — every page works without it.
(function () {
  "use strict";

  // Drag-and-drop onto the upload form; the plain file input stays the fallback.
  function dropzone() {
    var zone = document.getElementById("vung-tha");
    var form = document.getElementById("tai-len");
    if (!zone || !form) return;
    var input = form.querySelector("input[type=file]");
    ["dragenter", "dragover"].forEach(function (t) {
      zone.addEventListener(t, function (e) { e.preventDefault(); zone.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (t) {
      zone.addEventListener(t, function () { zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (e) {
      e.preventDefault();
      if (!e.dataTransfer || !e.dataTransfer.files.length) return;
      input.files = e.dataTransfer.files;
      if (form.requestSubmit) form.requestSubmit(); else form.submit();
    });
    form.addEventListener("submit", function () {
      var b = form.querySelector("button[type=submit]");
      if (b) { b.disabled = true; b.textContent = "Đang tải lên…"; }
    });
  }

  var names = { pending: "Đang xử lý", processed: "Đã xử lý", failed: "Lỗi xử lý" };

  // Live processing progress of a dossier's documents: server-sent events,
  // or polling where EventSource is missing or fails.
  function progress() {
    var sec = document.getElementById("thanh-phan");
    if (!sec || !sec.dataset.pending) return;
    var code = sec.dataset.dossier;
    var status = document.getElementById("tien-do");
    var base = "/api/v1/dossiers/" + encodeURIComponent(code);
    var finished = false;

    function update(v) {
      var docs = v.documents || [], done = 0, changed = false;
      docs.forEach(function (d) {
        if (d.status !== "pending") done++;
        var el = document.getElementById("tl-" + d.document_id);
        if (!el) { changed = true; return; }
        if (el.dataset.status !== d.status) {
          changed = true;
          el.dataset.status = d.status;
          var b = el.querySelector("[data-role=status]");
          if (b) { b.textContent = names[d.status] || d.status; b.className = "badge " + d.status; }
        }
      });
      status.textContent = "Đã xử lý " + done + "/" + docs.length + " giấy tờ";
      if (done === docs.length && !finished) {
        finished = true;
        // reload to show the fields, without the upload's notice in the URL
        if (window.location.search) window.location.replace(window.location.pathname + "#thanh-phan");
        else window.location.reload();
      }
    }

    function poll() {
      if (finished) return;
      fetch(base, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (v) { if (v) update(v); })
        .catch(function () {})
        .then(function () { if (!finished) setTimeout(poll, 1500); });
    }

    if (!window.EventSource) { poll(); return; }
    var es = new EventSource(base + "/events");
    es.addEventListener("dossier", function (e) {
      try { update(JSON.parse(e.data)); } catch (err) { /* ignore a bad event */ }
    });
    es.addEventListener("done", function () { es.close(); });
    es.onerror = function () {
      es.close();
      if (!finished) poll();
    };
  }

  document.addEventListener("DOMContentLoaded", function () {
    dropzone();
    progress();
  });
})();
