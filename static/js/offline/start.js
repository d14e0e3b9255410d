/*
 * The first offline page: what waits on this device, and starting a screening with the same
 * choices and messages as the server's start page (screening_views.start).
 */
(function (root) {
  "use strict";

  const { h, local, heading, errorSummary, choices, input, button } = root.OfflineScreens;
  const REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  const LAST_CHOICE = "screening.offline.last";

  /** A pseudonymous reference such as `K7Q-4MP`, as the server makes them. */
  function newReference() {
    // 256 is a multiple of 32, so every letter is equally likely.
    const picks = crypto.getRandomValues(new Uint8Array(6));
    const letters = [...picks].map((n) => REFERENCE_ALPHABET[n % REFERENCE_ALPHABET.length]);
    return `${letters.slice(0, 3).join("")}-${letters.slice(3).join("")}`;
  }

  function action(ctx, record) {
    const T = ctx.words.text;
    if (record.state === "in_progress" || record.state === "waiting") {
      return h("a", { href: `#/s/${record.id}/resume` },
        record.state === "waiting" ? T.open : T.resume);
    }
    if (record.state === "refused") return h("a", { href: `#/s/${record.id}/result` }, T.open);
    if (record.url && ctx.connection() !== "offline") {
      return h("a", { href: record.url }, T.open_result);
    }
    return null;
  }

  async function onDevice(ctx) {
    const { words } = ctx;
    const T = words.text;
    const records = await ctx.device.list(ctx.user);
    if (!records.length) return [h("p", { class: "body" }, T.nothing_on_device)];
    const rows = [];
    for (const record of records) {
      const screening = record.has_data
        ? await ctx.device.load(record.id).catch(() => null) : null;
      rows.push(h("tr", { "data-record": record.id, "data-state": record.state },
        h("td", {}, h("strong", {}, screening ? screening.client_reference
          : record.reference || "–"), h("br"),
          h("span", { class: "secondary-text" },
            words.set_titles[record.questionnaire] || record.questionnaire)),
        h("td", {}, T[record.state] || record.state,
          record.note ? [h("br"), h("span", { class: "secondary-text" }, record.note)] : null,
          record.differs ? [h("br"), h("strong", {}, T.server_differs)] : null),
        h("td", {}, action(ctx, record))));
    }
    const waiting = records.some((r) => r.state === "waiting");
    return [h("table", { class: "table" },
      h("caption", { class: "visually-hidden" }, T.on_device),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, T.reference),
        h("th", { scope: "col" }, T.status),
        h("th", { scope: "col" }, h("span", { class: "visually-hidden" }, T.actions)))),
      h("tbody", {}, rows)),
    waiting && ctx.connection() === "online" && root.ScreeningSync
      ? button(T.send_now, () => root.ScreeningSync.sendWaiting(), "secondary") : null];
  }

  function form(ctx, errors, chosen) {
    const { words, uiLang } = ctx;
    const T = words.text;
    const sets = ctx.library().question_sets;
    const offered = Object.keys(words.languages).filter((code) => sets.some(
      (set) => set.languages.includes(code)));
    const last = JSON.parse(localStorage.getItem(LAST_CHOICE) || "{}");
    const pick = (name) => (chosen[name] !== undefined ? chosen[name] : last[name]);
    return [
      errorSummary(words, Object.entries(errors).map(([name, msg]) => [
        name === "local_record_number" ? name : `${name}-0`, msg])),
      heading("h2", T.start),
      h("p", { class: "body" }, T.ask_in_private),
      choices(words, { id: "setting", legend: T.setting, error: errors.setting,
        value: pick("setting"), options: Object.entries(words.labels.settings).map(
          ([value, label]) => ({ value, label })) }),
      choices(words, { id: "question_set", legend: T.question_set, error: errors.question_set,
        value: pick("question_set"), options: sets.map((set) => ({ value: set.id,
          label: local(set.title, uiLang).text, hint: words.set_hints[set.id] || null })) }),
      choices(words, { id: "client_language", legend: T.client_language,
        hint: T.client_language_hint, error: errors.client_language,
        value: pick("client_language") || "en",
        options: offered.map((code) => ({ value: code, label: words.languages[code] })) }),
      input(words, { id: "local_record_number", label: T.record_number,
        hint: T.record_number_hint, width: "input--width-10", error: errors.local_record_number,
        value: chosen.local_record_number || "" }),
      button(T.continue, () => begin(ctx)),
    ];
  }

  function checked(name) {
    const found = document.querySelector(`input[name="${name}"]:checked`);
    return found ? found.value : null;
  }

  function problems(ctx, chosen, set) {
    const M = ctx.words.messages;
    const errors = {};
    if (!chosen.setting) errors.setting = M.SELECT_SETTING;
    if (!set) errors.question_set = M.SELECT_QUESTION_SET;
    else if (chosen.setting && !set.settings.includes(chosen.setting)) {
      errors.question_set = M.QUESTION_SET_NOT_FOR_SETTING;
    }
    if (!chosen.client_language) errors.client_language = M.SELECT_CLIENT_LANGUAGE;
    else if (set && !set.languages.includes(chosen.client_language)) {
      errors.client_language = M.LANGUAGE_NOT_IN_SET;
    }
    // Every served definition carries the same limits (screening/limits.py).
    const limits = ctx.library().question_sets[0].limits;
    if (chosen.local_record_number.length > limits.record_number) {
      errors.local_record_number = M.RECORD_NUMBER_TOO_LONG;
    }
    return errors;
  }

  async function begin(ctx) {
    const chosen = { setting: checked("setting"), question_set: checked("question_set"),
      client_language: checked("client_language"),
      local_record_number: document.getElementById("local_record_number").value.trim() };
    const set = ctx.library().question_sets.find((s) => s.id === chosen.question_set);
    const errors = problems(ctx, chosen, set);
    if (Object.keys(errors).length) return ctx.render({ errors, chosen });
    localStorage.setItem(LAST_CHOICE, JSON.stringify({ setting: chosen.setting,
      question_set: set.id, client_language: chosen.client_language }));
    const now = new Date().toISOString();
    // The id is also the idempotency key: the tool stores this screening once, however often
    // it is sent.
    await ctx.begin(set, { id: crypto.randomUUID(), user: ctx.user, state: "in_progress",
      questionnaire: set.id, version: set.version, content_hash: set.content_hash,
      setting: chosen.setting, client_reference: newReference(),
      local_record_number: chosen.local_record_number || null,
      client_language: chosen.client_language, opening_accepted_at: null, answers: {},
      page: null, judgement: null, consent_referral: null, consent_duty: null,
      consent_reason: null, referrals: {}, started_at: now, completed_at: null, result: null });
    return null;
  }

  /** The home of the offline page: the device's screenings, then the start form. */
  async function screen(ctx, options) {
    return [heading("h2", ctx.words.text.on_device), ...(await onDevice(ctx)),
      ...form(ctx, options.errors || {}, options.chosen || {})];
  }

  root.OfflineStart = Object.freeze({ screen });
})(window);
