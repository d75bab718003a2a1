// Masir playground: plain JavaScript, no build step. Talks to `masir serve`:
//   GET  /v1/samples   the starting rulebook and the sample cases beside it
//   POST /v1/check     diagnostics for the editor's text (debounced while typing)
//   POST /v1/evaluate  the decision for the case with the editor's rulebook, and the calendar's working time
"use strict";

// ----------------------------------------------------------------------------------------------
// Syntax highlighting. Keywords are those of grammar/masir.lark; keywords are contextual in
// Masir, so a field called `status` is coloured like a keyword — good enough for an editor.
const KEYWORDS = new Set(`rulebook extends title version effective default calendar ladder province english area code
  import replace disable agency category county routing escalation kind supervisor under mentions enum case field end
  optional infer from set of zone to off holidays closed hours rule when valid until refer copy priority sla because
  otherwise first match highest all matches on pause while stop level after since at then remind escalate notify raise
  and or not is in contains intersects present absent any working day days hour minute minutes rial rials true false yes no`.split(/\s+/));

const escapeHTML = (s) => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);

function highlightMasirLine(line) {
  let out = "";
  let i = 0;
  const word = /^[\p{L}_][\p{L}\p{N}_\u200c]*/u;
  const number = /^[0-9۰-۹٠-٩]+(?:[\/:,٬.\-][0-9۰-۹٠-٩]+)*/u;
  while (i < line.length) {
    const rest = line.slice(i);
    const c = line[i];
    if (c === "#") {
      const cls = rest.startsWith("##") ? "tok-doc" : "tok-com";
      out += `<span class="${cls}">${escapeHTML(rest)}</span>`;
      break;
    }
    if (c === '"' || c === "«") {
      const close = c === '"' ? '"' : "»";
      let j = i + 1;
      while (j < line.length && line[j] !== close) j += line[j] === "\\" && close === '"' ? 2 : 1;
      const text = line.slice(i, Math.min(j + 1, line.length));
      out += `<span class="tok-str">${escapeHTML(text)}</span>`;
      i += text.length;
      continue;
    }
    let m = rest.match(number);
    if (m) { out += `<span class="tok-num">${escapeHTML(m[0])}</span>`; i += m[0].length; continue; }
    m = rest.match(word);
    if (m) {
      out += KEYWORDS.has(m[0]) ? `<span class="tok-kw">${m[0]}</span>` : escapeHTML(m[0]);
      i += m[0].length;
      continue;
    }
    out += escapeHTML(c);
    i += 1;
  }
  return out;
}

function highlightYAMLLine(line) {
  const comment = line.search(/(^|\s)#/);
  let code = comment >= 0 ? line.slice(0, comment) : line;
  const tail = comment >= 0 ? `<span class="tok-com">${escapeHTML(line.slice(comment))}</span>` : "";
  const key = code.match(/^(\s*-?\s*)("[^"]*"|[^:"{}\[\],]+)(:)(\s|$)/);
  let out = "";
  if (key) {
    out += escapeHTML(key[1]) + `<span class="tok-key">${escapeHTML(key[2])}</span>:`;
    code = code.slice(key[1].length + key[2].length + 1);
  }
  out += code.replace(/("[^"]*"?)|([0-9۰-۹][0-9۰-۹\/:,\-+T ]*)|([^"0-9۰-۹]+)/g, (all, str, num, other) =>
    str ? `<span class="tok-str">${escapeHTML(str)}</span>` : num ? `<span class="tok-num">${escapeHTML(num)}</span>` : escapeHTML(other));
  return out + tail;
}

// ----------------------------------------------------------------------------------------------
// An editor: a transparent textarea over a highlighted <pre>, with a gutter of line numbers that
// carries markers (errors, warnings) and the deciding rule's highlight.
class Editor {
  constructor(id, highlight) {
    this.area = document.getElementById(id);
    this.pre = document.getElementById(id + "-highlight");
    this.gutter = document.getElementById(id + "-gutter");
    this.highlightLine = highlight;
    this.markers = new Map(); // line → {cls, messages}
    this.lineClasses = new Map(); // line → class (decided, traced)
    this.area.addEventListener("input", () => this.render());
    this.area.addEventListener("scroll", () => this.syncScroll());
    window.addEventListener("resize", () => this.fitGutter());
  }
  get text() { return this.area.value; }
  set text(value) { this.area.value = value; this.render(); }
  setMarkers(markers) { this.markers = markers; this.render(); }
  setLineClass(line, cls) {
    for (const [l, c] of [...this.lineClasses]) if (c === cls) this.lineClasses.delete(l);
    if (line) this.lineClasses.set(line, cls);
    this.render();
  }
  render() {
    const lines = this.area.value.split("\n");
    let html = "", gutter = "";
    lines.forEach((line, index) => {
      const n = index + 1;
      const marker = this.markers.get(n);
      const extra = this.lineClasses.get(n);
      const classes = ["ln", marker ? marker.cls : "", extra || ""].join(" ").trim();
      // The first message of a marked line is shown at the line's end, as an editor's inline hint;
      // it floats over the text rather than after it, so lines wrap in the highlight exactly as
      // in the textarea above it.
      const hint = marker && this.inlineHints ? `<span class="inline-msg ${marker.cls}" dir="ltr">◀ ${escapeHTML(marker.messages[0])}</span>` : "";
      html += `<span class="${classes}" data-line="${n}">${hint}${this.highlightLine(line) || " "}</span>`;
      const title = marker ? ` title="${escapeHTML(marker.messages.join("\n"))}"` : "";
      gutter += `<div class="${[marker ? marker.cls : "", extra || ""].join(" ").trim()}" data-line="${n}"${title}>${n}</div>`;
    });
    this.pre.innerHTML = html;
    this.gutter.innerHTML = gutter;
    this.fitGutter();
    this.syncScroll();
  }
  // Long lines wrap (a Persian sentence cut at the edge shows its end first), so each number in
  // the gutter takes the height of its line as laid out.
  fitGutter() {
    const rows = this.gutter.children;
    this.pre.querySelectorAll(".ln").forEach((span, i) => {
      if (rows[i]) rows[i].style.height = `${span.offsetHeight}px`;
    });
  }
  syncScroll() {
    this.pre.scrollTop = this.area.scrollTop;
    this.pre.scrollLeft = this.area.scrollLeft;
    this.gutter.scrollTop = this.area.scrollTop;
  }
  reveal(line) {
    const row = this.pre.querySelector(`.ln[data-line="${line}"]`);
    const top = (row ? row.offsetTop : (line - 1) * 20) - this.area.clientHeight / 3;
    this.area.scrollTop = Math.max(0, top);
    const lines = this.area.value.split("\n");
    const start = lines.slice(0, line - 1).reduce((sum, l) => sum + l.length + 1, 0);
    this.area.setSelectionRange(start, start);
    this.syncScroll();
  }
}

