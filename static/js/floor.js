// Floor timers: speeches, caucuses, replies. Loaded by the chair's dashboard, the projector
// and the delegates' floor page.
//
// The server renders each timer as <… data-timer data-remaining-ms="…" data-running="true">:
// the time left at the instant it answered. We count down from the moment the element arrived,
// measured on this device's monotonic clock (performance.now()), never its wall clock: a
// phone whose clock is an hour off still shows the projector's second. Every refresh from the
// server replaces the element and so corrects any drift.
//
// When a running timer reaches zero the element gets the class "is-up" (a visible cue) and,
// on screens that ask for it (data-cue), three short beeps through the Web Audio API. Browsers
// only let a page make sound after a click, so the first click anywhere unlocks the audio.
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

  var audio = null;

  function audioContext() {
    if (!audio) {
      var Context = window.AudioContext || window.webkitAudioContext;
      if (!Context) return null;
      audio = new Context();
    }
    return audio;
  }

  function unlockAudio() {
    var context = audioContext();
    if (context && context.state === "suspended") context.resume();
    document.querySelectorAll("[data-sound-state]").forEach(function (el) {
      el.textContent = t("Sound on");
    });
  }

  function beep(context, at) {
    var oscillator = context.createOscillator();
    var gain = context.createGain();
    oscillator.type = "sine";
    oscillator.frequency.value = 880;
    oscillator.connect(gain);
    gain.connect(context.destination);
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.5, at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.35);
    oscillator.start(at);
    oscillator.stop(at + 0.4);
  }

  function cue(el) {
    document.documentElement.dataset.floorCues = String(
      Number(document.documentElement.dataset.floorCues || 0) + 1
    );
    if (!el.hasAttribute("data-cue")) return;
    var context = audioContext();
    if (!context || context.state !== "running") return;
    var now = context.currentTime;
    beep(context, now);
    beep(context, now + 0.5);
    beep(context, now + 1.0);
  }

  function face(ms) {
    var seconds = Math.max(0, Math.ceil(ms / 1000 - 1e-6));
    var minutes = Math.floor(seconds / 60);
    var rest = seconds % 60;
    return minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function bind(el) {
    el._floorTimer = {
      remaining: Number(el.getAttribute("data-remaining-ms")) || 0,
      running: el.getAttribute("data-running") === "true",
      received: performance.now(),
      done: el.getAttribute("data-status") === "expired",
    };
  }

  function update(el) {
    if (!el._floorTimer) bind(el);
    var timer = el._floorTimer;
    var left = timer.remaining;
    if (timer.running) left = timer.remaining - (performance.now() - timer.received);
    left = Math.max(0, left);
    var out = el.querySelector("[data-timer-face]") || el;
    var text = face(left);
    if (out.textContent !== text) out.textContent = text;
    el.setAttribute("data-left-ms", String(Math.round(left)));
    if (left <= 0 && timer.running && !timer.done) {
      timer.done = true;
      el.classList.add("is-up");
      el.setAttribute("data-status", "expired");
      cue(el);
    }
  }

  function bindAll(root) {
    var scope = root && root.querySelectorAll ? root : document;
    if (scope.hasAttribute && scope.hasAttribute("data-timer")) bind(scope);
    scope.querySelectorAll("[data-timer]").forEach(function (el) {
      bind(el);
      update(el);
    });
  }

  function tick() {
    document.querySelectorAll("[data-timer]").forEach(update);
  }

  // Motion forms: show only the fields the chosen kind of motion takes.
  function showMotionFields(select) {
    var form = select.form;
    if (!form) return;
    form.querySelectorAll("[data-for-kinds]").forEach(function (field) {
      var kinds = field.getAttribute("data-for-kinds").split(" ");
      field.hidden = kinds.indexOf(select.value) === -1;
    });
  }

  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("[data-motion-kind]")) {
      showMotionFields(event.target);
    }
  });

  // A form whose request succeeded clears itself (the server sends the "floor-sent" event to
  // the element that made the request); a refused one keeps what was typed.
  document.addEventListener("floor-sent", function (event) {
    var form = event.target.closest ? event.target.closest("form") : null;
    if (form && form.hasAttribute("data-floor-form")) form.reset();
    if (form) form.querySelectorAll("[data-motion-kind]").forEach(showMotionFields);
  });

  document.addEventListener("click", unlockAudio, { capture: true });
  document.addEventListener("keydown", unlockAudio, { capture: true });
  // Bind at the moment new content arrives, so the countdown starts from the receipt.
  document.addEventListener("htmx:load", function (event) {
    bindAll(event.target);
  });
  document.addEventListener("DOMContentLoaded", function () {
    bindAll(document);
    document.querySelectorAll("[data-motion-kind]").forEach(showMotionFields);
  });
  window.setInterval(tick, 200);
})();
