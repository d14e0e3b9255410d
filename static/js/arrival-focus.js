/*
 * The one control a page is for ([data-focus-on-arrival]) has focus when the page arrives, so
 * with the keyboard it is one Enter, no skip link and no Tab. Only when it is on screen already:
 * focus never scrolls the page past what is to be read first (on a phone, the opening
 * statement), and the focus ring is always in sight. An error summary keeps the focus it takes
 * (GOV.UK), and so does anything the person focused first.
 */
(function () {
  "use strict";

  const target = document.querySelector("[data-focus-on-arrival]");
  if (!target || document.querySelector(".error-summary")) return;
  if (document.activeElement && document.activeElement !== document.body) return;
  const box = target.getBoundingClientRect();
  if (box.top >= 0 && box.bottom <= window.innerHeight) target.focus({ preventScroll: true });
})();
