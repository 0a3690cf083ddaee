/*
 * Readable on any screen. A course figure never shrinks below the width its text was drawn
 * legible at (--kc-figure-width in book.css, or its natural width if smaller): on a phone its
 * <figure> scrolls sideways instead. Boxes that scroll sideways (such a figure, a wide table, a
 * long line of code) can be scrolled with the keyboard: each gets a tab stop while it scrolls.
 */
(function () {
  "use strict";
  var FIGURES = ".bd-content figure.course-figure img";

  /** Give a figure's image its minimum width, from its natural width (known once loaded). */
  function keepLegible(image) {
    var legible = parseFloat(getComputedStyle(document.documentElement)
      .getPropertyValue("--kc-figure-width"));
    if (image.naturalWidth > 0 && legible > 0) {
      image.style.minWidth = Math.min(image.naturalWidth, legible) + "px";
    }
  }

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

  function keepLoadedFiguresLegible() {
    document.querySelectorAll(FIGURES).forEach(function (image) {
      if (image.complete) {
        keepLegible(image);
      }
    });
    markScrollers();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", keepLoadedFiguresLegible);
  } else {
    keepLoadedFiguresLegible();
  }
  // An image that loads later, or shows another figure (a widget's next frame), is kept too.
  document.addEventListener("load", function (event) {
    if (event.target.matches && event.target.matches(FIGURES)) {
      keepLegible(event.target);
      markScrollers();
    }
  }, true);
  window.addEventListener("load", markScrollers);
  window.addEventListener("resize", markScrollers);
})();
