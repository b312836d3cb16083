/* motcua – small progressive enhancements; every page works without this file. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    // Error summary pattern: move focus to the summary so screen readers announce it.
    var summary = document.querySelector(".mc-error-summary");
    if (summary) { summary.focus(); }
  });
})();

/* Procedure pages: <button data-print hidden> prints the page; it stays hidden without JS. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("button[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  });
})();
