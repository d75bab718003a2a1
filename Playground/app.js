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
      // The first message of a marked line is shown after its text, as an editor's inline hint.
      const hint = marker && this.inlineHints ? `<span class="inline-msg ${marker.cls}">   ◀ ${escapeHTML(marker.messages[0])}</span>` : "";
      html += `<span class="${classes}" data-line="${n}">${this.highlightLine(line) || " "}${hint}</span>`;
      const title = marker ? ` title="${escapeHTML(marker.messages.join("\n"))}"` : "";
      gutter += `<div class="${[marker ? marker.cls : "", extra || ""].join(" ").trim()}" data-line="${n}"${title}>${n}</div>`;
    });
    this.pre.innerHTML = html;
    this.gutter.innerHTML = gutter;
    this.syncScroll();
  }
  syncScroll() {
    this.pre.scrollTop = this.area.scrollTop;
    this.pre.scrollLeft = this.area.scrollLeft;
    this.gutter.scrollTop = this.area.scrollTop;
  }
  reveal(line) {
    const top = (line - 1) * 20 - this.area.clientHeight / 3;
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

const at = {
  year: document.getElementById("at-year"), month: document.getElementById("at-month"),
  day: document.getElementById("at-day"), time: document.getElementById("at-time"), hidden: document.getElementById("at"),
  init() {
    for (let y = 1400; y <= 1410; y += 1) this.year.add(new Option(faDigits(y), y));
    MONTHS.forEach((name, i) => this.month.add(new Option(name, i + 1)));
    for (const el of [this.year, this.month, this.day, this.time]) el.addEventListener("change", () => this.sync());
    document.getElementById("at-now").addEventListener("click", () => this.now());
    this.set(this.hidden.value);
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
    this.time.value = m[4] ? `${pad(m[4])}:${m[5]}` : "10:00";
    this.sync();
  },
  sync() {
    this.days();
    this.hidden.value = `${this.year.value}/${pad(this.month.value)}/${pad(this.day.value)} ${this.time.value || "00:00"}`;
  },
  now() {
    const tehran = new Date(Date.now() + 3.5 * 3600e3); // Iran keeps +03:30 all year
    const [jy, jm, jd] = toJalali(tehran.getUTCFullYear(), tehran.getUTCMonth() + 1, tehran.getUTCDate());
    this.set(`${jy}/${jm}/${jd} ${pad(tehran.getUTCHours())}:${pad(tehran.getUTCMinutes())}`);
  },
  get value() { return this.hidden.value; },
};

// ----------------------------------------------------------------------------------------------
const rulebook = new Editor("rulebook", highlightMasirLine);
rulebook.inlineHints = true;
const caseEditor = new Editor("case", highlightYAMLLine);
const state = { path: "provinces/hamedan/rulebook.masir", samples: [], checkSeq: 0, lastResult: null };
const $ = (id) => document.getElementById(id);

function setStatus(text, bad = false) {
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
    const token = window.prompt("This server needs its admin token to check and evaluate rulebooks:");
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
function showDiagnostics(result) {
  const markers = new Map();
  const list = $("diagnostics");
  list.innerHTML = "";
  for (const d of result.diagnostics || []) {
    const here = d.file === result.path;
    if (here && d.line) {
      const current = markers.get(d.line) || { cls: "warn", messages: [] };
      if (d.severity === "error") current.cls = "err";
      current.messages.push(`${d.severity}[${d.code}]: ${d.message}`);
      markers.set(d.line, current);
    }
    const li = document.createElement("li");
    li.className = d.severity;
    li.dataset.line = d.line || "";
    li.dataset.code = d.code;
    li.innerHTML = `<span class="where" dir="ltr">${escapeHTML(here ? `${d.line}:${d.column}` : `${d.file}:${d.line || "?"}`)}</span>` +
      `<span dir="ltr">${escapeHTML(d.severity)}[${escapeHTML(d.code)}]: ${escapeHTML(d.message)}</span>` +
      (d.help ? `<span class="help" dir="ltr">help: ${escapeHTML(d.help)}</span>` : "");
    if (here && d.line) li.addEventListener("click", () => rulebook.reveal(d.line));
    list.appendChild(li);
  }
  rulebook.setMarkers(markers);
  const errors = (result.diagnostics || []).filter((d) => d.severity === "error").length;
  const warnings = (result.diagnostics || []).length - errors;
  const summary = $("check-summary");
  summary.textContent = errors ? `${faDigits(errors)} خطا` + (warnings ? `، ${faDigits(warnings)} هشدار` : "") : warnings ? `${faDigits(warnings)} هشدار` : "بدون خطا ✓";
  summary.className = "summary " + (errors ? "bad" : "ok");
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
// Results.
const ROLE = { primary: "ارجاع اصلی", also: "ارجاع دیگر", copy: "رونوشت" };
const RESULT = { matched: "برقرار", "no match": "نابرقرار", undetermined: "نامعلوم", "not in force": "خارج از اعتبار" };

function ruleLink(group, rule, result) {
  const entry = (result.decision.trace || []).find((t) => t.group === group && t.rule === rule);
  const where = entry && entry.line ? ` data-file="${escapeHTML(entry.file)}" data-line="${entry.line}"` : "";
  return `<code class="rule-link"${where}>${escapeHTML(group)}.${escapeHTML(rule)}</code>`;
}

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
        result.caseErrors.map((e) => `<li dir="ltr">${e.line ? `line ${e.line}: ` : ""}${e.field ? `<code>${escapeHTML(e.field)}</code>: ` : ""}${escapeHTML(e.message)}</li>`).join("") + "</ul>";
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
    html += `<li class="${r.role}" data-agency="${escapeHTML(r.agency)}"><span class="role">${ROLE[r.role] || r.role}</span>` +
      `<strong>${escapeHTML(r.name)}</strong> <code>${escapeHTML(r.agency)}</code> ← ${ruleLink(r.group, r.rule, result)}</li>`;
  }
  html += "</ul><div class=\"cards\">";
  html += card("اولویت", `${escapeHTML(d.priority.label)} <code>${d.priority.level}</code>` +
    (d.escalation && d.escalation.effectivePriority !== d.priority.level ? ` → <code>${d.escalation.effectivePriority}</code>` : ""), "priority");
  if (d.sla) html += card("مهلت پاسخ", `${d.sla.due ? `<span dir="ltr">${faDigits(d.sla.due.jalali)}</span>` : "نامعلوم"}<br><small dir="ltr">${escapeHTML(d.sla.duration)}</small>`, "sla-due");
  if (d.category) html += card("موضوع", `${escapeHTML(d.category.label)} <code>${escapeHTML(d.category.id)}</code>` +
    (d.category.source === "inferred" ? `<br><small>از واژه‌های ${d.category.keywords.map((k) => `«${escapeHTML(k)}»`).join("، ")}</small>` : ""), "category");
  html += card("قاعده‌نامه", `<code>${escapeHTML(d.rulebook.id)}</code> ${d.rulebook.version ? `<small>نسخه ${escapeHTML(d.rulebook.version)}</small>` : ""}`, "rulebook-id");
  html += "</div>";
  if (d.reason) html += `<p class="reason">«${escapeHTML(d.reason.text)}»</p>`;
  if (d.escalation) {
    html += `<h3>پیگیری و تشدید <small><code>${escapeHTML(d.escalation.ladder)}</code>، ساعت ${d.escalation.clock === "running" ? "در جریان" : d.escalation.clock === "paused" ? "متوقف موقت" : "پایان‌یافته"}</small></h3>`;
    html += timelineSVG(d, result.workingTime);
    html += `<div class="legend"><span><i style="background:var(--work)"></i>ساعت کاری</span><span><i style="background:var(--off)"></i>تعطیل آخر هفته</span><span><i style="background:var(--holiday)"></i>تعطیل رسمی</span><span><i style="background:var(--err)"></i>سطح اجراشده</span><span><i style="background:#fff;border-color:var(--accent)"></i>سطح آینده</span></div>`;
    html += `<table class="trace" id="levels"><tbody>` + d.escalation.levels.map((l) =>
      `<tr class="${l.fired ? "matched" : ""}"><td>${l.fired ? "✓" : ""}</td><td><code>${escapeHTML(l.level)}</code> ${escapeHTML(l.label || "")}</td>` +
      `<td dir="ltr">${l.due ? faDigits(l.due.jalali) : "—"}</td><td dir="ltr">${escapeHTML(l.actions.join(", "))}</td><td>${escapeHTML(l.note || "")}</td></tr>`).join("") + "</tbody></table>";
  }
  if (d.errors.length) {
    html += `<h3>هشدار قواعد</h3><ul class="errors-list">` + d.errors.map((e) => `<li>${ruleLink(e.group, e.rule, result)} <span dir="ltr">${escapeHTML(e.message)}</span></li>`).join("") + "</ul>";
  }
  if (d.trace) {
    html += `<h3>ردگیری</h3><table class="trace" id="trace"><tbody>` + d.trace.map((t) =>
      `<tr class="${t.result.replace(/ /g, "-") === "no-match" ? "" : t.result}" data-file="${escapeHTML(t.file)}" data-line="${t.line || ""}">` +
      `<td>${RESULT[t.result] || t.result}</td><td><code>${escapeHTML(t.group)}.${escapeHTML(t.rule)}</code>${t.label ? `<br><small>${escapeHTML(t.label)}</small>` : ""}</td>` +
      `<td class="cond">${escapeHTML(t.condition)}${t.failed ? `<br>✗ ${escapeHTML(t.failed)}` : ""}${t.saw ? `<br>${escapeHTML(Object.entries(t.saw).map(([k, v]) => `${k} = ${v}`).join(", "))}` : ""}</td>` +
      `<td dir="ltr"><small>${escapeHTML(t.file)}:${t.line || ""}</small></td></tr>`).join("") + "</tbody></table>";
  }
  box.innerHTML = html;
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
    } else if (entry) {
      setStatus(`قاعدهٔ تصمیم‌گیر در ${entry.file}:${entry.line}`);
    }
  }
}

