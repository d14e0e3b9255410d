/*
 * A question page, as answers are chosen: questions the answers call for appear on the same
 * page (and go again), numbered as they show, by the same show-if rules the server applies
 * (ScreeningEngine.visibleAnswers over #page-rules); an answer that calls for 999 shows that
 * action at once, under the question (screening/questionnaire/immediate.py chose which); and a
 * letter key on a question's radios picks the answer starting with it and moves to the next
 * question. Without this script the server shows the same after the page is sent.
 */
(function () {
  "use strict";

  const form = document.querySelector("form[data-question-page]");
  const rulesNode = document.getElementById("page-rules");
  const engine = window.ScreeningEngine;
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

  function showImmediate(group) {
    const value = answerOf(group);
    for (const banner of group.querySelectorAll("[data-immediate]")) {
      const values = JSON.parse(banner.dataset.immediate);
      const chosen = [].concat(value === undefined ? [] : value);
      banner.hidden = group.hidden || !chosen.some((v) => values.includes(v));
    }
  }

  function refresh() {
    if (engine) {
      const shown = new Set(engine.visibleAnswers(rules, answers(), rules.parameters).shown);
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
      const visible = groups.filter((group) => !group.hidden);
      visible.forEach((group, i) => {
        const caption = group.querySelector("[data-caption]");
        if (caption) {
          caption.textContent = form.dataset.caption.replace("%(number)s", String(i + 1))
            .replace("%(total)s", String(visible.length));
        }
      });
      form.elements.shown.value = visible.map((group) => group.dataset.question).join(" ");
    }
    groups.forEach(showImmediate);
  }

  // A letter picks the answer whose label starts with it, then the next question has focus:
  // one key an answer. Arrows, Space and Tab work as always.
  function nextStop(group) {
    const later = groups.slice(groups.indexOf(group) + 1).find((g) => !g.hidden);
    if (!later) return form.querySelector("button[type=submit]");
    const inputs = inputsOf(later);
    return inputs.find((input) => input.checked) || inputs[0];
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

  form.addEventListener("change", refresh);
  form.addEventListener("input", refresh);
  form.addEventListener("keydown", pickByLetter);
  refresh();
})();
