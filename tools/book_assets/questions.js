/*
 * "Pause and predict" questions in the static book (tools/book_questions.py writes them).
 *
 * Every feedback text was written when the book was built, by the same Python that JupyterLab
 * runs, into hidden elements of the question's form. This script only judges the answer and
 * shows the state that applies, by the rule of ketamine_course.core.quiz:
 * a first wrong answer gets the hint; a later one, or "Show the answer", the answer and the
 * explanation; a right answer, at any time, the explanation. Nothing here is loaded from the
 * network and nothing is sent anywhere.
 *
 * As wiring.after_question does in JupyterLab, an output held back for a question (a
 * ".kc-held-block" whose data-held-for names it, written by tools/book.py) shows only the
 * course's note until the learner's first judged answer or "Show the answer": the question's
 * form then fires a "kc-question-tried" event (detail: {question: "q02-3"}) on the document,
 * and the held block is shown. Without JavaScript the held output simply shows.
 */
(function () {
  "use strict";

  // Python's float() syntax (ASCII digits): 5, -5, 5., .5, 5.0e3, 1_000, inf, nan.
  var DIGITS = "[0-9](?:_?[0-9])*";
  var NUMBER = new RegExp("^[+-]?(?:(?:" + DIGITS + ")?\\." + DIGITS + "|" + DIGITS +
                          "\\.?)(?:[eE][+-]?" + DIGITS + ")?$");
  var SPECIAL = /^([+-]?)(inf|infinity|nan)$/i;

  /**
   * Read typed text as quiz.parse_number does: "5", "5.0", " 5 % " and "1,234" are numbers;
   * returns null for an empty box and undefined for text that is not a number.
   */
  function parseNumber(text) {
    var cleaned = text.trim().replace(/%+$/, "").trim().replace(/,/g, "");
    if (cleaned === "") {
      return null;
    }
    var body = cleaned.trim();
    var special = SPECIAL.exec(body);
    if (special) {
      var value = special[2].toLowerCase() === "nan" ? NaN : Infinity;
      return special[1] === "-" ? -value : value;
    }
    return NUMBER.test(body) ? Number(body.replace(/_/g, "")) : undefined;
  }

  /**
   * Judge a response to the question whose form is given: "right", "wrong", "empty" (nothing
   * to judge yet) or "invalid" (typed text that is not a number). A choice is the option's
   * index as text; a number question accepts the answer within the bank's tolerance.
   */
  function judge(form, response) {
    if (response === null || response === undefined) {
      return "empty";
    }
    if (form.dataset.kind === "choice") {
      return response === form.dataset.right ? "right" : "wrong";
    }
    var value = parseNumber(response);
    if (value === null) {
      return "empty";
    }
    if (value === undefined) {
      return "invalid";
    }
    var answer = Number(form.dataset.answer);
    var tolerance = Number(form.dataset.tolerance);
    return Math.abs(value - answer) <= tolerance + 1e-12 ? "right" : "wrong";
  }

  /** Copy the state ``name`` into the question's live region; put ``typed`` in if asked. */
  function show(form, name, typed) {
    var state = form.querySelector('.kc-state[data-state="' + name + '"]');
    var live = form.querySelector(".kc-feedback");
    live.innerHTML = state.innerHTML;
    var slot = live.querySelector(".kc-typed");
    if (slot) {
      slot.textContent = typed;
    }
    live.dataset.shown = name;
  }

  /** The learner's response: the picked option's index, or the typed text (null if none). */
  function response(form) {
    if (form.dataset.kind === "choice") {
      var picked = form.querySelector("input[type=radio]:checked");
      return picked ? picked.value : null;
    }
    return form.querySelector("input[type=text]").value;
  }

  /** Tell the page the learner has tried the question (a judged answer, or the answer shown). */
  function tried(form) {
    document.dispatchEvent(new CustomEvent("kc-question-tried",
                                           {detail: {question: form.dataset.question}}));
  }

  function setUp(form) {
    var wrongSoFar = 0;
    var tries = Number(form.dataset.tries);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var given = response(form);
      var verdict = judge(form, given);
      if (verdict === "wrong") {
        verdict = wrongSoFar + 1 < tries ? "hint" : "wrong";
        wrongSoFar += 1;
      }
      show(form, verdict, given);
      if (verdict !== "empty" && verdict !== "invalid") {
        tried(form);
      }
    });
    form.querySelector(".kc-show").addEventListener("click", function () {
      show(form, "shown", "");
      tried(form);
    });
  }

  /** Show (true) or hold back (false) a held block: its output, or the note in its place. */
  function release(block, shown) {
    block.querySelector(".kc-held").hidden = !shown;
    block.querySelector(".kc-held-note").hidden = shown;
    block.dataset.held = shown ? "shown" : "held";
  }

  document.addEventListener("kc-question-tried", function (event) {
    var selector = '.kc-held-block[data-held-for="' + event.detail.question + '"]';
    document.querySelectorAll(selector).forEach(function (block) {
      release(block, true);
    });
  });

  window.kcQuestions = {parseNumber: parseNumber, judge: judge};
  function setUpAll() {
    document.querySelectorAll(".kc-held-block").forEach(function (block) {
      release(block, false);
    });
    document.querySelectorAll("form.kc-question").forEach(setUp);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
