// Resolution pages: keep what people type, and never refresh over a field being edited.
(function () {
  "use strict";

  // Words for people come translated from the page (templates/base.html, interface_words.py).
  var WORDS = (function () {
    var el = document.getElementById("interface-words");
    try { return el ? JSON.parse(el.textContent) : {}; } catch (e) { return {}; }
  })();
  function t(text, args) {
    var s = WORDS[text] || text;
    return args ? s.replace(/%\((\w+)\)s/g, function (m, k) { return k in args ? args[k] : m; }) : s;
  }

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
      note.setAttribute("data-restore-offer", "");
      note.textContent = t("You have unsent text for this field from earlier. ");
      var restore = document.createElement("button");
      restore.type = "button";
      restore.className = "button button--small button--secondary";
      restore.textContent = t("Restore it");
      restore.addEventListener("click", function () { area.value = saved; note.remove(); area.focus(); });
      var discard = document.createElement("button");
      discard.type = "button";
      discard.className = "button button--small button--secondary";
      discard.textContent = t("Discard");
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

// Drafting view: the clause list is swapped whole when its shape changes (a sub-clause added,
// a clause moved, deleted or made operative). As in the paper editor, a clause whose text is
// not on the server yet is never replaced: its form (text, caret, base revision, pending save)
// is kept as it is with htmx's hx-preserve, so the save that follows merges (docs/architecture.md,
// "Co-editing").
(function () {
  "use strict";

  var WORDS = (function () {
    var el = document.getElementById("interface-words");
    try { return el ? JSON.parse(el.textContent) : {}; } catch (e) { return {}; }
  })();
  function t(text) { return WORDS[text] || text; }
  if (!document.getElementById("draft-clauses")) return;

  var synced = new WeakMap(); // text area → the text the server has from it
  var sending = new WeakMap(); // clause form → the text of its save in flight

  function serverHas(area) {
    return synced.has(area) ? synced.get(area) : area.defaultValue;
  }

  // A part of a clause that must not be replaced: unsynced text, a save in flight, a restore
  // offer, or the caret in one of its text areas. The part that sent the request is not kept.
  function busy(unit, sender) {
    if (sender && (unit === sender || unit.contains(sender))) return false;
    if (unit.querySelector("[data-saving], [data-restore-offer]") || unit.hasAttribute("data-saving")) return true;
    var areas = unit.querySelectorAll("textarea");
    for (var i = 0; i < areas.length; i++) {
      if (areas[i].value !== serverHas(areas[i])) return true;
      if (document.activeElement === areas[i]) return true;
    }
    return false;
  }

  function keptUnits(sender) {
    var list = document.getElementById("draft-clauses");
    var kept = [];
    if (!list) return kept;
    list.querySelectorAll("[data-keep-typing][id]").forEach(function (unit) {
      if (busy(unit, sender)) kept.push(unit);
    });
    return kept;
  }

  var pending = null; // what to put back after the swap: focus, caret, parts kept

  function remember(kept) {
    var active = document.activeElement;
    pending = {
      kept: kept.map(function (unit) {
        var area = unit.querySelector("textarea");
        return { id: unit.id, text: area ? area.value : "" };
      }),
      focus: active && active.id ? active.id : "",
      start: active && "selectionStart" in active ? active.selectionStart : null,
      end: active && "selectionEnd" in active ? active.selectionEnd : null,
    };
  }

  document.body.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (!target || target.id !== "draft-clauses" || !event.detail.shouldSwap) return;
    var sender = event.detail.requestConfig && event.detail.requestConfig.elt;
    var kept = keptUnits(sender);
    var html = event.detail.serverResponse;
    kept.forEach(function (unit) {
      html = html.split('id="' + unit.id + '"').join('id="' + unit.id + '" hx-preserve');
    });
    event.detail.serverResponse = html;
    remember(kept);
  });

  // A co-sponsor's change arriving with the poll: the same rule for the out-of-band list.
  document.body.addEventListener("htmx:oobBeforeSwap", function (event) {
    var target = event.detail.target;
    if (!target || target.id !== "draft-clauses" || !event.detail.fragment) return;
    var kept = keptUnits(null);
    kept.forEach(function (unit) {
      var incoming = event.detail.fragment.querySelector("#" + CSS.escape(unit.id));
      if (incoming) incoming.setAttribute("hx-preserve", "");
    });
    remember(kept);
  });

  function orphan(item) {
    // A co-sponsor removed the clause while this person was typing in it: the text stays here.
    var box = document.createElement("div");
    box.className = "message message--warning";
    box.setAttribute("role", "alert");
    var p = document.createElement("p");
    p.textContent = t("A clause you were editing was removed by a co-sponsor. Your text is kept here — copy it into a new clause if it is still needed:");
    var area = document.createElement("textarea");
    area.rows = 3;
    area.value = item.text;
    area.setAttribute("aria-label", t("Your text of the removed clause"));
    box.appendChild(p);
    box.appendChild(area);
    var list = document.getElementById("draft-clauses");
    list.parentNode.insertBefore(box, list);
  }

  document.body.addEventListener("htmx:afterSettle", function () {
    var list = document.getElementById("draft-clauses");
    if (!pending || !list) return;
    var was = pending;
    pending = null;
    was.kept.forEach(function (item) {
      if (!document.getElementById(item.id) && item.text.trim()) orphan(item);
    });
    var wanted = list.getAttribute("data-focus");
    list.removeAttribute("data-focus");
    var el = (wanted && document.getElementById(wanted)) || (was.focus && document.getElementById(was.focus));
    if (el && document.activeElement !== el) {
      el.focus({ preventScroll: false });
      if (el.id === was.focus && was.start !== null && "setSelectionRange" in el) {
        try { el.setSelectionRange(was.start, was.end); } catch (e) { /* not a text field */ }
      }
    } else if (el && el.scrollIntoView && wanted) {
      el.scrollIntoView({ block: "nearest" });
    }
  });

  // Saves of a clause: what the server has, and that a save is on its way.
  function areaOf(form) { return form.querySelector("textarea[name=text]"); }
  document.body.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail.elt;
    if (!form || !form.classList || !form.classList.contains("draft-clause__form")) return;
    var area = areaOf(form);
    if (area) sending.set(form, area.value);
    form.setAttribute("data-saving", "");
  });
  document.body.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (!form || !form.classList || !form.classList.contains("draft-clause__form")) return;
    form.removeAttribute("data-saving");
    var area = areaOf(form);
    if (event.detail.successful && area && sending.has(form)) synced.set(area, sending.get(form));
    sending.delete(form);
  });

  // ---------------------------------------------------------------- drag and drop
  // Pointer events (mouse, pen, touch) on a clause's handle move it among its siblings; the
  // ↑ ↓ buttons are the keyboard's way. At the top level a clause stays among clauses of its
  // own kind, so the preamble stays first (the server checks it again).
  var drag = null;

  function group(li) {
    var list = li.parentElement;
    return Array.prototype.filter.call(list.children, function (el) {
      return el.classList.contains("draft-clause") &&
        (list.id !== "draft-clauses" || el.getAttribute("data-kind") === li.getAttribute("data-kind"));
    });
  }

  function order(list) {
    return Array.prototype.filter.call(list.children, function (el) {
      return el.classList.contains("draft-clause");
    }).map(function (el) { return el.getAttribute("data-clause-id"); });
  }

  function place(list, li, before) {
    if (list.moveBefore) list.moveBefore(li, before); // keeps focus and state
    else list.insertBefore(li, before);
  }

  document.addEventListener("pointerdown", function (event) {
    var handle = event.target.closest && event.target.closest("[data-drag-handle]");
    if (!handle || event.button !== 0) return;
    var li = handle.closest(".draft-clause");
    if (!li) return;
    event.preventDefault();
    handle.setPointerCapture(event.pointerId);
    drag = { li: li, list: li.parentElement, handle: handle, before: order(li.parentElement), next: li.nextSibling };
    li.classList.add("is-dragging");
  });

  document.addEventListener("pointermove", function (event) {
    if (!drag) return;
    event.preventDefault();
    var y = event.clientY;
    // Near the top or bottom edge the page scrolls, so a clause can travel past the screen.
    if (y < 48) window.scrollBy(0, -24);
    else if (y > window.innerHeight - 48) window.scrollBy(0, 24);
    var others = group(drag.li).filter(function (el) { return el !== drag.li; });
    if (!others.length) return;
    var ref = null;
    for (var i = 0; i < others.length; i++) {
      var box = others[i].getBoundingClientRect();
      if (y < box.top + box.height / 2) { ref = others[i]; break; }
    }
    if (ref === null) ref = others[others.length - 1].nextSibling; // after the last of its group
    if (ref !== drag.li && ref !== drag.li.nextSibling) place(drag.list, drag.li, ref);
  });

  function drop(event, cancelled) {
    if (!drag) return;
    var d = drag;
    drag = null;
    d.li.classList.remove("is-dragging");
    try { d.handle.releasePointerCapture(event.pointerId); } catch (e) { /* already released */ }
    var now = order(d.list);
    if (cancelled) {
      place(d.list, d.li, d.next);
      return;
    }
    if (now.join(",") === d.before.join(",")) return;
    var root = document.getElementById("draft-clauses");
    htmx.ajax("POST", root.getAttribute("data-reorder-url"), {
      source: d.list,
      target: "#draft-clauses",
      swap: "outerHTML",
      values: { parent: d.list.getAttribute("data-parent") || "", order: now.join(","), moved: d.li.getAttribute("data-clause-id") },
    });
  }
  document.addEventListener("pointerup", function (event) { drop(event, false); });
  document.addEventListener("pointercancel", function (event) { drop(event, true); });
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
