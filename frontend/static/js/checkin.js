// The staff scanner: camera (BarcodeDetector), a text field for USB/Bluetooth scanners, search by name or
// phone, big green/amber/red answers, and an offline queue: a scan that cannot reach the server is kept in
// localStorage with its nonce and sent again when the network returns (the nonce makes the resend safe).
import { csrfToken, placeName, tableName } from "/static/js/app.js";

const root = document.querySelector(".scanner");
const eventId = root.dataset.event;
const read = (id) => JSON.parse(document.getElementById(id).textContent);
const TEXT = read("scan-texts");
const UI = read("ui-texts");
const ROLES = read("role-labels");
const QUEUE_KEY = `tf-scan-queue-${eventId}`;
const PLACE_KEY = `tf-scan-place-${eventId}`;
const REPEAT_MS = 4000; // the camera sees the same code many times a second

const $ = (id) => document.getElementById(id);
const input = $("scan-input");
const result = $("scan-result");

// --- where I scan ---------------------------------------------------------------------------------------
function mode() {
  return root.querySelector("input[name=mode]:checked").value;
}
function showMode() {
  for (const el of root.querySelectorAll("[data-mode]")) el.hidden = el.dataset.mode !== mode();
}
function savePlace() {
  const place = { mode: mode(), gate: $("scan-gate").value, table: $("scan-table").value, slot: $("scan-slot").value };
  localStorage.setItem(PLACE_KEY, JSON.stringify(place));
}
function loadPlace() {
  const place = JSON.parse(localStorage.getItem(PLACE_KEY) || "{}");
  if (place.mode) root.querySelector(`input[name=mode][value=${place.mode}]`).checked = true;
  $("scan-gate").value = place.gate || "";
  $("scan-table").value = place.table || "";
  $("scan-slot").value = place.slot || "";
  showMode();
}
for (const el of root.querySelectorAll("input[name=mode], #scan-gate, #scan-table, #scan-slot")) {
  el.addEventListener("change", () => {
    showMode();
    savePlace();
  });
}

// --- sending, with the offline queue ---------------------------------------------------------------------
function newNonce() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function queue() {
  return JSON.parse(localStorage.getItem(QUEUE_KEY) || "[]");
}
function saveQueue(items) {
  localStorage.setItem(QUEUE_KEY, JSON.stringify(items));
  renderQueue();
}

class Offline extends Error {}

/** POST one scan; throws Offline when the server cannot be reached (or answers 5xx, so it is retried). */
async function send(item) {
  const path = `/api/events/${eventId}/${item.kind === "table" ? "table-checkins" : "checkins"}`;
  let response;
  try {
    response = await fetch(path, {
      method: "POST",
      credentials: "same-origin",
      headers: { Accept: "application/json", "Content-Type": "application/json", "x-csrftoken": csrfToken() },
      body: JSON.stringify(item.body),
    });
  } catch {
    throw new Offline();
  }
  if (response.status >= 500) throw new Offline();
  let data = {};
  try {
    data = await response.json();
  } catch {
    data = { code: "error", message: response.statusText };
  }
  return { status: response.status, data };
}

function scanItem(fields) {
  const kind = mode();
  const body = { ...fields, nonce: newNonce() };
  if (kind === "table") {
    body.table = $("scan-table").value.trim();
    const slot = $("scan-slot").value.trim();
    if (slot) body.slot = slot;
  } else {
    body.gate = $("scan-gate").value.trim();
  }
  return { kind, body, at: new Date().toISOString() };
}

async function scan(fields) {
  const item = scanItem(fields);
  try {
    const answer = await send(item);
    show(answer);
    remember(answer, false);
  } catch (error) {
    if (!(error instanceof Offline)) throw error;
    saveQueue([...queue(), item]);
    showQueued(item);
  }
}

let flushing = false;
async function flush() {
  if (flushing) return;
  flushing = true;
  try {
    let items = queue();
    while (items.length) {
      let answer;
      try {
        answer = await send(items[0]);
      } catch (error) {
        if (error instanceof Offline) break;
        throw error;
      }
      remember(answer, true);
      items = queue().slice(1);
      saveQueue(items);
    }
  } finally {
    flushing = false;
  }
}
window.addEventListener("online", flush);
setInterval(flush, 15000);

