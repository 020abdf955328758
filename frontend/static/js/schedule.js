// Schedule all: start a run from the console tab, follow its progress bar while it works (polling the run's API,
// which any app worker answers from the database), and offer its result when it finishes.
import { api } from "/static/js/app.js";

const POLL_MS = 400;

function texts() {
  const block = document.getElementById("schedule-texts");
  return block ? JSON.parse(block.textContent) : { phases: {}, errors: {} };
}

function describe(run, words) {
  const phase = words.phases[run.phase] || run.phase;
  const weight = run.best_weight ?? 0;
  const bound = run.upper_bound ?? "—";
  return `${phase} · ${words.weight} ${weight} / ${words.bound} ${bound} · ${run.elapsed_seconds.toFixed(1)} ${words.seconds}`;
}

function show(panel, run, words) {
  const bar = panel.querySelector("progress");
  bar.value = run.progress;
  bar.textContent = `${Math.round(run.progress * 100)}%`;
  panel.querySelector("[data-progress-text]").textContent = describe(run, words);
}

/** Poll the run until it is no longer running; resolves with its last state. */
async function follow(panel, url, words) {
  for (;;) {
    try {
      const run = await api(url);
      show(panel, run, words);
      if (run.status !== "running" && run.status !== "queued") return run;
    } catch (error) {
      panel.querySelector("[data-progress-text]").textContent = words.lost || error.message;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

// The run page of a run that is still working: follow it, then show its result.
const running = document.querySelector("[data-run-progress]");
if (running) {
  follow(running, running.dataset.runProgress, texts()).then(() => location.reload());
}

// The console tab: start a run without leaving the page, follow it, then link to its result.
const form = document.querySelector("form[data-schedule-all]");
if (form) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const words = texts();
    const panel = document.getElementById("schedule-progress");
    const button = form.querySelector("button[type=submit]");
    const line = panel.querySelector("[data-progress-text]");
    button.disabled = true;
    panel.hidden = false;
    panel.dataset.state = "running";
    line.textContent = words.phases.start || "";
    let run;
    try {
      run = await api(form.dataset.api, { method: "POST", body: { time_limit: Number(form.elements.time_limit.value) } });
    } catch (error) {
      panel.dataset.state = "refused";
      line.textContent = words.errors[error.code] || error.message;
      button.disabled = false;
      return;
    }
    show(panel, run, words);
    const last = await follow(panel, `${form.dataset.api}/${run.id}`, words);
    panel.dataset.state = last.status === "failed" ? "failed" : "finished";
    if (last.status === "failed") line.textContent = `${words.failed} ${last.message}`;
    const link = panel.querySelector("[data-run-link]");
    link.href = `${form.dataset.runs}/${run.id}`;
    link.hidden = false;
    link.focus();
  });
}

for (const confirmed of document.querySelectorAll("form[data-confirm]")) {
  confirmed.addEventListener("submit", (event) => {
    if (!window.confirm(confirmed.dataset.confirm)) event.preventDefault();
  });
}
