// Position-paper editor: autosave, sharing, merge/conflict handling, offline safety, live updates.
//
// Per section the browser keeps: the revision its text is based on (`base`), the text of that
// revision as last seen (`shared`) and what the server already holds of the person's typing
// (`serverHas`, as a revision or a draft). Typing is mirrored to localStorage at once, saved as
// the person's draft after a second, and shared (a revision) after a few quiet seconds or when
// the person leaves the section. The server merges stale saves; overlaps come back as a conflict
// view. Live updates (#paper-poll, fetched at once when the page's event stream announces a new
// version, or polled when there is no stream) bring in other people's changes: a section the
// person is in but has no unsynced text in is updated in place, the caret kept where it was
// relative to the text around it; only a section with unsynced text waits, with a notice.
// Nothing here ever drops text the person typed.
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

  var paper = document.getElementById("paper");
  if (!paper) return;

  var EDITABLE = paper.getAttribute("data-editable") === "1";
  function timing(name, fallback) {
    var value = parseInt(paper.getAttribute("data-" + name), 10);
    return isNaN(value) ? fallback : value;
  }
  var DRAFT_DELAY = timing("draft-delay", 900);
  var SHARE_DELAY = timing("share-delay", 2500);
  var SHARE_MAX_WAIT = SHARE_DELAY * 5;
  var RETRY_DELAY = Math.max(1000, SHARE_DELAY);
  var OFFLINE_PROBE_EVERY = 30000;
  var HEARTBEAT_EVERY = timing("heartbeat-every", 5000);
  var STORAGE_PREFIX =
    "coedit:u" + paper.getAttribute("data-user-id") + ":d" + paper.getAttribute("data-document-id") + ":b";

  var states = {}; // block id -> state
  var offline = false;

  // ------------------------------------------------------------------ small helpers

  function csrfToken() {
    var headers = document.body.getAttribute("hx-headers");
    try {
      return JSON.parse(headers)["X-CSRFToken"];
    } catch (e) {
      return "";
    }
  }

  function newOpId() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 12);
  }

  function post(url, fields) {
    var body = new FormData();
    Object.keys(fields).forEach(function (key) {
      if (fields[key] !== null && fields[key] !== undefined) body.append(key, fields[key]);
    });
    return fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
    }).then(function (response) {
      return response
        .json()
        .catch(function () {
          return { status: "error", message: t("The server answered %(status)s.", { status: response.status }) };
        })
        .then(function (data) {
          data.httpStatus = response.status;
          return data;
        });
    });
  }

  function storageKey(id) {
    return STORAGE_PREFIX + id;
  }

  function readLocal(id) {
    try {
      var raw = window.localStorage.getItem(storageKey(id));
      return raw ? JSON.parse(raw) : null;
    } catch (e) {
      return null;
    }
  }

  function writeLocal(id, text, base) {
    try {
      window.localStorage.setItem(
        storageKey(id),
        JSON.stringify({ text: text, base: base, at: new Date().toISOString() })
      );
    } catch (e) {
      /* storage full or disabled: the server draft still protects the text */
    }
  }

  function clearLocal(id) {
    try {
      window.localStorage.removeItem(storageKey(id));
    } catch (e) {
      /* ignore */
    }
  }

  function sectionOf(id) {
    return document.querySelector('.paper-section[data-block-id="' + id + '"]');
  }

  function part(section, role) {
    return section ? section.querySelector('[data-role="' + role + '"]') : null;
  }

  function timeLabel(iso) {
    var date = iso ? new Date(iso) : null;
    if (!date || isNaN(date.getTime())) return "";
    return date.toLocaleString([], { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
  }

  // One splice that turns a into b: {start, end (in a), text}.
  function splice(a, b) {
    var n = Math.min(a.length, b.length);
    var p = 0;
    while (p < n && a.charCodeAt(p) === b.charCodeAt(p)) p++;
    var q = 0;
    while (q < n - p && a.charCodeAt(a.length - 1 - q) === b.charCodeAt(b.length - 1 - q)) q++;
    return { start: p, end: a.length - q, text: b.slice(p, b.length - q) };
  }

  // The server merged `sent` into `merged`; meanwhile the field went from `sent` to `now`.
  // Apply both if they touch different places: {text, map(caret in now) -> caret in text}.
  function rebase(sent, now, merged) {
    var local = splice(sent, now);
    var remote = splice(sent, merged);
    var remoteDelta = remote.text.length - (remote.end - remote.start);
    if (local.start === local.end && local.text === "") {
      return {
        text: merged,
        map: function (pos) {
          if (pos <= remote.start) return pos;
          if (pos >= remote.end) return pos + remoteDelta;
          return remote.start + remote.text.length;
        },
      };
    }
    if (remote.start === remote.end && remote.text === "") {
      return { text: now, map: function (pos) { return pos; } };
    }
    if (local.end <= remote.start) {
      return {
        text: now.slice(0, local.start + local.text.length) + sent.slice(local.end, remote.start) +
          remote.text + sent.slice(remote.end),
        map: function (pos) { return pos; },
      };
    }
    if (remote.end <= local.start) {
      return {
        text: sent.slice(0, remote.start) + remote.text + sent.slice(remote.end, local.start) +
          local.text + sent.slice(local.end),
        map: function (pos) { return pos + remoteDelta; },
      };
    }
    return null; // both changed the same place: let the server merge (or show the conflict)
  }

  function replaceValue(field, text, map) {
    if (field.value === text) return;
    var focused = document.activeElement === field;
    var start = field.selectionStart;
    var end = field.selectionEnd;
    field.value = text;
    if (focused) {
      field.setSelectionRange(Math.min(map(start), text.length), Math.min(map(end), text.length));
    }
  }

  // ------------------------------------------------------------------ status display

  function setSectionState(state, text, kind) {
    var el = part(sectionOf(state.id), "state");
    if (el) {
      el.textContent = text;
      el.setAttribute("data-state", kind || "");
    }
  }

  function unsynced(state) {
    var field = part(sectionOf(state.id), "input");
    if (!field) return state.inflight;
    return state.inflight || field.value !== state.serverHas;
  }

  function refreshGlobal() {
    var box = document.getElementById("sync-state");
    if (!box) return;
    var busy = false;
    var pending = false;
    var offers = 0;
    Object.keys(states).forEach(function (id) {
      var s = states[id];
      if (s.inflight || s.draftTimer || s.shareTimer) busy = true;
      if (unsynced(s)) pending = true;
      if (s.offer) offers += 1;
    });
    var label = "Saved";
    var kind = "saved";
    if (offers && !busy && !pending) {
      label = t("Unsaved text found — restore or discard it below");
      kind = "offline";
    } else if (offline && pending) {
      label = t("Offline — kept on this device");
      kind = "offline";
    } else if (busy || pending) {
      label = "Saving…";
      kind = "saving";
    }
    box.setAttribute("data-state", kind);
    box.querySelector('[data-role="sync-text"]').textContent = label;
  }

  function setOffline(value) {
    offline = value;
    refreshGlobal();
  }

  function notice(state, text, kind) {
    var el = part(sectionOf(state.id), "notice");
    if (!el) return;
    el.textContent = text || "";
    el.setAttribute("data-kind", kind || "");
  }

  // ------------------------------------------------------------------ section state

  function initSection(section) {
    var id = section.getAttribute("data-block-id");
    var field = part(section, "input");
    var previous = states[id];
    var state = {
      id: id,
      base: section.getAttribute("data-revision-id") || "",
      shared: field ? field.value : "",
      serverHas: field ? field.value : "",
      inflight: false,
      again: false,
      draftTimer: null,
      shareTimer: null,
      firstUnsharedAt: 0,
      pendingOp: null,
      forceShare: false, // share even if the text equals `shared` (restored or unmerged text)
      staleFrom: null, // version before an unseen remote change to this section (for the poll)
      offer: null,
    };
    if (previous) {
      clearTimeout(previous.draftTimer);
      clearTimeout(previous.shareTimer);
    }
    states[id] = state;
    return state;
  }

  function scheduleWork(state) {
    clearTimeout(state.draftTimer);
    state.draftTimer = setTimeout(function () {
      state.draftTimer = null;
      saveDraft(state);
    }, DRAFT_DELAY);
    clearTimeout(state.shareTimer);
    if (!state.firstUnsharedAt) state.firstUnsharedAt = Date.now();
    var wait = Math.max(0, Math.min(SHARE_DELAY, state.firstUnsharedAt + SHARE_MAX_WAIT - Date.now()));
    state.shareTimer = setTimeout(function () {
      state.shareTimer = null;
      share(state);
    }, wait);
  }

  function onInput(field) {
    var section = field.closest(".paper-section");
    var state = states[section.getAttribute("data-block-id")];
    if (!state) return;
    if (field.value === state.shared && !state.inflight) {
      clearLocal(state.id);
    } else {
      writeLocal(state.id, field.value, state.base);
    }
    setSectionState(state, offline ? t("Offline — kept on this device") : t("Saving…"), "saving");
    scheduleWork(state);
    refreshGlobal();
  }

  function saveDraft(state) {
    var section = sectionOf(state.id);
    var field = part(section, "input");
    if (!field || state.inflight) return refreshGlobal();
    var text = field.value;
    if (text === state.serverHas) return refreshGlobal();
    if (navigator.onLine === false) return refreshGlobal(); // kept on this device meanwhile
    post(section.getAttribute("data-draft-url"), { text: text, base_revision_id: state.base })
      .then(function (data) {
        if (data.httpStatus >= 500) return; // a hiccup: the share that follows retries
        if (data.httpStatus >= 400) {
          setSectionState(state, t("Not saved: %(message)s", { message: data.message || t("error") }), "error");
          return;
        }
        setOffline(false);
        if (part(sectionOf(state.id), "input") && part(sectionOf(state.id), "input").value === text) {
          state.serverHas = text;
          if (!state.inflight && state.shareTimer) setSectionState(state, t("Saved as your draft"), "draft");
        }
      })
      .catch(function () {
        setOffline(true);
        setSectionState(state, t("Offline — kept on this device"), "offline");
      })
      .then(refreshGlobal);
  }

  function share(state) {
    var section = sectionOf(state.id);
    var field = part(section, "input");
    if (!field) return;
    if (state.inflight) {
      state.again = true;
      return;
    }
    var text = field.value;
    if (text === state.shared && !state.forceShare) {
      state.firstUnsharedAt = 0;
      clearLocal(state.id);
      if (state.serverHas !== text) saveDraft(state); // drops the now pointless draft
      var shown = part(section, "state");
      if (!shown || shown.getAttribute("data-state") !== "saved") setSectionState(state, "Saved", "saved");
      return refreshGlobal();
    }
    if (navigator.onLine === false && Date.now() - (state.lastTry || 0) < OFFLINE_PROBE_EVERY) {
      // The browser says it is offline: keep the text here and send it when it is back online
      // (the "online" event), rather than a request that cannot arrive. Still try now and then,
      // in case the browser is wrong about it.
      setOffline(true);
      setSectionState(state, "Offline — kept on this device", "offline");
      retryLater(state);
      return;
    }
    state.lastTry = Date.now();
    state.forceShare = false;
    if (!state.pendingOp || state.pendingOp.text !== text || state.pendingOp.base !== state.base) {
      state.pendingOp = { id: newOpId(), text: text, base: state.base };
    }
    state.inflight = true;
    clearTimeout(state.shareTimer);
    state.shareTimer = null;
    setSectionState(state, "Saving…", "saving");
    refreshGlobal();
    post(section.getAttribute("data-save-url"), {
      text: text,
      base_revision_id: state.base,
      client_op_id: state.pendingOp.id,
    })
      .then(function (data) {
        state.inflight = false;
        if (data.httpStatus >= 500) {
          // The server stumbled (busy, restarting): same text, same key, try again shortly.
          setSectionState(state, t("Server busy — kept on this device, retrying"), "offline");
          retryLater(state);
          return;
        }
        setOffline(false);
        handleOutcome(state, data, text);
      })
      .catch(function () {
        state.inflight = false;
        setOffline(true);
        setSectionState(state, t("Offline — kept on this device"), "offline");
        retryLater(state);
      })
      .then(function () {
        if (state.again) {
          state.again = false;
          share(state);
        }
        refreshGlobal();
      });
  }

  function retryLater(state) {
    clearTimeout(state.shareTimer);
    state.shareTimer = setTimeout(function () {
      state.shareTimer = null;
      share(state);
    }, RETRY_DELAY);
  }

  function updateCounts(section, data) {
    var words = part(section, "words");
    if (words && typeof data.words === "number") words.textContent = data.words;
    var preview = part(section, "preview");
    if (preview && typeof data.html === "string") preview.innerHTML = data.html; // nh3-sanitised
    var last = part(section, "last-change");
    if (last && data.last_by && data.status !== "unchanged") {
      last.textContent = " · last change by " + data.last_by + ", just now";
    }
  }

  function handleOutcome(state, data, sent) {
    var section = sectionOf(state.id);
    var field = part(section, "input");
    if (data.httpStatus >= 400 || data.status === "error") {
      setSectionState(state, t("Not saved: %(message)s", { message: data.message || t("error") }), "error");
      notice(state, t("%(message)s Your text is kept here.", { message: data.message || t("This could not be saved.") }), "error");
      return;
    }
    state.pendingOp = null;
    if (data.status === "conflict") {
      var now = field ? field.value : sent;
      replaceSection(section, data.section_html);
      var fresh = states[state.id];
      if (now !== sent) {
        // Typed while the save was on its way: keep that too, as the newer conflicted draft.
        writeLocal(state.id, now, state.base);
        resendConflict(fresh, now, state.base);
      } else {
        clearLocal(state.id);
      }
      return;
    }
    var current = field ? field.value : sent;
    var result = current === sent ? rebase(sent, sent, data.text) : rebase(sent, current, data.text);
    if (result === null) {
      // Typed over the very place the merge changed: keep every letter and the old base, so the
      // next save merges again on the server (or shows the conflict).
      state.forceShare = true;
      scheduleWork(state);
      return;
    }
    if (field) replaceValue(field, result.text, result.map);
    state.base = data.revision_id ? String(data.revision_id) : state.base;
    state.shared = data.text;
    state.staleFrom = null;
    section.setAttribute("data-revision-id", state.base);
    updateCounts(section, data);
    // Others on the page (the checks panel) refresh on this event.
    document.body.dispatchEvent(new CustomEvent("paperSaved", { bubbles: true }));
    if (!field || field.value === state.shared) {
      state.serverHas = state.shared;
      state.firstUnsharedAt = 0;
      clearLocal(state.id);
      setSectionState(state, t("Saved — shared with your delegation"), "saved");
    } else {
      writeLocal(state.id, field.value, state.base);
      scheduleWork(state);
    }
    if (data.status === "merged") {
      notice(state, data.message, "merged");
    } else {
      var el = part(section, "notice");
      if (el && el.getAttribute("data-remote")) notice(state, "", "");
    }
  }

  function resendConflict(state, text, base) {
    var section = sectionOf(state.id);
    post(section.getAttribute("data-save-url"), {
      text: text,
      base_revision_id: base,
      client_op_id: newOpId(),
    }).then(function (data) {
      if (data.section_html) {
        replaceSection(sectionOf(state.id), data.section_html);
        clearLocal(state.id);
      }
    });
  }

  function replaceSection(section, html) {
    if (!section || !html) return;
    var holder = document.createElement("div");
    holder.innerHTML = html.trim();
    var fresh = holder.firstElementChild;
    section.replaceWith(fresh);
    if (window.htmx) window.htmx.process(fresh);
    setupSection(fresh);
  }

  // ------------------------------------------------------------------ conflicts

  function resolve(section, choice, versionId) {
    var state = states[section.getAttribute("data-block-id")];
    var mergeField = part(section, "merge-input");
    var fields = { choice: choice, client_op_id: newOpId() };
    if (versionId) fields.version_id = versionId;
    if (choice === "edit") fields.text = mergeField ? mergeField.value : "";
    if (choice === "edit") writeLocal(state.id, fields.text, state.base);
    setSectionState(state, "Saving…", "saving");
    post(section.getAttribute("data-resolve-url"), fields)
      .then(function (data) {
        setOffline(false);
        if (data.httpStatus >= 400 || data.status === "error") {
          setSectionState(state, t("Not saved: %(message)s", { message: data.message || t("error") }), "error");
          return;
        }
        clearLocal(state.id);
        replaceSection(sectionOf(state.id), data.section_html);
        var fresh = states[state.id];
        if (fresh && data.status !== "conflict") {
          notice(fresh, data.status === "merged" ? data.message : t("Saved — shared with your delegation."), "merged");
        }
      })
      .catch(function () {
        setOffline(true);
        setSectionState(state, t("Offline — your choice was not sent yet; try again."), "offline");
      })
      .then(refreshGlobal);
  }

  function editVersion(section, button) {
    // An earlier conflicted text goes into the merge box, to be edited and saved from there.
    var item = button.closest(".conflict__version");
    var full = item ? item.querySelector('[data-role="version-full"]') : null;
    var mergeField = part(section, "merge-input");
    if (!full || !mergeField) return;
    mergeField.value = full.content ? full.content.textContent : full.textContent;
    mergeField.focus();
  }

  // ------------------------------------------------------------------ restoring unsaved text

  function showOffer(section, state, candidate) {
    var template = document.getElementById("restore-offer-template");
    if (!template) return;
    var offer = template.content.firstElementChild.cloneNode(true);
    offer.querySelector('[data-role="offer-title"]').textContent =
      candidate.source === "device"
        ? t("Unsaved text from this device")
        : t("Your unsaved draft");
    offer.querySelector('[data-role="offer-when"]').textContent =
      (timeLabel(candidate.at) ? "(" + timeLabel(candidate.at) + ") " : "") +
      "— it is not in the paper yet. Restore it to carry on where you left off.";
    offer.querySelector('[data-role="offer-text"]').textContent = candidate.text;
    var anchor = part(section, "notice");
    anchor.parentNode.insertBefore(offer, anchor.nextSibling);
    state.offer = candidate;
    var field = part(section, "input") || part(section, "merge-input");
    if (field) field.readOnly = true;
    refreshGlobal();
  }

  function closeOffer(section, state) {
    var offer = part(section, "offer");
    if (offer) offer.remove();
    state.offer = null;
    var field = part(section, "input") || part(section, "merge-input");
    if (field) field.readOnly = false;
    refreshGlobal();
  }

  function restoreOffer(section) {
    var state = states[section.getAttribute("data-block-id")];
    var candidate = state.offer;
    closeOffer(section, state);
    var mergeField = part(section, "merge-input");
    if (mergeField) {
      mergeField.value = candidate.text;
      return;
    }
    var field = part(section, "input");
    field.value = candidate.text;
    state.base = candidate.base || "";
    state.forceShare = true; // the base may be stale: let the server merge
    writeLocal(state.id, candidate.text, state.base);
    share(state);
  }

  function discardOffer(section) {
    var state = states[section.getAttribute("data-block-id")];
    closeOffer(section, state);
    clearLocal(state.id);
    if (section.getAttribute("data-discard-url")) post(section.getAttribute("data-discard-url"), {});
    notice(state, t("Discarded."), "");
  }

  function checkForUnsaved(section, state) {
    var local = readLocal(state.id);
    var serverDraft = part(section, "server-draft");
    var mine = part(section, "mine");
    var candidate = null;
    if (local && local.text !== state.shared && !(mine && mine.textContent === local.text)) {
      candidate = { source: "device", text: local.text, base: local.base, at: local.at };
    } else if (local) {
      clearLocal(state.id);
    }
    if (serverDraft && serverDraft.value !== state.shared && (!candidate || candidate.text === serverDraft.value)) {
      candidate = {
        source: "server",
        text: serverDraft.value,
        base: serverDraft.getAttribute("data-base"),
        at: serverDraft.getAttribute("data-updated"),
      };
    }
    if (candidate) showOffer(section, state, candidate);
  }

  // ------------------------------------------------------------------ presence

  function heartbeat() {
    if (!EDITABLE) return;
    var active = document.activeElement;
    var section = active && active.closest ? active.closest(".paper-section") : null;
    post(paper.getAttribute("data-presence-url"), {
      block_id: section ? section.getAttribute("data-block-id") : "",
    })
      .then(function (data) {
        if (data.people) showPresence(data.people);
      })
      .catch(function () {
        /* the poll and the saves report being offline */
      });
  }

  function showPresence(people) {
    var box = document.getElementById("presence");
    var lines = people.map(function (p) {
      return p.block_title
        ? t("%(name)s (%(country)s) is editing %(section)s", { name: p.name, country: p.country, section: p.block_title })
        : t("%(name)s (%(country)s) has the paper open", { name: p.name, country: p.country });
    });
    if (box) box.textContent = lines.join(" · ");
    document.querySelectorAll('[data-role="presence"]').forEach(function (el) {
      var id = el.closest(".paper-section").getAttribute("data-block-id");
      var here = people.filter(function (p) {
        return String(p.block_id) === id;
      });
      el.hidden = here.length === 0;
      el.textContent = here.map(function (p) { return p.name + " is editing this section"; }).join(" · ");
    });
  }

  // ------------------------------------------------------------------ live updates

  // A section whose text must not be replaced: unsynced typing, a restore offer, a conflict.
  function busy(state) {
    var section = sectionOf(state.id);
    if (!section) return false;
    var field = part(section, "input");
    return (
      unsynced(state) ||
      (!!field && field.value !== state.shared) || // saved as a draft, not shared yet
      !!state.offer ||
      !!part(section, "conflict")
    );
  }

  // The person is in this section (caret in its field) but everything they typed is shared:
  // take the new text into the field without moving the caret relative to the text around it.
  function updateInPlace(section, state, incoming) {
    var field = part(section, "input");
    var fresh = part(incoming, "input");
    if (!field || !fresh || document.activeElement !== field) return false;
    var text = fresh.value;
    var old = field.value;
    replaceValue(field, text, function (pos) {
      return keepCaret(old, text, pos);
    });
    state.base = incoming.getAttribute("data-revision-id") || state.base;
    state.shared = text;
    state.serverHas = text;
    state.staleFrom = null;
    state.firstUnsharedAt = 0;
    section.setAttribute("data-revision-id", state.base);
    ["words", "last-change", "preview"].forEach(function (role) {
      var mine = part(section, role);
      var theirs = part(incoming, role);
      if (mine && theirs) mine.innerHTML = theirs.innerHTML; // our own server's markup
    });
    var el = part(section, "notice");
    if (el && el.getAttribute("data-remote")) notice(state, "", "");
    clearLocal(state.id);
    return true;
  }

  // Where the caret at `pos` in `old` belongs in `neu`: outside the changed stretch it moves with
  // the text; inside it, it goes back next to the words around it, found again in the new text.
  function unique(haystack, needle) {
    var at = haystack.indexOf(needle);
    return at >= 0 && haystack.indexOf(needle, at + 1) < 0 ? at : -1;
  }

  function keepCaret(old, neu, pos) {
    var change = splice(old, neu);
    if (pos <= change.start) return pos;
    if (pos >= change.end) return pos + change.text.length - (change.end - change.start);
    for (var k = 32; k >= 4; k = Math.floor(k / 2)) {
      var before = old.slice(Math.max(0, pos - k), pos);
      var after = old.slice(pos, pos + k);
      var at = unique(neu, before + after);
      if (at >= 0) return at + before.length;
      if (before.length >= 4 && (at = unique(neu, before)) >= 0) return at + before.length;
      if (after.length >= 4 && (at = unique(neu, after)) >= 0) return at;
    }
    return change.start + change.text.length;
  }

  // While any section is behind (a change it could not take yet), keep asking even when the
  // event stream is quiet.
  function flagStale() {
    var poller = document.getElementById("paper-poll");
    if (!poller) return;
    var stale = Object.keys(states).some(function (id) {
      return states[id].staleFrom !== null && !busy(states[id]);
    });
    if (stale) poller.setAttribute("data-live-stale", "1");
    else poller.removeAttribute("data-live-stale");
  }
  setInterval(flagStale, 1000);

  function currentVersion() {
    var el = document.getElementById("paper-version");
    return el ? parseInt(el.getAttribute("data-version"), 10) : 0;
  }

  document.body.addEventListener("htmx:configRequest", function (event) {
    if (!event.detail.elt || event.detail.elt.id !== "paper-poll") return;
    var version = currentVersion();
    var skip = [];
    Object.keys(states).forEach(function (id) {
      var s = states[id];
      if (busy(s)) skip.push(id);
      else if (s.staleFrom !== null) version = Math.min(version, s.staleFrom);
    });
    event.detail.parameters.v = version;
    event.detail.parameters.t = event.detail.elt.getAttribute("data-token");
    event.detail.parameters.skip = skip.join(",");
    event.detail.parameters.editable = EDITABLE ? "1" : "0";
    pollVersion = version;
  });

  var pollVersion = 0;

  function markStale(state) {
    state.staleFrom = state.staleFrom === null ? pollVersion : Math.min(state.staleFrom, pollVersion);
  }

  document.body.addEventListener("htmx:oobBeforeSwap", function (event) {
    var target = event.detail.target;
    if (!target || !target.classList) return;
    if (target.classList.contains("paper-section")) {
      var state = states[target.getAttribute("data-block-id")];
      var incoming = event.detail.fragment && event.detail.fragment.firstElementChild;
      var revision = incoming ? incoming.getAttribute("data-revision-id") : null;
      if (state && revision && revision === state.base) {
        event.detail.shouldSwap = false; // our own save: we have this text already
      } else if (state && !busy(state) && updateInPlace(target, state, incoming)) {
        event.detail.shouldSwap = false;
      } else if (state && busy(state)) {
        // Never replace the section someone is typing in; tell them instead.
        event.detail.shouldSwap = false;
        markStale(state);
        notice(state, t("Someone changed this section — your save will merge."), "remote");
      }
    } else if (target.getAttribute("data-role") === "notice") {
      var st = states[target.id.replace("notice-", "")];
      if (st) markStale(st);
    }
  });

  document.body.addEventListener("htmx:oobAfterSwap", function (event) {
    // event.target is the element just swapped in (detail.target is the one it replaced).
    var el = event.target;
    if (el && el.classList && el.classList.contains("paper-section") && el.isConnected) setupSection(el);
  });

  document.body.addEventListener("htmx:sendError", function (event) {
    if (event.detail.elt && event.detail.elt.id === "paper-poll") setOffline(true);
  });
  document.body.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.elt && event.detail.elt.id === "paper-poll" && event.detail.successful) {
      if (offline) {
        setOffline(false);
        retryAll();
      }
    }
  });

  function retryAll() {
    Object.keys(states).forEach(function (id) {
      var s = states[id];
      if (unsynced(s) && !s.inflight) share(s);
    });
  }

  // ------------------------------------------------------------------ wiring

  function setupSection(section) {
    var state = initSection(section);
    if (EDITABLE) checkForUnsaved(section, state);
    refreshGlobal();
  }

  document.addEventListener("input", function (event) {
    var field = event.target;
    if (field.matches && field.matches('.paper-section [data-role="input"]')) onInput(field);
    if (field.matches && field.matches('.paper-section [data-role="merge-input"]')) {
      var state = states[field.closest(".paper-section").getAttribute("data-block-id")];
      if (state) writeLocal(state.id, field.value, state.base);
    }
  });

  document.addEventListener("focusout", function (event) {
    var field = event.target;
    if (field.matches && field.matches('.paper-section [data-role="input"]')) {
      var state = states[field.closest(".paper-section").getAttribute("data-block-id")];
      if (state && field.value !== state.shared) share(state);
      setTimeout(heartbeat, 50);
    }
  });

  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches('.paper-section [data-role="input"]')) heartbeat();
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-action]") : null;
    if (!button) return;
    var section = button.closest(".paper-section");
    if (!section) return;
    var action = button.getAttribute("data-action");
    if (action === "take-mine") resolve(section, "mine");
    else if (action === "take-theirs") resolve(section, "theirs");
    else if (action === "save-merge") resolve(section, "edit");
    else if (action === "take-version") resolve(section, "mine", button.getAttribute("data-version-id"));
    else if (action === "edit-version") editVersion(section, button);
    else if (action === "offer-restore") restoreOffer(section);
    else if (action === "offer-discard") discardOffer(section);
  });

  document.addEventListener("keydown", function (event) {
    if ((event.ctrlKey || event.metaKey) && event.key === "s") {
      var section = event.target.closest && event.target.closest(".paper-section");
      if (section && states[section.getAttribute("data-block-id")]) {
        event.preventDefault();
        share(states[section.getAttribute("data-block-id")]);
      }
    }
  });

  window.addEventListener("beforeunload", function (event) {
    var pending = Object.keys(states).some(function (id) {
      return unsynced(states[id]);
    });
    if (pending) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  window.addEventListener("online", function () {
    setOffline(false);
    retryAll();
  });
  window.addEventListener("offline", function () {
    setOffline(true);
  });

  document.querySelectorAll(".paper-section").forEach(setupSection);
  if (EDITABLE) {
    heartbeat();
    setInterval(heartbeat, HEARTBEAT_EVERY);
  } else {
    // Read-only now (e.g. submitted): still show text kept on this device, never lose it.
    document.querySelectorAll(".paper-section").forEach(function (section) {
      var local = readLocal(section.getAttribute("data-block-id"));
      if (!local) return;
      var box = document.createElement("div");
      box.className = "restore-offer";
      var title = document.createElement("p");
      title.textContent = t("Text you typed on this device that is not in the paper (copy it if you need it):");
      var pre = document.createElement("pre");
      pre.className = "restore-offer__text";
      pre.textContent = local.text;
      box.appendChild(title);
      box.appendChild(pre);
      section.appendChild(box);
    });
  }
})();