function card(label, value, id) {
  return `<div class="card" id="${id}"><span class="label">${label}</span><span class="value">${value}</span></div>`;
}

// The escalation timeline: days along the axis (right to left, as Persian reads), working hours
// in green, weekends and holidays shaded, the SLA due and each level's due marked.
function timelineSVG(d, wt) {
  if (!wt || !wt.days.length) return "";
  const W = 760, left = 12, right = 12, top = 26, band = 26;
  const t0 = Date.parse(wt.days[0].start.iso);
  const t1 = t0 + wt.days.length * 86400e3;
  const x = (t) => W - right - ((t - t0) / (t1 - t0)) * (W - left - right);
  const levels = (d.escalation ? d.escalation.levels : []).filter((l) => l.due);
  const rows = Math.max(1, levels.length);
  const H = top + band + 22 + rows * 16 + 10;
  let svg = `<svg class="timeline" id="timeline" viewBox="0 0 ${W} ${H}" role="img" aria-label="جدول زمانی تشدید">`;
  const every = Math.ceil(wt.days.length / 24);
  wt.days.forEach((day, i) => {
    const start = Date.parse(day.start.iso), end = start + 86400e3;
    const cls = day.working ? "" : day.holiday ? "holiday" : "off";
    if (cls) svg += `<rect class="${cls}" x="${x(end)}" y="${top}" width="${x(start) - x(end)}" height="${band}"><title>${escapeHTML(day.jalali)} ${day.holiday ? "تعطیل رسمی" : "تعطیل"}</title></rect>`;
    if (i % every === 0) svg += `<text x="${(x(start) + x(end)) / 2}" y="${top - 6}" text-anchor="middle">${faDigits(day.jalali.slice(5))}</text>`;
    svg += `<line x1="${x(start)}" x2="${x(start)}" y1="${top}" y2="${top + band}" stroke="#d0d6dd" stroke-width="0.5"/>`;
  });
  for (const iv of wt.intervals) {
    const a = Date.parse(iv.start.iso), b = Date.parse(iv.end.iso);
    svg += `<rect class="work" x="${x(b)}" y="${top + 4}" width="${Math.max(1, x(a) - x(b))}" height="${band - 8}"/>`;
  }
  const mark = (iso, cls, label, y2) => {
    const px = x(Date.parse(iso));
    return `<line class="${cls}" x1="${px}" x2="${px}" y1="${top - 2}" y2="${y2}"/><text x="${px}" y="${y2 + 10}" text-anchor="middle">${label}</text>`;
  };
  if (d.sla && d.sla.start) svg += `<circle cx="${x(Date.parse(d.sla.start.iso))}" cy="${top + band / 2}" r="4" fill="#1d2733"><title>شروع مهلت ${escapeHTML(d.sla.start.jalali)}</title></circle>`;
  if (d.sla && d.sla.due) svg += mark(d.sla.due.iso, "due", "مهلت", top + band + 4);
  svg += `<line class="now" x1="${x(Date.parse(d.at.iso))}" x2="${x(Date.parse(d.at.iso))}" y1="${top - 2}" y2="${H - 4}"><title>زمان ارزیابی ${escapeHTML(d.at.jalali)}</title></line>`;
  levels.forEach((l, i) => {
    const px = x(Date.parse(l.due.iso));
    const y = top + band + 22 + i * 16;
    svg += `<line x1="${px}" x2="${px}" y1="${top + band}" y2="${y}" stroke="#9aa5b1" stroke-width="0.5"/>`;
    svg += `<circle class="${l.fired ? "fired" : "pending"}" cx="${px}" cy="${y}" r="5" data-level="${escapeHTML(l.level)}"><title>${escapeHTML(l.label || l.level)} — ${escapeHTML(l.due.jalali)}</title></circle>`;
    const anchor = px < W / 2 ? "start" : "end";
    const dx = anchor === "start" ? 8 : -8;
    svg += `<text x="${px + dx}" y="${y + 3}" text-anchor="${anchor}">${escapeHTML(l.label || l.level)}</text>`;
  });
  return svg + "</svg>";
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
async function share() {
  const fragment = await pack({ v: 1, path: state.path, rulebook: rulebook.text, case: caseEditor.text, at: at.value });
  history.replaceState(null, "", `#s=${fragment}`);
  try { await navigator.clipboard.writeText(location.href); setStatus("پیوند رونوشت شد"); } catch { setStatus("پیوند در نشانی صفحه است"); }
}

// ----------------------------------------------------------------------------------------------
async function start() {
  at.init();
  rulebook.area.addEventListener("input", scheduleCheck);
  $("evaluate").addEventListener("click", evaluate);
  $("share").addEventListener("click", share);
  $("sample").addEventListener("change", () => {
    const sample = state.samples.find((s) => s.name === $("sample").value);
    if (sample) caseEditor.text = sample.text;
  });
  document.addEventListener("keydown", (e) => { if ((e.ctrlKey || e.metaKey) && e.key === "Enter") evaluate(); });
  let samples = { path: state.path, text: "", cases: [] };
  try {
    samples = await (await fetch("/v1/samples")).json();
  } catch (error) {
    setStatus("نمونه‌ها بارگیری نشدند", true);
  }
  state.samples = samples.cases || [];
  for (const s of state.samples) $("sample").add(new Option(s.name.replace(/\.(yaml|json)$/, ""), s.name));
  let shared = null;
  if (location.hash.startsWith("#s=")) {
    try { shared = await unpack(location.hash.slice(3)); } catch { setStatus("پیوند اشتراک خوانا نیست", true); }
  }
  state.path = (shared && shared.path) || samples.path || state.path;
  $("rulebook-path").textContent = state.path;
  rulebook.text = shared ? shared.rulebook : samples.text;
  if (shared) {
    caseEditor.text = shared.case;
    if (shared.at) at.set(shared.at);
  } else if (state.samples.length) {
    const first = state.samples.find((s) => s.name.startsWith("needy-housing")) || state.samples[0];
    $("sample").value = first.name;
    caseEditor.text = first.text;
  }
  document.body.dataset.ready = "true";
  await check();
}

start();
