/*
 * The offline result page, as the server's results/result.html: safety flags first with
 * their action, the level and why, the pathway, consent to referral and professional
 * judgement (raise only, with a reason), then finishing, after which the screening waits to
 * be sent and cannot be changed here.
 */
(function (root) {
  "use strict";

  const { h, fill, local, span, heading, errorSummary, choices, input, button, banner } =
    root.OfflineScreens;
  const Q = root.OfflineQuestions;
  const LEVELS = ["none", "standard", "medium", "high"];
  const SEVERITY_ORDER = { critical: 0, high: 1, medium: 2 };
  const FIELDS = { consent: "consent-0", duty: "duty-0", consent_reason: "consent-reason",
    level: "level-0", reason: "judgement-reason" };

  // From the served definition (screening/limits.py).
  function reasonLimit(app) {
    return app.questionSet().limits.reason;
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

  function consent(app, screening, errors, editable) {
    const { words } = app;
    const T = words.text;
    const parts = [heading("h3", T.consent, { id: "consent", class: "heading-m" })];
    if (screening.consent_referral) {
      parts.push(h("p", { class: "body" }, `${T.recorded} `,
        h("strong", {}, words.labels.consent[screening.consent_referral]),
        screening.consent_reason ? `. ${T.reason} ${screening.consent_reason}` : null));
    }
    if (!editable) return parts;
    const labels = (source) => Object.entries(source).map(([value, label]) => ({ value, label }));
    parts.push(choices(words, { id: "consent", legend: T.consent_legend, hint: T.consent_hint,
      options: labels(words.labels.consent), value: screening.consent_referral,
      error: errors.consent }),
    h("div", { class: "conditional" },
      h("p", { class: "body secondary-text" }, T.override_only),
      choices(words, { id: "duty", legend: T.duty_legend, options:
        labels(words.labels.override_duties), value: screening.consent_duty,
      error: errors.duty }),
      input(words, { id: "consent-reason", type: "textarea", label: T.duty_reason,
        maxlength: String(reasonLimit(app)), value: screening.consent_duty
          ? screening.consent_reason : "", error: errors.consent_reason })),
    button(T.save_consent, () => app.act(saveConsent), "secondary"));
    return parts;
  }

  function picked(name) {
    const found = document.querySelector(`input[name="${name}"]:checked`);
    return found ? found.value : null;
  }

  function saveConsent(app, screening) {
    const M = app.words.messages;
    const choice = picked("consent");
    const duty = picked("duty");
    const reason = document.getElementById("consent-reason").value.trim();
    const errors = {};
    if (!choice) errors.consent = M.SELECT_CONSENT;
    if (choice === "override" && !duty) errors.duty = M.SELECT_OVERRIDE_DUTY;
    if (choice === "override" && !reason) errors.consent_reason = M.ENTER_OVERRIDE_REASON;
    if (reason.length > reasonLimit(app)) errors.consent_reason = M.OVERRIDE_REASON_TOO_LONG;
    if (Object.keys(errors).length) return { errors };
    screening.consent_referral = choice;
    screening.consent_duty = choice === "override" ? duty : null;
    screening.consent_reason = choice === "override" ? reason : null;
    return { anchor: "consent" };
  }

  function judgement(app, screening, errors, editable) {
    const { words } = app;
    const T = words.text;
    const parts = [heading("h3", T.judgement, { id: "judgement", class: "heading-m" })];
    if (screening.judgement) {
      parts.push(h("p", { class: "body" }, fill(T.raised, {
        level: words.labels.risk_levels[screening.judgement.level] }), " ",
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
          value: level, label: words.labels.risk_levels[level] })), error: errors.level }),
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
    return { anchor: "status", send: true };
  }

  /** The result page of the screening being worked on. */
  function screen(app, options) {
    const { words, uiLang } = app;
    const T = words.text;
    const screening = app.current();
    const result = screening.result;
    const editable = screening.state === "in_progress";
    const errors = options.errors || {};
    const band = app.questionSet().bands.find((b) => b.id === result.outcome);
    return [
      errorSummary(words, Object.entries(errors).map(([name, msg]) => [FIELDS[name], msg])),
      h("span", { class: "caption caption--l" }, `${T.reference} ${screening.client_reference} · `,
        span(local(app.questionSet().title, uiLang))),
      heading("h2", T.result, { class: "heading-l" }),
      h("div", { id: "status", "data-status": screening.state }, screening.state === "waiting"
        ? banner(T.waiting_text, "info") : null),
      flags(app, result),
      h("div", { class: `panel panel--${result.risk_level}`, id: "level",
        "data-level": result.risk_level },
      h("h3", { class: "panel__title" }, words.labels.risk_levels[result.risk_level]),
      h("p", { class: "panel__body" }, span(local(band ? band.label : {}, uiLang)))),
      heading("h3", T.why, { class: "heading-m" }), reasons(app, result),
      pathway(app, result),
      result.pathway.primary || result.pathway.others.length
        ? consent(app, screening, errors, editable) : null,
      judgement(app, screening, errors, editable),
      editable ? [heading("h3", T.finish, { class: "heading-m" }),
        h("p", { class: "body" }, T.finish_text),
        button(T.finish_button, () => app.act(finish))] : null,
      h("p", { class: "body" }, h("a", { href: "#/" }, T.another)),
    ];
  }

  root.OfflineResult = Object.freeze({ screen });
})(window);