// ----------------------------------------------------------------------------------------------
// Jalali calendar (the algorithm of jalaali-js, after Borkowski), for the date picker's "now".
function div(a, b) { return ~~(a / b); }
function mod(a, b) { return a - ~~(a / b) * b; }
function jalCal(jy) {
  const breaks = [-61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097, 2192, 2262, 2324, 2394, 2456, 3178];
  const gy = jy + 621;
  let leapJ = -14, jp = breaks[0], jm, jump, leap, n, i;
  for (i = 1; i < breaks.length; i += 1) {
    jm = breaks[i]; jump = jm - jp;
    if (jy < jm) break;
    leapJ = leapJ + div(jump, 33) * 8 + div(mod(jump, 33), 4);
    jp = jm;
  }
  n = jy - jp;
  leapJ = leapJ + div(n, 33) * 8 + div(mod(n, 33) + 3, 4);
  if (mod(jump, 33) === 4 && jump - n === 4) leapJ += 1;
  const leapG = div(gy, 4) - div((div(gy, 100) + 1) * 3, 4) - 150;
  const march = 20 + leapJ - leapG;
  if (jump - n < 6) n = n - jump + div(jump + 4, 33) * 33;
  leap = mod(mod(n + 1, 33) - 1, 4);
  if (leap === -1) leap = 4;
  return { leap, gy, march };
}
function g2d(gy, gm, gd) {
  let d = div((gy + div(gm - 8, 6) + 100100) * 1461, 4) + div(153 * mod(gm + 9, 12) + 2, 5) + gd - 34840408;
  return d - div(div(gy + 100100 + div(gm - 8, 6), 100) * 3, 4) + 752;
}
function toJalali(gy, gm, gd) {
  const jdn = g2d(gy, gm, gd);
  let jy = gy - 621;
  const r = jalCal(jy);
  const jdn1f = g2d(gy, 3, r.march);
  let k = jdn - jdn1f, jm, jd;
  if (k >= 0) {
    if (k <= 185) { jm = 1 + div(k, 31); jd = mod(k, 31) + 1; return [jy, jm, jd]; }
    k -= 186;
  } else {
    jy -= 1; k += 179;
    if (r.leap === 1) k += 1;
  }
  jm = 7 + div(k, 30); jd = mod(k, 30) + 1;
  return [jy, jm, jd];
}
const monthLength = (jy, jm) => (jm <= 6 ? 31 : jm <= 11 ? 30 : jalCal(jy).leap === 0 ? 30 : 29);
const MONTHS = ["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"];
const pad = (n) => String(n).padStart(2, "0");
const faDigits = (s) => String(s).replace(/[0-9]/g, (d) => "۰۱۲۳۴۵۶۷۸۹"[d]);

// `yyyy/mm/dd hh:mm` in Tehran for a moment in milliseconds; Iran keeps +03:30 all year.
function jalaliAt(ms) {
  const tehran = new Date(ms + 3.5 * 3600e3);
  const [jy, jm, jd] = toJalali(tehran.getUTCFullYear(), tehran.getUTCMonth() + 1, tehran.getUTCDate());
  return `${jy}/${pad(jm)}/${pad(jd)} ${pad(tehran.getUTCHours())}:${pad(tehran.getUTCMinutes())}`;
}

