/* Lesson widgets on the static book's pages, with no kernel and no network.
 *
 * tools/book_widgets.py writes each widget as plain HTML controls (disabled until this script
 * runs), its outputs showing the starting settings, and a JSON block of frames: for every
 * combination of the controls' values (a key such as "2.0.1", one index per control, plus 0/1
 * for "button pressed" when the widget has a button) the HTML fragments its outputs show.
 * This script shows the frame for the controls' current combination. An option whose
 * combination has no frame is disabled; a control that the widget puts back to its starting
 * value when another changes ("resets") is put back here too.
 */
(function () {
  "use strict";

  function setUp(root) {
    const began = performance.now();
    const data = JSON.parse(root.querySelector("script.widgets-data").textContent);
    const controls = Array.from(root.querySelectorAll("[data-control]"));
    const texts = Array.from(root.querySelectorAll("[data-text]"));
    const buttonBox = root.querySelector("[data-button]");
    const slots = Array.from(root.querySelectorAll("[data-slot]"));
    const start = data.start.split(".").map(Number);
    let state = start.slice();
    const shown = data.frames[data.start].o.slice();

    const key = (s) => s.join(".");
    const available = (s) => Object.prototype.hasOwnProperty.call(data.frames, key(s));

    /* The combination after the reader sets control i to option k. */
    function candidate(i, k) {
      const next = state.slice();
      next[i] = k;
      (data.resets[i] || []).forEach((j) => { next[j] = start[j]; });
      if (data.button) next[next.length - 1] = 0;
      return next;
    }

    /* The combination the reader reaches by setting control i to option k, or null. When the
       page has no frame for it, the controls after i go back to their starting values, one
       after another, until it has one (unticking IV puts the IV dose back). */
    function reach(i, k) {
      const next = candidate(i, k);
      for (let j = i + 1; j < data.values.length && !available(next); j += 1) next[j] = start[j];
      return available(next) ? next : null;
    }

    function change(i, k) {
      state = reach(i, k) || state;
      render();
    }

    function override(frame, element) {
      const index = element.dataset.index;
      return frame.c && index in frame.c ? data.fragments[frame.c[index]] : null;
    }

    /* A readout that sits with a long table is not itself a live region (a screen reader
       would read the whole table): its sentence is said through the widget's status line. */
    const status = root.querySelector(".widgets-status");

    function render() {
      const frame = data.frames[key(state)];
      const said = [];
      frame.o.forEach((id, n) => {
        if (shown[n] !== id) {
          slots[n].innerHTML = data.fragments[id];
          shown[n] = id;
          const readout = slots[n].querySelector(".readout") || slots[n].querySelector("caption");
          if (!slots[n].hasAttribute("aria-live") && readout) said.push(readout.textContent);
        }
      });
      if (said.length) status.textContent = said.join(" ");
      controls.forEach((element, i) => sync(element, i, frame));
      texts.forEach((element) => {
        const text = override(frame, element);
        if (text !== null) element.querySelector("textarea").value = text;
      });
      if (buttonBox) buttonBox.querySelector("button").disabled = false;
    }

    function others(i) {
      return data.values[i].some((_, k) => k !== state[i] && reach(i, k));
    }

    function sync(element, i, frame) {
      const k = state[i];
      const label = override(frame, element) || data.values[i][k];
      const input = element.querySelector("input, select");
      if (element.classList.contains("widgets-range")) {
        input.value = String(k);
        input.setAttribute("aria-valuetext", label);
        element.querySelector("output").textContent = label;
        input.disabled = !others(i);
      } else if (element.classList.contains("widgets-number")) {
        input.value = label;
        input.disabled = !others(i);
      } else if (element.classList.contains("widgets-select")) {
        input.value = String(k);
        Array.from(input.options).forEach((option, n) => {
          option.disabled = n !== k && !reach(i, n);
        });
        input.disabled = false;
      } else if (element.classList.contains("widgets-radio")) {
        element.querySelectorAll("input").forEach((radio) => {
          const n = Number(radio.value);
          radio.checked = n === k;
          radio.disabled = n !== k && !reach(i, n);
        });
      } else if (element.classList.contains("widgets-checkbox")) {
        input.checked = k === 1;
        input.disabled = !reach(i, 1 - k);
      }
    }

    controls.forEach((element, i) => {
      const read = (target) => {
        if (element.classList.contains("widgets-checkbox")) return target.checked ? 1 : 0;
        if (element.classList.contains("widgets-number")) {
          const wanted = Number(target.value);
          const numbers = data.values[i].map(Number);
          return numbers.reduce((best, value, n) =>
            Math.abs(value - wanted) < Math.abs(numbers[best] - wanted) ? n : best, 0);
        }
        return Number(target.value);
      };
      const kind = element.classList.contains("widgets-range") ? "input" : "change";
      element.addEventListener(kind, (event) => change(i, read(event.target)));
    });
    if (buttonBox) {
      buttonBox.querySelector("button").addEventListener("click", () => {
        const next = state.slice();
        next[next.length - 1] = 1;
        if (available(next)) state = next;
        render();
      });
    }
    render();
    /* When the widget became interactive (ms since the page was opened), and the set-up's own
       time: tests/test_book_widgets.py reads both. */
    root.dataset.ready = String(Math.round(performance.now()));
    root.dataset.setupMs = (performance.now() - began).toFixed(1);
  }

  function setUpAll() {
    document.querySelectorAll(".widgets-static").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
}());
