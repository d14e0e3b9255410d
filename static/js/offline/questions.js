/*
 * A question of the set as a field, its answer read back, checked with the same messages as
 * the server's forms (screening/web/practitioner/forms.py), and shown in words
 * (screening/web/practitioner/answers.py).
 */
(function (root) {
  "use strict";

  const { h, fill, local, span, choices, input } = root.OfflineScreens;
  const YES_NO_ORDER = ["yes", "no", "dont_know", "not_asked"];

  function today() {
    const now = new Date();
    const pad = (n) => String(n).padStart(2, "0");
    return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  }

  function fieldId(question) {
    return `q-${question.id}`;
  }

  // The served definition gives each text question the limit that applies (screening/limits.py).
  function textLimit(question) {
    return question.max_length;
  }

  function legend(words, question, number, total, clientLang, uiLang) {
    const client = local(question.text, clientLang);
    const own = local(question.text, uiLang);
    return [h("span", { class: "caption" }, fill(words.text.question_of, { number, total })),
      " ", span(client, { class: "client-text" }),
      own.text !== client.text ? [" ", span(own, { class: "practitioner-text" })] : null];
  }

  function guidance(words, question, uiLang) {
    return [h("p", {}, h("strong", {}, words.text.how_to_ask), " ",
      span(local(question.how_to_ask, uiLang))),
    h("details", { class: "details" },
      h("summary", { class: "details__summary" }, words.text.why_we_ask),
      h("p", { class: "details__text" }, span(local(question.why_we_ask, uiLang))))];
  }

  /** The field of a question; `view`: {number, total, clientLang, uiLang, value, raw, error}. */
  function field(words, question, view, onchange) {
    const id = fieldId(question);
    const common = { id, question: true, error: view.error, onchange,
      hint: guidance(words, question, view.uiLang) };
    const label = legend(words, question, view.number, view.total, view.clientLang, view.uiLang);
    if (question.type === "yes_no" || question.type === "single"
        || question.type === "multiple") {
      const options = question.type === "yes_no"
        ? YES_NO_ORDER.map((value) => {
          const own = words.labels.yes_no[value];
          const client = (words.client_yes_no[view.clientLang] || {})[value];
          return { value, label: own, extra: client && client.text !== own ? client : null };
        })
        : question.options.map((option) => {
          const own = local(option.label, view.uiLang);
          const client = local(option.label, view.clientLang);
          return { value: option.id, label: own.text,
            extra: client.text !== own.text ? client : null };
        });
      return choices(words, { ...common, legend: label, legendSize: "m", options,
        value: view.value, multiple: question.type === "multiple",
        inline: question.type === "yes_no" });
    }
    const shown = view.raw !== undefined ? view.raw : view.value;
    const kinds = {
      number: { type: "text", inputmode: "numeric", width: "input--width-3" },
      date: { type: "date", width: "input--width-10", max: today() },
      text: { type: "textarea", maxlength: String(textLimit(question)) },
    };
    return input(words, { ...common, ...kinds[question.type], label, labelSize: "m",
      value: shown, oninput: onchange });
  }

  /** What the page holds for a question: {value (null: none), raw, valid}. */
  function read(question, container) {
    const id = fieldId(question);
    if (question.type === "yes_no" || question.type === "single") {
      const picked = container.querySelector(`input[name="${id}"]:checked`);
      return { value: picked ? picked.value : null, valid: true };
    }
    if (question.type === "multiple") {
      const picked = [...container.querySelectorAll(`input[name="${id}"]:checked`)]
        .map((box) => box.value);
      return { value: picked.length ? picked : null, valid: true };
    }
    const box = container.querySelector(`#${CSS.escape(id)}`);
    const raw = box ? box.value : "";
    const text = raw.trim();
    if (!text) return { value: null, raw, valid: true };
    if (question.type === "number") {
      const whole = /^[+-]?[0-9]+$/.test(text) ? Number(text) : NaN;
      const inRange = Number.isSafeInteger(whole)
        && (question.min === null || question.min === undefined || whole >= question.min)
        && (question.max === null || question.max === undefined || whole <= question.max);
      return { value: inRange ? whole : null, raw, valid: inRange };
    }
    if (question.type === "date") {
      const real = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(text)
        && !Number.isNaN(Date.parse(`${text}T00:00:00Z`));
      return { value: real && text <= today() ? text : null, raw, valid: real,
        future: real && text > today() };
    }
    return { value: text.length <= textLimit(question) ? text : null, raw,
      valid: text.length <= textLimit(question) };
  }

  /** The message for a question's answer on the page, or null when it is fine. */
  function problem(words, question, found, number) {
    const say = (name, extra) => fill(words.messages[name], { number, ...(extra || {}) });
    const missing = found.value === null && found.valid;
    if (question.type === "yes_no") {
      if (question.required && missing) return say("SELECT_YES_NO");
      if (question.required && found.value === "not_asked") return say("NOT_ASKED_REQUIRED");
    } else if (question.type === "single") {
      if (question.required && missing) return say("SELECT_ONE");
    } else if (question.type === "multiple") {
      if (question.required && missing) return say("SELECT_AT_LEAST_ONE");
    } else if (question.type === "number") {
      if (!found.valid || (question.required && missing)) {
        const ranged = question.min !== null && question.min !== undefined
          && question.max !== null && question.max !== undefined;
        return ranged ? say("WHOLE_NUMBER_RANGE", { min: question.min, max: question.max })
          : say("WHOLE_NUMBER");
      }
    } else if (question.type === "date") {
      if (found.future) return say("DATE_NOT_FUTURE");
      if (!found.valid || (question.required && missing)) return say("DATE_FORMAT");
    } else if (question.type === "text") {
      if (!found.valid) return say("TEXT_TOO_LONG", { max: textLimit(question) });
      if (question.required && missing) return say("ENTER_TEXT");
    }
    return null;
  }

  /** The answer as a practitioner reads it; "Not answered" when there is none. */
  function answerText(words, question, value, uiLang) {
    if (value === null || value === undefined || value === "" || (Array.isArray(value)
        && !value.length)) return words.text.not_answered;
    if (question.type === "yes_no") return words.labels.yes_no[value] || String(value);
    const options = {};
    for (const option of question.options || []) {
      options[option.id] = local(option.label, uiLang).text;
    }
    if (question.type === "single") return options[value] || String(value);
    if (question.type === "multiple") return value.map((v) => options[v] || String(v)).join(", ");
    return String(value);
  }

  root.OfflineQuestions = Object.freeze({ field, read, problem, answerText, fieldId, today });
})(window);
