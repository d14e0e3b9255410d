/*
 * The offline screening, in the browser: start (start.js), the opening statement and a section
 * per page (steps.js), then the result with the answers (result.js), scored by
 * ScreeningEngine.score from the same question-set data and with the parameters the server
 * uses. Every answer is saved on the device, encrypted, as it is entered; the step is in the
 * address (#/s/ID/page/N), so a reload or a reopened tab comes back to the same place.
 */
(function () {
  "use strict";

  const { banner } = window.OfflineScreens;
  const engine = window.ScreeningEngine;
  const device = window.ScreeningDevice;
  const root = document.getElementById("offline-app");
  const words = JSON.parse(document.getElementById("offline-words").textContent);
  // Sent as [value, label] pairs to keep their order; objects keep it here (string keys).
  for (const name of Object.keys(words.labels)) {
    words.labels[name] = Object.fromEntries(words.labels[name]);
  }
  words.languages = Object.fromEntries(words.languages);
  const T = words.text;
  const state = { library: null, current: null, set: null, saving: Promise.resolve(), raw: {},
    connection: "online", drawn: false };

  /* The question set of the screening being worked on -------------------------------------- */

  function parameters() {
    return state.set.parameters_in_force || null;
  }

  function shown(answers) {
    return new Set(engine.visibleAnswers(state.set, answers, parameters()).shown);
  }

  function questionsOn(page, asked) {
    return state.set.sections[page].questions.filter((q) => asked.has(q.id));
  }

  function pages(asked) {
    return state.set.sections.map((_, i) => i).filter((i) => questionsOn(i, asked).length);
  }

  function unanswered(value) {
    return [undefined, null, "", "not_asked"].includes(value)
      || (Array.isArray(value) && !value.length);
  }

  /** Required questions that are asked but not answered, with their page: [[page, q]]. */
  function missingRequired(answers) {
    const asked = shown(answers);
    return pages(asked).flatMap((page) => questionsOn(page, asked)
      .filter((q) => q.required && unanswered(answers[q.id])).map((q) => [page, q]));
  }

  function score(screening) {
    return engine.score(state.set, screening.answers, parameters(), screening.judgement || null,
      window.OfflineQuestions.today());
  }

  /** Answers can change after the result until a referral decision or judgement follows it
   * (store.revise.can_change_answers), and when the tool refused the screening. */
  function canChange(screening) {
    if (!screening.result) return false;
    if (screening.state === "refused") return true;
    return screening.state === "in_progress" && !screening.judgement
      && !Object.keys(screening.referrals || {}).length;
  }

  /* Keeping and moving ----------------------------------------------------------------------- */

  // Saves run one after another, each a snapshot, so a slow one never overwrites a later one.
  function persist() {
    const snapshot = structuredClone(state.current);
    state.saving = state.saving.then(() => device.save(snapshot));
    return state.saving;
  }

  function route() {
    const parts = location.hash.replace(/^#\/?/, "").split("/");
    if (parts[0] !== "s" || !parts[1]) return { id: null };
    return { id: parts[1], step: parts[2] || "resume", page: Number(parts[3] || 0),
      change: parts[4] === "change" };
  }

  function go(path) {
    if (location.hash === `#${path}`) render({});
    else location.hash = path;
  }

  function resumePath(screening) {
    const base = `/s/${screening.id}`;
    if (!screening.opening_accepted_at) return `${base}/opening`;
    if (screening.result) return `${base}/result`;
    const page = screening.page === null || screening.page === undefined ? 0 : screening.page;
    return page >= state.set.sections.length ? `${base}/check` : `${base}/page/${page}`;
  }

  /** Change the screening (result.js's buttons), keep it, show the result again. */
  async function act(change) {
    const outcome = change(ctx, state.current) || {};
    if (outcome.errors) return render({ errors: outcome.errors });
    await persist();
    if (outcome.send && window.ScreeningSync) window.ScreeningSync.sendWaiting();
    return render({ anchor: outcome.anchor });
  }

  async function begin(set, screening) {
    await device.keepSet(set);
    state.set = set;
    state.current = screening;
    await persist();
    go(`/s/${screening.id}/opening`);
  }

  // What the screens (start.js, steps.js, result.js) may use.
  const ctx = Object.freeze({
    words, uiLang: root.dataset.lang, user: root.dataset.user, device, act, begin, score,
    persist, go, render, resumePath, shown, questionsOn, pages, missingRequired, canChange,
    current: () => state.current, questionSet: () => state.set,
    library: () => state.library, services: () => state.library.services,
    connection: () => state.connection, raw: () => state.raw,
    clearRaw: () => { state.raw = {}; },
  });

  /* Drawing ---------------------------------------------------------------------------------- */

  async function open(id) {
    if (state.current && state.current.id === id) return;
    state.current = await device.load(id).catch(() => null);
    state.set = state.current ? await device.keptSet(state.current.content_hash) : null;
    state.raw = {};
  }

  async function screenFor(where, options) {
    const steps = window.OfflineSteps;
    if (!where.id) {
      state.current = null;
      return { name: "home", nodes: await window.OfflineStart.screen(ctx, options) };
    }
    await open(where.id);
    const screening = state.current;
    if (!screening || !state.set) {
      const nodes = await steps.note(ctx, where.id);
      return nodes ? { name: "note", nodes } : go("/");
    }
    if (where.step === "resume") return go(resumePath(screening));
    if (screening.state === "waiting" && where.step !== "result") {
      return go(`/s/${screening.id}/result`);
    }
    if (where.step === "opening") return { name: "opening", nodes: steps.opening(ctx, options) };
    if (!screening.opening_accepted_at) return go(`/s/${screening.id}/opening`);
    if (where.step === "page") {
      if (screening.result && !canChange(screening)) return go(`/s/${screening.id}/result`);
      const nodes = steps.page(ctx, where.page, where.change, options);
      if (nodes) return { name: "page", nodes };
      // Nothing is asked on that page now: the next page that asks something.
      const next = pages(shown(screening.answers)).find((p) => p > where.page);
      return go(`/s/${screening.id}/${next === undefined ? "check" : `page/${next}`}`);
    }
    if (where.step === "check") return { name: "check", nodes: steps.check(ctx) };
    if (where.step === "result" && screening.result) {
      return { name: "result", nodes: window.OfflineResult.screen(ctx, options) };
    }
    return go(resumePath(screening));
  }

  async function render(options) {
    const drawn = await screenFor(route(), options || {});
    if (!drawn) return;
    root.replaceChildren(...drawn.nodes.flat(Infinity).filter(Boolean));
    root.dataset.screen = drawn.name;
    if (!state.drawn) {
      state.drawn = true; // the first screen of the page keeps the browser's own focus
      return;
    }
    // Later screens move focus to what changed, as a new page would, for screen readers too.
    const wanted = options && (options.keepFocus || options.anchor);
    const target = (wanted && document.getElementById(wanted))
      || root.querySelector(".error-summary") || root.querySelector("[tabindex='-1']");
    if (target) {
      target.focus({ preventScroll: true });
      if (!options || !options.keepFocus) target.scrollIntoView({ block: "start" });
    }
  }

  /* Starting --------------------------------------------------------------------------------- */

  function showConnection(report) {
    if (report && report.state === "signed_out") state.connection = "signed_out";
    else if (!navigator.onLine) state.connection = "offline";
    else if (!report || report.state !== "later") state.connection = "online";
    const text = document.querySelector("[data-connection-text]");
    if (text) text.textContent = T[state.connection];
    const box = document.querySelector("[data-connection]");
    if (box) box.dataset.connection = state.connection;
  }

  // The copy the pages keep (status.js refreshes it): each question set crosses the network
  // once, and the first question shows with no wait for the network.
  async function definitions() {
    const url = root.dataset.definitions;
    const copy = "caches" in window ? await caches.match(url) : null;
    if (copy) return copy.json();
    try {
      const response = await fetch(url, { credentials: "same-origin",
        headers: { Accept: "application/json" } });
      if (response.ok && !response.redirected) return response.json();
    } catch (error) {
      // No network, and nothing kept yet.
    }
    return null;
  }

  function stop(message) {
    root.replaceChildren(banner(message, "error"));
    root.dataset.screen = "stopped";
  }

  async function onSync(event) {
    showConnection(event.detail);
    if (!event.detail.changed) return;
    const where = route();
    const open = state.current && state.current.id === where.id ? state.current : null;
    const kept = open ? await device.load(where.id).catch(() => null) : null;
    // The list, or the screening just sent, shows what happened; a form being filled in
    // elsewhere is left alone.
    if (!where.id || (open && !kept)) {
      state.current = null;
      render({});
    } else if (open && kept && kept.state === "refused" && open.state !== "refused") {
      // Refused while its result said "waiting": show it again with the tool's reasons.
      state.current = null;
      go(resumePath(kept));
    }
  }

  async function start() {
    showConnection(null);
    if (root.dataset.shell && location.pathname !== root.dataset.shell) {
      // Shown for another page with no network: take the offline page's own address.
      history.replaceState(null, "", root.dataset.shell + location.hash);
    }
    if (!device.supported() || !engine) return stop(T.unsupported);
    if (window.ScreeningSync) await window.ScreeningSync.ready;
    if (!(await device.findKey(ctx.user))) return stop(T.not_ready);
    state.library = await definitions();
    if (!state.library || !state.library.question_sets.length) return stop(T.no_sets);
    window.addEventListener("hashchange", () => render({}));
    window.addEventListener("online", () => showConnection(null));
    window.addEventListener("offline", () => showConnection(null));
    window.addEventListener("screening:sync", onSync);
    await render({});
    root.dataset.ready = "yes";
    performance.mark("screening-offline-ready"); // time from opening the page, for the figures
    return null;
  }

  start().catch((error) => stop(T[error.code] || `${T.unsupported} (${error.message})`));
})();
