"""Where a left-to-right span's closing punctuation lands in a right-to-left page, checked by
screenshot: the last line of the span as the page renders it, against the same characters set
in a plain `dir="ltr"` block of the same font, drawn over the same spot (the span hidden). Both
pictures come from this browser and these fonts, so no stored image is needed; a full stop or
bracket that jumps to the wrong end of the line makes them differ."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Visible elements in a left-to-right language other than the page's whose text ends in
# punctuation; each is marked with data-punctuation="n" and n is returned.
SPANS_ENDING_IN_PUNCTUATION = """() => {
  const rtl = new Set(["ar", "he", "fa", "ur"]);
  const found = [];
  for (const element of document.querySelectorAll("body [lang]")) {
    const lang = element.getAttribute("lang");
    if (lang === document.documentElement.lang || rtl.has(lang.split("-")[0])) continue;
    if (!element.getClientRects().length || !/\\p{P}$/u.test(element.textContent.trim())) continue;
    element.dataset.punctuation = String(found.length);
    found.push(found.length);
  }
  return found;
}"""

# The characters on the span's last line, in the order they are written, grouped by the element
# that styles them; the line's first and last characters' boxes; and a transparent box, on whole
# pixels, around the line, to screenshot.
LAST_LINE = """(element) => {
  element.scrollIntoView({block: "center"});
  const chars = [];
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.data.length; i++) {
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const rect = [...range.getClientRects()].find((r) => r.width > 0);
      if (rect) chars.push({node, ch: node.data[i], rect});
    }
  }
  const last = chars[chars.length - 1].rect;
  const line = chars.filter((c) => Math.abs(c.rect.top - last.top) < last.height / 2);
  const runs = [];
  for (const c of line) {
    const ch = /\\s/.test(c.ch) ? " " : c.ch;
    const run = runs[runs.length - 1];
    if (run && run.styledBy === c.node.parentElement) run.text += ch;
    else runs.push({styledBy: c.node.parentElement, text: ch});
  }
  const box = {left: Math.min(...line.map((c) => c.rect.left)),
               top: Math.min(...line.map((c) => c.rect.top)),
               right: Math.max(...line.map((c) => c.rect.right)),
               bottom: Math.max(...line.map((c) => c.rect.bottom))};
  const frame = document.createElement("div");
  frame.id = "punctuation-frame";
  frame.style.position = "fixed";
  frame.style.pointerEvents = "none";
  frame.style.left = Math.floor(box.left) + "px";
  frame.style.top = Math.floor(box.top) + "px";
  frame.style.width = Math.ceil(box.right) - Math.floor(box.left) + "px";
  frame.style.height = Math.ceil(box.bottom) - Math.floor(box.top) + "px";
  document.body.append(frame);
  window.punctuationLine = {runs, box};
  const edge = (r) => ({left: r.left, right: r.right});
  return {text: runs.map((r) => r.text).join(""), first: edge(line[0].rect),
          last: edge(line[line.length - 1].rect)};
}"""

# Hide the span and write its last line's characters over the same spot, left to right, in its
# font and colours: the text's box lands where the span's line was, to the fraction of a pixel.
REFERENCE = """(element) => {
  const {runs, box} = window.punctuationLine;
  const copied = ["fontFamily", "fontSize", "fontWeight", "fontStyle", "fontStretch",
                  "fontVariant", "fontKerning", "fontFeatureSettings", "letterSpacing",
                  "wordSpacing", "textRendering", "color", "textDecoration"];
  const reference = document.createElement("div");
  reference.id = "punctuation-reference";
  reference.dir = "ltr";
  reference.lang = element.lang;
  for (const [name, value] of Object.entries({position: "fixed", margin: "0", padding: "0",
      border: "0", whiteSpace: "pre", lineHeight: "normal", background: "transparent",
      left: box.left + "px", top: box.top + "px"})) reference.style[name] = value;
  for (const run of runs) {
    const span = document.createElement("span");
    span.textContent = run.text;
    const style = getComputedStyle(run.styledBy);
    for (const name of copied) span.style[name] = style[name];
    reference.append(span);
  }
  element.style.visibility = "hidden";
  document.body.append(reference);
  const range = document.createRange();
  range.selectNodeContents(reference);
  const drawn = range.getBoundingClientRect();
  reference.style.left = box.left + (box.left - drawn.left) + "px";
  reference.style.top = box.top + (box.top - drawn.top) + "px";
}"""

PUT_BACK = """(element) => {
  element.style.visibility = "";
  delete element.dataset.punctuation;
  document.getElementById("punctuation-reference")?.remove();
  document.getElementById("punctuation-frame")?.remove();
}"""

# How many pixels of two PNGs of one size differ by more than a trace in any channel, and how
# many of the first picture's pixels are ink (not its top-left corner's colour).
DIFFERENCE = """async ([first, second]) => {
  const pixels = async (png) => {
    const bytes = Uint8Array.from(atob(png), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], {type: "image/png"}));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext("2d");
    context.drawImage(bitmap, 0, 0);
    return context.getImageData(0, 0, bitmap.width, bitmap.height);
  };
  const [a, b] = [await pixels(first), await pixels(second)];
  if (a.width !== b.width || a.height !== b.height) return {differing: -1, ink: 0};
  let differing = 0, ink = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    let most = 0, fromCorner = 0;
    for (let c = 0; c < 3; c++) {
      most = Math.max(most, Math.abs(a.data[i + c] - b.data[i + c]));
      fromCorner = Math.max(fromCorner, Math.abs(a.data[i + c] - a.data[c]));
    }
    if (most > 24) differing++;
    if (fromCorner > 24) ink++;
  }
  return {differing, ink};
}"""


@dataclass(frozen=True)
class LastLine:
    """A left-to-right span's last line: its text, and how its rendering compares."""

    text: str
    first: dict[str, float]
    last: dict[str, float]
    differing: int
    ink: int


def spans_ending_in_punctuation(page: Any) -> list[Any]:
    """Locators of the visible left-to-right spans, in another language, ending in punctuation."""
    marks = page.evaluate(SPANS_ENDING_IN_PUNCTUATION)
    return [page.locator(f'[data-punctuation="{mark}"]') for mark in marks]


def compare_last_line(span: Any, keep: Path) -> LastLine:
    """Screenshot the span's last line as the page renders it, and the same characters in a
    left-to-right block over the same spot; both PNGs are kept under `keep` (name-page.png and
    name-reference.png) for a person to look at."""
    page = span.page
    line = span.evaluate(LAST_LINE)
    frame = page.locator("#punctuation-frame")
    try:
        rendered = frame.screenshot(path=f"{keep}-page.png")
        span.evaluate(REFERENCE)
        reference = frame.screenshot(path=f"{keep}-reference.png")
    finally:
        span.evaluate(PUT_BACK)
    seen = page.evaluate(DIFFERENCE, [base64.b64encode(rendered).decode(),
                                      base64.b64encode(reference).decode()])
    return LastLine(line["text"], line["first"], line["last"], seen["differing"], seen["ink"])
