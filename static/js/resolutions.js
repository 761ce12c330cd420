// Resolution pages: keep what people type, and never refresh over a field being edited.
(function () {
  "use strict";

  // Polling refreshes #resolution-live; skip a refresh while someone types inside it.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var live = document.getElementById("resolution-live");
    var active = document.activeElement;
    if (!live || !active || event.detail.elt !== live) return;
    if (live.contains(active) && /^(TEXTAREA|INPUT|SELECT)$/.test(active.tagName)) {
      event.preventDefault();
    }
  });

  // Text areas with data-autosave-key are mirrored in localStorage until their form is sent,
  // and offered back when the page is opened again with the text missing.
  var unsynced = false;
  function keyOf(area) { return "mun-resolution:" + area.getAttribute("data-autosave-key"); }
  function setup(area) {
    var key = keyOf(area);
    var saved = null;
    try { saved = window.localStorage.getItem(key); } catch (e) { return; }
    if (saved !== null && saved !== area.value) {
      var note = document.createElement("p");
      note.className = "help";
      note.textContent = "You have unsent text for this field from earlier. ";
      var restore = document.createElement("button");
      restore.type = "button";
      restore.className = "button button--small button--secondary";
      restore.textContent = "Restore it";
      restore.addEventListener("click", function () { area.value = saved; note.remove(); area.focus(); });
      var discard = document.createElement("button");
      discard.type = "button";
      discard.className = "button button--small button--secondary";
      discard.textContent = "Discard";
      discard.addEventListener("click", function () { window.localStorage.removeItem(key); note.remove(); });
      note.appendChild(restore);
      note.appendChild(document.createTextNode(" "));
      note.appendChild(discard);
      area.insertAdjacentElement("afterend", note);
    }
    area.addEventListener("input", function () {
      unsynced = true;
      try { window.localStorage.setItem(key, area.value); } catch (e) { /* storage full: ignore */ }
    });
    if (area.form) {
      area.form.addEventListener("submit", function () {
        unsynced = false;
        try { window.localStorage.removeItem(key); } catch (e) { /* ignore */ }
      });
    }
  }
  function setupOnce(area) {
    if (area.hasAttribute("data-autosave-ready")) return;
    area.setAttribute("data-autosave-ready", "");
    setup(area);
  }
  document.querySelectorAll("textarea[data-autosave-key]").forEach(setupOnce);

  // Clauses saved and added in place (htmx): forget the local copy once the server has it,
  // empty the "add a clause" box, and watch the text areas of clauses that just arrived.
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (!event.detail.successful || !form || !form.classList) return;
    if (form.classList.contains("draft-clause__form") || form.classList.contains("add-clause-form")) {
      var area = form.querySelector("textarea[data-autosave-key]");
      if (area) {
        try { window.localStorage.removeItem(keyOf(area)); } catch (e) { /* ignore */ }
        if (form.classList.contains("add-clause-form")) area.value = "";
      }
      unsynced = false;
    }
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    var root = event.detail.elt;
    if (root && root.querySelectorAll) root.querySelectorAll("textarea[data-autosave-key]").forEach(setupOnce);
  });
  window.addEventListener("beforeunload", function (event) {
    if (unsynced) { event.preventDefault(); event.returnValue = ""; }
  });
})();

// Drafting view: tell the presence poll which clause this person is editing.
(function () {
  "use strict";
  var editing = document.getElementById("editing-clause");
  if (!editing) return;
  document.addEventListener("focusin", function (event) {
    var clause = event.target.closest && event.target.closest(".draft-clause");
    if (clause && event.target.tagName === "TEXTAREA") {
      editing.value = clause.id.replace("clause-", "");
    }
  });
  document.addEventListener("focusout", function (event) {
    if (event.target.tagName === "TEXTAREA") editing.value = "";
  });
})();

// Amendment form: a proposal to strike has no text to write.
(function () {
  "use strict";
  var kind = document.getElementById("am-kind");
  if (!kind) return;
  function sync() {
    var strike = kind.value === "strike";
    document.getElementById("text-field").classList.toggle("is-hidden", strike);
    document.getElementById("strike-note").classList.toggle("is-hidden", !strike);
  }
  kind.addEventListener("change", sync);
})();
