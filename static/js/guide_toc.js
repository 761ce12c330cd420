// Guide reader: highlight the section being read in the table of contents. Without JS the
// contents are plain anchor links and everything still works.
(function () {
  "use strict";
  var toc = document.querySelector("[data-guide-toc]");
  if (!toc) return;
  var links = {};
  toc.querySelectorAll("a[href^='#']").forEach(function (link) {
    links[decodeURIComponent(link.getAttribute("href").slice(1))] = link;
  });
  var sections = Array.prototype.slice.call(document.querySelectorAll("[data-guide-section]"));
  var narrow = window.matchMedia("(max-width: 860px)");
  // On a phone the contents start folded so the text comes first; tapping a link folds them.
  if (narrow.matches) toc.removeAttribute("open");
  toc.addEventListener("click", function (event) {
    if (event.target.closest("a") && narrow.matches) toc.removeAttribute("open");
  });
  var current = null;
  function mark(id) {
    var link = links[id];
    if (!link || link === current) return;
    if (current) {
      current.classList.remove("is-current");
      current.removeAttribute("aria-current");
    }
    link.classList.add("is-current");
    link.setAttribute("aria-current", "location");
    current = link;
    if (!narrow.matches && link.scrollIntoView) {
      var box = toc.closest(".guide-toc");
      var top = link.offsetTop - box.scrollTop;
      if (top < 0 || top > box.clientHeight - 40) box.scrollTop = link.offsetTop - 80;
    }
  }
  function update() {
    // The current section is the last one whose heading has passed the top fifth of the screen.
    var line = window.innerHeight * 0.2;
    var found = sections[0];
    for (var i = 0; i < sections.length; i++) {
      if (sections[i].getBoundingClientRect().top <= line) found = sections[i];
      else break;
    }
    if (found) mark(found.id);
  }
  var pending = false;
  window.addEventListener("scroll", function () {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () {
      pending = false;
      update();
    });
  }, { passive: true });
  update();
})();
