/* Self-checking exercises for the static website: no kernel, no network.
   Mirrors src/workbook/answers.py and checker.py; tests keep the two in step. */
(function () {
  "use strict";

  var MESSAGES = {
    "correct": "Correct.",
    "incorrect": "Not yet. Read the question again, or open a hint.",
    "not-a-code": "That is not a code in the code set. Check each character against the tabular list.",
    "header": "That is a category or subcategory heading, not a complete code: more characters are needed.",
    "seventh": "The code is right up to the 7th character: the 7th character is missing or wrong.",
    "category": "Right category, but not the right code: look for a more specific or a different code in it.",
    "unchecked": "This exercise has no stored check yet (an author must run: python -m workbook keys)."
  };
  var CODE_SHAPES = {
    icd10cm: /^(?:[A-Z][0-9]|QA)[0-9A-Z][0-9A-Z]{0,4}$/,
    hcpcs: /^[A-Z][0-9]{4}$/,
    cpt: /^[0-9]{4}[0-9FTU]$/
  };
  var CODE_NAMES = { icd10cm: "an ICD-10-CM", hcpcs: "a HCPCS Level II", cpt: "a CPT" };
  var CODE_EXAMPLES = { icd10cm: "E11.9 or S52.521A", hcpcs: "J1100", cpt: "99213" };
  var NUMBER = /^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)$/;
  var MAX_TEXT = 200;

  /* SHA-256 (FIPS 180-4) over UTF-8; crypto.subtle is missing on plain-http classroom servers. */
  var K = [0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2];

  function sha256hex(text) {
    var bytes = Array.from(new TextEncoder().encode(text));
    var bitLen = bytes.length * 8;
    bytes.push(0x80);
    while (bytes.length % 64 !== 56) bytes.push(0);
    for (var s = 56; s >= 0; s -= 8) bytes.push(s >= 32 ? Math.floor(bitLen / Math.pow(2, s)) & 0xff : (bitLen >>> s) & 0xff);
    var H = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    var W = new Array(64);
    function rotr(x, n) { return (x >>> n) | (x << (32 - n)); }
    for (var off = 0; off < bytes.length; off += 64) {
      for (var t = 0; t < 16; t++) {
        var j = off + t * 4;
        W[t] = ((bytes[j] << 24) | (bytes[j + 1] << 16) | (bytes[j + 2] << 8) | bytes[j + 3]) | 0;
      }
      for (t = 16; t < 64; t++) {
        var s0 = rotr(W[t - 15], 7) ^ rotr(W[t - 15], 18) ^ (W[t - 15] >>> 3);
        var s1 = rotr(W[t - 2], 17) ^ rotr(W[t - 2], 19) ^ (W[t - 2] >>> 10);
        W[t] = (W[t - 16] + s0 + W[t - 7] + s1) | 0;
      }
      var a = H[0], b = H[1], c = H[2], d = H[3], e = H[4], f = H[5], g = H[6], h = H[7];
      for (t = 0; t < 64; t++) {
        var S1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
        var ch = (e & f) ^ (~e & g);
        var t1 = (h + S1 + ch + K[t] + W[t]) | 0;
        var S0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
        var maj = (a & b) ^ (a & c) ^ (b & c);
        var t2 = (S0 + maj) | 0;
        h = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
      }
      H[0] = (H[0] + a) | 0; H[1] = (H[1] + b) | 0; H[2] = (H[2] + c) | 0; H[3] = (H[3] + d) | 0;
      H[4] = (H[4] + e) | 0; H[5] = (H[5] + f) | 0; H[6] = (H[6] + g) | 0; H[7] = (H[7] + h) | 0;
    }
    return H.map(function (x) { return ("00000000" + (x >>> 0).toString(16)).slice(-8); }).join("");
  }

  function digest(salt, id, value) { return sha256hex(salt + "|" + id + "|" + value).slice(0, 16); }

  /* Explanations sealed with the answer (src/workbook/exercises/sealed.py): HKDF-SHA256 from the canonical
     response gives the key that unwraps the content key; a wrong response opens nothing. Resolves to the
     explanation's HTML, or null (wrong answer, or no WebCrypto: plain-http pages other than localhost). */
  var SEAL_INFO = "workbook-explanation-v1";
  function b64bytes(text) {
    var bin = atob(text), out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }
  function subtle() { var c = (typeof window !== "undefined" && window.crypto) || globalThis.crypto; return c && c.subtle; }
  function unseal(sealed, response, salt, id) {
    var s = subtle();
    if (!s || !sealed || !sealed.keys || !response) return Promise.resolve(null);
    var enc = new TextEncoder();
    return s.importKey("raw", enc.encode(response), "HKDF", false, ["deriveBits"]).then(function (ikm) {
      return s.deriveBits({ name: "HKDF", hash: "SHA-256", salt: enc.encode(salt), info: enc.encode(SEAL_INFO + "|wrap|" + id) }, ikm, 352);
    }).then(function (bits) {
      var okm = new Uint8Array(bits);
      return s.importKey("raw", okm.slice(0, 32), "AES-GCM", false, ["decrypt"]).then(function (wrapKey) {
        return Promise.all(sealed.keys.map(function (w) {
          return s.decrypt({ name: "AES-GCM", iv: okm.slice(32) }, wrapKey, b64bytes(w)).then(null, function () { return null; });
        }));
      });
    }).then(function (contents) {
      var content = contents.filter(Boolean)[0];
      if (!content) return null;
      return s.importKey("raw", content, "AES-GCM", false, ["decrypt"]).then(function (key) {
        return s.decrypt({ name: "AES-GCM", iv: b64bytes(sealed.iv) }, key, b64bytes(sealed.body));
      }).then(function (plain) { return new TextDecoder().decode(plain); });
    }).then(null, function () { return null; });
  }

  function AnswerError(message) { this.message = message; }

  function requireText(text, what) {
    if (/[\x00-\x08\x0e-\x1f\x7f-\x9f]/.test(text || "")) throw new AnswerError("The answer contains invisible control characters; retype " + what + ".");
    text = (text || "").trim();
    if (!text) throw new AnswerError("The answer is empty: type " + what + ".");
    if (text.length > MAX_TEXT) throw new AnswerError("That answer is " + text.length.toLocaleString("en-US") + " characters long; type just " + what + ".");
    return text;
  }

  function codeKey(system, raw) {
    var example = CODE_EXAMPLES[system];
    var text = requireText(raw, "a code such as " + example).replace(/[\s.]/g, "").toUpperCase();
    if (!CODE_SHAPES[system].test(text)) {
      throw new AnswerError(JSON.stringify(raw.trim().slice(0, 40)).replace(/^"|"$/g, "'") + " is not " + CODE_NAMES[system] + " code. Codes look like " + example + ".");
    }
    return text;
  }

  /* Round half-up (away from zero) on the decimal string itself: no float rounding. */
  function formatNumber(text, decimals) {
    var neg = text.charAt(0) === "-";
    text = text.replace(/^[+-]/, "");
    var parts = text.split(".");
    var intPart = parts[0] || "0", frac = parts[1] || "";
    var scaled = BigInt(intPart + frac || "0");
    var scale = frac.length;
    if (scale > decimals) {
      var div = BigInt(10) ** BigInt(scale - decimals);
      var q = scaled / div, r = scaled % div;
      if (r * BigInt(2) >= div) q += BigInt(1);
      scaled = q;
    } else {
      scaled = scaled * BigInt(10) ** BigInt(decimals - scale);
    }
    var digits = scaled.toString();
    if (decimals > 0) {
      while (digits.length <= decimals) digits = "0" + digits;
      digits = digits.slice(0, -decimals) + "." + digits.slice(-decimals);
    }
    return (neg && /[1-9]/.test(digits) ? "-" : "") + digits;
  }

  function numberKey(raw, unit, decimals) {
    var text = requireText(raw, "a number").replace(/[,$ ]/g, "");
    if (unit && unit !== "$") {
      var u = unit.replace(/ /g, "").replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      text = text.replace(new RegExp(u + "$", "i"), "");
    }
    if (!NUMBER.test(text)) throw new AnswerError("'" + raw.trim().slice(0, 40) + "' is not a number. Type digits, e.g. 95.19.");
    return formatNumber(text, decimals);
  }

  function normalizeDate(text) {
    var m = /^(\d{1,2})[/ .-](\d{1,2})[/ .-](\d{4})$/.exec(text), y, mo, d;
    if (m) { mo = +m[1]; d = +m[2]; y = +m[3]; } else {
      m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
      if (!m) throw new AnswerError("'" + text.slice(0, 40) + "' is not a date. Write it as MM/DD/YYYY, e.g. 09/28/2026.");
      y = +m[1]; mo = +m[2]; d = +m[3];
    }
    var dt = new Date(0);
    dt.setUTCFullYear(y, mo - 1, d);  /* not Date.UTC: it maps years 0-99 to 1900-1999 */
    if (y < 1 || dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) {
      throw new AnswerError("'" + text.slice(0, 40) + "' is not a real calendar date.");
    }
    return ("000" + y).slice(-4) + "-" + ("0" + mo).slice(-2) + "-" + ("0" + d).slice(-2);
  }

  function fieldValue(kind, raw, label) {
    var text = requireText(raw, "the " + label);
    if (kind === "code") {
      var code = text.replace(/[\s.]/g, "").toUpperCase();
      if (!/^[A-Z0-9]{1,12}$/.test(code)) throw new AnswerError("The " + label + " should be a code of letters and digits, such as E11.9 or 99213.");
      return code;
    }
    if (kind === "number") return numberKey(text, "$", 2);
    if (kind === "date") return normalizeDate(text);
    return text.replace(/\|/g, " ").toUpperCase().split(/\s+/).filter(Boolean).join(" ");
  }

  function chosen(root, selector) {
    return Array.prototype.map.call(root.querySelectorAll(selector), function (el) { return el.value; });
  }

  function responseKey(root, type) {
    if (type === "single") {
      var one = chosen(root, "input[type=radio]:checked");
      if (!one.length) throw new AnswerError("Choose one answer from the list.");
      return one[0];
    }
    if (type === "multiple") {
      var many = chosen(root, "input[type=checkbox]:checked").map(Number).sort(function (a, b) { return a - b; });
      if (!many.length) throw new AnswerError("Select at least one answer.");
      return many.join(",");
    }
    if (type === "ordering" || type === "matching") {
      var picks = chosen(root, "select.wb-select");
      if (picks.some(function (v) { return v === ""; })) {
        throw new AnswerError(type === "ordering" ? "Choose an item for every position." : "Choose a match for every term.");
      }
      if (type === "ordering" && new Set(picks).size !== picks.length) throw new AnswerError("Place every item exactly once.");
      return picks.join(",");
    }
    if (type === "claim") {
      return Array.prototype.map.call(root.querySelectorAll(".wb-field"), function (el) {
        return fieldValue(el.dataset.wbKind, el.value, el.labels && el.labels[0] ? el.labels[0].textContent.trim() : "field");
      }).join("|");
    }
    if (type === "spot") {
      return Array.prototype.filter.call(root.querySelectorAll(".wb-spot"), function (b) {
        return b.getAttribute("aria-pressed") === "true";
      }).map(function (b) { return Number(b.dataset.wbSpot); }).sort(function (a, b) { return a - b; }).join(",");
    }
    var input = root.querySelector(".wb-input");
    if (type === "numeric") return numberKey(input.value, root.dataset.wbUnit, Number(root.dataset.wbDecimals));
    return codeKey(root.dataset.wbSystem, input.value);
  }

  /* Names each part of a partial answer exactly as checker.quoted() does in Python. */
  function quoted(names) { return names.map(function (n) { return "\u201c" + n + "\u201d"; }).join(", "); }

  function judge(root) {
    var check = JSON.parse(root.dataset.wbCheck || "{}");
    var id = root.dataset.wbId, salt = root.dataset.wbSalt, type = root.dataset.wbType;
    var names = JSON.parse(root.dataset.wbNames || "[]");
    if (!Object.keys(check).length) return { status: "unchecked", message: MESSAGES.unchecked };
    var canon;
    try { canon = responseKey(root, type); } catch (err) {
      if (!(err instanceof AnswerError)) throw err;
      return { status: type === "code" ? "not-a-code" : "invalid", message: err.message };
    }
    var h = function (v) { return digest(salt, id, v); };
    var right = { status: "correct", message: MESSAGES.correct, canon: canon };
    if (type === "numeric") {
      return (check.any || []).indexOf(h(canon)) >= 0 ? right : { status: "incorrect", message: MESSAGES.incorrect };
    }
    if (h(canon) === check.hash) return right;
    if (type === "ordering" || type === "matching" || type === "claim") {
      var tag = type === "claim" ? "field" : "pos";
      var values = canon.split(type === "claim" ? "|" : ","), stored = check.positions || [], wrongAt = [];
      values.forEach(function (v, i) {
        if (!(i < stored.length && h(tag + i + ":" + v) === stored[i])) wrongAt.push(i < names.length ? names[i] : String(i + 1));
      });
      var noun = { ordering: "items are in the right place", matching: "terms are matched correctly", claim: "fields are right" }[type];
      return { status: "partial", message: (values.length - wrongAt.length) + " of " + values.length + " " + noun +
        ". Not yet right: " + quoted(wrongAt) + ". Adjust " + (wrongAt.length === 1 ? "it" : "them") + " and check again." };
    }
    if (type === "multiple" && check.options) {
      var chosenOpts = canon ? canon.split(",").map(Number) : [];
      var applies = check.options.map(function (hs, i) { return h("opt" + i + ":1") === hs; });
      var notApply = chosenOpts.filter(function (i) { return i < applies.length && !applies[i]; }).map(function (i) { return names[i]; });
      var unselected = applies.filter(function (yes, i) { return yes && chosenOpts.indexOf(i) < 0; }).length;
      var said = [];
      if (notApply.length) said.push((notApply.length === 1 ? "This choice does" : "These choices do") + " not apply: " + quoted(notApply));
      if (unselected) said.push(unselected + " right " + (unselected === 1 ? "choice is" : "choices are") + " not selected yet");
      return { status: "partial", message: "Not yet. " + said.join("; ") + "." };
    }
    if (type === "spot") {
      var picked = canon ? canon.split(",").map(Number) : [], spots = check.spots || [];
      var truth = spots.map(function (hs, i) { return h("spot" + i + ":1") === hs; });
      var found = picked.filter(function (i) { return truth[i]; }).length;
      var notIds = picked.filter(function (i) { return i < truth.length && !truth[i]; }).map(function (i) { return names[i]; });
      var missing = truth.filter(Boolean).length - found;
      var parts = ["You found " + found + " of the identifiers"];
      if (notIds.length) parts.push("not " + (notIds.length === 1 ? "an identifier" : "identifiers") + ": " + quoted(notIds));
      if (missing) parts.push(missing + " more " + (missing === 1 ? "is" : "are") + " still in the note");
      return { status: "partial", message: parts.join("; ") + "." };
    }
    if (type === "code") {
      if (check.stem && (canon.length === 6 || canon.length === 7) && h("stem:" + canon.slice(0, 6)) === check.stem) {
        return { status: "seventh", message: MESSAGES.seventh };
      }
      if ((check.prefixes || []).indexOf(h("pre:" + canon)) >= 0) return { status: "header", message: MESSAGES.header };
      if (h("cat:" + canon.slice(0, 3)) === check.category) return { status: "category", message: MESSAGES.category };
    }
    return { status: "incorrect", message: MESSAGES.incorrect };
  }

  /* Saved progress: every checked attempt is kept in this browser, one entry per book, bank and exercise. */
  var STORE = "medcode-workbook:v1:";
  function storeKey(root) { return STORE + (root.dataset.wbBank || "") + ":" + root.dataset.wbId; }
  function loadState(root) {
    try { var v = JSON.parse(window.localStorage.getItem(storeKey(root)) || "null"); return v && typeof v === "object" ? v : null; }
    catch (e) { return null; }
  }
  function saveState(root, state) {
    try { window.localStorage.setItem(storeKey(root), JSON.stringify(state)); return true; } catch (e) { return false; }
  }
  function snapshot(root) {
    var list = function (sel, fn) { return Array.prototype.map.call(root.querySelectorAll(sel), fn); };
    return {
      text: list(".wb-input, .wb-field", function (el) { return el.value; }),
      checked: list("input[type=radio], input[type=checkbox]", function (el) { return el.checked; }),
      selects: list("select.wb-select", function (el) { return el.value; }),
      spots: list(".wb-spot", function (el) { return el.getAttribute("aria-pressed") === "true"; })
    };
  }
  function restore(root, snap) {
    var put = function (sel, values, fn) {
      var els = root.querySelectorAll(sel);
      if (!Array.isArray(values) || values.length !== els.length) return;
      Array.prototype.forEach.call(els, function (el, i) { fn(el, values[i]); });
    };
    put(".wb-input, .wb-field", snap.text, function (el, v) { el.value = typeof v === "string" ? v.slice(0, 200) : ""; });
    put("input[type=radio], input[type=checkbox]", snap.checked, function (el, v) { el.checked = v === true; });
    put("select.wb-select", snap.selects, function (el, v) { if (Array.prototype.some.call(el.options, function (o) { return o.value === v; })) el.value = v; });
    put(".wb-spot", snap.spots, function (el, v) { el.setAttribute("aria-pressed", v === true ? "true" : "false"); });
  }

  function attach(root) {
    if (root.dataset.wbReady) return;
    root.dataset.wbReady = "1";
    var attempts = 0, state = null;
    var feedback = root.querySelector(".wb-feedback");
    var counter = root.querySelector(".wb-attempts");
    var explained = root.querySelector(".wb-explanation");
    var check = JSON.parse(root.dataset.wbCheck || "{}");
    function show(result) {
      feedback.textContent = result.message;
      feedback.className = "wb-feedback wb-" + result.status;
      root.dataset.wbStatus = result.status;
      counter.textContent = attempts ? "Attempts: " + attempts : "";
      if (!explained) return;
      if (result.status !== "correct") { explained.hidden = true; explained.innerHTML = ""; return; }
      unseal(check.sealed, result.canon, root.dataset.wbSalt, root.dataset.wbId).then(function (html) {
        if (root.dataset.wbStatus !== "correct") return;
        explained.innerHTML = html || (check.sealed ? "<p>The explanation opens on an https:// or localhost page.</p>" : "");
        explained.hidden = !explained.innerHTML;
      });
    }
    function run() {
      var result = judge(root);
      var counted = result.status !== "invalid" && result.status !== "not-a-code";
      if (counted) {
        attempts++;
        var now = new Date().toISOString();
        state = state || { first: result.status, firstAt: now };
        state.attempts = attempts;
        state.last = result.status;
        state.at = now;
        state.solved = state.solved || result.status === "correct";
        state.response = snapshot(root);
        saveState(root, state);
      }
      show(result);
    }
    root.querySelector(".wb-check").addEventListener("click", run);
    root.querySelectorAll(".wb-input, .wb-field").forEach(function (input) {
      input.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { ev.preventDefault(); run(); } });
    });
    root.querySelectorAll(".wb-spot").forEach(function (b) {
      b.addEventListener("click", function () { b.setAttribute("aria-pressed", b.getAttribute("aria-pressed") === "true" ? "false" : "true"); });
    });
    /* Hints open one at a time: the next appears once the one before it has been opened. */
    var hints = root.querySelectorAll("details.wb-hint");
    Array.prototype.forEach.call(hints, function (d, i) {
      if (i > 0 && !d.open) d.hidden = true;
      d.addEventListener("toggle", function () { if (d.open && hints[i + 1]) hints[i + 1].hidden = false; });
    });
    state = loadState(root);
    if (state && state.response && typeof state.attempts === "number") {
      attempts = Math.max(0, Math.floor(state.attempts));
      restore(root, state.response);
      show(judge(root));
    } else {
      state = null;
    }
  }

  /* Forget every saved answer of this book in this browser (the My progress page offers it). */
  function clearProgress() {
    try {
      var doomed = [];
      for (var i = 0; i < window.localStorage.length; i++) {
        var k = window.localStorage.key(i);
        if (k && k.indexOf(STORE) === 0) doomed.push(k);
      }
      doomed.forEach(function (k) { window.localStorage.removeItem(k); });
      return doomed.length;
    } catch (e) { return 0; }
  }

  function init() { document.querySelectorAll(".wb-exercise").forEach(attach); }
  window.Workbook = { digest: digest, sha256hex: sha256hex, formatNumber: formatNumber, fieldValue: fieldValue, judge: judge,
    init: init, unseal: unseal, clearProgress: clearProgress, STORE: STORE };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
