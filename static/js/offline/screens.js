/*
 * Building blocks of the offline pages, with the same markup and classes as the server's
 * templates (macros.html, fields.html), so the two look and read alike. Elements are made
 * with the DOM, never from HTML strings: answers and question texts are never markup.
 */
(function (root) {
  "use strict";

  const RIGHT_TO_LEFT = new Set(["ar"]);

  /** An element: props are attributes (class, text, on<event>, checked...), then children. */
  function h(tag, props, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(props || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "class") element.className = value;
      else if (name === "text") element.textContent = value;
      else if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
      else if (name === "checked" || name === "value") element[name] = value;
      else element.setAttribute(name, value === true ? "" : value);
    }
    for (const child of children.flat(Infinity)) {
      if (child !== null && child !== undefined && child !== false) element.append(child);
    }
    return element;
  }

  /** `%(name)s` placeholders filled in, as the server's gettext does. */
  function fill(text, values) {
    return String(text).replace(/%\((\w+)\)s/g, (whole, name) => (
      Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole));
  }

  /** A text of the question set in that language, else English: {text, lang}. */
  function local(texts, lang) {
    if (texts && Object.prototype.hasOwnProperty.call(texts, lang)) {
      return { text: texts[lang], lang };
    }
    return { text: (texts && (texts.en || Object.values(texts)[0])) || "", lang: "en" };
  }

  /** The direction a language is written in: every `lang` gets its `dir` beside it. */
  function direction(lang) {
    return RIGHT_TO_LEFT.has(lang) ? "rtl" : "ltr";
  }

  function span(text, props) {
    return h("span", { lang: text.lang, dir: direction(text.lang),
      ...(props || {}) }, text.text);
  }

  function heading(level, text, props) {
    return h(level, { class: level === "h2" ? "heading-m" : "heading-s", tabindex: "-1",
      ...(props || {}) }, text);
  }

  // A link that moves focus to a field without touching the address (the page's route).
  function jump(targetId, text) {
    return h("a", { href: `#${targetId}`, onclick: (event) => {
      event.preventDefault();
      const target = document.getElementById(targetId);
      if (!target) return;
      target.scrollIntoView({ block: "center" });
      const field = target.matches("input, textarea") ? target
        : target.querySelector("input, textarea");
      (field || target).focus();
    } }, text);
  }

  /** The error summary: [[target, message]], a field's id or a route; nothing when none. */
  function errorSummary(words, errors) {
    if (!errors.length) return null;
    return h("div", { class: "error-summary", role: "alert", tabindex: "-1",
      "aria-labelledby": "error-summary-title" },
    h("h2", { class: "error-summary__title", id: "error-summary-title",
      text: words.text.there_is_a_problem }),
    h("ul", { class: "error-summary__list" },
      errors.map(([target, message]) => h("li", {}, target.startsWith("/")
        ? h("a", { href: `#${target}` }, message) : jump(target, message)))));
  }

  function errorMessage(words, id, message) {
    if (!message) return null;
    return h("p", { class: "error-message", id: `${id}-error` },
      h("span", { class: "visually-hidden", text: words.text.error }), ` ${message}`);
  }

  /** Radios or checkboxes: options [{value, label, extra?}] where extra is a client label. */
  function choices(words, spec) {
    const kind = spec.multiple ? "checkboxes" : "radios";
    const chosen = new Set([].concat(spec.value === undefined || spec.value === null
      ? [] : spec.value));
    const describedBy = [spec.hint ? `${spec.id}-hint` : null,
      spec.error ? `${spec.id}-error` : null].filter(Boolean).join(" ") || null;
    return h("div", { class: `form-group${spec.question ? " question" : ""}`
      + `${spec.error ? " form-group--error" : ""}`, id: `${spec.id}-group` },
    h("fieldset", { class: "fieldset", "aria-describedby": describedBy },
      h("legend", { class: `fieldset__legend fieldset__legend--${spec.legendSize || "s"}` },
        spec.legend),
      spec.hint ? h("div", { class: spec.question ? "how-to-ask" : "hint", id: `${spec.id}-hint` },
        spec.hint) : null,
      errorMessage(words, spec.id, spec.error),
      h("div", { class: kind + (spec.inline ? ` ${kind}--inline` : "") },
        spec.options.map((option, i) => h("div", { class: `${kind}__item` },
          h("input", { class: `${kind}__input`, type: spec.multiple ? "checkbox" : "radio",
            id: `${spec.id}-${i}`, name: spec.name || spec.id, value: option.value,
            checked: chosen.has(option.value), onchange: spec.onchange }),
          h("label", { class: `${kind}__label`, for: `${spec.id}-${i}` }, option.label,
            option.extra ? [" ", span(option.extra, { class: "client-label" })] : null),
          option.hint ? h("div", { class: "hint radios__hint" }, option.hint) : null)))));
  }

  /** A text box, a date box or a textarea, with its label, hint and error. */
  function input(words, spec) {
    const describedBy = [spec.hint ? `${spec.id}-hint` : null,
      spec.error ? `${spec.id}-error` : null].filter(Boolean).join(" ") || null;
    const common = { id: spec.id, name: spec.id, "aria-describedby": describedBy,
      oninput: spec.oninput, onchange: spec.onchange };
    const box = spec.type === "textarea"
      ? h("textarea", { class: `textarea${spec.error ? " textarea--error" : ""}`, rows: "4",
        maxlength: spec.maxlength || null, ...common }, spec.value || "")
      : h("input", { class: `input ${spec.width || ""}${spec.error ? " input--error" : ""}`,
        type: spec.type || "text", value: spec.value === undefined || spec.value === null
          ? "" : String(spec.value), inputmode: spec.inputmode || null, max: spec.max || null,
        autocomplete: "off", spellcheck: "false", ...common });
    return h("div", { class: `form-group${spec.question ? " question" : ""}`
      + `${spec.error ? " form-group--error" : ""}`, id: `${spec.id}-group` },
    h("label", { class: `label label--${spec.labelSize || "s"}`, for: spec.id }, spec.label),
    spec.hint ? h("div", { class: spec.question ? "how-to-ask" : "hint", id: `${spec.id}-hint` },
      spec.hint) : null,
    errorMessage(words, spec.id, spec.error), box);
  }

  function button(text, onclick, kind) {
    return h("button", { type: "button", class: `button${kind ? ` button--${kind}` : ""}`,
      onclick }, text);
  }

  function banner(text, kind) {
    return h("div", { class: `banner banner--${kind || "info"}`, role: "status" },
      h("p", { class: "banner__text" }, text));
  }

  root.OfflineScreens = Object.freeze({
    h, fill, local, direction, span, heading, jump, errorSummary, choices, input, button, banner,
  });
})(window);
