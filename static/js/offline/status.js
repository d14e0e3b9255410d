/*
 * On every page: the service worker, the practitioner's device key, the badge of screenings
 * waiting to be sent, sending them when the network is there, and the sign-out warning.
 *
 * Sending: each waiting screening goes to POST /api/v1/screenings with its idempotency key
 * (made when it started) in the body and the Idempotency-Key header, and the session's CSRF
 * token, fetched fresh from /api/v1/session. Whatever happens to a response, a screening stays
 * on the device until the tool has answered that it has it; sending it again is safe.
 */
(function () {
  "use strict";

  const script = document.currentScript;
  const config = script.dataset;
  const user = config.user || null;
  const device = window.ScreeningDevice;
  const words = JSON.parse(document.getElementById("device-words").textContent);
  const DATA_CACHE = "screening-offline-data";
  const REFRESH_EVERY_MS = 60 * 60 * 1000;
  const CHECK_EVERY_MS = 30 * 1000;
  const FIRST_RETRY_MS = 2000;
  const LAST_RETRY_MS = 60 * 1000;
  const NOTES_KEPT_DAYS = 7;
  let sending = null;
  let retryIn = FIRST_RETRY_MS;
  let retryTimer = null;
  let signedOut = false;

  function fill(text, values) {
    return text.replace(/%\((\w+)\)s/g, (_, name) => String(values[name]));
  }

  // A counted message in the page's plural form for this number (Welsh has six, Polish three).
  const plurals = new Intl.PluralRules(document.documentElement.lang || "en");
  function counted(forms, count) {
    return fill(forms[plurals.select(count)] || forms.other, { count });
  }

  function announce(detail) {
    window.dispatchEvent(new CustomEvent("screening:sync", { detail }));
  }

  async function refreshBadge() {
    const badge = document.querySelector("[data-waiting-badge]");
    if (!badge || !device.supported()) return 0;
    const count = (await device.unsent(user, false)).length;
    badge.hidden = count === 0;
    // The tag's class shows it whatever `hidden` says, so it is only there while shown.
    badge.className = count === 0 ? "" : "tag tag--orange";
    const text = counted(words.waiting, count);
    badge.textContent = signedOut || !user ? `${text}: ${words.sign_in_to_send}` : text;
    return count;
  }

  // The offline page and the question sets for this practitioner, in this interface language.
  // The worker keeps them too when it installs; this keeps them current afterwards.
  async function refreshOfflineData(force) {
    if (!user || !navigator.onLine || !("caches" in window)) return;
    // Not from a question page: a page in the middle of a consultation loads only itself.
    if (!force && config.refresh === "no") return;
    const stamp = `${user}|${config.lang}`;
    const fresh = Date.now() - Number(localStorage.getItem("screening.offline.at") || 0);
    if (!force && localStorage.getItem("screening.offline.stamp") === stamp
        && fresh < REFRESH_EVERY_MS) return;
    const cache = await caches.open(DATA_CACHE);
    for (const url of [config.shell, config.definitions]) {
      const response = await fetch(url, { credentials: "same-origin", cache: "no-store" });
      if (!response.ok || response.redirected) return;
      await cache.put(url, response);
    }
    localStorage.setItem("screening.offline.stamp", stamp);
    localStorage.setItem("screening.offline.at", String(Date.now()));
  }

  function payload(screening) {
    const fields = ["questionnaire", "version", "content_hash", "setting", "client_reference",
      "local_record_number", "client_language", "opening_accepted_at", "answers", "judgement",
      "consent_referral", "consent_duty", "consent_reason", "started_at", "completed_at"];
    const body = { idempotency_key: screening.id };
    for (const name of fields) body[name] = screening[name] === undefined ? null : screening[name];
    // Each referral of the device's pathway, in its order (the tool's problems name them by
    // place), with the person's consent or the practitioner's reason where one was recorded.
    const decided = screening.referrals || {};
    body.referrals = screening.result && screening.result.referrals
      ? screening.result.referrals.map((r) => ({ service: r.service, ...(decided[r.service] || {}) }))
      : null;
    // The device's own result, for comparison only: the tool scores the answers again.
    const result = screening.result;
    body.result = result ? { score: result.score, outcome: result.outcome,
      risk_level: result.risk_level } : null;
    return body;
  }

  function retryLater() {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(sendWaiting, retryIn);
    retryIn = Math.min(retryIn * 2, LAST_RETRY_MS);
  }

  async function sendOne(record, token, mine) {
    const screening = await device.load(record.id);
    if (!screening) return "kept";
    const response = await fetch(config.screenings, {
      method: "POST", credentials: "same-origin", cache: "no-store",
      // Over HTTPS Flask-WTF also wants a same-site Referer; the pages' own policy sends none.
      referrerPolicy: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json",
        "Idempotency-Key": record.id, "X-CSRFToken": token },
      body: JSON.stringify(payload(screening)),
    });
    const body = await response.json().catch(() => ({}));
    if (response.status === 201 || response.status === 200) {
      const differs = screening.result && body.risk_level !== screening.result.risk_level;
      await device.forget(record.id, { state: "sent", url: body.result_url, differs,
        reference: screening.client_reference });
      mine.changed += 1;
      return "sent";
    }
    if (response.status === 202 || response.status === 409) {
      // The tool keeps the whole screening for an administrator: nothing more to send.
      await device.forget(record.id, { state: "held", note: body.message || body.error,
        reference: screening.client_reference });
      mine.changed += 1;
      return "sent";
    }
    if (response.status === 422) {
      await device.mark(record.id, { state: "refused", problems: body.problems || [],
        note: body.error });
      mine.changed += 1;
      return "refused";
    }
    if (response.status === 401) return "signed_out";
    return "later"; // an old token, a server error: keep it and try again
  }

  async function sendAll() {
    const mine = { changed: 0 };
    const waiting = (await device.list(null)).filter((r) => r.state === "waiting");
    if (!waiting.length || !navigator.onLine) return { state: "idle", ...mine };
    const who = await fetch(config.session, {
      credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" },
    });
    if (who.status === 401) return { state: "signed_out", ...mine };
    if (!who.ok) return { state: "later", ...mine };
    const session = await who.json();
    signedOut = false;
    // Only this practitioner's: another's wait for them to sign in on this device.
    for (const record of waiting.filter((r) => r.user === String(session.user.id))) {
      const outcome = await sendOne(record, session.csrf_token, mine);
      if (outcome === "signed_out" || outcome === "later") return { state: outcome, ...mine };
    }
    return { state: "idle", ...mine };
  }

  /** Send every waiting screening now; resolves with {state, changed} (how many were settled). */
  function sendWaiting() {
    if (!device.supported()) return Promise.resolve({ state: "unsupported", changed: 0 });
    if (sending) return sending;
    sending = sendAll().catch(() => ({ state: "later", changed: 0 })).then(async (report) => {
      signedOut = report.state === "signed_out";
      if (report.state === "later") retryLater();
      else { retryIn = FIRST_RETRY_MS; clearTimeout(retryTimer); }
      await refreshBadge();
      announce(report);
      return report;
    }).finally(() => { sending = null; });
    return sending;
  }

  function warn(form, message, withButtons) {
    const old = document.getElementById("sign-out-warning");
    if (old) old.remove();
    const box = document.createElement("div");
    box.id = "sign-out-warning";
    box.className = "banner banner--error";
    box.setAttribute("role", "alert");
    const text = document.createElement("p");
    text.className = "banner__text";
    text.textContent = message;
    box.append(text);
    if (withButtons) {
      const anyway = document.createElement("button");
      anyway.type = "button";
      anyway.className = "button button--warning";
      anyway.textContent = words.sign_out_anyway;
      anyway.addEventListener("click", () => signOut(form));
      const stay = document.createElement("button");
      stay.type = "button";
      stay.className = "button button--secondary";
      stay.textContent = words.stay;
      stay.addEventListener("click", () => box.remove());
      const group = document.createElement("div");
      group.className = "button-group";
      group.append(anyway, stay);
      box.append(group);
    }
    const main = document.getElementById("main") || document.body;
    main.prepend(box);
    box.scrollIntoView({ block: "center" });
    (box.querySelector("button") || box).focus();
  }

  async function forgetOfflineData() {
    if ("caches" in window) await caches.delete(DATA_CACHE);
    localStorage.removeItem("screening.offline.stamp");
  }

  async function signOut(form) {
    try {
      await device.clearUser(user);
      await forgetOfflineData();
    } finally {
      form.dataset.cleared = "yes";
      form.submit();
    }
  }

  async function onSignOut(event) {
    const form = event.target;
    if (!user || !device.supported() || form.dataset.cleared === "yes") return;
    event.preventDefault();
    if (!navigator.onLine) return warn(form, words.offline_sign_out, false);
    await sendWaiting();
    const unsent = await device.unsent(user, true);
    if (unsent.length) {
      return warn(form, counted(words.unsent_warning, unsent.length), true);
    }
    return signOut(form);
  }

  function start() {
    if ("serviceWorker" in navigator && window.isSecureContext) {
      navigator.serviceWorker.register(config.worker, { scope: "/" }).catch(() => null);
    }
    for (const form of document.querySelectorAll("form")) {
      if (new URL(form.action, location.href).pathname.endsWith("/sign-out")) {
        form.addEventListener("submit", onSignOut);
      }
    }
    if (!device.supported()) return;
    const ready = (user ? device.ensureKey(user) : Promise.resolve(null))
      .then(() => device.dropOldNotes(NOTES_KEPT_DAYS))
      .then(() => refreshOfflineData(false)).catch(() => null);
    window.addEventListener("online", () => { retryIn = FIRST_RETRY_MS; sendWaiting(); });
    window.addEventListener("offline", () => refreshBadge());
    setInterval(() => { if (navigator.onLine) sendWaiting(); }, CHECK_EVERY_MS);
    window.ScreeningSync = Object.freeze({ sendWaiting, refreshBadge, refreshOfflineData, ready });
    ready.then(sendWaiting);
  }

  start();
})();
