// Schedule all: while a run works, poll its API, move the progress bar, and show the result when it finishes.
import { api } from "/static/js/app.js";

const POLL_MS = 400;

function texts() {
  const block = document.getElementById("schedule-texts");
  return block ? JSON.parse(block.textContent) : { phases: {} };
}

function describe(run, words) {
  const phase = words.phases[run.phase] || run.phase;
  const weight = run.best_weight ?? 0;
  const bound = run.upper_bound ?? "—";
  return `${phase} · ${words.weight} ${weight} / ${words.bound} ${bound} · ${run.elapsed_seconds.toFixed(1)} ${words.seconds}`;
}

async function follow(box) {
  const bar = box.querySelector("progress");
  const line = box.querySelector("[data-progress-text]");
  const words = texts();
  for (;;) {
    try {
      const run = await api(box.dataset.runProgress);
      bar.value = run.progress;
      bar.textContent = `${Math.round(run.progress * 100)}%`;
      line.textContent = describe(run, words);
      if (run.status !== "running" && run.status !== "queued") {
        location.reload();
        return;
      }
    } catch (error) {
      line.textContent = words.lost || error.message;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

const box = document.querySelector("[data-run-progress]");
if (box) follow(box);

for (const form of document.querySelectorAll("form[data-confirm]")) {
  form.addEventListener("submit", (event) => {
    if (!window.confirm(form.dataset.confirm)) event.preventDefault();
  });
}
