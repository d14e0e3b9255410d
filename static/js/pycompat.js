/*
 * Python's value semantics in JavaScript, for the browser engine (static/js/engine.js): where
 * JavaScript values behave differently from Python's, these reproduce Python's behaviour
 * (equality, `in`, int(), str.strip(), repr()), so the engine gives exactly the server's answer
 * and messages. What JSON.parse erases cannot be reproduced: 30.0 and 30 are the same number
 * here, so a whole number written with a decimal point is accepted here and refused by the
 * server.
 *
 * Plain script, no dependencies: load it before engine.js (a page with <script>, a service
 * worker with importScripts()); it sets self.PyCompat.
 */
(function (root) {
  "use strict";


  // Own keys only: an answer id such as "constructor" must not find Object.prototype's.
  function hasOwn(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key);
  }

  // Python's mapping.get(key) for a JSON object: None (null) when the key is absent.
  function get(object, key, fallback) {
    return hasOwn(object, key) ? object[key] : (fallback === undefined ? null : fallback);
  }

  function isMapping(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function isNone(value) {
    return value === null || value === undefined;
  }

  // Python ==: True == 1 and 1 == 1.0 (bool is an int); lists and dicts compare by content.
  function pyEquals(a, b) {
    if (isNone(a) || isNone(b)) return isNone(a) && isNone(b);
    const aNumeric = typeof a === "number" || typeof a === "boolean";
    const bNumeric = typeof b === "number" || typeof b === "boolean";
    if (aNumeric || bNumeric) return aNumeric && bNumeric && Number(a) === Number(b);
    if (typeof a === "string" || typeof b === "string") return a === b;
    if (Array.isArray(a) || Array.isArray(b)) {
      return Array.isArray(a) && Array.isArray(b) && a.length === b.length &&
        a.every((item, i) => pyEquals(item, b[i]));
    }
    if (isMapping(a) && isMapping(b)) {
      const keys = Object.keys(a);
      return keys.length === Object.keys(b).length &&
        keys.every((key) => hasOwn(b, key) && pyEquals(a[key], b[key]));
    }
    return false;
  }

  // Python `item in container`.
  function pyContains(container, item) {
    if (Array.isArray(container)) return container.some((each) => pyEquals(each, item));
    if (typeof container === "string" && typeof item === "string") return container.includes(item);
    if (isMapping(container) && typeof item === "string") return hasOwn(container, item);
    throw new TypeError(`cannot look for ${pyRepr(item)} in ${pyRepr(container)}`);
  }

  // The characters str.isspace() accepts, which str.strip() removes. String.prototype.trim()
  // differs: it removes U+FEFF and keeps U+001C to U+001F and U+0085.
  const PY_SPACE = "[\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028" +
    "\\u2029\\u202f\\u205f\\u3000]";
  const PY_STRIP = new RegExp(`^${PY_SPACE}+|${PY_SPACE}+$`, "g");

  function pyStrip(text) {
    if (typeof text !== "string") throw new TypeError(`${pyRepr(text)} is not text`);
    return text.replace(PY_STRIP, "");
  }

  // Python int() of a JSON value: the engine applies it to points ("each", "add") and to
  // parameter defaults, which the loader does not check are whole numbers.
  function pyInt(value) {
    if (typeof value === "boolean") return value ? 1 : 0;
    if (typeof value === "number" && Number.isFinite(value)) return Math.trunc(value) || 0;
    if (typeof value === "string") {
      const digits = pyStrip(value);
      if (/^[+-]?[0-9]+(?:_[0-9]+)*$/.test(digits)) return Number(digits.replace(/_/g, "")) || 0;
      throw new Error(`invalid literal for int() with base 10: ${pyRepr(value)}`);
    }
    throw new TypeError(`int() argument must be a string or a real number, not ${pyRepr(value)}`);
  }

  // Characters Python's repr() escapes beyond ASCII: those str.isprintable() rejects.
  const NOT_PRINTABLE = /^[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]$/u;

  function hex(codePoint, width) {
    return codePoint.toString(16).padStart(width, "0");
  }

  function reprString(text) {
    const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
    let out = quote;
    for (const ch of text) { // by code point, as Python counts
      const code = ch.codePointAt(0);
      if (ch === quote || ch === "\\") out += "\\" + ch;
      else if (ch === "\t") out += "\\t";
      else if (ch === "\n") out += "\\n";
      else if (ch === "\r") out += "\\r";
      else if (code < 0x20 || code === 0x7f) out += "\\x" + hex(code, 2);
      else if (code < 0x7f || !NOT_PRINTABLE.test(ch)) out += ch;
      else if (code <= 0xff) out += "\\x" + hex(code, 2);
      else if (code <= 0xffff) out += "\\u" + hex(code, 4);
      else out += "\\U" + hex(code, 8);
    }
    return out + quote;
  }

  // repr() of a float: the shortest digits that read back the same, as JavaScript also finds,
  // laid out Python's way (1e-05, 0.0001, 1e+16, 1234.5).
  function reprFloat(number) {
    const [mantissa, exponentText] = number.toExponential().split("e");
    const sign = mantissa.startsWith("-") ? "-" : "";
    const digits = mantissa.replace("-", "").replace(".", "");
    const exponent = Number(exponentText);
    if (exponent < -4 || exponent >= 16) {
      const rest = digits.length > 1 ? "." + digits.slice(1) : "";
      const size = String(Math.abs(exponent)).padStart(2, "0");
      return `${sign}${digits[0]}${rest}e${exponent < 0 ? "-" : "+"}${size}`;
    }
    if (exponent < 0) return `${sign}0.${"0".repeat(-exponent - 1)}${digits}`;
    const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, "0");
    return `${sign}${whole}.${digits.slice(exponent + 1) || "0"}`;
  }

  // Python repr() of a JSON value, for messages that quote an answer ('maybe', ['a', 'b']).
  // A whole number is shown as an int: JSON.parse has already turned 2.0 into 2.
  function pyRepr(value) {
    if (isNone(value)) return "None";
    if (value === true) return "True";
    if (value === false) return "False";
    if (typeof value === "number") {
      if (!Number.isInteger(value)) return reprFloat(value);
      return Math.abs(value) < 1e21 ? String(value) : BigInt(value).toString();
    }
    if (typeof value === "string") return reprString(value);
    if (Array.isArray(value)) return "[" + value.map(pyRepr).join(", ") + "]";
    if (isMapping(value)) {
      return "{" + Object.keys(value).map((key) => `${reprString(key)}: ${pyRepr(value[key])}`)
        .join(", ") + "}";
    }
    return String(value);
  }

  // Python str() of a number or None, as an f-string shows it.
  function pyStr(value) {
    return typeof value === "string" ? value : pyRepr(value);
  }

  const PyCompat = Object.freeze({
    hasOwn, get, isMapping, isNone, pyEquals, pyContains, pyStrip, pyInt, pyRepr, pyStr,
  });
  root.PyCompat = PyCompat;
  if (typeof module === "object" && module && module.exports) module.exports = PyCompat;
})(typeof globalThis !== "undefined" ? globalThis : self);
