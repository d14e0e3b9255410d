/*
 * The warning before a session ends (the GOV.UK timeout-warning pattern), on signed-in pages.
 *
 * The page says how many seconds its session has left (idle and absolute). Shortly before the
 * end it asks the tool again (another tab may have been used meanwhile) and, if the end is
 * still near, opens a modal alert dialog with a countdown and "Stay signed in", which tells the
 * tool the person is still here. If nobody answers, the answers typed on a question page are
 * saved as they would be by "Save and come back later", and the page is opened again: the tool
 * has ended the session by then, so it shows the sign-in page, which returns here afterwards.
 */
(function () {
  "use strict";

  const dialog = document.getElementById("session-timeout");
  if (!dialog || typeof dialog.showModal !== "function") return;
  const data = dialog.dataset;
  const words = JSON.parse(document.getElementById("session-timeout-words").textContent);
  const WARNING_MS = Number(data.warningSeconds) * 1000;
  // Typed answers are sent this long before the end, so they arrive while the session lasts.
  // The countdown ticks each second, so the send leaves up to a second after this point: a
  // quarter of a short warning left too little time on a busy machine.
  const SAVE_BEFORE_MS = Math.min(15 * 1000, WARNING_MS / 2);
  const countdown = dialog.querySelector("[data-countdown]");
  const stay = dialog.querySelector("[data-stay]");
  let idleEnd = 0;
  let absoluteEnd = 0;
  let timer = null;
  let ticker = null;
  let saved = false;

  function setEnds(timing) {
    const now = Date.now();
    idleEnd = now + Number(timing.idle_seconds_left) * 1000;
    absoluteEnd = now + Number(timing.absolute_seconds_left) * 1000;
  }

  function end() {
    return Math.min(idleEnd, absoluteEnd);
  }

  function fill(text, count) {
    return text.replace("%(count)s", String(count));
  }

  // Words for a count come in each plural form of the page's language (Welsh has six).
  const plurals = new Intl.PluralRules(document.documentElement.lang || "en");
  function counted(forms, count) {
    return fill(forms[plurals.select(count)] || forms.other, count);
  }

  function timeLeft(ms) {
    const seconds = Math.max(0, Math.ceil(ms / 1000));
    if (seconds >= 60) {
      const minutes = Math.ceil(seconds / 60);
      return counted(words.minutes, minutes);
    }
    return counted(words.seconds, seconds);
  }

  async function ask(url, options) {
    const response = await fetch(url, Object.assign({
      credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" },
    }, options || {}));
    if (response.status === 401) return null;
    if (!response.ok) throw new Error(String(response.status));
    return response.json();
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(check, Math.max(end() - WARNING_MS - Date.now(), 0));
  }

  function close() {
    clearInterval(ticker);
    ticker = null;
    if (dialog.open) dialog.close();
  }

  function reopen() {
    // The tool has ended the session by now: opening this page again shows sign-in, which
    // brings the person back here. Without the fragment, so the browser really loads it.
    window.location.assign(window.location.href.split("#")[0]);
  }

  function open() {
    const absolute = absoluteEnd <= idleEnd;
    dialog.querySelector('[data-reason="idle"]').hidden = absolute;
    dialog.querySelector('[data-reason="absolute"]').hidden = !absolute;
    stay.hidden = absolute;
    tick();
    if (!dialog.open) dialog.showModal();
    if (!ticker) ticker = setInterval(tick, 1000);
  }

  async function check() {
    let timing;
    try {
      timing = await ask(data.remainingUrl);
    } catch (error) {
      timer = setTimeout(check, 10 * 1000); // no network: try again, the tool decides anyway
      return;
    }
    if (timing === null) return reopen();
    setEnds(timing);
    if (end() - Date.now() > WARNING_MS + 5000) {
      close(); // used in another tab meanwhile
      return schedule();
    }
    open();
  }

  async function saveTypedAnswers() {
    saved = true;
    const button = document.querySelector('main form button[name="save_and_exit"]');
    if (!button || !button.form) return;
    const answers = new FormData(button.form);
    answers.append(button.name, button.value || "1");
    try {
      await fetch(button.form.action, { method: "POST", body: answers,
        credentials: "same-origin", redirect: "manual" });
    } catch (error) {
      // Offline: the answers stay typed on the page.
    }
  }

  async function tick() {
    const left = end() - Date.now();
    countdown.textContent = timeLeft(left);
    if (left <= SAVE_BEFORE_MS && !saved) await saveTypedAnswers();
    if (left > 0 || !ticker) return;
    clearInterval(ticker);
    ticker = null;
    try {
      const timing = await ask(data.remainingUrl);
      if (timing !== null && timing.idle_seconds_left > 0 && timing.absolute_seconds_left > 0) {
        setEnds(timing); // another tab kept the session going
        saved = false;
        close();
        return schedule();
      }
    } catch (error) {
      return; // offline: the page stays as it is; the tool asks for sign-in at the next page
    }
    reopen();
  }

  async function stayHere() {
    stay.disabled = true;
    try {
      const timing = await ask(data.keepAliveUrl, { method: "POST", headers: {
        Accept: "application/json", "X-CSRFToken": data.csrfToken } });
      if (timing === null) return reopen();
      setEnds(timing);
      saved = false;
      close();
      schedule();
    } catch (error) {
      // The dialog stays open and the countdown goes on; the person can press again.
    } finally {
      stay.disabled = false;
    }
  }

  setEnds({ idle_seconds_left: data.idleSecondsLeft,
    absolute_seconds_left: data.absoluteSecondsLeft });
  stay.addEventListener("click", stayHere);
  // Escape closes a dialog: here it means the person is still here.
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    if (!stay.hidden) stayHere();
  });
  // Signing out from the dialog: close it, so any warning about unsent screenings can be seen.
  dialog.querySelector("form").addEventListener("submit", () => close());
  schedule();
})();
