// Live updates for every live screen: one server-sent event stream per page, polling as the
// fallback.
//
// A live region is an htmx poller marked with the topic it shows and the version it shows:
//   <div hx-get="…" hx-trigger="every 2s, live" data-live-topic="proc:3" data-live-version="7">
// (or data-live-version-from="<id>" to read data-version of another element). The page opens
// one EventSource on <body data-live-url> for all its topics. When an event says a topic moved
// past the version a region shows, the region is fetched at once (an htmx "live" event). While
// the stream is open, the pollers' timers stay quiet for regions that are up to date; a region
// still behind (its fetch was dropped or refused while someone typed) keeps polling until it
// has caught up. When the stream cannot be held (no EventSource, a proxy that blocks it, a
// WSGI-only server answering 204) every poller simply polls as before.
//
// Scripts that are not htmx regions follow a topic too: an element marked
// data-live-listen="proc:3" adds the topic to the stream, and every version heard is announced
// on document as a "mun:live" event ({topic, version}); "mun:live-state" ({open}) says whether
// the stream is open, so such a script polls only while it is not (app.js: the vote alert).
(function () {
  "use strict";

  var url = document.body.getAttribute("data-live-url");
  var regions = function () {
    return document.querySelectorAll("[data-live-topic]");
  };
  var names = {};
  regions().forEach(function (el) {
    names[el.getAttribute("data-live-topic")] = true;
  });
  document.querySelectorAll("[data-live-listen]").forEach(function (el) {
    el.getAttribute("data-live-listen").split(/\s+/).forEach(function (name) {
      if (name) names[name] = true;
    });
  });
  var topics = Object.keys(names).sort();
  var state = { open: false, latest: {}, events: 0, source: null };
  window.munLive = state;
  if (!url || !topics.length || !window.EventSource) return;

  function shown(el) {
    var from = el.getAttribute("data-live-version-from");
    var holder = from ? document.getElementById(from) : el;
    var raw = holder ? holder.getAttribute(from ? "data-version" : "data-live-version") : null;
    var value = parseInt(raw, 10);
    return isNaN(value) ? -1 : value;
  }

  function behind(el) {
    var name = el.getAttribute("data-live-topic");
    var latest = state.latest[name];
    return el.hasAttribute("data-live-stale") || (latest !== undefined && shown(el) < latest);
  }

  function refresh(name) {
    regions().forEach(function (el) {
      if (el.getAttribute("data-live-topic") === name && behind(el) && window.htmx) {
        window.htmx.trigger(el, "live");
      }
    });
  }

  function seen(name, version) {
    if (state.latest[name] === undefined || state.latest[name] < version) state.latest[name] = version;
    state.events += 1;
    refresh(name);
    announce("mun:live", { topic: name, version: version });
  }

  function announce(kind, detail) {
    document.dispatchEvent(new CustomEvent(kind, { detail: detail }));
  }

  function setOpen(open) {
    state.open = open;
    document.body.setAttribute("data-live", open ? "stream" : "poll");
    announce("mun:live-state", { open: open });
  }

  // Timer polls are skipped while the stream is open and the region is up to date.
  document.body.addEventListener("htmx:confirm", function (event) {
    var el = event.detail.elt;
    if (!state.open || event.detail.triggeringEvent || !el || !el.hasAttribute("data-live-topic")) return;
    if (!behind(el) && !el.hasAttribute("data-live-keep-polling")) event.preventDefault();
  });

  var retryIn = 5000;
  var retryTimer = null;

  function connect() {
    retryTimer = null;
    var source = new EventSource(url + (url.indexOf("?") < 0 ? "?" : "&") + "topics=" + encodeURIComponent(topics.join(",")));
    state.source = source;
    source.addEventListener("open", function () {
      retryIn = 5000;
      setOpen(true);
    });
    source.addEventListener("versions", function (event) {
      var data = JSON.parse(event.data || "{}");
      Object.keys(data).forEach(function (name) {
        seen(name, data[name]);
      });
    });
    source.addEventListener("version", function (event) {
      var data = JSON.parse(event.data || "{}");
      if (data.topic) seen(data.topic, data.version);
    });
    source.addEventListener("revoked", function () {
      // No longer allowed to follow this page: stop, and let the next poll say why.
      source.close();
      setOpen(false);
    });
    source.addEventListener("error", function () {
      setOpen(false);
      if (source.readyState === EventSource.CLOSED && state.source === source && !retryTimer) {
        // Refused (blocked, or a server without streams): poll, and try again later.
        retryTimer = setTimeout(connect, retryIn);
        retryIn = Math.min(retryIn * 2, 5 * 60 * 1000);
      }
      // Otherwise the browser reconnects by itself, sending Last-Event-ID.
    });
  }

  document.body.setAttribute("data-live", "poll");
  connect();
  window.addEventListener("pagehide", function () {
    if (state.source) state.source.close();
  });
})();
