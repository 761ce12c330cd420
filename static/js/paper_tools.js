// Tools beside the paper editor: insert a quotation at the caret of the section last focused,
// add gathered citations to the Bibliography section, and the print button. Text is inserted
// through the textarea and announced with an "input" event, so the editor's own autosave (and
// its offline copy) treats it exactly like typing.
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
  let lastSection = null;

  document.addEventListener("focusin", function (event) {
    if (event.target instanceof HTMLTextAreaElement && !event.target.closest(".paper-panel")) {
      lastSection = event.target;
    }
  });

  function announce(button, message) {
    const status = button.closest(".paper-panel")?.querySelector("[data-research-status]");
    if (status) status.textContent = message;
  }

  function insertAt(textarea, text) {
    const start = textarea.selectionStart ?? textarea.value.length;
    const end = textarea.selectionEnd ?? start;
    const before = textarea.value.slice(0, start);
    const after = textarea.value.slice(end);
    const spaceBefore = before && !/\s$/.test(before) ? " " : "";
    const spaceAfter = after && !/^\s/.test(after) ? " " : "";
    const inserted = spaceBefore + text + spaceAfter;
    textarea.focus();
    textarea.setRangeText(inserted, start, end, "end");
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function bibliographyField() {
    const marked = document.querySelector(
      '[data-title="Bibliography" i] textarea[data-role="input"], textarea[data-section-title="Bibliography" i]'
    );
    if (marked) return marked;
    for (const label of document.querySelectorAll("label[for]")) {
      if (label.textContent.trim().toLowerCase().startsWith("bibliography")) {
        const field = document.getElementById(label.htmlFor);
        if (field instanceof HTMLTextAreaElement) return field;
      }
    }
    return null;
  }

  // Keep the caret in the section when the button is pressed.
  document.addEventListener("mousedown", function (event) {
    if (event.target.closest("[data-insert-quote]")) event.preventDefault();
  });

  document.addEventListener("click", function (event) {
    const quote = event.target.closest("[data-insert-quote]");
    if (quote) {
      if (!lastSection || !document.contains(lastSection) || lastSection.readOnly || lastSection.disabled) {
        announce(quote, t("Click into the section where the quotation should go, then press Insert."));
        return;
      }
      insertAt(lastSection, quote.dataset.insertQuote);
      announce(quote, t("Quotation inserted."));
      return;
    }
    const bibliography = event.target.closest("[data-append-bibliography]");
    if (bibliography) {
      const field = bibliographyField();
      if (!field || field.readOnly || field.disabled) return;
      const lines = bibliography.dataset.appendBibliography.split("\n").filter(function (line) {
        return line && !field.value.includes(line);
      });
      if (!lines.length) return;
      field.focus();
      const separator = field.value && !field.value.endsWith("\n") ? "\n" : "";
      field.setRangeText(separator + lines.join("\n"), field.value.length, field.value.length, "end");
      field.dispatchEvent(new Event("input", { bubbles: true }));
      bibliography.disabled = true;
      return;
    }
    if (event.target.closest("[data-print]")) window.print();
  });

  // The checks panel follows the paper: it refreshes (once, 500 ms after the last trigger) when
  // the paper's version moves — a change announced on the page's event stream, or found by the
  // poll when there is no stream — and when this person's own save is done ("Saved"). It has no
  // timer of its own.
  let timer = null;
  function paperChanged() {
    clearTimeout(timer);
    timer = setTimeout(function () {
      document.body.dispatchEvent(new CustomEvent("paperChanged", { bubbles: true }));
    }, 500);
  }

  function shownVersion() {
    const el = document.getElementById("paper-version");
    const value = el ? parseInt(el.getAttribute("data-version"), 10) : NaN;
    return isNaN(value) ? -1 : value;
  }

  function watch() {
    let version = shownVersion();
    // The poll's answer swaps #paper-version (out of band) when the version moved.
    document.body.addEventListener("htmx:oobAfterSwap", function () {
      const now = shownVersion();
      if (now > version) {
        version = now;
        paperChanged();
      }
    });
    document.body.addEventListener("paperSaved", paperChanged);
    const state = document.getElementById("sync-state");
    if (state && window.MutationObserver) {
      new MutationObserver(function () {
        if (state.dataset.state === "saved") paperChanged();
      }).observe(state, { attributes: true, attributeFilter: ["data-state"] });
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", watch);
  } else {
    watch();
  }
})();