// --- showing answers --------------------------------------------------------------------------------------
function tone(status) {
  if (status === 201) return "ok";
  if (status === 200) return "warn";
  return "bad";
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function when(iso) {
  const date = new Date(iso);
  // in the fair's time zone, whatever the phone's
  return date.toLocaleTimeString(document.documentElement.lang, { hour: "2-digit", minute: "2-digit", timeZone: root.dataset.zone });
}

function headline(answer) {
  const key = answer.data.outcome || answer.data.code;
  return TEXT[key] || answer.data.message || UI.error;
}

function describe(answer) {
  const data = answer.data;
  const lines = [];
  const who = data.attendee;
  if (who) {
    lines.push([who.name, "scan-name"]);
    const org = [who.organization, who.team_name].filter(Boolean).join(" · ");
    lines.push([[ROLES[who.role] || who.role, org].filter(Boolean).join(" · "), "scan-meta"]);
  } else if (data.details && data.details.name) {
    lines.push([data.details.name, "scan-name"]);
  }
  if (data.outcome === "already_checked_in" && data.check_in) {
    const first = data.check_in;
    const where = placeName(first.gate, UI.table_place);
    lines.push([`${when(first.at)} · ${where}${first.by ? ` · ${UI.by} ${first.by}` : ""}`, "scan-meta"]);
  }
  const next = data.next_meeting || (data.details && data.details.next_meeting);
  if (next) {
    const withWhom = next.with ? ` · ${UI.with} ${next.with}` : "";
    lines.push([`${UI.next_meeting}: ${when(next.starts_at)} · ${UI.table} ${next.table}${withWhom}`, "scan-next"]);
  }
  if (data.meeting) {
    lines.push([data.meeting.held ? UI.held : UI.waiting_other, "scan-next"]);
  }
  if (!data.outcome && data.message && TEXT[data.code]) lines.push([data.message, "scan-meta"]);
  return lines;
}

function show(answer) {
  result.className = `scan-result ${tone(answer.status)}`;
  result.replaceChildren(el("span", "scan-headline", headline(answer)));
  for (const [text, cls] of describe(answer)) result.append(el("span", cls, text));
  if (navigator.vibrate && answer.status >= 400) navigator.vibrate([120, 60, 120]);
}

function showQueued(item) {
  result.className = "scan-result warn";
  result.replaceChildren(el("span", "scan-headline", UI.queued));
  result.append(el("span", "scan-meta", `${when(item.at)} · ${queue().length} ${UI.queue}`));
}

function remember(answer, fromQueue) {
  const history = $("history");
  const row = el("li", `scan-${tone(answer.status)}`);
  const who = answer.data.attendee ? answer.data.attendee.name : "";
  row.textContent = `${when(new Date().toISOString())} · ${headline(answer)}${who ? ` · ${who}` : ""}`;
  if (fromQueue) row.append(el("span", "meta", ` (${UI.sent_from_queue})`));
  history.prepend(row);
  while (history.children.length > 20) history.lastChild.remove();
}

function renderQueue() {
  const items = queue();
  $("queue-count").textContent = String(items.length);
  $("queue-list").replaceChildren(
    ...items.map((item) => {
      const where = item.body.table ? tableName(item.body.table, UI.table_place) : item.body.gate || "";
      return el("li", "", `${when(item.at)} · ${where}`);
    }),
  );
}

// --- the text field (USB / Bluetooth scanners type and press Enter) ------------------------------------------
$("scan-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const value = input.value.trim();
  input.value = "";
  input.focus();
  if (value) await scan({ token: value });
});

// --- the camera --------------------------------------------------------------------------------------------
let stream = null;
let last = { value: "", at: 0 };

async function detectLoop(detector, video) {
  while (stream) {
    try {
      const codes = await detector.detect(video);
      const value = codes.length ? codes[0].rawValue : "";
      const now = Date.now();
      if (value && (value !== last.value || now - last.at > REPEAT_MS)) {
        last = { value, at: now };
        await scan({ token: value });
      }
    } catch {
      // a frame that is not ready yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

$("camera-toggle").addEventListener("click", async () => {
  const video = $("camera");
  const note = $("camera-note");
  if (stream) {
    for (const track of stream.getTracks()) track.stop();
    stream = null;
    video.hidden = true;
    return;
  }
  if (!("BarcodeDetector" in window)) {
    note.textContent = UI.camera_unavailable;
    note.hidden = false;
    return;
  }
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
  } catch {
    note.textContent = UI.camera_denied;
    note.hidden = false;
    return;
  }
  video.srcObject = stream;
  video.hidden = false;
  await video.play();
  detectLoop(new window.BarcodeDetector({ formats: ["qr_code"] }), video);
});

// --- search by name or phone --------------------------------------------------------------------------------
$("search-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const q = $("search-q").value.trim();
  const list = $("search-results");
  if (!q) return;
  let hits = [];
  try {
    const response = await fetch(`/api/events/${eventId}/checkins/people?q=${encodeURIComponent(q)}`, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
    hits = response.ok ? await response.json() : [];
  } catch {
    hits = [];
  }
  if (!hits.length) {
    list.replaceChildren(el("li", "empty", UI.no_results));
    return;
  }
  list.replaceChildren(
    ...hits.map((hit) => {
      const row = el("li", hit.checked_in_at ? "arrived" : "");
      const org = [hit.attendee.organization, hit.attendee.team_name].filter(Boolean).join(" · ");
      row.append(el("strong", "", hit.attendee.name));
      row.append(el("span", "meta", ` ${ROLES[hit.attendee.role] || hit.attendee.role} · ${org} · ${hit.phone}`));
      if (hit.checked_in_at) row.append(el("span", "meta", ` · ${TEXT.already_checked_in} ${when(hit.checked_in_at)}`));
      const button = el("button", "button", UI.check_in);
      button.type = "button";
      button.addEventListener("click", () => scan({ registration_id: hit.attendee.registration_id }));
      row.append(button);
      return row;
    }),
  );
});

loadPlace();
renderQueue();
flush();
