/*
 * A question page, as answers are chosen: questions the answers call for appear on the same
 * page (and go again), numbered as they show, by the set's show-if rules (#page-rules); an answer that calls for 999 shows that
 * action at once, under the question (screening/questionnaire/immediate.py chose which); and a
 * letter key on a question's radios picks the answer starting with it and moves to the next
 * question; on arrival the first question without an answer has focus. Without this script the
 * server shows the same after the page is sent.
 *
 * The show-if rules are read here with the comparisons of static/js/engine.js (which the
 * offline app uses, 8 KB more on a first load): only what a show-if may say (question, count,
 * all, any, not). This only decides what is on screen; the server decides what is asked when
 * the page is sent, and shows any question this missed with a note.
 */
(function () {
  "use strict";

  const form = document.querySelector("form[data-question-page]");
  const rulesNode = document.getElementById("page-rules");
  if (!form || !rulesNode) return;
  const rules = JSON.parse(rulesNode.textContent);
  const types = Object.fromEntries(rules.questions.map((q) => [q.id, q.type]));
  const groups = [...form.querySelectorAll("[data-question]")];

  function inputsOf(group) {
    return [...group.querySelectorAll("input:not([type=hidden]), textarea")];
  }

  /** The answer a group holds now, as the question set stores it (undefined: none). */
  function answerOf(group) {
    const type = types[group.dataset.question];
    const inputs = inputsOf(group);
    if (type === "multiple") {
      const picked = inputs.filter((box) => box.checked).map((box) => box.value);
      return picked.length ? picked : undefined;
    }
    if (type === "yes_no" || type === "single") {
      const picked = inputs.find((radio) => radio.checked);
      return picked ? picked.value : undefined;
    }
    const text = inputs.length ? inputs[0].value.trim() : "";
    if (!text) return undefined;
    if (type === "number") return /^[+-]?[0-9]+$/.test(text) ? Number(text) : undefined;
    return text;
  }

  function answers() {
    const found = { ...rules.answers };
    for (const group of groups) {
      const value = answerOf(group);
      if (value !== undefined) found[group.dataset.question] = value;
    }
    return found;
  }

  /* Show-if, as static/js/engine.js and screening/questionnaire/rules.py read it ------------- */

  function same(a, b) {
    if (Array.isArray(a) && Array.isArray(b)) {
      return a.length === b.length && a.every((item, i) => same(item, b[i]));
    }
    return a === b;
  }

  function value(given) {
    return given && typeof given === "object" && "parameter" in given
      ? rules.parameters[given.parameter] : given;
  }

  const numeric = (a, b) => typeof a === "number" && typeof b === "number";
  const COMPARE = {
    equals: same, not_equals: (a, b) => !same(a, b),
    in: (a, b) => Array.isArray(b) && b.some((item) => same(item, a)),
    includes: (a, b) => Array.isArray(a) && a.some((item) => same(item, b)),
    gt: (a, b) => numeric(a, b) && a > b, gte: (a, b) => numeric(a, b) && a >= b,
    lt: (a, b) => numeric(a, b) && a < b, lte: (a, b) => numeric(a, b) && a <= b,
  };

  function compare(condition, actual) {
    const op = Object.keys(condition).find((key) => key in COMPARE);
    return op !== undefined && COMPARE[op](actual, value(condition[op]));
  }

  function holds(condition, kept) {
    if ("all" in condition) return condition.all.every((part) => holds(part, kept));
    if ("any" in condition) return condition.any.some((part) => holds(part, kept));
    if ("not" in condition) return !holds(condition.not, kept);
    if ("question" in condition) {
      const answer = kept[condition.question];
      const answered = answer !== undefined && answer !== null && answer !== "not_asked";
      if ("answered" in condition) return answered === Boolean(condition.answered);
      return answered && compare(condition, answer);
    }
    if ("count" in condition) {
      const spec = condition.count;
      return compare(condition, spec.questions.filter((id) => same(kept[id], spec.equals))
        .length);
    }
    return true; // not a show-if the loader allows: leave it to the server
  }

  /** The questions shown, in order: a hidden question's answer counts for nothing after. */
  function visible(answers) {
    const shown = new Set();
    const kept = {};
    for (const question of rules.questions) {
      if (!question.show_if || holds(question.show_if, kept)) {
        shown.add(question.id);
        if (question.id in answers) kept[question.id] = answers[question.id];
      }
    }
    return shown;
  }

  function showImmediate(group) {
    const value = answerOf(group);
    for (const banner of group.querySelectorAll("[data-immediate]")) {
      const values = JSON.parse(banner.dataset.immediate);
      const chosen = [].concat(value === undefined ? [] : value);
      banner.hidden = group.hidden || !chosen.some((v) => values.includes(v));
    }
  }

  function refresh() {
    const shown = visible(answers());
    for (const group of groups) group.hidden = !shown.has(group.dataset.question);
    for (const heading of form.querySelectorAll("[data-section]")) {
      let next = heading.nextElementSibling;
      let any = false;
      while (next && next.matches("[data-question]")) {
        any = any || !next.hidden;
        next = next.nextElementSibling;
      }
      heading.hidden = !any;
    }
    const onScreen = groups.filter((group) => !group.hidden);
    onScreen.forEach((group, i) => {
      const caption = group.querySelector("[data-caption]");
      if (caption) {
        caption.textContent = form.dataset.caption.replace("%(number)s", String(i + 1))
          .replace("%(total)s", String(onScreen.length));
      }
    });
    form.elements.shown.value = onScreen.map((group) => group.dataset.question).join(" ");
    groups.forEach(showImmediate);
  }

  function stopIn(group) {
    const inputs = inputsOf(group);
    return inputs.find((input) => input.checked) || inputs[0];
  }

  // A letter picks the answer whose label starts with it, then the next question has focus:
  // one key an answer. Arrows, Space and Tab work as always.
  function nextStop(group) {
    const later = groups.slice(groups.indexOf(group) + 1).find((g) => !g.hidden);
    return later ? stopIn(later) : form.querySelector("button[type=submit]");
  }

  function pickByLetter(event) {
    const radio = event.target;
    if (!radio.matches("input[type=radio]") || event.altKey || event.ctrlKey || event.metaKey
        || event.key.length !== 1 || !/\p{L}/u.test(event.key)) return;
    const group = radio.closest("[data-question]");
    const letter = event.key.toLocaleLowerCase();
    const match = inputsOf(group).find((input) => {
      const label = form.querySelector(`label[for="${CSS.escape(input.id)}"]`);
      return label && label.textContent.trim().toLocaleLowerCase().startsWith(letter);
    });
    if (!match) return;
    event.preventDefault();
    match.checked = true;
    match.dispatchEvent(new Event("change", { bubbles: true }));
    const stop = nextStop(group);
    if (stop) stop.focus();
  }

  // The keyboard starts at the first question without an answer, or at the question a change
  // link names; an error summary keeps the focus it takes (GOV.UK).
  function focusOnArrival() {
    if (document.querySelector(".error-summary")) return;
    const named = groups.find((g) => !g.hidden && `#${g.id}` === location.hash);
    const group = named || groups.find((g) => !g.hidden && answerOf(g) === undefined);
    if (group) stopIn(group).focus();
  }

  form.addEventListener("change", refresh);
  form.addEventListener("input", refresh);
  form.addEventListener("keydown", pickByLetter);
  refresh();
  focusOnArrival();
})();
