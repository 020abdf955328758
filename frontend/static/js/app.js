// Transfer Fair: small progressive enhancements shared by every page (no framework, no build step).

/** The CSRF token Litestar keeps in the `csrftoken` cookie, for fetch() calls from pages. */
export function csrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

/** A meeting table in the page's words: `wording` is the page's translated "Table %(table)s" (T17 号桌). */
export function tableName(code, wording) {
  return wording.replace("%(table)s", code);
}

/** Where a scan or check-in happened: a gate as typed, or a table, stored as "table T17" by the server
 * (events.checkin.service.table_place), in the page's words. */
export function placeName(gate, wording) {
  const stored = "table ";
  return gate && gate.startsWith(stored) ? tableName(gate.slice(stored.length), wording) : gate || "";
}

/** JSON fetch that sends the CSRF header and throws the API's {code, message} on refusal. */
export async function api(path, { method = "GET", body, headers = {} } = {}) {
  const response = await fetch(path, {
    method,
    credentials: "same-origin",
    headers: {
      Accept: "application/json",
      ...(body !== undefined ? { "Content-Type": "application/json" } : {}),
      ...(method !== "GET" ? { "x-csrftoken": csrfToken() } : {}),
      ...headers,
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const error = new Error((data && data.message) || response.statusText);
    error.code = data && data.code;
    error.status = response.status;
    throw error;
  }
  return data;
}

/** The page's translated messages for this module (see ``ui_texts`` in events/pages/context.py). */
const TEXTS = (() => {
  const block = document.getElementById("ui-texts-common");
  return block ? JSON.parse(block.textContent) : {};
})();

// Mark the current navigation link: the longest one that starts the current path.
{
  const links = [...document.querySelectorAll(".main-nav a")];
  const path = location.pathname;
  const matching = links.filter((a) => {
    const href = a.getAttribute("href");
    return href === path || (href !== "/" && path.startsWith(`${href}/`)) || (href === "/" && path.startsWith("/fairs/"));
  });
  matching.sort((a, b) => b.getAttribute("href").length - a.getAttribute("href").length);
  if (matching.length) matching[0].setAttribute("aria-current", "page");
}

// Boxes that scroll sideways (wide tables on a phone) can be scrolled with the keyboard: they take the focus when
// nothing inside them can.
function focusableScrollers() {
  for (const box of document.querySelectorAll("table.data, .table-scroll, .grid-scroll")) {
    const scrolls = box.scrollWidth > box.clientWidth + 1;
    const inner = box.querySelector("a[href], button, input, select, textarea, [tabindex]:not([tabindex='-1'])");
    if (scrolls && !inner && !box.hasAttribute("tabindex")) {
      box.setAttribute("tabindex", "0");
      box.dataset.scrollFocus = "1";
    } else if (!scrolls && box.dataset.scrollFocus === "1") {
      box.removeAttribute("tabindex");
      delete box.dataset.scrollFocus;
    }
  }
}
focusableScrollers();
window.addEventListener("resize", focusableScrollers);

/** A progress bar with a line of text under it; ``value`` null shows a moving (indeterminate) bar. */
export function progressBar(text) {
  const box = document.createElement("div");
  box.className = "busy-bar";
  box.setAttribute("role", "status");
  const bar = document.createElement("progress");
  bar.max = 1;
  const line = document.createElement("span");
  line.textContent = text;
  bar.setAttribute("aria-label", text);
  box.append(bar, line);
  return {
    box,
    set(value, message) {
      if (value === null) bar.removeAttribute("value");
      else bar.value = value;
      if (message !== undefined) line.textContent = message;
    },
    fail(message) {
      box.classList.add("failed");
      bar.value = 0;
      line.textContent = message;
    },
  };
}

// Forms that post: a second click while the first is on its way does nothing, the button says it is busy, and
// forms marked data-progress (imports, bulk decisions, new fairs) show a progress bar until the answer comes.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (event.defaultPrevented || !(form instanceof HTMLFormElement) || form.method.toLowerCase() !== "post") return;
  if (form.dataset.busy === "1") {
    event.preventDefault();
    return;
  }
  form.dataset.busy = "1";
  const button = event.submitter || form.querySelector("[type=submit]");
  if (button) button.setAttribute("aria-busy", "true");
  if ("progress" in form.dataset && !form.querySelector(".busy-bar")) {
    const progress = progressBar(TEXTS.working || "…");
    progress.set(null);
    form.append(progress.box);
  }
});
// Coming back with the browser's Back button shows the form ready again.
window.addEventListener("pageshow", () => {
  for (const form of document.querySelectorAll("form[data-busy='1']")) {
    delete form.dataset.busy;
    for (const el of form.querySelectorAll("[aria-busy]")) el.removeAttribute("aria-busy");
    for (const bar of form.querySelectorAll(".busy-bar")) bar.remove();
  }
});

function filenameOf(response, fallback) {
  const header = response.headers.get("content-disposition") || "";
  const star = header.match(/filename\*=UTF-8''([^;]+)/i);
  if (star) return decodeURIComponent(star[1]);
  const plain = header.match(/filename="?([^";]+)"?/i);
  return plain ? plain[1] : fallback;
}

// Exports (links marked data-download): the file is fetched with a progress bar, then saved.
for (const link of document.querySelectorAll("a[data-download]")) {
  link.addEventListener("click", async (event) => {
    if (event.ctrlKey || event.metaKey || event.shiftKey || link.dataset.busy === "1") return;
    event.preventDefault();
    link.dataset.busy = "1";
    link.setAttribute("aria-busy", "true");
    const progress = progressBar(TEXTS.downloading || "…");
    progress.set(null);
    link.insertAdjacentElement("afterend", progress.box);
    try {
      const response = await fetch(link.href, { credentials: "same-origin" });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const total = Number(response.headers.get("content-length")) || 0;
      const reader = response.body.getReader();
      const chunks = [];
      let received = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        received += value.length;
        if (total) progress.set(received / total);
      }
      const url = URL.createObjectURL(new Blob(chunks, { type: response.headers.get("content-type") || "" }));
      const save = document.createElement("a");
      save.href = url;
      save.download = filenameOf(response, link.getAttribute("download") || "download");
      document.body.append(save);
      save.click();
      save.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      progress.set(1, TEXTS.downloaded || "");
      setTimeout(() => progress.box.remove(), 4000);
    } catch (error) {
      const reason = navigator.onLine === false ? TEXTS.offline : (TEXTS.failed || "%(reason)s").replace("%(reason)s", error.message);
      progress.fail(reason);
    } finally {
      delete link.dataset.busy;
      link.removeAttribute("aria-busy");
    }
  });
}