// When to judge a sample: its `opened` time plus two hours, so that the first decision a reader sees
// is the one a call centre would have made that day.
const SAMPLE_DELAY_MINUTES = 120;
function sampleInstant(text) {
  const jalali = text.match(/^opened:\s*["']?(\d{4})\/(\d{1,2})\/(\d{1,2})(?:\s+(\d{1,2}):(\d{2}))?/m);
  if (jalali) {
    let [y, m, d] = [1, 2, 3].map((i) => Number(jalali[i]));
    let minutes = Number(jalali[4] || 8) * 60 + Number(jalali[5] || 0) + SAMPLE_DELAY_MINUTES;
    for (; minutes >= 1440; minutes -= 1440) {
      d += 1;
      if (d > monthLength(y, m)) { d = 1; m += 1; }
      if (m > 12) { m = 1; y += 1; }
    }
    return `${y}/${pad(m)}/${pad(d)} ${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
  }
  const iso = text.match(/^opened:\s*["']?(\d{4}-\d{2}-\d{2}T[0-9:.]+(?:Z|[+-]\d{2}:?\d{2}))/m);
  const ms = iso ? Date.parse(iso[1]) : NaN;
  return Number.isNaN(ms) ? null : jalaliAt(ms + SAMPLE_DELAY_MINUTES * 60e3);
}

const at = {
  year: document.getElementById("at-year"), month: document.getElementById("at-month"),
  day: document.getElementById("at-day"), hour: document.getElementById("at-hour"),
  minute: document.getElementById("at-minute"), hidden: document.getElementById("at"),
  get controls() { return [this.year, this.month, this.day, this.hour, this.minute]; },
  init() {
    for (let y = 1395; y <= 1415; y += 1) this.year.add(new Option(faDigits(y), y));
    MONTHS.forEach((name, i) => this.month.add(new Option(name, i + 1)));
    // A 24-hour clock in Persian digits: the browser's time input follows its own locale (AM/PM).
    for (let h = 0; h < 24; h += 1) this.hour.add(new Option(faDigits(pad(h)), pad(h)));
    for (let m = 0; m < 60; m += 1) this.minute.add(new Option(faDigits(pad(m)), pad(m)));
    for (const el of this.controls) el.addEventListener("change", () => this.sync());
    this.live = document.getElementById("at-live");
    this.live.addEventListener("change", () => this.setLive(this.live.checked));
    this.set(this.hidden.value);
  },
  // The "now" switch: on, the case is judged at this moment; off, at the sample's own instant.
  setLive(on) {
    this.live.checked = on;
    for (const el of this.controls) el.disabled = on;
    if (on) this.now(); else if (this.sampleAt) this.set(this.sampleAt);
  },
  // A sample is judged shortly after it was opened: judged today, years later, every level has fired.
  forSample(text) {
    this.sampleAt = sampleInstant(text);
    if (this.live.checked) this.now(); else if (this.sampleAt) this.set(this.sampleAt);
  },
  days() {
    const keep = Number(this.day.value) || 1;
    const length = monthLength(Number(this.year.value), Number(this.month.value));
    this.day.innerHTML = "";
    for (let d = 1; d <= length; d += 1) this.day.add(new Option(faDigits(d), d));
    this.day.value = String(Math.min(keep, length));
  },
  set(text) {
    const m = String(text).match(/^(\d{4})\/(\d{1,2})\/(\d{1,2})(?:\s+(\d{1,2}):(\d{2}))?/);
    if (!m) return;
    this.year.value = m[1]; this.month.value = String(Number(m[2]));
    this.days();
    this.day.value = String(Number(m[3]));
    this.hour.value = m[4] ? pad(m[4]) : "10";
    this.minute.value = m[5] || "00";
    this.sync();
  },
  sync() {
    this.days();
    this.hidden.value = `${this.year.value}/${pad(this.month.value)}/${pad(this.day.value)} ${this.hour.value}:${this.minute.value}`;
  },
  now() { this.set(jalaliAt(Date.now())); },
  get value() { return this.hidden.value; },
};

// ----------------------------------------------------------------------------------------------
const rulebook = new Editor("rulebook", highlightMasirLine);
rulebook.inlineHints = true;
const caseEditor = new Editor("case", highlightYAMLLine);
const state = { path: "provinces/hamedan/rulebook.masir", served: "", samples: [], sample: null, checkSeq: 0, lastResult: null };
const $ = (id) => document.getElementById(id);

function setStatus(text, bad = false) {
  // Messages may be the server's, in English: each finds its own direction.
  $("status").dir = "auto";
  $("status").textContent = text;
  $("status").classList.toggle("bad", bad);
}

// A server started with --admin-token-file wants its token for checking and evaluating; the page
// asks for it once and keeps it for this tab only.
async function post(path, body) {
  const send = () => {
    const headers = { "Content-Type": "application/json" };
    const token = sessionStorage.getItem("masir.adminToken");
    if (token) headers.Authorization = `Bearer ${token}`;
    return fetch(path, { method: "POST", headers, body: JSON.stringify(body) });
  };
  let response = await send();
  if (response.status === 401) {
    const token = window.prompt("این کارساز برای بررسی و ارزیابی قاعده‌نامه، رمز مدیریت را می‌خواهد:");
    if (token) {
      sessionStorage.setItem("masir.adminToken", token.trim());
      response = await send();
    }
  }
  const json = await response.json();
  if (!response.ok && json.error) throw new Error(`${json.error.code}: ${json.error.message}`);
  return json;
}

// Diagnostics: markers at the offending lines of the editor's file, a list under the editor.
// Findings in the files the rulebook extends (the national base) are not the editor's to fix:
// they are folded under their own heading and left out of the editor's count.
const SEVERITY = { error: "خطا", warning: "هشدار", note: "یادداشت", help: "راهنما" };
const ltr = (text) => `<bdi dir="ltr">${escapeHTML(String(text))}</bdi>`;

function diagnosticItem(d, here) {
  const li = document.createElement("li");
  li.className = d.severity;
  li.dataset.line = d.line || "";
  li.dataset.code = d.code;
  const where = here ? `${d.line}:${d.column}` : `${d.file}:${d.line || "?"}`;
  li.innerHTML = `<span class="head"><span class="severity">${SEVERITY[d.severity] || escapeHTML(d.severity)}</span>` +
    `<bdi dir="ltr" class="code">${escapeHTML(d.code)}</bdi><bdi dir="ltr" class="where">${escapeHTML(where)}</bdi></span>` +
    `<span class="message" dir="ltr">${escapeHTML(d.message)}</span>` +
    (d.help ? `<span class="help" dir="ltr">${escapeHTML(d.help)}</span>` : "");
  if (here && d.line) li.addEventListener("click", () => rulebook.reveal(d.line));
  return li;
}

function showDiagnostics(result) {
  const markers = new Map();
  const list = $("diagnostics");
  list.innerHTML = "";
  const all = result.diagnostics || [];
  const own = all.filter((d) => d.file === result.path);
  const inherited = all.filter((d) => d.file !== result.path);
  for (const d of own) {
    if (d.line) {
      const current = markers.get(d.line) || { cls: "warn", messages: [] };
      if (d.severity === "error") current.cls = "err";
      current.messages.push(`${SEVERITY[d.severity] || d.severity} ${d.code}: ${d.message}`);
      markers.set(d.line, current);
    }
    list.appendChild(diagnosticItem(d, true));
  }
  const inheritedErrors = inherited.filter((d) => d.severity === "error");
  if (inherited.length) {
    const li = document.createElement("li");
    li.className = "inherited";
    li.innerHTML = `<details${inheritedErrors.length ? " open" : ""}><summary>${faDigits(inherited.length)} یادداشت دربارهٔ قاعده‌نامه‌هایی که این یکی گسترش می‌دهد</summary><ul></ul></details>`;
    for (const d of inherited) li.querySelector("ul").appendChild(diagnosticItem(d, false));
    list.appendChild(li);
  }
  rulebook.setMarkers(markers);
  const errors = own.filter((d) => d.severity === "error").length + inheritedErrors.length;
  const warnings = own.filter((d) => d.severity === "warning").length;
  const summary = $("check-summary");
  summary.textContent = errors ? `${faDigits(errors)} خطا` + (warnings ? `، ${faDigits(warnings)} هشدار` : "") : warnings ? `${faDigits(warnings)} هشدار` : "بدون خطا ✓";
  summary.className = "summary " + (errors ? "bad" : warnings ? "warn" : "ok");
}

let checkTimer = null;
function scheduleCheck() {
  clearTimeout(checkTimer);
  checkTimer = setTimeout(check, 350);
}
async function check() {
  const seq = ++state.checkSeq;
  try {
    const result = await post("/v1/check", { text: rulebook.text, path: state.path });
    if (seq === state.checkSeq) showDiagnostics(result);
  } catch (error) {
    setStatus(String(error.message || error), true);
  }
}

// ----------------------------------------------------------------------------------------------
// Results. Every id, code, path, English message and Latin number sits in its own isolate
// (`ltr`), so Persian sentences around it keep their order.
const ROLE = { primary: "ارجاع اصلی", also: "ارجاع دیگر", copy: "رونوشت" };
const RESULT = { matched: "برقرار", "no match": "نابرقرار", undetermined: "نامعلوم", "not in force": "خارج از اعتبار" };
const CLOCK = { running: "در جریان", paused: "متوقف موقت", stopped: "پایان‌یافته" };

function ruleLink(group, rule, result) {
  const entry = (result.decision.trace || []).find((t) => t.group === group && t.rule === rule);
  const where = entry && entry.line ? ` data-file="${escapeHTML(entry.file)}" data-line="${entry.line}"` : "";
  return `<code class="rule-link" dir="ltr"${where}>${escapeHTML(group)}.${escapeHTML(rule)}</code>`;
}

// "۲ روز و ۳ ساعت" between two moments, in calendar time.
function span(ms) {
  const minutes = Math.round(Math.abs(ms) / 60e3);
  const days = Math.floor(minutes / 1440), hours = Math.floor((minutes % 1440) / 60), rest = minutes % 60;
  const parts = [];
  if (days) parts.push(`${faDigits(days)} روز`);
  if (hours) parts.push(`${faDigits(hours)} ساعت`);
  if (rest && !days) parts.push(`${faDigits(rest)} دقیقه`);
  return parts.join(" و ") || "کمتر از یک دقیقه";
}

// Working hours between two moments, from the calendar's working intervals the server sent.
function workingHours(wt, from, to) {
  if (!wt) return null;
  let seconds = 0;
  for (const iv of wt.intervals) {
    const a = Math.max(from, Date.parse(iv.start.iso)), b = Math.min(to, Date.parse(iv.end.iso));
    if (b > a) seconds += (b - a) / 1000;
  }
  return Math.round(seconds / 360) / 10;
}

function remaining(d, wt, iso) {
  const now = Date.parse(d.at.iso), due = Date.parse(iso);
  if (due <= now) return `<span class="past">${span(now - due)} پیش</span>`;
  const hours = workingHours(wt, now, due);
  return `<span class="left">${span(due - now)} مانده${hours !== null ? `، ${faDigits(hours)} ساعت کاری` : ""}</span>`;
}

// The SLA's time left as the decision states it (working time on the ladder's calendar).
function slaRemaining(d, wt) {
  const r = d.sla.remaining;
  if (!r) return remaining(d, wt, d.sla.due.iso);
  const ms = r.calendarMinutes * 60000;
  if (r.overdue) return `<span class="past">${span(ms)} از مهلت گذشته</span>`;
  const hours = r.workingMinutes != null ? Math.round(r.workingMinutes / 6) / 10 : null;
  return `<span class="left">${span(ms)} مانده${hours !== null ? `، ${faDigits(hours)} ساعت کاری` : ""}</span>`;
}

const jalaliText = (moment) => `<bdi class="date">${faDigits(moment.jalali)}</bdi>`;

function renderResult(result) {
  state.lastResult = result;
  const box = $("results");
  rulebook.setLineClass(null, "decided");
  if (result.diagnostics) showDiagnostics(result);
  if (!result.decision) {
    let html = "";
    if ((result.diagnostics || []).some((d) => d.severity === "error")) html += `<p class="case-errors">قاعده‌نامه خطا دارد؛ خطاها زیر ویرایشگر آمده‌اند.</p>`;
    if (result.caseErrors) {
      html += `<h3>خطاهای پرونده</h3><ul class="case-errors" id="case-errors">` +
        result.caseErrors.map((e) => `<li>${e.line ? `سطر ${faDigits(e.line)}: ` : ""}${e.field ? `${ltr(e.field)}: ` : ""}<span dir="ltr">${escapeHTML(e.message)}</span></li>`).join("") + "</ul>";
      const markers = new Map();
      for (const e of result.caseErrors) if (e.line) markers.set(e.line, { cls: "err", messages: [`${e.field || ""}: ${e.message}`] });
      caseEditor.setMarkers(markers);
    }
    box.innerHTML = html || `<p class="empty">تصمیمی گرفته نشد.</p>`;
    return;
  }
  caseEditor.setMarkers(new Map());
  const d = result.decision;
  const primary = d.referrals.find((r) => r.role === "primary");
  let html = `<h3>ارجاع</h3><ul class="referrals" id="referrals">`;
  if (!d.referrals.length) html += `<li>هیچ ارجاعی</li>`;
  for (const r of d.referrals) {
    html += `<li class="${r.role}" data-agency="${escapeHTML(r.agency)}"><span class="role">${ROLE[r.role] || escapeHTML(r.role)}</span>` +
      `<strong>${escapeHTML(r.name)}</strong> <code dir="ltr">${escapeHTML(r.agency)}</code> ← ${ruleLink(r.group, r.rule, result)}</li>`;
  }
  html += "</ul><div class=\"cards\">";
  html += card("اولویت", `${escapeHTML(d.priority.label)} <code dir="ltr">${escapeHTML(d.priority.level)}</code>` +
    (d.escalation && d.escalation.effectivePriority !== d.priority.level ? ` ← <code dir="ltr">${escapeHTML(d.escalation.effectivePriority)}</code>` : ""), "priority");
  if (d.sla) html += card("مهلت پاسخ", `${d.sla.due ? jalaliText(d.sla.due) : "نامعلوم"}<br><small>${ltr(d.sla.duration)}${d.sla.due ? ` — ${slaRemaining(d, result.workingTime)}` : ""}</small>`, "sla-due");
  // Every named target beside the primary deadline, each with its clock and the time left.
  for (const t of (d.targets || []).filter((t) => t.target !== "sla" || t.round)) {
    const left = t.remaining
      ? (t.remaining.overdue ? `<span class="past">${span(t.remaining.calendarMinutes * 60000)} از مهلت گذشته</span>`
        : `<span class="left">${span(t.remaining.calendarMinutes * 60000)} مانده${t.remaining.workingMinutes != null ? `، ${faDigits(Math.round(t.remaining.workingMinutes / 6) / 10)} ساعت کاری` : ""}</span>`)
      : escapeHTML(CLOCK[t.clock] || t.clock);
    html += card(`مهلت <code dir="ltr">${escapeHTML(t.target)}</code>${t.round ? ` (دور ${faDigits(t.round)})` : ""}`,
      `${t.due ? jalaliText(t.due) : "نامعلوم"}<br><small>${ltr(t.duration)} — ${left}</small>`,
      `target-due-${escapeHTML(t.target)}${t.round ? `-${t.round}` : ""}`);
  }
  if (d.category) html += card("موضوع", `${escapeHTML(d.category.label)} <code dir="ltr">${escapeHTML(d.category.id)}</code>` +
    (d.category.source === "inferred" ? `<br><small>از واژه‌های ${d.category.keywords.map((k) => `<bdi>«${escapeHTML(k)}»</bdi>`).join("، ")}</small>` : ""), "category");
  html += card("قاعده‌نامه", `<code dir="ltr">${escapeHTML(d.rulebook.id)}</code> ${d.rulebook.version ? `<small>نسخه ${ltr(d.rulebook.version)}</small>` : ""}`, "rulebook-id");
  html += card("زمان ارزیابی", jalaliText(d.at), "decided-at");
  html += "</div>";
  if (d.reason) html += `<p class="reason">«${escapeHTML(d.reason.text)}»</p>`;
  if (d.escalation) {
    html += `<h3>پیگیری و تشدید <small>${ltr(d.escalation.ladder)}، ساعت ${CLOCK[d.escalation.clock] || escapeHTML(d.escalation.clock)}</small></h3>`;
    html += `<div id="timeline-box"></div>`;
    html += `<div class="legend"><span><i style="background:var(--work)"></i>ساعت کاری</span><span><i style="background:var(--off)"></i>تعطیل آخر هفته</span><span><i style="background:var(--holiday)"></i>تعطیل رسمی</span><span><i style="background:var(--err)"></i>سطح اجراشده</span><span><i style="background:#fff;border-color:var(--accent)"></i>سطح آینده</span><span><i style="background:var(--now)"></i>زمان ارزیابی</span></div>`;
    html += `<table class="levels" id="levels"><tbody>` + d.escalation.levels.map((l) =>
      `<tr class="${l.fired ? "fired" : ""}"><td>${l.fired ? "✓ اجرا شد" : l.due ? "در راه" : "—"}</td><td><strong>${escapeHTML(l.label || l.level)}</strong> <code dir="ltr">${escapeHTML(l.level)}</code>${l.target ? ` <small dir="ltr">sla ${escapeHTML(l.target)}</small>` : ""}</td>` +
      `<td>${l.due ? `${jalaliText(l.due)}<br><small>${remaining(d, result.workingTime, l.due.iso)}</small>` : "—"}</td><td><span dir="ltr">${escapeHTML(l.actions.join(", "))}</span>${l.note ? `<br><small dir="ltr">${escapeHTML(l.note)}</small>` : ""}</td></tr>`).join("") + "</tbody></table>";
  }
  if (d.errors.length) {
    html += `<h3>هشدار قواعد</h3><ul class="errors-list">` + d.errors.map((e) => `<li>${ruleLink(e.group, e.rule, result)} <span dir="ltr">${escapeHTML(e.message)}</span></li>`).join("") + "</ul>";
  }
  if (d.trace) html += traceHTML(d, result);
  box.innerHTML = html;
  if (d.escalation) {
    const holder = $("timeline-box");
    holder.innerHTML = timelineSVG(d, result.workingTime, Math.max(360, holder.clientWidth));
    fitTimeline(holder.querySelector("svg"));
  }
  box.querySelectorAll("[data-line]").forEach((el) => {
    const line = Number(el.dataset.line);
    if (line && el.dataset.file === result.path) el.addEventListener("click", () => { rulebook.setLineClass(line, "traced"); rulebook.reveal(line); });
  });
  // The deciding rule: the primary referral's, highlighted in the editor when it is in the editor's file.
  if (primary) {
    const entry = (d.trace || []).find((t) => t.group === primary.group && t.rule === primary.rule);
    if (entry && entry.line && entry.file === result.path) {
      rulebook.setLineClass(entry.line, "decided");
      rulebook.reveal(entry.line);
    }
  }
}

// The trace as an answer: the deciding rules, then why the related rules did not match, then
// the rest folded. A long value (a description a `mentions` rule read) is shown once, above.
function traceHTML(d, result) {
  const trace = d.trace;
  const answer = result.answer || { deciding: trace.map((t, i) => i).filter((i) => trace[i].result === "matched"), whyNot: [], others: trace.map((t, i) => i).filter((i) => trace[i].result !== "matched") };
  const long = new Map();
  for (const t of trace) for (const [k, v] of Object.entries(t.saw || {})) if (v.length > 40 && !long.has(k)) long.set(k, v);
  const sawHTML = (t) => Object.entries(t.saw || {}).map(([k, v]) =>
    `<bdi dir="ltr" class="saw">${escapeHTML(k)} = ${long.has(k) ? "…" : escapeHTML(v)}</bdi>`).join(" ");
  const row = (i) => {
    const t = trace[i];
    const where = t.line ? `${t.file}:${t.line}` : t.file;
    return `<li class="${t.result.replace(/ /g, "-")}" data-file="${escapeHTML(t.file)}" data-line="${t.line || ""}">` +
      `<div class="rule-head"><span class="verdict">${RESULT[t.result] || escapeHTML(t.result)}</span><code dir="ltr">${escapeHTML(t.group)}.${escapeHTML(t.rule)}</code>` +
      `${t.label ? ` <span class="label">${escapeHTML(t.label)}</span>` : ""}<bdi dir="ltr" class="where">${escapeHTML(where)}</bdi></div>` +
      (t.rule !== "otherwise" ? `<div class="cond" dir="ltr">when ${escapeHTML(t.condition)}</div>` : "") +
      (t.failed ? `<div class="failed"><span dir="ltr">✗ ${escapeHTML(t.failed)}</span> ${sawHTML(t)}</div>` : "") + "</li>";
  };
  let html = `<h3>چرا این تصمیم</h3>`;
  if (long.size) {
    html += `<div class="long-texts">` + [...long].map(([k, v]) => `<p><bdi dir="ltr">${escapeHTML(k)}</bdi>: «${escapeHTML(v)}»</p>`).join("") + "</div>";
  }
  html += `<ul class="answer" id="deciding">${answer.deciding.map(row).join("") || "<li>هیچ قاعده‌ای برقرار نشد.</li>"}</ul>`;
  if (answer.whyNot.length) html += `<h3>چرا نه</h3><ul class="answer" id="why-not">${answer.whyNot.map(row).join("")}</ul>`;
  if (answer.others.length) html += `<details class="others"><summary>${faDigits(answer.others.length)} قاعدهٔ دیگر برقرار نشد</summary><ul class="answer" id="other-rules">${answer.others.map(row).join("")}</ul></details>`;
  return `<div id="trace">${html}</div>`;
}

function card(label, value, id) {
  return `<div class="card" id="${id}"><span class="label">${label}</span><span class="value">${value}</span></div>`;
}

// The escalation timeline: days along the axis from right to left, as Persian reads; working
// hours in green, weekends and holidays shaded; the SLA due and each level on a row of its own,
// named, so labels never sit on each other. Drawn at the width it is shown at, so text keeps its
// size; `fitTimeline` then moves labels that would leave the picture and thins the day labels.
function timelineSVG(d, wt, W) {
  if (!wt || !wt.days.length) return "";
  const left = 14, right = 14, top = 22, band = 28, rowH = 24;
  const t0 = Date.parse(wt.days[0].start.iso);
  const t1 = t0 + wt.days.length * 86400e3;
  const clampX = (px) => Math.min(W - right, Math.max(left, px));
  const x = (t) => clampX(W - right - ((t - t0) / (t1 - t0)) * (W - left - right));
  const rows = [];
  if (d.sla && d.sla.due) rows.push({ iso: d.sla.due.iso, jalali: d.sla.due.jalali, name: "مهلت پاسخ", cls: "due-mark", fired: false, key: "sla" });
  for (const l of (d.escalation ? d.escalation.levels : []).filter((l) => l.due)) {
    rows.push({ iso: l.due.iso, jalali: l.due.jalali, name: l.label || l.level, cls: l.fired ? "fired" : "pending", fired: l.fired, key: l.level });
  }
  rows.push({ iso: d.at.iso, jalali: d.at.jalali, name: "زمان ارزیابی", cls: "now-mark", key: "now" });
  const H = top + band + 16 + rows.length * rowH;
  let svg = `<svg class="timeline" id="timeline" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="جدول زمانی تشدید">`;
  wt.days.forEach((day) => {
    const start = Date.parse(day.start.iso), end = start + 86400e3;
    const cls = day.working ? "workday" : day.holiday ? "holiday" : "off";
    svg += `<rect class="${cls}" x="${x(end)}" y="${top}" width="${x(start) - x(end)}" height="${H - top - 4}"><title>${escapeHTML(day.jalali)} ${day.holiday ? "تعطیل رسمی" : day.working ? "روز کاری" : "تعطیل"}</title></rect>`;
    svg += `<text class="day-label" x="${(x(start) + x(end)) / 2}" y="${top - 7}" text-anchor="middle">${faDigits(day.jalali.slice(5))}</text>`;
  });
  for (const iv of wt.intervals) {
    const a = Date.parse(iv.start.iso), b = Date.parse(iv.end.iso);
    svg += `<rect class="work" x="${x(b)}" y="${top + 4}" width="${Math.max(1, x(a) - x(b))}" height="${band - 8}"/>`;
  }
  if (d.sla && d.sla.start) svg += `<circle class="start" cx="${x(Date.parse(d.sla.start.iso))}" cy="${top + band / 2}" r="4"><title>شروع مهلت ${escapeHTML(d.sla.start.jalali)}</title></circle>`;
  rows.forEach((r, i) => {
    const px = x(Date.parse(r.iso));
    const y = top + band + 16 + i * rowH;
    svg += `<line class="stem ${r.cls}" x1="${px}" x2="${px}" y1="${top}" y2="${y}"/>`;
    svg += `<circle class="${r.cls}" cx="${px}" cy="${y}" r="5" data-level="${escapeHTML(r.key)}"/>`;
    // Text starts beside the dot on the side with more room; in right-to-left text "start" is the right end.
    const leftward = px > W / 2;
    const label = `${r.name}${r.fired ? " ✓" : ""} — ${faDigits(r.jalali.slice(5))}`;
    svg += `<text class="row-label" direction="rtl" data-x="${px}" x="${leftward ? px - 9 : px + 9}" y="${y + 4}" text-anchor="${leftward ? "start" : "end"}">${escapeHTML(label)}</text>`;
  });
  return svg + "</svg>";
}

function fitTimeline(svg) {
  if (!svg) return;
  const W = Number(svg.getAttribute("width"));
  for (const text of svg.querySelectorAll("text.row-label")) {
    const box = text.getBBox();
    if (box.x >= 0 && box.x + box.width <= W) continue;
    const px = Number(text.dataset.x);
    const leftward = text.getAttribute("text-anchor") === "start";
    text.setAttribute("x", leftward ? px + 9 : px - 9);
    text.setAttribute("text-anchor", leftward ? "end" : "start");
  }
  // Day labels: keep one, then the next that does not touch it (they run right to left).
  let edge = Infinity;
  for (const text of svg.querySelectorAll("text.day-label")) {
    const box = text.getBBox();
    if (box.x + box.width + 6 > edge || box.x < 0 || box.x + box.width > W) text.remove();
    else edge = box.x;
  }
}

async function evaluate() {
  setStatus("در حال ارزیابی…");
  try {
    const result = await post("/v1/evaluate", { rulebook: rulebook.text, path: state.path, case: caseEditor.text, at: at.value, explain: true });
    renderResult(result);
    setStatus(result.decision ? "ارزیابی شد" : "تصمیمی گرفته نشد", !result.decision);
  } catch (error) {
    setStatus(String(error.message || error), true);
  }
}

// ----------------------------------------------------------------------------------------------
// Shareable state: rulebook, case, instant and path, deflated and base64url-encoded in the fragment.
async function pack(object) {
  const stream = new Blob([JSON.stringify(object)]).stream().pipeThrough(new CompressionStream("deflate-raw"));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
async function unpack(text) {
  const base64 = text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4);
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
  return JSON.parse(await new Response(stream).text());
}
// A link holds what differs from what the server serves: the edit to the rulebook and to the
// sample as one replaced stretch each, and a checksum of the served text so that a link made
// against other rules says so instead of restoring a garbled text. The result is decided again
// on opening, at the same instant.
const MAX_LINK = 4000;
function checksum(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(36);
}
function delta(base, text) {
  if (text === base) return 0;
  let p = 0, q = 0;
  while (p < base.length && p < text.length && base[p] === text[p]) p += 1;
  while (q < base.length - p && q < text.length - p && base[base.length - 1 - q] === text[text.length - 1 - q]) q += 1;
  return [p, q, text.slice(p, text.length - q)];
}
const undelta = (base, d) => (d ? base.slice(0, d[0]) + d[2] + base.slice(base.length - d[1]) : base);

function sampleText(name) {
  const sample = state.samples.find((s) => s.name === name);
  return sample ? sample.text : "";
}

async function share() {
  const fragment = await pack({
    v: 2, p: state.path, h: checksum(state.served), r: delta(state.served, rulebook.text),
    s: state.sample, c: delta(sampleText(state.sample), caseEditor.text), a: at.value,
    n: at.live.checked ? 1 : 0, e: state.lastResult && state.lastResult.decision ? 1 : 0,
  });
  const link = `${location.origin}${location.pathname}#s=${fragment}`;
  if (link.length > MAX_LINK) {
    setStatus(`پیوند ${faDigits(link.length)} نویسه می‌شد، بیش از ${faDigits(MAX_LINK)}؛ تغییرها را کوتاه‌تر کنید یا متن را جداگانه بفرستید.`, true);
    return;
  }
  history.replaceState(null, "", link);
  $("share").dataset.length = String(link.length);
  try { await navigator.clipboard.writeText(link); setStatus("پیوند رونوشت شد"); } catch { setStatus("پیوند در نشانی صفحه است"); }
}

// Restores a shared state over the rulebook it names; false when the link cannot be used.
async function restore(shared) {
  await openRulebook(shared.p.replace(/\/rulebook\.masir$/, ""));
  if (checksum(state.served) !== shared.h) {
    setStatus("قاعده‌نامهٔ این پیوند روی کارساز تغییر کرده است؛ متن کنونی باز شد.", true);
    return false;
  }
  rulebook.text = undelta(state.served, shared.r);
  if (shared.s) chooseSample(shared.s);
  caseEditor.text = undelta(sampleText(shared.s), shared.c);
  if (shared.n) at.setLive(true); else at.set(shared.a);
  return true;
}

// ----------------------------------------------------------------------------------------------
// The province picker lists the rulebooks the server loads: the national base first, then the
// provinces in Persian alphabetical order. Each option's value is its rulebook's folder.
async function loadProvinces() {
  const list = await (await fetch("/v1/rulebooks")).json();
  const books = (list.rulebooks || []).map((b) => ({ ...b, folder: b.file.replace(/\/rulebook\.masir$/, "") }));
  books.sort((a, b) => (a.province ? 1 : 0) - (b.province ? 1 : 0) || (a.province || a.id).localeCompare(b.province || b.id, "fa"));
  const select = $("province");
  select.innerHTML = "";
  for (const b of books) {
    const option = new Option(b.province ? `استان ${b.province}` : "پایهٔ ملی", b.folder);
    option.dataset.rulebook = b.id;
    select.add(option);
  }
}

function chooseSample(name) {
  const sample = state.samples.find((s) => s.name === name);
  if (!sample) return;
  $("sample").value = sample.name;
  state.sample = sample.name;
  caseEditor.text = sample.text;
  at.forSample(sample.text);
}

// Loads a served rulebook and its sample cases into the editors; the first sample is chosen.
async function openRulebook(folder) {
  const query = folder ? `?path=${encodeURIComponent(folder)}` : "";
  const samples = await (await fetch(`/v1/samples${query}`)).json();
  if (!samples.path) throw new Error((samples.error && samples.error.message) || "no rulebook");
  state.path = samples.path;
  state.samples = samples.cases || [];
  $("rulebook-path").textContent = state.path;
  $("province").value = state.path.replace(/\/rulebook\.masir$/, "");
  $("sample").innerHTML = "";
  for (const s of state.samples) $("sample").add(new Option(s.name.replace(/\.(yaml|json)$/, ""), s.name));
  $("results").innerHTML = `<p class="empty">برای دیدن تصمیم، «ارزیابی» را بزنید.</p>`;
  state.served = samples.text;
  state.lastResult = null;
  rulebook.text = samples.text;
  if (state.samples.length) {
    chooseSample((state.samples.find((s) => s.name.startsWith("needy-housing")) || state.samples[0]).name);
  } else {
    state.sample = null;
    caseEditor.text = "";
  }
}

async function start() {
  at.init();
  rulebook.area.addEventListener("input", scheduleCheck);
  $("evaluate").addEventListener("click", evaluate);
  $("share").addEventListener("click", share);
  $("sample").addEventListener("change", () => chooseSample($("sample").value));
  $("province").addEventListener("change", async () => {
    try {
      await openRulebook($("province").value);
      await check();
    } catch (error) {
      setStatus("قاعده‌نامه بارگیری نشد", true);
    }
  });
  document.addEventListener("keydown", (e) => { if ((e.ctrlKey || e.metaKey) && e.key === "Enter") evaluate(); });
  let shared = null;
  if (location.hash.startsWith("#s=")) {
    try { shared = await unpack(location.hash.slice(3)); } catch { setStatus("پیوند اشتراک خوانا نیست", true); }
    if (shared && shared.v !== 2) { shared = null; setStatus("این پیوند از نسخهٔ دیگری از زمین بازی است", true); }
  }
  let restored = false;
  try {
    await loadProvinces();
    restored = shared ? await restore(shared) : (await openRulebook(null), false);
  } catch (error) {
    setStatus("نمونه‌ها بارگیری نشدند", true);
  }
  document.body.dataset.ready = "true";
  await check();
  if (restored && shared.e) await evaluate();
}

start();
