/* Service worker: the app keeps working on bad Wi-Fi.
 *
 * Served at /sw.js (scope /) by unodc_mun/pwa.py, which prepends self.APP_CONFIG:
 *   { version, shell: [static URLs + the offline page], offline: "/offline/" }.
 * - The shell (CSS, JS, icons, the offline page) is kept at install time.
 * - Pages: network first; a copy of each page a person opens is kept (the last MAX_PAGES),
 *   so a reload without network shows the page as last seen, and the editor restores the
 *   text kept in the browser. With no copy, the offline page explains what happened.
 * - htmx requests, polls and anything but GET always go to the network.
 * - Logging out forgets every kept page.
 */
"use strict";

var CONFIG = self.APP_CONFIG || { version: "dev", shell: [], offline: "/offline/" };
var SHELL = "shell-" + CONFIG.version;
var PAGES = "pages-v1";
var MAX_PAGES = 30;
var NETWORK_WAIT_MS = 6000;
var NEVER_KEEP = ["/admin/", "/accounts/", "/join/", "/sw.js", "/healthz"];

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(SHELL).then(function (cache) {
      return cache.addAll(CONFIG.shell);
    }).then(function () {
      return self.skipWaiting();
    })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("shell-") === 0 && name !== SHELL;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () {
      return self.clients.claim();
    })
  );
});

function keepable(url) {
  return !NEVER_KEEP.some(function (prefix) { return url.pathname.indexOf(prefix) === 0; });
}

function trimPages(cache) {
  return cache.keys().then(function (keys) {
    var extra = keys.length - MAX_PAGES;
    return Promise.all(keys.slice(0, Math.max(0, extra)).map(function (key) { return cache.delete(key); }));
  });
}

function keepPage(request, response) {
  var type = response.headers.get("content-type") || "";
  if (!response.ok || response.redirected || type.indexOf("text/html") !== 0) return Promise.resolve();
  var copy = response.clone();
  return caches.open(PAGES).then(function (cache) {
    // Re-insert so the most recently opened pages are the last ones (trimmed from the front).
    return cache.delete(request.url).then(function () {
      return cache.put(request.url, copy);
    }).then(function () { return trimPages(cache); });
  });
}

function fromCache(request) {
  return caches.match(request.url, { ignoreVary: true }).then(function (hit) {
    return hit || caches.match(CONFIG.offline);
  });
}

function page(event) {
  var request = event.request;
  var network = fetch(request);
  event.waitUntil(network.then(function (response) {
    return keepable(new URL(request.url)) ? keepPage(request, response) : null;
  }).catch(function () {}));
  return new Promise(function (resolve) {
    var settled = false;
    // On a very slow connection, show the copy kept on the device rather than a blank screen.
    var timer = setTimeout(function () {
      caches.match(request.url, { ignoreVary: true }).then(function (hit) {
        if (hit && !settled) { settled = true; resolve(hit); }
      });
    }, NETWORK_WAIT_MS);
    network.then(function (response) {
      clearTimeout(timer);
      if (!settled) { settled = true; resolve(response); }
    }).catch(function () {
      clearTimeout(timer);
      if (!settled) { settled = true; resolve(fromCache(request)); }
    });
  });
}

function asset(request) {
  return caches.match(request).then(function (hit) {
    var network = fetch(request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(SHELL).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    });
    return hit || network;
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && url.pathname === "/accounts/logout/") {
    event.waitUntil(caches.delete(PAGES));
    return;
  }
  if (request.method !== "GET") return;
  if (request.headers.get("HX-Request")) return;
  if (request.mode === "navigate") {
    event.respondWith(page(event));
    return;
  }
  if (url.pathname.indexOf("/static/") === 0 || url.pathname === "/favicon.ico") {
    event.respondWith(asset(request));
  }
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var target = (event.notification.data && event.notification.data.url) || "/";
  event.waitUntil(self.clients.matchAll({ type: "window" }).then(function (windows) {
    for (var i = 0; i < windows.length; i++) {
      if (windows[i].url.indexOf(target) !== -1 && "focus" in windows[i]) return windows[i].focus();
    }
    return self.clients.openWindow(target);
  }));
});
