/*
 * The offline result page, as the server's results/result.html: safety flags first with
 * their action, the level and why, the pathway, each referral with its basis (the person's
 * consent, or the practitioner's reason for a duty) and professional judgement (raise only, with a reason), the answers, then finishing, after which the screening waits to
 * be sent and cannot be changed here. A refused screening shows the tool's reasons first.
 */
(function (root) {
  "use strict";

  const { h, fill, local, span, heading, errorSummary, choices, input, button, banner } =
    root.OfflineScreens;
  const Q = root.OfflineQuestions;
  const LEVELS = ["none", "standard", "medium", "high"];
  const SEVERITY_ORDER = { critical: 0, high: 1, medium: 2 };
  const FIELDS = { level: "level-0", reason: "judgement-reason" };

  // From the served definition (screening/limits.py).
  function reasonLimit(app) {
    return app.questionSet().limits.reason;
  }

  // A level from the person's own account is a disclosure level, never a risk assessment;
  // only the partner's own checklist gives a risk level (QuestionSet.level_kind).
  function disclosure(app) {
    return app.questionSet().asked_of !== "partner";
  }

  function levels(app) {
    return disclosure(app) ? app.words.labels.disclosure_levels : app.words.labels.risk_levels;
  }

  function tag(text, colour) {
    return h("strong", { class: `tag tag--${colour}` }, text);
  }

  function flags(app, result) {
    const { words, uiLang } = app;
    const partnerSet = app.questionSet().asked_of === "partner";
    const sorted = [...result.safety_flags].sort((a, b) => (SEVERITY_ORDER[a.severity] ?? 9)
      - (SEVERITY_ORDER[b.severity] ?? 9));
    if (!sorted.length) return null;
    return h("section", { class: "safety-flags", "aria-labelledby": "flags-title" },
      heading("h3", words.text.flags, { id: "flags-title", class: "heading-m" }),
      sorted.map((flag) => h("div", { class: `flag flag--${flag.severity}`, "data-flag": flag.id },
        h("p", { class: "flag__action" }, span(local(flag.action, uiLang))),
        h("p", { class: "flag__label" },
          tag(words.labels.severities[flag.severity], flag.severity === "critical" ? "red"
            : "orange"), " ", span(local(flag.label, uiLang)),
          flag.audience !== "all" || partnerSet ? [h("br"), h("span",
            { class: "flag__audience" }, words.text.partner_only)] : null))));
  }

  function reasons(app, result) {
    const { words, uiLang } = app;
    const set = app.questionSet();
    const byId = {};
    for (const section of set.sections) for (const q of section.questions) byId[q.id] = q;
    return h("ul", { class: "list list--bullet reasons" }, result.reasons.map((reason) => h("li",
      {}, span(local(reason.text, uiLang)), reason.questions.length ? h("ul",
        { class: "list reasons__answers" }, reason.questions.map((id) => h("li", {},
          span(local(byId[id].text, uiLang)), " ",
          h("strong", {}, Q.answerText(words, byId[id], result.answers[id], uiLang)))))
        : null)));
  }

  function pathway(app, result) {
    const { words, uiLang } = app;
    const services = app.services();
    const T = words.text;
    const parts = [];
    const primary = result.pathway.primary && services[result.pathway.primary];
    if (primary) {
      parts.push(heading("h3", T.pathway, { class: "heading-m" }), h("div", { class: "card",
        "data-pathway": result.pathway.primary },
      h("h4", { class: "heading-s" }, span(local(primary.name, uiLang))),
      h("p", { class: "body" }, span(local(result.pathway.primary_reason, uiLang))),
      h("p", { class: "body secondary-text" }, span(local(primary.description, uiLang))),
      h("p", { class: "body" }, `${T.contact} ${primary.contact}`)));
    }
    const others = result.pathway.others.filter((id) => services[id]);
    if (others.length) {
      parts.push(heading("h3", T.others, { class: "heading-m" }), h("ul",
        { class: "list list--bullet" }, others.map((id) => h("li", { "data-service": id },
          h("strong", {}, span(local(services[id].name, uiLang))), ": ",
          span(local(result.pathway.other_reasons[id], uiLang)), " ",
          h("span", { class: "secondary-text" }, `${T.contact} ${services[id].contact}`)))));
    }
    if (!parts.length) parts.push(h("p", { class: "body" }, T.no_pathway));
    return parts;
  }

  const DUTY_BASES = ["safeguarding", "information_sharing"];

  // A referral's decision fields are named by its place in the list, as the API's problems are.
  function fieldId(kind, index) {
    return `referral-${index}-${kind}`;
  }

  /** Each referral of the pathway with its basis: the person's yes or no where consent is the
   * basis, the practitioner's reason where a duty is; 999 and helplines are listed to act on. */
  function referrals(app, screening, errors, editable) {
    const { words, uiLang } = app;
    const T = words.text;
    const services = app.services();
    const label = (labels, value) => labels[value] || value;
    const decided = screening.referrals || {};
    const parts = [heading("h3", T.referrals, { id: "referrals", class: "heading-m" })];
    (screening.result.referrals || []).forEach((referral, index) => {
      const service = services[referral.service];
      if (!service) return;
      const decision = decided[referral.service] || {};
      const card = [h("h4", { class: "heading-s" }, span(local(service.name, uiLang))),
        h("p", { class: "body" }, tag(label(words.labels.roles, referral.role),
          referral.role === "immediate" ? "red" : "blue"),
        referral.held ? [" ", tag(T.waits_for_review, "orange")] : null),
        h("p", { class: "body secondary-text" }, label(words.labels.bases, referral.basis)),
        h("p", { class: "body secondary-text" }, `${T.contact} ${service.contact}`)];
      if (decision.consent) {
        card.push(h("p", { class: "body" }, `${T.recorded} `,
          h("strong", {}, label(words.labels.referral_consent, decision.consent))));
      }
      if (decision.reason) {
        card.push(h("p", { class: "body" }, `${T.reason} ${decision.reason}`));
      }
      if (editable && !referral.held && referral.basis === "consent") {
        card.push(choices(words, { id: fieldId("consent", index), name: fieldId("consent", index),
          legend: T.referral_consent, hint: T.referral_consent_hint,
          options: Object.entries(words.labels.referral_consent).map(([value, text]) => ({
            value, label: text })),
          value: decision.consent, error: errors[`referrals[${index}].consent`] }));
      } else if (editable && !referral.held && DUTY_BASES.includes(referral.basis)) {
        card.push(input(words, { id: fieldId("reason", index), type: "textarea",
          label: T.referral_reason, hint: T.referral_reason_hint,
          maxlength: String(reasonLimit(app)), value: decision.reason || "",
          error: errors[`referrals[${index}].reason`] }));
      }
      parts.push(h("section", { class: "card referral", "data-referral": referral.service,
        "aria-label": local(service.name, uiLang).text || referral.service }, card));
    });
    if (editable) {
      parts.push(h("p", { class: "body secondary-text" }, T.referrals_later),
        button(T.save_referrals, () => app.act(saveReferrals), "secondary"));
    }
    return parts;
  }

  function saveReferrals(app, screening) {
    const M = app.words.messages;
    const errors = {};
    const decided = {};
    (screening.result.referrals || []).forEach((referral, index) => {
      if (referral.held) return;
      if (referral.basis === "consent") {
        const choice = picked(fieldId("consent", index));
        if (choice) decided[referral.service] = { consent: choice };
      } else if (DUTY_BASES.includes(referral.basis)) {
        const field = document.getElementById(fieldId("reason", index));
        const reason = field ? field.value.trim() : "";
        if (reason.length > reasonLimit(app)) {
          errors[`referrals[${index}].reason`] = M.REFERRAL_REASON_TOO_LONG;
        } else if (reason) {
          decided[referral.service] = { reason };
        }
      }
    });
    if (Object.keys(errors).length) return { errors };
    screening.referrals = decided;
    return { anchor: "referrals" };
  }

  function picked(name) {
    const found = document.querySelector(`input[name="${name}"]:checked`);
    return found ? found.value : null;
  }

  function judgement(app, screening, errors, editable) {
    const { words } = app;
    const T = words.text;
    const parts = [heading("h3", T.judgement, { id: "judgement", class: "heading-m" })];
    if (screening.judgement) {
      parts.push(h("p", { class: "body" }, fill(T.raised, {
        level: levels(app)[screening.judgement.level] }), " ",
      screening.judgement.reason));
    }
    const rank = LEVELS.indexOf(screening.result.risk_level);
    const higher = LEVELS.slice(1).filter((level) => LEVELS.indexOf(level) > rank);
    if (!higher.length) return parts.concat(h("p", { class: "body" }, T.highest));
    if (!editable) return parts;
    parts.push(h("details", { class: "details", open: Boolean(errors.level || errors.reason) },
      h("summary", { class: "details__summary" }, T.raise),
      h("div", { class: "details__text" }, h("p", { class: "body" }, T.raise_text),
        choices(words, { id: "level", legend: T.raise_to, options: higher.map((level) => ({
          value: level, label: levels(app)[level] })), error: errors.level }),
        input(words, { id: "judgement-reason", type: "textarea", label: T.raise_reason,
          maxlength: String(reasonLimit(app)), error: errors.reason }),
        button(T.raise_button, () => app.act(raise), "warning"))));
    return parts;
  }

  function raise(app, screening) {
    const M = app.words.messages;
    const level = picked("level");
    const reason = document.getElementById("judgement-reason").value.trim();
    const errors = {};
    if (!level) errors.level = M.SELECT_JUDGEMENT_LEVEL;
    if (!reason) errors.reason = M.ENTER_JUDGEMENT_REASON;
    if (reason.length > reasonLimit(app)) errors.reason = M.JUDGEMENT_REASON_TOO_LONG;
    if (Object.keys(errors).length) return { errors };
    screening.judgement = { level, reason };
    screening.result = app.score(screening);
    return { anchor: "level" };
  }

  function finish(app, screening) {
    screening.state = "waiting";
    screening.problems = null;
    return { anchor: "status", send: true };
  }

  /** The answers page by page, with change links when they can change (check.html). */
  function answerList(app, screening, changeable, level) {
    const { words, uiLang } = app;
    const asked = app.shown(screening.answers);
    return app.pages(asked).map((number) => [
      heading(level, span(local(app.questionSet().sections[number].title, uiLang))),
      h("dl", { class: "summary-list" }, app.questionsOn(number, asked).map((q) => {
        const text = local(q.text, uiLang);
        return h("div", { class: "summary-list__row" },
          h("dt", { class: "summary-list__key" }, span(text)),
          h("dd", { class: "summary-list__value" },
            Q.answerText(words, q, screening.answers[q.id], uiLang)),
          changeable ? h("dd", { class: "summary-list__actions" },
            h("a", { href: `#/s/${screening.id}/page/${number}/change` }, words.text.change,
              h("span", { class: "visually-hidden" }, ` ${words.text.answer_to} `, span(text))))
            : null);
      }))]);
  }

  /** Check your answers, after the result (results/_answers.html). */
  function answers(app, screening) {
    const changeable = app.canChange(screening);
    return [heading("h3", app.words.text.answers, { id: "answers", class: "heading-m" }),
      changeable ? h("p", { class: "body" }, app.words.text.can_change) : null,
      answerList(app, screening, changeable, "h4")];
  }

  // The tool's reason for refusing a screening, already in the practitioner's language; a
  // problem with an answer says which question, in their words (except "Answer question: …").
  function refusal(app, problem) {
    const question = problem.field === "answers" && problem.code !== "answer_required"
      && app.questionSet().sections.flatMap((s) => s.questions)
        .find((q) => q.id === problem.question);
    return question ? fill(app.words.text.problem_with, {
      question: local(question.text, app.uiLang).text, problem: problem.message })
      : problem.message;
  }

  // `referrals[2].consent` → the first radio of the third referral's consent.
  function referralField(name) {
    const match = /^referrals\[(\d+)\]\.(consent|reason)$/.exec(name);
    if (!match) return name;
    return match[2] === "consent" ? `${fieldId("consent", match[1])}-0`
      : fieldId("reason", match[1]);
  }

  /** The result page of the screening being worked on. */
  function screen(app, options) {
    const { words, uiLang } = app;
    const T = words.text;
    const screening = app.current();
    const result = screening.result;
    const editable = ["in_progress", "refused"].includes(screening.state);
    const refused = screening.state === "refused" ? screening.problems || [] : [];
    const errors = options.errors || {};
    const band = app.questionSet().bands.find((b) => b.id === result.outcome);
    return [
      errorSummary(words, Object.entries(errors).map(([name, msg]) => [FIELDS[name]
        || referralField(name), msg])),
      refused.length ? h("div", { class: "banner banner--error", role: "alert" },
        h("ul", { class: "list" }, refused.map((p) => h("li", {}, refusal(app, p))))) : null,
      h("span", { class: "caption caption--l" }, `${T.reference} ${screening.client_reference} · `,
        span(local(app.questionSet().title, uiLang))),
      heading("h2", T.result, { class: "heading-l" }),
      h("div", { id: "status", "data-status": screening.state }, screening.state === "waiting"
        ? banner(T.waiting_text, "info") : null),
      flags(app, result),
      h("div", { class: `panel panel--${result.risk_level}`, id: "level",
        "data-level": result.risk_level },
      h("h3", { class: "panel__title" }, levels(app)[result.risk_level]),
      h("p", { class: "panel__body" }, span(local(band ? band.label : {}, uiLang))),
      disclosure(app) ? h("p", { class: "panel__body" }, T.disclosure_not_risk) : null),
      heading("h3", T.why, { class: "heading-m" }), reasons(app, result),
      pathway(app, result),
      (result.referrals || []).length ? referrals(app, screening, errors, editable) : null,
      judgement(app, screening, errors, editable),
      answers(app, screening),
      editable ? [heading("h3", T.finish, { class: "heading-m" }),
        h("p", { class: "body" }, T.finish_text),
        button(T.finish_button, () => app.act(finish))] : null,
      h("p", { class: "body" }, h("a", { href: "#/" }, T.another)),
    ];
  }

  root.OfflineResult = Object.freeze({ screen, answerList });
})(window);
