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
    "placeholder": "Almost: the code needs the placeholder X. When a code has fewer than six characters before its 7th character, X fills each empty position (T14.90 with A becomes T14.90XA).",
    "unchecked": "This exercise has no stored check yet (an author must run: python -m workbook keys)."
  };
  var CODE_SHAPES = {
    icd10cm: /^(?:[A-Z][0-9]|QA)[0-9A-Z][0-9A-Z]{0,4}$/,
    hcpcs: /^[A-Z][0-9]{4}$/,
    cpt: /^[0-9]{4}[0-9FTU]$/
  };
  var CODE_NAMES = { icd10cm: "an ICD-10-CM", hcpcs: "a HCPCS Level II", cpt: "a CPT" };
  var CODE_EXAMPLES = { icd10cm: "E11.9 or S52.521A", hcpcs: "J1100", cpt: "99213" };
  var OTHER_USES = { icd10cm: "a diagnosis", hcpcs: "a supply, drug or service", cpt: "a procedure or service" };
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

  /* What a learner typed, as feedback quotes it (answers.shown in Python): 40 characters, not UTF-16 units. */
  function shown(text) { return "'" + Array.from(text).slice(0, 40).join("") + "'"; }

  function requireText(text, what) {
    if (/[\x00-\x08\x0e-\x1f\x7f-\x9f]/.test(text || "")) throw new AnswerError("The answer contains invisible control characters; retype " + what + ".");
    text = (text || "").trim();
    if (!text) throw new AnswerError("The answer is empty: type " + what + ".");
    var length = Array.from(text).length;
    if (length > MAX_TEXT) throw new AnswerError("That answer is " + length.toLocaleString("en-US") + " characters long; type just " + what + ".");
    return text;
  }

  function codeKey(system, raw) {
    var example = CODE_EXAMPLES[system];
    var text = requireText(raw, "a code such as " + example).replace(/[\s.]/g, "").toUpperCase();
    if (!CODE_SHAPES[system].test(text)) {
      var other = ["cpt", "hcpcs", "icd10cm"].filter(function (o) { return o !== system && CODE_SHAPES[o].test(text); })[0];
      if (other) {
        throw new AnswerError("That looks like " + CODE_NAMES[other] + " code (" + OTHER_USES[other] + "); this question asks for " +
          CODE_NAMES[system] + " code, such as " + example + ".");
      }
      throw new AnswerError(shown(raw.trim()) + " is not " + CODE_NAMES[system] + " code. Codes look like " + example + ".");
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
    if (!NUMBER.test(text)) throw new AnswerError(shown(raw.trim()) + " is not a number. Type digits, e.g. 95.19.");
    return formatNumber(text, decimals);
  }

  function normalizeDate(text) {
    var m = /^(\d{1,2})[/ .-](\d{1,2})[/ .-](\d{4})$/.exec(text), y, mo, d;
    if (m) { mo = +m[1]; d = +m[2]; y = +m[3]; } else {
      m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
      if (!m) throw new AnswerError(shown(text) + " is not a date. Write it as MM/DD/YYYY, e.g. 09/28/2026.");
      y = +m[1]; mo = +m[2]; d = +m[3];
    }
    var dt = new Date(0);
    dt.setUTCFullYear(y, mo - 1, d);  /* not Date.UTC: it maps years 0-99 to 1900-1999 */
    if (y < 1 || dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) {
      throw new AnswerError(shown(text) + " is not a real calendar date.");
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
      /* Fields are named as the notebook names them (spec.item_names, carried in data-wb-names). */
      var fieldNames = JSON.parse(root.dataset.wbNames || "[]");
      return Array.prototype.map.call(root.querySelectorAll(".wb-field"), function (el, i) {
        return fieldValue(el.dataset.wbKind, el.value, fieldNames[i] || "field");
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
      if (check.placeholder && h("ph:" + canon) === check.placeholder) return { status: "placeholder", message: MESSAGES.placeholder };
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
  /* The response as the notebook face and the grader take it: an option index, a list of indexes, the typed text. */
  function responseValue(root, type) {
    var nums = function (sel, fn) { return Array.prototype.filter.call(root.querySelectorAll(sel), fn).map(function (el) { return Number(el.value); }); };
    if (type === "single") { var one = nums("input[type=radio]", function (el) { return el.checked; }); return one.length ? one[0] : null; }
    if (type === "multiple") return nums("input[type=checkbox]", function (el) { return el.checked; });
    if (type === "ordering" || type === "matching") {
      return Array.prototype.map.call(root.querySelectorAll("select.wb-select"), function (el) { return el.value === "" ? null : Number(el.value); });
    }
    if (type === "claim") return Array.prototype.map.call(root.querySelectorAll(".wb-field"), function (el) { return el.value; });
    if (type === "spot") {
      return Array.prototype.filter.call(root.querySelectorAll(".wb-spot"), function (b) { return b.getAttribute("aria-pressed") === "true"; })
        .map(function (b) { return Number(b.dataset.wbSpot); });
    }
    var input = root.querySelector(".wb-input");
    return input ? input.value : "";
  }
  function applyAnswer(root, type, answer) {
    var list = Array.isArray(answer) ? answer : [];
    if (type === "single" || type === "multiple") {
      root.querySelectorAll("input[type=radio], input[type=checkbox]").forEach(function (el) {
        el.checked = type === "single" ? Number(el.value) === answer : list.indexOf(Number(el.value)) >= 0;
      });
    } else if (type === "ordering" || type === "matching") {
      root.querySelectorAll("select.wb-select").forEach(function (el, i) {
        var v = list[i] === null || list[i] === undefined ? "" : String(list[i]);
        if (Array.prototype.some.call(el.options, function (o) { return o.value === v; })) el.value = v;
      });
    } else if (type === "claim") {
      root.querySelectorAll(".wb-field").forEach(function (el, i) { el.value = typeof list[i] === "string" ? list[i].slice(0, 200) : ""; });
    } else if (type === "spot") {
      root.querySelectorAll(".wb-spot").forEach(function (b) { b.setAttribute("aria-pressed", list.indexOf(Number(b.dataset.wbSpot)) >= 0 ? "true" : "false"); });
    } else {
      var input = root.querySelector(".wb-input");
      if (input) input.value = typeof answer === "string" ? answer.slice(0, 200) : "";
    }
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
      if (counted && state && state.lastCanon === result.canon) {
        show(result);  /* the same answer checked again is not another attempt */
        counter.textContent = "Attempts: " + attempts + " (you checked this same answer already)";
        return;
      }
      if (counted) {
        attempts++;
        var now = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
        state = state || { first: result.status, firstAt: now };
        state.attempts = attempts;
        state.last = result.status;
        state.at = now;
        state.solved = state.solved || result.status === "correct";
        state.answer = responseValue(root, root.dataset.wbType);
        state.lastCanon = result.canon;
        /* The earliest checks are kept (a first-attempt policy grades the first), as the notebooks keep them. */
        state.history = state.history || [];
        if (state.history.length < HISTORY) state.history.push({ answer: state.answer, status: result.status, at: now });
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
    if (state && "answer" in state && typeof state.attempts === "number") {
      attempts = Math.max(0, Math.floor(state.attempts));
      applyAnswer(root, root.dataset.wbType, state.answer);
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

  /* ---- My progress: a summary of this browser's saved answers, hand-in export, import, clear ---- */
  var HISTORY = 50;
  var LEARNER = /^[A-Za-z0-9_.@-]{1,64}$/;
  var ASSIGNMENT = /^[a-z0-9][a-z0-9-]{0,39}$/;

  function saved() {
    var out = [];
    try {
      for (var i = 0; i < window.localStorage.length; i++) {
        var k = window.localStorage.key(i);
        if (!k || k.indexOf(STORE) !== 0) continue;
        var rest = k.slice(STORE.length), cut = rest.lastIndexOf(":");
        var v = JSON.parse(window.localStorage.getItem(k) || "null");
        if (v && typeof v === "object") out.push({ bank: rest.slice(0, cut), id: rest.slice(cut + 1), state: v });
      }
    } catch (e) { /* storage blocked or damaged: show nothing rather than fail */ }
    return out;
  }

  /* json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True), as Python writes it. */
  function pyJson(v) {
    if (Array.isArray(v)) return "[" + v.map(pyJson).join(",") + "]";
    if (v === null || v === undefined) return "null";
    if (typeof v === "object") return "{" + Object.keys(v).sort().map(function (k) { return pyJson(k) + ":" + pyJson(v[k]); }).join(",") + "}";
    if (typeof v === "string") {
      return JSON.stringify(v).replace(/[^\x20-\x7e]/g, function (c) { return "\\u" + ("0000" + c.charCodeAt(0).toString(16)).slice(-4); });
    }
    if (typeof v === "number") { if (!Number.isInteger(v)) throw new Error("only whole numbers in answers"); return String(v); }
    return v ? "true" : "false";
  }

  /* The answers document `python -m workbook grade` accepts: the hand-in helper's format and checksum. */
  function exportDocument(learner, assignment, only) {
    learner = (learner || "").trim(); assignment = (assignment || "").trim();
    if (!LEARNER.test(learner)) throw new AnswerError("Type your student id: 1-64 letters, digits, '.', '_', '-' or '@'.");
    if (assignment && !ASSIGNMENT.test(assignment)) throw new AnswerError("The assignment id is 1-40 lower-case letters, digits and dashes, as your instructor gave it.");
    var answers = {}, attempts = {};
    saved().forEach(function (e) {
      if (!e.state.attempts || !("answer" in e.state)) return;
      if (only && only.indexOf(e.id) < 0) return;
      answers[e.id] = e.state.answer;
      var tries = (e.state.history || []).filter(function (h) { return h && typeof h.at === "string" && "answer" in h; });
      if (tries.length) attempts[e.id] = tries.slice(0, HISTORY).map(function (h) { return { at: h.at.replace(/\.\d{3}Z$/, "Z"), response: h.answer }; });
    });
    var doc = { format: "workbook-answers/1", learner: learner, assignment: assignment, answers: answers };
    var core = { answers: answers, assignment: assignment, format: doc.format, learner: learner };
    /* Every check is handed in with its time, as the notebooks' hand-in does; the checksum covers them too. */
    if (Object.keys(attempts).length) { doc.attempts = attempts; core.attempts = attempts; }
    doc.checksum = "sha256:" + sha256hex(pyJson(core));
    doc.exported = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
    return doc;
  }

  /* Restore saved answers from an exported file (another browser, a new laptop); returns how many. */
  function importDocument(doc, catalog) {
    if (!doc || doc.format !== "workbook-answers/1" || !doc.answers || typeof doc.answers !== "object") {
      throw new AnswerError("That file is not a workbook answers file (its format is not workbook-answers/1).");
    }
    var banks = {}, n = 0;
    Object.keys(catalog.banks || {}).forEach(function (b) { Object.keys(catalog.banks[b].exercises).forEach(function (id) { banks[id] = b; }); });
    Object.keys(doc.answers).forEach(function (id) {
      if (!banks[id]) return;
      var key = STORE + banks[id] + ":" + id;
      var old = null;
      try { old = JSON.parse(window.localStorage.getItem(key) || "null"); } catch (e) { old = null; }
      var state = old && typeof old === "object" ? old : { first: null, attempts: 0 };
      state.answer = doc.answers[id];
      state.imported = new Date().toISOString();
      try { window.localStorage.setItem(key, JSON.stringify(state)); n++; } catch (e) { /* quota: skip */ }
    });
    return n;
  }

  function esc(text) { var d = document.createElement("div"); d.textContent = String(text); return d.innerHTML; }

  function progressTables(catalog) {
    var byId = {};
    saved().forEach(function (e) { byId[e.id] = e.state; });
    var rows = [], domains = {}, total = { n: 0, tried: 0, right: 0, first: 0, earned: 0, points: 0 };
    Object.keys(catalog.banks).forEach(function (b) {
      var bank = catalog.banks[b], r = { n: 0, tried: 0, right: 0, first: 0, earned: 0, points: 0 };
      Object.keys(bank.exercises).forEach(function (id) {
        var pts = bank.exercises[id][0], doms = bank.exercises[id][1], st = byId[id] || {};
        var tally = [r, total].concat(doms.map(function (d) { return (domains[d] = domains[d] || { n: 0, tried: 0, right: 0, first: 0, earned: 0, points: 0 }); }));
        tally.forEach(function (t) {
          t.n++; t.points += pts;
          if (st.attempts) t.tried++;
          if (st.solved) { t.right++; t.earned += pts; }
          if (st.first === "correct") t.first++;
        });
      });
      rows.push([bank.title, r]);
    });
    function table(caption, items) {
      return "<table class='wb-progress-table'><caption>" + esc(caption) + "</caption><thead><tr><th scope='col'>" +
        esc(caption.indexOf("domain") >= 0 ? "Exam domain" : "Chapter") + "</th><th scope='col'>Tried</th><th scope='col'>Right</th>" +
        "<th scope='col'>Right first time</th><th scope='col'>Points</th></tr></thead><tbody>" +
        items.map(function (it) {
          var t = it[1];
          return "<tr><th scope='row'>" + esc(it[0]) + "</th><td>" + t.tried + " of " + t.n + "</td><td>" + t.right + "</td><td>" +
            t.first + "</td><td>" + (Math.round(t.earned * 100) / 100) + " of " + (Math.round(t.points * 100) / 100) + "</td></tr>";
        }).join("") + "</tbody></table>";
    }
    var doms = Object.keys(domains).sort().map(function (d) { return [d, domains[d]]; });
    return { total: total, html: table("By chapter", rows) + (doms.length ? table("By exam domain", doms) : "") };
  }

  function attachProgress(el) {
    if (el.dataset.wbReady) return;
    el.dataset.wbReady = "1";
    var catalog = JSON.parse(el.dataset.wbCatalog || "{}");
    var out = el.querySelector(".wb-progress-summary"), status = el.querySelector(".wb-progress-status");
    /* A packet's link (?assignment=<id>&exercises=<ids>) limits the hand-in file to that assignment's exercises. */
    var params = new URLSearchParams(window.location.search), only = null;
    var given = (params.get("assignment") || "").trim();
    if (ASSIGNMENT.test(given)) {
      el.querySelector(".wb-assignment").value = given;
      var ids = (params.get("exercises") || "").split(",").filter(function (s) { return /^[a-z0-9]{1,12}-[0-9]{2,3}$/.test(s); });
      if (ids.length) {
        only = ids;
        var scope = el.querySelector(".wb-assignment-scope");
        if (scope) { scope.hidden = false; scope.textContent = "This hand-in file holds only the " + ids.length + " exercises of assignment " + given + ", with every check you made."; }
      }
    }
    function render() {
      var p = progressTables(catalog);
      out.innerHTML = "<p>You have tried <strong>" + p.total.tried + "</strong> of " + p.total.n + " exercises and got <strong>" +
        p.total.right + "</strong> right (" + p.total.first + " on the first try).</p>" + p.html;
    }
    function say(text) { status.textContent = text; }
    el.querySelector(".wb-export").addEventListener("click", function () {
      try {
        var doc = exportDocument(el.querySelector(".wb-learner").value, el.querySelector(".wb-assignment").value, only);
        var n = Object.keys(doc.answers).length;
        if (!n) { say("There is nothing to hand in yet: check an answer in an exercise first."); return; }
        var a = document.createElement("a");
        a.href = URL.createObjectURL(new Blob([JSON.stringify(doc, null, 1) + "\n"], { type: "application/json" }));
        a.download = doc.learner + ".json";
        document.body.appendChild(a); a.click(); a.remove();
        el.dataset.wbExported = JSON.stringify(doc);
        say("Saved " + doc.learner + ".json with " + n + " answer" + (n === 1 ? "" : "s") + ". Hand that file in as your instructor asks.");
      } catch (err) {
        if (!(err instanceof AnswerError)) throw err;
        say(err.message);
      }
    });
    el.querySelector(".wb-import").addEventListener("change", function (ev) {
      var file = ev.target.files && ev.target.files[0];
      if (!file) return;
      if (file.size > 2000000) { say("That file is too large to be an answers file."); return; }
      file.text().then(function (text) {
        try { say("Restored " + importDocument(JSON.parse(text), catalog) + " answers from " + file.name + "."); render(); }
        catch (err) { say(err instanceof AnswerError ? err.message : "That file is not a workbook answers file (it is not JSON)."); }
      });
    });
    var clear = el.querySelector(".wb-clear"), armed = false;
    clear.addEventListener("click", function () {
      if (!armed) { armed = true; clear.textContent = "Click again to delete every saved answer"; return; }
      armed = false; clear.textContent = "Clear all saved answers";
      say("Deleted " + clearProgress() + " saved answers from this browser."); render();
    });
    render();
  }

  /* ---- The timed exam: hidden questions until Start, a countdown, no checking until Finish, then a review
     and a score by exam domain (the website's copy of workbook.exercises.exam.score). Exam answers are not saved. */
  function clockText(ms) {
    var s = Math.max(0, Math.ceil(ms / 1000));
    return "Time left: " + ("0" + Math.floor(s / 60)).slice(-2) + ":" + ("0" + (s % 60)).slice(-2);
  }

  function attachExam(exam) {
    if (exam.dataset.wbReady) return;
    exam.dataset.wbReady = "1";
    var roots = Array.prototype.slice.call(exam.querySelectorAll(".wb-exercise"));
    var clock = exam.querySelector(".wb-exam-clock"), start = exam.querySelector(".wb-exam-start");
    var questions = exam.querySelector(".wb-exam-questions"), report = exam.querySelector(".wb-exam-report");
    var timer = null, deadline = 0, done = false;
    roots.forEach(function (root) {
      root.querySelectorAll(".wb-actions, details.wb-hint").forEach(function (el) { el.hidden = true; });
      root.querySelectorAll(".wb-spot").forEach(function (b) {
        b.addEventListener("click", function () { if (!done) b.setAttribute("aria-pressed", b.getAttribute("aria-pressed") === "true" ? "false" : "true"); });
      });
    });
    function finish() {
      if (done) return;
      done = true;
      clearInterval(timer);
      clock.textContent = "Finished";
      exam.dataset.wbState = "finished";
      var domains = {}, total = { n: 0, points: 0, earned: 0 };
      roots.forEach(function (root) {
        var result = judge(root), right = result.status === "correct";
        var pts = Number(root.dataset.wbPoints) || 0;
        var feedback = root.querySelector(".wb-feedback");
        feedback.textContent = right ? MESSAGES.correct : (result.status === "invalid" || result.status === "not-a-code") ?
          "Not answered or not readable: " + result.message : result.message;
        feedback.className = "wb-feedback wb-" + (right ? "correct" : result.status === "partial" ? "partial" : "incorrect");
        root.dataset.wbStatus = result.status;
        root.querySelectorAll("input, select, button.wb-check").forEach(function (el) { el.disabled = true; });
        root.querySelectorAll("details.wb-hint").forEach(function (el) { el.hidden = false; });
        var explained = root.querySelector(".wb-explanation");
        var check = JSON.parse(root.dataset.wbCheck || "{}");
        if (right && explained) {
          unseal(check.sealed, result.canon, root.dataset.wbSalt, root.dataset.wbId).then(function (html) {
            explained.innerHTML = html || ""; explained.hidden = !html;
          });
        }
        JSON.parse(root.dataset.wbDomains || "[\"General\"]").forEach(function (d) {
          var t = (domains[d] = domains[d] || { n: 0, points: 0, earned: 0 });
          t.n++; t.points += pts; if (right) t.earned += pts;
        });
        total.n++; total.points += pts; if (right) total.earned += pts;
      });
      var rows = Object.keys(domains).sort().map(function (d) { return [d, domains[d]]; }).concat([["All questions", total]]);
      var pct = function (t) { return t.points ? Math.round(100 * t.earned / t.points) : 0; };
      report.innerHTML = "<p><strong>Score: " + total.earned + " of " + total.points + " points (" + pct(total) + "%).</strong> " +
        "Every question below now shows whether it was right; a right answer shows why.</p>" +
        "<table class='wb-progress-table'><caption>By exam domain</caption><thead><tr><th scope='col'>Domain</th>" +
        "<th scope='col'>Questions</th><th scope='col'>Points</th><th scope='col'>Earned</th><th scope='col'>Percent</th></tr></thead><tbody>" +
        rows.map(function (r) {
          return "<tr><th scope='row'>" + esc(r[0]) + "</th><td>" + r[1].n + "</td><td>" + r[1].points + "</td><td>" + r[1].earned +
            "</td><td>" + pct(r[1]) + "%</td></tr>";
        }).join("") + "</tbody></table>";
      report.scrollIntoView({ block: "nearest" });
    }
    function tick() {
      var left = deadline - Date.now();
      clock.textContent = clockText(left);
      if (left <= 0) finish();
    }
    start.addEventListener("click", function () {
      var minutes = Number(exam.dataset.wbMinutes) || 30;
      deadline = Date.now() + minutes * 60000;
      start.hidden = true; clock.hidden = false; questions.hidden = false;
      exam.dataset.wbState = "running";
      tick();
      timer = setInterval(tick, 250);
    });
    exam.querySelector(".wb-exam-finish").addEventListener("click", finish);
  }

  /* ---- Generated practice: one seed's set per visit (or the one ?seed= names), and another on request. */
  function attachPractice(box) {
    if (box.dataset.wbReady) return;
    box.dataset.wbReady = "1";
    var sets = Array.prototype.slice.call(box.querySelectorAll(".wb-practice-set"));
    var label = box.querySelector(".wb-practice-seed");
    if (!sets.length) return;
    function showSet(i) {
      sets.forEach(function (el, j) { el.hidden = j !== i; });
      var seed = sets[i].dataset.wbSeed;
      box.dataset.wbSeed = seed;
      label.textContent = "Question set " + (i + 1) + " of " + sets.length + " (seed " + seed + "; give it when you report a question).";
    }
    var wanted = /[?&]seed=(\d+)/.exec(window.location.search || "");
    var start = wanted ? sets.map(function (el) { return el.dataset.wbSeed; }).indexOf(wanted[1]) : -1;
    var current = start >= 0 ? start : Math.floor(Math.random() * sets.length);
    showSet(current);
    box.querySelector(".wb-practice-next").addEventListener("click", function () {
      current = (current + 1) % sets.length;
      showSet(current);
      sets[current].scrollIntoView({ block: "nearest" });
    });
  }

  /* ---- The code look-up: the code sets as a static file (workbook.site.lookup), fetched on first use and
     searched in the browser: codes by prefix, the project's abbreviations and lay terms, and title words in any
     order and word form ("fractured" finds "fracture"). */
  var SCRIPT_SRC = (document.currentScript && document.currentScript.src) || "";
  var LOOKUP_LOAD = null;
  var STOP = { of: 1, and: 1, the: 1, a: 1, an: 1, to: 1, in: 1, on: 1, for: 1, by: 1, or: 1, at: 1 };

  function stem(word) { return word.length > 4 ? word.replace(/(ies|es|s|ed|ing)$/, "") : word; }
  function words(text) { return text.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean); }

  function parseLookup(text) {
    var data = { release: [], icd10cm: [], hcpcs: [], vocab: { icd10cm: {}, hcpcs: {} } };
    text.split("\n").forEach(function (line) {
      var f = line.split("\t");
      if (f[0] === "#") data.release = f.slice(1);
      else if (f[0] === "I" || f[0] === "H") {
        (f[0] === "I" ? data.icd10cm : data.hcpcs).push({ code: f[1], billable: f[2] === "1", title: f[3], words: words(f[3] || "") });
      } else if (f[0] === "V" && data.vocab[f[1]]) {
        data.vocab[f[1]][f[3]] = { kind: f[2], means: f[4], code: f[5] || "" };
      }
    });
    return data;
  }

  function loadLookup() {
    if (!LOOKUP_LOAD) {
      var url = SCRIPT_SRC.replace(/workbook\.js(\?.*)?$/, "lookup-data.txt");
      LOOKUP_LOAD = fetch(url).then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.text();
      }).then(parseLookup);
      LOOKUP_LOAD.catch(function () { LOOKUP_LOAD = null; });
    }
    return LOOKUP_LOAD;
  }

  /* Optimal string alignment distance (typos: a letter lost, added, changed, or two swapped), or max + 1 once
     it must exceed `max`. */
  function osa(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var prev2 = [], prev = [], cur, i, j;
    for (j = 0; j <= b.length; j++) prev[j] = j;
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      var low = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
        cur[j] = v;
        if (v < low) low = v;
      }
      if (low > max) return max + 1;
      prev2 = prev; prev = cur;
    }
    return prev[b.length];
  }

  /* The words of one code set's titles and vocabulary terms, sorted, with how many entries use each (built once). */
  function lexicon(data, system) {
    var key = "lexicon_" + system;
    if (!data[key]) {
      var counts = {};
      data[system].forEach(function (e) { e.words.forEach(function (w) { counts[w] = (counts[w] || 0) + 1; }); });
      Object.keys(data.vocab[system]).forEach(function (t) { words(t).forEach(function (w) { counts[w] = (counts[w] || 0) + 1; }); });
      data[key] = { counts: counts, sorted: Object.keys(counts).sort() };
    }
    return data[key];
  }

  function knownPrefix(lex, word) {
    var lo = 0, hi = lex.sorted.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (lex.sorted[mid] < word) lo = mid + 1; else hi = mid; }
    return lo < lex.sorted.length && lex.sorted[lo].indexOf(word) === 0;
  }

  /* The nearest known word to one no title begins with: within 1 edit for words of up to 5 letters, else 2;
     the closest, then the commonest. Null for short words, numbers and words with no near neighbour. */
  function nearestWord(lex, word) {
    if (word.length < 4 || /[0-9]/.test(word)) return null;
    var most = word.length <= 5 ? 1 : 2, best = null, bestD = most + 1, bestN = 0;
    lex.sorted.forEach(function (w) {
      var d = osa(word, w, most);
      if (d < bestD || (d === bestD && d <= most && lex.counts[w] > bestN)) { best = w; bestD = d; bestN = lex.counts[w]; }
    });
    return bestD <= most ? best : null;
  }

  /* The query with each unknown word replaced by its nearest known word, and the changes made ("" when none). */
  function correctQuery(data, system, q) {
    var lex = lexicon(data, system), changes = [];
    var fixed = words(q).map(function (w) {
      if (knownPrefix(lex, w)) return w;
      var near = nearestWord(lex, w);
      if (!near) return w;
      changes.push(w + " \u2192 " + near);
      return near;
    });
    return { text: fixed.join(" "), changes: changes.join(", ") };
  }

  function tokenKey(text) { return words(text).filter(function (w) { return !STOP[w]; }).map(stem).sort().join(" "); }

  /* Each vocabulary meaning (as its stemmed words in any order) with the code the vocabulary names for it. */
  function usualCodes(data, system) {
    var key = "usual_" + system;
    if (!data[key]) {
      var out = {};
      Object.keys(data.vocab[system]).sort().forEach(function (t) {
        var v = data.vocab[system][t], k = tokenKey(v.means);
        if (v.code && k && !out[k]) out[k] = { code: v.code, means: v.means };
      });
      data[key] = out;
    }
    return data[key];
  }

  function showCode(system, code) { return system === "icd10cm" && code.length > 3 ? code.slice(0, 3) + "." + code.slice(3) : code; }

  /* Up to `limit` hits for a typed query: [{code, title, billable, why}], the likeliest first. */
  function searchLookup(data, system, typed, limit) {
    var q = (typed || "").trim().toLowerCase(), list = data[system], out = [], seen = {};
    if (!q) return out;
    function add(entry, why) { if (!seen[entry.code] && out.length < limit) { seen[entry.code] = 1; out.push({ code: entry.code, title: entry.title, billable: entry.billable, why: why }); } }
    var compact = q.replace(/[\s.]/g, "").toUpperCase();
    var codeLike = system === "icd10cm" ? /^[A-Z][0-9][0-9A-Z]{0,5}$/ : /^[A-Z][0-9]{0,4}$/;
    if (codeLike.test(compact)) {
      list.filter(function (e) { return e.code.indexOf(compact) === 0; })
        .sort(function (a, b) { return a.code.length - b.code.length || (a.code < b.code ? -1 : 1); })
        .forEach(function (e) { add(e, e.code === compact ? "the code itself" : "a code that starts with " + showCode(system, compact)); });
      if (out.length) return out;
    }
    var spelling = "", vocab = data.vocab[system][q];
    if (!vocab) {
      var fix = correctQuery(data, system, q);
      if (fix.changes) { q = fix.text; spelling = "spelling: " + fix.changes + "; "; vocab = data.vocab[system][q]; }
    }
    var query = q;
    if (!vocab) {
      // Words the vocabulary gives as a meaning ('hypertension', the meaning of 'htn') lead to the code it names.
      var usual = usualCodes(data, system)[tokenKey(q)];
      if (usual) list.filter(function (e) { return e.code === usual.code; }).forEach(function (e) { add(e, spelling + "the usual code for " + usual.means); });
    }
    if (vocab) {
      var label = vocab.kind === "abbreviation" ? "abbreviation" : "everyday name";
      if (vocab.code) list.filter(function (e) { return e.code === vocab.code; }).forEach(function (e) { add(e, spelling + label + ": " + q + " means " + vocab.means); });
      query = vocab.means;
    }
    var tokens = words(query).filter(function (w) { return !STOP[w]; }).map(stem);
    if (!tokens.length) return out;
    var scored = [];
    list.forEach(function (e) {
      var hits = 0;
      tokens.forEach(function (tok) { if (e.words.some(function (w) { return w.indexOf(tok) === 0; })) hits++; });
      if (hits === tokens.length || (tokens.length > 2 && hits === tokens.length - 1)) {
        scored.push({ e: e, full: hits === tokens.length, lead: e.words[0].indexOf(tokens[0]) === 0, n: e.words.length });
      }
    });
    // Complete matches first, billable codes, titles that begin with the first word typed ('pneumonia' prefers
    // 'Pneumonia, unspecified organism' to 'Typhoid pneumonia'), then the shortest title.
    scored.sort(function (a, b) {
      return (b.full - a.full) || (b.e.billable - a.e.billable) || (b.lead - a.lead) || (a.n - b.n) || (a.e.code < b.e.code ? -1 : 1);
    });
    var why = vocab ? "title words of: " + vocab.means : "words in the title";
    scored.forEach(function (s) { add(s.e, spelling + (s.full ? why : "most of the words in the title")); });
    return out;
  }

  function attachLookup(box) {
    if (box.dataset.wbReady) return;
    box.dataset.wbReady = "1";
    var input = box.querySelector(".wb-lookup-q"), system = box.querySelector(".wb-lookup-system");
    var status = box.querySelector(".wb-lookup-status"), results = box.querySelector(".wb-lookup-results");
    var timer = null;
    function render(data) {
      var sys = system.value, hits = searchLookup(data, sys, input.value, 25);
      results.innerHTML = hits.map(function (h) {
        return "<li><code class='wb-lookup-code'>" + esc(showCode(sys, h.code)) + "</code> <span class='wb-lookup-kind'>" +
          (h.billable ? (sys === "icd10cm" ? "billable" : "current") : (sys === "icd10cm" ? "heading" : "terminated")) + "</span> " +
          esc(h.title) + " <span class='wb-lookup-why'>(" + esc(h.why) + ")</span></li>";
      }).join("");
      status.textContent = input.value.trim() ? (hits.length ? hits.length + " match" + (hits.length === 1 ? "" : "es") + " in " +
        (sys === "icd10cm" ? data.release[0] : data.release[1]) + "." : "Nothing found. Try other words, the index term, or the first characters of the code.") : "";
      box.dataset.wbState = "ready";
    }
    function run() {
      clearTimeout(timer);
      timer = setTimeout(function () {
        if (!input.value.trim()) { results.innerHTML = ""; status.textContent = ""; return; }
        if (box.dataset.wbState !== "ready") status.textContent = "Loading the code sets (about 0.7 MB, once)…";
        loadLookup().then(render, function () {
          status.textContent = "The code look-up data could not be loaded. Open this page from the book's website (https:// or localhost), not as a file.";
        });
      }, 120);
    }
    input.addEventListener("input", run);
    system.addEventListener("change", run);
  }

  function init() {
    document.querySelectorAll(".wb-lookup").forEach(attachLookup);
    document.querySelectorAll(".wb-practice").forEach(attachPractice);
    document.querySelectorAll(".wb-exercise").forEach(function (root) { if (!root.closest(".wb-exam")) attach(root); });
    document.querySelectorAll(".wb-exam").forEach(attachExam);
    document.querySelectorAll(".wb-progress").forEach(attachProgress);
  }
  window.Workbook = { digest: digest, sha256hex: sha256hex, formatNumber: formatNumber, fieldValue: fieldValue, judge: judge,
    init: init, unseal: unseal, clearProgress: clearProgress, STORE: STORE, exportDocument: exportDocument,
    importDocument: importDocument, pyJson: pyJson, parseLookup: parseLookup, searchLookup: searchLookup };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
