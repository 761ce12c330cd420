// Shared behaviour for every page. Page-specific behaviour lives in its own static file.
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

  // Forms that ask for confirmation: <form data-confirm="Really?">
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });

  // --- Wide tables: a focusable, named region with a visible cue, only when they overflow ---
  function labelFor(wrap) {
    var caption = wrap.querySelector("caption");
    var text = caption && caption.textContent.trim();
    if (!text) {
      var heading = wrap.closest("section, article, .card, main");
      heading = heading && heading.querySelector("h1, h2, h3");
      text = heading && heading.textContent.trim();
    }
    return (text || "Table") + " (scrolls sideways)";
  }

  function markScrollable(root) {
    var wraps = (root || document).querySelectorAll(".table-wrap");
    Array.prototype.forEach.call(wraps, function (wrap) {
      var wide = wrap.scrollWidth > wrap.clientWidth + 1;
      wrap.classList.toggle("is-scrollable", wide);
      var hint = wrap.previousElementSibling;
      var hasHint = hint && hint.classList.contains("scroll-hint");
      if (wide) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        if (!wrap.hasAttribute("aria-label")) wrap.setAttribute("aria-label", labelFor(wrap));
        if (!hasHint) {
          hint = document.createElement("p");
          hint.className = "scroll-hint";
          hint.setAttribute("aria-hidden", "true");
          hint.textContent = t("Swipe or scroll sideways to see the whole table");
          wrap.parentNode.insertBefore(hint, wrap);
        }
      } else if (wrap.getAttribute("role") === "region") {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
        if (hasHint) hint.remove();
      }
    });
  }

  var resizeTimer = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(function () { markScrollable(document); }, 150);
  });

  // --- Focus after htmx swaps: never leave a keyboard user stranded on <body> ---
  var pendingFocus = null;

  function describe(el) {
    if (!el || el === document.body) return null;
    return {
      id: el.id || null,
      name: el.getAttribute("name"),
      value: el.getAttribute("value"),
      tag: el.tagName,
      text: (el.textContent || "").trim().slice(0, 60),
    };
  }

  function findAgain(root, d) {
    if (d.id) {
      var byId = document.getElementById(d.id);
      if (byId) return byId;
    }
    var candidates = root.querySelectorAll(d.tag.toLowerCase());
    var i;
    if (d.name) {
      for (i = 0; i < candidates.length; i++) {
        if (candidates[i].getAttribute("name") === d.name && candidates[i].getAttribute("value") === d.value) {
          return candidates[i];
        }
      }
    }
    for (i = 0; i < candidates.length; i++) {
      if ((candidates[i].textContent || "").trim().slice(0, 60) === d.text && d.text) return candidates[i];
    }
    return null;
  }

  function isUsable(el) {
    return el && !el.disabled && el.getClientRects().length > 0;
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    var active = document.activeElement;
    if (target && active && active !== document.body && (target === active || target.contains(active))) {
      pendingFocus = { target: target.id || null, element: describe(active) };
    } else if (!active || active === document.body) {
      // Nothing focused: an earlier swap may have just taken the focus away and not settled yet
      // (a live refresh landing right after the person's own request). Keep its restore.
    } else {
      pendingFocus = null;
    }
  });

  // --- The ballot box: after a ballot step, focus stays on the box and the result is read out ---
  var lastAnnounced = "";

  function announcer() {
    var el = document.getElementById("live-announcer");
    if (!el) {
      el = document.createElement("div");
      el.id = "live-announcer";
      el.className = "visually-hidden";
      el.setAttribute("role", "status");
      el.setAttribute("aria-live", "polite");
      document.body.appendChild(el);
    }
    return el;
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    var box = document.getElementById("ballot-box");
    var verb = event.detail.requestConfig && event.detail.requestConfig.verb;
    if (!box || !document.documentElement.contains(box) || !event.detail.elt) return;
    if (event.detail.elt !== box && !box.contains(event.detail.elt)) return;
    var said = box.querySelector("[data-announce]");
    var text = said ? said.textContent.replace(/\s+/g, " ").trim() : "";
    // Read out what the delegate's own step did, and a changed result, not every refresh.
    if (text && (verb === "post" || text !== lastAnnounced)) {
      lastAnnounced = text;
      announcer().textContent = text;
    }
    if (verb === "post" || (verb === "get" && pendingFocus)) {
      var target = box.querySelector("[data-focus]") || box.querySelector("button, h2");
      if (target) {
        pendingFocus = null;
        target.focus({ preventScroll: false });
      }
    }
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    var root = event.detail.elt || document;
    markScrollable(root.parentNode || document);
    if (!pendingFocus) return;
    var wanted = pendingFocus;
    pendingFocus = null;
    var active = document.activeElement;
    if (active && active !== document.body && document.documentElement.contains(active)) return;
    var scope = (wanted.target && document.getElementById(wanted.target)) || root;
    if (!document.documentElement.contains(scope)) scope = document.getElementById("main") || document.body;
    var again = findAgain(scope, wanted.element);
    if (!isUsable(again)) {
      // The control is gone (e.g. a button that became a result): focus the region instead.
      again = scope.querySelector("h1, h2, h3, [role=status], [aria-live]") || scope;
      if (!again.hasAttribute("tabindex") && !again.matches("a, button, input, select, textarea")) {
        again.setAttribute("tabindex", "-1");
      }
    }
    again.focus({ preventScroll: false });
  });

  // --- Offline banner: the page says so when the network is gone ---
  function banner(id, className) {
    var el = document.getElementById(id);
    if (!el) {
      el = document.createElement("p");
      el.id = id;
      el.className = "app-banner " + className;
      el.setAttribute("role", "status");
      el.hidden = true;
      // Inside <main>, so the alert belongs to a landmark (screen readers find it there).
      var main = document.getElementById("main") || document.querySelector("main") || document.body;
      main.insertBefore(el, main.firstChild);
    }
    return el;
  }

  function showConnectivity() {
    var el = banner("offline-banner", "app-banner--offline");
    if (navigator.onLine) {
      el.hidden = true;
      el.textContent = "";
    } else {
      el.textContent = t("You are offline. What you type is kept on this device and saved when the connection is back.");
      el.hidden = false;
    }
  }
  window.addEventListener("online", showConnectivity);
  window.addEventListener("offline", showConnectivity);

  // --- Installable app: register the service worker (it caches the shell and recent pages) ---
  if ("serviceWorker" in navigator && document.body && document.body.dataset.serviceWorker) {
    window.addEventListener("load", function () {
      navigator.serviceWorker.register(document.body.dataset.serviceWorker, { scope: "/" }).catch(function () {});
    });
  }

  // --- A vote opens for my delegation: say so on every page (and as a system notification) ---
  var VOTE_POLL_MS = 8000;
  function alreadyAlerted(id) {
    try { return window.sessionStorage.getItem("vote-alerted-" + id) === "1"; } catch (e) { return false; }
  }
  function rememberAlerted(id) {
    try { window.sessionStorage.setItem("vote-alerted-" + id, "1"); } catch (e) { /* private mode */ }
  }

  function notify(data) {
    if (!("Notification" in window) || Notification.permission !== "granted") return;
    var text = data.delegation + " can vote now: " + data.title;
    var options = { body: text, tag: "vote-" + data.vote, data: { url: data.url }, icon: "/favicon.ico" };
    if (navigator.serviceWorker && navigator.serviceWorker.controller) {
      navigator.serviceWorker.ready.then(function (reg) { reg.showNotification(t("Vote open"), options); });
    } else {
      try { new Notification(t("Vote open"), options); } catch (e) { /* some browsers need the worker */ }
    }
  }

  function showVote(data) {
    var el = banner("vote-banner", "app-banner--vote");
    if (!data.vote) {
      el.hidden = true;
      return;
    }
    var onVotesPage = window.location.pathname === data.url;
    if (el.getAttribute("data-vote") === String(data.vote) && !el.hidden) return;
    el.setAttribute("data-vote", String(data.vote));
    el.textContent = "";
    el.setAttribute("role", "alert");
    el.appendChild(document.createTextNode(t("Vote open for %(delegation)s: %(title)s", { delegation: data.delegation, title: data.title }) + " "));
    if (!onVotesPage) {
      var link = document.createElement("a");
      link.href = data.url;
      link.textContent = t("Vote now");
      el.appendChild(link);
    }
    if ("Notification" in window && Notification.permission === "default") {
      var ask = document.createElement("button");
      ask.type = "button";
      ask.className = "button--small button--secondary";
      ask.textContent = t("Also alert me outside this page");
      ask.addEventListener("click", function () {
        Notification.requestPermission().then(function () { ask.remove(); });
      });
      el.appendChild(ask);
    }
    el.hidden = false;
    if (!alreadyAlerted(data.vote) && document.visibilityState !== "visible") notify(data);
    rememberAlerted(data.vote);
  }

  // The page asks whether a vote waits when the procedure moves: on each change announced over
  // the event stream (live.js, "mun:live" on the committee's proc topic), and every few seconds
  // only while no stream is open (blocked, a server without streams, offline and back).
  function watchVotes() {
    var body = document.body;
    var url = body && body.dataset.voteAlert;
    if (!url) return;
    var topic = body.dataset.liveListen || "";
    var every = parseInt(body.dataset.voteAlertPoll, 10) || VOTE_POLL_MS;
    var inFlight = false;
    var again = false;
    var heard = -1;

    function ask() {
      if (!navigator.onLine) return;
      if (inFlight) { again = true; return; }
      inFlight = true;
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) { if (data) showVote(data); })
        .catch(function () { /* offline: the offline banner says so */ })
        .then(function () {
          inFlight = false;
          if (again) { again = false; ask(); }
        });
    }

    function streaming() {
      return !!(window.munLive && window.munLive.open);
    }

    document.addEventListener("mun:live", function (event) {
      var detail = event.detail || {};
      if (detail.topic !== topic || detail.version <= heard) return;
      heard = detail.version;
      // Every open page of the committee hears the same change at once: spread their asks.
      window.setTimeout(ask, Math.floor(Math.random() * 400));
    });
    // (A stream that opens or reopens first sends every version that moved meanwhile, so a
    // change made while it was down is heard then.)
    ask();
    window.setInterval(function () { if (!streaming()) ask(); }, every);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible") ask();
    });
  }

  function ready() {
    markScrollable(document);
    if (!navigator.onLine) showConnectivity();
    watchVotes();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
