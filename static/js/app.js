// Shared behaviour for every page. Page-specific behaviour lives in its own static file.
(function () {
  "use strict";
  // Forms that ask for confirmation: <form data-confirm="Really?">
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });
})();
