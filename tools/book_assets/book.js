/*
 * Boxes that scroll sideways (a figure kept legible on a phone, a wide table, a long line of
 * code) can be scrolled with the keyboard: each gets a tab stop, but only while it scrolls.
 */
(function () {
  "use strict";
  var SCROLLERS = ".bd-content figure.course-figure, .bd-content .cell_output .output, " +
                  ".bd-content div.highlight pre";

  function markScrollers() {
    document.querySelectorAll(SCROLLERS).forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.tabIndex = 0;
        box.dataset.kcScroller = "given";  // a tab stop this script gave, and may take back
      } else if (!scrolls && box.dataset.kcScroller === "given") {
        box.removeAttribute("tabindex");
        delete box.dataset.kcScroller;
      }
    });
  }

  window.addEventListener("load", markScrollers);
  window.addEventListener("resize", markScrollers);
})();
