// Live arrivals for organizers: polls the JSON API and redraws the numbers, tables and the chart in place.
import { placeName } from "/static/js/app.js";

const root = document.querySelector(".arrivals");
const eventId = root.dataset.event;
const zone = root.dataset.zone;
const TEXT = JSON.parse(document.getElementById("scan-texts").textContent);
const ROLES = JSON.parse(document.getElementById("role-labels").textContent);
const UI = JSON.parse(document.getElementById("ui-texts").textContent);
const LIVE_MS = 5000;
const SLOTS_MS = 30000;
const SVG = "http://www.w3.org/2000/svg";

const $ = (id) => document.getElementById(id);
const time = (iso) => new Date(iso).toLocaleTimeString(document.documentElement.lang, { hour: "2-digit", minute: "2-digit", timeZone: zone });
const day = (iso) =>
  new Date(iso).toLocaleString(document.documentElement.lang, { month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", timeZone: zone });

function cells(values) {
  const row = document.createElement("tr");
  for (const value of values) {
    const cell = document.createElement("td");
    cell.textContent = String(value);
    row.append(cell);
  }
  return row;
}

async function getJson(path) {
  const response = await fetch(path, { credentials: "same-origin", headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(response.statusText);
  return response.json();
}

function drawChart(buckets) {
  const svg = $("live-chart");
  const width = 600;
  const height = 180;
  const bottom = 20;
  svg.replaceChildren();
  if (!buckets.length) return;
  const shown = buckets.slice(-48);
  const most = Math.max(1, ...shown.map((b) => b.count));
  const step = width / Math.max(shown.length, 24); // a lone bucket stays a bar, not a wall
  shown.forEach((bucket, index) => {
    const barHeight = ((height - bottom - 14) * bucket.count) / most;
    const bar = document.createElementNS(SVG, "rect");
    bar.setAttribute("x", String(index * step + 1));
    bar.setAttribute("y", String(height - bottom - barHeight));
    bar.setAttribute("width", String(Math.max(1, step - 2)));
    bar.setAttribute("height", String(barHeight));
    bar.setAttribute("class", "bar");
    const title = document.createElementNS(SVG, "title");
    title.textContent = `${time(bucket.key)}: ${bucket.count}`;
    bar.append(title);
    svg.append(bar);
    if (bucket.count) {
      const label = document.createElementNS(SVG, "text");
      label.setAttribute("x", String(index * step + step / 2));
      label.setAttribute("y", String(height - bottom - barHeight - 3));
      label.setAttribute("class", "bar-value");
      label.textContent = String(bucket.count);
      svg.append(label);
    }
    if (index % Math.ceil(shown.length / 8) === 0) {
      const tick = document.createElementNS(SVG, "text");
      tick.setAttribute("x", String(index * step));
      tick.setAttribute("y", String(height - 4));
      tick.setAttribute("class", "tick");
      tick.textContent = time(bucket.key);
      svg.append(tick);
    }
  });
}

async function refreshLive() {
  const data = await getJson(`/api/events/${eventId}/checkins/live`);
  $("live-checked-in").textContent = String(data.checked_in);
  $("live-expected").textContent = String(data.expected);
  $("live-failed").textContent = String(data.failed);
  $("live-scans").textContent = String(data.scans);
  $("live-at").textContent = time(data.at);
  $("live-roles").replaceChildren(
    ...data.roles.map((r) =>
      cells([ROLES[r.role] || r.role, r.checked_in, r.expected, r.expected ? Math.floor((100 * r.checked_in) / r.expected) : 0]),
    ),
  );
  $("live-gates").replaceChildren(...data.gates.map((g) => cells([placeName(g.key, UI.table_place), g.count])));
  $("live-failed-codes").replaceChildren(...data.failed_by_code.map((f) => cells([TEXT[f.key] || f.key, f.count])));
  const recent = $("live-recent");
  recent.replaceChildren(
    ...data.recent.map((s) => {
      const item = document.createElement("li");
      const where = placeName(s.gate, UI.table_place);
      item.textContent = [time(s.at), where, TEXT[s.outcome] || s.outcome, s.name].filter(Boolean).join(" · ");
      return item;
    }),
  );
  drawChart(data.arrivals);
}

async function refreshSlots() {
  const slots = await getJson(`/api/events/${eventId}/attendance`);
  $("live-slots").replaceChildren(...slots.map((s) => cells([day(s.starts_at), s.held, s.no_show, s.one_side, s.pending])));
}

// When the server cannot be reached the figures stay as they were, marked as not up to date (the error state).
function stale(yes) {
  const note = document.getElementById("live-stale");
  if (note) note.hidden = !yes;
}

function every(ms, task, watched = false) {
  const run = () => task().then(() => watched && stale(false), () => watched && stale(true));
  run();
  setInterval(run, ms);
}

every(LIVE_MS, refreshLive, true);
every(SLOTS_MS, refreshSlots);
