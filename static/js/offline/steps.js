/*
 * The offline screening's steps before the result: the opening statement, a section per page
 * (answers saved as they are entered; questions appear and go as show-if rules say), and
 * check your answers only when a required answer is missing, as the server's opening.html,
 * questions/page.html and check.html. The last page leads to the result (result.js).
 */
(function (root) {
  "use strict";

  const { h, fill, local, direction, span, heading, errorSummary, button, banner } = root.OfflineScreens;
  const Q = root.OfflineQuestions;

  function clientLanguageNote(ctx, screening) {
    const T = ctx.words.text;
    const unreviewed = (ctx.questionSet().unreviewed_languages || [])
      .includes(screening.client_language);
    if (screening.client_language === ctx.uiLang && !unreviewed) return null;
    return h("p", { class: "client-language" }, `${T.client_shown} `,
      h("strong", { lang: screening.client_language, dir: direction(screening.client_language) },
        ctx.words.endonyms[screening.client_language] || screening.client_language),
      unreviewed ? [" ", h("strong", { class: "tag tag--orange" }, T.unreviewed)] : null);
  }

  function opening(ctx, options) {
    const T = ctx.words.text;
    const screening = ctx.current();
    const statement = ctx.questionSet().opening_statement;
    const client = local(statement, screening.client_language);
    const own = local(statement, ctx.uiLang);
    const error = (options.errors || {}).agreed;
    return [
      clientLanguageNote(ctx, screening),
      errorSummary(ctx.words, error ? [["agreed", error]] : []),
      h("span", { class: "caption caption--l" }, `${T.reference} ${screening.client_reference}`),
      heading("h2", T.read_first, { class: "heading-l" }),
      h("div", { class: "statement" }, h("p", { class: "client-text" }, span(client)),
        own.text !== client.text ? h("p", { class: "practitioner-text" }, span(own)) : null),
      h("div", { class: `form-group${error ? " form-group--error" : ""}` },
        error ? h("p", { class: "error-message", id: "agreed-error" },
          h("span", { class: "visually-hidden" }, T.error), ` ${error}`) : null,
        h("div", { class: "checkboxes" }, h("div", { class: "checkboxes__item" },
          h("input", { class: "checkboxes__input", type: "checkbox", id: "agreed",
            checked: Boolean(screening.opening_accepted_at),
            "aria-describedby": error ? "agreed-error" : null }),
          h("label", { class: "checkboxes__label", for: "agreed" }, T.agreed)))),
      button(T.to_questions, () => accept(ctx)),
      heading("h3", T.not_wanted),
      h("p", { class: "body" }, T.not_wanted_text),
      button(T.stop, async () => {
        await ctx.device.remove(screening.id);
        ctx.go("/");
      }, "secondary"),
    ];
  }

  async function accept(ctx) {
    if (!document.getElementById("agreed").checked) {
      return ctx.render({ errors: { agreed: ctx.words.messages.CONFIRM_OPENING } });
    }
    const screening = ctx.current();
    screening.opening_accepted_at = screening.opening_accepted_at || new Date().toISOString();
    screening.page = ctx.pages(ctx.shown(screening.answers))[0]
      ?? ctx.questionSet().sections.length;
    await ctx.persist();
    return ctx.go(ctx.resumePath(screening));
  }

  /* The action an answer calls for at once (999): which answers do is in the served set's
   * `immediate_actions`, worked out by the tool from the set's rules. */
  function immediateFor(ctx, questionId) {
    return (ctx.questionSet().immediate_actions || []).filter((a) => a.question === questionId);
  }

  function triggers(action, value) {
    return [].concat(value === undefined || value === null ? [] : value)
      .some((v) => action.values.includes(v));
  }

  function immediateBanner(ctx, action) {
    return h("div", { class: "immediate-action", role: "alert", "data-immediate-action": "" },
      h("p", { class: "immediate-action__label" }, span(local(action.label, ctx.uiLang))),
      h("p", { class: "immediate-action__text" }, span(local(action.action, ctx.uiLang))));
  }

  /** Banners for answers already given (one per service), for the top of later pages. */
  function immediateNow(ctx, answers, except) {
    const seen = new Set();
    return (ctx.questionSet().immediate_actions || []).filter((a) => !except.has(a.question)
      && triggers(a, answers[a.question]) && !seen.has(a.service) && seen.add(a.service))
      .map((a) => immediateBanner(ctx, a));
  }

  async function answered(ctx, question, number) {
    const found = Q.read(question, document);
    const screening = ctx.current();
    const answers = screening.answers;
    if (screening.result) {
      // Changed after the result: in progress again until this page is sent and scored.
      Object.assign(screening, { result: null, completed_at: null, page: number,
        state: "in_progress", problems: null });
    }
    const before = [...ctx.shown(answers)].join();
    const urgent = immediateFor(ctx, question.id);
    ctx.raw()[question.id] = found.raw;
    if (found.value !== null) answers[question.id] = found.value;
    else if (found.valid) delete answers[question.id];
    if (urgent.length) {
      // Shown before the answer is even saved: nothing may delay the call.
      const group = document.getElementById(`${Q.fieldId(question)}-group`);
      const shownNow = urgent.filter((a) => triggers(a, found.value));
      if (group) group.querySelectorAll("[data-immediate-action]").forEach((n) => n.remove());
      if (group) group.append(...shownNow.map((a) => immediateBanner(ctx, a)));
    }
    await ctx.persist(); // an entry that is not valid yet leaves the saved answer as it was
    if ([...ctx.shown(answers)].join() !== before) {
      ctx.render({ keepFocus: document.activeElement ? document.activeElement.id : null });
    }
  }

  /** A section's page; null when nothing on it is asked with these answers. */
  function page(ctx, number, change, options) {
    const { words, uiLang } = ctx;
    const T = words.text;
    const screening = ctx.current();
    const asked = ctx.shown(screening.answers);
    const questions = ctx.questionsOn(number, asked);
    if (!questions.length) return null;
    const numbers = ctx.pages(asked);
    const errors = options.errors || {};
    const section = ctx.questionSet().sections[number];
    const client = local(section.title, screening.client_language);
    const own = local(section.title, uiLang);
    const previous = numbers.filter((p) => p < number).pop();
    const here = new Set(questions.map((q) => q.id));
    return [
      immediateNow(ctx, screening.answers, here),
      clientLanguageNote(ctx, screening),
      errorSummary(words, questions.filter((q) => errors[q.id]).map((q) => [
        `${Q.fieldId(q)}-group`, errors[q.id]])),
      h("span", { class: "caption caption--l" }, fill(T.section_of, {
        number: numbers.indexOf(number) + 1, total: numbers.length })),
      h("h2", { class: "heading-l", tabindex: "-1" }, span(client),
        own.text !== client.text ? [" ", span(own, { class: "practitioner-text" })] : null),
      h("p", { class: "body secondary-text" }, T.saved_here),
      questions.map((q, i) => {
        const node = Q.field(words, q, { number: i + 1, total: questions.length,
          clientLang: screening.client_language, uiLang, value: screening.answers[q.id],
          raw: ctx.raw()[q.id], error: errors[q.id] }, () => answered(ctx, q, number));
        node.append(...immediateFor(ctx, q.id).filter((a) => triggers(a, screening.answers[q.id]))
          .map((a) => immediateBanner(ctx, a)));
        return node;
      }),
      h("div", { class: "button-group" },
        button(T.save_continue, () => next(ctx, number, change)),
        h("a", { class: "back-link", href: `#/s/${screening.id}/${change && screening.result
          ? "result" : previous === undefined ? "opening" : `page/${previous}`}` }, T.back)),
    ];
  }

  async function next(ctx, number, change) {
    const screening = ctx.current();
    const questions = ctx.questionsOn(number, ctx.shown(screening.answers));
    const errors = {};
    questions.forEach((q, i) => {
      const message = Q.problem(ctx.words, q, Q.read(q, document), i + 1);
      if (message) errors[q.id] = message;
    });
    if (Object.keys(errors).length) return ctx.render({ errors });
    ctx.clearRaw();
    const end = ctx.questionSet().sections.length;
    const asked = ctx.shown(screening.answers);
    const later = ctx.pages(asked).filter((p) => p > number);
    // After a change, back to the result unless the change opened a page of new questions.
    screening.page = (change ? later.find((p) => !ctx.questionsOn(p, asked)
      .some((q) => q.id in screening.answers)) : later[0]) ?? end;
    if (screening.page === end && !ctx.missingRequired(screening.answers).length) {
      return complete(ctx);
    }
    await ctx.persist();
    return ctx.go(ctx.resumePath(screening));
  }

  function check(ctx) {
    const { words, uiLang } = ctx;
    const T = words.text;
    const screening = ctx.current();
    return [
      errorSummary(words, ctx.missingRequired(screening.answers).map(([number, q]) => [
        `/s/${screening.id}/page/${number}/change`,
        fill(words.messages.UNANSWERED_REQUIRED, { question: local(q.text, uiLang).text })])),
      heading("h2", T.check, { class: "heading-l" }),
      h("p", { class: "body" }, `${T.reference}: `, h("strong", {}, screening.client_reference)),
      root.OfflineResult.answerList(ctx, screening, true, "h3"),
      heading("h3", T.see_result),
      h("p", { class: "body" }, T.see_result_text),
      button(T.confirm, () => confirm(ctx)),
    ];
  }

  async function confirm(ctx) {
    if (ctx.missingRequired(ctx.current().answers).length) return ctx.render({});
    return complete(ctx);
  }

  /** Scored on the device, with the server's scoring, and the result shown. */
  async function complete(ctx) {
    const screening = ctx.current();
    screening.result = ctx.score(screening);
    screening.completed_at = new Date().toISOString();
    screening.state = "in_progress";
    screening.problems = null;
    await ctx.persist();
    return ctx.go(`/s/${screening.id}/result`);
  }

  /** What is left once the tool has a screening: a note, and a link to it there. */
  async function note(ctx, id) {
    const T = ctx.words.text;
    const record = (await ctx.device.list(ctx.user)).find((r) => r.id === id);
    if (!record) return null;
    return [heading("h2", T[record.state] || T.sent, { class: "heading-l" }),
      h("p", { class: "body", "data-status": record.state }, record.note || T.sent_text),
      record.differs ? banner(T.server_differs, "error") : null,
      record.url ? h("p", { class: "body" }, h("a", { href: record.url }, T.open_result)) : null,
      h("p", { class: "body" }, h("a", { href: "#/" }, T.another))];
  }

  root.OfflineSteps = Object.freeze({ opening, page, check, note });
})(window);
